"""Translations on small inline sites: English fallbacks (missing page, untranslated version,
broken frontmatter, broken Liquid, missing data), English heading ids, the language switcher and
hreflang, legacy language prefixes, and a third language added by configuration alone."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.cli import fallback_summary
from builder.config import load_config

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
FPT = "versions:\n  free-pro-team: '*'\n"

# A third language, added to the configuration only: no code knows about "pt".
PORTUGUESE = {"code": "pt", "name": "Portuguese", "native_name": "Português", "hreflang": "pt-BR",
              "content_dir": "translations/pt-BR/content", "data_dir": "translations/pt-BR/data",
              "redirect_patterns": ["^/br"]}


def page(title: str, body: str = "", versions: str = ALL, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{versions}{extra}---\n{body}"


ENGLISH = {
    "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
    "content/hub/index.md": page("Hub", "{% link_in_list /guide %}\n"),
    "content/hub/guide/index.md": page("Guide", "".join(
        f"{{% link_in_list /{name} %}}\n" for name in
        ("setup", "extra", "broken-fm", "broken-liquid", "versioned"))),
    "content/hub/guide/setup.md": page(
        "Setup", "## About {% data variables.product.name %}\n\n"
        "Uses {% data variables.product.tagline %}. See {% link /hub/guide/extra %}.\n\n"
        "## Before you begin\n\n## Steps\n\n## Further reading\n",
        extra="intro: 'Set up {% data variables.product.name %}.'\nredirect_from: /hub/old-setup\n"),
    "content/hub/guide/extra.md": page("Extra", "## Extra things\n"),
    "content/hub/guide/broken-fm.md": page("Broken frontmatter", "English text.\n"),
    "content/hub/guide/broken-liquid.md": page("Broken Liquid", "English body.\n"),
    "content/hub/guide/versioned.md": page("Versioned", "English body.\n"),
    "data/variables/product.yml": "name: Lantern\ntagline: light for all\n",
    "data/ui.yml": "header:\n  github_docs: Test Docs\n",
}

PT = "translations/pt-BR/"
TRANSLATED = {
    f"{PT}content/index.md": "---\ntitle: Início\nversions: '*'\n---\n",
    f"{PT}content/hub/index.md": page("Central", "{% link_in_list /guide %}\n"),
    f"{PT}content/hub/guide/index.md": page("Guia", "{% data reusables.gone.note %}\n"),
    # headings: Liquid, a repeated translated text, then the English slugs at each position
    f"{PT}content/hub/guide/setup.md": page(
        "Configuração", "## Sobre o {% data variables.product.name %}\n\n"
        "Usa {% data variables.product.tagline %}. Veja {% link /hub/guide/extra %}.\n\n"
        "## Passos\n\n## Passos\n\n## Leitura adicional\n\n{% data reusables.gone.note %}\n"),
    # extra.md is missing
    f"{PT}content/hub/guide/broken-fm.md": "---\ntitle: 'Quebrado\nversions: '*'\n---\nTexto.\n",
    f"{PT}content/hub/guide/broken-liquid.md": page("Liquid quebrado", "Texto.\n\n{% if x %}\n"),
    f"{PT}content/hub/guide/versioned.md": page("Versionado", "Texto.\n", versions=FPT),
    f"{PT}data/variables/product.yml": "name: Lanterna\n",  # no tagline: English shows
    "translations/ja-JP/content/hub/guide/setup.md": page("セットアップ", "## 手順\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("translations")
    config = copy.deepcopy(SMALL_CONFIG)
    config["languages"] = config["languages"] + [PORTUGUESE]
    config["languages"][1]["redirect_patterns"] = ["^/jp"]
    write_tree(root, {"builder.yml": yaml.safe_dump(config, allow_unicode=True),
                      **ENGLISH, **TRANSLATED})
    result = build(load_config(root / "builder.yml", root), root / "_site", jobs=1)
    return result, root / "_site"


def html(out: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((out / url.strip("/") / "index.html").read_text(encoding="utf-8"))


def hrefs(tree: LexborHTMLParser, selector: str) -> list[str]:
    node = tree.css_first(selector)
    return [a.attributes.get("href") or "" for a in node.css("a")] if node is not None else []


# -- fallbacks and their report -------------------------------------------------------------


def test_builds_without_errors_and_counts_fallbacks_by_kind(site):
    result, _out = site
    assert result.ok, [d.format() for d in result.report.errors]
    pt = {label: (c.files, c.pages) for label, c in result.fallbacks["pt"].items()}
    assert pt == {"missing page": (1, 5), "untranslated version": (1, 4),
                  "broken frontmatter": (1, 5), "broken Liquid": (1, 5),
                  "missing data": (2, 0)}  # tagline and the ui string
    ja = result.fallbacks["ja"]
    assert (ja["missing page"].files, ja["broken Liquid"].files) == (7, 0)
    assert fallback_summary(result.fallbacks["pt"]) == (
        "missing page 1 files (5 pages), untranslated version 1 files (4 pages), broken "
        "frontmatter 1 files (5 pages), broken Liquid 1 files (5 pages), missing data 2 values")


def test_one_warning_per_broken_file_naming_file_line_and_problem(site):
    result, _out = site
    translated = [d for d in result.report.diagnostics
                  if "translations/" in d.file and d.kind != "data-missing"]
    assert [(d.severity, d.kind, Path(d.file).name, d.line) for d in translated] == [
        ("warning", "translation-frontmatter", "broken-fm.md", 3),
        ("warning", "translation-liquid", "broken-liquid.md", 9)]
    frontmatter, liquid = translated
    assert frontmatter.file.endswith("translations/pt-BR/content/hub/guide/broken-fm.md")
    assert "YAML" in frontmatter.message and "using the English page" in frontmatter.message
    assert "if" in liquid.message and "using the English page" in liquid.message


def test_a_key_english_no_longer_has_is_reported_once(site):
    """A translation naming a data key that English renamed or removed: it renders empty (there
    is no English value to show), with one warning for the key, not one per place."""
    result, out = site
    [missing] = [d for d in result.report.diagnostics if d.kind == "data-missing"]
    assert missing.message == ("unknown data reference 'reusables.gone.note' "
                               "(2 places in 'pt'; the first is shown)")
    assert missing.file.endswith("translations/pt-BR/content/hub/guide/index.md")
    assert "reusables.gone" not in html(out, "/pt/hub/guide/setup").css_first(
        "#article-contents").text()


def test_missing_page_is_the_english_page_inside_the_translated_site(site):
    _result, out = site
    tree = html(out, "/pt/hub/guide/extra")
    assert tree.css_first("h1").text() == "Extra"
    assert tree.css_first("html").attributes["lang"] == "pt-BR"
    assert tree.css_first("article").attributes.get("lang") == "en"  # the text is English
    assert hrefs(tree, "#version-picker")[:2] == ["/pt/hub/guide/extra",
                                                   "/pt/enterprise-server@3.0/hub/guide/extra"]
    sidebar = hrefs(tree, "#sidebar")
    assert "/pt/hub/guide/setup" in sidebar and not any(h.startswith("/en/") for h in sidebar)
    # product names are always English (spec §8.5); other crumbs are the translated titles
    assert [a.text() for a in tree.css("#breadcrumbs a")][:2] == ["Hub", "Guia"]


@pytest.mark.parametrize("url,title", [
    ("/pt/hub/guide/broken-fm", "Broken frontmatter"),
    ("/pt/enterprise-server@2.20/hub/guide/broken-liquid", "Broken Liquid"),
    ("/pt/enterprise-server@3.0/hub/guide/versioned", "Versioned"),  # not a translated version
    ("/pt/hub/guide/versioned", "Versionado"),
])
def test_english_stands_in_for_broken_files_and_untranslated_versions(site, url, title):
    _result, out = site
    assert html(out, url).css_first("h1").text() == title


def test_untranslated_version_keeps_every_version_in_the_picker(site):
    _result, out = site
    for url in ("/pt/hub/guide/versioned", "/pt/enterprise-server@3.0/hub/guide/versioned"):
        assert hrefs(html(out, url), "#version-picker") == [
            "/pt/hub/guide/versioned"] + [f"/pt/enterprise-server@{r}/hub/guide/versioned"
                                          for r in ("3.0", "2.22", "2.21", "2.20")]


def test_missing_data_falls_back_to_english_and_links_stay_translated(site):
    _result, out = site
    tree = html(out, "/pt/hub/guide/setup")
    text = tree.css_first("#article-contents").text()
    assert "Usa light for all." in text  # no translated tagline: the English one
    assert tree.css_first("#article-intro") is None  # the translation has no intro
    link = tree.css_first('#article-contents a[href="/pt/hub/guide/extra"]')
    assert link is not None and link.text() == "Extra"  # the English page's title


# -- heading ids ----------------------------------------------------------------------------


def test_translated_headings_take_the_english_slug_at_the_same_position(site):
    _result, out = site
    ids = [h.attributes["id"] for h in html(out, "/pt/hub/guide/setup").css("#article-contents h2")]
    # Liquid in the English heading is filled in (the original left the id empty); a repeated
    # translated text gets each position's English slug (the original gave one id twice)
    assert ids == ["about-lantern", "before-you-begin", "steps", "further-reading"]
    assert hrefs(html(out, "/pt/hub/guide/setup"), "#mini-toc")[-4:] == [
        "#about-lantern", "#before-you-begin", "#steps", "#further-reading"]


def test_heading_ids_never_empty_or_duplicated_when_out_of_step(site):
    _result, out = site
    ids = [h.attributes["id"] for h in html(out, "/ja/hub/guide/setup").css("#article-contents h2")]
    assert ids == ["about-lantern"]  # ja's one heading pairs with the first English one


# -- language switcher, hreflang, redirects --------------------------------------------------


@pytest.mark.parametrize("url", ["/en/hub/guide/setup", "/ja/enterprise-server@3.0/hub/guide/extra",
                                 "/pt/hub/guide/broken-fm", "/pt"])
def test_language_switcher_and_hreflang_list_every_language(site, url):
    _result, out = site
    tree = html(out, url)
    rest = url.split("/", 2)[2] if url.count("/") > 1 else ""
    suffix = f"/{rest}" if rest else ""
    assert hrefs(tree, "#language-picker") == [f"/en{suffix}", f"/ja{suffix}", f"/pt{suffix}"]
    current = tree.css_first("#language-picker a[aria-current]")
    assert current.attributes["href"] == url
    alternates = [(n.attributes["hreflang"], n.attributes["href"])
                  for n in tree.css('link[rel="alternate"]')]
    assert [lang for lang, _ in alternates] == ["en", "ja", "pt-BR"]
    assert all(href.endswith(f"/{code}{suffix}")
               for (_, href), code in zip(alternates, ["en", "ja", "pt"]))
    lang = {"en": "en", "ja": "ja", "pt": "pt-BR"}[url.split("/")[1]]
    assert tree.css_first("html").attributes["lang"] == lang


def test_legacy_language_prefixes_and_the_root_redirect(site):
    _result, out = site
    table = json.loads((out / "redirects.json").read_text(encoding="utf-8"))
    assert table["/"] == "/en"
    assert table["/jp/hub/guide/setup"] == "/ja/hub/guide/setup"
    assert table["/br/enterprise-server@3.0/hub/guide/versioned"] == (
        "/pt/enterprise-server@3.0/hub/guide/versioned")
    rules = (out / "_redirects").read_text(encoding="utf-8").splitlines()
    assert {"/jp/* /ja/:splat 301", "/br/* /pt/:splat 301"} <= set(rules)
    stub = (out / "jp/hub/guide/setup/index.html").read_text(encoding="utf-8")
    assert 'url=/ja/hub/guide/setup"' in stub
    assert 'url=/en"' in (out / "index.html").read_text(encoding="utf-8")


def test_a_translation_answers_its_english_pages_old_urls(site):
    """English moved the page (``redirect_from``) after it was translated: the old URL works in
    every language, not only in English."""
    _result, out = site
    table = json.loads((out / "redirects.json").read_text(encoding="utf-8"))
    for lang in ("en", "ja", "pt"):
        assert table[f"/{lang}/hub/old-setup"] == f"/{lang}/hub/guide/setup"
