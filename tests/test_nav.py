"""Navigation: the site tree per language and version, products, breadcrumbs (spec §1.4, §7.5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.config import load_config
from builder.content import Content, load_content
from builder.nav import Crumb, Navigation
from builder.versions import Versions

from .conftest import write_tree

CONFIG = {
    "title": "Test Docs",
    "base_url": "https://docs.example.com",
    "bare_release_plan": "enterprise-server",
    "liquid_plan_lists": {"enterpriseServerVersions": "enterprise-server"},
    "plans": [
        {"id": "free-pro-team", "title": "Free", "version_title": "Dotcom",
         "releases": ["latest"], "default": True},
        {"id": "enterprise-server", "title": "Enterprise Server",
         "version_title": "Server {release}", "numbered": True, "releases": ["3.0", "2.22"]},
    ],
    "languages": [
        {"code": "en", "name": "English", "content_dir": "content", "data_dir": "data"},
        {"code": "ja", "name": "Japanese", "native_name": "日本語",
         "content_dir": "translations/ja-JP/content", "data_dir": "translations/ja-JP/data"},
    ],
    "external_products": [{"id": "cli", "name": "Some CLI", "href": "https://cli.example.com"}],
}

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
FPT = "versions:\n  free-pro-team: '*'\n"
GHES = "versions:\n  enterprise-server: '*'\n"


def page(title: str, versions: str = ALL, extra: str = "", body: str = "") -> str:
    return f"---\ntitle: {title}\n{versions}{extra}---\n{body}"


ARTICLE_ONE_BODY = """
## First part

Text.

### A detail

More.

## Second part

End.
"""

FILES = {
    "content/index.md": page("Home", "versions: '*'\n", (
        "featuredLinks:\n  gettingStarted:\n    - /hub/quickstart\n    - /hub/nowhere\n"
        "  popular:\n    - /hub/a/one\n")),
    "content/hub/index.md": page("Hub Documentation", ALL, "shortTitle: Hub\n", (
        "Welcome.\n\n### Table of Contents\n\n{% link_in_list /quickstart %}\n"
        "{% link_in_list /a %}\n<!-- {% link_in_list /b %} -->\n{% link_in_list /missing %}\n")),
    "content/hub/quickstart.md": page("Hub quickstart", FPT, "", "Start here.\n"),
    "content/hub/a/index.md": page(
        "Category A", ALL,
        "shortTitle: '{% if currentVersion == \"free-pro-team@latest\" %}Cat A"
        "{% else %}Server A{% endif %}'\n",
        ("### Table of Contents\n\n{% link_in_list /loose %}\n{% topic_link_in_list /topic %}\n"
         "    {% link_in_list /one %}\n    {% link_in_list /two %}\n"
         "    {% link_in_list /secret %}\n")),
    "content/hub/a/topic.md": page("The Topic", ALL, "mapTopic: true\nshortTitle: Topic\n"),
    "content/hub/a/one.md": page("Article One", ALL, "intro: 'The first <em>article</em>.'\n",
                                 ARTICLE_ONE_BODY),
    "content/hub/a/two.md": page("Article Two", "versions:\n  enterprise-server: '>=3.0'\n",
                                 "", "## Only\n\nOne heading.\n"),
    "content/hub/a/secret.md": page("Secret", ALL, "hidden: true\n", "## S1\n\n## S2\n"),
    "content/hub/a/loose.md": page("Loose article", ALL),
    "content/hub/b/index.md": page("Category B", ALL, "", "{% link_in_list /three %}\n"),
    "content/hub/b/three.md": page("Article `Three`", FPT, "", "## Just one\n\nText.\n"),
    "content/other/index.md": page("Other things", GHES, "", "{% link_in_list /c %}\n"),
    "content/other/c/index.md": page("Other C", GHES, "", "{% link_in_list /four %}\n"),
    "content/other/c/four.md": page("Four", GHES),
    "data/products.yml": "productsInOrder:\n  - other\n  - hub\n",
    "translations/ja-JP/content/hub/a/one.md": page("記事ワン", ALL, "", ARTICLE_ONE_BODY),
    "translations/ja-JP/content/hub/a/index.md": page("カテゴリA", ALL, "", (
        "{% link_in_list /loose %}\n")),  # a stale translated TOC: ignored, English order wins
}

UI_EN = {
    "header": {"github_docs": "Test Docs Site", "notices": {
        "localization_complete":
            'Translated. Read the <a id="to-english-doc" href="/en">English</a>.'}},
    "search": {"need_help": "Need help?"},
    "pages": {"miniToc": "In this article", "article_version": "Article version:"},
    "homepage": {"version_picker": "Version", "explore_by_product": "Explore by product"},
    "toc": {"getting_started": "Getting started", "popular_articles": "Popular",
            "guides": "Guides", "whats_new": "What's new"},
    "errors": {"oops": "Ooops!", "page_doesnt_exist": "It looks like this page doesn't exist."},
    "product_landing": {"quick_start": "Quickstart", "reference_guides": "Reference",
                        "overview": "Overview"},
}
UI_JA = {**UI_EN,
         "pages": {"miniToc": "この記事の内容", "article_version": "記事のバージョン:"}}


class Site:
    """A small site written inline: config, versions, content and site data."""

    def __init__(self, root: Path, files: dict[str, str] | None = None):
        write_tree(root, dict(FILES, **(files or {})))
        (root / "builder.yml").write_text(yaml.safe_dump(CONFIG, allow_unicode=True),
                                          encoding="utf-8")
        self.config = load_config(None, root)
        self.versions = Versions(self.config)
        self.content: Content = load_content(self.config, self.versions)
        products = yaml.safe_load((root / "data/products.yml").read_text())
        self.data = {"en": {"ui": UI_EN, "products": products},
                     "ja": {"ui": UI_JA, "products": products}}


def raw_title(page, version_id: str, field: str) -> str:
    """A stand-in for Renderer.page_text: the raw frontmatter (no Liquid)."""
    return str(page.data.get(field) or "")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


@pytest.fixture
def nav(site) -> Navigation:
    return Navigation(site.config, site.versions, site.content, raw_title, site.data)


def outline(node, depth=0) -> list[str]:
    """The tree as indented "kind title href" lines."""
    lines = [f"{'  ' * depth}{node.kind} {node.title} {node.href}"]
    for child in node.children:
        lines += outline(child, depth + 1)
    return lines


def test_products_follow_products_yml_then_externals(nav):
    assert [p.id for p in nav.products()] == ["other", "hub", "cli"]
    other = nav.product("other")
    assert other.name == "Other things" and other.first_path == "/enterprise-server@3.0/other"
    assert nav.product("hub").name == "Hub"  # raw English shortTitle
    assert nav.product("cli").external


def test_products_fall_back_to_folder_order_without_products_yml(site):
    nav = Navigation(site.config, site.versions, site.content, raw_title, {})
    assert [p.id for p in nav.products()] == ["hub", "other", "cli"]


def test_tree_in_default_version(nav):
    tree = nav.tree("en", "free-pro-team@latest")
    assert list(tree.products) == ["hub", "cli"]  # "other" has no default version
    assert outline(tree.products["hub"]) == [
        "product Hub /en/hub",
        "  category Hub quickstart /en/hub/quickstart",
        "  category {% if currentVersion == \"free-pro-team@latest\" %}Cat A{% else %}Server A"
        "{% endif %} /en/hub/a",
        "    maptopic Topic /en/hub/a/topic",
        "      article Article One /en/hub/a/one",  # two is not in this version
        "      article Secret /en/hub/a/secret",
        "  category Category B /en/hub/b",  # listed inside an HTML comment: still a node
        "    article Article `Three` /en/hub/b/three",
    ]
    hub = tree.products["hub"]
    assert hub.children[0].standalone and not hub.children[1].standalone
    secret = hub.children[1].children[0].children[1]
    assert secret.hidden and not hub.children[1].children[0].children[0].hidden
    assert tree.products["cli"].href == "https://cli.example.com"


def test_tree_in_a_release_omits_pages_of_other_versions(nav):
    tree = nav.tree("en", "enterprise-server@2.22")
    assert list(tree.products) == ["other", "hub", "cli"]
    hub = tree.products["hub"]
    assert [c.href for c in hub.children] == ["/en/enterprise-server@2.22/hub/a",
                                              "/en/enterprise-server@2.22/hub/b"]
    topic = hub.children[0].children[0]
    assert [a.path for a in topic.children] == ["hub/a/one", "hub/a/secret"]
    assert hub.children[1].children == []  # three is FPT-only
    tree30 = nav.tree("en", "enterprise-server@3.0")
    assert [a.path for a in tree30.products["hub"].children[0].children[0].children] == [
        "hub/a/one", "hub/a/two", "hub/a/secret"]


def test_translated_tree_keeps_english_order_and_language_hrefs(nav):
    tree = nav.tree("ja", "free-pro-team@latest")
    hub = tree.products["hub"]
    assert hub.title == "Hub"  # product names are never translated
    category = hub.children[1]
    assert category.title == "カテゴリA"  # the page in that language
    assert [c.kind for c in category.children] == ["maptopic"]
    assert [a.href for a in category.children[0].children] == ["/ja/hub/a/one", "/ja/hub/a/secret"]
    assert category.children[0].children[0].title == "記事ワン"


def test_trees_are_built_once(nav):
    assert nav.tree("en", "free-pro-team@latest") is nav.tree("en", "free-pro-team@latest")


def test_titles_use_the_title_function(site):
    calls = []

    def title(page, version_id, field):
        calls.append((page.relpath, version_id, field))
        return f"{field}:{page.relpath}" if field == "title" else ""

    nav = Navigation(site.config, site.versions, site.content, title, site.data)
    tree = nav.tree("en", "enterprise-server@3.0")
    assert tree.products["hub"].children[0].title == "title:hub/a/index.md"
    assert ("hub/a/index.md", "enterprise-server@3.0", "shortTitle") in calls


def crumbs(nav, content, href) -> list[tuple[str, str, str, bool]]:
    page, link = content.lookup(href)
    return [(c.key, c.title, c.href, c.current)
            for c in nav.breadcrumbs(page, link.version_id, href)]


@pytest.mark.parametrize("href, expected", [
    ("/en/hub", [("product", "Hub", "/en/hub", True)]),
    ("/en/hub/a", [("product", "Hub", "/en/hub", False),
                   ("category", '{% if currentVersion == "free-pro-team@latest" %}Cat A{% else %}'
                                'Server A{% endif %}', "/en/hub/a", True)]),
    ("/en/hub/quickstart", [("product", "Hub", "/en/hub", False),
                            ("category", "Hub quickstart", "/en/hub/quickstart", True)]),
    ("/en/enterprise-server@3.0/hub/a/two", [
        ("product", "Hub", "/en/enterprise-server@3.0/hub", False),
        ("category", '{% if currentVersion == "free-pro-team@latest" %}Cat A{% else %}Server A'
                     '{% endif %}', "/en/enterprise-server@3.0/hub/a", False),
        ("maptopic", "Topic", "/en/enterprise-server@3.0/hub/a/topic", False),
        ("article", "Article Two", "/en/enterprise-server@3.0/hub/a/two", True)]),
    ("/en/hub/b/three", [("product", "Hub", "/en/hub", False),
                         ("category", "Category B", "/en/hub/b", False),
                         ("article", "Article `Three`", "/en/hub/b/three", True)]),
    ("/en", []),
    ("/en/hub/a/secret", []),
])
def test_breadcrumbs(nav, site, href, expected):
    assert crumbs(nav, site.content, href) == expected


def test_breadcrumbs_of_map_topic_and_loose_article(nav, site):
    assert [c[0] for c in crumbs(nav, site.content, "/en/hub/a/topic")] == [
        "product", "category", "maptopic"]
    # listed before the first map topic: not in the tree, but the page still names itself
    assert [c[0] for c in crumbs(nav, site.content, "/en/hub/a/loose")] == [
        "product", "category", "article"]


def test_breadcrumbs_translated(nav, site):
    assert crumbs(nav, site.content, "/ja/enterprise-server@2.22/hub/a/one") == [
        ("product", "Hub", "/ja/enterprise-server@2.22/hub", False),
        ("category", "カテゴリA", "/ja/enterprise-server@2.22/hub/a", False),
        ("maptopic", "Topic", "/ja/enterprise-server@2.22/hub/a/topic", False),
        ("article", "記事ワン", "/ja/enterprise-server@2.22/hub/a/one", True)]


def test_product_links_for_homepage_and_404(nav):
    assert [(p.id, p.href) for p in nav.product_links("en", "homepage")] == [
        ("other", "/en/enterprise-server@3.0/other"), ("hub", "/en/hub"),
        ("cli", "https://cli.example.com")]
    assert [(p.id, p.href) for p in nav.product_links("ja", "enterprise-server@2.22")] == [
        ("other", "/ja/enterprise-server@2.22/other"), ("hub", "/ja/enterprise-server@2.22/hub"),
        ("cli", "https://cli.example.com")]
    assert [p.id for p in nav.product_links("en", "free-pro-team@latest")] == ["hub", "cli"]


def test_redirected_toc_entries_resolve_through_find_page(site):
    moved = {"/en/hub/old-name": "/en/hub/quickstart"}

    def find(href):
        return site.content.lookup(moved.get(href, href))

    nav = Navigation(site.config, site.versions, site.content, raw_title, site.data, find)
    site.content.page("en", "hub/index.md").body += "{% link_in_list /old-name %}\n"
    hub = nav.tree("en", "free-pro-team@latest").products["hub"]
    assert [c.href for c in hub.children][-1] == "/en/hub/quickstart"  # canonical href


def test_crumb_is_plain_data():
    assert Crumb("product", "/en/x", "X") == Crumb("product", "/en/x", "X", False)
