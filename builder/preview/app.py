"""The preview's web application (starlette): pages, redirects, assets, and live reload.

    request -> safe path? -> /assets/... (files) | /__preview/events (reload stream)
            -> rendered page in cache? -> answer from the event loop
            -> else the render thread: PreviewSite.answer (render, redirect, 404, error)

One thread renders and applies changes (:class:`PreviewServer.run`), so a request made after a
save waits for the change to be applied and never sees a half-updated site.  Browsers keep a
server-sent-events stream open (the script injected before ``</body>``); after a change the
server re-renders the pages that browsers have open, then tells those browsers to reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable
from urllib.parse import quote, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse
from starlette.routing import Route

from ..site_files import noindex_header
from .search import PreviewSearch
from .state import HTML, Affected, Answer, PreviewSite

log = logging.getLogger("builder.preview")

EVENTS_PATH = "/__preview/events"
RELOAD_SCRIPT = (
    '<script data-preview="reload">(function(){var seen=null,es=new EventSource('
    f'"{EVENTS_PATH}?path="+encodeURIComponent(location.pathname));'
    'es.addEventListener("hello",function(e){if(seen!==null&&seen!==e.data)location.reload();'
    'seen=e.data});es.addEventListener("reload",function(){es.close();location.reload()})'
    "})();</script>\n").encode("utf-8")


def inject_reload(body: bytes) -> bytes:
    """The page with the reload script just before its last ``</body>`` (or at the end)."""
    at = body.rfind(b"</body>")
    if at < 0:
        return body + RELOAD_SCRIPT
    return body[:at] + RELOAD_SCRIPT + body[at:]


def safe_path(raw_path: bytes) -> str | None:
    """The decoded request path, or None when it could reach outside the site.

    Refused: dot segments (also percent-encoded), encoded slashes and backslashes, NUL and
    control characters, empty segments (``//etc/passwd``) and anything not starting with ``/``.
    The path is decoded exactly once, so ``%252e`` stays the harmless text ``%2e``.
    """
    text = raw_path.decode("latin-1").split("?", 1)[0]
    lowered = text.lower()
    if any(bad in lowered for bad in ("%2f", "%5c", "%00")):
        return None
    try:
        path = unquote(text, errors="strict") if "%" in text else text
    except UnicodeDecodeError:
        return None
    if not path.startswith("/") or "\\" in path or any(ord(c) < 32 or c == "\x7f" for c in path):
        return None
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments) or "" in segments[:-1]:
        return None
    return path


@dataclass(eq=False)
class _Browser:
    path: str
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)


class ReloadHub:
    """The open browsers (one event stream each) and the page each one shows."""

    def __init__(self) -> None:
        self.browsers: set[_Browser] = set()
        self.epoch = secrets.token_hex(4)  # a new server makes open pages reload
        self.closing = asyncio.Event()

    def open_paths(self, affected: Affected) -> set[str]:
        return {b.path for b in self.browsers if affected.covers(b.path)}

    def notify(self, affected: Affected) -> int:
        """Tell the browsers showing an affected page to reload; return how many."""
        told = 0
        for browser in list(self.browsers):
            if affected.covers(browser.path):
                browser.queue.put_nowait("reload")
                told += 1
        return told

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        self.closing.set()
        for browser in list(self.browsers):
            browser.queue.put_nowait(None)

    async def stream(self, path: str, heartbeat: float = 15.0) -> AsyncIterator[bytes]:
        browser = _Browser(path)
        self.browsers.add(browser)
        try:
            yield f"retry: 500\nevent: hello\ndata: {self.epoch}\n\n".encode()
            while not self.closing.is_set():
                try:
                    message = await asyncio.wait_for(browser.queue.get(), heartbeat)
                except asyncio.TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if message is None:
                    return
                yield f"event: {message}\ndata: {message}\n\n".encode()
        finally:
            self.browsers.discard(browser)


@dataclass
class ReloadTiming:
    """One processed change: what changed and how long the server took (seconds)."""

    paths: list[str]
    detected: float  # time.time() when the watcher reported the batch
    applied: float  # invalidation done (seconds after detection)
    rendered: float  # open pages re-rendered (seconds after detection)
    notified: int  # browsers told to reload
    pages: int  # URLs invalidated (-1: all)


class PreviewServer:
    """The loaded site, the render thread, the reload hub and the starlette app around them."""

    def __init__(self, source: Path, config_path: Path | None = None,
                 languages: list[str] | None = None, *, livereload: bool = True,
                 watch: bool = True, site_dir: Path | None = None, search: bool = False):
        self.state = PreviewSite(source, config_path, languages)
        self.site_dir = site_dir  # a built site to answer from while the model loads
        self.prebuilt: Any = None  # builder.preview.prebuilt.Prebuilt, when up to date
        self.checked: asyncio.Event | None = None
        # the search index, built in the background (builder.preview.search)
        self.search = PreviewSearch(source, config_path, languages) if search else None
        self.livereload = livereload
        self.watch = watch
        self.hub = ReloadHub()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="preview-render")
        self.pending = 0  # change batches being applied: requests then wait for them
        self.timings: list[ReloadTiming] = []  # the last 100 changes
        self.changes = 0  # change batches applied since the start
        self.loaded: asyncio.Future | None = None
        self.started = time.perf_counter()
        self.app = Starlette(routes=[
            Route(EVENTS_PATH, self.events, methods=["GET"]),
            Route("/{rest:path}", self.handle, methods=["GET", "HEAD"]),
        ], lifespan=self.lifespan)
        self.watcher = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- life --------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        self.checked = asyncio.Event()
        self.hub.closing.clear()
        self.loaded = asyncio.ensure_future(self.run(self._load))  # listen while loading
        if self.watch:
            from .watcher import Watcher

            self.watcher = Watcher(self)
            self.watcher.start()
        if self.search is not None:
            self.search.start()
        try:
            yield
        finally:
            self.hub.close()
            if self.search is not None:
                self.search.stop()
            if self.watcher is not None:
                await self.watcher.stop()
            self.executor.shutdown(wait=False, cancel_futures=True)

    def _load(self) -> None:
        self._find_prebuilt()
        self.state.load()
        log.info("ready %.2f s after start", time.perf_counter() - self.started)

    def _find_prebuilt(self) -> None:
        """Look for an up-to-date build to answer from while loading (see prebuilt.py)."""
        try:
            if self.site_dir is not None:
                from ..config import load_config
                from .prebuilt import Prebuilt

                config = load_config(self.state.config_path, self.state.source)
                self.prebuilt = Prebuilt.find(config, self.site_dir, self.state.languages)
                if self.prebuilt is not None:
                    log.info("answering from %s until the site is loaded", self.site_dir)
        except Exception:  # noqa: BLE001  (then every answer waits for the model)
            log.exception("reading the last build failed")
        finally:
            if self._loop is not None and self.checked is not None:
                self._loop.call_soon_threadsafe(self.checked.set)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn`` on the render thread (one at a time, in order)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def apply_changes(self, paths: list[Path]) -> ReloadTiming:
        """Apply saved files, re-render the open pages they affect, tell those browsers."""
        detected_wall, t0 = time.time(), time.perf_counter()
        self.pending += 1
        if self.search is not None:
            self.search.stale()
        try:
            affected: Affected = await self.run(self.state.apply, paths)
            applied = time.perf_counter() - t0
            await self.run(self.state.prerender, self.hub.open_paths(affected))
        finally:
            self.pending -= 1
        rendered = time.perf_counter() - t0
        told = self.hub.notify(affected)
        timing = ReloadTiming([str(p) for p in paths], detected_wall, applied, rendered, told,
                              -1 if affected.everything else len(affected))
        self.timings = self.timings[-99:] + [timing]
        self.changes += 1
        if affected.everything or affected.hrefs:
            log.info("%s: %s invalidated; %d browser(s) reloaded in %.0f ms",
                     ", ".join(_short(p, self.state.source) for p in paths),
                     "everything" if affected.everything else f"{len(affected)} URL(s)",
                     told, rendered * 1000)
        return timing

    # -- requests ------------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
        path = safe_path(raw)
        if self.loaded is not None and not self.loaded.done():
            if self.checked is not None:
                await self.checked.wait()
            early = self.prebuilt.answer(path) if self.prebuilt and path else None
            if early is not None:
                return await self._respond(request, early)
            await asyncio.shield(self.loaded)
        if path is None:
            return await self._respond(request, await self.run(self.state.refused))
        if path.startswith("/assets/") or path.startswith(f"/{self._assets_dir()}/"):
            found = self._asset(path)
            if found is not None:
                return FileResponse(found, headers={"cache-control": "no-cache"})
        if self.search is not None and path.startswith("/pagefind/"):
            index_file = self.search.file(path)
            if index_file is not None:
                return FileResponse(index_file, headers={"cache-control": "no-cache"})
        body = self.state.pages.get(path)
        if body is not None and not self.pending:
            answer = Answer(200, body)
        else:
            answer = await self.run(self.state.answer, path, request.url.query)
        return await self._respond(request, answer)

    async def _respond(self, request: Request, answer: Answer) -> Response:
        headers = {"cache-control": "no-store"}
        if self.state.site is not None and noindex_header(self.state.site, request.url.path):
            headers["x-robots-tag"] = "noindex"  # as the original and our _headers (spec §10.8)
        body = answer.body
        if answer.location:
            headers["location"] = quote(answer.location, safe="/@:!$&'()*+,;=-._~%?#")
        if self.livereload and answer.content_type == HTML and not answer.location:
            body = inject_reload(body)
        if request.method == "HEAD":
            headers["content-length"] = str(len(body))
            return Response(b"", answer.status, headers, answer.content_type)
        return Response(body, answer.status, headers, answer.content_type)

    def _assets_dir(self) -> str:
        config = self.state.config
        return config.assets_dir.strip("/") if config is not None else "assets"

    def _asset(self, path: str) -> Path | None:
        """A static file: the builder's own assets, then the site's assets folder."""
        from ..shell import STATIC_DIR

        roots = [("/assets/", STATIC_DIR)]
        config = self.state.config
        if config is not None:
            roots.append((f"/{self._assets_dir()}/", config.source / config.assets_dir))
        for prefix, root in roots:
            if not path.startswith(prefix):
                continue
            root = root.resolve()
            candidate = (root / path[len(prefix):]).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None

    async def events(self, request: Request) -> Response:
        path = request.query_params.get("path", "/")
        return StreamingResponse(self.hub.stream(path), media_type="text/event-stream",
                                 headers={"cache-control": "no-store", "x-accel-buffering": "no"})

    def stop_streams(self) -> None:
        """End the browsers' event streams (call from any thread) so the server can stop."""
        loop = self._loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self.hub.close)
        else:
            self.hub.close()


def _short(path: Path | str, source: Path) -> str:
    try:
        return Path(path).resolve().relative_to(source.resolve()).as_posix()
    except ValueError:
        return str(path)


def create_app(source: Path, config_path: Path | None = None, languages: list[str] | None = None,
               **options: Any) -> Starlette:
    """The preview application; ``app.state.preview`` is its :class:`PreviewServer`."""
    server = PreviewServer(source, config_path, languages, **options)
    server.app.state.preview = server
    return server.app


__all__ = ["PreviewServer", "ReloadHub", "create_app", "safe_path", "inject_reload",
           "RELOAD_SCRIPT", "EVENTS_PATH"]
