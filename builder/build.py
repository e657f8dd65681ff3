"""The static build, as a list of named stages.

    load configuration -> load content -> load data -> redirects -> plan outputs
        -> render pages (every core) -> write extras -> swap the new site into place

Everything is gathered before anything is written, and everything is written to a temporary
folder that replaces the output folder only when the build has no errors: a failed build leaves
the last good site untouched.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .config import SiteConfig, load_config
from .content import (FALLBACK_FRONTMATTER, FALLBACK_LIQUID, FALLBACK_MISSING, FALLBACK_VERSION,
                      Content, Page, Permalink, load_content)
from .errors import BuilderError, Diagnostic, Report
from .publisher import Publisher
from .versions import Versions


@dataclass
class Site:
    """Everything loaded for one build (or one preview server): shared by all stages."""

    config: SiteConfig
    versions: Versions
    content: Content
    data: dict[str, dict[str, Any]]
    redirects: Any = None
    # per language: data-key -> file maps, translated first, then English (for error messages
    # and for knowing which data file a page read)
    data_sources: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # per translated language: English data values shown for want of a translated one
    data_fallbacks: dict[str, int] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)  # codes to write; empty: all

    def writes(self, lang: str) -> bool:
        """Whether this build writes the pages of ``lang`` (English is loaded regardless)."""
        return not self.languages or lang in self.languages


# what the summary calls each reason for English to stand in for a translation
FALLBACK_LABELS = {
    FALLBACK_MISSING: "missing page",
    FALLBACK_VERSION: "untranslated version",
    FALLBACK_FRONTMATTER: "broken frontmatter",
    FALLBACK_LIQUID: "broken Liquid",
    "data": "missing data",
}


@dataclass
class FallbackCount:
    """English standing in for a translation, for one reason in one language."""

    files: int = 0  # translated files concerned (for missing data: data values)
    pages: int = 0  # pages written (one per version) with the English text


@dataclass
class BuildResult:
    report: Report
    pages_written: int = 0
    per_view: dict[tuple[str, str], int] = field(default_factory=dict)
    redirects_written: int = 0
    seconds: float = 0.0
    output: Path | None = None
    # language -> FALLBACK_LABELS value -> count, for every translated language built
    fallbacks: dict[str, dict[str, FallbackCount]] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @property
    def ok(self) -> bool:
        return not self.report.errors


# -- loading ------------------------------------------------------------------------------------


def load_site_data(config: SiteConfig, report: Report,
                   sources: dict[str, list[dict[str, str]]] | None = None,
                   fallbacks: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """Site data per language: English, then each translation overlaid key by key (spec §8.3).

    ``sources``, when given, is filled with each language's data-key -> file maps;
    ``fallbacks`` with each translation's count of values that stay English."""
    from .site_data import count_untranslated, load_data_dir, overlay

    english_lang = config.default_language
    diags: list[Diagnostic] = []
    english, english_sources = load_data_dir(config.source / english_lang.data_dir,
                                             diagnostics=diags)
    data = {english_lang.code: english}
    found = {english_lang.code: [english_sources]}
    for lang in config.languages[1:]:
        folder = config.source / lang.data_dir
        if folder.is_dir():
            # a broken translated data file falls back to English: a warning, not an error
            translated, lang_sources = load_data_dir(folder, diagnostics=diags,
                                                     severity="warning")
            data[lang.code] = overlay(english, translated)
            found[lang.code] = [lang_sources, english_sources]
        else:
            data[lang.code] = english
            found[lang.code] = [english_sources]
            translated = {}
        if fallbacks is not None:
            fallbacks[lang.code] = count_untranslated(english, translated)
    if sources is not None:
        sources.update(found)
    report.extend(diags)
    return data


def load_site(config: SiteConfig, report: Report, languages: list[str] | None = None) -> Site:
    versions = Versions(config)
    langs = [lang for lang in config.languages if not languages or lang.code in languages]
    content = load_content(config, versions, langs)
    report.extend(content.diagnostics)
    data_sources: dict[str, list[dict[str, str]]] = {}
    data_fallbacks: dict[str, int] = {}
    data = load_site_data(config, report, data_sources, data_fallbacks)
    site = Site(config, versions, content, data, data_sources=data_sources,
                data_fallbacks=data_fallbacks, languages=[lang.code for lang in langs])
    from .redirects import build_redirects

    site.redirects = build_redirects(content, config, versions)
    report.extend(site.redirects.diagnostics)
    return site


# -- rendering (runs in worker processes) -------------------------------------------------------

_SITE: Site | None = None  # inherited by forked workers
_WORKER: dict[str, Any] = {}


def _worker_state() -> tuple[Any, Any, Publisher]:
    if "renderer" not in _WORKER:
        from .render import Renderer
        from .shell import Shell

        site = _SITE
        assert site is not None
        renderer = Renderer(site.config, site.versions, site.content, site.data,
                            site.redirects.lookup, site.data_sources)
        _WORKER["renderer"] = renderer
        _WORKER["shell"] = Shell(site.config, site.versions, site.content, renderer, site.data)
    return _WORKER["renderer"], _WORKER["shell"], _WORKER["publisher"]


def _init_worker(staging: str, target: str) -> None:
    _WORKER.clear()
    _WORKER["publisher"] = Publisher(Path(target), Path(staging), track=False)


@dataclass
class ChunkResult:
    written: list[tuple[str, str]]  # (lang, version_id) per page written
    diagnostics: list[Diagnostic]
    fallbacks: list[tuple[str, str, str]]  # (lang, relpath, Page.fallback) per English stand-in


def render_one(renderer: Any, shell: Any, page: Page, link: Permalink) -> tuple[str, str]:
    """Render one permalink to a full HTML document; returns (html, why English stands in for
    the translation there, or "").  A translation whose Liquid fails falls back to English."""
    from .render import render_error

    page = page.in_version(link.version_id)
    try:
        return shell.page_html(renderer.render(page, link)), page.fallback
    except BuilderError as exc:
        if page.english is None or page.file == page.english.file:
            raise
        diag = render_error(page, exc)
        renderer.diagnostics.append(Diagnostic(
            "warning", "translation-liquid",
            f"broken translation ({diag.message}); using the English page", diag.file, diag.line,
            "fix the translation; readers see English meanwhile"))
        english = page.english_standin(FALLBACK_LIQUID)
        return shell.page_html(renderer.render(english, link)), FALLBACK_LIQUID


def _render_chunk(items: list[tuple[str, str, int]]) -> ChunkResult:
    from .render import render_error

    renderer, shell, publisher = _worker_state()
    site = _SITE
    assert site is not None
    written, diags, fallbacks = [], [], []
    for lang, relpath, index in items:
        page = site.content.pages[(lang, relpath)]
        link = page.permalinks[index]
        before = len(renderer.diagnostics)
        try:
            html, fallback = render_one(renderer, shell, page, link)
        except Exception as exc:  # one bad page never stops the others
            diags.append(render_error(page, exc))
            continue
        finally:
            diags.extend(renderer.diagnostics[before:])
            del renderer.diagnostics[before:]
        publisher.write_page(link.href, html)
        written.append((lang, link.version_id))
        if fallback:
            fallbacks.append((lang, relpath, fallback))
    return ChunkResult(written, diags, fallbacks)


# -- stages -------------------------------------------------------------------------------------


def plan_outputs(site: Site, report: Report) -> list[tuple[str, str, int]]:
    """Every (language, page, permalink) to write; two pages claiming one URL is an error."""
    owners: dict[str, str] = {}
    items = []
    for lang in site.config.languages:
        if not site.writes(lang.code):
            continue
        for page in site.content.pages_of(lang.code):
            for i, link in enumerate(page.permalinks):
                if link.href in owners:
                    report.error("conflict", f"{link.href} is claimed by two pages",
                                 str(page.file), 1, f"the other page is {owners[link.href]}")
                    continue
                owners[link.href] = str(page.file)
                items.append((lang.code, page.relpath, i))
    return items


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def render_pages(site: Site, items: list, publisher: Publisher, jobs: int,
                 progress: Callable[[int], None] | None = None) -> ChunkResult:
    """Render every item on every core (fork: workers inherit the loaded site)."""
    global _SITE
    _SITE = site
    total = ChunkResult([], [], [])
    chunks = list(_chunks(items, 40))
    args = (str(publisher.root), str(publisher.target))
    if jobs <= 1:
        _init_worker(*args)
        results = map(_render_chunk, chunks)
        _consume(results, total, progress)
        return total
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=args) as pool:
        _consume(pool.imap_unordered(_render_chunk, chunks), total, progress)
    return total


def _consume(results: Iterable[ChunkResult], total: ChunkResult,
             progress: Callable[[int], None] | None) -> None:
    for res in results:
        total.written.extend(res.written)
        total.diagnostics.extend(res.diagnostics)
        total.fallbacks.extend(res.fallbacks)
        if progress:
            progress(len(res.written) + 0)


def _write_stubs(args: tuple[str, str, list[tuple[str, str]]]) -> int:
    from .redirects import stub_html

    target, staging, entries = args
    return Publisher(Path(target), Path(staging), track=False).write_pages(
        (key, stub_html(to)) for key, to in entries)


def write_redirects(site: Site, publisher: Publisher, page_urls: set[str], jobs: int) -> int:
    """Redirect stubs (on every core: there can be 10^5), ``_redirects``, ``redirects.json``."""
    live = site.redirects.live(page_urls)
    site.redirects.write_tables(publisher, live)
    entries = sorted(live.items())
    if jobs <= 1 or len(entries) < 2000:
        return _write_stubs((str(publisher.target), str(publisher.root), entries))
    step = len(entries) // jobs + 1
    parts = [(str(publisher.target), str(publisher.root), entries[i:i + step])
             for i in range(0, len(entries), step)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return sum(pool.map(_write_stubs, parts))


def write_extras(site: Site, publisher: Publisher, page_urls: set[str], jobs: int = 1) -> int:
    """404 pages (and the page index their script reads), sitemap, static assets, redirects."""
    from .render import Renderer
    from .shell import PAGE_INDEX, STATIC_DIR, Shell

    renderer = Renderer(site.config, site.versions, site.content, site.data, site.redirects.lookup,
                        site.data_sources)
    shell = Shell(site.config, site.versions, site.content, renderer, site.data)
    publisher.write_file("404.html", shell.not_found_html(site.config.default_language.code))
    for lang in site.config.languages:
        publisher.write_file(f"{lang.code}/404.html", shell.not_found_html(lang.code))
        index = shell.page_index_json(lang.code, page_urls)
        publisher.write_file(f"{lang.code}/{PAGE_INDEX}", index)
    publisher.copy_tree(STATIC_DIR, "assets")
    assets = site.config.source / site.config.assets_dir
    if assets.is_dir():
        publisher.copy_tree(assets, site.config.assets_dir)
    publisher.write_file("sitemap.xml", sitemap(site, sorted(page_urls)))
    return write_redirects(site, publisher, page_urls, jobs)


def sitemap(site: Site, urls: list[str]) -> str:
    base = site.config.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{base}{u}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def build(config: SiteConfig, out: Path, jobs: int = 0, languages: list[str] | None = None,
          progress_factory: Callable[[int], Callable[[int], None]] | None = None,
          strict: bool = False) -> BuildResult:
    """Build the whole site into ``out``; on errors the previous ``out`` is left as it was."""
    started = time.perf_counter()
    report = Report()
    result = BuildResult(report, output=out)
    clock = [started]

    def stage(name: str) -> None:
        now = time.perf_counter()
        result.stages[name] = round(now - clock[0], 2)
        clock[0] = now

    try:
        site = load_site(config, report, languages)
    except BuilderError as exc:
        report.add(exc.diagnostic())
        result.seconds = time.perf_counter() - started
        return result
    items = plan_outputs(site, report)
    stage("load")
    out.parent.mkdir(parents=True, exist_ok=True)
    publisher = Publisher(out)
    try:
        progress = progress_factory(len(items)) if progress_factory else None
        rendered = render_pages(site, items, publisher, jobs or os.cpu_count() or 1, progress)
        report.extend(_once_per_key(site.config, _dedupe(rendered.diagnostics)))
        stage("render")
        page_urls = {site.content.pages[(lang, rel)].permalinks[i].href
                     for lang, rel, i in items}
        result.redirects_written = write_extras(site, publisher, page_urls,
                                                jobs or os.cpu_count() or 1)
        stage("extras")
        if not report.errors:  # the search index over the pages just written (issue 14)
            from .search_index import build_search_index, written_pages

            build_search_index(site, publisher.root, out if out.is_dir() else None,
                               written_pages(site, items), report, jobs or os.cpu_count() or 1)
            stage("search")
        for key in rendered.written:
            result.per_view[key] = result.per_view.get(key, 0) + 1
        result.pages_written = len(rendered.written)
        result.fallbacks = count_fallbacks(site, rendered.fallbacks)
        failed = bool(report.errors) or (strict and bool(report.warnings))
        if failed:
            publisher.abort()
        else:
            publisher.commit()
        stage("swap")
    except BaseException:
        publisher.abort()
        raise
    result.seconds = time.perf_counter() - started
    return result


def count_fallbacks(site: Site, shown: list[tuple[str, str, str]]
                    ) -> dict[str, dict[str, FallbackCount]]:
    """English stand-ins by language and reason, for every translated language built."""
    counts = {lang.code: {label: FallbackCount() for label in FALLBACK_LABELS.values()}
              for lang in site.config.languages[1:] if site.writes(lang.code)
              and any(key[0] == lang.code for key in site.content.pages)}
    files: dict[tuple[str, str], set[str]] = {}
    for lang, relpath, why in shown:
        counts[lang][FALLBACK_LABELS[why]].pages += 1
        files.setdefault((lang, why), set()).add(relpath)
    for (lang, why), relpaths in files.items():
        counts[lang][FALLBACK_LABELS[why]].files = len(relpaths)
    for lang, n in site.data_fallbacks.items():
        if lang in counts:
            counts[lang][FALLBACK_LABELS["data"]].files = n
    return counts


def _once_per_key(config: SiteConfig, diags: list[Diagnostic]) -> list[Diagnostic]:
    """An unknown data reference in a translation is reported once per key and language, at
    its first place, with the number of places: translations name keys that English has since
    renamed or removed, in many pages at once (each renders empty there, as in the original)."""
    folders = {lang.code: (str(config.source / lang.content_dir), str(config.source / lang.data_dir))
               for lang in config.languages[1:]}
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    out: list[Diagnostic | tuple[str, str]] = []
    for d in diags:
        lang = next((code for code, dirs in folders.items() if d.file.startswith(dirs)), None)
        if d.kind != "data-missing" or lang is None:
            out.append(d)
            continue
        key = (lang, d.message)
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(d)
    result = []
    for item in out:
        if isinstance(item, Diagnostic):
            result.append(item)
            continue
        first, n = groups[item][0], len(groups[item])
        message = first.message + (f" ({n} places in '{item[0]}'; the first is shown)"
                                   if n > 1 else "")
        result.append(Diagnostic(first.severity, first.kind, message, first.file, first.line,
                                 first.hint or "the English data has no such key: update the "
                                 "translation to the key English uses now"))
    return result


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    """The same problem found in several versions of a page is reported once."""
    seen: set[tuple] = set()
    unique = []
    for d in diags:
        key = (d.severity, d.kind, d.message, d.file, d.line)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def write_json_summary(result: BuildResult, path: Path) -> None:
    path.write_text(json.dumps({
        "pages": result.pages_written, "seconds": round(result.seconds, 2),
        "errors": result.report.counts_by_kind("error"),
        "warnings": result.report.counts_by_kind("warning"),
        "fallbacks": {lang: {label: vars(count) for label, count in kinds.items()}
                      for lang, kinds in result.fallbacks.items()},
    }, indent=2), encoding="utf-8")


__all__ = ["build", "load_site", "Site", "BuildResult", "load_config", "render_one"]
