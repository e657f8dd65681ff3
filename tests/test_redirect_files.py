"""Redirect tables from files (spec §9.1-9.2) and deprecated releases (spec §10.6, §10.2).

Small sites are written inline; the expected answers are written out by hand from the spec.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from builder.config import parse_config
from builder.errors import ConfigError
from builder.publisher import Publisher

from .test_redirects import BASE, CONFIG, GHES_ONLY, build, page

FOO = "/en/github/getting-started/foo"
SETUP_30 = "/en/enterprise-server@3.0/admin/installing/setup"

LEGACY = {
    "/v3/foo": FOO,
    "/v3/foo/anchor/": FOO + "#a-section",
    "/enterprise/v3/setup": "/en/enterprise-server@latest/admin/installing/setup",
    "/articles/foo": "/en/desktop/start",  # a page's redirect_from names this key: it wins
    "/en/articles/foo": FOO,  # the page's redirect already, same target
    "/v3/gone": "/en/gone",
    "/cn/v3/foo": "/cn/github/getting-started/foo",
    "/en/github": "/en/desktop",  # a page's URL
    "/v3/self": "/v3/self",
    "/git-ready": "/en/github",  # an external redirect names it too
    "/v3/not-a-string": 3,
}
EXTERNAL = {
    "/git-ready": "http://gitready.com/",
    "/contact": "https://support.example.com/contact",
    "/en/desktop": "https://desktop.example.com",  # a page's URL: the page wins
    "/relative": "/en/github",
}

WITH_FILES = {
    **CONFIG,
    "redirect_files": [{"file": "redirects/external.json", "kind": "external"},
                       {"file": "redirects/legacy.json", "kind": "legacy"}],
}


def files(**extra: str) -> dict[str, str]:
    return {**BASE, "redirects/legacy.json": json.dumps(LEGACY),
            "redirects/external.json": json.dumps(EXTERNAL), **extra}


@pytest.fixture
def with_files(tmp_path):
    return build(tmp_path, files(), WITH_FILES)


def test_legacy_entries_join_the_table_before_the_pages(with_files):
    _content, table = with_files
    assert table.entries["/v3/foo"] == FOO
    assert table.entries["/v3/foo/anchor"] == FOO + "#a-section"
    assert table.entries["/enterprise/v3/setup"] == SETUP_30  # plan@latest: the newest release
    assert table.entries["/articles/foo"] == FOO  # the page's redirect_from wins
    for key in ("/v3/gone", "/cn/v3/foo", "/en/github", "/v3/self", "/git-ready"):
        assert key not in table.entries


def test_counts_by_source_and_reason(with_files):
    _content, table = with_files
    legacy = table.counts["redirects/legacy.json"].as_dict()
    assert legacy == {
        "kept": 3,
        "dropped": {
            "a page's redirect already (same target)": 1,
            "key equals its target": 1,
            "key is a page (the page wins)": 1,
            "not a path to a string": 1,
            "replaced by a page's redirect elsewhere": 1,
            "replaced by an external redirect": 1,
            "target is not a page": 1,
            "target's language is not built": 1,
        },
        "notes": {"kept with a #fragment in the target": 1},
    }
    assert table.counts["redirects/external.json"].as_dict() == {
        "kept": 2, "dropped": {"key is a page (the page wins)": 1,
                               "target is not an absolute URL": 1}}
    assert table.counts["pages"].kept == len(table.entries) - 3
    assert [d for d in table.diagnostics if "not '/path'" in d.message]


def test_requests_are_answered_with_external_first(with_files):
    _content, table = with_files
    assert table.resolve("/git-ready") == "http://gitready.com/"
    assert table.resolve("/git-ready/") == "/git-ready"  # trailing slash first (spec §9.1)
    assert table.resolve("/contact?x=1") == "https://support.example.com/contact"
    assert table.resolve("/v3/foo?q=repos") == FOO + "?query=repos"
    # a target's own fragment goes after the query, and replaces the request's
    assert table.resolve("/v3/foo/anchor?a=1") == FOO + "?a=1#a-section"
    assert table.lookup("/v3/foo/anchor#other") == FOO + "#a-section"
    assert table.resolve("/en/desktop") is None


def test_every_static_output_has_them(with_files, tmp_path):
    content, table = with_files
    publisher = Publisher(tmp_path / "site", tmp_path / "staging")
    table.write(publisher, set(content.by_href))
    out = tmp_path / "staging"
    written = json.loads((out / "redirects.json").read_text())
    assert written["/v3/foo"] == FOO and written["/git-ready"] == "http://gitready.com/"
    assert written["/v3/foo/anchor"] == FOO + "#a-section"
    assert "/en/desktop" not in written and "/relative" not in written
    lines = (out / "_redirects").read_text().splitlines()
    assert "/git-ready http://gitready.com/ 301" in lines
    assert f"/enterprise/v3/setup {SETUP_30} 301" in lines
    assert f"/v3/foo/anchor {FOO}#a-section 301" in lines
    stub = (out / "git-ready/index.html").read_text()
    assert 'content="0; url=http://gitready.com/"' in stub
    assert 'href="http://gitready.com/"' in stub
    assert f'url={FOO}#a-section"' in (out / "v3/foo/anchor/index.html").read_text()


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    tree = files()
    del tree["redirects/legacy.json"]
    _content, table = build(tmp_path, tree, WITH_FILES)
    errors = [d for d in table.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and "redirects/legacy.json" in errors[0].message
    assert table.resolve("/git-ready") == "http://gitready.com/"  # the other file still counts


def test_a_broken_file_is_an_error_with_its_line(tmp_path):
    _content, table = build(tmp_path, files(**{"redirects/legacy.json": '{\n"/a": "/b",\n}'}),
                            WITH_FILES)
    errors = [d for d in table.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and errors[0].file.endswith("legacy.json") and errors[0].line == 3


@pytest.mark.parametrize("bad, words", [
    ({"redirect_files": [{"file": "x.json", "kind": "other"}]}, "kind must be one of"),
    ({"redirect_files": [{"kind": "legacy"}]}, "missing file"),
    ({"archive": {"plan": "enterprise-server", "url": "https://a/{release}"}},
     "must end with {path}"),
    ({"archive": {"plan": "nope", "url": "https://a/{path}"}}, "not one of the plans"),
    ({"archive": {"plan": "enterprise-server", "url": "https://a/{path}", "language_from": "2.19"}},
     "needs old_url"),
    ({"archive": {"plan": "enterprise-server", "url": "https://a/{path}", "language_from": "2.5",
                  "old_url": "https://a/{release}{rest}"}}, "not a deprecated release"),
])
def test_configuration_problems_are_named(tmp_path, bad, words):
    with pytest.raises(ConfigError) as caught:
        parse_config({**CONFIG, **bad}, tmp_path)
    assert words in str(caught.value)


# -- deprecated releases ------------------------------------------------------------------------

ARCHIVE = "https://archive.example.com"
NOTES = "https://releases.example.com/{release}.0/notes"
WITH_ARCHIVE = copy.deepcopy(CONFIG)
WITH_ARCHIVE["plans"][1]["deprecated"] = ["2.19", "2.13", "2.12", "11.10.340"]
WITH_ARCHIVE["archive"] = {
    "plan": "enterprise-server",
    "url": ARCHIVE + "/{release}{path}",
    "language_from": "2.13",
    "old_url": ARCHIVE + "/{release}{rest}",
    "release_notes_url": NOTES,
}
RELEASE_NOTES = {"content/admin/release-notes.md": page(
    "Release notes", GHES_ONLY, "layout: release-notes\n")}

DEPRECATED = [
    # releases archived with languages: the request path as asked, under the release
    ("/en/enterprise/2.19/user/articles/x", f"{ARCHIVE}/2.19/en/enterprise/2.19/user/articles/x"),
    ("/enterprise/2.19/user/articles/x", f"{ARCHIVE}/2.19/enterprise/2.19/user/articles/x"),
    ("/en/enterprise-server@2.19/admin", f"{ARCHIVE}/2.19/en/enterprise-server@2.19/admin"),
    ("/ja/enterprise/2.13", f"{ARCHIVE}/2.13/ja/enterprise/2.13"),
    ("/enterprise-server@2.13/github/x?a=1", f"{ARCHIVE}/2.13/enterprise-server@2.13/github/x?a=1"),
    # older releases: no language, no version segment
    ("/en/enterprise/2.12/user/articles/x", f"{ARCHIVE}/2.12/user/articles/x"),
    ("/enterprise/2.12/admin", f"{ARCHIVE}/2.12/admin"),
    ("/enterprise/11.10.340", f"{ARCHIVE}/11.10.340"),
    # release notes of a deprecated release: the legacy release notes
    ("/en/enterprise-server@2.19/admin/release-notes", "https://releases.example.com/2.19.0/notes"),
    ("/enterprise/2.12/admin/release-notes", "https://releases.example.com/2.12.0/notes"),
    # not deprecated, or not a release segment
    ("/en/enterprise/2.190/user/x", None),
    ("/en/enterprise-server@2.20/admin/nope", None),
    ("/en/enterprise-server@2.191", None),
]


@pytest.fixture
def archived(tmp_path):
    return build(tmp_path, {**BASE, **RELEASE_NOTES}, WITH_ARCHIVE)


@pytest.mark.parametrize("path, location", DEPRECATED, ids=[p for p, _ in DEPRECATED])
def test_deprecated_releases_go_to_the_archive(archived, path, location):
    assert archived[1].resolve(path) == location


def test_prefix_rules_are_data_a_regex_server_applies_alike(archived):
    rules = archived[1].archive.prefixes
    assert len(rules) == 4 * 2 * 3  # releases x (plan@X.Y, enterprise/X.Y) x (none, en, ja)
    for path, location in DEPRECATED:
        plain = path.split("?")[0]
        if location is None or "release-notes" in path:
            assert not any(re.match(r.regex, plain) for r in rules if location is None)
            continue
        matched = [r for r in rules if re.match(r.regex, plain)]
        assert len(matched) == 1, path
        assert re.sub(matched[0].regex, matched[0].replacement.replace("$1", r"\1"), plain) == \
            location.split("?")[0]


def test_static_outputs_of_deprecated_releases(archived, tmp_path):
    content, table = archived
    publisher = Publisher(tmp_path / "site", tmp_path / "staging")
    table.write(publisher, set(content.by_href))
    out = tmp_path / "staging"
    lines = (out / "_redirects").read_text().splitlines()
    splat = f"/en/enterprise/2.19/* {ARCHIVE}/2.19/en/enterprise/2.19/:splat 301"
    notes = "/en/enterprise/2.19/admin/release-notes https://releases.example.com/2.19.0/notes 301"
    assert splat in lines and notes in lines
    assert lines.index(notes) < lines.index(splat)  # the first matching rule applies
    assert f"/en/enterprise/2.12/* {ARCHIVE}/2.12/:splat 301" in lines
    stub = (out / "en/enterprise/2.19/index.html").read_text()
    assert f"url={ARCHIVE}/2.19/en/enterprise/2.19\"" in stub
    assert (out / "enterprise-server@2.12/admin/release-notes/index.html").is_file()
    written = json.loads((out / "redirects.json").read_text())
    assert written["/ja/enterprise-server@2.19"] == f"{ARCHIVE}/2.19/ja/enterprise-server@2.19"
    assert table.counts["archive"].kept == 24 + 4 * 2 * 3  # prefixes + release notes paths
