"""What one render read and reported, recorded without state on shared objects.

Rendering an output opens a :class:`Trace` (``with tracing() as trace``).  While it is open,
whatever the render reads that can change between two builds is named with :func:`record`
(``file:<path>`` for a whole source file, ``meta:<path>`` for a page's frontmatter,
``nav:<lang>/<version>`` for a navigation tree, ``data-all:<lang>`` for the whole data of a
language), and every warning goes to :func:`report`.  The build cache compares those names'
digests between builds; the preview server drops exactly the pages whose inputs changed.

The trace lives in a :class:`contextvars.ContextVar`, not on the renderer, so two renders never
share one, and the renderer's memo caches stay pure: :func:`memo` stores with each cached value
the inputs and warnings that computing it produced, and replays them into every later render
that uses the value.  A render therefore reads and reports the same thing whatever ran before
it in the same process.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterator, MutableMapping, TypeVar

from .errors import Diagnostic

T = TypeVar("T")


@dataclass
class Trace:
    """The inputs one render read and the diagnostics it produced."""

    inputs: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files being rendered (innermost last)


_CURRENT: ContextVar[Trace | None] = ContextVar("builder_trace", default=None)


def current() -> Trace | None:
    return _CURRENT.get()


@contextmanager
def tracing() -> Iterator[Trace]:
    """Open a fresh trace for the code in the ``with`` block."""
    trace = Trace()
    token = _CURRENT.set(trace)
    try:
        yield trace
    finally:
        _CURRENT.reset(token)


def record(*keys: str) -> None:
    """Name inputs the current render read (nothing happens outside a render)."""
    trace = _CURRENT.get()
    if trace is not None:
        trace.inputs.update(keys)


def report(diagnostic: Diagnostic) -> None:
    """A warning or error of the current render (outside a render it is dropped: the code
    that runs outside one, such as navigation assembly, reports through its own list)."""
    trace = _CURRENT.get()
    if trace is not None:
        trace.diagnostics.append(diagnostic)


def current_file() -> str:
    trace = _CURRENT.get()
    return trace.files[-1] if trace is not None and trace.files else ""


@contextmanager
def rendering_file(path: str) -> Iterator[None]:
    """Mark ``path`` as the file being rendered (for warnings that name no file)."""
    trace = _CURRENT.get()
    if trace is None:
        yield
        return
    trace.files.append(path)
    try:
        yield
    finally:
        trace.files.pop()


def replay(inputs: frozenset[str], diagnostics: tuple[Diagnostic, ...]) -> None:
    trace = _CURRENT.get()
    if trace is not None:
        trace.inputs.update(inputs)
        trace.diagnostics.extend(diagnostics)


def memo(cache: MutableMapping[Hashable, tuple[Any, frozenset[str], tuple[Diagnostic, ...]]],
         key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key``; every caller records what the first computation read.

    Exceptions are not cached: a failing computation fails again in the next caller, which
    then reports it itself."""
    hit = cache.get(key)
    if hit is None:
        outer = _CURRENT.get()
        with tracing() as inner:
            if outer is not None:
                inner.files.extend(outer.files)
            value = compute()
        hit = (value, frozenset(inner.inputs), tuple(inner.diagnostics))
        cache[key] = hit
    replay(hit[1], hit[2])
    return hit[0]


def discard() -> Iterator[Trace]:
    """A trace whose inputs are kept but whose diagnostics are thrown away (for renders done
    only to compare with, such as the English side of a translation's heading ids)."""
    return _discarding()


@contextmanager
def _discarding() -> Iterator[Trace]:
    outer = _CURRENT.get()
    with tracing() as inner:
        if outer is not None:
            inner.files.extend(outer.files)
        yield inner
    if outer is not None:
        outer.inputs.update(inner.inputs)
