"""One bad file reports one problem (issue 15): no cascades over a product's pages or the links
to a page that did not load, the site's own frontmatter schema, and the `{% raw %}` hint."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.build import build
from builder.config import load_config
from builder.errors import ConfigError

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
OLD_LISTS = ("gettingStartedLinks:\n  - /actions/cat0/page0\nguideLinks:\n  - /actions/cat1/page1\n"
             "popularLinks:\n  - /actions/cat2/page2\n")
CATEGORIES, PAGES = 4, 5  # 4 category indexes and 20 articles under the product


def product_site(root: Path, index_frontmatter: str | None = "", config: dict | None = None,
                 files: dict[str, str] | None = None) -> Path:
    """The issue's case: a product 'actions' (its index.md's frontmatter extended with
    ``index_frontmatter``; None: no index.md at all) with 4 categories of 5 pages, each page
    linking to its category; the homepage links to the product."""
    tree = {
        "builder.yml": yaml.safe_dump(config or SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n{% link_in_list /actions %}\n",
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
    }
    for c in range(CATEGORIES):
        for p in range(PAGES):
            tree[f"content/actions/cat{c}/page{p}.md"] = (
                f"---\ntitle: Page {p}\n{ALL}---\nBack to {{% link /actions/cat{c} %}}.\n")
        links = "".join(f"{{% link_in_list /page{p} %}}\n" for p in range(PAGES))
        tree[f"content/actions/cat{c}/index.md"] = f"---\ntitle: Cat {c}\n{ALL}---\n{links}"
    if index_frontmatter is not None:
        toc = "".join(f"{{% link_in_list /cat{c} %}}\n" for c in range(CATEGORIES))
        tree["content/actions/index.md"] = (f"---\ntitle: Actions\n{ALL}{index_frontmatter}---\n"
                                            f"{toc}")
    tree.update(files or {})
    write_tree(root, tree)
    return root


def run(root: Path, strict: bool = False):
    config = load_config(root / "builder.yml", root)
    return build(config, root / "_site", jobs=1, strict=strict)


def summary(result, kinds=("error", "warning")):
    return [(d.severity, d.kind, Path(d.file).relative_to(d.file.split("/content/")[0]).as_posix()
             if "/content/" in d.file else d.file, d.line)
            for d in result.report.diagnostics if d.severity in kinds]


def test_unknown_keys_in_a_product_index_are_warnings_and_the_product_builds(tmp_path):
    result = run(product_site(tmp_path, OLD_LISTS))
    assert result.ok, [d.format() for d in result.report.errors]
    assert summary(result) == [
        ("warning", "frontmatter-key", "content/actions/index.md", 6),
        ("warning", "frontmatter-key", "content/actions/index.md", 8),
        ("warning", "frontmatter-key", "content/actions/index.md", 10),
    ]
    hints = [d.hint for d in result.report.warnings]
    assert "`featuredLinks.gettingStarted`" in hints[0] and "`featuredLinks.guides`" in hints[1]
    index = tmp_path / "_site/en/actions/index.html"
    assert "Cat 3" in index.read_text()  # the index loaded: its table of contents is there
    assert (tmp_path / "_site/en/enterprise-server@3.0/actions/cat2/page4/index.html").is_file()


def test_unknown_keys_are_errors_with_strict_and_nothing_else_is(tmp_path):
    result = run(product_site(tmp_path, OLD_LISTS), strict=True)
    assert not result.ok
    assert summary(result) == [
        ("error", "frontmatter-key", "content/actions/index.md", 6),
        ("error", "frontmatter-key", "content/actions/index.md", 8),
        ("error", "frontmatter-key", "content/actions/index.md", 10),
    ]


def test_broken_yaml_in_a_category_index_is_one_error_and_one_summary(tmp_path):
    root = product_site(tmp_path, files={
        "content/actions/cat1/index.md": f"---\ntitle: Cat 1: the sequel\n{ALL}---\n"})
    result = run(root)
    assert summary(result) == [
        ("error", "frontmatter", "content/actions/cat1/index.md", 2),
        ("warning", "depends-on-failed", "content/actions/cat1/index.md", 0),
    ]
    [dependants] = result.report.warnings
    # its 5 pages link back to it, and the product index lists it
    assert dependants.message.startswith("6 links to it in 6 pages left out")
    assert "page0.md:7" in dependants.message


def test_broken_product_index_is_one_error_and_one_summary_for_its_pages(tmp_path):
    root = product_site(tmp_path, files={
        "content/actions/index.md": f"---\ntitle: Actions: all of it\n{ALL}---\n"})
    result = run(root)
    assert summary(result) == [
        ("error", "frontmatter", "content/actions/index.md", 2),
        ("warning", "depends-on-failed", "content/actions/index.md", 2),
    ]
    [dependants] = result.report.warnings
    pages = CATEGORIES * (PAGES + 1)
    assert f"{pages} pages of product 'actions' depend on this index" in dependants.message
    assert "1 link to it in 1 page" in dependants.message  # the homepage's


def test_missing_product_index_is_one_error_where_it_should_be(tmp_path):
    result = run(product_site(tmp_path, None))
    assert summary(result) == [
        ("error", "content", "content/actions/index.md", 0),
        ("warning", "depends-on-failed", "content/actions/index.md", 0),
    ]
    error = result.report.errors[0]
    assert f"its {CATEGORIES * (PAGES + 1)} pages" in error.message
    assert "title:" in error.hint and "versions:" in error.hint


def test_a_site_declares_its_own_keys_and_older_names_and_builds_without_warnings(tmp_path):
    config = dict(SMALL_CONFIG, frontmatter={
        "keys": {"audience": "string", "reviewed": "boolean"},
        "aliases": {"gettingStartedLinks": "featuredLinks.gettingStarted",
                    "guideLinks": "featuredLinks.guides",
                    "popularLinks": "featuredLinks.popular"},
    })
    root = product_site(tmp_path, OLD_LISTS + "layout: product-landing\naudience: everyone\n",
                        config, files={"content/actions/cat3/page3.md": (
                            f"---\ntitle: Page 3\n{ALL}reviewed: 'soon'\n---\n")})
    result = run(root)
    # the only problem left is the declared key given the wrong type (and its category's link)
    assert summary(result) == [("error", "frontmatter", "content/actions/cat3/page3.md", 6),
                               ("warning", "depends-on-failed", "content/actions/cat3/page3.md", 0)]
    assert "`reviewed` must be true or false" in result.report.errors[0].message
    write_tree(root, {"content/actions/cat3/page3.md":
                      f"---\ntitle: Page 3\n{ALL}reviewed: true\n---\n"})
    result = run(root)
    assert result.ok and result.report.warnings == []
    landing = (root / "_site/en/actions/index.html").read_text()
    # the older lists are the product landing page's featured links
    for target in ("/en/actions/cat0/page0", "/en/actions/cat1/page1", "/en/actions/cat2/page2"):
        assert f'href="{target}"' in landing


def test_the_configuration_names_each_schema_problem(tmp_path):
    config = dict(SMALL_CONFIG, frontmatter={"keys": {"audience": "text"},
                                              "aliases": {"oldTitle": "titel"}, "other": 1})
    write_tree(tmp_path, {"builder.yml": yaml.safe_dump(config)})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "builder.yml", tmp_path)
    problems = caught.value.problems
    assert len(problems) == 3
    assert any("frontmatter.keys.audience" in p and "'text'" in p for p in problems)
    assert any("frontmatter.aliases.oldTitle" in p for p in problems)
    assert any("unknown key 'other'" in p for p in problems)


ACTIONS_EXAMPLE = """
```yaml
- uses: actions/cache@v2
  with:
    key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}
```
"""

HANDLEBARS_EXAMPLE = """
```html
{{#each items}}<li>{{this}}</li>{{/each}}
```
"""


@pytest.mark.parametrize("example,line,says", [
    (ACTIONS_EXAMPLE, 11, "GitHub Actions expression"),
    (HANDLEBARS_EXAMPLE, 9, "inside a code example"),
])
def test_liquid_error_in_a_literal_code_example_hints_at_raw(tmp_path, example, line, says):
    root = product_site(tmp_path, files={
        "content/actions/cat0/page1.md": f"---\ntitle: Page 1\n{ALL}---\n{example}"})
    result = run(root)
    [error] = result.report.errors
    assert error.file.endswith("cat0/page1.md") and error.line == line
    assert says in error.hint and "{% raw %}" in error.hint and "{% endraw %}" in error.hint


def test_liquid_error_in_prose_has_no_raw_hint(tmp_path):
    root = product_site(tmp_path, files={
        "content/actions/cat0/page1.md": f"---\ntitle: Page 1\n{ALL}---\nHi {{{{ x | }}}}\n"})
    [error] = run(root).report.errors
    assert "raw" not in error.hint
