"""Local link rewriting (spec §6.5, PEER-TEST-FACTS §5) and legacy path normalisation."""

from pathlib import Path
from typing import NamedTuple

import pytest

from builder.config import parse_config
from builder.links import normalize_legacy, rewrite_href
from builder.versions import Versions

# The plans of the GitHub Docs snapshot, as a site configuration would declare them.
GITHUB_DOCS = {
    "plans": [
        {"id": "free-pro-team", "title": "Free, Pro, and Team", "version_title": "Free, Pro, and Team",
         "releases": ["latest"], "default": True},
        {"id": "enterprise-server", "title": "Enterprise Server",
         "version_title": "Enterprise Server {release}", "releases": ["3.0", "2.22", "2.21", "2.20"],
         "numbered": True, "legacy_prefix": "enterprise",
         "deprecated": ["2.19", "2.18", "2.17", "2.16", "2.15", "2.14", "2.13", "11.10.340"]},
        {"id": "github-ae", "title": "GitHub AE", "version_title": "GitHub AE", "releases": ["latest"]},
    ],
    "languages": [
        {"code": "en", "name": "English", "content_dir": "content", "data_dir": "data"},
        {"code": "ja", "name": "Japanese", "content_dir": "translations/ja-JP/content",
         "data_dir": "translations/ja-JP/data"},
    ],
    "links": {
        "default_version_products": ["desktop"],
        "non_default_products": ["admin", "insights"],
        "latest_release_plan": "enterprise-server",
        "external_paths": ["/capistrano", "/articles/github-security-lab"],
    },
}

CONFIG = parse_config(GITHUB_DOCS, Path("."))
VERSIONS = Versions(CONFIG)
RULES = CONFIG.links
FPT = "free-pro-team@latest"
GHES_30 = "enterprise-server@3.0"
GHES_222 = "enterprise-server@2.22"
GHAE = "github-ae@latest"


class Case(NamedTuple):
    href: str
    version: str
    expected: str
    lang: str = "en"
    classes: str = ""


CASES = [
    # the table of spec §6.5, V = FPT and V = enterprise-server@2.22
    Case("/articles/about-pull-requests", FPT, "/en/articles/about-pull-requests"),
    Case("/articles/about-pull-requests", GHES_222, "/en/enterprise-server@2.22/articles/about-pull-requests"),
    Case("/ja/articles/foo", FPT, "/en/articles/foo"),
    Case("/ja/articles/foo", GHES_222, "/en/enterprise-server@2.22/articles/foo"),
    Case("/admin/installation", FPT, "/en/enterprise-server@3.0/admin/installation"),
    Case("/admin/installation", GHES_222, "/en/enterprise-server@2.22/admin/installation"),
    Case("/desktop/foo", FPT, "/en/desktop/foo"),
    Case("/desktop/foo", GHES_222, "/en/desktop/foo"),
    Case("/enterprise/user/github/foo", FPT, "/en/github/foo"),
    Case("/enterprise/user/github/foo", GHES_222, "/en/enterprise-server@2.22/github/foo"),
    Case("/enterprise-server@2.20/github/foo/", FPT, "/en/enterprise-server@2.20/github/foo"),
    Case("/enterprise-server@2.20/github/foo/", GHES_222, "/en/enterprise-server@2.20/github/foo"),
    Case("/enterprise-server/github/foo", FPT, "/en/enterprise-server/github/foo"),
    Case("/enterprise-server/github/foo", GHES_222, "/en/enterprise-server/github/foo"),
    Case("/enterprise/2.19/user/articles/foo", FPT, "/en/enterprise/2.19/user/articles/foo"),
    Case("/enterprise/2.19/user/articles/foo", GHES_222, "/en/enterprise/2.19/user/articles/foo"),
    Case("/github/site-policy/x", FPT, "/en/github/site-policy/x", classes="dotcom-only"),
    Case("/github/site-policy/x", GHES_222, "/en/github/site-policy/x", classes="dotcom-only"),
    Case("/assets/images/x.png", GHES_222, "/assets/images/x.png"),
    Case("/capistrano", GHES_222, "/capistrano"),
    Case("#anchor", GHES_222, "#anchor"),
    Case("https://github.com/articles/foo", GHES_222, "https://github.com/articles/foo"),
    # PEER-TEST-FACTS §5
    Case("/articles/about-pull-requests", GHES_30, "/en/enterprise-server@3.0/articles/about-pull-requests"),
    Case("/enterprise/11.10.340/admin/articles/upgrading-to-the-latest-release/", GHES_30,
         "/en/enterprise/11.10.340/admin/articles/upgrading-to-the-latest-release"),
    Case("/public/schema.docs.graphql", FPT, "/public/schema.docs.graphql"),
    Case("/enterprise-server@latest/rest/reference/x", FPT, "/en/enterprise-server@latest/rest/reference/x"),
    Case("/free-pro-team@latest/x", FPT, "/ja/free-pro-team@latest/x", lang="ja"),  # FPT kept (observed)
    Case("/insights/installing", FPT, "/en/enterprise-server@3.0/insights/installing"),
    Case("/admin/installation/setting-up-a-github-enterprise-server-instance", FPT,
         "/en/enterprise-server@3.0/admin/installation/setting-up-a-github-enterprise-server-instance"),
    Case("/enterprise/2.22/user/github/foo", GHES_30, "/en/enterprise-server@3.0/github/foo"),
    Case("/enterprise/2.22/admin/guides/x", FPT, "/en/enterprise-server@3.0/admin/guides/x"),
    # a version injected by Liquid into a legacy path (spec §11 item 9)
    Case("/enterprise/enterprise-server@2.22/user/rest/reference/enterprise-admin#ldap", GHES_222,
         "/en/enterprise-server@2.22/rest/reference/enterprise-admin#ldap"),
    Case("/enterprise/free-pro-team@latest/user/rest/reference/enterprise-admin#ldap", FPT,
         "/en/rest/reference/enterprise-admin#ldap"),
    # languages, other versions, fragments, queries, trailing slashes
    Case("/github/foo", GHAE, "/ja/github-ae@latest/github/foo", lang="ja"),
    Case("/en/github/foo", GHES_222, "/ja/enterprise-server@2.22/github/foo", lang="ja"),
    Case("/github/foo/#section", FPT, "/en/github/foo#section"),
    Case("/github/foo?query=x#y", GHES_222, "/en/enterprise-server@2.22/github/foo?query=x#y"),
    Case("/github//", FPT, "/en/github"),
    Case("/", FPT, "/en"),
    Case("/", GHES_222, "/en/enterprise-server@2.22"),
    Case("//example.com/x", FPT, "//example.com/x"),
    Case("mailto:someone@example.com", FPT, "mailto:someone@example.com"),
    Case("/desktop/foo", FPT, "/en/desktop/foo", classes="link-title dotcom-only"),
    # dotcom-only on an admin link still goes to the latest release (override order of the original)
    Case("/admin/foo", GHES_222, "/en/enterprise-server@3.0/admin/foo", classes="dotcom-only"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.href}@{c.version}" for c in CASES])
def test_rewrite_href(case: Case) -> None:
    version = VERSIONS.by_id[case.version]
    assert rewrite_href(case.href, case.lang, version, VERSIONS, RULES, case.classes) == case.expected


class LegacyCase(NamedTuple):
    path: str
    version: str
    rest: str


LEGACY = [
    LegacyCase("/enterprise/2.22/user/github/foo", GHES_222, "/github/foo"),
    LegacyCase("/enterprise/2.21/admin/guides/x", "enterprise-server@2.21", "/admin/guides/x"),
    LegacyCase("/enterprise/user/github/foo", GHES_30, "/github/foo"),
    LegacyCase("/enterprise/admin/foo", GHES_30, "/admin/foo"),
    LegacyCase("/enterprise", GHES_30, "/"),
    LegacyCase("/enterprise/2.19/user/x", "enterprise-server@2.19", "/x"),  # not supported: caller checks
    LegacyCase("/enterprise/github-ae@latest/user/x", GHAE, "/x"),
    LegacyCase("/enterprise-server@2.21/github/x", "enterprise-server@2.21", "/github/x"),
    LegacyCase("/enterprise-server@latest/github/x", GHES_30, "/github/x"),
    LegacyCase("/enterprise-server/github/x", GHES_30, "/github/x"),
    LegacyCase("/github-ae@latest/github/x", GHAE, "/github/x"),
    LegacyCase("/free-pro-team@latest/github/x", FPT, "/github/x"),
    LegacyCase("/github/x", FPT, "/github/x"),
    LegacyCase("/", FPT, "/"),
]


@pytest.mark.parametrize("case", LEGACY, ids=[c.path for c in LEGACY])
def test_normalize_legacy(case: LegacyCase) -> None:
    assert normalize_legacy(case.path, VERSIONS, RULES) == (case.version, case.rest)


def test_plan_names_come_from_the_configuration() -> None:
    """Another site: other plan ids, another legacy prefix and user segment, no desktop rule."""
    raw = {
        "plans": [
            {"id": "cloud", "title": "Cloud", "version_title": "Cloud", "releases": ["latest"],
             "default": True},
            {"id": "server", "title": "Server", "version_title": "Server {release}",
             "releases": ["5.1", "5.0"], "numbered": True, "legacy_prefix": "onprem",
             "deprecated": ["4.9"]},
        ],
        "languages": [{"code": "en", "name": "English", "content_dir": "content", "data_dir": "data"}],
        "links": {"non_default_products": ["ops"], "latest_release_plan": "server",
                  "legacy_user_segment": "docs", "default_version_class": "cloud-only"},
    }
    config = parse_config(raw, Path("."))
    versions = Versions(config)
    cloud, server50 = versions.by_id["cloud@latest"], versions.by_id["server@5.0"]
    rules = config.links
    assert normalize_legacy("/onprem/5.0/docs/hub/x", versions, rules) == ("server@5.0", "/hub/x")
    assert rewrite_href("/onprem/docs/hub/x", "en", cloud, versions, rules) == "/en/hub/x"
    assert rewrite_href("/hub/x", "en", server50, versions, rules) == "/en/server@5.0/hub/x"
    assert rewrite_href("/ops/x", "en", cloud, versions, rules) == "/en/server@5.1/ops/x"
    assert rewrite_href("/onprem/4.9/hub/x", "en", cloud, versions, rules) == "/en/onprem/4.9/hub/x"
    assert rewrite_href("/hub/x", "en", server50, versions, rules, "cloud-only") == "/en/hub/x"
    assert rewrite_href("/desktop/x", "en", server50, versions, rules) == "/en/server@5.0/desktop/x"
