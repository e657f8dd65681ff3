"""``check`` on a small inline site: each kind of finding, named with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from builder.check import check
from builder.cli import main
from builder.config import load_config

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
DOTCOM = "versions:\n  free-pro-team: '*'\n"


def make_site(tmp_path: Path, files: dict[str, str]) -> Path:
    base = {
        "builder.yml": yaml.safe_dump(SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /a %}}\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                                  "{% link_in_list /two %}\n",
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n## Setting up\n\nText.\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\nText.\n",
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
    }
    base.update(files)
    write_tree(tmp_path, base)
    return tmp_path


def findings(tmp_path: Path, files: dict[str, str], kind: str) -> list:
    root = make_site(tmp_path, files)
    result = check(load_config(root / "builder.yml", root), jobs=1)
    return [d for d in result.report.diagnostics if d.kind == kind]


def where(diags) -> list[tuple[str, int]]:
    return sorted((Path(d.file).name, d.line) for d in diags)


def test_clean_site_has_no_findings(tmp_path):
    root = make_site(tmp_path, {})
    result = check(load_config(root / "builder.yml", root), jobs=1)
    assert result.report.diagnostics == []
    assert result.pages > 0
    assert not (root / "_site").exists()  # a check writes nothing


def test_link_to_missing_page_names_file_line_and_versions(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/three.md": f"---\ntitle: Three\n{ALL}---\n\nIntro.\n\n"
                                  "See [gone](/hub/a/gone).\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                                  "{% link_in_list /two %}\n{% link_in_list /three %}\n",
    }, "link-broken")
    assert where(found) == [("three.md", 10)]
    assert found[0].severity == "error"
    assert "/hub/a/gone" in found[0].message and "enterprise-server@3.0" in found[0].message


def test_link_to_page_missing_in_this_version_says_where_it_exists(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\nSee [two](/hub/a/two).\n",
    }, "link-broken")
    assert where(found) == [("one.md", 8)]
    assert "free-pro-team@latest" in found[0].hint
    assert "en free-pro-team@latest" not in found[0].message  # it exists there


def test_link_through_redirect_is_fine_and_missing_anchor_is_found(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}redirect_from:\n  - /old/one\n---\n\n"
                                "## Setting up\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n"
                                "[ok](/old/one#setting-up) and [bad](/old/one#nope)\n\n"
                                "[here](#missing-here)\n",
    }, "anchor-missing")
    assert where(found) == [("two.md", 7), ("two.md", 9)]
    assert {d.severity for d in found} == {"warning"}
    assert any("#nope" in d.message for d in found)


def test_missing_image_is_an_error(tmp_path):
    found = findings(tmp_path, {
        "assets/images/here.png": "png",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n![ok](/assets/images/here.png)\n"
                                "\n![no](/assets/images/gone.png)\n",
    }, "asset-missing")
    assert where(found) == [("two.md", 9)]
    assert "gone.png" in found[0].message


def test_broken_link_in_reusable_is_reported_at_the_reusable(tmp_path):
    found = findings(tmp_path, {
        "data/reusables/hub/see.md": "Read [this](/hub/a/nowhere-else).\n",
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n{{% data reusables.hub.see %}}\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n{{% data reusables.hub.see %}}\n",
    }, "link-broken")
    assert where(found) == [("see.md", 1)]


def test_orphaned_translation_names_the_page_it_moved_to(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}redirect_from:\n  - /hub/a/old\n---\n",
        "translations/ja-JP/content/hub/a/old.md": f"---\ntitle: 古い\n{ALL}---\n",
    }, "translation-orphan")
    assert where(found) == [("old.md", 1)]
    assert "content/hub/a/one.md" in found[0].hint


def test_translation_versions_differing_from_english(tmp_path):
    found = findings(tmp_path, {
        "translations/ja-JP/content/hub/a/one.md": f"---\ntitle: 一\n{DOTCOM}---\n",
    }, "translation-versions")
    assert where(found) == [("one.md", 3)]
    assert "enterprise-server@3.0" in found[0].message and "lacks" in found[0].message


def test_page_no_index_lists_is_unreachable_unless_hidden(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/lost.md": f"---\ntitle: Lost\n{ALL}---\n",
        "content/hub/a/secret.md": f"---\ntitle: Secret\n{ALL}hidden: true\n---\n",
    }, "unreachable")
    assert where(found) == [("lost.md", 1)]
    assert "link_in_list /hub/a/lost" in found[0].hint


def test_redirect_naming_its_own_page(tmp_path):
    found = findings(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}redirect_from:\n  - /hub/a/one\n---\n",
    }, "redirect-self")
    assert where(found) == [("one.md", 6)]


def test_loader_and_renderer_diagnostics_are_reported(tmp_path):
    root = make_site(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n{{% data variables.nope %}}\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n{{% if x %}}\n",
        "content/hub/a/bad.md": "---\ntitle: [unclosed\n---\n",
    })
    report = check(load_config(root / "builder.yml", root), jobs=1).report
    kinds = {(d.kind, Path(d.file).name) for d in report.diagnostics}
    assert ("data-missing", "one.md") in kinds
    assert ("liquid", "two.md") in kinds
    assert ("frontmatter", "bad.md") in kinds


def test_cli_formats_and_exit_codes(tmp_path, capsys):
    root = make_site(tmp_path, {
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n[x](#nowhere)\n",
    })
    args = ["check", "--source", str(root), "--config", str(root / "builder.yml"), "-j", "1"]
    assert main(args) == 0  # a missing anchor is a warning
    text = capsys.readouterr().out
    assert "content/hub/a/two.md:7: warning [anchor-missing]" in text
    assert main(args + ["--strict"]) == 1
    capsys.readouterr()
    assert main(args + ["--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["line"], f["kind"]) for f in data["findings"]] == [
        ("content/hub/a/two.md", 7, "anchor-missing")]
    assert main(args + ["--format", "github"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("::warning file=content/hub/a/two.md,line=7,title=anchor-missing::")
    assert "\n" not in out


def test_cli_fails_on_errors(tmp_path, capsys):
    root = make_site(tmp_path, {
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n[x](/no/such/page)\n",
    })
    args = ["check", "--source", str(root), "--config", str(root / "builder.yml"), "-j", "1"]
    assert main(args) == 1
    assert "link-broken" in capsys.readouterr().out


def test_what_cannot_be_checked_is_counted_not_reported(tmp_path):
    root = make_site(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n"
                                "[old](/enterprise/2.19/user/hub/a/two)\n\n![pic](/assets/x.png)\n",
    })
    result = check(load_config(root / "builder.yml", root), jobs=1)
    assert result.report.diagnostics == []
    # each counted once per rendered page: 5 versions in 2 languages
    assert sorted(result.unchecked.values()) == [10, 10]
    assert any("deprecated" in reason for reason in result.unchecked)
    assert any("assets/" in reason for reason in result.unchecked)


def test_anchor_on_a_page_with_missing_generated_parts_is_not_reported(tmp_path):
    config = dict(SMALL_CONFIG, missing_includes={"rest_ops": "REST data is absent"})
    root = make_site(tmp_path, {
        "builder.yml": yaml.safe_dump(config),
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n{{% include rest_ops %}}\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{DOTCOM}---\n\n[op](/hub/a/one#get-a-thing)\n",
    })
    result = check(load_config(root / "builder.yml", root), jobs=1)
    assert [d.kind for d in result.report.diagnostics] == ["missing-data"]
    assert list(result.unchecked.values()) == [2]  # one version, two languages


def test_landing_page_featured_links_make_pages_reachable(tmp_path):
    found = findings(tmp_path, {
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}featuredLinks:\n  guides:\n"
                                "    - /hub/a/lost\n---\n{% link_in_list /a %}\n",
        "content/hub/a/lost.md": f"---\ntitle: Lost\n{ALL}---\n",
    }, "unreachable")
    assert found == []


def test_product_landing_layout_reaches_its_guides_page(tmp_path):
    found = findings(tmp_path, {
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}layout: product-landing\n---\n"
                                "{% link_in_list /a %}\n",
        "content/hub/guides.md": f"---\ntitle: Guides\n{ALL}---\n",
        "content/hub/a/lost.md": f"---\ntitle: Lost\n{ALL}---\n",
    }, "unreachable")
    assert where(found) == [("lost.md", 1)]


def test_a_second_check_renders_only_what_changed_and_finds_the_same(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/hub/a/three.md": f"---\ntitle: Three\n{ALL}---\n\nSee [gone](/hub/a/gone).\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                                  "{% link_in_list /two %}\n{% link_in_list /three %}\n",
    })
    config = load_config(root / "builder.yml", root)
    cache = tmp_path / "cache"
    first = check(config, jobs=1, cache_dir=cache)
    assert first.rendered == first.pages > 0
    broken = [d.format() for d in first.report.diagnostics if d.kind == "link-broken"]
    assert broken
    again = check(config, jobs=1, cache_dir=cache)
    assert again.rendered == 0 and again.pages == first.pages
    assert [d.format() for d in again.report.diagnostics] == \
        [d.format() for d in first.report.diagnostics]
    # fixing the link in one page re-renders that page only (in each of its versions)
    three = root / "content/hub/a/three.md"
    three.write_text(three.read_text().replace("/hub/a/gone", "/hub/a/one"))
    fixed = check(config, jobs=1, cache_dir=cache)
    assert 0 < fixed.rendered < first.pages
    assert not [d for d in fixed.report.diagnostics if d.kind == "link-broken"]


def test_redirect_to_a_part_of_a_page_needs_the_page_and_its_id(tmp_path):
    config = dict(SMALL_CONFIG, redirect_files=[{"file": "redirects/legacy.json",
                                                 "kind": "legacy"}])
    root = make_site(tmp_path, {
        "builder.yml": yaml.safe_dump(config),
        "redirects/legacy.json": json.dumps({
            "/v3/setup": "/en/hub/a/one#setting-up",  # the heading's id: fine
            "/v3/old-setup": "/en/hub/a/one#old-setup",  # no such id
            "/v3/older-setup": "/en/hub/a/one#old-setup",
        }),
    })
    report = check(load_config(root / "builder.yml", root), jobs=1).report
    assert [d.kind for d in report.diagnostics] == ["redirect-anchor"]
    (found,) = report.diagnostics
    assert "/v3/old-setup -> /en/hub/a/one#old-setup (and 1 more redirects)" in found.message
    assert found.severity == "warning" and found.file == str(root / "builder.yml")
