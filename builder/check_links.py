"""Links, anchors and assets of rendered pages, checked against the site's page and redirect tables.

Two halves.  :func:`page_facts` runs in a render worker: it parses one full HTML document with
selectolax and keeps only what the check needs (the ids a link can target, the local links and
asset references the writer put in the page).  :class:`LinkChecker` runs in the parent with the
facts of every page: a link must reach a page of the same language and version (directly or
through the redirect table), its ``#fragment`` must be an id on that page, and an asset must be a
file.  Findings are grouped per source file and target, so a link broken in twelve versions is
one finding that lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .errors import Diagnostic
from .links import _names_deprecated_release, split_suffix
from .check_render import RenderedHTML, source_text

# a Liquid data tag in source text (to follow a link into the reusable that wrote it)
_DATA_TAG = re.compile(r"\{%-?\s*data\s+([\w.-]+)")
# generated navigation inside <main>: built from the page tables, not written in the page
GENERATED = ("#breadcrumbs", "#mini-toc", "#version-picker", "#language-picker", ".platform-picker",
             ".article-top")
ASSET_SELECTOR = "img[src], source[src], video[src], video[poster], audio[src]"


@dataclass(frozen=True)
class PageFacts:
    """What the link check needs from one rendered page."""

    lang: str
    version_id: str
    href: str
    relpath: str
    file: str
    ids: frozenset[str]
    links: tuple[str, ...]  # local hrefs ("/..." or "#...") written in the page
    assets: tuple[str, ...]  # local src of images, video and audio
    incomplete: bool = False  # generated parts are missing: its ids are not the full set


def page_facts(page: RenderedHTML) -> PageFacts:
    """Parse one rendered page (runs in a render worker: only these facts go back)."""
    tree = HTMLParser(page.html)
    ids = {node.attributes.get("id") or "" for node in tree.css("[id]")}
    ids |= {node.attributes.get("name") or "" for node in tree.css("a[name]")}
    main = tree.css_first("main") or tree.body
    links: list[str] = []
    assets: list[str] = []
    if main is not None:
        for node in main.css(", ".join(GENERATED)):
            node.decompose()
        for node in main.css("a[href]"):
            href = (node.attributes.get("href") or "").strip()
            if href.startswith("#") and len(href) > 1 or href.startswith("/") and \
                    not href.startswith("//"):
                links.append(href)
        for node in main.css(ASSET_SELECTOR):
            for attr in ("src", "poster"):
                src = (node.attributes.get(attr) or "").strip()
                if src.startswith("/") and not src.startswith("//"):
                    assets.append(src)
    ids.discard("")
    return PageFacts(page.lang, page.version_id, page.href, page.relpath, page.file,
                     frozenset(ids), tuple(dict.fromkeys(links)), tuple(dict.fromkeys(assets)),
                     bool(page.missing_parts))


@dataclass
class _Group:
    """One problem in one source file, with every language and version it shows in."""

    severity: str
    kind: str
    target: str
    message: str
    hint: str
    file: str
    where: list[str] = field(default_factory=list)  # "lang version" items
    page_file: str = ""


class LinkChecker:
    """Checks the facts of every rendered page against the site's tables."""

    def __init__(self, site: Any, facts: Iterable[PageFacts]):
        self.site = site
        self.facts = {f.href: f for f in facts}
        self.pages = set(site.content.by_href)
        self.versions = site.versions
        self.config = site.config
        self.translated_dirs = tuple(str(site.config.source / lang.content_dir)
                                     for lang in site.config.languages[1:])
        self.by_suffix: dict[tuple[str, str], list[str]] = {}
        for href, (_page, link) in site.content.by_href.items():
            self.by_suffix.setdefault(self._split(href)[::2], []).append(link.version_id)
        self.groups: dict[tuple, _Group] = {}
        self.static = Path(__file__).parent / "static"
        self.assets = site.config.source / site.config.assets_dir
        # what could not be checked, for the summary: (kind, reason) -> count
        self.unchecked: dict[str, int] = {}

    # -- resolving ------------------------------------------------------------------------------

    def _split(self, href: str) -> tuple[str, str, str]:
        """``/ja/enterprise-server@3.0/github/x`` -> ("ja", "enterprise-server@3.0", "/github/x")."""
        parts = href.split("/")
        lang = parts[1] if len(parts) > 1 else ""
        rest = parts[2:]
        version = ""
        if rest and self.versions.is_plan_or_version(rest[0]):
            version, rest = rest[0], rest[1:]
        return lang, version, "/" + "/".join(rest)

    def resolve(self, path: str) -> str | None:
        """The page a local path reaches, following trailing-slash, language-prefix and table
        redirects as a reader's browser would (at most a few hops)."""
        seen: set[str] = set()
        for candidate in (path, unquote(path)):
            current = candidate
            while current not in seen:
                if current in self.pages:
                    return current
                seen.add(current)
                following = self.site.redirects.resolve(current)
                if not following:
                    break
                current = split_suffix(following)[0]
        return None

    # -- checking -------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        for facts in self.facts.values():
            for href in facts.links:
                self._check_link(facts, href)
            for src in facts.assets:
                self._check_asset(facts, src)
        return self._diagnostics()

    def _check_link(self, facts: PageFacts, href: str) -> None:
        path, suffix = split_suffix(href)
        fragment = unquote(suffix.partition("#")[2]) if "#" in suffix else ""
        if not path:  # "#fragment" on the page itself
            target = facts.href
        elif self._is_asset(path):
            self._check_asset(facts, path)
            return
        else:
            target = self.resolve(path)
            if target is None:
                self._missing_page(facts, path)
                return
        if fragment and target in self.facts and fragment not in self.facts[target].ids:
            if self.facts[target].incomplete:
                self._skip("anchors on pages whose generated parts are missing (missing_includes)")
                return
            shown = self._split(target)[2] if target != facts.href else "this page"
            self._add(facts, "warning", "anchor-missing", f"{path}#{fragment}",
                      f"link to '#{fragment}' on {shown}: that page has no such heading or id",
                      "the heading was probably renamed: link to its new id (shown in the "
                      "page's mini table of contents), or drop the #fragment", "#" + fragment,
                      path)

    def _skip(self, reason: str) -> None:
        self.unchecked[reason] = self.unchecked.get(reason, 0) + 1

    def _missing_page(self, facts: PageFacts, path: str) -> None:
        lang, version, rest = self._split(path)
        if _names_deprecated_release(rest, self.versions):
            self._skip("links to deprecated releases (served by the archive, not this site)")
            return
        elsewhere = sorted(set(self.by_suffix.get((lang, rest), [])))
        if elsewhere:
            hint = (f"the page exists only in {', '.join(elsewhere)}: add this version to its "
                    "`versions`, or make the link conditional on the version")
        else:
            hint = ("no page has this path in any version: fix the path, or add a "
                    "redirect_from entry for it to the page that moved")
        self._add(facts, "error", "link-broken", path,
                  f"link to '{rest}' reaches no page", hint, rest, path)

    def _is_asset(self, path: str) -> bool:
        return any(path == p or path.startswith(p.rstrip("/") + "/")
                   for p in self.config.links.asset_prefixes)

    def _check_asset(self, facts: PageFacts, src: str) -> None:
        path = unquote(split_suffix(src)[0])
        prefix = "/" + self.config.assets_dir.strip("/") + "/"
        if not path.startswith(prefix):
            return  # another asset prefix: served by the host, not from the source
        rel = path[len(prefix):]
        if not self.assets.is_dir():
            self._skip(f"assets: the source has no {self.config.assets_dir}/ folder")
            return
        if (self.config.source / self.config.assets_dir / rel).is_file() or \
                (self.static / rel).is_file():
            return
        self._add(facts, "error", "asset-missing", path,
                  f"'{path}' is not a file in {self.config.assets_dir}/",
                  "add the file, or fix the path (names are case-sensitive)", rel.rsplit("/", 1)[-1],
                  path)

    # -- grouping -------------------------------------------------------------------------------

    def _add(self, facts: PageFacts, severity: str, kind: str, target: str, message: str,
             hint: str, needle: str, written: str) -> None:
        if facts.file.startswith(self.translated_dirs):
            severity = "warning"  # a translation's problem: readers are shown it anyway
        key = (facts.file, kind, message)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group(severity, kind, needle, message, hint, facts.file)
            group.page_file = written
        group.where.append(f"{facts.lang} {facts.version_id}")

    def _diagnostics(self) -> list[Diagnostic]:
        """One finding per source place: a link written in a reusable that ten pages use is
        reported once, at the reusable, with every language and version it shows in."""
        locate = SourceLocator(self.site)
        merged: dict[tuple, tuple[_Group, set[str]]] = {}
        for group in self.groups.values():
            file, line = locate.find(group.file, group.target, group.page_file)
            key = (file, line, group.kind, group.message)
            if key not in merged:
                merged[key] = (group, set())
            merged[key][1].update(group.where)
        out = []
        for (file, line, _kind, _message), (group, places) in merged.items():
            where = sorted(places)
            shown = ", ".join(where[:4]) + (f" and {len(where) - 4} more" if len(where) > 4 else "")
            out.append(Diagnostic(group.severity, group.kind, f"{group.message} (in {shown})",
                                  file, line, group.hint))
        return sorted(out, key=lambda d: (d.file, d.line, d.kind, d.message))


class SourceLocator:
    """Finds the line a rendered link came from: the page's own text first, then the reusables
    and other data files (a link written once in a reusable is reported there, once)."""

    def __init__(self, site: Any):
        self.site = site
        self._texts: dict[str, list[str]] = {}

    def _lines(self, path: str) -> list[str]:
        if path not in self._texts:
            self._texts[path] = source_text(path).splitlines()
        return self._texts[path]

    def _needles(self, target: str, written: str) -> list[str]:
        """What the writer probably typed: the path after the version, then its last segments."""
        path, _, fragment = written.partition("#")
        segments = [s for s in path.split("/") if s]
        out = []
        if fragment:
            out.append("#" + fragment)
        for n in (3, 2, 1):
            if len(segments) >= n:
                tail = "/".join(segments[-n:])
                out += [tail + (f"#{fragment}" if fragment else ""), tail]
        if target:
            out.append(target)
        return [n for n in dict.fromkeys(out) if len(n) > 2]

    def find(self, file: str, target: str, written: str) -> tuple[str, int]:
        """(file, line) of a finding: ``target`` and ``written`` (the link as rendered) give
        the strings to look for."""
        needles = self._needles(target, written)
        line = self._line_in(file, needles)
        if line:
            return file, line
        for data_file in self._reusables_of(file):
            line = self._line_in(data_file, needles[:2])
            if line:
                return data_file, line
        return file, 1

    def _line_in(self, file: str, needles: list[str]) -> int:
        lines = self._lines(file)
        for needle in needles:
            for number, text in enumerate(lines, 1):
                if needle in text:
                    return number
        return 0

    def _reusables_of(self, file: str, depth: int = 3) -> list[str]:
        """The data files a source file's ``{% data %}`` tags name, and theirs in turn."""
        found: list[str] = []
        frontier = [file]
        for _ in range(depth):
            following = []
            for source in frontier:
                for key in _DATA_TAG.findall("\n".join(self._lines(source))):
                    data_file = self._data_file(key, source)
                    if data_file and data_file not in found:
                        found.append(data_file)
                        following.append(data_file)
            frontier = following
        return found

    def _data_file(self, key: str, file: str) -> str:
        """The data file of a key as the file's language reads it (its translation first)."""
        from .site_data import source_for

        config = self.site.config
        lang = next((lang.code for lang in config.languages[1:]
                     if file.startswith(str(config.source / lang.content_dir))
                     or file.startswith(str(config.source / lang.data_dir))),
                    config.default_language.code)
        for sources in self.site.data_sources.get(lang, ()):
            found = source_for(key, sources)
            if found:
                return found
        return ""
