"""The preview's search index, rebuilt in the background after edits.

The preview renders pages on demand, but a search index needs every page.  So a background
thread runs the static build (``python -m builder build``) into a private folder and the
preview serves ``/pagefind/...`` from the last finished one.  A subprocess, at low priority,
because it must never hold up the page a reader is waiting for (the render thread and the GIL
stay the preview's own).  Edits made during a build mark the index stale: one more build runs
when the current one ends, however many edits came meanwhile.  Bundles whose pages did not
change are copied from the previous index rather than re-indexed (builder.search_index).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..publisher import _remove_in_background as remove_in_background
from ..search_index import SEARCH_DIR

log = logging.getLogger("builder.preview")


class PreviewSearch:
    """Builds the site into a private folder in the background and serves its search index."""

    def __init__(self, source: Path, config_path: Path | None, languages: list[str] | None,
                 delay: float = 1.0):
        self.source = source
        self.config_path = config_path
        self.languages = languages or []
        self.delay = delay  # seconds of quiet after an edit before rebuilding
        self.folder = Path(tempfile.mkdtemp(prefix="preview-search-"))
        self.site = self.folder / "site"
        self.builds = 0  # finished builds with an index (tests wait for this to grow)
        self.failures = 0
        self._stale = threading.Event()
        self._stop = threading.Event()
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._main, name="preview-search", daemon=True)

    def start(self) -> None:
        self._stale.set()
        self._thread.start()

    def stale(self) -> None:
        """Sources changed: rebuild the index once the current build (if any) has ended."""
        self._stale.set()

    def stop(self) -> None:
        """End the build under way and drop the private folder, without making the server's
        shutdown wait for either (the folder holds a whole site)."""
        self._stop.set()
        self._stale.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
        self._thread.join(2)
        remove_in_background(self.folder)

    def file(self, path: str) -> Path | None:
        """The index file a ``/pagefind/...`` request asks for, if the last build made it."""
        root = (self.site / SEARCH_DIR).resolve()
        candidate = (self.site / path.lstrip("/")).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
        return None

    def _main(self) -> None:
        while not self._stop.is_set():
            self._stale.wait()
            if self._stop.wait(self.delay):  # let a burst of saves settle
                return
            self._stale.clear()
            self._build()

    def _command(self) -> list[str]:
        command = [sys.executable, "-m", "builder", "build", "--source", str(self.source),
                   "--out", str(self.site), "--jobs", "1"]
        if self.config_path is not None:
            command += ["--config", str(self.config_path)]
        for code in self.languages:
            command += ["--lang", code]
        return command

    def _build(self) -> None:
        started = time.perf_counter()
        nice = (lambda: os.nice(10)) if hasattr(os, "nice") else None
        self._process = subprocess.Popen(self._command(), stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, preexec_fn=nice)
        _, err = self._process.communicate()
        code, self._process = self._process.returncode, None
        if self._stop.is_set():
            return
        if code == 0:
            self.builds += 1
            log.info("search index rebuilt in %.1f s", time.perf_counter() - started)
        else:  # the last good index stays served; the page itself shows the error
            self.failures += 1
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["(no output)"]
            log.warning("search index not rebuilt: the build failed (%s)", tail[0])


__all__ = ["PreviewSearch"]
