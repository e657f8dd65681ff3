"""Answering from the last build while the site model loads.

When ``serve`` starts beside a built site whose build cache says it is up to date (same
builder, configuration and languages, and no source file changed since), the pages and
redirects of that site are served as they are until the model has loaded, so the first page
comes back in a fraction of a second even on a large site.  Anything else (404s, error pages)
waits for the model.  Once loaded, the preview renders every answer itself.
"""

from __future__ import annotations

from pathlib import Path

from ..cache import BuildCache, Manifest, default_folder, run_key, site_id, source_snapshot
from ..config import SiteConfig
from ..publisher import url_to_file
from ..site import code_digest
from .state import Answer


class Prebuilt:
    """A built site that the build cache vouches for."""

    def __init__(self, folder: Path, manifest: Manifest):
        self.folder = folder
        self.manifest = manifest

    @classmethod
    def find(cls, config: SiteConfig, folder: Path,
             languages: list[str] | None = None) -> Prebuilt | None:
        """The site in ``folder`` when it is up to date with the sources, else None."""
        if not folder.is_dir():
            return None
        cache = BuildCache(default_folder(folder))
        manifest, _problem = cache.load(run_key(config, folder, languages, code_digest()))
        if manifest is None or manifest.site_id != site_id(folder):
            return None
        if manifest.snapshot != source_snapshot(config):
            return None
        return cls(folder, manifest)

    def answer(self, path: str) -> Answer | None:
        """The built page or redirect at ``path`` (a safe, decoded URL path), or None."""
        from ..redirects import stub_html

        rel = url_to_file(path)
        target = self.manifest.stubs.get(rel)
        if target is not None:
            return Answer(301, stub_html(target).encode("utf-8"), location=target)
        if rel not in self.manifest.entries or not rel.endswith(".html"):
            return None
        try:
            return Answer(200, (self.folder / rel).read_bytes())
        except OSError:
            return None


__all__ = ["Prebuilt"]
