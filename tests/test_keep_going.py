"""`build --keep-going` (issue 15): the rest of the site is published, a failed page keeps its
last good output (or is left out, with the pages linking to it named), the exit status is
non-zero; without the flag a build with errors changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.cli import main
from builder.config import load_config

from .conftest import ROOT, SMALL_CONFIG, write_tree

BROKEN = "content/hub/getting-started/about-lantern.md"
BROKEN_URL = "en/hub/getting-started/about-lantern/index.html"


def _title_of(path: Path) -> str:
    node = LexborHTMLParser(path.read_bytes()).css_first("title")
    return node.text() if node else ""


def _pages(out: Path) -> list[Path]:
    """Every page of a built site (redirect stubs left out)."""
    # the stubs are what redirects.py writes: a meta refresh and nothing else
    return [p for p in out.rglob("index.html")
            if LexborHTMLParser(p.read_bytes()).css_first('meta[http-equiv="refresh"]') is None]


def test_keep_going_on_the_sample_refreshes_the_rest_and_keeps_the_broken_page(tmp_path, capsys):
    source = tmp_path / "src"
    for name in ("content", "data", "translations", "assets", "redirects"):
        shutil.copytree(ROOT / name, source / name)
    shutil.copy(ROOT / "builder.yml", source / "builder.yml")
    out = tmp_path / "_site"
    assert build(load_config(source / "builder.yml", source), out, jobs=2).ok
    broken_out = out / BROKEN_URL
    last_good = broken_out.read_bytes()
    old_titles = {p: _title_of(p) for p in _pages(out)}
    # every page but the homepages names the site in its <title>
    titled = {p for p, t in old_titles.items() if t.endswith(" - Lantern Docs")}
    assert len(titled) > 500

    # every page changes (the site name is in each <title>), and one page breaks
    for ui in [source / "data/ui.yml", *source.glob("translations/*/data/ui.yml")]:
        ui.write_text(ui.read_text().replace("Lantern Docs", "Beacon Docs"))
    page = source / BROKEN
    page.write_text(page.read_text() + "\n{% for step in steps %}never closed\n")
    args = ["build", "--source", str(source), "--config", str(source / "builder.yml"),
            "--out", str(out), "--jobs", "2"]

    assert main(args + ["--keep-going"]) == 1
    err = capsys.readouterr().err
    assert "about-lantern.md" in err and "kept from the previous build" in err
    assert "/en/hub/getting-started/about-lantern" in err
    assert broken_out.read_bytes() == last_good  # its last good version
    kept = {p for p in _pages(out) if "about-lantern" in p.as_posix()
            and "/ja/" not in p.as_posix()}
    assert broken_out in kept
    assert set(_pages(out)) == set(old_titles)
    stale = [p for p in titled - kept if not _title_of(p).endswith(" - Beacon Docs")]
    assert stale == []
    assert not list(tmp_path.glob("._site.building-*")), "the staging folder is swapped in"


ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"


def small_site(root: Path, files: dict[str, str]) -> Path:
    base = {
        "builder.yml": yaml.safe_dump(SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /a %}}\n",
        "content/hub/a/index.md": (f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                                   "{% link_in_list /two %}\n"),
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\nVersion one.\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{ALL}---\nRead [one](/hub/a/one).\n",
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
    }
    base.update(files)
    write_tree(root, base)
    return root


def test_a_page_that_no_longer_loads_keeps_every_url_it_had(tmp_path):
    root = small_site(tmp_path, {})
    config = load_config(root / "builder.yml", root)
    assert build(config, root / "_site", jobs=1).ok
    pages = set(_pages(root / "_site"))
    one = sorted(p for p in (root / "_site").rglob("hub/a/one/index.html") if p in pages)
    assert len(one) == 10  # 5 versions x 2 languages
    stubs = sorted(set((root / "_site").rglob("hub/a/one/index.html")) - set(one))
    assert stubs  # legacy URLs (/enterprise/2.22/user/hub/...) redirect to it
    before = {p: p.read_bytes() for p in one + stubs}
    write_tree(root, {"content/hub/a/one.md": f"---\ntitle: One: again\n{ALL}---\nTwo.\n",
                      "content/hub/a/two.md": f"---\ntitle: Two\n{ALL}---\nFresh.\n"})
    two = root / "_site/en/hub/a/two/index.html"
    assert not build(config, root / "_site", jobs=1).ok
    assert "Fresh." not in two.read_text()  # without the flag nothing changes
    result = build(config, root / "_site", jobs=1, keep_going=True)
    assert "Fresh." in two.read_text()
    assert not result.ok and [d.kind for d in result.report.errors] == ["frontmatter"]
    assert len(result.carried.kept) == 10 and result.carried.skipped == []
    assert {p: p.read_bytes() for p in one + stubs} == before
    assert "/en/hub/a/one</loc>" in (root / "_site/sitemap.xml").read_text()


def test_a_new_page_that_fails_is_left_out_and_its_linkers_are_named(tmp_path):
    root = small_site(tmp_path, {})
    config = load_config(root / "builder.yml", root)
    assert build(config, root / "_site", jobs=1).ok
    write_tree(root, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\nVersion {{{{ x | }}}} one.\n",
        "content/hub/a/two.md": f"---\ntitle: Two\n{ALL}---\nNow read [one](/hub/a/one).\n",
    })
    shutil.rmtree(root / "_site")  # no earlier output to keep
    result = build(config, root / "_site", jobs=1, keep_going=True)
    assert not result.ok
    assert result.carried.kept == []
    assert len(result.carried.skipped) == 10
    assert not list((root / "_site").rglob("hub/a/one/index.html"))
    assert "Now read" in (root / "_site/en/hub/a/two/index.html").read_text()
    [left_out] = [d for d in result.report.warnings if d.kind == "left-out"]
    assert left_out.file.endswith("hub/a/one.md")
    assert "two.md" in left_out.message and "a/index.md" in left_out.message
    assert "hub/a/one" not in (root / "_site/sitemap.xml").read_text()
