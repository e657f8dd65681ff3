"""``check``: every broken link, missing anchor and bad input of a site, before readers see them.

    load the site (as ``build`` does) -> render every page of every version and language
        (through the build's render path, on every core) -> analyse

The loader's and the renderer's diagnostics (frontmatter, versions, data files, Liquid, data
references, link tags, redirect conflicts and cycles) are reported as they are: no rule is
written twice.  On top of them the check adds what only a whole rendered site shows: links,
anchors and assets of every page (:mod:`builder.check_links`), translations that no English page
publishes or whose versions differ from English, pages no index reaches, and redirect entries
that name their own page or lead nowhere.  Nothing is written.
"""

from __future__ import annotations

import json
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote

from .build import _dedupe, _once_per_key
from .outputs import PAGE, plan_outputs
from .site import load_site
from .check_links import LinkChecker, PageFacts, page_facts
from .check_render import Checked, Item, map_rendered_pages
from .check_reuse import BuiltSite
from .config import SiteConfig
from .content import FALLBACK_VERSION, find_page_files
from .errors import BuilderError, Diagnostic, Report, VersionError
from .links import split_suffix
from .toc import toc_items


@dataclass
class CheckResult:
    report: Report
    pages: int = 0
    rendered: int = 0  # pages rendered by this check
    from_build: int = 0  # pages read from the last build's output (fresh in the build cache)
    from_cache: int = 0  # pages whose facts were fresh in the check's own cache
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    unchecked: dict[str, int] = field(default_factory=dict)  # what could not be checked, why

    def failed(self, strict: bool) -> bool:
        """Errors fail a check; with ``strict`` warnings do too."""
        return bool(self.report.errors) or (strict and bool(self.report.warnings))


def check(config: SiteConfig, jobs: int = 0, languages: list[str] | None = None,
          cache_dir: Path | None = None, site_dir: Path | None = None,
          build_cache_dir: Path | None = None) -> CheckResult:
    """Check the whole site; never writes anything to the site and never raises on bad input.

    With ``cache_dir``, the facts of every page are kept there with the inputs its render
    read, and the next check renders only the pages whose inputs changed (the build cache's
    freshness test; links and anchors are always checked across the whole site).  With
    ``site_dir`` (a build's output folder), a page neither cache holds fresh but the build's
    cache does is read from the built file, with the build's diagnostics for it, instead of
    being rendered (:mod:`builder.check_reuse`); its frontmatter parses are reused too."""
    started = time.perf_counter()
    clock = [started]
    report = Report()
    result = CheckResult(report)

    def stage(name: str) -> None:
        now = time.perf_counter()
        result.stages[name] = round(now - clock[0], 2)
        clock[0] = now

    built = BuiltSite(site_dir, config, languages, build_cache_dir) if site_dir else None
    try:
        site = load_site(config, report, languages,
                         parse_cache=built.parse_cache() if built is not None else None)
    except BuilderError as exc:
        report.add(exc.diagnostic())
        result.seconds = time.perf_counter() - started
        return result
    pages = [o for o in plan_outputs(site, report) if o.kind == PAGE]
    store = CheckCache(cache_dir, config, languages) if cache_dir is not None else None
    known = store.load() if store is not None else {}
    todo = [o for o in pages if not (o.href in known and site.fresh(known[o.href].inputs))]
    result.from_cache = len(pages) - len(todo)
    stage("load")
    checked = {o.href: known[o.href] for o in pages if o.href in known}
    items, entries = _work_items(site, todo, built)
    for outcome in map_rendered_pages(site, items, page_facts, jobs):
        for c in outcome.pages:
            if c.built:  # the build's inputs and diagnostics for the page it wrote
                entry = entries[c.href]
                c = Checked(c.href, entry.inputs, c.facts, list(entry.diagnostics))
                result.from_build += 1
            else:
                result.rendered += 1
            checked[c.href] = c
    if store is not None:
        store.save(checked)
    ordered = [checked[o.href] for o in pages if o.href in checked]
    facts: list[PageFacts] = [c.facts for c in ordered if c.facts is not None]
    rendered: list[Diagnostic] = [d for c in ordered for d in c.diagnostics]
    report.extend(_once_per_key(config, _dedupe(rendered)))
    result.pages = len(facts)
    stage("render")
    links = LinkChecker(site, facts)
    report.extend(links.run())
    report.extend(redirect_anchors(site, links))
    result.unchecked = links.unchecked
    report.extend(orphan_translations(site))
    report.extend(translation_versions(site))
    report.extend(unreachable_pages(site))
    report.extend(redirect_problems(site))
    report.diagnostics = _dedupe(report.diagnostics)
    stage("analyse")
    result.seconds = time.perf_counter() - started
    return result


def _work_items(site: Any, todo: list[Any], built: BuiltSite | None
                ) -> tuple[list[Item], dict[str, Any]]:
    """What the workers do with each page: read the built file when the build cache holds the
    page fresh, otherwise render it; and the build cache entries of the pages read."""
    items: list[Item] = []
    entries: dict[str, Any] = {}
    for o in todo:
        found = built.fresh_file(site, o.path) if built is not None else None
        if found is not None:
            entries[o.href] = found[1]
        items.append((o.lang, o.relpath, o.index, found[0] if found else ""))
    return items, entries


# -- translations -------------------------------------------------------------------------------


class CheckCache:
    """The facts of every checked page and the inputs its render read (``--cache-dir``)."""

    FORMAT = 1

    def __init__(self, folder: Path, config: SiteConfig, languages: list[str] | None):
        from .cache import run_key
        from .site import code_digest

        self.path = folder / "check.pickle"
        self.key = run_key(config, folder, languages, code_digest())

    def load(self) -> dict[str, Checked]:
        try:
            with open(self.path, "rb") as handle:
                fmt, key, pages = pickle.load(handle)
        except Exception:  # noqa: BLE001  (missing or unreadable: check everything)
            return {}
        return pages if fmt == self.FORMAT and key == self.key else {}

    def save(self, pages: dict[str, Checked]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(f".tmp-{os.getpid()}")
        with open(temp, "wb") as handle:
            pickle.dump((self.FORMAT, self.key, pages), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.path)


def orphan_translations(site: Any) -> list[Diagnostic]:
    """Translated files with no English page: the build publishes nothing for them."""
    config = site.config
    english = set(site.content.english_relpaths)
    en = config.default_language.code
    out = []
    for lang in config.languages[1:]:
        if not site.writes(lang.code):
            continue
        folder = config.source / lang.content_dir
        if not folder.is_dir():
            continue
        for relpath in find_page_files(folder):
            if relpath in english:
                continue
            moved = _moved_to(site, en, relpath)
            hint = (f"the English page moved to {moved}: move the translation there, or delete it"
                    if moved else "delete it, or move it to the path of its English page")
            out.append(Diagnostic("warning", "translation-orphan",
                                  f"translated file has no English page "
                                  f"({config.default_language.content_dir}/{relpath}): it is "
                                  "not published", str(folder / relpath), 1, hint))
    return out


def _moved_to(site: Any, en: str, relpath: str) -> str:
    """The English page that now answers this file's old URL (through its redirect_from)."""
    stem = relpath[:-len("/index.md")] if relpath.endswith("/index.md") else relpath[:-3]
    target = site.redirects.lookup(f"/{en}/{stem}")
    found = site.content.lookup(target) if target else None
    return str(found[0].file.relative_to(site.config.source)) if found else ""


def translation_versions(site: Any) -> list[Diagnostic]:
    """Translations whose own ``versions`` differ from English: where they lack a version,
    readers of that version see English; where they add one, nobody sees it."""
    out = []
    for (lang, _relpath), page in site.content.pages.items():
        english = page.english
        if english is None:
            continue
        if page.file == english.file:
            if page.fallback == FALLBACK_VERSION:  # a translation sharing no version with English
                out.append(_versions_finding(site, page, english, None))
            continue
        try:
            own = {v.id for v in site.versions.resolve(page.data.get("versions"))}
        except VersionError:
            continue  # the loader reported it
        if own != set(english.version_ids):
            out.append(_versions_finding(site, page, english, own))
    return [d for d in out if d is not None]


def _versions_finding(site: Any, page: Any, english: Any, own: set[str] | None) -> Diagnostic:
    theirs = set(english.version_ids)
    file = str(site.config.source / site.config.language(page.lang).content_dir / page.relpath)
    if own is None:
        message = "translation's `versions` share no version with its English page"
        line = 2
    else:
        parts = []
        if theirs - own:
            parts.append(f"lacks {', '.join(sorted(theirs - own))} (English is shown there)")
        if own - theirs:
            parts.append(f"adds {', '.join(sorted(own - theirs))} (not published)")
        message = "translation's `versions` differ from its English page: " + "; ".join(parts)
        line = page.key_lines.get("versions", 2)
    return Diagnostic("warning", "translation-versions", message, file, line,
                      f"copy `versions` from {english.file.relative_to(site.config.source)}")


# -- reachability -------------------------------------------------------------------------------


def unreachable_pages(site: Any) -> list[Diagnostic]:
    """English pages that no index's table of contents leads to (hidden pages excepted): only
    search and direct links find them."""
    content = site.content
    en = site.config.default_language.code
    pages = {relpath: page for (lang, relpath), page in content.pages.items() if lang == en}
    reached = {"index.md"} | {r for r in pages if r.count("/") == 1 and r.endswith("/index.md")}
    queue = list(reached)
    while queue:
        relpath = queue.pop()
        page = pages.get(relpath)
        if page is None or not page.is_index:
            continue
        listed = [item.href for item in toc_items(relpath, page.body)] + _frontmatter_links(page)
        for href in listed:
            target = _toc_target(site, en, href)
            if target and target not in reached:
                reached.add(target)
                queue.append(target)
    out = []
    for relpath, page in pages.items():
        if relpath in reached or page.hidden:
            continue
        parent = relpath.rsplit("/", 2)[0] if relpath.endswith("/index.md") else \
            relpath.rsplit("/", 1)[0]
        out.append(Diagnostic("warning", "unreachable",
                              "no index lists this page: readers reach it only by search or a "
                              "direct link", str(page.file), 1,
                              f"add {{% link_in_list /{relpath[:-3].removesuffix('/index')} %}} "
                              f"to {parent}/index.md, or mark the page `hidden: true`"))
    return out


def _frontmatter_links(page: Any) -> list[str]:
    """Paths a landing page links in its frontmatter (``featuredLinks``, ``introLinks``), and
    the product's guides page, which the product-landing layout links to when it exists."""
    found: list[str] = []
    if page.layout == "product-landing" and page.relpath.count("/") == 1:
        found.append(page.relpath[:-len("/index.md")] + "/guides")
    for key in ("featuredLinks", "introLinks"):
        value = page.data.get(key)
        values = value.values() if isinstance(value, dict) else []
        for item in values:
            for path in item if isinstance(item, list) else [item]:
                if isinstance(path, str) and path.startswith("/"):
                    found.append(path.strip("/").split("#", 1)[0])
    return found


def _toc_target(site: Any, en: str, href: str) -> str | None:
    """The English relpath a TOC entry names (directly, or through a redirect)."""
    for relpath in (f"{href}.md", f"{href}/index.md"):
        if site.content.page(en, relpath):
            return relpath
    target = site.redirects.lookup(f"/{en}/{href}")
    found = site.content.lookup(target) if target else None
    return found[0].relpath if found else None


# -- redirects ----------------------------------------------------------------------------------


def redirect_problems(site: Any) -> list[Diagnostic]:
    """Entries naming their own page, and table entries leading to no page (the loader reports
    conflicts and cycles)."""
    from .redirects import AliasRules

    aliases = AliasRules(site.config, site.versions)
    en = site.config.default_language.code
    out = []
    for (lang, _relpath), page in site.content.pages.items():
        if lang != en:
            continue
        entries = page.data.get("redirect_from") or []
        entries = [entries] if isinstance(entries, str) else entries
        own = set()
        for link in page.permalinks:
            own.add(link.href)
            parts = link.href.split("/", 3)
            suffix = "/".join(parts[2:]) if link.version is None or link.version.is_default \
                else "/".join(parts[3:])
            own.update(aliases.paths(link.version, suffix)[:1])
        for entry in entries:
            path = "/" + str(entry).strip().strip("/")
            if path in own:
                out.append(Diagnostic("warning", "redirect-self",
                                      f"redirect_from entry {entry!r} is this page's own URL",
                                      str(page.file), page.key_lines.get("redirect_from", 0),
                                      "remove the entry: a page cannot redirect to itself"))
    for key, target in sorted(site.redirects.entries.items()):
        # a target may name a part of its page (``/rest/reference/activity#events``): the page
        # must exist (the anchor is the writer's promise, as a link's is not checked here)
        if split_suffix(target)[0] not in site.content.by_href:
            out.append(Diagnostic("error", "redirect-target",
                                  f"redirect {key} -> {target}: no page has that URL",
                                  str(site.config.path or ""), 0,
                                  "point the redirect at the page's current URL"))
    return out


def redirect_anchors(site: Any, links: LinkChecker) -> list[Diagnostic]:
    """Redirect targets naming a part of their page (``/rest/reference/activity#events``) that
    the page, as rendered in that language and version, does not have: the reader lands at
    the top.  One finding per target, with how many redirects lead there."""
    missing: dict[str, list[str]] = {}
    for key, target in sorted(site.redirects.entries.items()):
        path, suffix = split_suffix(target)
        fragment = unquote(suffix.partition("#")[2])
        facts = links.facts.get(path)
        if not fragment or facts is None or fragment in facts.ids:
            continue  # no fragment, or no page (redirect-target), or the id is there
        if facts.incomplete:
            reason = "redirect anchors on pages whose generated parts are missing " \
                     "(missing_includes)"
            links.unchecked[reason] = links.unchecked.get(reason, 0) + 1
            continue
        missing.setdefault(target, []).append(key)
    return [Diagnostic("warning", "redirect-anchor",
                       f"redirect {keys[0]} -> {target}"
                       + (f" (and {len(keys) - 1} more redirects)" if len(keys) > 1 else "")
                       + ": that page has no such heading or id", str(site.config.path or ""), 0,
                       "point the redirect at the heading's current id, or drop the #fragment")
            for target, keys in missing.items()]


# -- output -------------------------------------------------------------------------------------


def grouped_text(diags: Iterable[Diagnostic]) -> str:
    """Findings grouped by file, each as ``file:line: severity [kind] message``."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_file.setdefault(d.file, []).append(d)
    lines = []
    for file in sorted(by_file):
        lines.append(file or "(site)")
        for d in sorted(by_file[file], key=lambda d: (d.line, d.kind)):
            where = f"{file}:{d.line}" if file and d.line else (file or "-")
            lines.append(f"  {where}: {d.severity} [{d.kind}] {d.message}")
            if d.hint:
                lines.append(f"      hint: {d.hint}")
    return "\n".join(lines)


def as_json(result: CheckResult, source: Path) -> str:
    report = result.report
    return json.dumps({
        "pages": result.pages, "seconds": round(result.seconds, 2),
        "rendered": result.rendered, "from_cache": result.from_cache,
        "from_build": result.from_build, "stages": result.stages,
        "errors": report.counts_by_kind("error"), "warnings": report.counts_by_kind("warning"),
        "unchecked": result.unchecked,
        "findings": [{"severity": d.severity, "kind": d.kind, "file": _relative(d.file, source),
                      "line": d.line, "message": d.message, "hint": d.hint}
                     for d in report.diagnostics],
    }, ensure_ascii=False, indent=1)


def github_annotations(diags: Iterable[Diagnostic], source: Path) -> str:
    """One GitHub Actions workflow command per finding (shown on the pull request's lines)."""
    lines = []
    for d in diags:
        level = "error" if d.severity == "error" else "warning"
        props = []
        if d.file:
            props.append(f"file={_escape_property(_relative(d.file, source))}")
            if d.line:
                props.append(f"line={d.line}")
        props.append(f"title={_escape_property(d.kind)}")
        text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(lines)


def _relative(file: str, source: Path) -> str:
    """A path relative to the source folder (the repository a pull request changes)."""
    if not file:
        return ""
    try:
        return Path(file).resolve().relative_to(source.resolve()).as_posix()
    except ValueError:
        return file


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
