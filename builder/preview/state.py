"""The preview's loaded site: pages rendered on demand by the static build's pipeline, cached,
and invalidated piece by piece when a source file is saved.

    load the site model (config, content, data, redirects: once)  ->  answer(path)
        ->  render_one on this process's Pipeline, traced (cached per URL with its inputs)
    a saved file  ->  apply(paths)  ->  re-read what changed (public operations of the
        model), drop the pages whose recorded inputs name it

Every method runs on the preview's single render thread (:mod:`builder.preview.app`), so the
loaded site, the renderer and the caches are never used by two threads at once, and a request
never sees a half-applied change.  The event loop only reads :attr:`PreviewSite.pages`.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .. import trace
from ..config import Language, SiteConfig, load_config
from ..content import Page, Permalink, reload_page
from ..errors import BuilderError, Diagnostic, Report
from ..outputs import content_type, extra_outputs, render_one, render_output
from ..site import Pipeline, Site, load_site, load_site_data
from .errorpage import error_page
from .invalidation import Source, can_forget, check_data_file, classify, forget_files

HTML = "text/html; charset=utf-8"
log = logging.getLogger("builder.preview")


@dataclass
class Answer:
    """What the preview answers for one path: status, body and (redirects) the location."""

    status: int
    body: bytes
    content_type: str = HTML
    location: str = ""


@dataclass
class Affected:
    """The URLs whose answer a change may have changed (``everything``: all of them)."""

    hrefs: set[str] = field(default_factory=set)
    everything: bool = False

    def covers(self, href: str) -> bool:
        return self.everything or href in self.hrefs

    def merge(self, other: Affected) -> None:
        self.hrefs |= other.hrefs
        self.everything = self.everything or other.everything

    def __len__(self) -> int:
        return len(self.hrefs)


EVERYTHING = Affected(everything=True)


class PreviewSite:
    """One loaded site and its rendered pages.  Not thread-safe: use from one thread."""

    MAX_PAGES = 2000  # rendered pages kept; the oldest goes first
    MAX_OTHERS = 5000  # redirects and 404 answers kept between two changes

    def __init__(self, source: Path, config_path: Path | None = None,
                 languages: list[str] | None = None):
        self.source = source
        self.config_path = config_path or source / "builder.yml"
        self.languages = languages
        self.config: SiteConfig | None = None
        self.site: Site | None = None
        self.langs: list[Language] = []
        self.pipeline: Pipeline | None = None
        self.pages: dict[str, bytes] = {}  # href -> rendered HTML (read by the event loop)
        self.page_reads: dict[str, frozenset[str]] = {}  # href -> inputs its render read
        self.others: dict[str, Answer] = {}  # path?query -> redirect / 404 / file answer
        self.broken: dict[str, list[Diagnostic]] = {}  # English page file -> why it won't load
        self.data_errors: dict[str, Diagnostic] = {}  # English data file -> why it won't parse
        self.fatal: list[Diagnostic] = []  # the configuration or the site cannot be loaded
        self.error_paths: set[str] = set()  # paths last answered with an error page
        self.generation = 0
        self.load_seconds = 0.0
        self.page_count = 0

    # -- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """(Re)load everything: configuration, content, data and redirects; drop every page."""
        started = time.perf_counter()
        self.generation += 1
        self.pages.clear()
        self.others.clear()
        self.broken.clear()
        self.data_errors.clear()
        report = Report()
        try:
            config = load_config(self.config_path, self.source)
            # navigation trees are built lazily here: the first page must not wait for all
            site = load_site(config, report, self.languages, assemble=False)
        except BuilderError as exc:
            self.fatal = [exc.diagnostic()]
            log.error("%s", exc.diagnostic().format())
            return
        except Exception as exc:  # a builder bug: show it in the browser, keep serving
            log.exception("loading the site failed")
            self.fatal = [Diagnostic("error", "load", f"{type(exc).__name__}: {exc}",
                                     hint="this is probably a builder bug; please report it")]
            return
        self.config, self.site, self.fatal = config, site, []
        self.langs = [lang for lang in config.languages
                      if not self.languages or lang.code in self.languages]
        for diag in site.content.diagnostics:
            if diag.severity == "error" and diag.file:
                self.broken.setdefault(diag.file, []).append(diag)
        self._new_pipeline()
        self.load_seconds = time.perf_counter() - started
        self.page_count = len(site.content.by_href)
        for diag in report.errors:
            log.error("%s", diag.format())
        log.info("loaded %d page URLs in %.2f s (%d errors, %d warnings)", self.page_count,
                 self.load_seconds, len(report.errors), len(report.warnings))

    def _new_pipeline(self) -> None:
        """A fresh renderer and shell (the static build makes one per worker process)."""
        assert self.site is not None
        self.pipeline = Pipeline(self.site)
        # the redirect table is rebuilt when pages move: look it up through the site
        self.pipeline.renderer.resolve_redirect = self._resolve_redirect

    @property
    def renderer(self) -> Any:
        return self.pipeline.renderer if self.pipeline is not None else None

    @property
    def shell(self) -> Any:
        return self.pipeline.shell if self.pipeline is not None else None

    def _new_shell(self) -> None:
        """Navigation again (titles or index pages changed), with the same renderer."""
        from ..shell import Shell

        assert self.site is not None and self.pipeline is not None
        self.pipeline.shell = Shell(self.site.config, self.site.versions, self.site.content,
                                    self.pipeline.renderer, self.site.data)

    def _resolve_redirect(self, href: str) -> str | None:
        """The redirect table's lookup, following the table when a change rebuilds it."""
        assert self.site is not None
        return self.site.redirects.lookup(href)

    # -- answering ------------------------------------------------------------------------------

    def answer(self, path: str, query: str = "") -> Answer:
        """The answer for a (safe, decoded) request path: page, redirect, file, error or 404."""
        if self.site is None or self.fatal:
            problems = self.fatal or [Diagnostic("error", "load", "the site is not loaded")]
            return self._error(problems, path)
        found = self.site.content.lookup(path)
        if found is not None:
            return self._page(*found)
        key = f"{path}?{query}" if query else path
        answer = self.others.get(key)
        if answer is None:
            answer = self._other(path, query)
            if answer.status != 500 and len(self.others) < self.MAX_OTHERS:
                self.others[key] = answer
        return answer

    def _page(self, page: Page, link: Permalink) -> Answer:
        problems = self._problems_of(page)
        if problems:
            return self._error(problems, link.href)
        cached = self.pages.get(link.href)
        if cached is not None:
            return Answer(200, cached)
        assert self.pipeline is not None
        with trace.tracing() as read:
            try:
                html, _fallback = render_one(self.pipeline, page, link)
            except Exception as exc:  # the server keeps running; the writer sees what went wrong
                from ..render import render_error

                details = "" if isinstance(exc, BuilderError) else traceback.format_exc()
                return self._error([render_error(page, exc)], link.href, details)
            finally:
                for diag in read.diagnostics:
                    log.warning("%s", diag.format())
        self.page_reads[link.href] = frozenset(read.inputs)
        body = html.encode("utf-8")
        if len(self.pages) >= self.MAX_PAGES:
            del self.pages[next(iter(self.pages))]
        self.pages[link.href] = body
        return Answer(200, body)

    def _problems_of(self, page: Page) -> list[Diagnostic]:
        return self.broken.get(str(page.file), []) + list(self.data_errors.values())

    def _other(self, path: str, query: str) -> Answer:
        assert self.site is not None and self.config is not None
        target = self.site.redirects.resolve(f"{path}?{query}" if query else path)
        if target:
            from ..redirects import stub_html

            return Answer(301, stub_html(target).encode("utf-8"), location=target)
        parts = [p for p in path.split("/") if p]
        extra = next((o for o in extra_outputs(self.config) if o.path == path.lstrip("/")), None)
        if extra is not None:  # the build's own output, rendered the build's way
            assert self.pipeline is not None
            rendered = render_output(self.pipeline, extra, set(self.site.content.by_href))
            if rendered.body is not None:
                return Answer(200, rendered.body, content_type(extra.path))
        if path.startswith("/public/"):  # the GraphQL schema files published there
            from ..site_files import public_file

            found = public_file(self.config, path)
            if found is not None:
                return Answer(200, found[0], found[1])
        problems = self._broken_at(parts)
        if problems:
            return self._error(problems, path)
        lang = parts[0] if parts and self.config.language(parts[0]) else ""
        return Answer(404, self._not_found_html(lang))

    def refused(self) -> Answer:
        """The answer to a path that tries to leave the site: the plain 404 page."""
        if self.shell is None:
            return Answer(404, b"Not Found", "text/plain; charset=utf-8")
        return Answer(404, self._not_found_html(""))

    def _not_found_html(self, lang: str) -> bytes:
        assert self.config is not None and self.shell is not None
        return self.shell.not_found_html(lang or self.config.default_language.code).encode("utf-8")

    def _broken_at(self, parts: list[str]) -> list[Diagnostic]:
        """Errors of the English page file a missing URL would be (its frontmatter is broken)."""
        assert self.site is not None and self.config is not None
        if not self.broken or not parts or self.config.language(parts[0]) is None:
            return []
        rest = parts[1:]
        if rest and self.site.versions.is_plan_or_version(rest[0]):
            rest = rest[1:]
        stem = "/".join(rest)
        candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
        folder = self.config.source / self.config.default_language.content_dir
        for rel in candidates:
            if str(folder / rel) in self.broken:
                return self.broken[str(folder / rel)]
        return []

    def _error(self, problems: list[Diagnostic], url: str, details: str = "") -> Answer:
        self.error_paths.add(url)
        return Answer(500, error_page(problems, url, self.source, details).encode("utf-8"))

    def prerender(self, paths: Iterable[str]) -> int:
        """Render pages ahead of the browsers that will ask for them (after a change)."""
        count = 0
        for path in paths:
            if self.site is not None and not self.fatal and self.site.content.lookup(path):
                self.answer(path)
                count += 1
        return count

    # -- changes --------------------------------------------------------------------------------

    def apply(self, paths: Iterable[Path]) -> Affected:
        """Apply a batch of saved files; return the URLs whose answer may have changed."""
        self.generation += 1
        if self.site is None or self.config is None or self.fatal:
            self.load()  # the configuration was broken: any save may have fixed it
            return Affected(everything=True)
        sources = {classify(self.config, self.config_path, Path(p)) for p in paths}
        sources.discard(Source("other"))
        if not sources:
            return Affected()
        self.others.clear()
        affected = Affected(set(self.error_paths))
        self.error_paths.clear()
        if any(s.kind == "config" for s in sources):
            self.load()
            return Affected(everything=True)
        if any(s.kind == "include" for s in sources):  # partials: parsed by the renderer
            self._new_pipeline()
            self.pages.clear()
            self.page_reads.clear()
            return Affected(everything=True)
        pages: dict[str, set[str]] = {}
        for s in sources:
            if s.kind == "page":
                pages.setdefault(s.relpath, set()).add(s.lang)
        for relpath, langs in sorted(pages.items()):
            changed = self._page_changed(relpath, langs)
            if changed is None:  # a page was added or removed: load the site again
                self.load()
                return Affected(everything=True)
            affected.merge(changed)
        data = {s.lang: s for s in sources if s.kind == "data"}
        if data:
            data_files = [Path(p) for p in paths]
            affected.merge(self._data_changed(set(data), data_files))
        return affected

    def _page_changed(self, relpath: str, langs: set[str]) -> Affected | None:
        """Re-read one page (saved in ``langs``) in every language; None when the set of pages
        changed."""
        assert self.site is not None and self.config is not None
        content = self.site.content
        en = self.config.default_language.code
        en_file = str(self.config.source / self.config.default_language.content_dir / relpath)
        codes = [en] + [lang.code for lang in self.langs if lang.code != en]
        old = {c: p for c in codes if (p := content.page(c, relpath)) is not None}
        exists = Path(en_file).is_file()
        if en not in old:
            if en_file in self.broken:
                return self._still_broken(relpath, en_file, {})
            return None if exists else Affected()
        if not exists:
            return None
        result = reload_page(self.config, self.site.versions, content, relpath, self.langs)
        for diag in result.diagnostics:
            if diag.severity != "error":
                log.warning("%s", diag.format())
        old_hrefs = {link.href for p in old.values() for link in p.permalinks}
        if result.errors:
            return self._still_broken(relpath, en_file, old_hrefs, result.errors)
        self.broken.pop(en_file, None)
        new = result.pages
        if new[en].is_index and new[en].version_ids != old[en].version_ids:
            return None  # a product's versions bound every page in it
        self._swap(old, new)
        # English text shows through translations (fallbacks, broken translated Liquid)
        hit = set(codes) if en in langs else langs
        return self._forget(relpath, old, new, hit)

    def _still_broken(self, relpath: str, en_file: str, old_hrefs: set[str],
                      errors: list[Diagnostic] | None = None) -> Affected | None:
        if errors is None:
            assert self.site is not None and self.config is not None
            errors = reload_page(self.config, self.site.versions, self.site.content, relpath,
                                 self.langs).errors
            if not errors:
                return None  # a page that never loaded loads now: load the site again
        self.broken[en_file] = errors
        for diag in errors:
            log.error("%s", diag.format())
        self._drop(old_hrefs)
        return Affected(old_hrefs)

    def _swap(self, old: dict[str, Page], new: dict[str, Page]) -> None:
        assert self.site is not None
        self.site.content.replace(old, new)

    def _forget(self, relpath: str, old: dict[str, Page], new: dict[str, Page],
                hit: set[str]) -> Affected:
        """Drop what depends on a re-read page in the languages ``hit``; return those URLs."""
        from ..redirects import build_redirects

        assert self.site is not None and self.config is not None
        en = self.config.default_language.code
        old_hrefs = {link.href for p in old.values() for link in p.permalinks}
        new_hrefs = {link.href for p in new.values() for link in p.permalinks}
        moved = (old_hrefs != new_hrefs
                 or old[en].data.get("redirect_from") != new[en].data.get("redirect_from"))
        if moved:
            self.site.redirects = build_redirects(self.site.content, self.config,
                                                  self.site.versions)
        frontmatter = any(lang not in old or old[lang].data != page.data
                          for lang, page in new.items())
        index = new[en].is_index
        if not can_forget(self.renderer):
            self._new_pipeline()
            self.pages.clear()
            return Affected(everything=True)
        files = {str(p.file) for p in list(old.values()) + list(new.values())}
        forget_files(self.renderer, files, {relpath} if index else set(), frontmatter or moved)
        if frontmatter or moved or index:  # titles and index TOCs make the navigation
            self._new_shell()
        if moved:
            self.pages.clear()  # links anywhere may now resolve differently
            return Affected(everything=True)
        pages = [p for p in self.site.content.pages.values() if p.lang in hit]
        if frontmatter or relpath == "index.md":  # titles and intros show in links, sidebars
            drop = {link.href for p in pages for link in p.permalinks}
        elif index:
            product = new[en].product_id + "/"
            drop = {link.href for p in pages if p.relpath.startswith(product)
                    for link in p.permalinks}
        else:
            drop = {link.href for p in list(old.values()) + list(new.values()) if p.lang in hit
                    for link in p.permalinks}
        self._drop(drop)
        return Affected(drop)

    def _data_changed(self, langs: set[str], paths: list[Path]) -> Affected:
        """Data files changed: read the data again; drop the pages that read them.

        The renderer records which data files each render read (``Renderer.data_reads``), so a
        changed reusable or variable drops exactly the pages that use it.  Other data (UI
        strings, products, learning tracks) is read by the page shell everywhere: every page
        of the languages concerned is dropped.
        """
        assert self.site is not None and self.config is not None
        en = self.config.default_language
        en_data = (self.config.source / en.data_dir).resolve()
        for path in paths:
            if path.resolve().is_relative_to(en_data):
                problem = check_data_file(path)
                if problem is None:
                    self.data_errors.pop(str(path), None)
                else:
                    self.data_errors[str(path)] = problem
                    log.error("%s", problem.format())
        report = Report()
        self.site.data = load_site_data(self.config, report)
        for diag in report.diagnostics:
            log.warning("%s", diag.format())
        self._new_pipeline()  # variables reach globals, titles, link texts and UI strings
        precise = self._pages_reading(paths)
        if precise is not None:
            self._drop(precise)
            return Affected(precise)
        if en.code in langs:
            self.pages.clear()
            return Affected(everything=True)
        drop = {link.href for p in self.site.content.pages.values() if p.lang in langs
                for link in p.permalinks}
        self._drop(drop)
        return Affected(drop)

    def _pages_reading(self, paths: list[Path]) -> set[str] | None:
        """Cached pages that read one of these reusable/variable files (or, for a translated
        file, its English counterpart, which it may now replace); None when some file is data
        the shell reads directly."""
        assert self.config is not None
        changed: set[str] = set()
        langs = {lang.code for lang in self.config.languages}
        for path in paths:
            path = path.resolve()
            for lang in self.config.languages:
                folder = (self.config.source / lang.data_dir).resolve()
                if not path.is_relative_to(folder):
                    continue
                rel = path.relative_to(folder)
                if rel.parts[:1] not in (("reusables",), ("variables",)):
                    return None
                en = (self.config.source / self.config.default_language.data_dir).resolve()
                changed.update({f"file:{path}", f"file:{en / rel}"})
        if not changed:
            return None
        # a new or removed key may fill a reference that no file held before
        changed |= {f"data-all:{code}" for code in langs}
        return {href for href, reads in self.page_reads.items() if reads & changed}

    def _drop(self, hrefs: Iterable[str]) -> None:
        for href in hrefs:
            self.pages.pop(href, None)
            self.page_reads.pop(href, None)


__all__ = ["PreviewSite", "Answer", "Affected", "EVERYTHING", "HTML"]
