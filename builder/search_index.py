"""The search index: a pagefind bundle per language and version, built over the written pages.

Readers search the version and language they are reading, offline, from static files alone.
pagefind's extended binary (PyPI ``pagefind[extended]``, pinned) segments Japanese; it reads the
pages the build wrote into the staging folder and indexes only what the templates mark with
``data-pagefind-body`` (title, intro, headings, article body; never the sidebar or the shell).

Why one bundle per (language, version) rather than one bundle with a version filter:

* scoping holds by construction: a bundle holds only its version's pages, so no result can come
  from another version even if a page lacked a filter or the script forgot to pass one;
* a query downloads postings of one version (pages exist in up to ~6 versions, a filtered index
  would ship all of them) and ranks by that version's own word statistics;
* each language is indexed as that language (``--force-language``): the Japanese bundles are
  segmented as Japanese, including English pages standing in for missing translations;
* bundles are independent, so a build re-indexes only the bundles whose pages changed: pagefind
  cannot update an index in place, but an unchanged bundle is copied from the previous site.

Layout: ``/pagefind/<lang>/<version id>/pagefind.js`` (the page shell names it in
``data-bundle``); the homepage ``/<lang>`` belongs to the default version.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .content import HOMEPAGE_VERSION
from .errors import Report
from .publisher import url_to_file

if TYPE_CHECKING:
    from .outputs import Output
    from .build import Site
    from .versions import Versions

SEARCH_DIR = "pagefind"
MANIFEST = f"{SEARCH_DIR}/manifest.json"  # per bundle: digest of its pages, for reuse
PIP_HINT = "install the pinned search engine: pip install 'pagefind[extended]==1.5.2'"
# the engine's own result widgets: the shell has its own search box, so these are not published
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-component-ui.js",
                "pagefind-component-ui.css", "pagefind-highlight.js")
INDEXED = re.compile(r"Indexed (\d+) pages?")


def bundle_dir(lang: str, version_id: str) -> str:
    """The bundle folder of a language and version, relative to the site root."""
    return f"{SEARCH_DIR}/{lang}/{version_id}"


def bundle_href(lang: str, version_id: str, versions: "Versions") -> str:
    """The URL of the bundle a page of ``lang`` in ``version_id`` searches (ends with ``/``)."""
    if version_id == HOMEPAGE_VERSION and versions.default is not None:
        version_id = versions.default.id
    return f"/{bundle_dir(lang, version_id)}/"


@dataclass
class Bundle:
    """The pages of one language and version, and how their bundle was made."""

    lang: str
    version_id: str
    language: str  # the language pagefind indexes them as (ISO 639-1)
    hrefs: list[str] = field(default_factory=list)
    digest: str = ""
    indexed: int = 0  # pages pagefind indexed (reused bundles: as last time)
    reused: bool = False
    seconds: float = 0.0

    @property
    def folder(self) -> str:
        return bundle_dir(self.lang, self.version_id)


@dataclass
class SearchReport:
    bundles: list[Bundle]
    seconds: float = 0.0
    bytes: int = 0  # size of every bundle on disk

    @property
    def pages(self) -> int:
        return sum(b.indexed for b in self.bundles)

    @property
    def reused(self) -> int:
        return sum(b.reused for b in self.bundles)


def engine() -> Path | None:
    """pagefind's extended binary as shipped in its PyPI wheel (nothing is downloaded)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def plan_bundles(site: "Site", pages: Iterable[tuple[str, str, str]]) -> list[Bundle]:
    """Group written pages, given as (lang, version id, href), into bundles."""
    default = site.versions.default.id if site.versions.default is not None else HOMEPAGE_VERSION
    bundles: dict[tuple[str, str], Bundle] = {}
    for lang, version_id, href in pages:
        version_id = default if version_id == HOMEPAGE_VERSION else version_id
        key = (lang, version_id)
        if key not in bundles:
            language = site.config.language(lang)
            code = (language.hreflang if language else lang).split("-")[0].lower()
            bundles[key] = Bundle(lang, version_id, code)
        bundles[key].hrefs.append(href)
    return [bundles[key] for key in sorted(bundles)]


def page_glob(hrefs: list[str]) -> str:
    """A pagefind glob matching exactly the folders of these pages: the default version's
    pages share ``/<lang>/`` with every other version's folder, so the glob names the first
    folder of each page (``en/hub``) rather than the whole language."""
    prefixes: set[str] = set()
    files: set[str] = set()
    for href in hrefs:
        parts = href.strip("/").split("/")
        if len(parts) == 1:
            files.add(url_to_file(href))
        else:
            prefixes.add("/".join(parts[:2]))
    patterns = sorted(files) + [f"{p}/**/index.html" for p in sorted(prefixes)]
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def digest_pages(root: Path, hrefs: list[str]) -> str:
    """A fingerprint of a bundle's pages as written: equal fingerprints, equal index."""
    h = hashlib.sha1()
    for href in sorted(hrefs):
        h.update(href.encode("utf-8") + b"\0")
        try:
            h.update((root / url_to_file(href)).read_bytes())
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


def _previous(target: Path) -> dict[str, dict]:
    try:
        return json.loads((target / MANIFEST).read_text(encoding="utf-8"))["bundles"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _run_pagefind(binary: Path, root: Path, bundle: Bundle, report: Report) -> None:
    out = root / bundle.folder
    command = [str(binary), "--site", str(root), "--glob", page_glob(bundle.hrefs),
               "--output-path", str(out), "--force-language", bundle.language]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    bundle.seconds = time.perf_counter() - started
    found = INDEXED.search(done.stdout)
    bundle.indexed = int(found.group(1)) if found else 0
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-3:]
        report.error("search-index", f"pagefind failed on {bundle.folder}: {' '.join(last)}",
                     str(root / bundle.folder), 1, "run the command by hand to see why: "
                     + " ".join(command))
        return
    for name in UNUSED_FILES:
        (out / name).unlink(missing_ok=True)
    if bundle.indexed != len(bundle.hrefs):
        report.warning("search-index", f"{bundle.folder}: pagefind indexed {bundle.indexed} of "
                       f"{len(bundle.hrefs)} pages", str(root / bundle.folder), 1,
                       "a page template lacks data-pagefind-body (builder/templates)")


def build_search_index(site: "Site", root: Path, previous: Path | None,
                       pages: Iterable[tuple[str, str, str]], report: Report,
                       jobs: int = 1) -> SearchReport:
    """Index the pages written under ``root`` into ``root/pagefind``.

    A bundle whose pages are byte-for-byte those of the site at ``previous`` is copied from
    there instead of re-indexed (pagefind rebuilds an index whole; it cannot patch one).  When
    ``previous`` is ``root`` itself (an incremental build, indexing the site in place), such a
    bundle is left where it is, a changed one is indexed anew, and the bundles of versions or
    languages no longer built are removed."""
    started = time.perf_counter()
    bundles = plan_bundles(site, pages)
    binary = engine()
    if binary is None:
        report.error("search-index", "pagefind's extended binary is not installed",
                     str(root), 1, PIP_HINT)
        return SearchReport(bundles)
    old = _previous(previous) if previous is not None else {}
    todo = []
    for bundle in bundles:
        bundle.digest = digest_pages(root, bundle.hrefs)
        before = old.get(bundle.folder) or {}
        source = previous / bundle.folder if previous is not None else None
        in_place = source is not None and source == root / bundle.folder
        if before.get("digest") == bundle.digest and source is not None and source.is_dir():
            if not in_place:
                shutil.copytree(source, root / bundle.folder)
            bundle.indexed, bundle.reused = int(before.get("pages", 0)), True
        else:
            if in_place:
                shutil.rmtree(root / bundle.folder, ignore_errors=True)  # no stale fragments
            todo.append(bundle)
    if previous is not None and previous.resolve() == root.resolve():
        _remove_unplanned(root, {b.folder for b in bundles})
    with ThreadPoolExecutor(max(1, min(jobs, len(todo) or 1))) as pool:
        list(pool.map(lambda b: _run_pagefind(binary, root, b, report), todo))
    # no timings here: this file is published, and two builds of one source must be identical
    manifest = {"engine": "pagefind-extended", "bundles": {
        b.folder: {"digest": b.digest, "pages": b.indexed, "language": b.language}
        for b in bundles}}
    (root / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    result = SearchReport(bundles, time.perf_counter() - started)
    result.bytes = folder_size(root / SEARCH_DIR)
    return result


def _remove_unplanned(root: Path, planned: set[str]) -> None:
    """Bundle folders of a previous build that this build does not have."""
    base = root / SEARCH_DIR
    for lang_dir in (base.iterdir() if base.is_dir() else []):
        for bundle in (lang_dir.iterdir() if lang_dir.is_dir() else []):
            if bundle.relative_to(root).as_posix() not in planned:
                shutil.rmtree(bundle, ignore_errors=True)


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def written_pages(site: "Site", outputs: Iterable["Output"],
                  root: Path | None = None) -> list[tuple[str, str, str]]:
    """(lang, version id, href) of the page outputs of a build (:func:`builder.outputs.
    plan_outputs`), limited to those written under ``root`` when given."""
    out = []
    for o in outputs:
        if o.kind != "page" or (root is not None and not (root / o.path).is_file()):
            continue
        link = site.content.pages[(o.lang, o.relpath)].permalinks[o.index]
        out.append((o.lang, link.version_id, o.href))
    return out
