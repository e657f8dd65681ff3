"""Deprecated releases: every URL under one redirects to the archive (spec §10.6, §10.2).

The original proxied ``/enterprise/<deprecated>/...`` and ``/enterprise-server@<deprecated>/...``
from an external archive; a static site cannot, so it redirects there instead, following the
original's rules by release (from :class:`builder.config.Archive`):

* releases archived with languages: the request path, as asked, is appended to the release's
  archive folder (``/en/enterprise/2.19/x`` -> ``<archive>/2.19/en/enterprise/2.19/x``);
* older releases (before ``language_from``): the language and the version segment are dropped
  (``/en/enterprise/2.12/x`` -> ``<archive>/2.12/x``);
* the release notes page of a deprecated release goes to the legacy release-notes location.

No host can list every old path, so the rules are data a server applies to any path: a
:class:`PrefixRule` (prefix -> target, the rest of the path appended) that ``_redirects``
writes as a splat and an nginx map as a regex, and exact release-notes entries.  Static stubs
are written for the exact entries and for each prefix itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Archive, SiteConfig
from .content import Content
from .versions import Versions

RELEASE_NOTES_LAYOUT = "release-notes"


@dataclass(frozen=True)
class PrefixRule:
    """Every path equal to ``prefix`` or under ``prefix/`` redirects to ``target`` + the rest."""

    prefix: str  # e.g. "/en/enterprise/2.19"
    target: str  # e.g. "https://archive.example/2.19/en/enterprise/2.19"
    status: int = 301

    def apply(self, path: str) -> str | None:
        """The location for ``path`` (without query), or None when the rule does not match."""
        if path == self.prefix or path.startswith(self.prefix + "/"):
            return self.target + path[len(self.prefix):]
        return None

    @property
    def regex(self) -> str:
        """A PCRE (nginx) pattern matching the same paths; group 1 is the rest."""
        return "^" + re.escape(self.prefix) + "(/.*)?$"

    @property
    def replacement(self) -> str:
        """The PCRE (nginx) replacement for :attr:`regex`."""
        return self.target + "$1"

    def netlify_lines(self) -> list[str]:
        """``_redirects`` lines: the prefix itself and a splat for everything under it."""
        return [f"{self.prefix} {self.target} {self.status}",
                f"{self.prefix}/* {self.target}/:splat {self.status}"]


@dataclass(frozen=True)
class ArchiveRules:
    """The redirects of all deprecated releases: prefix rules and exact entries."""

    prefixes: tuple[PrefixRule, ...] = ()
    exact: dict[str, str] | None = None  # old path -> absolute URL (release notes)
    releases: tuple[str, ...] = ()

    def resolve(self, path: str) -> str | None:
        """Where a request for ``path`` (no query) goes, or None if it is not under a
        deprecated release.  Exact entries first: they are more specific."""
        exact = (self.exact or {}).get(path)
        if exact:
            return exact
        for rule in self.prefixes:
            found = rule.apply(path)
            if found:
                return found
        return None

    def stubs(self) -> dict[str, str]:
        """Paths a static site can hold a stub for: the exact entries and each prefix."""
        out = {rule.prefix: rule.target for rule in self.prefixes}
        out.update(self.exact or {})
        return out

    def netlify_lines(self) -> list[str]:
        """Exact entries before the splats (a host applies the first rule that matches)."""
        lines = [f"{k} {v} 301" for k, v in sorted((self.exact or {}).items())]
        for rule in self.prefixes:
            lines += rule.netlify_lines()
        return lines

    def is_deprecated(self, path: str) -> bool:
        return any(rule.apply(path) for rule in self.prefixes)


def _forms(config: SiteConfig, versions: Versions, archive: Archive, release: str) -> list[str]:
    """The URL segments naming a deprecated release: ``plan@X.Y`` and the legacy ``prefix/X.Y``."""
    plan = versions.plans.get(archive.plan)
    forms = [f"{archive.plan}@{release}"]
    if plan is not None and plan.legacy_prefix:
        forms.append(f"{plan.legacy_prefix}/{release}")
    return forms


def release_notes_suffixes(content: Content, lang: str, plan: str) -> list[str]:
    """The paths (after the version segment) of the release notes pages of ``plan``."""
    found: list[str] = []
    for page in content.pages_of(lang):
        if page.data.get("layout") != RELEASE_NOTES_LAYOUT:
            continue
        for link in page.permalinks:
            if link.version is not None and link.version.plan == plan:
                suffix = link.href.split("/", 3)[3] if link.href.count("/") >= 3 else ""
                if suffix and suffix not in found:
                    found.append(suffix)
                break
    return found


def build_archive_rules(config: SiteConfig, versions: Versions, content: Content) -> ArchiveRules:
    """The redirects of every deprecated release of the configured archive plan."""
    archive = config.archive
    if archive is None:
        return ArchiveRules(exact={})
    plan = next((p for p in config.plans if p.id == archive.plan), None)
    if plan is None or not plan.deprecated:
        return ArchiveRules(exact={})
    older = False  # deprecated releases are listed newest first
    langs = [""] + [f"/{lang.code}" for lang in config.languages]
    notes = (release_notes_suffixes(content, config.default_language.code, plan.id)
             if archive.release_notes_url else [])
    prefixes: list[PrefixRule] = []
    exact: dict[str, str] = {}
    for release in plan.deprecated:
        for form in _forms(config, versions, archive, release):
            for lang in langs:
                prefix = f"{lang}/{form}"
                if older:
                    target = archive.old_url.format(release=release, rest="")
                else:
                    target = archive.url.format(release=release, path=prefix)
                prefixes.append(PrefixRule(prefix, target.rstrip("/")))
                for suffix in notes:
                    exact[f"{prefix}/{suffix}"] = archive.release_notes_url.format(release=release)
        if archive.language_from and release == archive.language_from:
            older = True  # the releases after this one in the list are older
    return ArchiveRules(tuple(prefixes), exact, plan.deprecated)
