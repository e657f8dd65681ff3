"""Search: the index the build writes, and the search box in a real browser.

The sample site is built with its search index and served statically on 127.0.0.1 (Debian's
Chromium via Playwright, as in test_browser.py); every query runs in the page against the
pagefind bundle of the page's language and version.  Expected pages, titles and headings are
read from the sample's content files or the built pages, not from the code under test.
"""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from builder.build import load_site, plan_outputs
from builder.config import load_config
from builder.errors import Report
from builder import search_index

from .conftest import ROOT
from .test_browser import (ARTIFACTS, LOCAL_ONLY, PHONE, browser, context, goto,  # noqa: F401
                           page, path_of, server, site_dir)
from .test_server import _copy_sample, serving

ARTICLE = "/en/hub/getting-started/about-lantern"
TWO_STEP = "hub/getting-started/configuring-two-step-sign-in"
OLD_VERSION = "/en/enterprise-server@2.20"


def _heading(relpath: str, lang_dir: str = "content") -> list[str]:
    """The ``###`` headings of a sample source file (the test's own reading of the content)."""
    text = (ROOT / lang_dir / relpath).read_text(encoding="utf-8")
    return [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("### ")]


VERSIONS = ["free-pro-team@latest", "enterprise-server@3.0", "enterprise-server@2.22",
            "enterprise-server@2.21", "enterprise-server@2.20", "github-ae@latest"]


# -- the index the build writes ---------------------------------------------------------------


def _fragments(bundle: Path) -> dict[str, dict]:
    """The pages pagefind stored in a bundle, by URL (each fragment: a signature, then JSON)."""
    pages = {}
    for file in (bundle / "fragment").iterdir():
        data = gzip.decompress(file.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        pages[record["url"]] = record
    return pages


def _pages_under(site: Path, folder: str, default: bool = False) -> set[str]:
    """URLs of the real pages (not redirect stubs) the build wrote for a language and version."""
    lang_dir = site / folder.split("/")[0]
    found = set()
    for file in lang_dir.rglob("index.html"):
        rel = file.parent.relative_to(site).as_posix()
        in_version = rel == folder or rel.startswith(folder + "/")
        if default:  # /<lang> and /<lang>/<product>/...: no version folder
            top = rel.split("/")
            in_version = len(top) == 1 or "@" not in top[1]
        if in_version and b'http-equiv="refresh"' not in file.read_bytes()[:600]:
            found.add("/" + rel + "/")
    return found


def test_one_bundle_per_language_and_version(site_dir):
    for lang in ("en", "ja"):
        assert sorted(p.name for p in (site_dir / "pagefind" / lang).iterdir()) == sorted(VERSIONS)
        for version in VERSIONS:
            bundle = site_dir / "pagefind" / lang / version
            assert (bundle / "pagefind.js").is_file()
            assert not (bundle / "pagefind-ui.js").exists()  # the engine's widgets: unused
            entry = json.loads((bundle / "pagefind-entry.json").read_text())
            assert list(entry["languages"]) == [lang]


def test_each_bundle_holds_exactly_the_pages_of_its_version(site_dir):
    for lang in ("en", "ja"):
        for version in VERSIONS:
            default = version == "free-pro-team@latest"
            expected = _pages_under(site_dir, f"{lang}/{version}", default)
            assert expected, (lang, version)
            assert set(_fragments(site_dir / "pagefind" / lang / version)) == expected


def test_index_holds_title_intro_headings_and_body_not_the_shell(site_dir):
    source = (ROOT / "content" / "hub" / "getting-started" / "about-lantern.md").read_text()
    record = _fragments(site_dir / "pagefind" / "en" / "free-pro-team@latest")[ARTICLE + "/"]
    text = record["content"]
    assert record["meta"]["title"] == "About Lantern" and "title: About Lantern" in source
    assert record["meta"]["product"] == "Lantern Hub"
    assert text.startswith("About Lantern. Lantern is a place to keep code")  # title, intro
    for heading in _heading("hub/getting-started/about-lantern.md"):
        assert heading in text
    assert [a["text"] for a in record["anchors"] if a["element"] == "h3"] == \
        _heading("hub/getting-started/about-lantern.md")
    page_html = (site_dir / ARTICLE.lstrip("/") / "index.html").read_text()
    for shell_text in ("On this page", "Skip to content", "Lantern Docs", "Lantern Server 2.22",
                       "Creating a new repository"):  # mini-toc, shell, header, picker, sidebar
        assert shell_text in page_html
        assert shell_text not in text


def _site_and_pages() -> tuple:
    report = Report()
    site = load_site(load_config(ROOT / "builder.yml", ROOT), report)
    return site, search_index.written_pages(site, plan_outputs(site, report))


def _copy_pages(site_dir: Path, into: Path) -> Path:
    shutil.copytree(site_dir, into, ignore=shutil.ignore_patterns("pagefind"))
    return into


def test_unchanged_bundles_are_copied_and_changed_ones_reindexed(site_dir, tmp_path):
    site, pages = _site_and_pages()
    root = _copy_pages(site_dir, tmp_path / "next")
    report = Report()
    same = search_index.build_search_index(site, root, site_dir, pages, report, jobs=2)
    assert report.errors == [] and same.reused == len(same.bundles) == 12
    # one Japanese page changes: only its language and version are indexed again
    changed = root / "ja" / "enterprise-server@2.20" / "hub" / "getting-started" / "index.html"
    changed.write_text(changed.read_text().replace("</article>", "<p>追加</p></article>"))
    again = _copy_pages(root, tmp_path / "again")
    result = search_index.build_search_index(site, again, root, pages, report, jobs=2)
    redone = [b.folder for b in result.bundles if not b.reused]
    assert redone == ["pagefind/ja/enterprise-server@2.20"]
    assert report.errors == []


def test_a_failing_engine_is_an_error_naming_the_bundle(site_dir, tmp_path, monkeypatch):
    site, pages = _site_and_pages()
    root = _copy_pages(site_dir, tmp_path / "next")
    monkeypatch.setattr(search_index, "engine", lambda: Path("/bin/false"))
    report = Report()
    search_index.build_search_index(site, root, None, pages, report)
    assert len(report.errors) == 12
    assert "pagefind failed on pagefind/en/enterprise-server@2.20" in \
        sorted(d.message for d in report.errors)[0]
    monkeypatch.setattr(search_index, "engine", lambda: None)
    report = Report()
    search_index.build_search_index(site, root, None, pages, report)
    assert [d.hint for d in report.errors] == [search_index.PIP_HINT]


# -- the search box -----------------------------------------------------------------------------


def search(tab, query: str) -> list[dict]:
    """Type ``query`` into the search box and return the results shown (href, title, ...)."""
    box = tab.locator("#search-input")
    box.fill("")
    box.type(query, delay=20)
    tab.locator("#search-results").wait_for(state="visible")
    tab.wait_for_function(
        "q => document.querySelector('#search-input').value === q && "
        "document.querySelectorAll('#search-results > *').length > 0", arg=query)
    return tab.eval_on_selector_all("#search-results [role=option]", """els => els.map(a => ({
        href: a.pathname, title: a.querySelector('.search-result-title').textContent,
        product: (a.querySelector('.search-result-product') || {}).textContent || '',
        marks: [...a.querySelectorAll('.search-result-excerpt mark')].map(m => m.textContent),
        selected: a.getAttribute('aria-selected')}))""")


def test_english_query_finds_the_page_first(page):
    goto(page, ARTICLE)
    heading = _heading(f"{TWO_STEP}.md")[0]  # "Setting up an authenticator app"
    results = search(page, "authenticator app")
    assert "authenticator app" in heading.lower()
    assert results[0]["href"] == f"/en/{TWO_STEP}"
    assert results[0]["title"] == "Configuring two-step sign-in"
    assert results[0]["product"] == "Lantern Hub"
    assert any(m.lower().startswith("authenticator") for m in results[0]["marks"])
    # every result is an English page of the default version
    assert all(r["href"].startswith("/en/") and "@" not in r["href"] for r in results)


def test_japanese_query_from_a_heading_finds_the_page(page):
    heading = _heading(f"{TWO_STEP}.md", "translations/ja-JP/content")[0]
    assert heading == "認証アプリを設定する"
    goto(page, "/ja/hub/getting-started/about-lantern")
    results = search(page, "認証アプリ")
    assert f"/ja/{TWO_STEP}" in [r["href"] for r in results[:3]]
    assert all(r["href"].startswith("/ja/") for r in results)
    assert any("認証" in "".join(r["marks"]) for r in results)


def test_results_on_an_old_release_come_from_that_release_only(page):
    goto(page, f"{OLD_VERSION}/hub/getting-started/about-lantern")
    for query in ("Lantern", "repository", "pipelines"):
        results = search(page, query)
        assert results, query
        outside = [r["href"] for r in results if not r["href"].startswith(OLD_VERSION + "/")]
        assert outside == [], query


def test_keyboard_moves_through_results_and_opens_one(page):
    goto(page, ARTICLE)
    page.keyboard.press("/")  # focuses the box from anywhere on the page
    assert page.evaluate("document.activeElement.id") == "search-input"
    results = search(page, "Lantern")
    assert len(results) >= 3
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#search-results [role=option]").nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert page.get_attribute("#search-input", "aria-activedescendant") == second.get_attribute("id")
    page.keyboard.press("ArrowUp")
    assert page.locator("#search-results [aria-selected=true]").get_attribute("href") \
        == results[0]["href"]
    page.keyboard.press("Escape")
    assert page.locator("#search-results").is_hidden()
    search(page, "authenticator app")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == f"/en/{TWO_STEP}"


def test_search_box_is_hidden_without_javascript(browser, server):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    context.route(LOCAL_ONLY, lambda route: route.abort())
    tab = context.new_page()
    tab.goto(server + ARTICLE)
    assert tab.locator("#site-search").count() == 1
    assert tab.locator("#site-search").is_hidden()
    context.close()


def test_no_request_leaves_the_machine(page):
    """The index is static files beside the pages: searching asks only the local server."""
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    goto(page, ARTICLE)
    search(page, "two-step")
    assert hosts == {urlsplit(page.base).netloc}


def test_screenshot_of_results(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    goto(page, "/ja/hub/getting-started/about-lantern")
    search(page, "認証アプリ")
    page.screenshot(path=str(ARTIFACTS / "search-ja-desktop.png"))
    goto(page, ARTICLE)
    search(page, "authenticator app")
    page.keyboard.press("ArrowDown")
    page.screenshot(path=str(ARTIFACTS / "search-en-desktop.png"))
    assert page.evaluate(WIDER_THAN_VIEWPORT) is False
    page.set_viewport_size(PHONE)
    goto(page, ARTICLE)
    search(page, "edition")
    page.screenshot(path=str(ARTIFACTS / "search-en-phone.png"))
    assert page.evaluate(WIDER_THAN_VIEWPORT) is False
    assert (ARTIFACTS / "search-en-phone.png").stat().st_size > 5000


WIDER_THAN_VIEWPORT = ("document.documentElement.scrollWidth > "
                       "document.documentElement.clientWidth")


# -- the preview server serves the index and rebuilds it after an edit ----------------------------


def _wait(predicate, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the background index build did not finish"
        time.sleep(0.5)


def _manifest(live) -> dict[str, str]:
    status, body, _ = live.get("/pagefind/manifest.json")
    assert status == 200
    return {k: v["digest"] for k, v in json.loads(body)["bundles"].items()}


def test_preview_serves_the_index_and_rebuilds_it_after_an_edit(browser):  # noqa: F811
    source = _copy_sample("search-")
    try:
        with serving(source, livereload=False, search=True) as live:
            search_state = live.server.search
            _wait(lambda: search_state.builds >= 1)
            status, _, headers = live.get("/pagefind/en/free-pro-team@latest/pagefind.js")
            assert status == 200 and "javascript" in headers.get("content-type", "")
            before = _manifest(live)
            article = source / "content" / "hub" / "getting-started" / "about-lantern.md"
            article.write_text(article.read_text(encoding="utf-8")
                               + "\nThe quokkafish word was added by the search test.\n",
                               encoding="utf-8")
            _wait(lambda: search_state.builds >= 2)
            after = _manifest(live)
            # the English bundles were re-indexed; the Japanese pages did not change (the page
            # has a translation), so their bundles were copied, not re-indexed
            assert after["pagefind/en/free-pro-team@latest"] != before["pagefind/en/free-pro-team@latest"]
            assert {k: v for k, v in after.items() if k.startswith("pagefind/ja/")} == \
                {k: v for k, v in before.items() if k.startswith("pagefind/ja/")}
            context = browser.new_context()
            context.route(LOCAL_ONLY, lambda route: route.abort())
            tab = context.new_page()
            tab.goto(f"http://127.0.0.1:{live.port}/en/hub")
            results = search(tab, "quokkafish")
            assert [r["href"] for r in results] == [ARTICLE]
            context.close()
    finally:
        shutil.rmtree(source, ignore_errors=True)


def test_page_text_in_a_snippet_stays_text(page):
    """A page that shows HTML source (``<kbd>``) gives a snippet showing it, not markup."""
    goto(page, ARTICLE)
    search(page, "kbd")
    first = page.locator("#search-results [role=option]").first
    assert "<kbd>" in first.locator(".search-result-excerpt").inner_text()
    assert first.locator(".search-result-excerpt kbd").count() == 0
    assert first.locator(".search-result-excerpt mark").count() >= 1
