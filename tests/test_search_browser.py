"""Search in a real browser (Debian's Chromium via Playwright, as in test_browser.py).

The sample site is built with its search index and served statically on 127.0.0.1; every
query runs in the page against the pagefind bundle of the page's language and version.  The
expected pages below are read from the sample's content files, not from the builder.
"""

from __future__ import annotations

import json
import shutil
import time
from urllib.parse import urlsplit

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
