"""Watching the sources (watchfiles): content, data and translation folders, and the config.

Two watches feed one queue: the content and data folders of every loaded language
(recursive), and the configuration file's folder (not recursive, that file only; for the
sample site that folder is the repository root, which must not be watched recursively).  One
consumer applies the queued changes in order, merging whatever arrived meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import DefaultFilter, awatch

from .invalidation import watched_folders

if TYPE_CHECKING:
    from .app import PreviewServer

log = logging.getLogger("builder.preview")

STEP_MS = 20  # a batch ends after this long without new events (editors write in bursts)
DEBOUNCE_MS = 400  # ... or after this long in any case


class Watcher:
    def __init__(self, server: PreviewServer):
        self.server = server
        self.queue: asyncio.Queue[set[Path]] = asyncio.Queue()
        self.stop_event = asyncio.Event()
        self.tasks: list[asyncio.Task] = []
        self.folders: list[Path] = []
        self.batches = 0  # raw batches seen (tests use it to know the watch is live)
        self._content_task: asyncio.Task | None = None

    def start(self) -> None:
        self.tasks = [asyncio.create_task(self._main())]

    async def stop(self) -> None:
        self.stop_event.set()
        for task in self.tasks + ([self._content_task] if self._content_task else []):
            task.cancel()
        for task in self.tasks + ([self._content_task] if self._content_task else []):
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass

    async def _main(self) -> None:
        server = self.server
        if server.loaded is not None:
            await asyncio.shield(server.loaded)
        config_path = server.state.config_path.resolve()
        self.tasks.append(asyncio.create_task(self._watch(
            [config_path.parent], recursive=False,
            only=config_path.name)))
        self._restart_content_watch()
        while not self.stop_event.is_set():
            paths = await self.queue.get()
            while not self.queue.empty():
                paths |= self.queue.get_nowait()
            try:
                await server.apply_changes(sorted(paths))
            except Exception:  # never let one bad change stop the watching
                log.exception("applying a change failed")
            self._restart_content_watch()

    def _restart_content_watch(self) -> None:
        """(Re)start the folder watch when the folders changed (a new configuration)."""
        state = self.server.state
        config = state.config
        folders = watched_folders(config, [config.default_language] + state.langs) if config else []
        if folders == self.folders and self._content_task is not None:
            return
        if self._content_task is not None:
            self._content_task.cancel()
        self.folders = folders
        self._content_task = asyncio.create_task(self._watch(folders, recursive=True))

    async def _watch(self, folders: list[Path], recursive: bool, only: str = "") -> None:
        if not folders:
            return
        base = DefaultFilter()

        def accept(change, path: str) -> bool:
            if only and Path(path).name != only:
                return False
            return base(change, path)

        async for changes in awatch(*folders, watch_filter=accept, recursive=recursive,
                                    step=STEP_MS, debounce=DEBOUNCE_MS,
                                    stop_event=self.stop_event):
            self.batches += 1
            self.queue.put_nowait({Path(path) for _change, path in changes})


__all__ = ["Watcher", "STEP_MS", "DEBOUNCE_MS"]
