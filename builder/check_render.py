"""Rendered pages for the checker: every page of every version and language, as the build renders it.

This is the one place where ``check`` touches the render machinery.  :func:`map_rendered_pages`
renders every planned permalink through :func:`builder.build.render_one` (the build's own render
path, with the same fork workers and the same fallbacks) and applies a caller's function to each
full HTML document *in the worker*, so only small facts travel back to the parent process.  When
the build gains a pure render function and a cache, only this module changes.
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
class RenderOutcome:
    """What one chunk of pages gave: the caller's facts per page and the render diagnostics."""

    facts: list[Any]
    diagnostics: list[Diagnostic]


_STATE: dict[str, Any] = {}  # the site and the caller's function, inherited by forked workers


def _renderer_and_shell() -> tuple[Any, Any]:
    if "renderer" not in _STATE:
        from .render import Renderer
        from .shell import Shell

        site = _STATE["site"]
        renderer = Renderer(site.config, site.versions, site.content, site.data,
                            site.redirects.lookup, site.data_sources)
        _STATE["renderer"] = renderer
        _STATE["shell"] = Shell(site.config, site.versions, site.content, renderer, site.data)
    return _STATE["renderer"], _STATE["shell"]


def _render_chunk(items: list[tuple[str, str, int]]) -> RenderOutcome:
    """Render a chunk of (lang, relpath, permalink index); one bad page never stops the rest."""
    from .build import render_one
    from .render import render_error

    renderer, shell = _renderer_and_shell()
    site, analyse = _STATE["site"], _STATE["analyse"]
    out = RenderOutcome([], [])
    for lang, relpath, index in items:
        page = site.content.pages[(lang, relpath)]
        link = page.permalinks[index]
        before = len(renderer.diagnostics)
        try:
            html, _fallback = render_one(renderer, shell, page, link)
            shown = page.in_version(link.version_id)
            out.facts.append(analyse(RenderedHTML(lang, link.version_id, link.href, relpath,
                                                  str(shown.file), html,
                                                  _missing_parts(site, shown.body))))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a diagnostic
            out.diagnostics.append(render_error(page, exc))
        finally:
            out.diagnostics.extend(renderer.diagnostics[before:])
            del renderer.diagnostics[before:]
    return out


def _missing_parts(site: Any, body: str) -> tuple[str, ...]:
    """Names of the configuration's ``missing_includes`` that the page's source includes."""
    return tuple(name for name in site.config.missing_includes
                 if re.search(r"\{%-?\s*include\s+" + re.escape(name) + r"\b", body))


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def map_rendered_pages(site: Any, items: list[tuple[str, str, int]],
                       analyse: Callable[[RenderedHTML], T], jobs: int = 0
                       ) -> Iterator[RenderOutcome]:
    """Render ``items`` (as :func:`builder.build.plan_outputs` lists them) on every core and
    yield, chunk by chunk, ``analyse`` applied to each page plus the renderer's diagnostics."""
    _STATE.clear()
    _STATE.update(site=site, analyse=analyse)
    jobs = jobs or os.cpu_count() or 1
    chunks = list(_chunks(items, 40))
    if jobs <= 1:
        yield from map(_render_chunk, chunks)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap_unordered(_render_chunk, chunks)


def source_text(path: str | Path) -> str:
    """A source file's text for locating a finding (undecodable bytes replaced, never raised)."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
