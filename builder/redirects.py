"""Redirects: every old URL that answers 301 with a page's URL (spec §9), built from the content.

The table is built once, before rendering, from two sources (spec §9.2), in page-list order
(English pages, then each language; a later page wins a key, and the clash is reported):

* aliases of every permalink: the explicit default-version form, ``plan@latest`` and the bare
  plan name of other plans' latest releases, the legacy ``/<legacy_prefix>/X.Y[/user]/...``
  forms, the ``/<product>/guides`` forms and the version-less shortcut products, each under its
  language and (default language only) without one;
* each page's ``redirect_from`` entries, read in every version the page has, with the same
  aliases.

Before the pages, the ``legacy`` redirect files named in the configuration are merged (spec
§9.2: a page's redirect wins a key both name); ``external`` files (old path -> another site) are
answered before anything else (spec §9.1 step 3).  Then the homepage (``/`` -> ``/en``) and the
legacy language prefixes (``/jp/...`` -> ``/ja/...``) are added.  The URLs of deprecated releases
go to the archive (:mod:`builder.archive`): prefix rules any server can apply, plus stubs for
the paths a static site can know.  :attr:`RedirectTable.counts` says, per source, how many
entries were kept and how many dropped, by reason.

Where the original's table and a page disagree, the page wins: a key that is a page URL is
dropped (a static host serves one file per path), and a page keeps the old forms of its own URL
against another page's ``redirect_from``; both are reported.  Every target is a real page
(no chains).  Every rule that names a product, a plan or a URL segment reads it from
:class:`builder.config.LinkRules` or the plans.

:class:`RedirectTable` answers lookups for the renderer and a preview server (with the request
rules of spec §9.1) and writes the static outputs: one HTML stub per key, ``_redirects`` and
``redirects.json``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from urllib.parse import quote

from .archive import ArchiveRules, build_archive_rules
from .config import SiteConfig
from .content import Content, Page, Permalink
from .errors import Diagnostic
from .links import normalize_legacy
from .publisher import Publisher
from .redirect_files import (BAD_ENTRY, KEY_IS_PAGE, LANGUAGE_NOT_BUILT, NOT_A_PAGE, NOT_ABSOLUTE,
                             REPLACED_BY_EXTERNAL, REPLACED_BY_LATER_FILE, REPLACED_BY_PAGE,
                             SAME_AS_PAGE, SAME_AS_TARGET, LoadedFile, SourceCount, is_absolute,
                             latest_substitutions, load_redirect_file)
from .versions import Version, Versions

_CURRENT_VERSION = re.compile(r"\{\{\s*currentVersion\s*\}\}")
_UNSAFE = re.compile(r"[\s?#\\\x00-\x1f{}]")
_PLAIN_PREFIX = re.compile(r"\^(/[A-Za-z0-9_\-/]*)")


# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguagePattern:
    """A legacy language prefix (``^/jp`` -> ``/ja``), applied to any path by a server."""

    regex: str
    code: str
    prefix: str | None  # the literal prefix ("/jp") when the regex is one, else None

    def apply(self, path: str) -> str | None:
        replaced = re.sub(self.regex, f"/{self.code}", path, count=1)
        return replaced if replaced != path else None


@dataclass
class RedirectTable:
    entries: dict[str, str]  # old path -> page URL; no key is a page, every value is one
    patterns: tuple[LanguagePattern, ...]
    diagnostics: list[Diagnostic]
    pages: frozenset[str]  # every page URL the table was built against
    # old path -> absolute URL of another site; answered before anything else (spec §9.1)
    external: dict[str, str] = field(default_factory=dict)
    # deprecated releases -> the archive: prefix rules (for splats and regex maps) and exact
    # entries (spec §10.6)
    archive: ArchiveRules = field(default_factory=ArchiveRules)
    # per source ("pages", each redirect file, "archive"): kept and dropped (by reason)
    counts: dict[str, SourceCount] = field(default_factory=dict)

    def lookup(self, path: str) -> str | None:
        """Where a request for ``path`` (optionally with ``?query``/``#fragment``) redirects.

        Spec §9.1 step 6: with a query, the first ``q`` parameter becomes ``query`` and a
        trailing ``/search`` segment is dropped; the path is then looked up in the table.  The
        answer is None when nothing changes or the destination is not a page.
        """
        rest, hash_, fragment = path.partition("#")
        base, qmark, query = rest.partition("?")
        key = base
        if qmark:
            query = _rename_q(query)
            key = _drop_search(base)
        target = self.entries.get(key, key)
        target, own_hash, own_fragment = target.partition("#")  # legacy tables name anchors
        if target not in self.pages:
            return None
        result = target + (f"?{query}" if qmark else "")
        if result == rest:
            return None
        if own_hash:
            return f"{result}#{own_fragment}"
        return result + (f"#{fragment}" if hash_ else "")

    def resolve(self, url: str) -> str | None:
        """The 301 location of a request, as the original decided it (spec §9.1 steps 2, 5, 6):
        trailing slash first, then the legacy language prefixes, then the table."""
        path, qmark, query = url.partition("?")
        suffix = f"?{query}" if qmark else ""
        if len(path) > 1 and path.endswith("/"):
            return path[:-1] + suffix
        if path in self.external:
            return self.external[path]
        for pattern in self.patterns:
            replaced = pattern.apply(path)
            if replaced is not None:
                return replaced + suffix
        found = self.lookup(url)
        if found is None and path not in self.pages:
            archived = self.archive.resolve(path)
            return archived + suffix if archived else None
        return found

    # -- static outputs ------------------------------------------------------------------------

    def write(self, publisher: Publisher, page_urls: set[str]) -> int:
        """Write one HTML stub per key, ``_redirects`` and ``redirects.json``; return the number
        of stubs.  Entries whose key was written as a page, or whose target was not, are left
        out of all three outputs."""
        live = self.live(page_urls)
        publisher.write_pages((key, stub_html(live[key])) for key in sorted(live))
        self.write_tables(publisher, live)
        return len(live)

    def live(self, page_urls: set[str]) -> dict[str, str]:
        """The entries a static site can serve: key not a page, target a page (or another
        site); with the external entries and the archive's stubs."""
        out = {k: t for k, t in self.entries.items()
               if k not in page_urls and (t in page_urls or page_of(t) in page_urls)}
        for key, target in self.archive.stubs().items():
            if key not in page_urls:
                out.setdefault(key, target)
        for key, target in self.external.items():
            if key not in page_urls:
                out[key] = target
        return out

    def write_tables(self, publisher: Publisher, live: dict[str, str]) -> None:
        """``_redirects``, ``redirects.json`` and the nginx map for the live entries (the
        build renders the same three as outputs, see builder.outputs)."""
        from .publish.nginx import NGINX_MAP

        publisher.write_file("_redirects", self.netlify_rules(live))
        publisher.write_file(NGINX_MAP, self.nginx_table(live))
        publisher.write_file("redirects.json", self.json_table(live))

    @staticmethod
    def json_table(live: dict[str, str]) -> str:
        """``redirects.json``: every live entry, old path -> page URL."""
        return json.dumps(live, ensure_ascii=False, sort_keys=True, indent=0) + "\n"

    def nginx_table(self, live: dict[str, str]) -> str:
        """The nginx ``map`` of every live entry, the archive's prefixes and the language
        prefixes (:mod:`builder.publish.nginx`)."""
        from .publish.nginx import nginx_map

        return nginx_map(live, self.patterns, self.archive.prefixes)

    def netlify_rules(self, entries: dict[str, str] | None = None) -> str:
        """``_redirects`` (Netlify, Cloudflare Pages): exact rules, then the archive's splats
        (after the exact rules: the first matching rule applies), then language splats."""
        entries = self.entries if entries is None else entries
        lines = [f"{_url(k)} {_url(v)} 301" for k, v in sorted(entries.items())]
        for rule in self.archive.prefixes:
            lines.append(f"{_url(rule.prefix)}/* {_url(rule.target)}/:splat {rule.status}")
        for p in self.patterns:
            if p.prefix:
                lines.append(f"{p.prefix}/* /{p.code}/:splat 301")
        return "\n".join(lines) + "\n"


def stub_html(target: str) -> str:
    """The page left at an old URL: a meta refresh plus a visible link."""
    t = html.escape(target, quote=True)
    lang = target.split("/", 2)[1] if target.startswith("/") else ""
    lang_attr = f' lang="{html.escape(lang)}"' if lang else ""
    return (
        f"<!doctype html>\n<html{lang_attr}>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Redirecting to {t}</title>\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n"
        f"<link rel=\"canonical\" href=\"{t}\">\n"
        f"<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{t}\">{t}</a>.</p>\n</body>\n</html>\n"
    )


def _url(path: str) -> str:
    return quote(path, safe="/@:!$&'()*+,;=-._~%#" + ("?" if is_absolute(path) else ""))


def page_of(target: str) -> str:
    """The page a target names (legacy tables point at anchors: ``/en/rest/x#events``)."""
    return target.partition("#")[0]


def _rename_q(query: str) -> str:
    params = query.split("&")
    for i, param in enumerate(params):
        if param == "q" or param.startswith("q="):
            params[i] = "query" + param[1:]
            break
    return "&".join(params)


def _drop_search(path: str) -> str:
    trimmed = path[:-1] if path.endswith("/") else path
    if trimmed == "/search" or trimmed.endswith("/search"):
        return trimmed[: -len("/search")] or "/"
    return path


# -- aliases ------------------------------------------------------------------------------------


class AliasRules:
    """The old forms of one modern path ``/<version>/<suffix>`` (spec §9.2), from the config."""

    def __init__(self, config: SiteConfig, versions: Versions):
        rules = config.links
        self.versions = versions
        self.user = rules.legacy_user_segment
        self.user_product = rules.legacy_user_product
        self.guides = frozenset(rules.legacy_guides_products)
        self.shortcuts = frozenset(rules.latest_release_shortcut_products)
        shortcut_plan = versions.plans.get(rules.latest_release_plan)
        self.shortcut_version = (f"{shortcut_plan.id}@{shortcut_plan.releases[0]}"
                                 if shortcut_plan else "")
        self._forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for v in versions.all:
            self._forms[v.id] = self._version_forms(v)

    def _version_forms(self, v: Version) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(modern segments, legacy segments) naming version v; the canonical one first."""
        modern = ["" if v.is_default else v.id]
        if v.is_default:
            modern.append(v.id)
        if v.is_latest and not v.is_default:  # plan@latest and the bare plan name (spec §3.3)
            modern += [s for s in (f"{v.plan}@latest", v.plan) if s not in modern]
        plan = self.versions.plans[v.plan]
        legacy: list[str] = []
        if plan.legacy_prefix and plan.numbered:
            legacy.append(f"{plan.legacy_prefix}/{v.release}")
            if v.is_latest:
                legacy.append(plan.legacy_prefix)
        return tuple(modern), tuple(legacy)

    def paths(self, version: Version | None, suffix: str) -> list[str]:
        """Every form of the path without a language, canonical first ("" is the root)."""
        v = version or self.versions.default
        if v is None:
            return [_join("", suffix)]
        modern, legacy = self._forms[v.id]
        product, _, rest = suffix.partition("/")
        variants = [suffix]
        if product in self.guides and not rest.startswith("guides"):
            variants.append(_join(product, "guides", rest)[1:])
        out = [_join(seg, var) for seg in modern for var in variants]
        for seg in legacy:
            for var in variants:
                out.append(_join(seg, var))
                if product == self.user_product:
                    out.append(_join(seg, self.user, rest))
                if suffix and product not in self.shortcuts:
                    out.append(_join(seg, self.user, var))
        if v.id == self.shortcut_version and product in self.shortcuts:
            out += [_join(var) for var in variants]
        return out


def _join(*parts: str) -> str:
    return "/" + "/".join(p for p in parts if p)


# -- building -----------------------------------------------------------------------------------


@dataclass
class _Claim:
    page: Page | None
    origin: str | None  # the redirect_from entry, or None for an alias of a permalink
    source: str = "pages"  # or the redirect file that named the key


@dataclass
class _Conflict:
    """Keys first claimed by one page, then taken by another."""

    later: _Claim
    kind: str  # "redirect_from" (both claims are entries) or "alias"
    keys: list[str] = field(default_factory=list)
    entries: set[str] = field(default_factory=set)


class _Builder:
    def __init__(self, content: Content, config: SiteConfig, versions: Versions):
        self.content = content
        self.config = config
        self.versions = versions
        self.aliases = AliasRules(config, versions)
        self.default_lang = config.default_language.code
        self._any_version = versions.ids[0] if versions.ids else ""
        self.raw: dict[str, str] = {}
        self.claims: dict[str, _Claim] = {}
        self.diagnostics: list[Diagnostic] = []
        self.conflicts: dict[tuple[str, str, str], _Conflict] = {}
        self.shadowed: dict[tuple[str, str | None, str], tuple[_Claim, list[str]]] = {}
        self.counts: dict[str, SourceCount] = {}
        # redirect file -> (key, target) it put in the table
        self.legacy_keys: dict[str, list[tuple[str, str]]] = {}

    # -- one page ------------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        entries = self._redirect_from(page)
        lang = page.lang
        for link in page.permalinks:
            claim = _Claim(page, None)
            suffix = self._suffix(link)
            for path in self.aliases.paths(link.version, suffix):
                self._put_path(lang, path, link.href, claim)
            for entry, (version, rest) in entries:
                claim = _Claim(page, entry)
                if version is not None:  # the entry starts with a version id (spec §9.2)
                    target = page.href_for(version.id) or page.permalinks[-1].href
                    self._put_path(lang, entry, target, claim)
                for path in self.aliases.paths(link.version, rest):
                    self._put_path(lang, path, link.href, claim)

    def _suffix(self, link: Permalink) -> str:
        parts = link.href.split("/", 3)  # "", lang, version-or-first, rest
        if link.version is None or link.version.is_default:
            return "/".join(parts[2:])
        return "/".join(parts[3:])

    def _put_path(self, lang: str, path: str, target: str, claim: _Claim) -> None:
        self._put(f"/{lang}{path}" if path != "/" else f"/{lang}", target, claim)
        if lang == self.default_lang:
            self._put(path, target, claim)

    def _put(self, key: str, target: str, claim: _Claim) -> None:
        if key == target:
            return
        before = self.claims.get(key)
        if before is not None and self.raw[key] != target and before.page is not None and \
                claim.page is not None and before.page.relpath != claim.page.relpath:
            if before.origin is None and claim.origin is not None:
                self._shadow(claim, before.page, key)  # a page keeps the old forms of its URL
                return
            if before.origin is not None and claim.origin is None:
                self._shadow(before, claim.page, key)
            else:
                self._conflict(before, claim, key)
        self.raw[key] = target
        self.claims[key] = claim

    def _shadow(self, claim: _Claim, owner: Page, key: str) -> None:
        """A redirect_from entry (or an old form) of one page names a URL of another page, or
        one of that page's own old forms: the other page keeps it."""
        assert claim.page is not None
        group = (str(claim.page.file), claim.origin, str(owner.file))
        self.shadowed.setdefault(group, (claim, []))[1].append(key)

    def _conflict(self, before: _Claim, later: _Claim, key: str) -> None:
        assert before.page is not None and later.page is not None
        kind = "redirect_from" if before.origin and later.origin else "alias"
        group = (str(before.page.file), str(later.page.file), kind)
        conflict = self.conflicts.setdefault(group, _Conflict(later, kind))
        conflict.keys.append(key)
        conflict.entries.update(c.origin for c in (before, later) if c.origin)

    # -- redirect_from -------------------------------------------------------------------------

    def _redirect_from(self, page: Page) -> list[tuple[str, tuple[Version | None, str]]]:
        """The page's entries, cleaned, each with (explicit version, path after the version).

        A translation also answers the old URLs of its English page under its language: it may
        predate an entry English added when the page moved (the original used only the
        translation's own entries, so such links 404ed in that language)."""
        out = self._entries(page, page.data.get("redirect_from"), warn=True)
        english = page.english
        if english is not None and english.file != page.file:
            own = {path for path, _split in out}
            out += [entry for entry in self._entries(page, english.data.get("redirect_from"),
                                                     warn=False) if entry[0] not in own]
        return out

    def _entries(self, page: Page, value: object,
                 warn: bool) -> list[tuple[str, tuple[Version | None, str]]]:
        if value is None:
            return []
        note = self._warn if warn else _quiet  # the English page reports its own entries
        out = []
        for item in [value] if isinstance(value, str) else list(value):  # type: ignore[call-overload]
            text = str(item).strip()
            path = text.rstrip("/")
            if not path:
                continue
            if not path.startswith("/"):
                note(page, f"redirect_from entry {text!r} does not start with '/'; read "
                           f"as '/{path}'", f"write '/{path}'")
                path = "/" + path
            version, rest = self._split(path)
            if _UNSAFE.search(rest) or rest and any(s in (".", "..", "") for s in rest.split("/")):
                note(page, f"redirect_from entry {text!r} is not a usable URL path; it "
                           "is ignored", "write the old URL's path only: no spaces, query, "
                           "fragment, Liquid, '.' or '..' segments")
                continue
            if "," in path:
                note(page, f"redirect_from entry {text!r} contains a comma",
                           "if it holds two paths, list them as two entries")
            out.append((path, (version, rest)))
        return out

    def _warn(self, page: Page, message: str, hint: str) -> None:
        """A warning about a page's frontmatter; a translation standing in with the English
        file is not warned about twice."""
        if page.english is not None and page.file == page.english.file:
            return
        self.diagnostics.append(Diagnostic("warning", "redirect", message, str(page.file),
                                           page.key_lines.get("redirect_from", 0), hint))

    def _split(self, path: str) -> tuple[Version | None, str]:
        """(the version the entry starts with, if it starts with a version id; the path after
        any language, version, legacy release and legacy user segment, without a leading /).

        An unrendered ``{{ currentVersion }}`` in the release position stands for every version
        of the page, which is what the author meant; it is read like a release."""
        segs = path.strip("/").split("/")
        explicit = self.versions.by_id.get(segs[0])
        if len(segs) > 1 and self.config.language(segs[0]) is not None:
            segs = segs[1:]
        segs = [self._any_version if _CURRENT_VERSION.fullmatch(s) else s for s in segs]
        _version, rest = normalize_legacy("/" + "/".join(segs), self.versions, self.config.links)
        return explicit, rest.strip("/")

    # -- the whole table -----------------------------------------------------------------------

    def build(self) -> RedirectTable:
        langs = [lang.code for lang in self.config.languages]
        pages = frozenset(self.content.by_href)
        files = [load_redirect_file(self.config, spec, self.diagnostics)
                 for spec in self.config.redirect_files]
        for loaded in files:
            if loaded.spec.kind == "legacy":
                self._add_legacy(loaded, pages)
        for code in langs:
            for page in self.content.pages_of(code):
                self.add_page(page)
        home = f"/{self.default_lang}"
        if home in pages:
            self._put("/", home, _Claim(None, None))
        patterns = self._language_patterns(pages)
        entries = self._finalize(pages)
        self._report_conflicts()
        external = self._external(files, pages)
        entries = {k: v for k, v in entries.items() if k not in external}
        self._count(entries, external, pages)
        archive = build_archive_rules(self.config, self.versions, self.content)
        self.counts["archive"] = SourceCount(kept=len(archive.prefixes) + len(archive.exact or {}))
        return RedirectTable(entries, patterns, self.diagnostics, pages, external, archive,
                             self.counts)

    # -- redirect files ------------------------------------------------------------------------

    def _add_legacy(self, loaded: LoadedFile, pages: frozenset[str]) -> None:
        """Merge a legacy file before the pages (spec §9.2); only entries whose target is a
        page are kept (the original redirected only to real pages, spec §9.1 step 6)."""
        name = loaded.spec.file
        count = self.counts.setdefault(name, SourceCount())
        count.dropped[BAD_ENTRY] += loaded.bad
        latest = latest_substitutions(self.versions)
        built = {href.split("/", 2)[1] for href in pages}  # the languages with pages here
        put = self.legacy_keys.setdefault(name, [])
        claim = _Claim(None, None, name)
        for key, value in loaded.entries.items():
            if "@latest" in value:
                for pattern, release in latest:
                    value = pattern.sub(release, value)
            if key == value:
                count.dropped[SAME_AS_TARGET] += 1
            elif page_of(value) not in pages:
                lang, _, rest = value[1:].partition("/")
                english = f"/{self.default_lang}/{rest}".rstrip("/")
                count.dropped[LANGUAGE_NOT_BUILT if lang not in built and english in pages
                              else NOT_A_PAGE] += 1
            else:
                if "#" in value:
                    count.notes["kept with a #fragment in the target"] += 1
                self._put(key, value, claim)
                put.append((key, value))

    def _external(self, files: list[LoadedFile], pages: frozenset[str]) -> dict[str, str]:
        """Old paths answered with another site (spec §9.1 step 3): they win every key but a
        page's own URL (a static host serves the page's file there)."""
        out: dict[str, str] = {}
        for loaded in files:
            if loaded.spec.kind != "external":
                continue
            count = self.counts.setdefault(loaded.spec.file, SourceCount())
            count.dropped[BAD_ENTRY] += loaded.bad
            for key, value in loaded.entries.items():
                if not is_absolute(value):
                    count.dropped[NOT_ABSOLUTE] += 1
                elif key in pages:
                    count.dropped[KEY_IS_PAGE] += 1
                else:
                    out[key] = value
        for loaded in files:  # a later external file wins a key: count each key once
            if loaded.spec.kind == "external":
                mine = {k for k, v in loaded.entries.items() if out.get(k) == v}
                self.counts[loaded.spec.file].kept = len(mine)
        return out

    def _count(self, entries: dict[str, str], external: dict[str, str],
               pages: frozenset[str]) -> None:
        """Kept and dropped entries of each legacy file, and the pages' own kept entries."""
        for name, keys in self.legacy_keys.items():
            count = self.counts[name]
            for key, value in keys:
                owner = self.claims[key].source
                if key in external:
                    count.dropped[REPLACED_BY_EXTERNAL] += 1
                elif key in pages:
                    count.dropped[KEY_IS_PAGE] += 1
                elif owner == "pages":
                    count.dropped[SAME_AS_PAGE if self.raw[key] == value else REPLACED_BY_PAGE] += 1
                elif owner != name:
                    count.dropped[REPLACED_BY_LATER_FILE] += 1
                elif key in entries:
                    count.kept += 1
                else:
                    count.dropped[NOT_A_PAGE] += 1
        kept = sum(1 for key in entries if self.claims[key].source == "pages")
        self.counts = {"pages": SourceCount(kept=kept), **self.counts}

    def _language_patterns(self, pages: frozenset[str]) -> tuple[LanguagePattern, ...]:
        out = []
        for lang in self.config.languages:
            for regex in lang.redirect_patterns:
                m = _PLAIN_PREFIX.fullmatch(regex)
                pattern = LanguagePattern(regex, lang.code, m.group(1) if m else None)
                out.append(pattern)
                if pattern.prefix is None:
                    self.diagnostics.append(Diagnostic(
                        "warning", "redirect",
                        f"language pattern {regex!r} of '{lang.code}' is not a plain prefix: "
                        "static hosts cannot apply it, only a server reading the patterns",
                        str(self.config.path or ""), 0,
                        "write it as '^/prefix' if a literal prefix is meant"))
                    continue
                base = f"/{lang.code}"
                claim = _Claim(None, None)
                for href in pages:
                    if href == base or href.startswith(base + "/"):
                        self._put(pattern.prefix + href[len(base):], href, claim)
        return tuple(out)

    def _finalize(self, pages: frozenset[str]) -> dict[str, str]:
        """Drop keys that are pages (the page wins; reported), then resolve chains."""
        for key, claim in self.claims.items():
            if key in pages and claim.page is not None:
                self._shadow(claim, self.content.by_href[key][0], key)
        for (src, origin, owner), (claim, keys) in sorted(self.shadowed.items(), key=_group_order):
            assert claim.page is not None
            what = f"redirect_from entry {origin!r}" if origin else "an old form of a URL"
            keys = sorted(set(keys), key=lambda k: (k not in pages, keys.index(k)))
            self.diagnostics.append(Diagnostic(
                "warning", "redirect",
                f"{what} of this page claims {_sample(keys)}, the URL of {owner} or its old "
                f"forms: that page keeps {'it' if len(keys) == 1 else 'them'}",
                src, claim.page.key_lines.get("redirect_from", 0),
                f"remove the entry if {owner} now owns that URL, or move that page"))
        entries, cycles = resolve_chains(self.raw, pages)
        for cycle in cycles:
            self.diagnostics.append(Diagnostic(
                "error", "redirect", "redirect cycle: " + " -> ".join(cycle),
                hint="remove one of the redirect_from entries in the cycle"))
        return entries

    def _report_conflicts(self) -> None:
        for (first_file, second_file, kind), c in self.conflicts.items():
            entries = ", ".join(repr(e) for e in sorted(c.entries))
            assert c.later.page is not None
            if kind == "redirect_from":
                message = (f"redirect_from {entries} is claimed by this page and by {first_file}; "
                           f"{_sample(c.keys)} redirect here (the later page wins)")
                hint = "keep the entry in only one of the two pages"
            else:
                message = (f"old URL forms of this page and of {first_file} collide"
                           f"{' (redirect_from ' + entries + ')' if entries else ''}: "
                           f"{_sample(c.keys)} redirect here (the later page wins)")
                hint = "rename one of the pages, or remove the colliding redirect_from entry"
            self.diagnostics.append(Diagnostic(
                "warning", "redirect", message, second_file,
                c.later.page.key_lines.get("redirect_from", 0), hint))


def _group_order(item: tuple) -> tuple:
    (src, origin, owner), _ = item
    return (src, origin or "", owner)


def resolve_chains(raw: dict[str, str], pages: AbstractSet[str]) -> tuple[dict[str, str],
                                                                          list[list[str]]]:
    """Spec §9.1 step 6 at build time: point every key at the page its chain ends on.

    Keys that are pages, keys whose chain ends on no page and keys equal to their target are
    dropped.  Returns the entries and the cycles found (each as the list of paths walked)."""
    entries: dict[str, str] = {}
    cycles: set[tuple[str, ...]] = set()
    for key, target in raw.items():
        if key in pages:
            continue
        walked = [key]
        while target not in pages and target in raw and target not in walked:  # no key has "#"
            walked.append(target)
            target = raw[target]
        if target in walked:
            loop = walked[walked.index(target):]
            first = loop.index(min(loop))
            cycles.add(tuple(loop[first:] + loop[:first]))
        elif (target in pages or page_of(target) in pages) and target != key:
            entries[key] = target
    return entries, [list(c) + [c[0]] for c in sorted(cycles)]


def _quiet(*_args: object) -> None:
    """No warning."""


def _sample(keys: list[str], n: int = 3) -> str:
    shown = ", ".join(keys[:n])
    return f"{shown} and {len(keys) - n} more" if len(keys) > n else shown


def build_redirects(content: Content, config: SiteConfig, versions: Versions) -> RedirectTable:
    """The whole redirect table of the loaded content (spec §9.2)."""
    return _Builder(content, config, versions).build()
