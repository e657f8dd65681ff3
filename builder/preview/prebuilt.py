"""Answering from the last build while the site model loads.

When ``serve`` starts beside a built site whose build cache says it is up to date (same
builder, configuration and languages, and no source file changed since), the pages and
redirects of that site are served as they are until the model has loaded, so the first page
comes back in a fraction of a second even on a large site.  Anything else (404s, error pages)
waits for the model.  Once loaded, the preview renders every answer itself.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..cache import BuildCache, default_folder, run_key, site_id, source_snapshot
from ..config import SiteConfig
from ..publisher import url_to_file
from ..site import code_digest
from .state import Answer

STUB_MAX_BYTES = 4096  # a stub is a few hundred bytes; every page is far larger


class Prebuilt:
    """A built site that the build cache vouches for."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def find(cls, config: SiteConfig, folder: Path,
             languages: list[str] | None = None) -> Prebuilt | None:
        """The site in ``folder`` when it is up to date with the sources, else None.  Reads
        only the cache's small state file, not its manifest: this runs before the first
        answer."""
        if not folder.is_dir():
            return None
        state = BuildCache(default_folder(folder)).state()
        if state.get("key") != run_key(config, folder, languages, code_digest()):
            return None
        if tuple(state.get("site_id") or ()) != site_id(folder):
            return None
        if state.get("snapshot") != source_snapshot(config):
            return None
        return cls(folder)

    def answer(self, path: str) -> Answer | None:
        """The built page or redirect at ``path`` (a safe, decoded URL path), or None.  A
        redirect stub (a small page whose only job is its meta refresh) is answered as the
        301 the build's redirect tables give."""
        rel = url_to_file(path)
        try:
            body = (self.folder / rel).read_bytes()
        except OSError:
            return None
        target = _stub_target(body)
        if target:
            return Answer(301, body, location=target)
        return Answer(200, body)


def _stub_target(body: bytes) -> str:
    """Where a redirect stub (``builder.redirects.stub_html``) sends the reader, or ''."""
    if len(body) > STUB_MAX_BYTES or b'http-equiv="refresh"' not in body:
        return ""
    meta = LexborHTMLParser(body).css_first('meta[http-equiv="refresh"]')
    content = (meta.attributes.get("content") or "") if meta is not None else ""
    _, _, url = content.partition("url=")
    return url.strip()


__all__ = ["Prebuilt"]
