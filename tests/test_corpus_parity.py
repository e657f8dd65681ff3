"""The real corpus (issue 3): the English GitHub Docs corpus, built once, against the original.

One English build of ``../shared/corpus/github-docs-2021-03`` (session-scoped, into a temporary
folder) is checked for: no errors, every declared page-version written, no Liquid left in any
article outside code, REST reference pages rendered with one warning for their absent data, only
the warnings the corpus deserves (the README's table), parity with the original's golden pages
and redirects (the figures of ``make parity``), and the version branches of one seed-era page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.build import BuildResult
from builder.config import SiteConfig
from builder.frontmatter import parse as parse_frontmatter
from tools.parity import check_pages, check_redirects
from builder.versions import Versions, permalink

from .conftest import built_corpus

# `make parity` figures for an English build; raise them, never lower them.
PARITY_EN = 225  # of 225 records of reference/pages-en.jsonl
REDIRECTS_EN = 909  # of the 909 English and language-less records of reference/redirects.jsonl
ENGLISH_PAGE_VERSIONS = 5855  # 11,710 with Japanese

# Warnings the English corpus deserves: each kind is broken content, with the README's counts.
EXPECTED_WARNINGS = {
    "link-missing": 1,  # discussions/guides lists /about-discussions, which is not in guides/
    "liquid-syntax": 10,  # conditions with stray text after them, a second {% else %}
    "missing-data": 1,  # REST operations: the generated OpenAPI data is not in the corpus
    "redirect": 3,  # redirect_from entries: a comma, no leading slash, one claimed twice
}
LIQUID_LEFT = re.compile(r"{%|{{|}}")


@dataclass
class CorpusBuild:
    corpus: Path
    config: SiteConfig
    out: Path
    result: BuildResult
    seconds: float


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory) -> Iterator[CorpusBuild]:
    with built_corpus(tmp_path_factory, ["en"], "en") as (corpus, config, out, result, seconds):
        yield CorpusBuild(corpus, config, out, result, seconds)


def page_file(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def article(site: Path, url: str):
    return LexborHTMLParser(page_file(site, url).read_text(encoding="utf-8")).css_first(
        "#article-contents")


def declared_urls(corpus: Path, config: SiteConfig) -> set[str]:
    """Every English URL the frontmatter declares, read from the files (spec §4)."""
    versions = Versions(config)
    urls = set()
    content = corpus / "content"
    for path in content.rglob("*.md"):
        if path.name == "README.md":
            continue
        rel = path.relative_to(content).as_posix()
        data = parse_frontmatter(path.read_text(encoding="utf-8"), str(path)).data
        for v in versions.resolve(data["versions"]):
            homepage_default = rel == "index.md" and v.is_default
            urls.add("/en" if homepage_default else permalink("en", v, rel))
    return urls


def test_the_build_has_no_errors(corpus_build):
    result = corpus_build.result
    assert [d.format() for d in result.report.errors] == []
    assert result.ok and corpus_build.out.joinpath("en", "index.html").is_file()


def test_every_declared_page_version_is_written(corpus_build):
    urls = declared_urls(corpus_build.corpus, corpus_build.config)
    assert len(urls) == ENGLISH_PAGE_VERSIONS
    assert corpus_build.result.pages_written == len(urls)
    missing = sorted(u for u in urls if not page_file(corpus_build.out, u).is_file())
    assert missing == []


def test_no_liquid_left_in_articles_outside_code(corpus_build):
    """``{% raw %}`` examples (Jekyll's ``{{ page.title }}``, Actions' ``${{ }}``) live in code
    blocks and code spans in this corpus, so prose must hold no Liquid delimiters at all."""
    left, articles = [], 0
    for path in corpus_build.out.joinpath("en").rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'id="article-contents"' not in html:
            continue
        node = LexborHTMLParser(html).css_first("#article-contents")
        articles += 1
        for code in node.css("pre, code"):
            code.decompose()
        text = node.text()
        left += [(str(path.parent.relative_to(corpus_build.out)),
                  text[max(0, m.start() - 40):m.end() + 40]) for m in LIQUID_LEFT.finditer(text)]
    assert articles > 5800
    assert left == []


def test_rest_reference_pages_render_with_one_warning(corpus_build):
    content = corpus_build.corpus / "content"
    sources = [p for p in content.joinpath("rest", "reference").glob("*.md")
               if "{% include rest_operations_at_current_path %}" in p.read_text(encoding="utf-8")]
    assert len(sources) > 10
    versions = Versions(corpus_build.config)
    for path in sources:  # some hold nothing but the include (emojis.md): title, empty article
        data = parse_frontmatter(path.read_text(encoding="utf-8"), str(path)).data
        for v in versions.resolve(data["versions"]):
            url = permalink("en", v, path.relative_to(content).as_posix())
            tree = LexborHTMLParser(page_file(corpus_build.out, url).read_text(encoding="utf-8"))
            assert tree.css_first("#article-contents") is not None, url
            assert tree.css_first("h1").text().strip() == data["title"], url
    missing = [d for d in corpus_build.result.report.warnings if d.kind == "missing-data"]
    assert len(missing) == 1
    assert "rest_operations_at_current_path" in missing[0].message
    assert missing[0].file == str(corpus_build.config.path)


def test_only_warnings_for_broken_content(corpus_build):
    warnings = corpus_build.result.report.warnings
    for d in warnings:
        print(d.format())
    assert Counter(d.kind for d in warnings) == EXPECTED_WARNINGS


def test_parity_with_the_original(corpus_build):
    reference = corpus_build.corpus / "reference"
    report = io.StringIO()
    matched, total = check_pages(corpus_build.out, reference, "pages-en.jsonl", out=report)
    print(report.getvalue())
    assert total == 225
    assert matched >= PARITY_EN, report.getvalue()


def test_redirects_like_the_original(corpus_build):
    reference = corpus_build.corpus / "reference"
    report = io.StringIO()
    matched, total = check_redirects(corpus_build.out, reference, out=report,
                                     config=corpus_build.config, languages=["en"])
    assert total == 909
    assert matched >= REDIRECTS_EN, report.getvalue()


DOCKER = "packages/guides/configuring-docker-for-use-with-github-packages"
# distinctive text of each conditional branch of the page's source
BRANCHES = {
    # == "enterprise-server@2.22"
    "admin must enable": "must enable Docker support and subdomain isolation for your instance",
    # == "free-pro-team@latest" (inside {% raw %})
    "dotcom login": "docker login https://docker.pkg.github.com",
    # enterpriseServerVersions contains currentVersion or == "github-ae@latest"
    "hostname login": "docker login docker.HOSTNAME",
    "hostname prose": "HOSTNAME with the URL for",
    # ver_gt "enterprise-server@2.22"
    "isolation choice": "If your instance has subdomain isolation disabled:",
    "examples assume": "These examples assume your instance has subdomain isolation enabled.",
    # == "free-pro-team@latest" or ver_gt "enterprise-server@3.0"
    "restoring": "Deleting and restoring a package",
    # elsif ver_lt "enterprise-server@3.1" or == "github-ae@latest"
    "deleting only": "Deleting a package",
}
EXPECTED_BRANCHES = {
    "": {"dotcom login", "restoring"},
    "enterprise-server@3.0": {"hostname login", "hostname prose", "isolation choice",
                              "examples assume", "deleting only"},
    "enterprise-server@2.22": {"admin must enable", "hostname login", "hostname prose",
                               "deleting only"},
    "github-ae@latest": {"hostname login", "hostname prose", "deleting only"},
}


@pytest.mark.parametrize("version", list(EXPECTED_BRANCHES))
def test_docker_page_branches_per_version(corpus_build, version):
    url = "/".join(p for p in ("/en", version, DOCKER) if p)
    text = " ".join(article(corpus_build.out, url).text().split())
    shown = {name for name, sentence in BRANCHES.items() if sentence in text}
    assert shown == EXPECTED_BRANCHES[version]


def test_docker_page_exists_in_exactly_its_versions(corpus_build):
    written = set()
    for v in Versions(corpus_build.config).all:
        path = page_file(corpus_build.out, permalink("en", v, f"{DOCKER}.md"))
        if path.is_file() and 'id="article-contents"' in path.read_text(encoding="utf-8"):
            written.add("" if v.is_default else v.id)
    assert written == set(EXPECTED_BRANCHES)
