"""The Japanese corpus (issue 4): ``translations/ja-JP`` built once against the original.

One Japanese build of ``../shared/corpus/github-docs-2021-03`` (English is loaded for its
fallbacks, only Japanese pages are written) is checked for: no errors, every English page-version
written in Japanese, the English stand-ins counted by kind, heading ids never empty or repeated,
the language switcher and hreflang, and parity with ``reference/pages-ja.jsonl`` (the figure of
``make parity``, with the Japanese rules of :mod:`tools.parity.rules`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.build import BuildResult
from tools.parity import check_pages

from .conftest import built_corpus

# `make parity` figure for the Japanese site; raise it, never lower it.
PARITY_JA = 225  # of 225 records of reference/pages-ja.jsonl
JAPANESE_PAGE_VERSIONS = 5855  # as many as English: every English page-version exists in Japanese

# English standing in for the translation: (translated files, page-versions) by kind.
EXPECTED_FALLBACKS = {
    "missing page": (34, 44),  # English pages the translation does not have yet
    "untranslated version": (139, 139),  # translated before a version (mostly GitHub AE) came
    "broken frontmatter": (0, 0),
    "broken Liquid": (0, 0),
}
EXPECTED_MISSING_DATA = 226  # English data values with no Japanese one (shown in English)

HEADING_ID = re.compile(r'<h[2-6] id="([^"]*)"')


@dataclass
class JapaneseBuild:
    corpus: Path
    out: Path
    result: BuildResult
    seconds: float


@pytest.fixture(scope="module")
def ja_build(tmp_path_factory) -> Iterator[JapaneseBuild]:
    with built_corpus(tmp_path_factory, ["ja"], "ja") as (corpus, _config, out, result, seconds):
        yield JapaneseBuild(corpus, out, result, seconds)


def page(out: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((out / url.strip("/") / "index.html").read_text(encoding="utf-8"))


def test_the_japanese_build_has_no_errors(ja_build):
    assert ja_build.result.ok, "\n".join(d.format() for d in ja_build.result.report.errors)
    assert ja_build.result.pages_written == JAPANESE_PAGE_VERSIONS
    assert {lang for lang, _version in ja_build.result.per_view} == {"ja"}


def test_english_stands_in_by_kind(ja_build):
    counts = ja_build.result.fallbacks["ja"]
    assert {label: (c.files, c.pages) for label, c in counts.items()
            if label != "missing data"} == EXPECTED_FALLBACKS
    assert counts["missing data"].files == EXPECTED_MISSING_DATA
    translation_warnings = {d.kind for d in ja_build.result.report.warnings
                            if d.kind.startswith("translation-")}
    assert translation_warnings == set()  # nothing in the corpus is broken that way


def test_stale_data_keys_are_reported_once_each(ja_build):
    """Six keys that English renamed or removed are still named by Japanese pages."""
    missing = [d for d in ja_build.result.report.warnings if d.kind == "data-missing"]
    keys = [re.search(r"'([^']+)'", d.message).group(1) for d in missing]
    assert len(keys) == len(set(keys)) == 6
    assert all("translations/ja-JP/" in d.file for d in missing)


def test_heading_ids_are_never_empty_or_repeated(ja_build):
    bad = []
    for path in (ja_build.out / "ja").rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        start = text.find('id="article-contents"')
        if start < 0:
            continue
        ids = HEADING_ID.findall(text, start)
        if "" in ids or len(ids) != len(set(ids)):
            bad.append(str(path.relative_to(ja_build.out)))
    assert bad == []


@pytest.mark.parametrize("url,title", [
    # translated, and the English heading's {% data %} filled into the id
    ("/ja/packages/guides/about-github-container-registry", "GitHub Container Registry について"),
    # the translation lacks GitHub AE: the English page stands in, links stay Japanese
    ("/ja/github-ae@latest/packages/quickstart", "Quickstart for GitHub Packages"),
])
def test_pages_links_and_switchers_stay_japanese(ja_build, url, title):
    tree = page(ja_build.out, url)
    assert tree.css_first("h1").text().strip() == title
    assert tree.css_first("html").attributes["lang"] == "ja"
    rest = url[len("/ja"):]
    assert [a.attributes["href"] for a in tree.css("#language-picker a")] == [
        f"/en{rest}", f"/ja{rest}"]
    assert [(n.attributes["hreflang"], n.attributes["href"])
            for n in tree.css('link[rel="alternate"]')] == [
        ("en", f"https://docs.github.com/en{rest}"), ("ja", f"https://docs.github.com/ja{rest}")]
    for selector in ("#version-picker a", "#sidebar a", "#breadcrumbs a"):
        hrefs = [a.attributes.get("href") or "" for a in tree.css(selector)]
        assert hrefs, selector  # one version: the picker still shows it
        assert not [h for h in hrefs if h.startswith("/en")], selector


def test_about_container_registry_heading_ids(ja_build):
    ids = HEADING_ID.findall(
        (ja_build.out / "ja/packages/guides/about-github-container-registry/index.html")
        .read_text(encoding="utf-8"))
    # the original: "about-scopes-and-permissions-for--data-variablesproductprodname_..."
    assert "about-scopes-and-permissions-for-github-container-registry" in ids


def test_parity_with_the_original(ja_build):
    report = io.StringIO()
    matched, total = check_pages(ja_build.out, ja_build.corpus / "reference", "pages-ja.jsonl",
                                 out=report)
    print(f"parity (ja): {matched}/{total}")
    assert total == 225
    assert matched >= PARITY_JA, report.getvalue()
