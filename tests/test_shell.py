"""The page shell: complete HTML pages around rendered pages (spec §7).

Pages of the inline site from test_nav are rendered with the real Renderer and assembled by the
Shell; assertions read the output with selectolax, by the element ids the tools rely on.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.highlight import pygments_css
from builder.markdown import Heading, RenderedMarkdown
from builder.render import Renderer
from builder.shell import STATIC_DIR, Shell, mark_current, mini_toc_entries

from .test_nav import ALL, Site, page


def make_shell(site: Site) -> tuple[Renderer, Shell]:
    renderer = Renderer(site.config, site.versions, site.content, site.data)
    return renderer, Shell(site.config, site.versions, site.content, renderer, site.data)


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


@pytest.fixture
def shell(site):
    return make_shell(site)


def render(shell, href: str):
    renderer, sh = shell
    found = renderer.content.lookup(href)
    assert found is not None, href
    rp = renderer.render(*found)
    return rp, sh.page_html(rp)


def parse(html: str):
    return LexborHTMLParser(html)


def links(node) -> list[tuple[str, str]]:
    return [(a.text(strip=True), a.attributes.get("href")) for a in node.css("a")]


# -- <head>, title, h1, intro, body -------------------------------------------------------------


def test_article_page_essentials(shell):
    rp, html = render(shell, "/en/hub/a/one")
    doc = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert doc.css_first("html").attributes["lang"] == "en"
    assert doc.css_first("title").text() == "Article One - Test Docs Site"
    assert [h.text() for h in doc.css("h1")] == ["Article One"]
    assert doc.css_first("#article-intro em").text() == "article"
    assert doc.css_first('meta[name="description"]').attributes["content"] == "The first article."
    assert doc.css_first('meta[name="robots"]') is None
    assert doc.css_first("main") is not None
    assert doc.css_first('link[rel="stylesheet"]').attributes["href"] == "/assets/docs.css"
    assert doc.css_first("script[src]").attributes["src"] == "/assets/docs.js"


def test_article_contents_is_exactly_the_body(shell):
    rp, html = render(shell, "/en/hub/a/one")
    contents = parse(html).css_first("#article-contents")
    assert contents.html.startswith('<div id="article-contents"')
    assert contents.inner_html.strip() == rp.body.html.strip()


def test_title_is_escaped_and_body_is_trusted(shell):
    renderer, sh = shell
    rp, _ = render(shell, "/en/hub/a/one")
    rp = replace(rp, title="Less < more & so on", body=RenderedMarkdown("<p><b>bold</b></p>"))
    html = sh.page_html(rp)
    assert "<title>Less &lt; more &amp; so on - Test Docs Site</title>" in html
    assert "<h1 class=\"article-title\">Less &lt; more &amp; so on</h1>" in html
    assert "<p><b>bold</b></p>" in html


def test_hidden_page_is_noindex_without_breadcrumbs(shell):
    _, html = render(shell, "/en/hub/a/secret")
    doc = parse(html)
    assert doc.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    assert doc.css_first("#breadcrumbs") is None
    # the product link is left out of a hidden page's sidebar
    assert ("Hub", "/en/hub") not in links(doc.css_first("#sidebar"))


# -- mini TOC (spec §7.4) -----------------------------------------------------------------------


def test_mini_toc_lists_h2_and_h3_with_indentation(shell):
    _, html = render(shell, "/en/hub/a/one")
    toc = parse(html).css_first("#mini-toc")
    assert toc.css_first("#in-this-article").text(strip=True) == "In this article"
    items = [(li.attributes["class"], li.text(strip=True), li.css_first("a").attributes["href"])
             for li in toc.css("li")]
    assert items == [("indent-0", "First part", "#first-part"),
                     ("indent-1", "A detail", "#a-detail"),
                     ("indent-0", "Second part", "#second-part")]


def test_one_heading_means_no_mini_toc(shell):
    _, html = render(shell, "/en/hub/b/three")
    assert parse(html).css_first("#mini-toc") is None


def test_index_pages_and_map_topics_have_no_mini_toc(shell, site, tmp_path):
    for href in ("/en/hub/a", "/en/hub/a/topic"):
        _, html = render(shell, href)
        assert parse(html).css_first("#mini-toc") is None, href


def test_mini_toc_label_is_localized(shell):
    _, html = render(shell, "/ja/hub/a/one")
    assert parse(html).css_first("#in-this-article").text(strip=True) == "この記事の内容"


def h(level, ident, text, platform="", hidden=False, inner=None):
    inner = inner if inner is not None else f'<a href="#{ident}">{text}</a>'
    return Heading(level, ident, text, inner, platform, hidden)


@pytest.mark.parametrize("headings, max_level, expected", [
    ([h(2, "a", "A"), h(3, "b", "B"), h(4, "c", "C")], 3,
     [(0, "", '<a href="#a">A</a>'), (1, "", '<a href="#b">B</a>')]),
    ([h(2, "a", "A"), h(3, "b", "B"), h(4, "c", "C")], 4,
     [(0, "", '<a href="#a">A</a>'), (1, "", '<a href="#b">B</a>'), (2, "", '<a href="#c">C</a>')]),
    ([h(3, "a", "A"), h(4, "b", "B")], 4,  # indentation counts from the smallest level present
     [(0, "", '<a href="#a">A</a>'), (1, "", '<a href="#b">B</a>')]),
    ([h(2, "a", "A", hidden=True), h(2, "b", "B", platform="extended-markdown mac")], 3,
     [(0, "extended-markdown mac", '<a href="#b">B</a>')]),
    ([h(2, "a", "A", inner='<a href="#a"><span class="x">i</span><strong>Bold</strong> A</a>')], 3,
     [(0, "", '<a href="#a">Bold A</a>')]),
    ([h(1, "t", "Title"), h(5, "d", "Deep")], 3, []),
])
def test_mini_toc_rules(headings, max_level, expected):
    got = [(e.indent, e.platform, str(e.html)) for e in mini_toc_entries(headings, max_level)]
    assert got == expected


def test_mini_toc_max_heading_level_from_frontmatter(tmp_path):
    body = "## One\n\n### Two\n\n#### Three\n"
    site = Site(tmp_path, {"content/hub/a/one.md": page(
        "Article One", ALL, "miniTocMaxHeadingLevel: 4\n", body)})
    _, html = render(make_shell(site), "/en/hub/a/one")
    assert [li.attributes["class"] for li in parse(html).css("#mini-toc li")] == [
        "indent-0", "indent-1", "indent-2"]


# -- breadcrumbs (spec §7.5) --------------------------------------------------------------------


def test_breadcrumbs(shell):
    _, html = render(shell, "/en/enterprise-server@3.0/hub/a/two")
    nav = parse(html).css_first("#breadcrumbs")
    assert nav.tag == "nav" and nav.attributes["aria-label"] == "Breadcrumb"
    assert links(nav) == [("Hub", "/en/enterprise-server@3.0/hub"),
                          ("Server A", "/en/enterprise-server@3.0/hub/a"),
                          ("Topic", "/en/enterprise-server@3.0/hub/a/topic"),
                          ("Article Two", "/en/enterprise-server@3.0/hub/a/two")]
    assert nav.css("a")[-1].attributes["aria-current"] == "page"
    assert "aria-current" not in nav.css("a")[0].attributes


def test_breadcrumbs_use_rendered_liquid_titles(shell):
    _, html = render(shell, "/en/hub/a")
    assert [t for t, _ in links(parse(html).css_first("#breadcrumbs"))] == ["Hub", "Cat A"]


def test_homepage_has_no_breadcrumbs(shell):
    _, html = render(shell, "/en")
    assert parse(html).css_first("#breadcrumbs") is None


# -- version picker (spec §7.6) -----------------------------------------------------------------


def test_version_picker_lists_the_page_versions(shell):
    _, html = render(shell, "/en/enterprise-server@2.22/hub/a/one")
    picker = parse(html).css_first("#version-picker")
    assert links(picker) == [("Dotcom", "/en/hub/a/one"),
                             ("Server 3.0", "/en/enterprise-server@3.0/hub/a/one"),
                             ("Server 2.22", "/en/enterprise-server@2.22/hub/a/one")]
    current = [a.attributes["href"] for a in picker.css('a[aria-current="page"]')]
    assert current == ["/en/enterprise-server@2.22/hub/a/one"]
    assert "Article version:" in picker.css_first("summary").text()


def test_a_single_version_page_still_shows_its_version(shell):
    # issue 13: the reader of a page that exists in one version must see which one it is
    _, html = render(shell, "/en/hub/b/three")
    picker = parse(html).css_first("#version-picker")
    assert links(picker) == [("Dotcom", "/en/hub/b/three")]
    assert [a.attributes["href"] for a in picker.css('a[aria-current="page"]')] == [
        "/en/hub/b/three"]
    assert "Dotcom" in picker.css_first("summary").text()


def test_homepage_version_picker_leaves_out_the_default_version(shell):
    _, html = render(shell, "/en")
    picker = parse(html).css_first("#version-picker")
    assert links(picker) == [("Server 3.0", "/en/enterprise-server@3.0"),
                             ("Server 2.22", "/en/enterprise-server@2.22")]
    assert picker.css_first("summary").text(strip=True) == "Version"
    _, html = render(shell, "/ja/enterprise-server@3.0")
    picker = parse(html).css_first("#version-picker")
    assert [a.attributes["href"] for a in picker.css('a[aria-current="page"]')] == [
        "/ja/enterprise-server@3.0"]


# -- languages ----------------------------------------------------------------------------------


def test_language_picker_and_alternates(shell):
    _, html = render(shell, "/ja/enterprise-server@3.0/hub/a/one")
    doc = parse(html)
    assert doc.css_first("html").attributes["lang"] == "ja"
    assert links(doc.css_first("#language-picker ul")) == [
        ("English", "/en/enterprise-server@3.0/hub/a/one"),
        ("日本語 (Japanese)", "/ja/enterprise-server@3.0/hub/a/one")]
    assert doc.css_first('#language-picker a[aria-current]').attributes["hreflang"] == "ja"
    alternates = [(n.attributes["hreflang"], n.attributes["href"])
                  for n in doc.css('link[rel="alternate"]')]
    assert alternates == [
        ("en", "https://docs.example.com/en/enterprise-server@3.0/hub/a/one"),
        ("ja", "https://docs.example.com/ja/enterprise-server@3.0/hub/a/one")]


def test_translation_notice_links_to_the_english_page(shell):
    _, html = render(shell, "/ja/hub/a/one")
    notice = parse(html).css_first(".notice-translation")
    assert notice.css_first("#to-english-doc").attributes["href"] == "/en/hub/a/one"
    _, html = render(shell, "/en/hub/a/one")
    assert parse(html).css_first(".notice-translation") is None


# -- sidebar (spec §7.8) ------------------------------------------------------------------------


def test_sidebar_tree_and_current_page(shell):
    _, html = render(shell, "/en/hub/a/one")
    sidebar = parse(html).css_first("nav#sidebar")
    assert links(sidebar) == [
        ("All products", "/en"), ("Hub", "/en/hub"), ("Hub quickstart", "/en/hub/quickstart"),
        ("Cat A", "/en/hub/a"), ("Topic", "/en/hub/a/topic"), ("Article One", "/en/hub/a/one"),
        ("Category B", "/en/hub/b"), ("Article `Three`", "/en/hub/b/three")]
    current = sidebar.css('a[aria-current="page"]')
    assert [a.attributes["href"] for a in current] == ["/en/hub/a/one"]
    assert "is-current-page" in current[0].attributes["class"]
    active = sidebar.css("li.active > details > summary a, li.active > a")
    assert [a.attributes["href"] for a in active] == ["/en/hub/a", "/en/hub/a/topic"]
    assert all("open" in d.attributes for d in sidebar.css("details"))


def test_sidebar_cache_marks_each_page(shell):
    _, first = render(shell, "/en/hub/a/one")
    _, second = render(shell, "/en/hub/a/topic")
    assert parse(first).css_first('#sidebar a[aria-current]').attributes["href"] == "/en/hub/a/one"
    assert parse(second).css_first('#sidebar a[aria-current]').attributes["href"] == (
        "/en/hub/a/topic")


def test_sidebar_in_a_release(shell):
    _, html = render(shell, "/en/enterprise-server@2.22/hub/a/one")
    hrefs = [h for _, h in links(parse(html).css_first("#sidebar"))]
    assert hrefs[:2] == ["/en/enterprise-server@2.22", "/en/enterprise-server@2.22/hub"]
    assert "/en/enterprise-server@2.22/hub/quickstart" not in hrefs  # FPT only
    assert "/en/enterprise-server@2.22/hub/a/secret" not in hrefs  # hidden


def test_only_open_categories_list_their_children(tmp_path):
    extra = {f"content/hub/c{i}/index.md": page(f"C{i}", ALL, "", "{% link_in_list /x %}\n")
             for i in range(3)}
    extra.update({f"content/hub/c{i}/x.md": page(f"X{i}") for i in range(3)})
    extra["content/hub/index.md"] = page("Hub Documentation", ALL, "shortTitle: Hub\n", "".join(
        f"{{% link_in_list /c{i} %}}\n" for i in range(3)) + "{% link_in_list /a %}\n")
    site = Site(tmp_path, extra)
    _, html = render(make_shell(site), "/en/hub/c0/x")
    hrefs = [h for _, h in links(parse(html).css_first("#sidebar"))]
    assert "/en/hub/c2/x" in hrefs and "/en/hub/a" in hrefs and "/en/hub/a/one" not in hrefs
    _, html = render(make_shell(site), "/en/hub/a/one")
    assert "/en/hub/a/one" in [h for _, h in links(parse(html).css_first("#sidebar"))]


def test_invalidate_picks_up_a_changed_index(site, shell):
    renderer, sh = shell
    _, before = render(shell, "/en/hub/a/one")
    assert "/en/hub/b" in [h for _, h in links(parse(before).css_first("#sidebar"))]
    site.content.page("en", "hub/index.md").body = "{% link_in_list /a %}\n"
    _, cached = render(shell, "/en/hub/a/one")
    assert cached == before
    sh.invalidate()
    _, after = render(shell, "/en/hub/a/one")
    assert "/en/hub/b" not in [h for _, h in links(parse(after).css_first("#sidebar"))]


def test_mark_current_escapes_like_the_template():
    html = '<a href="/en/a?x=1&amp;y=2">A</a><a href="/en/b">B</a>'
    assert mark_current(html, "/en/a?x=1&y=2").count('aria-current="page"') == 1


# -- homepage, landing pages, 404 ---------------------------------------------------------------


def test_homepage(shell):
    _, html = render(shell, "/en")
    doc = parse(html)
    assert doc.css_first("title").text() == "Home"  # the plain title on /<lang>
    assert [h.text() for h in doc.css("h1")] == ["Need help?"]
    assert links(doc.css_first(".product-buttons")) == [
        ("Other things", "/en/enterprise-server@3.0/other"), ("Hub", "/en/hub"),
        ("Some CLI↗", "https://cli.example.com")]
    featured = [(a.css_first(".link-with-intro-title").text(), a.attributes["href"])
                for a in doc.css(".featured a")]
    assert featured == [("Hub quickstart", "/en/hub/quickstart"),  # /hub/nowhere is dropped
                        ("Article One", "/en/hub/a/one")]
    assert doc.css_first("#article-contents") is None
    sidebar = links(doc.css_first("#sidebar"))
    assert ("All products", "/en") not in sidebar and ("Hub", "/en/hub") in sidebar


def test_homepage_in_a_release(shell):
    _, html = render(shell, "/en/enterprise-server@2.22")
    doc = parse(html)
    assert doc.css_first("title").text() == "Home - Test Docs Site"
    assert [h for _, h in links(doc.css_first(".product-buttons"))] == [
        "/en/enterprise-server@2.22/other", "/en/enterprise-server@2.22/hub",
        "https://cli.example.com"]


def test_featured_links_stay_in_the_version_being_read(shell):
    # spec §7.9, issue 13: never a link to another release than the one being read
    for href in ("/en/enterprise-server@2.22", "/en/enterprise-server@3.0"):
        _, html = render(shell, href)
        featured = [a.attributes["href"] for a in parse(html).css(".featured a")]
        assert featured and all(h.startswith(href + "/") for h in featured), featured


def test_product_landing(tmp_path):
    site = Site(tmp_path, {"content/hub/index.md": page(
        "Hub Documentation", ALL,
        ("shortTitle: Hub\nlayout: product-landing\nintro: 'All about the hub.'\n"
         "introLinks:\n  quickstart: /hub/quickstart\n"
         "featuredLinks:\n  popular:\n    - /hub/a/one\n"
         "changelog:\n  - title: Something new\n    date: '2021-02-03'\n"
         "    href: https://example.com/new\n"),
        "<!-- {% link_in_list /quickstart %} -->\n<!-- {% link_in_list /a %} -->\n"
        "<!-- {% link_in_list /b %} -->\nLanding body.\n")})
    rp, html = render(make_shell(site), "/en/hub")
    doc = parse(html)
    assert doc.css_first("title").text() == "Hub Documentation - Test Docs Site"
    assert [h.text(strip=True) for h in doc.css("h1")] == ["Hub"]
    assert doc.css_first("#article-intro").text(strip=True) == "All about the hub."
    assert links(doc.css_first(".intro-links")) == [("Quickstart", "/en/hub/quickstart")]
    assert ("Article One", "/en/hub/a/one") in links(doc.css_first(".landing-columns"))
    assert doc.css_first(".landing-columns time").text() == "February 03"
    assert doc.css_first("#article-contents").inner_html.strip() == rp.body.html.strip()
    assert doc.css_first("#all-docs").text() == "All Hub docs"
    groups = [(g.css_first("h3").text(strip=True), [t for t, _ in links(g)][1:])
              for g in doc.css(".all-docs-group")]
    assert groups == [("Cat A", ["Topic"]), ("Category B", ["Article `Three`"])]
    assert doc.css_first("#breadcrumbs") is None


def test_sub_landing_with_learning_tracks(tmp_path):
    site = Site(tmp_path, {"content/hub/b/index.md": page(
        "Category B", ALL,
        ("layout: product-sublanding\nlearningTracks:\n  - basics\n  - unknown\n"
         "includeGuides:\n  - /hub/b/three\n  - /hub/nowhere\n"),
        "<!-- {% link_in_list /three %} -->\n")})
    site.data["en"]["learning-tracks"] = {"hub": {"basics": {
        "title": "Basics{% if currentVersion == 'free-pro-team@latest' %} online{% endif %}",
        "description": "Learn the basics.", "guides": ["/hub/b/three", "/hub/a/one"]}}}
    _, html = render(make_shell(site), "/en/hub/b")
    doc = parse(html)
    assert [h.text() for h in doc.css("h1")] == ["Category B"]
    track = doc.css_first(".learning-track")
    assert track.css_first("h3").text() == "Basics online"
    assert links(track) == [("Article `Three`", "/en/hub/b/three?learn=basics"),
                            ("Article One", "/en/hub/a/one?learn=basics")]
    assert len(doc.css(".learning-track")) == 1
    assert [a.attributes["href"] for a in doc.css(".guide-cards a")] == ["/en/hub/b/three"]
    assert doc.css_first("#breadcrumbs") is not None and doc.css_first("#article-contents")
    # the article knows its place in the track, in the version being read
    import json

    _, html = render(make_shell(site), "/en/hub/a/one")
    data = json.loads(parse(html).css_first("#learning-track-data").text())
    assert data == {"basics": {"title": "Basics online", "position": 2, "count": 2,
                               "prev": {"href": "/en/hub/b/three", "title": "Article `Three`"},
                               "next": None}}
    _, html = render(make_shell(site), "/en/enterprise-server@3.0/hub/a/one")
    data = json.loads(parse(html).css_first("#learning-track-data").text())
    assert data["basics"]["count"] == 1  # Three is not in Server 3.0


def test_not_found_page(shell):
    _, sh = shell
    doc = parse(sh.not_found_html("ja"))
    assert doc.css_first("html").attributes["lang"] == "ja"
    assert doc.css_first("title").text() == "Ooops!"
    assert [h.text() for h in doc.css("h1")] == ["Ooops!"]
    assert "It looks like this page doesn't exist." in doc.css_first("main").text()
    assert links(doc.css_first("#sidebar")) == [
        ("Other things", "/ja/enterprise-server@3.0/other"), ("Hub", "/ja/hub"),
        ("Some CLI", "https://cli.example.com")]
    assert doc.css_first("#language-picker") is None
    assert doc.css_first('meta[name="robots"]').attributes["content"] == "noindex"


def test_not_found_page_has_products_and_the_page_index_hook(shell):
    _, sh = shell
    doc = parse(sh.not_found_html("en"))
    box = doc.css_first("#not-found-elsewhere")
    assert "hidden" in box.attributes and box.attributes["data-index"] == "/en/page-index.json"
    assert box.attributes["data-languages"] == "en ja"
    assert ("Hub", "/en/hub") in links(doc.css_first(".product-buttons"))


def test_script_strings_come_from_the_shell_ui(tmp_path):
    # a site's ui.shell.<key> wins; else our Japanese strings file; English pages get English
    site = Site(tmp_path)
    site.data["ja"] = {**site.data["ja"], "ui": {**site.data["ja"]["ui"],
                                                 "shell": {"copy_code": "写す"}}}
    _, html = render(make_shell(site), "/ja/hub/a/one")
    body = parse(html).css_first("body").attributes
    assert (body["data-ui-copy"], body["data-ui-copied"]) == ("写す", "コピーしました")
    assert body["data-ui-menu"] == "メニュー"
    _, html = render(make_shell(site), "/en/hub/a/one")
    body = parse(html).css_first("body").attributes
    assert (body["data-ui-copy"], body["data-ui-copied"], body["data-ui-menu"]) == (
        "Copy", "Copied", "Menu")


def test_page_index_lists_paths_titles_and_versions(shell):
    import json

    _, sh = shell
    index = json.loads(sh.page_index_json("en"))
    assert [v["segment"] for v in index["versions"]] == [
        "", "enterprise-server@3.0", "enterprise-server@2.22"]
    assert index["plans"] == ["free-pro-team", "enterprise-server"]
    pages = index["pages"]
    assert pages[""][1] == [0, 1, 2]  # the homepage: /en is the default version
    assert pages["hub/a/two"] == ["Article Two", [1]]
    assert pages["other"][1] == [1, 2]
    only_written = json.loads(sh.page_index_json("en", {"/en/hub/a/one"}))["pages"]
    assert list(only_written) == ["hub/a/one"]


# -- versions: canonical, noindex, versions without the page, older releases --------------------


@pytest.mark.parametrize("href, canonical", [
    ("/en/enterprise-server@2.22/hub/a/one", "/en/hub/a/one"),  # the default version
    ("/en/enterprise-server@2.22/other/c/four", "/en/enterprise-server@3.0/other/c/four"),
    ("/ja/enterprise-server@3.0/hub/a/one", "/ja/hub/a/one"),  # in the page's language
    ("/en/enterprise-server@3.0", "/en"),  # the homepage
])
def test_canonical_is_the_latest_version_in_the_language(shell, href, canonical):
    _, html = render(shell, href)
    link = parse(html).css_first('link[rel="canonical"]')
    assert link.attributes["href"] == "https://docs.example.com" + canonical


@pytest.mark.parametrize("href, noindex", [
    ("/en/hub/a/one", False),
    ("/en/enterprise-server@3.0/hub/a/one", False),
    ("/en/enterprise-server@2.22/hub/a/one", True),  # an older release
    ("/en/hub/a/secret", True),  # hidden
    ("/en/enterprise-server@2.22", True),
])
def test_noindex_on_hidden_pages_and_older_releases(shell, href, noindex):
    _, html = render(shell, href)
    assert (parse(html).css_first('meta[name="robots"]') is not None) is noindex


def test_versions_without_the_page_lead_to_the_nearest_page(shell):
    _, html = render(shell, "/en/enterprise-server@3.0/hub/a/two")
    doc = parse(html)
    assert links(doc.css_first("#version-picker")) == [
        ("Server 3.0", "/en/enterprise-server@3.0/hub/a/two")]
    missing = doc.css_first(".version-controls .picker-missing")
    assert missing.css_first("summary").text() == "Not in 2 versions"
    entries = [(a.css_first(".picker-version-title").text(), a.attributes["href"])
               for a in missing.css("a")]
    assert entries == [("Dotcom", "/en/hub/a"), ("Server 2.22", "/en/enterprise-server@2.22/hub/a")]
    assert "nearest page: Cat A" in missing.css_first("a").text()
    assert doc.css_first("#version-picker .picker-missing") is None


def test_versions_without_the_product_lead_to_that_versions_homepage(shell):
    _, html = render(shell, "/en/enterprise-server@3.0/other/c/four")
    missing = parse(html).css_first(".picker-missing")
    assert links(missing)[0][1] == "/en"
    assert missing.css_first("summary").text() == "Not in 1 version"


def test_a_page_in_every_version_offers_no_missing_versions(shell):
    _, html = render(shell, "/en/hub/a/one")
    doc = parse(html)
    assert doc.css_first(".picker-missing") is None
    assert links(doc.css_first("#version-picker")) == [
        ("Dotcom", "/en/hub/a/one"), ("Server 3.0", "/en/enterprise-server@3.0/hub/a/one"),
        ("Server 2.22", "/en/enterprise-server@2.22/hub/a/one")]


def test_older_release_notice_links_the_same_page_in_the_newest_release(shell):
    _, html = render(shell, "/en/enterprise-server@2.22/hub/a/one")
    notice = parse(html).css_first(".notice-old-release")
    assert "Server 2.22, an older release" in notice.text()
    assert links(notice) == [("Read this page for Server 3.0",
                              "/en/enterprise-server@3.0/hub/a/one")]
    _, html = render(shell, "/en/enterprise-server@3.0/hub/a/one")
    assert parse(html).css_first(".notice-old-release") is None


def test_older_release_notice_falls_back_to_the_nearest_page(tmp_path):
    site = Site(tmp_path, {"content/hub/a/old.md": page(
        "Old", "versions:\n  enterprise-server: '<3.0'\n")})
    _, html = render(make_shell(site), "/en/enterprise-server@2.22/hub/a/old")
    notice = parse(html).css_first(".notice-old-release")
    assert links(notice) == [("Go to the nearest page for Server 3.0",
                              "/en/enterprise-server@3.0/hub/a")]


# -- banners, callouts --------------------------------------------------------------------------


def test_deprecation_banner_on_the_oldest_release_only(shell):
    _, old = render(shell, "/en/enterprise-server@2.22/hub/a/one")
    _, new = render(shell, "/en/enterprise-server@3.0/hub/a/one")
    notice = parse(old).css_first(".notice-deprecation")
    assert notice is not None and notice.attributes["role"] == "note"
    # no enterprise-dates.json and no enterprise_deprecation reusables here: the plain sentence
    assert " ".join(notice.text().split()) == "Server 2.22 will be discontinued."
    assert parse(new).css_first(".notice-deprecation") is None


def test_product_and_permissions_callouts(tmp_path):
    site = Site(tmp_path, {"content/hub/a/one.md": page(
        "Article One", ALL,
        "product: 'Available with **Pro**.'\npermissions: 'Admins can do it.'\n",
        "## A\n\n## B\n")})
    _, html = render(make_shell(site), "/en/hub/a/one")
    doc = parse(html)
    assert doc.css_first(".product-callout strong").text() == "Pro"
    assert "Admins can do it." in doc.css_first(".permissions-statement").text()
    assert doc.css_first("#article-contents .product-callout") is None


# -- static files -------------------------------------------------------------------------------


def test_static_files():
    css = (STATIC_DIR / "docs.css").read_text(encoding="utf-8")
    assert pygments_css() in css, "regenerate the Pygments part of docs.css"
    js = (STATIC_DIR / "docs.js").read_text(encoding="utf-8")
    assert "js-btn-copy" in js and "data-clipboard-text" in js
