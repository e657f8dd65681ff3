"""The render pipeline for one page in one language and version.

    source text --(strip comments)--> Liquid (parsed once per file, rendered per version)
        --(text clean-up)--> Markdown --(link rewriting, heading ids)--> HTML fragment

The static build, the preview server and the link checker all call :class:`Renderer`; none
keeps a private copy of these rules.  The renderer also implements the services the Liquid tags
need (link titles and intros of other pages, warnings), so tags never reach into the build.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from .config import SiteConfig
from .content import HOMEPAGE_VERSION, Content, Page, Permalink
from . import trace
from .errors import BuilderError, Diagnostic, LiquidError
from .failures import failed_link
from .graphql_reference import GraphqlReference, appended_source, graphql_include
from .liquid_env import LinkData, make_environment, parse_template, render_template
from .markdown import (MarkdownOptions, RenderedMarkdown, english_headings_map, html_to_text,
                       prepare_liquid_output, render_markdown, strip_html_comments,
                       unwrap_first_block)
from .toc import map_topic_children, toc_items
from .versions import Version, Versions

_LANG_SEGMENT = re.compile(r"^[a-z]{2}$")
# Markdown that changes a title's text (code spans, emphasis, entities, links)
_TITLE_MARKUP = re.compile(r"[`*_\[<&\\]")


def _includes_loader(config: SiteConfig) -> Any:
    """Partials for ``{% render name %}``: the site's includes folder, if it has one."""
    folder = config.includes_path()
    if folder is None or not folder.is_dir():
        return None
    from liquid import CachingFileSystemLoader

    return CachingFileSystemLoader(folder, ext=".html")


@dataclass
class RenderedPage:
    """Everything the page shell needs about one page in one language and version."""

    page: Page
    lang: str
    version_id: str  # a version id, or "homepage"
    version: Version | None
    href: str
    title: str  # plain text
    short_title: str
    intro_html: str
    intro_text: str
    product_html: str
    permissions_html: str
    body: RenderedMarkdown
    platform_specific: bool = False


class Renderer:
    """Renders pages of one loaded site.  Build one per process: it holds parse and memo
    caches, which are pure (see :mod:`builder.trace`): what a render read and reported goes to
    the current trace, never to the renderer."""

    def __init__(self, config: SiteConfig, versions: Versions, content: Content,
                 site_data: Mapping[str, Mapping[str, Any]],
                 resolve_redirect: Callable[[str], str | None] | None = None,
                 data_sources: Mapping[str, list[dict[str, str]]] | None = None,
                 schema_store: Any = None):
        self.config = config
        self.versions = versions
        self.content = content
        self.site_data = site_data
        self.resolve_redirect = resolve_redirect or (lambda href: None)
        self.data_sources = data_sources or {}
        self.env = make_environment(versions, self, _includes_loader(config))
        # memo caches (trace.memo entries: value, inputs read, diagnostics)
        self._templates: dict[tuple[str, str], Any] = {}
        self._link_cache: dict[tuple, Any] = {}
        self._text_cache: dict[tuple[str, str, str, str], Any] = {}
        self._toc_cache: dict[str, Any] = {}
        self._lang_globals: dict[tuple[str, str], dict[str, Any]] = {}
        self.graphql = GraphqlReference(config.source / config.default_language.data_dir,
                                        versions, lambda kind, msg, file: self.warn(kind, msg, file),
                                        schema_store)

    # -- services for the Liquid tags ---------------------------------------------------------

    def warn(self, kind: str, message: str, file: str = "", line: int = 0) -> None:
        trace.report(Diagnostic("warning", kind, message, file or trace.current_file(), line))

    def data_file(self, key: str, g: Mapping[str, Any]) -> str:
        """The file a data key comes from (translation first).  Every file the value can come
        from is recorded as read (a translated value falls back to English per key); a key
        that no file holds records the language's whole data, which any new file may fill."""
        from .site_data import source_for

        lang = str(g.get("currentLanguage") or self.config.default_language.code)
        found = [f for sources in self.data_sources.get(lang, ()) if (f := source_for(key, sources))]
        if not found:
            trace.record(f"data-all:{lang}")
            return ""
        trace.record(f"file:{found[0]}")
        if len(found) > 1 and self._shows_english(lang, key):
            trace.record(*(f"file:{f}" for f in found[1:]))
        return found[0]

    def _shows_english(self, lang: str, key: str) -> bool:
        """Whether a translation shows the English value of a data key (its own is missing or
        empty, or the same): then the English file is read too.  True when unsure."""
        en = self.config.default_language.code
        here, there = self.site_data.get(lang), self.site_data.get(en)
        for part in key.split("."):
            if not isinstance(here, Mapping) or not isinstance(there, Mapping) \
                    or part not in here or part not in there:
                return True
            here, there = here[part], there[part]
        return here is there or here == there

    def missing_include(self, name: str) -> bool:
        if name not in self.config.missing_includes:
            return False
        reason = self.config.missing_includes[name]
        # one warning per kind for the whole build: the same text, at the configuration
        # entry, from every page (the build merges identical diagnostics)
        names = " or ".join(f"{{% include {n} %}}" for n, r in
                            sorted(self.config.missing_includes.items()) if r == reason)
        self.warn("missing-data", f"{reason}; pages using {names} render without that part",
                  str(self.config.path or "missing_includes"))
        return True

    def include_text(self, name: str, context: Any) -> str | None:
        """What ``{% include name %}`` writes when we render that partial (GraphQL), else None."""
        return graphql_include(self.graphql, self.site_data, name, context)

    def link_data(self, href: str, g: Mapping[str, Any]) -> LinkData | None:
        """Resolve a link tag's argument the way the original did (spec §5.4 steps 2–5)."""
        lang = str(g.get("currentLanguage") or self.config.default_language.code)
        version_id = str(g.get("currentVersion") or "")
        page_obj = g.get("page") or {}
        current_rel = str(page_obj.get("relativePath") or "")
        current_hidden = bool(page_obj.get("hidden"))
        key = (href, current_rel if href.count("/") == 1 else "", lang, version_id, current_hidden)
        return trace.memo(self._link_cache, key, lambda: self._link_data(
            href, lang, version_id, current_rel, current_hidden))

    def _link_path(self, href: str, current_rel: str) -> tuple[list[str], str]:
        """A link tag's argument as content path segments (no language or version) and its
        fragment: one ``/`` means relative to the current page's folder (spec §5.4 step 2)."""
        path, _, fragment = href.partition("#")
        if path.count("/") == 1:
            path = "/" + posixpath.join(posixpath.dirname(current_rel), path.lstrip("/"))
        segments = [s for s in path.split("/") if s]
        if segments and _LANG_SEGMENT.match(segments[0]):
            segments = segments[1:]
        if segments and self.versions.is_plan_or_version(segments[0]):
            segments = segments[1:]
        return segments, fragment

    def _link_data(self, href: str, lang: str, version_id: str, current_rel: str,
                   current_hidden: bool) -> LinkData | None:
        segments, fragment = self._link_path(href, current_rel)
        version = self.versions.by_id.get(version_id)
        prefix = [lang] + ([version_id] if version is not None and not version.is_default else [])
        full = "/" + "/".join(prefix + segments)
        found = self.find_page(full)
        if found is None:
            return None
        target, _ = found
        record_meta(target)  # its hidden flag, versions, title and intro decide the link
        if target.hidden and not current_hidden:
            return None
        if version_id not in target.version_ids:
            return None
        title = self.page_text(target, version_id, "title")
        short = self.page_text(target, version_id, "shortTitle") or title
        intro = self.page_intro(target, version_id, unwrap=True)
        return LinkData(href=full + (f"#{fragment}" if fragment else ""),
                        title=html.escape(title, quote=False), short_title=html.escape(short, quote=False),
                        intro=intro, type=str(target.data.get("type") or ""),
                        topics=list(target.data.get("topics") or []))

    def link_problem(self, href: str, g: Mapping[str, Any]) -> str | None:
        """Why a link tag's target is missing, when it exists in no version or language at all
        (a page merely absent from this version is not a problem: the link renders empty)."""
        page_obj = g.get("page") or {}
        segments, _ = self._link_path(href, str(page_obj.get("relativePath") or ""))
        rel = "/".join(segments)
        en = self.config.default_language.code
        if self.content.page(en, f"{rel}.md") or self.content.page(en, f"{rel}/index.md"):
            return None
        for version in self.versions.all:
            prefix = f"/{en}" + ("" if version.is_default else f"/{version.id}")
            if self.find_page(f"{prefix}/{rel}" if rel else prefix):
                return None
        failed = failed_link(self.content, rel, href)  # its page did not load: summarised
        if failed:
            return failed
        return (f"link to '{href}': no page at content/{rel}.md or content/{rel}/index.md, "
                "and no redirect to one")

    def find_page(self, href: str) -> tuple[Page, Permalink] | None:
        """Page lookup (spec §8.2): exact, then the redirect table, then the English page."""
        href = href.rstrip("/") or "/"
        found = self.content.lookup(href)
        if found:
            return found
        target = self.resolve_redirect(href)
        if target and self.content.lookup(target):
            return self.content.lookup(target)
        en = self.config.default_language.code
        parts = href.split("/", 2)
        if len(parts) > 1 and parts[1] != en and _LANG_SEGMENT.match(parts[1]):
            return self.find_page("/" + "/".join([en] + parts[2:]))
        return None

    # -- globals --------------------------------------------------------------------------------

    def _shared_globals(self, lang: str, version_id: str) -> dict[str, Any]:
        key = (lang, version_id)
        if key not in self._lang_globals:
            g: dict[str, Any] = {
                "currentLanguage": lang,
                "currentVersion": version_id,
                "site": {"data": self.site_data.get(lang) or self.site_data.get(
                    self.config.default_language.code, {})},
                "allVersions": {v.id: v.as_liquid() for v in self.versions.all},
                "process": {"env": {}},
                "graphql": self.graphql.liquid_global(version_id),
            }
            for name, plan in self.config.liquid_plan_lists.items():
                g[name] = self.versions.of_plan(plan)
            for name, plan_id in self.config.liquid_plan_releases.items():
                plan = self.versions.plans.get(plan_id)
                if plan:
                    g[name] = {"latest": plan.releases[0], "oldestSupported": plan.releases[-1],
                               "supported": list(plan.releases), "deprecated": list(plan.deprecated),
                               "all": list(plan.releases) + list(plan.deprecated)}
            self._lang_globals[key] = g
        return self._lang_globals[key]

    def globals_for(self, page: Page, lang: str, version_id: str, href: str = "") -> dict[str, Any]:
        g = dict(self._shared_globals(lang, version_id))
        page_obj = dict(page.data)
        page_obj.update({
            "version": version_id, "relativePath": page.relpath, "languageCode": lang,
            "hidden": page.hidden, "fullPath": str(page.file),
            "permalinks": [{"href": p.href, "pageVersion": p.version_id} for p in page.permalinks],
        })
        segments = [s for s in href.split("/") if s][1:]
        if segments and self.versions.is_plan_or_version(segments[0]):
            segments = segments[1:]
        g.update({
            "page": page_obj,
            "relativePath": page.relpath,
            "currentPath": href,
            "currentPathWithoutLanguage": "/" + "/".join(href.split("/")[2:]) if href else "",
            "currentProduct": segments[0] if segments else "homepage",
            "currentCategory": segments[1] if len(segments) > 1 else "",
        })
        return g

    # -- Liquid -------------------------------------------------------------------------------

    def _template(self, page: Page, field_name: str) -> Any:
        def parse() -> Any:
            if field_name == "body":
                source, line = self._body_source(page), page.body_line
            else:
                source = str(page.data.get(field_name) or "")
                line = page.key_lines.get(field_name, 1)
            return parse_template(self.env, source, str(page.file), line - 1)

        return trace.memo(self._templates, (str(page.file), field_name), parse)

    def _body_source(self, page: Page) -> str:
        if page.map_topic:
            return self._map_topic_body(page)
        return strip_html_comments(page.body) + appended_source(page.relpath)

    def _map_topic_body(self, page: Page) -> str:
        """Map topics show a generated list of their articles (spec §7.11)."""
        folder = posixpath.dirname(page.relpath)
        items = self._category_toc(f"{folder}/index.md")
        topic = page.relpath[:-3]
        children = map_topic_children(items, topic)
        return "\n\n".join(f"{{% link_with_intro /{child} %}}" for child in children)

    def _category_toc(self, index_relpath: str) -> list:
        def read() -> list:
            en = self.content.page(self.config.default_language.code, index_relpath)
            if en is None:
                return []
            trace.record(f"file:{en.file}")
            return toc_items(index_relpath, en.body)

        return trace.memo(self._toc_cache, index_relpath, read)

    def render_liquid(self, page: Page, field_name: str, g: Mapping[str, Any]) -> str:
        template = self._template(page, field_name)
        if "site.data" in getattr(template, "source", ""):  # data read by path, not by tag
            trace.record(f"data-all:{g.get('currentLanguage', '')}")
        with trace.rendering_file(str(page.file)):
            return render_template(template, dict(g))

    def _md_options(self, page: Page, lang: str, version_id: str,
                    body: str | None = None) -> MarkdownOptions:
        """Markdown options; ``body`` is the page body after Liquid (for heading ids)."""
        version = self.versions.by_id.get(version_id)
        if version is None and version_id == HOMEPAGE_VERSION:
            version = self.versions.default
        headings = self._english_headings(page, version_id, body) if body is not None else None
        return MarkdownOptions(lang=lang, version=version, versions=self.versions,
                               link_rules=self.config.links, english_headings=headings)

    def _english_headings(self, page: Page, version_id: str,
                          body: str) -> dict[str, tuple[str, ...]] | None:
        """Translated heading -> English heading text(s) at the same position (spec §6.3).

        As the original, the ``##`` lines of the two raw sources are paired by position (which
        keeps pairs right where the translation's version conditionals differ from English);
        Liquid in a paired line is filled in for this version, the English side with English
        data (the original left the id empty there).  Headings that reusables bring in are
        paired on the two bodies after Liquid.  ``body`` is the translated body after Liquid."""
        english = page.english
        if english is None or page.file == english.file or page.map_topic:
            return None
        en = self.config.default_language.code
        mapping: dict[str, tuple[str, ...]] = {}
        # lines out of context, and English: their warnings are not this page's
        with trace.discard():
            trace.record(f"file:{english.file}")
            for key, texts in english_headings_map(page.body, english.body).items():
                key = self._liquid_line(page, page.lang, key, version_id)
                mapping[key] = mapping.get(key, ()) + tuple(
                    self._liquid_line(english, en, text, version_id) for text in texts)
            try:
                english_body = self.render_liquid(english, "body", self.globals_for(
                    english, en, version_id, english.href_for(version_id) or ""))
            except BuilderError:  # English reports its own errors
                english_body = ""
        for key, texts in english_headings_map(body, english_body).items():
            mapping.setdefault(key, texts)
        return {key: tuple(_heading_text(t) for t in texts) for key, texts in mapping.items()}

    def _liquid_line(self, page: Page, lang: str, source: str, version_id: str) -> str:
        """One source line with its Liquid rendered for this version (as written if it fails)."""
        if "{" not in source:
            return source
        try:
            template = parse_template(self.env, source, str(page.file), None)
            return render_template(template, dict(self.globals_for(page, lang, version_id)))
        except BuilderError:
            return source

    def page_text(self, page: Page, version_id: str, field_name: str) -> str:
        """A text-only frontmatter field (title, shortTitle) in one version."""
        record_meta(page)
        raw = page.data.get(field_name)
        if not raw:
            return ""
        raw = str(raw)
        liquid = "{" in raw
        if not liquid and not _TITLE_MARKUP.search(raw):
            return raw.strip()
        key = (str(page.file), page.lang, version_id if liquid else "", field_name)

        def compute() -> str:
            text = raw
            if liquid:
                text = self.render_liquid(page, field_name, self.globals_for(page, page.lang,
                                                                             version_id))
            md = render_markdown(text, MarkdownOptions(None, None, None, None))
            return html_to_text(md.html)

        return trace.memo(self._text_cache, key, compute)

    def forget(self, files: set[str], index_relpaths: set[str], links: bool) -> None:
        """Drop what was parsed or rendered from ``files`` (the preview server calls this when
        they change).  ``links``: also drop resolved link targets (titles and intros shown on
        other pages); ``index_relpaths``: index pages whose TOC must be read again."""
        for key in [k for k in self._templates if k[0] in files]:
            del self._templates[key]
        for key in [k for k in self._text_cache if k[0] in files]:
            del self._text_cache[key]
        if links:
            self._link_cache.clear()
        for relpath in index_relpaths:
            self._toc_cache.pop(relpath, None)

    def nav_title(self, page: Page, version_id: str, field_name: str) -> str:
        """A title as the navigation shows it (spec §1.4): the raw frontmatter string, rendered
        only when it holds Liquid."""
        raw = str(page.data.get(field_name) or "")
        return self.page_text(page, version_id, field_name) if "{" in raw else raw.strip()

    def page_intro(self, page: Page, version_id: str, unwrap: bool = False) -> str:
        return self.page_markdown_field(page, version_id, "intro", unwrap)

    def page_markdown_field(self, page: Page, version_id: str, field_name: str,
                            unwrap: bool = False) -> str:
        """A frontmatter field rendered through the full pipeline (intro, product, permissions)."""
        record_meta(page)
        if not page.data.get(field_name):
            return ""
        g = self.globals_for(page, page.lang, version_id)
        text = self.render_liquid(page, field_name, g)
        md = render_markdown(prepare_liquid_output(text),
                             self._md_options(page, page.lang, version_id))
        out = md.html.strip()
        return unwrap_first_block(out) if unwrap else out

    # -- the page -------------------------------------------------------------------------------

    def render(self, page: Page, link: Permalink) -> RenderedPage:
        """Render one permalink of one page.  Raises BuilderError (with file and line) on failure.
        What it read and reported goes to the current trace (:mod:`builder.trace`)."""
        lang, version_id = page.lang, link.version_id
        trace.record(f"file:{page.file}")
        g = self.globals_for(page, lang, version_id, link.href)
        text = self.render_liquid(page, "body", g)
        options = self._md_options(page, lang, version_id, body=text)
        body = render_markdown(prepare_liquid_output(text), options)
        body = replace(body, html=self.graphql.fill_blocks(body.html))
        title = self.page_text(page, version_id, "title")
        intro_html = self.page_markdown_field(page, version_id, "intro")
        rendered = RenderedPage(
            page=page, lang=lang, version_id=version_id, version=link.version, href=link.href,
            title=title, short_title=self.page_text(page, version_id, "shortTitle"),
            intro_html=intro_html, intro_text=html_to_text(intro_html),
            product_html=self.page_markdown_field(page, version_id, "product"),
            permissions_html=self.page_markdown_field(page, version_id, "permissions"),
            body=body,
            platform_specific=any(f"extended-markdown {p}" in body.html
                                  for p in ("mac", "windows", "linux")),
        )
        return rendered


def _heading_text(markdown: str) -> str:
    """The plain text of a heading line's Markdown (what its slug is made from)."""
    if not _TITLE_MARKUP.search(markdown):
        return markdown
    return html_to_text(render_markdown(markdown, MarkdownOptions(None, None, None, None)).html)


def record_meta(page: Page) -> None:
    """Record that a render showed another page's frontmatter (its title, intro, type)."""
    trace.record(f"meta:{page.file}")


def render_error(page: Page, exc: Exception) -> Diagnostic:
    """Turn any failure while rendering a page into a diagnostic naming the file."""
    if isinstance(exc, BuilderError):
        diag = exc.diagnostic()
        if not diag.file:
            diag = Diagnostic(diag.severity, diag.kind, diag.message, str(page.file), diag.line,
                              diag.hint)
        return diag
    return Diagnostic("error", "render", f"{type(exc).__name__}: {exc}", str(page.file), 0,
                      "this is probably a builder bug; please report it with this page")


__all__ = ["Renderer", "RenderedPage", "render_error", "LiquidError"]
