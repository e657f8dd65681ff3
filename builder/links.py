"""Local link rewriting (spec §6.5): pure functions over href strings.

Authors write links without language or version (``/github/foo``), in legacy forms
(``/enterprise/2.22/user/github/foo``) or with a version (``/enterprise-server@2.20/github/foo``).
:func:`rewrite_href` turns such an href into the URL of the same page in the language and
version being rendered.  :func:`normalize_legacy` splits a language-less path into the version it
names and the rest; the redirect module reuses it.

Which plans exist, which legacy prefix maps to which plan, and the one-off overrides all come
from the configuration (:class:`~builder.config.Plan`, :class:`~builder.config.LinkRules`).
"""

from __future__ import annotations

import re

from .config import LinkRules
from .versions import Version, Versions

_RELEASE = re.compile(r"\d+(?:\.\d+)+")


def split_suffix(href: str) -> tuple[str, str]:
    """``/a/b?x=1#c`` -> (``/a/b``, ``?x=1#c``)."""
    cut = len(href)
    for mark in "?#":
        at = href.find(mark)
        if 0 <= at < cut:
            cut = at
    return href[:cut], href[cut:]


def strip_trailing_slashes(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped or "/"


def _legacy_plan(segment: str, versions: Versions):
    for plan in versions.plans.values():
        if plan.legacy_prefix and plan.legacy_prefix == segment:
            return plan
    return None


def _join(segments: list[str]) -> str:
    return "/" + "/".join(segments)


def normalize_legacy(path: str, versions: Versions, rules: LinkRules) -> tuple[str, str]:
    """Split a language-less path into (version id, path without version) (spec §6.5 step 4.2).

    * ``/<version-id>/x``, ``/<plan>@latest/x`` and ``/<plan>/x`` -> that version (the plan's
      latest release for the last two);
    * ``/<legacy_prefix>/<X.Y>/[user/]x`` -> ``<plan>@X.Y`` (also when X.Y is not a supported
      release: callers check ``versions.by_id``);
    * ``/<legacy_prefix>/<version-id>/[user/]x`` (a version injected by Liquid) -> that version;
    * ``/<legacy_prefix>/[user/]x`` -> the latest release of the plan;
    * anything else -> the default version (``""`` when the site has none).

    The returned path always starts with ``/`` (``/`` alone for a version's home page).
    """
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    if not segments:
        return _default_id(versions), "/"
    first = segments[0]
    version = versions.segment_version(first)
    if version is not None:
        return version.id, _join(segments[1:])
    plan = _legacy_plan(first, versions)
    if plan is None:
        return _default_id(versions), _join(segments)
    rest = segments[1:]
    version_id = f"{plan.id}@{plan.releases[0]}"
    if rest and _RELEASE.fullmatch(rest[0]):
        version_id = f"{plan.id}@{rest[0]}"
        rest = rest[1:]
    elif rest and versions.segment_version(rest[0]) is not None:
        version_id = versions.segment_version(rest[0]).id
        rest = rest[1:]
    if rest and rules.legacy_user_segment and rest[0] == rules.legacy_user_segment:
        rest = rest[1:]
    return version_id, _join(rest)


def _default_id(versions: Versions) -> str:
    return versions.default.id if versions.default else ""


def _drop_language(path: str, versions: Versions) -> str:
    segments = path.split("/")
    if len(segments) > 1 and versions.config.language(segments[1]) is not None:
        return _join(segments[2:])
    return path


def _is_asset(path: str, rules: LinkRules) -> bool:
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/")
               for prefix in rules.asset_prefixes)


def _is_external(path: str, rules: LinkRules) -> bool:
    return path in rules.external_paths or strip_trailing_slashes(path) in rules.external_paths


def _names_deprecated_release(path: str, versions: Versions) -> bool:
    """Does the path hold ``<legacy_prefix>/<deprecated release>`` anywhere (spec §6.5 step 3)?"""
    segments = path.split("/")
    for plan in versions.plans.values():
        if not plan.legacy_prefix or not plan.deprecated:
            continue
        for i, segment in enumerate(segments[:-1]):
            if segment == plan.legacy_prefix and segments[i + 1] in plan.deprecated:
                return True
    return False


def _target_version(rest: str, version: Version, versions: Versions, rules: LinkRules,
                    classes: str) -> Version:
    """The one-off overrides of spec §6.5 step 4.4, in the original's order."""
    target = version
    default = versions.default
    product = rest.split("/")[1] if rest.count("/") >= 1 else ""
    if default is not None:
        if rules.default_version_class and rules.default_version_class in classes.split():
            target = default
        if product in rules.default_version_products:
            target = default
    if (product in rules.non_default_products and target.is_default
            and rules.latest_release_plan in versions.plans):
        plan = versions.plans[rules.latest_release_plan]
        target = versions.by_id.get(f"{plan.id}@{plan.releases[0]}", target)
    return target


def rewrite_href(href: str, lang: str, version: Version, versions: Versions, rules: LinkRules,
                 classes: str = "") -> str:
    """The href of a local link as rendered for language ``lang`` in ``version`` (spec §6.5).

    Only hrefs starting with a single ``/`` are local; anything else is returned unchanged.
    ``classes`` is the class attribute of the anchor (for ``rules.default_version_class``).
    """
    if not href.startswith("/") or href.startswith("//"):
        return href
    path, suffix = split_suffix(href)
    if _is_asset(path, rules) or _is_external(path, rules):
        return href
    first = path.split("/")[1]
    if first.partition("@")[0] in versions.plans:
        # a plan or version is written out: keep it, even the default one (observed)
        new_path = f"/{lang}{path}"
    else:
        path = _drop_language(path, versions)
        if _names_deprecated_release(path, versions):
            new_path = f"/{lang}{path}"
        else:
            _, rest = normalize_legacy(path, versions, rules)
            target = _target_version(rest, version, versions, rules, classes)
            prefix = f"/{lang}" if target.is_default else f"/{lang}/{target.id}"
            new_path = prefix + ("" if rest == "/" else rest)
    return strip_trailing_slashes(new_path) + suffix
