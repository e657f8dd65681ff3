"""Rendered pages for the checker: every page of every version and language, as the build renders it.

This is the one place where ``check`` touches the render machinery.  :func:`map_rendered_pages`
renders every planned permalink through :func:`builder.outputs.render_one` on a
:class:`builder.site.Pipeline` (the build's own render path, traced, with fork workers and the
same fallbacks) and applies a caller's function to each full HTML document *in the worker*, so
only small facts and the page's inputs travel back to the parent process.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from .errors import Diagnostic

T = TypeVar("T")


@dataclass(frozen=True)
class RenderedHTML:
    """One permalink rendered to a full HTML document."""

    lang: str
    version_id: str
    href: str
    relpath: str
    file: str  # the file whose text was rendered (English when it stands in for a translation)
    html: str
    # generated parts the page includes whose data the site lacks (config missing_includes):
    # the page is incomplete, so its ids cannot be trusted as the full set
    missing_parts: tuple[str, ...] = ()


@dataclass
class Checked:
    """One page as the checker keeps it: the caller's facts (None when it failed to render),
    the render's diagnostics, and the inputs it read with their digests (the same freshness
    test as the build cache: a page whose inputs are unchanged need not be rendered again)."""

    href: str
    inputs: dict[str, str]
    facts: Any
    diagnostics: list[Diagnostic]
    # read from the last build's output instead of rendered (the caller adds the inputs and
    # diagnostics the build cache keeps for it)
    built: bool = False


@dataclass
class RenderOutcome:
    """What one chunk of pages gave."""

    pages: list[Checked]


Item = tuple[str, str, int, str]  # lang, relpath, permalink index, built file to read or ""

_STATE: dict[str, Any] = {}  # this worker's pipeline and the caller's function


def _init(site: Any, analyse: Callable[[RenderedHTML], Any]) -> None:
    from .site import Pipeline

    _STATE.clear()
    _STATE.update(site=site, analyse=analyse, pipeline=Pipeline(site))


def _render_chunk(items: list[Item]) -> RenderOutcome:
    """Render a chunk of (lang, relpath, permalink index, built file or ""); one bad page never
    stops the rest.  A page with a built file is read from it (the build wrote exactly what a
    render gives); when that file cannot be read the page is rendered."""
    from . import trace
    from .outputs import render_one
    from .render import render_error
    from .site import SITE

    site, analyse, pipeline = _STATE["site"], _STATE["analyse"], _STATE["pipeline"]
    out = RenderOutcome([])
    for lang, relpath, index, built in items:
        page = site.content.pages[(lang, relpath)]
        link = page.permalinks[index]
        if built:
            reused = _from_built(site, analyse, lang, page, link, built)
            if reused is not None:
                out.pages.append(reused)
                continue
        facts = None
        with trace.tracing() as read:
            trace.record(SITE)
            if page.english is not None:
                trace.record(f"file:{page.english.file}")
            try:
                html, _fallback = render_one(pipeline, page, link)
                shown = page.in_version(link.version_id)
                facts = analyse(RenderedHTML(lang, link.version_id, link.href, relpath,
                                             str(shown.file), html,
                                             _missing_parts(site, shown.body)))
            except Exception as exc:  # noqa: BLE001 - every failure becomes a diagnostic
                read.diagnostics.append(render_error(page, exc))
        inputs = site.digests_of(read.inputs) if facts is not None else {"failed": ""}
        out.pages.append(Checked(link.href, inputs, facts, read.diagnostics))
    return out


def _from_built(site: Any, analyse: Callable[[RenderedHTML], Any], lang: str, page: Any,
                link: Any, built: str) -> Checked | None:
    """The caller's facts of a page the last build wrote (None when its file is unreadable)."""
    try:
        with open(built, "rb") as handle:
            html = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    shown = page.in_version(link.version_id)
    facts = analyse(RenderedHTML(lang, link.version_id, link.href, page.relpath,
                                 str(shown.file), html, _missing_parts(site, shown.body)))
    return Checked(link.href, {}, facts, [], built=True)


def _missing_parts(site: Any, body: str) -> tuple[str, ...]:
    """Names of the configuration's ``missing_includes`` that the page's source includes."""
    return tuple(name for name in site.config.missing_includes
                 if re.search(r"\{%-?\s*include\s+" + re.escape(name) + r"\b", body))


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def map_rendered_pages(site: Any, items: list[Item],
                       analyse: Callable[[RenderedHTML], T], jobs: int = 0
                       ) -> Iterator[RenderOutcome]:
    """Render ``items`` (``(lang, relpath, permalink index, built file or "")``) on every core
    and yield, chunk by chunk, ``analyse`` applied to each page with the render's diagnostics
    and inputs.  Workers are forked and handed the site explicitly, as the build's are."""
    jobs = jobs or os.cpu_count() or 1
    chunks = list(_chunks(items, 40))
    if jobs <= 1 or len(chunks) <= 1:
        _init(site, analyse)
        yield from map(_render_chunk, chunks)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init, initargs=(site, analyse)) as pool:
        yield from pool.imap(_render_chunk, chunks)


def source_text(path: str | Path) -> str:
    """A source file's text for locating a finding (undecodable bytes replaced, never raised)."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
