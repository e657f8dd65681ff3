"""The redirect table (spec §9, PEER-TEST-FACTS §10): aliases, redirect_from, conflicts, outputs.

Small sites are written inline into a temporary folder; the last tests check the whole table
against what the original answered for the 915 URLs of reference/redirects.jsonl.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import pytest

from builder.config import load_config, parse_config
from builder.content import load_content
from builder.publisher import Publisher
from builder.redirects import build_redirects, resolve_chains, stub_html
from builder.versions import Versions

from .conftest import CORPUS_CONFIG, SMALL_CONFIG, require_corpus, write_tree

CONFIG = copy.deepcopy(SMALL_CONFIG)
CONFIG["languages"][1]["redirect_patterns"] = ["^/jp"]
CONFIG["links"] = {
    "default_version_products": ["desktop"],
    "non_default_products": ["admin", "insights"],
    "latest_release_plan": "enterprise-server",
    "legacy_user_segment": "user",
    "legacy_user_product": "github",
    "legacy_guides_products": ["desktop", "admin"],
    "latest_release_shortcut_products": ["admin", "insights"],
}

FPT_GHES = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
FPT_ONLY = "versions:\n  free-pro-team: '*'\n"
GHES_ONLY = "versions:\n  enterprise-server: '*'\n"


def page(title: str, versions: str = FPT_GHES, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{versions}{extra}---\nBody.\n"


def redirect_from(*paths: str) -> str:
    return "redirect_from:\n" + "".join(f"  - {p}\n" for p in paths)


BASE = {
    "content/index.md": page("Home", "versions: '*'\n"),
    "content/github/index.md": page("GitHub", extra=redirect_from(
        "/articles", "/common-issues-and-questions")),
    "content/github/getting-started/index.md": page("Getting started"),
    "content/github/getting-started/set-up-git.md": page("Set up Git"),
    "content/github/getting-started/about-conversations.md": page(
        "About conversations",
        extra="redirect_from: /articles/about-discussions-in-issues-and-pull-requests\n"),
    "content/github/getting-started/foo.md": page("Foo", extra=redirect_from(
        "/articles/foo", "/articles/slashy/", "/github/getting-started/foo",
        "/enterprise-server@2.22/github/old-foo")),
    "content/github/getting-started/dotcom.md": page("Dotcom", FPT_ONLY, redirect_from(
        "/enterprise-server@2.22/github/old-dotcom")),
    "content/admin/index.md": page("Admin", GHES_ONLY),
    "content/admin/installing/index.md": page("Installing", GHES_ONLY),
    "content/admin/installing/setup.md": page("Setup", GHES_ONLY, redirect_from(
        "/enterprise/admin/articles/setup/", "'/enterprise/{{ currentVersion }}/admin/old-setup/'")),
    "content/desktop/index.md": page("Desktop", FPT_ONLY),
    "content/desktop/start.md": page("Start", FPT_ONLY),
    "translations/ja-JP/content/github/getting-started/foo.md": page("フー", extra=redirect_from(
        "/articles/foo", "/articles/ja-only")),
}


def build(tmp_path: Path, files: dict[str, str], config: dict = CONFIG):
    write_tree(tmp_path, files)
    site = parse_config(config, tmp_path)
    versions = Versions(site)
    content = load_content(site, versions)
    assert [d for d in content.diagnostics if d.severity == "error"] == []
    return content, build_redirects(content, site, versions)


@pytest.fixture
def table(tmp_path):
    return build(tmp_path, BASE)[1]


class Case(NamedTuple):
    key: str
    target: str | None  # None: not a redirect


FOO = "/github/getting-started/foo"
SETUP = "/admin/installing/setup"
GIT = "/github/getting-started/set-up-git"

CASES = [
    # PEER-TEST-FACTS §10: github/index.md with redirect_from /articles, /common-issues-...
    Case("/en/free-pro-team@latest/github", "/en/github"),
    Case("/articles", "/en/github"),
    Case("/en/articles", "/en/github"),
    Case("/en/free-pro-team@latest/articles", "/en/github"),
    Case("/common-issues-and-questions", "/en/github"),
    Case("/en/common-issues-and-questions", "/en/github"),
    Case("/en/enterprise/3.0/user/articles", "/en/enterprise-server@3.0/github"),
    Case("/en/enterprise/3.0/user/common-issues-and-questions", "/en/enterprise-server@3.0/github"),
    # a scalar redirect_from works like a one-item list
    Case("/articles/about-discussions-in-issues-and-pull-requests",
         "/en/github/getting-started/about-conversations"),
    # spec §9.2 practical result of `redirect_from: /articles/foo` on an FPT + GHES page
    Case("/articles/foo", f"/en{FOO}"),
    Case("/en/articles/foo", f"/en{FOO}"),
    Case("/en/free-pro-team@latest/articles/foo", f"/en{FOO}"),
    Case("/en/enterprise-server@2.22/articles/foo", f"/en/enterprise-server@2.22{FOO}"),
    Case("/enterprise/2.22/user/articles/foo", f"/en/enterprise-server@2.22{FOO}"),
    Case("/en/enterprise/2.22/user/articles/foo", f"/en/enterprise-server@2.22{FOO}"),
    Case("/en/enterprise/articles/foo", f"/en/enterprise-server@3.0{FOO}"),
    Case("/enterprise/user/articles/foo", f"/en/enterprise-server@3.0{FOO}"),
    Case("/enterprise-server/articles/foo", f"/en/enterprise-server@3.0{FOO}"),
    Case("/en/enterprise-server@latest/articles/foo", f"/en/enterprise-server@3.0{FOO}"),
    Case("/en/github-ae@latest/articles/foo", None),  # the page has no such version
    # trailing slashes in redirect_from are stripped
    Case("/articles/slashy", f"/en{FOO}"),
    Case("/articles/slashy/", None),
    # an entry equal to the page's own URL is dropped (key == value)
    Case(f"/en{FOO}", None),
    Case(FOO, f"/en{FOO}"),
    # an entry starting with a version id: the entry as written and with /en
    Case("/enterprise-server@2.22/github/old-foo", f"/en/enterprise-server@2.22{FOO}"),
    Case("/en/enterprise-server@2.22/github/old-foo", f"/en/enterprise-server@2.22{FOO}"),
    Case("/en/enterprise-server@3.0/github/old-foo", f"/en/enterprise-server@3.0{FOO}"),
    Case("/enterprise-server@2.22/github/old-dotcom", "/en/github/getting-started/dotcom"),
    # the homepage
    Case("/", "/en"),
    Case("/en/free-pro-team@latest", "/en"),
    Case("/ja/free-pro-team@latest", "/ja"),
    Case("/en/enterprise", "/en/enterprise-server@3.0"),
    Case("/enterprise/2.22", "/en/enterprise-server@2.22"),
    Case("/en/github-ae", "/en/github-ae@latest"),
    Case("/en", None),
    # permalink aliases (spec §9.2 examples for set-up-git at the latest GHES release)
    Case(f"/en/free-pro-team@latest{GIT}", f"/en{GIT}"),
    Case(GIT, f"/en{GIT}"),
    Case("/en/enterprise/3.0/user/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise/3.0/user/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise/3.0/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise-server/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise-server@latest/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/en/enterprise/user/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case("/enterprise/user/github/getting-started/set-up-git", f"/en/enterprise-server@3.0{GIT}"),
    Case(f"/enterprise-server@2.22{GIT}", f"/en/enterprise-server@2.22{GIT}"),
    Case("/enterprise/2.22/user/getting-started/set-up-git", f"/en/enterprise-server@2.22{GIT}"),
    Case(f"/en/enterprise-server{GIT}-not", None),
    # release-less forms belong to the latest release only
    Case("/enterprise-server@2.22", "/en/enterprise-server@2.22"),
    # shortcut product (latest release only), /admin/guides, no /user/ insertion for it
    Case(SETUP, f"/en/enterprise-server@3.0{SETUP}"),
    Case(f"/en{SETUP}", f"/en/enterprise-server@3.0{SETUP}"),
    Case("/en/admin/guides/installing/setup", f"/en/enterprise-server@3.0{SETUP}"),
    Case("/enterprise/3.0/admin/guides/installing/setup", f"/en/enterprise-server@3.0{SETUP}"),
    Case("/en/enterprise/2.22/admin/installing/setup", f"/en/enterprise-server@2.22{SETUP}"),
    Case("/en/enterprise/3.0/user/admin/installing/setup", None),
    Case("/en/enterprise-server@2.22/admin/guides/installing/setup", f"/en/enterprise-server@2.22{SETUP}"),
    Case(f"/en/free-pro-team@latest{SETUP}", None),
    # legacy redirect_from entries, and an unrendered {{ currentVersion }} standing for each version
    Case("/enterprise/admin/articles/setup", f"/en/enterprise-server@3.0{SETUP}"),
    Case("/en/enterprise/2.21/admin/articles/setup", f"/en/enterprise-server@2.21{SETUP}"),
    Case("/en/enterprise/2.20/admin/old-setup", f"/en/enterprise-server@2.20{SETUP}"),
    Case("/enterprise/admin/old-setup", f"/en/enterprise-server@3.0{SETUP}"),
    # the /desktop/guides form
    Case("/en/desktop/guides/start", "/en/desktop/start"),
    Case("/desktop/guides", "/en/desktop"),
    # translations: same aliases under their language, never language-less; their own entries
    Case("/ja/articles/foo", f"/ja{FOO}"),
    Case("/ja/free-pro-team@latest/github", "/ja/github"),
    Case("/ja/enterprise/user/github/getting-started/set-up-git", f"/ja/enterprise-server@3.0{GIT}"),
    Case("/ja/articles/ja-only", f"/ja{FOO}"),
    Case("/articles/ja-only", None),
    Case("/en/articles/ja-only", None),
    # legacy language prefix, for every ja page URL
    Case("/jp", "/ja"),
    Case("/jp/github/getting-started/set-up-git", f"/ja{GIT}"),
    Case(f"/jp/enterprise-server@2.20{SETUP}", f"/ja/enterprise-server@2.20{SETUP}"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_table(table, case):
    assert table.entries.get(case.key) == case.target


def test_table_invariants(table):
    for key, target in table.entries.items():
        assert key == "/" or not key.endswith("/"), key
        assert not target.endswith("/"), target
        assert key != target
        assert key not in table.pages
        assert target in table.pages
    assert table.diagnostics == []


class Lookup(NamedTuple):
    url: str
    expected: str | None


LOOKUPS = [
    Lookup("/articles/foo", f"/en{FOO}"),
    Lookup("/articles/foo#part", f"/en{FOO}#part"),
    Lookup("/enterprise/admin/articles/setup?q=pulls", f"/en/enterprise-server@3.0{SETUP}?query=pulls"),
    Lookup("/enterprise/admin/articles/setup?a=1&q=x&q=y", f"/en/enterprise-server@3.0{SETUP}?a=1&query=x&q=y"),
    Lookup("/en/github?q=pulls", "/en/github?query=pulls"),
    Lookup("/en/search?q=pulls", "/en?query=pulls"),
    Lookup("/en/github/search/?q=x", "/en/github?query=x"),
    Lookup("/en/github?faq=1", None),
    Lookup("/en/github", None),
    Lookup("/en/no-such-page", None),
    Lookup("/en/no-such-page?q=x", None),
]


@pytest.mark.parametrize("case", LOOKUPS, ids=[c.url for c in LOOKUPS])
def test_lookup_applies_the_query_rules(table, case):
    assert table.lookup(case.url) == case.expected


RESOLVES = [
    Lookup("/en/github/", "/en/github"),
    Lookup("/en/github//", "/en/github/"),
    Lookup("/articles/foo/?x=1", "/articles/foo?x=1"),
    Lookup("/jp/anything/at/all", "/ja/anything/at/all"),
    Lookup("/jp?q=1", "/ja?q=1"),
    Lookup("/", "/en"),
    Lookup("/en/enterprise-server@2.19/github", None),
    Lookup("/EN/github", None),
]


@pytest.mark.parametrize("case", RESOLVES, ids=[c.url for c in RESOLVES])
def test_resolve_follows_the_request_order(table, case):
    assert table.resolve(case.url) == case.expected


def test_language_patterns_are_exposed(table):
    [pattern] = table.patterns
    assert (pattern.regex, pattern.code, pattern.prefix) == ("^/jp", "ja", "/jp")
    assert pattern.apply("/jpx/y") == "/jax/y"  # a prefix regex, as the original


def test_non_literal_language_pattern_is_reported(tmp_path):
    config = copy.deepcopy(CONFIG)
    config["languages"][1]["redirect_patterns"] = [r"^/zh-\w{2}"]
    _content, table = build(tmp_path, BASE, config)
    [diag] = table.diagnostics
    assert "is not a plain prefix" in diag.message
    assert table.resolve("/zh-cn/github") == "/ja/github"
    assert not any(k.startswith("/zh") for k in table.entries)


# -- conflicts ----------------------------------------------------------------------------------


def test_two_pages_claiming_one_redirect_from(tmp_path):
    _content, table = build(tmp_path, {
        "content/hub/index.md": page("Hub", FPT_ONLY),
        "content/hub/first.md": page("First", FPT_ONLY, redirect_from("/old/path")),
        "content/hub/second.md": page("Second", FPT_ONLY, redirect_from("/old/path/")),
    })
    assert table.entries["/old/path"] == "/en/hub/second"  # the later page wins, as the original
    assert table.entries["/ja/old/path"] == "/ja/hub/second"
    [diag] = table.diagnostics
    assert (diag.severity, diag.kind, diag.line) == ("warning", "redirect", 5)
    assert diag.file == str(tmp_path / "content/hub/second.md")
    assert diag.message == (
        f"redirect_from '/old/path' is claimed by this page and by "
        f"{tmp_path / 'content/hub/first.md'}; /en/old/path, /old/path, "
        f"/en/free-pro-team@latest/old/path and 3 more redirect here (the later page wins)")
    assert diag.hint == "keep the entry in only one of the two pages"


def test_redirect_key_that_is_a_page(tmp_path):
    old = tmp_path / "content/hub/old.md"
    _content, table = build(tmp_path, {
        "content/hub/index.md": page("Hub", FPT_ONLY),
        "content/hub/new.md": page("New", FPT_ONLY, redirect_from("/hub/old", "/hub/older")),
        "content/hub/old.md": page("Old", FPT_ONLY),
    })
    # the page is served at its URL, and keeps the old forms of its URL
    assert "/en/hub/old" not in table.entries and "/ja/hub/old" not in table.entries
    assert table.lookup("/en/hub/old") is None
    assert table.entries["/hub/old"] == "/en/hub/old"
    assert table.entries["/en/free-pro-team@latest/hub/old"] == "/en/hub/old"
    assert table.entries["/hub/older"] == "/en/hub/new"
    assert [(d.severity, d.file, d.line, d.message, d.hint) for d in table.diagnostics] == [
        ("warning", str(tmp_path / "content/hub/new.md"), 5,
         f"redirect_from entry '/hub/old' of this page claims /en/hub/old, /ja/hub/old, "
         f"/hub/old and 3 more, the URL of {old} or its old forms: that page keeps them",
         f"remove the entry if {old} now owns that URL, or move that page"),
    ]


def test_redirect_from_hygiene_warnings(tmp_path):
    _content, table = build(tmp_path, {
        "content/hub/index.md": page("Hub", FPT_ONLY),
        "content/hub/a.md": page("A", FPT_ONLY, redirect_from(
            "old/no-slash/", "/old/one,old/two", "'/old/with space'", "/old/q?x=1")),
    })
    assert table.entries["/old/no-slash"] == "/en/hub/a"
    assert table.entries["/old/one,old/two"] == "/en/hub/a"
    assert not any("space" in k or "?" in k for k in table.entries)
    assert [d.message for d in table.diagnostics] == [
        "redirect_from entry 'old/no-slash/' does not start with '/'; read as '/old/no-slash'",
        "redirect_from entry '/old/one,old/two' contains a comma",
        "redirect_from entry '/old/with space' is not a usable URL path; it is ignored",
        "redirect_from entry '/old/q?x=1' is not a usable URL path; it is ignored",
    ]


def test_only_real_targets_and_no_chains():
    pages = {"/en/p", "/en/q"}
    raw = {"/a": "/b", "/b": "/en/p", "/c": "/en/missing", "/d": "/e", "/e": "/d",
           "/f": "/d", "/en/p": "/en/q", "/g": "/g", "/h": "/en/q"}
    entries, cycles = resolve_chains(raw, pages)
    assert entries == {"/a": "/en/p", "/b": "/en/p", "/h": "/en/q"}
    assert cycles == [["/d", "/e", "/d"], ["/g", "/g"]]


# -- static outputs -----------------------------------------------------------------------------


def test_write_stubs_redirects_file_and_json(tmp_path):
    content, table = build(tmp_path / "src", {
        "content/index.md": page("Home", "versions: '*'\n"),
        "content/hub/index.md": page("Hub", FPT_ONLY),
        "content/hub/a.md": page("A", FPT_ONLY, redirect_from("/old/a")),
    }, {**CONFIG, "plans": CONFIG["plans"][:1]})
    page_urls = set(content.by_href) - {"/ja/hub/a"}  # as if that page were not written
    publisher = Publisher(tmp_path / "site", tmp_path / "staging")
    count = table.write(publisher, page_urls)
    out = tmp_path / "staging"
    expected = {
        "/": "/en", "/en/free-pro-team@latest": "/en", "/free-pro-team@latest": "/en",
        "/ja/free-pro-team@latest": "/ja", "/jp": "/ja", "/jp/hub": "/ja/hub",
        "/hub": "/en/hub", "/en/free-pro-team@latest/hub": "/en/hub",
        "/free-pro-team@latest/hub": "/en/hub", "/ja/free-pro-team@latest/hub": "/ja/hub",
        "/hub/a": "/en/hub/a", "/en/free-pro-team@latest/hub/a": "/en/hub/a",
        "/free-pro-team@latest/hub/a": "/en/hub/a",
        "/old/a": "/en/hub/a", "/en/old/a": "/en/hub/a", "/en/free-pro-team@latest/old/a": "/en/hub/a",
        "/free-pro-team@latest/old/a": "/en/hub/a",
    }
    assert json.loads((out / "redirects.json").read_text()) == expected
    assert count == len(expected)
    lines = (out / "_redirects").read_text().splitlines()
    assert lines == [f"{k} {v} 301" for k, v in sorted(expected.items())] + ["/jp/* /ja/:splat 301"]
    stub = (out / "old/a/index.html").read_text()
    assert stub == stub_html("/en/hub/a")
    assert stub.startswith("<!doctype html>\n<html lang=\"en\">")
    for part in ('<meta http-equiv="refresh" content="0; url=/en/hub/a">',
                 '<link rel="canonical" href="/en/hub/a">', '<meta name="robots" content="noindex">',
                 '<a href="/en/hub/a">/en/hub/a</a>'):
        assert part in stub
    assert (out / "index.html").read_text() == stub_html("/en")
    assert not (out / "ja/old/a/index.html").exists()  # its target was not written


def test_no_site_names_in_the_code():
    """Every plan, product and segment name comes from the configuration."""
    source = Path(__file__).resolve().parent.parent / "builder" / "redirects.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr)}
    words = re.compile(r"enterprise|admin|github|desktop|insights|\buser\b|free-pro|/en\b|/ja\b|/jp")
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and id(n) not in docstrings and words.search(n.value)]
    assert found == []


# -- the corpus ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_table():
    corpus = require_corpus()
    config = load_config(CORPUS_CONFIG, corpus)
    versions = Versions(config)
    content = load_content(config, versions)
    table = build_redirects(content, config, versions)  # its speed: bench/bench_parts.py
    print(f"\nredirect table: {len(table.entries)} entries from {len(content.by_href)} page URLs")
    return corpus, table


def _unanchored_user_quirk(url: str, location: str, config) -> bool:
    """The original's unanchored ``/github`` -> ``/user`` rewrite made URLs that never existed
    (``/enterprise/3.0/admin/user-actions``); we do not reproduce them (the parity rule)."""
    from tools.parity import is_unanchored_user_quirk

    return is_unanchored_user_quirk(url, location, config)


def test_corpus_reference_redirects(corpus_table):
    corpus, table = corpus_table
    config = load_config(CORPUS_CONFIG, corpus)
    records = [json.loads(line) for line in
               (corpus / "reference" / "redirects.jsonl").read_text(encoding="utf-8").splitlines()]
    mismatches: dict[str, list[tuple]] = defaultdict(list)
    static_301 = static_ok = 0
    for r in records:
        url, status, location = r["url"], r["status"], r["location"]
        got = table.resolve(url)
        path = url.split("?")[0]
        if status == 301:
            ok = got == location
            if not url.endswith("/"):  # a static host answers these from the stubs alone
                static_301 += 1
                static_ok += table.entries.get(path) == location
        elif status == 404:
            ok = got is None and path not in table.pages
        else:
            ok = got is None and path in table.pages
        if not ok:
            mismatches[r["kind"]].append((status, url, location, got))
    matched = len(records) - sum(len(v) for v in mismatches.values())
    print(f"redirects: {matched}/{len(records)} match "
          f"(static table alone: {static_ok}/{static_301} of the 301s without a trailing slash)")
    for kind, items in mismatches.items():
        print(f"  {kind}: {len(items)}")
        for item in items:
            print(f"    {item}")
    unexplained = [m for items in mismatches.values() for m in items
                   if not (m[0] == 301 and _unanchored_user_quirk(m[1], m[2], config))]
    assert unexplained == []
    assert matched >= len(records) - 2
    assert static_ok == static_301 - (len(records) - matched)


def test_corpus_table_shape(corpus_table):
    _corpus, table = corpus_table
    assert len(table.entries) > 100_000
    kinds = Counter("two pages claim one redirect_from" if "is claimed by" in d.message
                    else "a redirect key is another page's URL" if "or its old forms" in d.message
                    else "redirect_from entry hygiene" for d in table.diagnostics)
    print("redirect diagnostics:", dict(kinds))
    for d in table.diagnostics:
        print(" ", d.format().replace("\n", "\n  "))
    assert all(d.severity == "warning" and d.kind == "redirect" for d in table.diagnostics)
    assert not any("or its old forms" in d.message for d in table.diagnostics)
