"""Versions: plans and releases from the configuration, `versions:` ranges, permalinks.

A *version* is ``plan@release`` (``enterprise-server@2.22``).  Pages declare the versions they
exist in with a map of plan -> semver range (spec §3.2); this module turns that into the ordered
list of versions the page is built for, compares versions for the ``ver_gt``/``ver_lt`` Liquid
operators (spec §5.3), and builds permalinks (spec §4).  All facts about which plans exist come
from :mod:`builder.config`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .config import Plan, SiteConfig
from .errors import VersionError

SemVer = tuple[int, int, int]


@dataclass(frozen=True)
class Version:
    id: str  # "enterprise-server@3.0"
    plan: str  # "enterprise-server"
    release: str  # "3.0" or "latest"
    title: str  # "Enterprise Server 3.0"
    plan_title: str
    is_default: bool  # the default version has no URL segment
    numbered: bool
    latest_id: str  # the newest version of the same plan
    misc_name: str
    openapi_name: str

    @property
    def is_latest(self) -> bool:
        return self.id == self.latest_id

    def as_liquid(self) -> dict[str, Any]:
        """The version object as templates see it (spec §3.1 field names)."""
        return {
            "version": self.id, "versionTitle": self.title, "plan": self.plan,
            "planTitle": self.plan_title, "currentRelease": self.release,
            "latestVersion": self.latest_id, "hasNumberedReleases": self.numbered,
            "nonEnterpriseDefault": self.is_default, "miscVersionName": self.misc_name,
            "openApiVersionName": self.openapi_name,
        }


def _fill(template: str, release: str) -> str:
    return template.replace("{release}", release)


_COERCE = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@lru_cache(maxsize=1024)
def coerce(text: str) -> SemVer | None:
    """node-semver's coerce(): the first run of up to three dotted numbers (``2.22`` -> 2.22.0)."""
    m = _COERCE.search(text)
    if not m:
        return None
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))


_COMPARATOR = re.compile(r"^(<=|>=|<|>|=|~|\^)?\s*v?([0-9xX*]+(?:\.[0-9xX*]+){0,2})?$")


def _partial(text: str) -> tuple[int | None, int | None, int | None]:
    parts: list[int | None] = []
    for piece in text.split("."):
        parts.append(None if piece in ("x", "X", "*") else int(piece))
    while len(parts) < 3:
        parts.append(None)
    return parts[0], parts[1], parts[2]


def _comparator_test(op: str, text: str) -> list[tuple[str, SemVer]]:
    """Expand one node-semver comparator with a partial version into plain comparisons."""
    major, minor, patch = _partial(text)
    if major is None:
        return []  # "*": matches everything
    lo = (major, minor or 0, patch or 0)
    if minor is None:
        hi = (major + 1, 0, 0)
    elif patch is None:
        hi = (major, minor + 1, 0)
    else:
        hi = lo
    exact = minor is not None and patch is not None
    if op in ("", "="):
        return [("==", lo)] if exact else [(">=", lo), ("<", hi)]
    if op == ">=":
        return [(">=", lo)]
    if op == "<":
        return [("<", lo)]
    if op == ">":
        return [(">", lo)] if exact else [(">=", hi)]
    if op == "<=":
        return [("<=", lo)] if exact else [("<", hi)]
    if op == "~":
        return [(">=", lo), ("<", (major, (minor or 0) + 1, 0) if minor is not None else hi)]
    if op == "^":
        if major > 0 or minor is None:
            return [(">=", lo), ("<", (major + 1, 0, 0))]
        return [(">=", lo), ("<", (0, minor + 1, 0))]
    raise ValueError(op)


_OPS = {
    "==": lambda a, b: a == b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, "<": lambda a, b: a < b,
}


@lru_cache(maxsize=512)
def parse_range(range_text: str) -> tuple[tuple[tuple[str, SemVer], ...], ...]:
    """Parse a node-semver range (``'>=2.22 <3.1 || 2.20'``) into OR-ed sets of comparisons.

    Raises ValueError for text that is not a range, so frontmatter errors can say so.
    """
    alternatives = []
    for alt in str(range_text).split("||"):
        alt = alt.strip()
        hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", alt)
        if hyphen:
            tests = _comparator_test(">=", hyphen.group(1)) + _comparator_test("<=", hyphen.group(2))
            alternatives.append(tuple(tests))
            continue
        tests: list[tuple[str, SemVer]] = []
        # allow "> = 2.2" style spacing between operator and version
        tokens = re.findall(r"(?:<=|>=|<|>|=|~|\^)?\s*[^\s<>=~^]+", alt) if alt else []
        for token in tokens:
            m = _COMPARATOR.match(token.strip())
            if not m:
                raise ValueError(f"'{token.strip()}' is not a version comparator")
            tests.extend(_comparator_test(m.group(1) or "", m.group(2) or "*"))
        alternatives.append(tuple(tests))
    return tuple(alternatives)


def satisfies(release: str, range_text: str) -> bool:
    """Does release (coerced to semver) satisfy the node-semver range?"""
    version = coerce(release)
    if version is None:
        return False
    for tests in parse_range(range_text):
        if all(_OPS[op](version, bound) for op, bound in tests):
            return True
    return False


_VERSION_LIKE = re.compile(r"^(?:[a-z](?:[a-z-]*[a-z])?@)?\d+(?:\.\d+)*")


class Versions:
    """All versions of a site, in the order every "applicable versions" list follows."""

    def __init__(self, config: SiteConfig):
        self.config = config
        self.plans: dict[str, Plan] = {p.id: p for p in config.plans}
        versions: list[Version] = []
        for plan in config.plans:
            latest_id = f"{plan.id}@{plan.releases[0]}"
            for release in plan.releases:
                versions.append(Version(
                    id=f"{plan.id}@{release}", plan=plan.id, release=release,
                    title=_fill(plan.version_title, release), plan_title=plan.title,
                    is_default=plan.default, numbered=plan.numbered, latest_id=latest_id,
                    misc_name=_fill(plan.misc_name, release),
                    openapi_name=_fill(plan.openapi_name, release),
                ))
        self.all: tuple[Version, ...] = tuple(versions)
        self.by_id: dict[str, Version] = {v.id: v for v in versions}
        self.ids: tuple[str, ...] = tuple(v.id for v in versions)
        self.default: Version | None = next((v for v in versions if v.is_default), None)
        self._order = {v.id: i for i, v in enumerate(versions)}
        self.bare_release_plan = config.bare_release_plan

    # -- lookups -------------------------------------------------------------------------------

    def of_plan(self, plan_id: str) -> list[str]:
        return [v.id for v in self.all if v.plan == plan_id]

    def segment_version(self, segment: str) -> Version | None:
        """Map a URL segment to a version: a version id, ``plan@latest`` or a bare plan name."""
        if segment in self.by_id:
            return self.by_id[segment]
        plan_id, _, release = segment.partition("@")
        plan = self.plans.get(plan_id)
        if plan and release in ("", "latest"):
            return self.by_id[f"{plan.id}@{plan.releases[0]}"]
        return None

    def is_plan_or_version(self, segment: str) -> bool:
        return self.segment_version(segment) is not None

    def deprecated_releases(self) -> list[tuple[str, str]]:
        return [(p.id, r) for p in self.config.plans for r in p.deprecated]

    def sort(self, ids) -> list[str]:
        return sorted(ids, key=lambda i: self._order.get(i, 1 << 30))

    # -- frontmatter `versions:` ----------------------------------------------------------------

    def resolve(self, spec: Any) -> list[Version]:
        """Applicable versions of a page, in site order (spec §3.2).

        Raises VersionError naming what is wrong when the value is malformed, names an unknown
        plan, or selects no version at all.
        """
        if spec == "*":
            return list(self.all)
        if not isinstance(spec, dict) or not spec:
            raise VersionError(
                f"`versions` must be '*' or a map of plan to range, not {spec!r}",
                hint=f"e.g. versions: {{{next(iter(self.plans), 'plan')}: '*'}}")
        chosen: set[str] = set()
        for plan_id, range_text in spec.items():
            plan = self.plans.get(plan_id)
            if plan is None:
                raise VersionError(
                    f"No applicable versions found: unknown plan '{plan_id}' in `versions`",
                    hint=f"known plans: {', '.join(self.plans)}")
            if not plan.numbered:
                chosen.update(self.of_plan(plan.id))
                continue
            try:
                for release in plan.releases:
                    if satisfies(release, str(range_text)):
                        chosen.add(f"{plan.id}@{release}")
            except ValueError as exc:
                raise VersionError(
                    f"bad version range {range_text!r} for plan '{plan_id}': {exc}",
                    hint="use a semver range such as '*', '>=2.22', '<2.21' or '>=2.20 <3.0'",
                ) from exc
        if not chosen:
            raise VersionError(
                f"No applicable versions found for {spec!r}: no supported release matches",
                hint="supported releases: " + ", ".join(
                    f"{p.id}@{r}" for p in self.plans.values() if p.numbered for r in p.releases))
        return [v for v in self.all if v.id in chosen]

    # -- ver_gt / ver_lt ------------------------------------------------------------------------

    def compare(self, left: Any, right: Any, op: str) -> bool:
        """``left ver_gt right`` (op ">") or ``ver_lt`` (op "<"), with the original's rules:
        both sides must look like ``[plan@]number``; different plans compare false."""
        if not isinstance(left, str) or not isinstance(right, str):
            return False
        if not _VERSION_LIKE.match(left) or not _VERSION_LIKE.match(right):
            return False
        lplan, _, lrel = left.rpartition("@")
        rplan, _, rrel = right.rpartition("@")
        lplan = lplan or self.bare_release_plan
        rplan = rplan or self.bare_release_plan
        if lplan != rplan:
            return False
        a, b = coerce(lrel), coerce(rrel)
        if a is None or b is None:
            return False
        return a > b if op == ">" else a < b


# -- permalinks ----------------------------------------------------------------------------------


def page_suffix(relative_path: str) -> str:
    """``github/index.md`` -> ``github``; ``a/b.md`` -> ``a/b``; ``index.md`` -> ``''``."""
    suffix = relative_path.replace("index.md", "", 1)
    suffix = suffix.replace(".md", "", 1)
    return suffix.strip("/")


def permalink(lang: str, version: Version | None, relative_path: str) -> str:
    """The canonical URL of a page in one language and version (spec §4)."""
    parts = [lang]
    if version is not None and not version.is_default:
        parts.append(version.id)
    suffix = page_suffix(relative_path)
    if suffix:
        parts.append(suffix)
    return "/" + "/".join(parts)
