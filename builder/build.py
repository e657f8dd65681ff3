"""The static build, as a list of named stages.

    load the site model (configuration, content, data, redirects, navigation, input digests)
        -> plan the outputs -> keep the fresh ones (build cache) -> render the rest (every core)
        -> write: a clean build into a temporary folder swapped into place; an incremental
           build applies only its changes -> save the cache

Everything is rendered before anything in the output folder changes: a build with errors
leaves the last good site (and its cache) untouched.  See :mod:`builder.site` for the model,
:mod:`builder.outputs` for the outputs and the pure render, :mod:`builder.cache` for the cache.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .carry_over import carry_over
from .cache import (FORMAT, BuildCache, Entry, Manifest, ParseCache, default_folder, run_key,
                    site_id, source_snapshot)
from .config import SiteConfig, load_config
from .content import (FALLBACK_FRONTMATTER, FALLBACK_LIQUID, FALLBACK_MISSING, FALLBACK_VERSION,
                      digest)
from .errors import BuilderError, Diagnostic, Report
from .failures import fold_dependants
from .outputs import (PAGE, REDIRECT, STATIC, Output, Rendered, page_urls, plan_outputs,
                      render_one, render_output, sitemap)
from .publisher import Publisher, url_to_file
from .site import Pipeline, Site, code_digest, load_site, load_site_data

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
    pages_written: int = 0  # pages in the built site (rendered now or kept from the cache)
    per_view: dict[tuple[str, str], int] = field(default_factory=dict)
    redirects_written: int = 0
    seconds: float = 0.0
    output: Path | None = None
    # language -> FALLBACK_LABELS value -> count, for every translated language built
    fallbacks: dict[str, dict[str, FallbackCount]] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage
    rendered: int = 0  # outputs rendered by this build (the rest were fresh in the cache)
    reused: int = 0  # outputs kept from the last build
    removed: int = 0  # outputs of the last build that no longer exist
    cache: str = "off"  # "off", "cold" (nothing usable), "warm", "unchanged"
    shard: tuple[int, int] | None = None
    carried: Any = None  # --keep-going: a carry_over.CarryOver (failed pages kept or left out)
    strict: bool = False  # warnings fail the build too
    # redirect source -> {"kept": n, "dropped": {reason: n}} (RedirectTable.counts)
    redirect_counts: dict[str, dict] = field(default_factory=dict)
    search: Any = None  # search_index.SearchReport, when the search index was built

    @property
    def ok(self) -> bool:
        """Whether the site was swapped in: no errors (and, when strict, no warnings)."""
        return not self.report.errors and not (self.strict and self.report.warnings)


@dataclass
class Shard:
    """``--shard I/N``: this build renders the outputs at positions I-1, I-1+N, ... of the
    plan; ``builder merge`` puts the N folders together."""

    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            index, count = (int(x) for x in text.split("/"))
        except ValueError:
            raise ValueError(f"--shard takes I/N (e.g. 2/3), not {text!r}") from None
        if not 1 <= index <= count:
            raise ValueError(f"--shard {text}: I must be between 1 and N")
        return cls(index, count)

    def takes(self, position: int) -> bool:
        return position % self.count == self.index - 1


SHARD_FILE = ".shard.json"  # what a shard build leaves beside its outputs, for the merge


# -- rendering on every core --------------------------------------------------------------------


@dataclass
class Done:
    """One rendered output, as a worker reports it (its bytes are already written)."""

    path: str
    inputs: dict[str, str]
    diagnostics: list[Diagnostic]
    fallback: str
    ok: bool


class RenderWorker:
    """What one worker process renders with: the site it was handed and its own pipeline."""

    def __init__(self, site: Site, staging: str, target: str, urls: set[str]):
        self.pipeline = Pipeline(site)
        self.publisher = Publisher(Path(target), Path(staging), track=False)
        self.urls = urls

    def run(self, outputs: list[Output]) -> list[Done]:
        done = []
        for output in outputs:
            result = render_output(self.pipeline, output, self.urls)
            if result.body is not None:
                self.publisher.write_bytes(output.path, result.body)
            done.append(Done(output.path, result.inputs, result.diagnostics, result.fallback,
                             result.body is not None))
        return done


_WORKER: list[RenderWorker] = []  # the one worker of this process (set by its initializer)


def _init_worker(site: Site, staging: str, target: str, urls: set[str]) -> None:
    _WORKER[:] = [RenderWorker(site, staging, target, urls)]


def _run_chunk(outputs: list[Output]) -> list[Done]:
    return _WORKER[0].run(outputs)


def render_all(site: Site, outputs: list[Output], publisher: Publisher, urls: set[str],
               jobs: int, progress: Callable[[int], None] | None = None) -> list[Done]:
    """Render ``outputs`` into the publisher's folder on ``jobs`` cores.  Workers are forked
    and handed the site explicitly (fork shares it without copying)."""
    chunks = [outputs[i:i + 40] for i in range(0, len(outputs), 40)]
    args = (site, str(publisher.root), str(publisher.target), urls)
    done: list[Done] = []
    if jobs <= 1 or len(chunks) <= 1:
        worker = RenderWorker(*args)
        results: Iterable[list[Done]] = map(worker.run, chunks)
        for part in results:
            done += part
            if progress:
                progress(len(part))
        return done
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=args) as pool:
        for part in pool.imap(_run_chunk, chunks):
            done += part
            if progress:
                progress(len(part))
    return done


def _write_stubs(args: tuple[str, str, list[tuple[str, str]]]) -> int:
    from .redirects import stub_html

    target, staging, entries = args
    return Publisher(Path(target), Path(staging), track=False).write_pages(
        (key, stub_html(to)) for key, to in entries)


def write_stubs(stubs: list[Output], publisher: Publisher, jobs: int) -> int:
    """Redirect stubs with plain OS calls, on every core when there are many (10^5)."""
    entries = [(o.href, o.target) for o in stubs]
    root, target = str(publisher.root), str(publisher.target)
    if jobs <= 1 or len(entries) < 2000:
        return _write_stubs((target, root, entries))
    step = len(entries) // jobs + 1
    parts = [(target, root, entries[i:i + step]) for i in range(0, len(entries), step)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return sum(pool.map(_write_stubs, parts))


# -- the build ------------------------------------------------------------------------------------


class _Clock:
    def __init__(self, result: BuildResult):
        self.result = result
        self.last = time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        self.result.stages[name] = round(now - self.last, 2)
        self.last = now


def build(config: SiteConfig, out: Path, jobs: int = 0, languages: list[str] | None = None,
          progress_factory: Callable[[int], Callable[[int], None]] | None = None,
          strict: bool = False, use_cache: bool = True, cache_dir: Path | None = None,
          shard: Shard | None = None, keep_going: bool = False,
          search: bool = True) -> BuildResult:
    """Build the site into ``out``; on errors the previous ``out`` is left as it was, unless
    ``keep_going``: then the site is written with the failed pages' last good output
    (:mod:`builder.carry_over`).  ``search`` builds the search index (:mod:`builder.search_index`)
    over the written pages (shards leave it to ``merge``).

    With the cache (the default), only outputs whose inputs changed are rendered; the result
    is the same, byte for byte, as a clean build.  ``shard`` renders a part of the outputs
    into ``out`` for ``builder merge`` (shards do not use the cache)."""
    started = time.perf_counter()
    report = Report()
    result = BuildResult(report, output=out, shard=(shard.index, shard.count) if shard else None,
                         strict=strict)
    clock = _Clock(result)
    jobs = jobs or os.cpu_count() or 1
    # without use_cache the last build's cache is ignored, and a new one written all the same
    store = BuildCache(cache_dir or default_folder(out)) if not shard else None
    manifest, snapshot = None, ""
    # the code that renders this build, read once: the manifest must name that code, not a
    # builder edited while it ran (the next build would trust outputs of the old code)
    code = code_digest()
    if store is not None:
        snapshot = source_snapshot(config)
    if store is not None and use_cache:
        result.cache = "cold"
        manifest, problem = store.load(run_key(config, out, languages, code))
        if problem is not None:
            report.add(problem)
        if manifest is not None and manifest.site_id != site_id(out):
            manifest = None  # the output folder is not the one the cache describes
        if manifest is not None and manifest.snapshot == snapshot:
            return _unchanged(result, manifest, started)
    parse_cache = store.parse_cache() if store is not None and use_cache else ParseCache()
    try:
        site = load_site(config, report, languages, parse_cache=parse_cache)
    except BuilderError as exc:
        report.add(exc.diagnostic())
        result.seconds = time.perf_counter() - started
        return result
    if store is not None:
        site.schema_store = store.schema_store(code, reuse=use_cache)
    outputs = plan_outputs(site, report)
    urls = page_urls(outputs)
    if shard is not None:
        outputs = [o for i, o in enumerate(outputs) if shard.takes(i)]
    clock.stage("load")
    previous = manifest
    if previous is not None:
        result.cache = "warm"
    todo, kept = _plan_work(site, outputs, previous)
    out.parent.mkdir(parents=True, exist_ok=True)
    publisher = Publisher(out)
    try:
        done = _render(site, todo, publisher, urls, jobs, progress_factory)
        clock.stage("render")
        entries, stubs = _entries(outputs, done, kept, previous)
        page_diags = [d for o in outputs if o.path in entries
                      for d in entries[o.path].diagnostics]
        report.extend(_once_per_key(site.config, _dedupe(page_diags)))
        report.diagnostics = fold_dependants(report.diagnostics, strict)
        failed = bool(report.errors) or (strict and bool(report.warnings))
        _count(result, site, outputs, entries, stubs, todo)
        result.redirect_counts = {k: c.as_dict() for k, c in site.redirects.counts.items()}
        if failed and not keep_going:
            publisher.abort()
        else:
            if keep_going and report.errors:
                rendered_pages = [(o.lang, o.relpath, o.index) for o in todo if o.kind == PAGE]
                result.carried = carry_over(site, rendered_pages, publisher)
                report.extend(result.carried.diagnostics)
                _relist(site, outputs, publisher, urls, result.carried, entries, stubs)
            index = (lambda root, before: _index(result, site, outputs, root, before, jobs)) \
                if search and shard is None else None
            written = _write(result, publisher, outputs, previous, store, index)
            if shard is not None:
                _write_shard_file(out, shard, result)
            if store is not None and written:
                assert parse_cache is not None
                store.save_parse_cache(parse_cache)
                store.save(Manifest(FORMAT, run_key(config, out, languages, code),
                                    snapshot, site_id(out) or (0, 0), entries, stubs,
                                    _summary_of(result)))
        clock.stage("write")
    except BaseException:
        publisher.abort()
        raise
    result.seconds = time.perf_counter() - started
    return result


def _plan_work(site: Site, outputs: list[Output],
               previous: Manifest | None) -> tuple[list[Output], set[str]]:
    """Split the outputs into those to render and those the last build wrote still fresh."""
    if previous is None:
        return list(outputs), set()
    todo, kept = [], set()
    for output in outputs:
        if output.kind == REDIRECT:
            fresh = previous.stubs.get(output.path) == output.target
        else:
            entry = previous.entries.get(output.path)
            fresh = entry is not None and (_static_fresh(output, entry) if output.kind == STATIC
                                           else site.fresh(entry.inputs))
        if fresh:
            kept.add(output.path)
        else:
            todo.append(output)
    return todo, kept


def _static_fresh(output: Output, entry: Entry) -> bool:
    try:
        with open(output.relpath, "rb") as handle:
            return entry.inputs == {f"file:{output.relpath}": digest(handle.read())}
    except OSError:
        return False


def _render(site: Site, todo: list[Output], publisher: Publisher, urls: set[str], jobs: int,
            progress_factory: Callable[[int], Callable[[int], None]] | None) -> list[Done]:
    stubs = [o for o in todo if o.kind == REDIRECT]
    others = [o for o in todo if o.kind != REDIRECT]
    progress = progress_factory(len(others)) if progress_factory and others else None
    done = render_all(site, others, publisher, urls, jobs, progress)
    write_stubs(stubs, publisher, jobs)
    return done


def _entries(outputs: list[Output], done: list[Done], kept: set[str],
             previous: Manifest | None) -> tuple[dict[str, Entry], dict[str, str]]:
    """The cache entries of this build: rendered now, or kept from the last one."""
    now = {d.path: d for d in done}
    entries: dict[str, Entry] = {}
    stubs: dict[str, str] = {}
    for output in outputs:
        if output.kind == REDIRECT:
            stubs[output.path] = output.target
        elif output.path in now:
            d = now[output.path]
            entries[output.path] = Entry(d.inputs if d.ok else {"failed": ""}, d.diagnostics,
                                         d.fallback)
        elif output.path in kept and previous is not None:
            entries[output.path] = previous.entries[output.path]
    return entries, stubs


def _count(result: BuildResult, site: Site, outputs: list[Output], entries: dict[str, Entry],
           stubs: dict[str, str], todo: list[Output]) -> None:
    shown = []
    for output in outputs:
        if output.kind != PAGE:
            continue
        page = site.content.pages[(output.lang, output.relpath)]
        entry = entries.get(output.path)
        if entry is None or "failed" in entry.inputs:
            continue
        key = (output.lang, page.permalinks[output.index].version_id)
        result.per_view[key] = result.per_view.get(key, 0) + 1
        if entry.fallback:
            shown.append((output.lang, output.relpath, entry.fallback))
    result.pages_written = sum(result.per_view.values())
    result.redirects_written = len(stubs)
    result.fallbacks = count_fallbacks(site, shown)
    result.rendered = len(todo)
    result.reused = len(outputs) - len(todo)


def _relist(site: Site, outputs: list[Output], publisher: Publisher, urls: set[str],
            carried: Any, entries: dict[str, Entry], stubs: dict[str, str]) -> None:
    """--keep-going: the outputs that list pages (sitemap, page index, redirect tables, 404
    pages) list the pages kept from the last build and not those left out, and no redirect
    stub leads to a page left out."""
    for rel in publisher.written:  # kept as they were: rendered again next time
        entries[rel] = Entry({"carried-over": ""})
    listed = (urls - carried.skipped_urls) | carried.kept_urls
    if listed == urls:
        return
    for rel, target in list(stubs.items()):
        if target in carried.skipped_urls:
            del stubs[rel]
            (publisher.root / rel).unlink(missing_ok=True)
    extras = [o for o in outputs if o.kind not in (PAGE, REDIRECT, STATIC)]
    for done in render_all(site, extras, publisher, listed, jobs=1):
        entries[done.path] = Entry({"carried-over": ""}, done.diagnostics)


def _index(result: BuildResult, site: Site, outputs: list[Output], root: Path,
           before: Path | None, jobs: int) -> bool:
    """The search index over the pages under ``root``; False when it failed."""
    from .search_index import build_search_index, written_pages

    errors = len(result.report.errors)
    started = time.perf_counter()
    pages = written_pages(site, outputs, root)
    result.search = build_search_index(site, root, before, pages, result.report, jobs)
    result.stages["search"] = round(time.perf_counter() - started, 2)
    return len(result.report.errors) == errors


def _write(result: BuildResult, publisher: Publisher, outputs: list[Output],
           previous: Manifest | None, store: BuildCache | None,
           index: Callable[[Path, Path | None], bool] | None = None) -> bool:
    """A clean build indexes its folder and swaps it into place (unless indexing failed); an
    incremental one applies its changes, then brings the index of the site up to date."""
    if previous is None:
        target = publisher.target
        if index is not None and not index(publisher.root, target if target.is_dir() else None):
            publisher.abort()
            return False
        publisher.commit()
        return True
    if store is not None:
        store.forget()  # an apply cut short must not be trusted by the next build
    current = {o.path for o in outputs} | publisher.written  # (carried over: kept)
    gone = [p for p in list(previous.entries) + list(previous.stubs) if p not in current]
    publisher.apply(gone)
    result.removed = len(gone)
    if index is not None:
        index(publisher.target, publisher.target)
    return True


def _write_shard_file(out: Path, shard: Shard, result: BuildResult) -> None:
    """What ``builder merge`` needs to sum up the shards: this shard's summary."""
    data = {"shard": [shard.index, shard.count], **_summary_of(result)}
    data["diagnostics"] = [vars(d) for d in data["diagnostics"]]
    data["per_view"] = [[k[0], k[1], n] for k, n in data["per_view"].items()]
    data["fallbacks"] = {lang: {label: vars(c) for label, c in kinds.items()}
                         for lang, kinds in data["fallbacks"].items()}
    (out / SHARD_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                  encoding="utf-8")


def _summary_of(result: BuildResult) -> dict[str, Any]:
    return {"pages": result.pages_written, "per_view": dict(result.per_view),
            "redirects": result.redirects_written, "fallbacks": result.fallbacks,
            "redirect_counts": result.redirect_counts,
            "diagnostics": [d for d in result.report.diagnostics if d.kind != "cache"]}


def _unchanged(result: BuildResult, manifest: Manifest, started: float) -> BuildResult:
    """Nothing changed since the last build: report what it reported, write nothing."""
    summary = manifest.summary
    result.cache = "unchanged"
    result.pages_written = summary["pages"]
    result.per_view = dict(summary["per_view"])
    result.redirects_written = summary["redirects"]
    result.fallbacks = summary["fallbacks"]
    result.redirect_counts = summary["redirect_counts"]
    result.report.extend(summary["diagnostics"])
    result.reused = len(manifest.entries) + len(manifest.stubs)
    result.seconds = time.perf_counter() - started
    result.stages["check"] = round(result.seconds, 2)
    return result


def merge(shards: list[Path], out: Path, config: SiteConfig | None = None,
          languages: list[str] | None = None, jobs: int = 0) -> BuildResult:
    """Put the folders of ``build --shard I/N`` (I = 1..N) together into the site a single
    build writes (swapped into ``out`` only when every shard is there and none failed).  With
    the site's ``config``, the search index is built over the merged pages, as a single build
    does (shards cannot: each has only part of every version's pages)."""
    report = Report()
    result = BuildResult(report, output=out)
    started = time.perf_counter()
    seen: dict[int, Path] = {}
    count = 0
    summaries = []
    for folder in shards:
        info_path = folder / SHARD_FILE
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            index, count_here = info["shard"]
        except (OSError, ValueError, KeyError) as exc:
            report.error("merge", f"not a shard build ({exc})", str(info_path), 0,
                         "pass the --out folders of `build --shard I/N`")
            continue
        if count and count_here != count:
            report.error("merge", f"shard of {count_here}, the others are of {count}",
                         str(info_path), 0, "merge the shards of one build")
        count = count_here
        if index in seen:
            report.error("merge", f"shard {index}/{count} given twice ({seen[index]})",
                         str(info_path), 0, "pass each shard once")
        seen[index] = folder
        summaries.append(info)
    missing = sorted(set(range(1, count + 1)) - set(seen)) if count else []
    if missing:
        report.error("merge", f"shards {missing} of {count} are missing", "", 0,
                     "pass every shard's folder")
    if report.errors:
        return result
    out.parent.mkdir(parents=True, exist_ok=True)
    publisher = Publisher(out)
    try:
        for index in sorted(seen):
            publisher.copy_tree(seen[index], "", skip={SHARD_FILE})
        if config is not None:
            site = load_site(config, Report(), languages)
            outputs = plan_outputs(site, Report())
            target = publisher.target
            if not _index(result, site, outputs, publisher.root,
                          target if target.is_dir() else None, jobs or os.cpu_count() or 1):
                publisher.abort()
                return result
        publisher.commit()
    except BaseException:
        publisher.abort()
        raise
    diags = []
    for info in summaries:
        result.pages_written += info["pages"]
        result.redirects_written += info["redirects"]
        for lang, version, n in info["per_view"]:
            result.per_view[(lang, version)] = result.per_view.get((lang, version), 0) + n
        diags += [Diagnostic(**d) for d in info["diagnostics"]]
    report.extend(_dedupe(diags))
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


def _pages_by_version(per_view: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    """``{language: {version: pages}}``: the closing summary's table, for scripts."""
    table: dict[str, dict[str, int]] = {}
    for (lang, version), count in per_view.items():
        table.setdefault(lang, {})[version] = count
    return table


def write_json_summary(result: BuildResult, path: Path) -> None:
    path.write_text(json.dumps({
        "pages": result.pages_written, "seconds": round(result.seconds, 2),
        "pages_by_version": _pages_by_version(result.per_view),
        "errors": result.report.counts_by_kind("error"),
        "warnings": result.report.counts_by_kind("warning"),
        "fallbacks": {lang: {label: vars(count) for label, count in kinds.items()}
                      for lang, kinds in result.fallbacks.items()},
        "redirects": result.redirect_counts, "redirect_stubs": result.redirects_written,
        "stages": result.stages,
        "cache": result.cache, "rendered": result.rendered, "unchanged": result.reused,
        "removed": result.removed,
        "kept": [url for url, _ in result.carried.kept] if result.carried else [],
        "skipped": [url or file for url, file in result.carried.skipped] if result.carried else [],
    }, indent=2), encoding="utf-8")


__all__ = ["build", "merge", "Shard", "load_site", "load_site_data", "Site", "BuildResult",
           "load_config", "render_one", "sitemap"]
