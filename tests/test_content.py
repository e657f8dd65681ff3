"""Loading content: pages, permalinks, product constraints, translation fallbacks, TOC items."""

from __future__ import annotations

from builder.content import load_content
from builder.toc import TocItem, map_topic_children, toc_items

from .conftest import write_tree

FPT_GHES = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"


def page(title, versions=FPT_GHES, extra="", body=""):
    return f"---\ntitle: {title}\n{versions}{extra}---\n{body}"


def load(tmp_path, small_config, versions, files):
    write_tree(tmp_path, files)
    return load_content(small_config, versions)


def test_permalinks_and_homepage(tmp_path, small_config, versions):
    content = load(tmp_path, small_config, versions, {
        "content/index.md": page("Home", "versions: '*'\n"),
        "content/hub/index.md": page("Hub"),
        "content/hub/a/index.md": page("A"),
        "content/hub/a/b.md": page("B", "versions:\n  enterprise-server: '<2.21'\n"),
    })
    home = content.page("en", "index.md")
    assert [p.href for p in home.permalinks] == [
        "/en/enterprise-server@3.0", "/en/enterprise-server@2.22", "/en/enterprise-server@2.21",
        "/en/enterprise-server@2.20", "/en/github-ae@latest", "/en"]
    b = content.page("en", "hub/a/b.md")
    assert [p.href for p in b.permalinks] == ["/en/enterprise-server@2.20/hub/a/b"]
    assert content.lookup("/ja/enterprise-server@2.20/hub/a/b")[0].fallback == "missing"
    assert content.diagnostics == []


def test_version_outside_product_is_an_error(tmp_path, small_config, versions):
    content = load(tmp_path, small_config, versions, {
        "content/admin/index.md": page("Admin", "versions:\n  enterprise-server: '*'\n"),
        "content/admin/x.md": page("X", "versions:\n  free-pro-team: '*'\n"),
    })
    [diag] = content.diagnostics
    assert "product is not available in" in diag.message and diag.file.endswith("admin/x.md")
    assert diag.line == 3
    assert content.page("en", "admin/x.md") is None


def test_broken_translation_falls_back_with_warning(tmp_path, small_config, versions):
    content = load(tmp_path, small_config, versions, {
        "content/hub/index.md": page("Hub"),
        "content/hub/x.md": page("X"),
        "translations/ja-JP/content/hub/x.md": "---\ntitle: 'it's broken'\nversions: '*'\n---\n",
        "translations/ja-JP/content/hub/index.md": page("ハブ"),
    })
    assert content.page("ja", "hub/index.md").data["title"] == "ハブ"
    x = content.page("ja", "hub/x.md")
    assert x.fallback == "broken" and x.data["title"] == "X"
    [diag] = content.diagnostics
    assert diag.severity == "warning" and diag.kind == "translation-frontmatter"
    assert diag.file.endswith("translations/ja-JP/content/hub/x.md")


def test_one_bad_page_does_not_hide_others(tmp_path, small_config, versions):
    content = load(tmp_path, small_config, versions, {
        "content/hub/index.md": page("Hub"),
        "content/hub/a.md": "---\ntitle: A\n---\n",
        "content/hub/b.md": page("B", "versions:\n  enterprise-server: '>=9.0'\n"),
        "content/hub/c.md": page("C"),
    })
    assert sorted(d.file.rsplit("/", 1)[1] for d in content.diagnostics) == ["a.md", "b.md"]
    assert content.page("en", "hub/c.md") is not None


def test_toc_items_relative_absolute_and_comments():
    body = ("intro\n### Table of Contents\n<!-- {% link_with_intro /quickstart %} -->\n"
            "{% topic_link_in_list /topic-one %}\n    {% link_in_list /article-a %}\n"
            "{%- link_in_list /ignored %}\n{% link_in_list /hub/cat/article-b %}\n")
    items = toc_items("hub/cat/index.md", body)
    assert items == [TocItem("article", "hub/cat/quickstart"), TocItem("maptopic", "hub/cat/topic-one"),
                     TocItem("article", "hub/cat/article-a"), TocItem("article", "hub/cat/article-b")]
    assert map_topic_children(items, "hub/cat/topic-one") == ["hub/cat/article-a", "hub/cat/article-b"]
    assert [i.type for i in toc_items("hub/index.md", "{% link_in_list /cat %}")] == ["category"]
