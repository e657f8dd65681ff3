"""Content: every page file of every language, parsed once, with its versions and permalinks.

The English tree is the source of truth (spec §8.2): a page exists because its English file
exists.  For every other language the file at the same relative path is used when it is there
and valid; when it is missing or its frontmatter is broken, the English file stands in (the
original answered 500 on a broken translation; we fall back and warn).

Every language has the English page's URLs (its versions).  A translation whose own
``versions`` lag English (it was translated before a version was added) is shown only in the
versions it declares; in the others the English file stands in, as the original served it
(spec §8.2): the translated text was not written for that version.  See :meth:`Page.in_version`.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import frontmatter
from .config import Language, SiteConfig
from .errors import Diagnostic, VersionError
from .failures import product_dependants
from .source_files import SourceText, folders_named_like_pages, read_source
from .versions import Version, Versions, permalink

HOMEPAGE_VERSION = "homepage"


@dataclass(frozen=True)
class Permalink:
    href: str
    version_id: str  # a version id, or "homepage" for the /<lang> homepage entry
    version: Version | None  # None for the homepage entry


@dataclass
class Page:
    """One page in one language.  ``source`` says which file its text comes from."""

    relpath: str  # posix path relative to the content folder, e.g. "github/index.md"
    lang: str
    file: Path  # the file actually rendered (the English one when falling back)
    data: dict[str, Any]  # frontmatter
    body: str
    body_line: int
    key_lines: dict[str, int]
    versions: list[Version] = field(default_factory=list)
    permalinks: list[Permalink] = field(default_factory=list)
    fallback: str = ""  # why the English file stands in: "", FALLBACK_MISSING, ...
    english: Page | None = None  # the English page (for translated pages)
    # a translation lacking some of the English versions: the English stand-in shown there
    standin: Page | None = None
    untranslated: frozenset[str] = frozenset()  # version ids where ``standin`` is shown

    # -- derived facts -------------------------------------------------------------------------

    @property
    def display_file(self) -> str:
        return str(self.file)

    @property
    def is_homepage(self) -> bool:
        return self.relpath == "index.md"

    @property
    def is_index(self) -> bool:
        return self.relpath == "index.md" or self.relpath.endswith("/index.md")

    @property
    def product_id(self) -> str:
        return self.relpath.split("/", 1)[0] if "/" in self.relpath else ""

    @property
    def map_topic(self) -> bool:
        return bool(self.data.get("mapTopic"))

    @property
    def hidden(self) -> bool:
        return bool(self.data.get("hidden"))

    @property
    def layout(self) -> str | bool:
        value = self.data.get("layout", "default")
        return value if value is not None else "default"

    @property
    def show_mini_toc(self) -> bool:
        if "showMiniToc" in self.data:
            return bool(self.data["showMiniToc"])
        return not (self.is_index or self.map_topic)

    @property
    def version_ids(self) -> list[str]:
        return [v.id for v in self.versions]

    def href_for(self, version_id: str) -> str | None:
        for p in self.permalinks:
            if p.version_id == version_id:
                return p.href
        return None

    def in_version(self, version_id: str) -> Page:
        """The page as one version shows it: a translation whose own ``versions`` lack this
        version is the English stand-in there."""
        if self.standin is not None and version_id in self.untranslated:
            return self.standin
        return self

    def english_standin(self, why: str) -> Page:
        """The English file of this (translated) page, in this page's language and URLs."""
        assert self.english is not None
        en = self.english
        return Page(self.relpath, self.lang, en.file, en.data, en.body, en.body_line,
                    en.key_lines, versions=self.versions, permalinks=self.permalinks,
                    fallback=why, english=en)


# why the English file stands in for a translated page (Page.fallback)
FALLBACK_MISSING = "missing"  # no translated file
FALLBACK_VERSION = "version"  # the translation's own versions lack this version
FALLBACK_FRONTMATTER = "broken"  # the translated frontmatter is broken
FALLBACK_LIQUID = "broken-liquid"  # the translated Liquid is broken (found while rendering)


@dataclass
class Content:
    """All pages of all languages, and the page map keyed by URL."""

    config: SiteConfig
    versions: Versions
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)  # (lang, relpath) -> page
    by_href: dict[str, tuple[Page, Permalink]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    english_relpaths: list[str] = field(default_factory=list)
    # input name -> digest for every page file read: "file:<path>" (the whole text) and
    # "meta:<path>" (the frontmatter alone), for the build cache (see builder.trace)
    digests: dict[str, str] = field(default_factory=dict)
    # English pages that could not be used (relpath -> the error saying why), so that what
    # depends on them is summarised instead of failing one by one (builder.failures)
    failed: dict[str, Diagnostic] = field(default_factory=dict)

    def page(self, lang: str, relpath: str) -> Page | None:
        return self.pages.get((lang, relpath))

    def lookup(self, href: str) -> tuple[Page, Permalink] | None:
        return self.by_href.get(href)

    def pages_of(self, lang: str) -> list[Page]:
        return [self.pages[(lang, r)] for r in self.english_relpaths if (lang, r) in self.pages]

    def replace(self, old: dict[str, Page], new: dict[str, Page]) -> None:
        """Swap one page's languages (``old`` -> ``new``, keyed by language) and their URLs:
        the preview's way to take in a saved file (see :func:`reload_page`)."""
        for page in old.values():
            for link in page.permalinks:
                self.by_href.pop(link.href, None)
        for lang, page in new.items():
            self.pages[(lang, page.relpath)] = page
            self.register(page)

    def register(self, page: Page) -> None:
        """Put a page's URLs in the page map, each answered by the page that version shows."""
        for link in page.permalinks:
            self.by_href[link.href] = (page.in_version(link.version_id), link)


def digest(data: str | bytes) -> str:
    """The content digest the build cache compares (short, fast, not for security)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def find_page_files(content_dir: Path, problems: list[Diagnostic] | None = None) -> list[str]:
    """Every ``.md`` under the content folder except README.md, as sorted posix relpaths;
    folders named like pages go to ``problems``."""
    found = []
    for root, dirs, files in os.walk(content_dir):
        dirs.sort()
        if problems is not None:
            problems.extend(folders_named_like_pages(root, dirs))
        for name in files:
            if name.endswith(".md") and name != "README.md":
                found.append(Path(root, name).relative_to(content_dir).as_posix())
    return sorted(found)


def _read(path: Path) -> SourceText:
    return read_source(path)


def _read_all(paths: list[Path]) -> list[SourceText]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(_read, paths))


def permalinks_for(page_relpath: str, lang: str, versions: list[Version]) -> list[Permalink]:
    """Spec §4: one permalink per version; the homepage's default version becomes ``/<lang>``."""
    links = []
    homepage = page_relpath == "index.md"
    for v in versions:
        if homepage and v.is_default:
            continue
        links.append(Permalink(permalink(lang, v, page_relpath), v.id, v))
    if homepage:
        links.append(Permalink(f"/{lang}", HOMEPAGE_VERSION, None))
    return links


class ContentLoader:
    """Reads and validates every page file; collects diagnostics instead of stopping."""

    def __init__(self, config: SiteConfig, versions: Versions,
                 load_yaml: Callable[[str], Any] | None = None):
        self.config = config
        self.versions = versions
        self.content = Content(config, versions)
        self.load_yaml = load_yaml  # the build's parse cache, or None

    def load(self, languages: list[Language] | None = None) -> Content:
        langs = languages or list(self.config.languages)
        english = self.config.default_language
        content_dir = self.config.source / english.content_dir
        relpaths = find_page_files(content_dir, self.content.diagnostics)
        self.content.english_relpaths = relpaths
        texts = _read_all([content_dir / r for r in relpaths])
        for relpath, src in zip(relpaths, texts):
            if src.problem is not None:
                self.content.diagnostics.append(src.problem)
                if src.text is None:
                    continue
            self._add_english(content_dir / relpath, relpath, src.text or "")
        self._check_product_versions()
        for lang in langs:
            if lang.code != english.code:
                self._add_translation(lang)
        for page in self.content.pages.values():
            self.content.register(page)
        return self.content

    # -- English -------------------------------------------------------------------------------

    def _note_digests(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.content.digests[f"file:{path}"] = digest(text)
        self.content.digests[f"meta:{path}"] = digest(repr(data))

    def _add_english(self, path: Path, relpath: str, text: str) -> None:
        parsed = frontmatter.parse(text, str(path), load_yaml=self.load_yaml,
                                   schema=self.config.frontmatter)
        self._note_digests(path, text, parsed.data if parsed.ok else {})
        self.content.diagnostics.extend(parsed.diagnostics)
        if not parsed.ok:
            self.content.failed[relpath] = next(d for d in parsed.diagnostics
                                                if d.severity == "error")
            return
        lang = self.config.default_language.code
        page = Page(relpath, lang, path, parsed.data, parsed.body, parsed.body_line,
                    parsed.key_lines)
        try:
            page.versions = self.versions.resolve(parsed.data["versions"])
        except VersionError as exc:
            diag = Diagnostic("error", "versions", exc.message, str(path),
                              parsed.key_lines.get("versions", 2), exc.hint)
            self.content.diagnostics.append(diag)
            self.content.failed[relpath] = diag
            return
        page.permalinks = permalinks_for(relpath, lang, page.versions)
        self.content.pages[(lang, relpath)] = page

    def _check_product_versions(self) -> None:
        """A page may only have versions its product index has (spec §3.2).  A product whose
        index is missing or did not load is reported once, not once per page."""
        lang = self.config.default_language.code
        content_dir = self.config.source / self.config.default_language.content_dir
        without_index: dict[str, list[Page]] = {}
        for (plang, relpath), page in list(self.content.pages.items()):
            product = page.product_id
            if not product or page.is_homepage:
                continue
            index = self.content.pages.get((lang, f"{product}/index.md"))
            if index is None:
                without_index.setdefault(product, []).append(page)
                continue
            extra = [v for v in page.version_ids if v not in index.version_ids]
            if extra:
                diag = Diagnostic(
                    "error", "versions",
                    f"`versions` frontmatter includes {', '.join(extra)}, but the product is not "
                    f"available in {'it' if len(extra) == 1 else 'them'}",
                    str(page.file), page.key_lines.get("versions", 2),
                    f"narrow `versions`, or add the version to {product}/index.md")
                self.content.diagnostics.append(diag)
                self.content.failed[relpath] = diag
                del self.content.pages[(plang, relpath)]
        self.content.diagnostics.extend(product_dependants(
            self.content, without_index,
            {product: content_dir / product / "index.md" for product in without_index}))

    # -- translations --------------------------------------------------------------------------

    def _add_translation(self, lang: Language) -> None:
        base = self.config.source / lang.content_dir
        en_code = self.config.default_language.code
        relpaths = self.content.english_relpaths
        texts = _read_all([base / r for r in relpaths])
        for relpath, text in zip(relpaths, texts):
            english = self.content.pages.get((en_code, relpath))
            if english is None:
                continue
            page = self._translated_page(lang, base / relpath, relpath, text, english)
            self.content.pages[(lang.code, relpath)] = page

    def _translated_page(self, lang: Language, path: Path, relpath: str, src: SourceText,
                         english: Page) -> Page:
        """The page in ``lang``: its own file, or the English one standing in (with a warning
        when the translated file is there but broken).  It has the English page's URLs."""
        page = Page(relpath, lang.code, path, {}, "", 1, {}, versions=english.versions,
                    permalinks=permalinks_for(relpath, lang.code, english.versions),
                    english=english)
        text = src.text
        if src.problem is not None:  # unreadable: English stands in, as for broken frontmatter
            p = src.problem
            self.content.diagnostics.append(Diagnostic(
                "warning", "translation-file", p.message + ("; using the English page"
                                                            if text is None else ""),
                p.file, p.line, p.hint))
            if text is None:
                return page.english_standin(FALLBACK_FRONTMATTER)
        if text is None:
            return page.english_standin(FALLBACK_MISSING)
        parsed = frontmatter.parse(text, str(path), translated=True, load_yaml=self.load_yaml,
                                   schema=self.config.frontmatter)
        self._note_digests(path, text, parsed.data if parsed.ok else {})
        own: list[Version] = []
        if parsed.ok:
            try:
                own = self.versions.resolve(parsed.data["versions"])
            except VersionError as exc:
                parsed.diagnostics.append(Diagnostic(
                    "error", "versions", exc.message, str(path),
                    parsed.key_lines.get("versions", 2)))
        if not parsed.ok:
            first = next(d for d in parsed.diagnostics if d.severity == "error")
            self.content.diagnostics.append(Diagnostic(
                "warning", "translation-frontmatter",
                f"broken translated frontmatter ({first.message}); using the English page",
                str(path), first.line, "fix the translation; readers see English meanwhile"))
            return page.english_standin(FALLBACK_FRONTMATTER)
        page.data, page.body, page.body_line = parsed.data, parsed.body, parsed.body_line
        page.key_lines = parsed.key_lines
        translated = {v.id for v in own}
        untranslated = frozenset(v.id for v in english.versions if v.id not in translated)
        if untranslated:
            page.standin = page.english_standin(FALLBACK_VERSION)
            page.untranslated = untranslated
            if len(untranslated) == len(english.versions):  # no version of it is translated
                return page.standin
        return page


def load_content(config: SiteConfig, versions: Versions,
                 languages: list[Language] | None = None,
                 load_yaml: Callable[[str], Any] | None = None) -> Content:
    return ContentLoader(config, versions, load_yaml).load(languages)


# -- re-reading one page (the preview server) ------------------------------------------------------


@dataclass
class PageReload:
    """One page re-read in every loaded language."""

    pages: dict[str, Page] = field(default_factory=dict)  # lang -> page
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def reload_page(config: SiteConfig, versions: Versions, content: Content, relpath: str,
                languages: list[Language]) -> PageReload:
    """Re-read ``relpath`` (English, then each translation) exactly as a build reads it.

    A scratch :class:`ContentLoader` reads just this page, so frontmatter rules, the product
    version check and the translation fallbacks are the build's own.  ``content`` is not
    touched: the caller swaps the new pages in with :meth:`Content.replace`.
    """
    en = config.default_language.code
    loader = ContentLoader(config, versions)
    scratch = loader.content
    scratch.english_relpaths = [relpath]
    product = relpath.split("/", 1)[0] if "/" in relpath else ""
    index = f"{product}/index.md"
    if product and index != relpath and content.page(en, index) is not None:
        scratch.pages[(en, index)] = content.pages[(en, index)]  # for the product version check
    path = config.source / config.default_language.content_dir / relpath
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return PageReload({}, [Diagnostic("error", "content", f"cannot read the page: {exc}",
                                          str(path), 0)])
    loader._add_english(path, relpath, text)
    loader._check_product_versions()
    result = PageReload(diagnostics=scratch.diagnostics)
    if (en, relpath) not in scratch.pages:
        return result
    for lang in languages:
        if lang.code != en:
            loader._add_translation(lang)
    result.pages = {lang: page for (lang, rel), page in scratch.pages.items() if rel == relpath}
    content.digests.update(scratch.digests)
    return result
