"""Versions: ranges, applicable versions, ver_gt/ver_lt, permalinks (spec §3, §4, §5.3)."""

from __future__ import annotations

import pytest

from builder.errors import VersionError
from builder.versions import permalink, satisfies

ALL = ["free-pro-team@latest", "enterprise-server@3.0", "enterprise-server@2.22",
       "enterprise-server@2.21", "enterprise-server@2.20", "github-ae@latest"]


@pytest.mark.parametrize("release,range_,expected", [
    ("2.22", "*", True),
    ("2.22", ">=2.22", True),
    ("2.21", ">=2.22", False),
    ("2.20", "<2.21", True),
    ("2.21", "<2.21", False),
    ("2.22", ">2.21", True),
    ("2.21", ">2.21", False),
    ("3.0", ">=2.22 <3.1", True),
    ("2.21", ">=2.22 <3.1", False),
    ("2.20", "2.20 || >=3.0", True),
    ("2.21", "2.20 || >=3.0", False),
    ("2.21", "<=2.21", True),
    ("2.22", "<=2.21", False),
    ("3.0", ">2.16", True),
])
def test_satisfies(release, range_, expected):
    assert satisfies(release, range_) is expected


@pytest.mark.parametrize("spec,expected", [
    ("*", ALL),
    ({"free-pro-team": "*", "enterprise-server": ">=2.21"}, ALL[:4]),
    ({"enterprise-server": "*"}, ALL[1:5]),
    ({"free-pro-team": "*", "enterprise-server": "<2.21"}, [ALL[0], ALL[4]]),
    ({"github-ae": "anything"}, [ALL[5]]),
    ({"enterprise-server": ">2.16"}, ALL[1:5]),
])
def test_resolve(versions, spec, expected):
    assert [v.id for v in versions.resolve(spec)] == expected


@pytest.mark.parametrize("spec,message", [
    ({"enterprise-server": ">=3.1"}, "No applicable versions"),
    ({"enterprise-cloud": "*"}, "unknown plan 'enterprise-cloud'"),
    ({"enterprise-server": "banana"}, "bad version range"),
    ([], r"must be '\*' or a map"),
])
def test_resolve_errors(versions, spec, message):
    with pytest.raises(VersionError, match=message):
        versions.resolve(spec)


@pytest.mark.parametrize("left,right,gt,lt", [
    ("enterprise-server@2.22", "enterprise-server@2.21", True, False),
    ("enterprise-server@2.22", "2.21", True, False),
    ("enterprise-server@3.0", "enterprise-server@3.0", False, False),
    ("free-pro-team@latest", "enterprise-server@2.21", False, False),
    ("github-ae@latest", "enterprise-server@2.21", False, False),
    ("", "enterprise-server@2.21", False, False),
    (None, "2.13", False, False),
    ("2.14", "2.13", True, False),
    ("2.12", "2.13", False, True),
    ("dotcom", "2.13", False, False),
    ("homepage", "enterprise-server@2.21", False, False),
    ("enterprise-server@2.20", "enterprise-server@2.21", False, True),
])
def test_compare(versions, left, right, gt, lt):
    assert versions.compare(left, right, ">") is gt
    assert versions.compare(left, right, "<") is lt


@pytest.mark.parametrize("lang,version,relpath,expected", [
    ("en", "free-pro-team@latest", "index.md", "/en"),
    ("en", "enterprise-server@3.0", "index.md", "/en/enterprise-server@3.0"),
    ("en", "free-pro-team@latest", "github/index.md", "/en/github"),
    ("en", "enterprise-server@3.0", "github/index.md", "/en/enterprise-server@3.0/github"),
    ("ja", "github-ae@latest", "github/a/set-up-git.md", "/ja/github-ae@latest/github/a/set-up-git"),
])
def test_permalink(versions, lang, version, relpath, expected):
    assert permalink(lang, versions.by_id[version], relpath) == expected


def test_segment_version(versions):
    assert versions.segment_version("enterprise-server@latest").id == "enterprise-server@3.0"
    assert versions.segment_version("enterprise-server").id == "enterprise-server@3.0"
    assert versions.segment_version("github-ae").id == "github-ae@latest"
    assert versions.segment_version("articles") is None


def test_version_titles(versions):
    assert [v.title for v in versions.all] == [
        "GitHub.com", "Enterprise Server 3.0", "Enterprise Server 2.22", "Enterprise Server 2.21",
        "Enterprise Server 2.20", "GitHub AE"]
