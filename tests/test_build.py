"""The whole pipeline on our own sample docs, and build safety (atomic swap, every error listed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.config import load_config

from .conftest import ROOT, sample_page_urls, write_tree

LIQUID_MARKS = ("{%", "%}", "{{", "}}")


BASE_URL = "https://docs.example.com"  # builder.yml's base_url


def written_pages(out: Path) -> set[str]:
    """URLs of the pages in a built site (redirect stubs left out)."""
    return {"/" + path.parent.relative_to(out).as_posix() for path in out.rglob("index.html")
            if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "_site"
    config = load_config(ROOT / "builder.yml", ROOT)
    result = build(config, out, jobs=2)
    assert result.ok, [d.format() for d in result.report.errors]
    assert result.pages_written >= len(sample_page_urls()) == 660
    return config, result, out


def test_sample_builds_without_errors_or_warnings(sample_site):
    _config, result, out = sample_site
    assert result.ok, [d.format() for d in result.report.errors]
    assert result.report.warnings == [], [d.format() for d in result.report.warnings]
    assert (out / "en" / "index.html").is_file()


def test_every_declared_page_version_is_written(sample_site):
    _config, result, out = sample_site
    expected = sample_page_urls()
    assert written_pages(out) == expected
    assert result.pages_written == len(expected)


def test_sitemap_lists_exactly_the_written_pages(sample_site):
    _config, result, out = sample_site
    tree = ET.parse(out / "sitemap.xml")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [loc.text for loc in tree.getroot().iter(f"{namespace}loc")]
    assert len(locs) == len(set(locs)) == result.pages_written
    assert all(loc.startswith(BASE_URL + "/") for loc in locs)
    listed = {loc.removeprefix(BASE_URL) for loc in locs}
    assert listed == sample_page_urls() == written_pages(out)
    redirects = set(json.loads((out / "redirects.json").read_text()))
    assert redirects and not listed & redirects, "no redirect stub in the sitemap"


def _article_text_outside_code(html: str) -> str:
    tree = LexborHTMLParser(html)
    article = tree.css_first("#article-contents")
    if article is None:
        return ""
    for code in article.css("pre, code"):
        code.decompose()
    return article.text()


def test_no_liquid_left_in_any_page(sample_site):
    _config, _result, out = sample_site
    leftovers, checked = [], 0
    for path in out.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in html:
            continue  # redirect stub
        checked += 1
        text = _article_text_outside_code(html)
        for title in LexborHTMLParser(html).css("title, h1"):
            text += title.text()
        if any(mark in text for mark in LIQUID_MARKS):
            leftovers.append(str(path.relative_to(out)))
    assert leftovers == []
    assert checked == len(sample_page_urls()), "every page was looked at"


def test_versions_render_different_branches(sample_site):
    _config, _result, out = sample_site

    def h1_and_text(url: str) -> str:
        html = (out / url.strip("/") / "index.html").read_text(encoding="utf-8")
        return LexborHTMLParser(html).css_first("#article-contents").text()

    fpt = h1_and_text("/en/hub/getting-started/about-lantern")
    ghes = h1_and_text("/en/enterprise-server@3.0/hub/getting-started/about-lantern")
    assert fpt != ghes
    assert "You are using the hosted edition" in fpt
    assert "You are using the hosted edition" not in ghes


def test_outputs_redirects_sitemap_404_assets(sample_site):
    _config, result, out = sample_site
    table = json.loads((out / "redirects.json").read_text())
    assert table and all(v.startswith(("/en", "/ja", "https://")) for v in table.values())
    assert table["/"] == "/en"
    # the sample's redirect files (redirects/) and archive of deprecated releases (builder.yml)
    assert table["/v1/repositories"] == "/en/api/reference/repositories"
    assert table["/enterprise/v1/users"] == "/en/enterprise-server@3.0/api/reference/users"
    assert table["/articles/api-users"] == "/en/api/reference/users"  # the page's own wins
    assert "/fr/v1/users" not in table and "/v1/search" not in table
    assert table["/status"] == "https://status.example.com/"
    assert table["/en/enterprise/2.18"] == "https://archive.docs.example.com/2.18/en/enterprise/2.18"
    assert result.redirect_counts["redirects/legacy-api.json"]["kept"] == 5
    lines = (out / "_redirects").read_text().splitlines()
    assert "/ /en 301" in lines
    some_key = next(k for k in table if k != "/")
    stub = (out / some_key.strip("/") / "index.html").read_text()
    assert 'http-equiv="refresh"' in stub and 'rel="canonical"' in stub and "noindex" in stub
    assert "<loc>" in (out / "sitemap.xml").read_text()
    assert (out / "404.html").is_file() and (out / "ja" / "404.html").is_file()
    assert (out / "assets" / "docs.css").is_file()
    assert result.redirects_written == len(table)


BROKEN = {
    "content/hub/getting-started/about-lantern.md":
        "---\ntitle: About\nversions: '*'\n---\n\nText {% if currentVersion %}never closed\n",
    "content/hub/getting-started/lantern-plans.md":
        "---\ntitle: Plans\nintro: 'it's broken'\nversions: '*'\n---\nbody\n",
    "data/reusables/broken-one.md": "{% data reusables.broken-two %}",
    "data/reusables/broken-two.md": "{% data reusables.broken-one %}",
    "content/hub/quickstart.md": None,  # rewritten below to use the cyclic reusable
}


def test_failed_build_keeps_the_last_good_site_and_lists_every_error(tmp_path):
    source = tmp_path / "src"
    for name in ("content", "data", "translations", "assets", "redirects"):
        shutil.copytree(ROOT / name, source / name)
    shutil.copy(ROOT / "builder.yml", source / "builder.yml")
    config = load_config(source / "builder.yml", source)
    out = tmp_path / "_site"
    assert build(config, out, jobs=1).ok
    before = (out / "en" / "index.html").read_text()

    quickstart = source / "content/hub/quickstart.md"
    files = dict(BROKEN)
    files["content/hub/quickstart.md"] = quickstart.read_text() + "\n{% data reusables.broken-one %}\n"
    write_tree(source, files)
    result = build(load_config(source / "builder.yml", source), out, jobs=1)

    assert not result.ok
    errors = {(Path(d.file).name, d.kind) for d in result.report.errors}
    assert ("about-lantern.md", "liquid") in errors
    assert ("lantern-plans.md", "frontmatter") in errors
    assert any("broken-one" in d.message and "->" in d.message for d in result.report.errors)
    for d in result.report.errors:
        assert d.file and d.message
    assert (out / "en" / "index.html").read_text() == before
    # the staging folder is removed in the background: it must really go (the wait only
    # keeps a hung removal from hanging the test)
    deadline = time.monotonic() + 60
    while list(tmp_path.glob("._site.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    # beside the site: the build cache of the first build, and nothing left of the failed one
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "_site", "src"]


def test_cli_help_and_exit_codes(tmp_path):
    run = [sys.executable, "-m", "builder"]
    helptext = subprocess.run(run + ["--help"], capture_output=True, text=True, cwd=ROOT)
    assert helptext.returncode == 0 and "build" in helptext.stdout
    bad = subprocess.run(run + ["build", "--source", str(tmp_path), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode != 0 and "configuration file not found" in bad.stderr
