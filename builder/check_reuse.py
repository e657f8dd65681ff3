"""What ``check`` takes from the last build instead of rendering again.

The build has already rendered every page into its output folder and kept, in its cache
(:mod:`builder.cache`), the inputs each page's render read and the diagnostics it gave.  A page
whose inputs all still have those digests would render to the very bytes the build wrote (the
same render path, :func:`builder.outputs.render_page_output`), so the check reads the built file
and reports the build's diagnostics for it.  Only entries that are fresh now count: a build
older than the sources gives the pages it still holds fresh, and nothing else.

The manifest is trusted as the build trusts it: written by this very builder for the same
configuration, source, languages and output folder, and describing the folder that is there now
(a build swaps a new folder in before it saves the new manifest, and removes the manifest before
it changes the folder in place).  Nothing here writes to the build's folder or cache.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .cache import BuildCache, Entry, Manifest, ParseCache, default_folder, run_key, site_id
from .config import SiteConfig


class BuiltSite:
    """The last build of one output folder, as far as its cache vouches for it."""

    def __init__(self, out: Path, config: SiteConfig, languages: list[str] | None,
                 cache_dir: Path | None = None):
        self.out = out.resolve()
        self.config = config
        self.languages = languages
        self.store = BuildCache(cache_dir or default_folder(out))
        self._manifest: Manifest | None | bool = False  # False: not read yet

    def manifest(self) -> Manifest | None:
        """The build's manifest when it can be trusted for this folder (read once, lazily:
        on a large site it takes a while to load, and a check cache may make it needless)."""
        if self._manifest is False:
            self._manifest = self._load()
        return self._manifest or None

    def _load(self) -> Manifest | None:
        from .site import code_digest

        if not self.out.is_dir():
            return None
        key = run_key(self.config, self.out, self.languages, code_digest())
        if self.store.state().get("key") not in (None, key):
            return None  # another builder, configuration or folder: skip the large read
        manifest, _problem = self.store.load(key)  # an unreadable cache only costs time
        if manifest is None or tuple(manifest.site_id) != site_id(self.out):
            return None
        return manifest

    def entry(self, path: str) -> Entry | None:
        manifest = self.manifest()
        return manifest.entries.get(path) if manifest is not None else None

    def fresh_file(self, site: Any, path: str) -> tuple[str, Entry] | None:
        """The built file of output ``path`` and its cache entry, when the entry is fresh for
        ``site`` (every input it read unchanged) and the file is there."""
        entry = self.entry(path)
        if entry is None or not site.fresh(entry.inputs):
            return None
        file = os.path.join(self.out, path)
        return (file, entry) if os.path.isfile(file) else None

    def parse_cache(self) -> ParseCache:
        """The frontmatter the build parsed, by text digest (read only: it saves loading time,
        whatever build it came from)."""
        return self.store.parse_cache()


__all__ = ["BuiltSite"]
