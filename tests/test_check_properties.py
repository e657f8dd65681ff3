"""Property tests: random frontmatter, Liquid and Markdown never end in a traceback.

Whatever a writer types, ``check`` (which loads and renders through the build's path) returns
a report, and every problem in it is a diagnostic of a known kind naming a file: never the
``render`` kind, which is the catch-all for an exception the builder did not expect.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check
from builder.config import load_config

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '>=2.22'\n"
FRONT = f"---\ntitle: Page\n{ALL}---\n"

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

KEYS = ["title", "versions", "intro", "shortTitle", "redirect_from", "hidden", "mapTopic",
        "layout", "miniTocMaxHeadingLevel", "featuredLinks", "topics", "permissions", "product",
        "showMiniToc", "unknownKey"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                    st.sampled_from(["*", ">=2.22", "<2.21", "~>1", "/hub/a", "{{ page.title }}",
                                     "{% if x %}", "free-pro-team", "default"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS + ["free-pro-team",
                                                                         "enterprise-server"]),
                                                 inner, max_size=3)), max_leaves=6)
LIQUID = ["{% if currentVersion == 'free-pro-team@latest' %}", "{% elsif x %}", "{% else %}",
          "{% endif %}", "{% data variables.product.name %}", "{% data reusables.nope %}",
          "{{ page.title }}", "{% link /hub/a %}", "{% link_in_list /nowhere %}", "{% for x in y %}",
          "{% endfor %}", "{% raw %}", "{% endraw %}", "{{", "}}", "{%", "%}", "{% note %}",
          "{% endnote %}", "{% unless x %}", "{% endunless %}", "{% comment %}", "{% endcomment %}",
          "{% assign a = 1 %}", "{% capture c %}", "{% endcapture %}", "{% include nope %}",
          "{{ 'x' | nosuchfilter }}", "{% if ver_gt currentVersion 'x' %}", "{% octicon nope %}",
          "{% data %}", "{% tip %}", "{% warning %}", "{% endwarning %}", "{{ site.data.x.y }}"]
MARKDOWN = ["# T", "## Heading", "### Sub {#id}", "[link](/hub/a#x)", "[l](#here)",
            "![img](/assets/x.png)", "```", "```yaml", "<div>", "</div>", "|a|b|\n|-|-|\n|1|2|",
            "> quote", "- item", "1. item", "  - nested", "<a href='/x'>x</a>", "&amp;", "\t",
            "\n", "\n\n", "*", "**", "_", "`", "[^1]", "<!-- c", "-->", "<script>", "---",
            "<details><summary>s</summary>", "</details>", "{:toc}", "\\", "<", "&"]


def _site(page: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix="check-prop-"))
    write_tree(root, {
        "builder.yml": yaml.safe_dump(SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /a %}}\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /page %}}\n",
        "content/hub/a/page.md": page,
        "translations/ja-JP/content/hub/a/page.md": page,
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
        "data/variables/product.yml": "name: Product\n",
    })
    return root


def _assert_reported(page: str) -> None:
    root = _site(page)
    try:
        result = check(load_config(root / "builder.yml", root), jobs=1)  # must not raise
    finally:
        shutil.rmtree(root, ignore_errors=True)
    unexpected = [d.format() for d in result.report.diagnostics if d.kind == "render"]
    assert unexpected == []
    for d in result.report.diagnostics:
        assert d.kind and d.message
        assert d.file or d.kind == "redirect", d.format()


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6),
       st.text(max_size=40))
def test_random_frontmatter_is_reported_never_raised(data, noise):
    try:
        front = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        front = ""
    _assert_reported(f"---\n{front}{noise}\n---\n\nBody.\n")


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(LIQUID), st.text(max_size=8)), max_size=12))
def test_random_liquid_is_reported_never_raised(parts):
    _assert_reported(FRONT + "\n" + " ".join(parts) + "\n")


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(MARKDOWN + LIQUID[:6]), st.text(max_size=8)),
                max_size=16))
def test_random_markdown_is_reported_never_raised(parts):
    _assert_reported(FRONT + "\n" + "\n".join(parts) + "\n")
