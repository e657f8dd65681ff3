"""``build --keep-going``: a build with errors still publishes every page that worked.

Without the flag a build with errors publishes nothing (the last good site stays).  With it, the
new site is published, and each page that failed (it did not load, or did not render) keeps its
output from the previous build, copied into the staging folder before the swap; a failed page
with no previous output is left out, and the pages linking to it are named.  The exit status
stays non-zero.  Everything here runs between rendering and the swap, on files only, so the
build's stages need not know about it beyond one call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from selectolax.lexbor import LexborHTMLParser

from .content import permalinks_for
from .errors import Diagnostic
from .publisher import Publisher, url_to_file

if TYPE_CHECKING:
    from .build import Site

# a redirect stub is a few hundred bytes; a page is always larger (the shell alone)
_STUB_MAX_BYTES = 4096
_NAMED_LINKERS = 5


@dataclass
class CarryOver:
    """What a --keep-going build did with its failed pages."""

    kept: list[tuple[str, str]] = field(default_factory=list)  # (URL, source file) copied
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (URL or "", file) left out
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kept_redirects: int = 0  # redirect stubs to kept pages copied from the previous build

    @property
    def kept_urls(self) -> set[str]:
        return {url for url, _ in self.kept}

    @property
    def skipped_urls(self) -> set[str]:
        return {url for url, _ in self.skipped if url}


def failed_outputs(site: Site, items: list[tuple[str, str, int]],
                   staging: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The failed pages: (URL -> file of pages that loaded but did not render,
    file -> every URL it could have had, for English pages that did not load)."""
    unrendered = {}
    for lang, relpath, index in items:
        page = site.content.pages[(lang, relpath)]
        href = page.permalinks[index].href
        if not (staging / url_to_file(href)).is_file():
            unrendered[href] = str(page.file)
    unloaded: dict[str, list[str]] = {}
    langs = [lang.code for lang in site.config.languages if site.writes(lang.code)]
    for relpath, diag in site.content.failed.items():
        urls = [link.href for lang in langs
                for link in permalinks_for(relpath, lang, list(site.versions.all))]
        unloaded[diag.file] = sorted(set(urls))
    return unrendered, unloaded


def _is_page(path: Path) -> bool:
    """A previous output file that is a page (not a redirect stub left at that URL)."""
    if not path.is_file():
        return False
    if path.stat().st_size > _STUB_MAX_BYTES:
        return True
    tree = LexborHTMLParser(path.read_bytes())
    return tree.css_first('meta[http-equiv="refresh"]') is None


def carry_over(site: Site, items: list[tuple[str, str, int]], publisher: Publisher) -> CarryOver:
    """Copy each failed page's previous output into the staging folder; report the rest."""
    result = CarryOver()
    unrendered, unloaded = failed_outputs(site, items, publisher.root)
    wanted = [(url, file) for url, file in unrendered.items()]
    wanted += [(url, file) for file, urls in unloaded.items() for url in urls]
    kept_files = set()
    for url, file in wanted:
        previous = publisher.target / url_to_file(url)
        if _is_page(previous):
            publisher.write_file(url_to_file(url), previous.read_bytes())
            result.kept.append((url, file))
            kept_files.add(file)
    if result.kept:
        written = {site.content.pages[(lang, rel)].permalinks[i].href for lang, rel, i in items}
        result.kept_redirects = keep_redirect_stubs(publisher, result.kept_urls, written)
    result.skipped = [(url, file) for url, file in unrendered.items()
                      if url not in result.kept_urls]
    result.skipped += [("", file) for file in unloaded if file not in kept_files]
    missing = {url: file for url, file in unrendered.items() if url not in result.kept_urls}
    missing.update({url: file for file, urls in unloaded.items() if file not in kept_files
                    for url in urls})
    if missing:
        written = [site.content.pages[(lang, rel)].permalinks[i].href for lang, rel, i in items]
        linkers = pages_linking_to(publisher.root, written, set(missing))
        result.diagnostics = left_out_report(site, missing, linkers)
    return result


def keep_redirect_stubs(publisher: Publisher, kept: set[str], pages: set[str]) -> int:
    """Copy the previous build's redirect stubs that lead to a kept page (a page that did not
    load has no ``redirect_from`` in this build, so its old URLs would otherwise break).  The
    build writes its own stubs afterwards, so a redirect it still has wins."""
    table = publisher.target / "redirects.json"
    try:
        previous = json.loads(table.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    count = 0
    for key, target in previous.items():
        if target not in kept or key in pages or key in kept:
            continue
        stub = publisher.target / url_to_file(key)
        if stub.is_file():
            publisher.write_file(url_to_file(key), stub.read_bytes())
            count += 1
    return count


def pages_linking_to(root: Path, urls: Iterable[str], targets: set[str]) -> dict[str, set[str]]:
    """target URL -> URLs of the written pages (under ``root``) with a link to it."""
    found: dict[str, set[str]] = {}
    needles = [(t, f'href="{t}'.encode()) for t in targets]
    for url in urls:
        path = root / url_to_file(url)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        candidates = {t for t, needle in needles if needle in data}  # cheap filter first
        if not candidates:
            continue
        for anchor in LexborHTMLParser(data).css("a[href]"):
            href = (anchor.attributes.get("href") or "").split("#", 1)[0].rstrip("/")
            if href in candidates and url != href:
                found.setdefault(href, set()).add(url)
    return found


def left_out_report(site: Site, missing: dict[str, str],
                    linkers: dict[str, set[str]]) -> list[Diagnostic]:
    """One warning per failed file left out of the site, naming the pages linking to it."""
    by_file: dict[str, set[str]] = {}
    for url, file in missing.items():
        by_file.setdefault(file, set()).update(linkers.get(url, ()))
    diags = []
    for file, pages in sorted(by_file.items()):
        sources = sorted({_source_of(site, url) for url in pages})
        named = ", ".join(sources[:_NAMED_LINKERS])
        more = f" and {len(sources) - _NAMED_LINKERS} more" if len(sources) > _NAMED_LINKERS else ""
        links = (f"; {len(sources)} page{'s' if len(sources) != 1 else ''} link to it: "
                 f"{named}{more}") if sources else "; no page links to it"
        diags.append(Diagnostic(
            "warning", "left-out",
            f"left out of the site: it failed and there is no earlier output of it to keep{links}",
            file, 0, "fix its error (listed above) and build again; until then these links "
                     "lead to the 404 page"))
    return diags


def _source_of(site: Site, url: str) -> str:
    """The source file of a written page URL (the URL itself when unknown)."""
    found = site.content.lookup(url)
    return str(found[0].file) if found else url


__all__ = ["CarryOver", "carry_over", "failed_outputs", "pages_linking_to"]
