"""The page shell in a real browser: Debian's Chromium driven by Playwright for Python.

The sample site is built into a temporary folder and served on 127.0.0.1 by a small static
server started here (pretty URLs: ``/en/hub`` serves ``en/hub/index.html``; a missing path gets
the language's ``404.html`` with status 404, as static hosts do).  Screenshots of three page
kinds at desktop and phone widths go to ``tests/artifacts/`` for a human look.

They never skip: ``make test`` installs Debian's ``chromium`` and ``fonts-noto-cjk`` when they
are missing and it can (``tests/browser_deps.sh``); where it cannot, these tests fail and name
the command to run.  ``CHROMIUM=/path`` points them at another browser binary.
"""

from __future__ import annotations

import http.client
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.config import load_config

from .conftest import ROOT, sample_page_urls

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

# pages of the sample site, one per page kind
ARTICLE = "/en/hub/getting-started/about-lantern"
CODE_ARTICLE = "/en/api/quickstart"
MAP_TOPIC = "/en/hub/getting-started/learning-about-lantern"
CATEGORY = "/en/hub/working-with-repositories"
PRODUCT_INDEX = "/en/hub"
LANDING = "/en/api"
SUBLANDING = "/en/api/guides"
HOMEPAGE = "/en"
VERSION_HOME = "/en/enterprise-server@2.21"
OLD_RELEASE = "/en/enterprise-server@2.21/hub/getting-started/about-lantern"
SERVER_ONLY = "/en/enterprise-server@3.0/admin/configuration/enabling-private-mode"
JA_ARTICLE = "/ja/hub/getting-started/about-lantern"
MISSING_IN_221 = "/hub/automating-with-pipelines/extending-pipelines-with-scripts"  # 2.20/2.21
GRAPHQL_OBJECTS = "/en/graphql/reference/objects"
PAGE_KINDS = [ARTICLE, CODE_ARTICLE, MAP_TOPIC, CATEGORY, PRODUCT_INDEX, LANDING, SUBLANDING,
              HOMEPAGE, VERSION_HOME, OLD_RELEASE, SERVER_ONLY, JA_ARTICLE, GRAPHQL_OBJECTS]


INSTALL = "sudo apt-get install -y chromium fonts-noto-cjk"


def _unavailable(why: str) -> None:
    """No browser: the browser tests fail (a skip would let `make test` pass untested)."""
    pytest.fail(f"the browser tests cannot run: {why}. Run `make test` as root, which installs "
                f"what is missing, or: {INSTALL}", pytrace=False)


# -- the site and its server ---------------------------------------------------------------------


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a static host does: ``/a/b`` -> ``a/b/index.html``, unknown paths
    -> ``<lang>/404.html`` (or ``404.html``) with status 404."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        root = Path(self.directory)
        path = unquote(urlsplit(self.path).path)
        target = (root / path.lstrip("/")).resolve()
        status = 200
        if root not in target.parents and target != root:
            target, status = root / "404.html", 404
        elif target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            lang = path.strip("/").split("/", 1)[0]
            localized = root / lang / "404.html"
            target, status = (localized if lang and localized.is_file() else root / "404.html"), 404
        body = target.read_bytes()
        kind = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml",
                ".xml": "application/xml"}.get(target.suffix, "application/octet-stream")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "_site"
    result = build(load_config(ROOT / "builder.yml", ROOT), out, jobs=2)
    assert result.ok, [d.format() for d in result.report.errors]
    assert result.pages_written == len(sample_page_urls())  # the hand-checked page list
    return out


@pytest.fixture(scope="module")
def server(site_dir):
    """The built site on 127.0.0.1 (a free port), stopped after the module."""

    def handler(*args, **kwargs):
        return StaticHandler(*args, directory=str(site_dir), **kwargs)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    """Chromium, started once for the module (Playwright gives it a fresh profile folder)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed ({exc}; `make test` installs the test extras)")
    if not Path(CHROMIUM).is_file():
        _unavailable(f"{CHROMIUM} is missing")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                           headless=True)
    except Error as exc:
        manager.stop()
        _unavailable(f"chromium did not start: {exc}")
    yield chromium
    chromium.close()
    manager.stop()


LOCAL_ONLY = re.compile(r"^(?!http://127\.0\.0\.1[:/])")  # every request elsewhere is aborted


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=DESKTOP)
    ctx.route(LOCAL_ONLY, lambda route: route.abort())  # the tests never leave this machine
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, server):
    """A fresh tab at desktop size; its base URL is the local server."""
    tab = context.new_page()
    tab.base = server  # type: ignore[attr-defined]
    return tab


def goto(tab, path: str, status: int = 200):
    response = tab.goto(tab.base + path)
    assert response is not None and response.status == status, (path, response and response.status)
    return response


def path_of(tab) -> str:
    return urlsplit(tab.url).path


# -- switching version and language keeps the page -----------------------------------------------


def test_version_switch_keeps_the_page(page):
    goto(page, ARTICLE)
    title = page.inner_text("h1")
    page.click("#version-picker summary")
    page.click('#version-picker a:text-is("Lantern Server 2.22")')
    page.wait_for_load_state()
    assert path_of(page) == "/en/enterprise-server@2.22/hub/getting-started/about-lantern"
    assert page.inner_text("h1") == title
    assert page.inner_text("#version-picker summary strong") == "Lantern Server 2.22"
    assert page.get_attribute("#sidebar [aria-current=page]", "href") == path_of(page)


def test_language_switch_keeps_page_and_version(page):
    goto(page, "/en/enterprise-server@2.22/hub/getting-started/about-lantern")
    page.click("#language-picker summary")
    page.click('#language-picker a[hreflang="ja"]')
    page.wait_for_load_state()
    assert path_of(page) == "/ja/enterprise-server@2.22/hub/getting-started/about-lantern"
    assert page.get_attribute("html", "lang") == "ja"
    assert page.get_attribute("#sidebar [aria-current=page]", "href") == path_of(page)
    # and back to English, on the same page again
    page.click("#language-picker summary")
    page.click('#language-picker a[hreflang="en"]')
    page.wait_for_load_state()
    assert path_of(page) == "/en/enterprise-server@2.22/hub/getting-started/about-lantern"


def test_version_picker_lists_only_versions_of_the_page_and_offers_the_others(page):
    goto(page, SERVER_ONLY)
    listed = page.eval_on_selector_all("#version-picker a", "as => as.map(a => a.textContent)")
    assert "Lantern.com" not in listed and "Lantern Server 3.0" in listed
    assert page.locator("#version-picker .picker-missing").count() == 0
    page.click(".picker-missing summary")
    missing = page.locator(".picker-missing a")
    assert missing.count() == 1
    assert "Lantern.com" in missing.inner_text()
    missing.click()
    page.wait_for_load_state()
    assert path_of(page) == "/en"  # the nearest page Lantern.com has: its homepage
    assert page.locator("h1").count() == 1


def test_older_release_notice_leads_to_the_latest(page):
    goto(page, OLD_RELEASE)
    assert page.get_attribute('meta[name="robots"]', "content") == "noindex"
    canonical = page.get_attribute('link[rel="canonical"]', "href")
    assert canonical.endswith("/en/hub/getting-started/about-lantern")
    page.click(".notice-old-release a")
    page.wait_for_load_state()
    assert path_of(page) == "/en/enterprise-server@3.0/hub/getting-started/about-lantern"
    assert page.locator(".notice-old-release").count() == 0
    assert page.locator('meta[name="robots"]').count() == 0


# -- every navigation link of the sample resolves ----------------------------------------------


def _built_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html")
            if b'http-equiv="refresh"' not in p.read_bytes()[:600]]


def test_no_sidebar_or_switcher_link_is_dead(site_dir, server):
    """Every link of every sidebar, version picker, 'not in' list, language picker, breadcrumb
    trail and older-release notice of the sample site answers 200 (plain HTTP: faster than
    loading each page in the browser)."""
    selectors = ("#sidebar a, #version-picker a, .picker-missing a, #language-picker a, "
                 "#breadcrumbs a, .notice-old-release a, .product-buttons a")
    hrefs: dict[str, str] = {}
    pages = _built_pages(site_dir)
    assert len(pages) > 500
    for file in pages:
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        for a in tree.css(selectors):
            href = a.attributes.get("href") or ""
            if href.startswith("/"):
                hrefs.setdefault(href.split("#", 1)[0], str(file.relative_to(site_dir)))
    assert len(hrefs) > 300
    host = urlsplit(server).netloc
    conn = http.client.HTTPConnection(host, timeout=10)
    dead = []
    for href, found_on in sorted(hrefs.items()):
        conn.request("HEAD", href)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            dead.append((href, response.status, found_on))
    conn.close()
    assert dead == []


def test_sidebar_marks_the_current_page_and_its_trail(page):
    goto(page, ARTICLE)
    current = page.locator("#sidebar [aria-current=page]")
    assert current.count() == 1 and current.get_attribute("href") == ARTICLE
    assert page.inner_text("#sidebar .sidebar-category.active summary") == "Getting started"
    crumbs = page.eval_on_selector_all("#breadcrumbs a", "as => as.map(a => a.textContent)")
    assert crumbs == ["Lantern Hub", "Getting started", "Learning about Lantern", "About Lantern"]


# -- JavaScript enhancements -------------------------------------------------------------------


def test_copy_button_copies_the_code(page, context, server):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    goto(page, CODE_ARTICLE)
    block = page.locator(".markdown-body pre").first
    expected = block.evaluate("pre => (pre.querySelector('code') || pre).textContent")
    assert expected.strip()
    button = block.locator("button.js-btn-copy")
    button.click()
    page.wait_for_function("() => window.__lastCopied !== undefined")
    assert page.evaluate("() => window.__lastCopied") == expected
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert button.inner_text() == "Copied"


def test_sidebar_is_a_menu_on_narrow_screens(page):
    page.set_viewport_size(PHONE)
    goto(page, ARTICLE)
    sidebar = page.locator("#sidebar")
    toggle = page.locator("button.sidebar-toggle")
    assert not sidebar.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert sidebar.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.click(f'#sidebar a[href="{CATEGORY}"]')
    page.wait_for_load_state()
    assert path_of(page) == CATEGORY


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    context.route(LOCAL_ONLY, lambda route: route.abort())
    tab = context.new_page()
    tab.goto(server + ARTICLE)
    assert tab.locator("#sidebar").is_visible()  # below the article, not hidden
    assert tab.locator("button.sidebar-toggle, button.js-btn-copy").count() == 0
    tab.click("#version-picker summary")
    tab.click('#version-picker a:text-is("Lantern AE")')
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == "/en/github-ae@latest/hub/getting-started/about-lantern"
    tab.goto(server + "/en/admin/nope")  # the 404 page: products instead of the script's list
    assert tab.locator(".product-buttons a").count() >= 3
    assert tab.locator("#not-found-elsewhere").is_hidden()
    context.close()


def test_landing_video_loads_only_when_asked_for(page):
    goto(page, LANDING)
    link = page.locator("a.landing-video-link")
    href = link.get_attribute("href")
    assert page.locator(".landing-video iframe").count() == 0
    link.click()
    assert page.get_attribute(".landing-video iframe", "src") == href


# -- the 404 page --------------------------------------------------------------------------------


def test_404_offers_the_same_path_in_the_versions_that_have_it(page):
    goto(page, "/en/enterprise-server@2.21" + MISSING_IN_221, status=404)
    page.locator("#not-found-elsewhere").wait_for(state="visible")
    links = page.eval_on_selector_all("#not-found-elsewhere a", "as => as.map(a => a.pathname)")
    assert links == ["/en" + MISSING_IN_221, "/en/enterprise-server@3.0" + MISSING_IN_221,
                     "/en/enterprise-server@2.22" + MISSING_IN_221,
                     "/en/github-ae@latest" + MISSING_IN_221]
    page.click('#not-found-elsewhere a:text-is("Lantern Server 3.0")')
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Extending pipelines with scripts"


def test_404_offers_the_nearest_page_in_the_version(page):
    goto(page, "/ja/enterprise-server@3.0/hub/getting-started/no-such-page", status=404)
    page.locator("#not-found-elsewhere").wait_for(state="visible")
    links = page.eval_on_selector_all("#not-found-elsewhere a", "as => as.map(a => a.pathname)")
    assert links == ["/ja/enterprise-server@3.0/hub/getting-started"]
    # without a match at all the product list still leads on (it needs no script)
    goto(page, "/en/zzz", status=404)
    assert page.locator(".product-buttons a").count() >= 3


# -- layout at phone and desktop widths, screenshots --------------------------------------------


def test_no_horizontal_scroll_at_375px(page):
    page.set_viewport_size(PHONE)
    wide = []
    for path in PAGE_KINDS + ["/en/nope"]:
        page.goto(page.base + path)
        for picker in ("#version-picker", ".picker-missing", "#language-picker"):
            if page.locator(picker).count():  # an open picker must fit too
                page.evaluate(f"document.querySelector('{picker}').open = true")
        width = page.evaluate("[document.documentElement.scrollWidth, "
                              "document.documentElement.clientWidth]")
        if width[0] > width[1]:
            wide.append((path, width))
    assert wide == []


SCREENSHOTS = {"article": ARTICLE, "product-landing": LANDING, "homepage": HOMEPAGE,
               "map-topic": MAP_TOPIC, "old-release": SERVER_ONLY.replace("3.0", "2.21"),
               "404": "/en/enterprise-server@2.21" + MISSING_IN_221, "ja-article": JA_ARTICLE}
# what each screenshot must show: an element and its text (written here, from the sample)
SHOWN = {"article": ("h1", "About Lantern"),
         "product-landing": ("h1", "Lantern API"),  # its shortTitle
         "homepage": ("h1", "Looking for something?"),
         "map-topic": ("h1", "Learning about Lantern"),
         "old-release": ("h1", "Enabling private mode"),
         "404": ("#not-found-elsewhere", "Lantern Server 3.0"),
         "ja-article": ("h1", "Lantern について")}


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR follows the 8-byte signature)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_screenshots_of_page_kinds(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for kind, path in SCREENSHOTS.items():
            goto(page, path, status=404 if kind == "404" else 200)
            selector, text = SHOWN[kind]
            element = page.locator(selector).first
            element.wait_for(state="visible")
            assert text in element.inner_text(), (kind, size_name, element.inner_text())
            box = element.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, (kind, size_name)
            shot = ARTIFACTS / f"{kind}-{size_name}.png"
            page.screenshot(path=str(shot), full_page=True)
            height = page.evaluate("document.documentElement.scrollHeight")
            assert _png_size(shot) == (size["width"], max(height, size["height"])), (kind, shot)


def test_japanese_text_is_drawn_with_a_cjk_font(page):
    """fonts-noto-cjk: without it Chromium draws boxes for the Japanese in screenshots."""
    goto(page, JA_ARTICLE)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
    cjk = [f for f in fonts if "CJK" in f["familyName"] and f["glyphCount"] > 0]
    assert cjk, (f"the Japanese heading is drawn without a CJK font ({fonts}); "
                 f"install fonts-noto-cjk ({INSTALL})")


# -- issue 13: GraphQL reference, single-version pages, learning tracks ----------------------------

AE_ONLY = "/en/github-ae@latest/admin/configuration/configuring-data-residency"


def test_graphql_reference_page(page):
    """The objects page lists every object of the sample schema; a field's type links to its
    entry on the sibling page; screenshots for a human look."""
    goto(page, GRAPHQL_OBJECTS)
    names = page.eval_on_selector_all(".graphql-item", "els => els.map(e => e.dataset.graphqlName)")
    assert names == ["Lamp", "LampConnection", "Room", "SwitchLampPayload"]
    assert page.locator("#mini-toc a", has_text="LampConnection").count() == 1
    lamp = page.locator('.graphql-item[data-graphql-name="Lamp"]')
    assert "is deprecated" in lamp.locator(".graphql-deprecation-notice").inner_text()
    assert "Dimmer preview" in lamp.locator(".graphql-preview-notice").inner_text()
    box = lamp.locator("table.graphql-fields").bounding_box()
    assert box is not None and box["width"] > 300  # a real table, not collapsed text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"graphql-reference-{size_name}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.click('.graphql-item[data-graphql-name="Lamp"] a:text-is("LampState!")')
    page.wait_for_load_state()
    assert path_of(page) == "/en/graphql/reference/enums"
    assert urlsplit(page.url).fragment == "lampstate"
    assert page.locator("h3#lampstate").count() == 1


def test_single_version_page_shows_its_version(page):
    goto(page, AE_ONLY)
    assert page.inner_text("#version-picker summary strong") == "Lantern AE"
    page.click("#version-picker summary")
    listed = page.eval_on_selector_all("#version-picker a", "as => as.map(a => a.textContent)")
    assert listed == ["Lantern AE"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "single-version-desktop.png"), full_page=True)


def test_learning_track_navigation(page):
    """Guide links of a sub-landing page carry ?learn=; the article shows the position and
    the next guide, which keeps the track."""
    goto(page, SUBLANDING)
    first = page.locator(".learning-track a").first
    assert first.get_attribute("href").endswith("?learn=getting_started")
    first.click()
    page.wait_for_load_state()
    nav = page.locator("#learning-track-nav")
    nav.wait_for(state="visible")
    assert "Guide 1 of 2" in nav.inner_text()
    assert page.locator("#learning-track-nav .learning-track-prev a").count() == 0
    page.click("#learning-track-nav .learning-track-next a")
    page.wait_for_load_state()
    assert path_of(page) == "/en/api/guides/paginating-results"
    assert urlsplit(page.url).query == "learn=getting_started"
    page.locator("#learning-track-nav").wait_for(state="visible")
    assert "Guide 2 of 2" in page.inner_text("#learning-track-nav")
    goto(page, "/en/api/guides/paginating-results?learn=no-such-track")
    assert page.locator("#learning-track-nav").is_hidden()
    goto(page, "/ja/api/guides/paginating-results?learn=getting_started")
    page.locator("#learning-track-nav").wait_for(state="visible")
    assert "ガイド 2 / 2" in page.inner_text("#learning-track-nav")


# -- accessibility basics ------------------------------------------------------------------------

A11Y_FACTS = """() => {
  const named = (el) => (el.textContent || '').trim() || el.getAttribute('aria-label')
    || [...el.querySelectorAll('img[alt]')].map(i => i.alt).join('').trim()
    || el.getAttribute('title');
  return {
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    nav: document.querySelectorAll('nav').length,
    imgWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map(i => i.src),
    linksWithoutText: [...document.querySelectorAll('a[href]')]
      .filter(a => !named(a)).map(a => a.outerHTML),
    lang: document.documentElement.lang,
  };
}"""


def test_accessibility_basics(page):
    problems = {}
    for path in PAGE_KINDS + ["/en/nope"]:
        page.goto(page.base + path)
        facts = page.evaluate(A11Y_FACTS)
        if (facts["h1"], facts["main"]) != (1, 1) or facts["nav"] < 1 or facts["imgWithoutAlt"] \
                or facts["linksWithoutText"] or not facts["lang"]:
            problems[path] = facts
    assert problems == {}


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector('{selector}')"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_switchers_are_keyboard_usable(page):
    goto(page, ARTICLE)
    _tab_to(page, "#version-picker summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#version-picker').open")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Lantern.com"
    page.keyboard.press("Escape")  # closes, focus back on the summary
    assert not page.evaluate("document.querySelector('#version-picker').open")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the second version: Lantern Server 3.0
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/en/enterprise-server@3.0/hub/getting-started/about-lantern"
    page.focus("body")
    _tab_to(page, "#language-picker summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('#language-picker').open")
    _tab_to(page, '#language-picker a[hreflang="ja"]', limit=4)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/ja/enterprise-server@3.0/hub/getting-started/about-lantern"


def test_head_of_a_page(page):
    goto(page, ARTICLE)
    head = page.evaluate("""() => ({
      title: document.title,
      description: document.querySelector('meta[name=description]').content,
      canonical: document.querySelector('link[rel=canonical]').href,
      hreflang: [...document.querySelectorAll('link[rel=alternate]')].map(l => l.hreflang),
      robots: document.querySelector('meta[name=robots]'),
    })""")
    assert head["title"] == "About Lantern - Lantern Docs"
    assert head["description"].startswith("Lantern is a place to keep code")
    assert head["canonical"] == "https://docs.example.com" + ARTICLE
    assert set(head["hreflang"]) >= {"en", "ja"}
    assert head["robots"] is None
    assert re.match(r"^\S", head["description"])
