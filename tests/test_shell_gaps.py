"""Page shell gaps of issue 13 (item 4), on the sample site built once for the module:
one-version pages keep their version picker, language labels and hreflang alternates,
builder strings in the page's language, the translation notice only on translated pages, and
the learning-track data that docs.js turns into navigation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.config import load_config
from builder.ui_strings import STRINGS_DIR

from .conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gaps") / "_site"
    result = build(load_config(ROOT / "builder.yml", ROOT), out, jobs=1)
    assert result.ok, [d.format() for d in result.report.errors]
    return out


def doc(site: Path, url: str):
    return LexborHTMLParser((site / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))


AE_ONLY = "/en/github-ae@latest/admin/configuration/configuring-data-residency"


def test_a_page_in_one_version_shows_that_version(site):
    picker = doc(site, AE_ONLY).css_first("#version-picker")
    assert picker is not None
    assert [(a.text(), a.attributes["href"]) for a in picker.css("a")] == [("Lantern AE", AE_ONLY)]
    assert picker.css_first("summary strong").text() == "Lantern AE"


def test_language_picker_labels_and_hreflang_for_every_language(site):
    tree = doc(site, "/en/hub/getting-started/about-lantern")
    assert [a.text() for a in tree.css("#language-picker li a")] == ["English", "日本語 (Japanese)"]
    assert [(n.attributes["hreflang"], n.attributes["href"])
            for n in tree.css('head link[rel="alternate"]')] == [
        ("en", "https://docs.example.com/en/hub/getting-started/about-lantern"),
        ("ja", "https://docs.example.com/ja/hub/getting-started/about-lantern")]


def test_translation_notice_only_where_the_page_is_translated(site):
    translated = doc(site, "/ja/hub/getting-started/about-lantern")
    assert translated.css_first(".notice-translation") is not None
    assert translated.css_first("article").attributes.get("lang") is None
    standin = doc(site, "/ja/api/quickstart")  # no Japanese file: English stands in
    assert standin.css_first("article").attributes["lang"] == "en"
    assert standin.css_first(".notice-translation") is None


def _english_strings() -> set[str]:
    raw = yaml.safe_load((STRINGS_DIR / "en.yml").read_text(encoding="utf-8"))
    return {str(v) for v in raw.values()}


def _shell_texts(tree) -> list[str]:
    """Text and labels of the shell around the article (not the English article itself)."""
    texts = []
    for node in tree.css("header, nav, .article-top, .learning-tracks h2, .all-docs h2, "
                         "[aria-label], body"):
        for attr in ("aria-label", "data-ui-copy", "data-ui-copied", "data-ui-copy-label",
                     "data-ui-menu"):
            if node.attributes.get(attr):
                texts.append(node.attributes[attr])
    for node in tree.css(".skip-link, .picker summary, .picker-note, .sidebar-head a"):
        texts.append(node.text(strip=True))
    return texts


@pytest.mark.parametrize("url", ["/ja/hub/getting-started/about-lantern", "/ja/api/quickstart",
                                 "/ja/api", "/ja/enterprise-server@3.0/hub/quickstart"])
def test_no_english_builder_string_on_japanese_pages(site, url):
    english = _english_strings() - {"Beta"}  # a product label may stay in Latin letters
    found = [t for t in _shell_texts(doc(site, url)) if t in english]
    assert found == []
    body = doc(site, url).css_first("body").attributes
    assert body["data-ui-copy"] == "コピー" and body["data-ui-menu"] == "メニュー"


def test_learning_track_guides_and_article_data(site):
    sublanding = doc(site, "/en/api/guides")
    hrefs = [a.attributes["href"] for a in sublanding.css(".learning-track a")]
    assert hrefs == ["/en/api/guides/making-your-first-request?learn=getting_started",
                     "/en/api/guides/paginating-results?learn=getting_started",
                     "/en/api/guides/receiving-webhooks?learn=automation",
                     "/en/api/guides/paginating-results?learn=automation"]
    article = doc(site, "/en/enterprise-server@3.0/api/guides/making-your-first-request")
    data = json.loads(article.css_first("#learning-track-data").text())
    assert data == {"getting_started": {
        "title": "Get started with the Lantern API", "position": 1, "count": 2, "prev": None,
        "next": {"href": "/en/enterprise-server@3.0/api/guides/paginating-results",
                 "title": "Paginating results"}}}
    nav = article.css_first("#learning-track-nav")
    assert "hidden" in nav.attributes and nav.attributes["data-label-next"] == "Next guide"
    ja = doc(site, "/ja/api/guides/making-your-first-request")
    assert ja.css_first("#learning-track-nav").attributes["data-label-next"] == "次のガイド"
    # a page in no track has neither
    assert doc(site, "/en/api/quickstart").css_first("#learning-track-data") is None
