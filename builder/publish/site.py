"""What a built site folder holds, as a publisher sees it: one :class:`SiteFile` per file, with
its kind (asset, page, index, redirect stub), content hash, content type and cache policy.

Every target (S3, gh-pages, a folder) reads the site through :func:`scan_site`, so they agree on
what is a page and what is a redirect.  Redirect stubs are known from the ``redirects.json`` the
build writes (old path -> page URL), not guessed from the HTML.
"""

from __future__ import annotations

import functools
import hashlib
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from ..publisher import url_to_file

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
    name = rel.rsplit("/", 1)[-1]
    return _content_type(name if "." not in name else os.path.splitext(name)[1].lower())


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
    suffix = os.path.splitext(rel)[1].lower()
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


def file_md5(path: str) -> tuple[int, str]:
    """(size, MD5 hex) of a file: small files are read whole, which for 10^5 stubs and pages
    costs a third of streaming them through a digest on a thread pool."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size <= _READ_WHOLE:
            data = handle.read()
            return len(data), hashlib.md5(data).hexdigest()
        return size, hashlib.file_digest(handle, "md5").hexdigest()


_READ_WHOLE = 16 << 20


def walk_files(root: Path) -> list[str]:
    """Every file under root as a "/"-separated relative path, sorted.  A plain scandir
    stack: the ~10^5 one-file folders of redirect stubs make os.walk's per-folder work count."""
    out: list[str] = []
    stack = [("", str(root))]
    while stack:
        rel, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{rel}{entry.name}/", entry.path))
                elif entry.is_file():
                    out.append(rel + entry.name)
    out.sort()
    return out


def hash_files(root: Path, rels: list[str]) -> dict[str, tuple[int, str]]:
    """rel -> (size, MD5 hex).  One thread: the files are small, and threads only added
    lock traffic (measured: 3x the CPU time of this loop)."""
    base = str(root)
    return {rel: file_md5(f"{base}/{rel}") for rel in rels}


def scan_site(site: Path) -> list[SiteFile]:
    """Every file of the built site, in publish order (kind, then path)."""
    if not site.is_dir():
        raise SiteError(f"{site}: no built site there; run `python -m builder build --out {site}`"
                        " first, or pass --site")
    redirects = read_redirect_files(site)
    rels = walk_files(site)
    hashes = hash_files(site, rels)
    files = []
    for rel in rels:
        kind = kind_of(rel, redirects)
        size, md5 = hashes[rel]
        files.append(SiteFile(rel, kind, size, md5, content_type(rel), cache_control(rel, kind),
                              redirects.get(rel) if kind is Kind.REDIRECT else None))
    files.sort(key=lambda f: (f.kind, f.rel))
    return files
