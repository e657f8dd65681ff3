"""What a built site folder holds, as a publisher sees it: one :class:`SiteFile` per file, with
its kind (asset, page, index, redirect stub), content hash, content type and cache policy.

Every target (S3, gh-pages, a folder) reads the site through :func:`scan_site`, so they agree on
what is a page and what is a redirect.  Redirect stubs are known from the ``redirects.json`` the
build writes (old path -> page URL), not guessed from the HTML.
"""

from __future__ import annotations

import functools
import json
import operator
import mimetypes
import re
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from ..publisher import url_to_file
from .hash_record import folder_hashes, record_path

REDIRECTS_JSON = "redirects.json"

# Python's built-in table only: the system's /etc/mime.types differs between machines, and a
# content type that changes with the machine would be a change the publisher cannot see.
_TYPES = mimetypes.MimeTypes(filenames=())
_CHARSET_TYPES = {"text/html", "text/css", "text/javascript", "application/javascript",
                  "application/json", "application/xml", "text/xml", "text/plain",
                  "image/svg+xml", "application/manifest+json"}
_OVERRIDES = {".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
              ".xml": "application/xml", ".map": "text/plain", ".webmanifest":
              "application/manifest+json", ".woff2": "font/woff2", ".woff": "font/woff",
              ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif"}
# A name with a content hash in it (docs.3f2a9c1d.css) never changes: cache it for a year.
_FINGERPRINT = re.compile(r"[.-][0-9a-f]{8,}\.[A-Za-z0-9]+$")
# Files that list pages (sitemap, page index, redirect tables) are published with the pages:
# uploading them before the pages they name would point readers at pages not there yet.
_ASSET_SUFFIXES = {".css", ".js", ".mjs", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp",
                   ".avif", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp4", ".webm",
                   ".pdf", ".zip", ".wasm"}

CACHE_HTML = "public, max-age=300, must-revalidate"
CACHE_ASSET = "public, max-age=3600"
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"


class Kind(IntEnum):
    """Publish order: new assets, then pages, then files listing pages, then redirect stubs."""

    ASSET = 0
    PAGE = 1
    INDEX = 2
    REDIRECT = 3

    @property
    def label(self) -> str:
        return {0: "assets", 1: "pages", 2: "indexes", 3: "redirects"}[self.value]


@dataclass(frozen=True)
class SiteFile:
    rel: str  # path inside the site, "/"-separated ("en/github/index.html")
    kind: Kind
    size: int
    md5: str  # hex; S3 keeps it as the ETag of a single-part upload
    content_type: str
    cache_control: str
    redirect_to: str | None = None  # the page URL a redirect stub points at


class SiteError(Exception):
    """The site folder cannot be published (missing, or its redirect table unreadable)."""


def content_type(rel: str) -> str:
    """The Content-Type of a file, with ``charset=utf-8`` for text (pages are UTF-8)."""
    name = rel.rpartition("/")[2]
    return _content_type(name if "." not in name else _suffix(name))


@functools.lru_cache(maxsize=4096)  # most names are index.html
def _suffix(name: str) -> str:
    """The lower-cased extension of a file name as os.path.splitext finds it (leading dots
    are not one), without its cost: scanning 2*10^5 files called it twice per file."""
    dot = name.rfind(".")
    if dot <= len(name) - len(name.lstrip(".")):
        return ""
    return name[dot:].lower()


@functools.lru_cache(maxsize=None)
def _content_type(name_or_suffix: str) -> str:
    """By suffix (".html"), or by the whole name for a file without one."""
    suffix = name_or_suffix if name_or_suffix.startswith(".") else ""
    name = name_or_suffix if not suffix else f"x{suffix}"
    ctype = _OVERRIDES.get(suffix) or _TYPES.guess_type(name, strict=True)[0]
    if ctype is None:
        ctype = "text/plain" if not suffix else "application/octet-stream"  # _redirects, CNAME
    return f"{ctype}; charset=utf-8" if ctype in _CHARSET_TYPES else ctype


def kind_of(rel: str, redirects: dict[str, str]) -> Kind:
    if rel in redirects:
        return Kind.REDIRECT
    suffix = _suffix(rel.rpartition("/")[2])
    if suffix in (".html", ".htm"):
        return Kind.PAGE
    return Kind.ASSET if suffix in _ASSET_SUFFIXES else Kind.INDEX


def cache_control(rel: str, kind: Kind) -> str:
    if kind is Kind.ASSET:
        return CACHE_IMMUTABLE if _FINGERPRINT.search(rel) else CACHE_ASSET
    return CACHE_HTML


def read_redirect_files(site: Path) -> dict[str, str]:
    """Stub file -> page URL, from the build's ``redirects.json`` (empty when there is none)."""
    path = site / REDIRECTS_JSON
    if not path.is_file():
        return {}
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SiteError(f"{path}: cannot read the redirect table ({exc}); rebuild the site") \
            from exc
    if not isinstance(table, dict):
        raise SiteError(f"{path}: expected an object of old path -> page URL; rebuild the site")
    return {url_to_file(key): str(target) for key, target in table.items()}


def scan_site(site: Path, use_record: bool = True) -> list[SiteFile]:
    """Every file of the built site, in publish order (kind, then path).  Files unchanged since
    the last scan keep their recorded MD5 (see :mod:`.hash_record`) unless use_record is off."""
    if not site.is_dir():
        raise SiteError(f"{site}: no built site there; run `python -m builder build --out {site}`"
                        " first, or pass --site")
    redirects = read_redirect_files(site)
    hashes = folder_hashes(site, record_path(site) if use_record else None)
    files = []
    for rel in sorted(hashes):
        kind = kind_of(rel, redirects)
        size, md5 = hashes[rel]
        files.append(SiteFile(rel, kind, size, md5, content_type(rel), cache_control(rel, kind),
                              redirects.get(rel) if kind is Kind.REDIRECT else None))
    files.sort(key=_KIND)  # stable: by path within a kind
    return files


_KIND = operator.attrgetter("kind")
