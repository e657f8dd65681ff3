"""The page shell: a rendered page (title, intro, body HTML) wrapped into a complete HTML page.

:class:`Shell` adds everything around the article (spec §7): ``<head>``, header with the
language picker, the product's navigation tree, breadcrumbs, the version picker, the mini TOC,
callouts, and the layouts for the homepage, product landing pages and the 404 page.  Templates
are Jinja2 files in ``builder/templates`` with auto-escaping on; the trusted HTML fragments
(body, intro, callouts) come in as :class:`~markupsafe.Markup`.

Element ids the tools rely on: ``#article-intro``, ``#article-contents``, ``#mini-toc``,
``#breadcrumbs``, ``#version-picker``, ``#language-picker``, ``#sidebar``; ``<main>``.

Speed: a corpus build assembles about 11,700 pages, so everything that does not depend on the
page is computed once per process.  A product's sidebar is rendered once per (language,
version) as pieces (each category open and closed); a page joins the pieces and marks the active
category, map topic and current page by string replacement.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .build_date import build_date
from .config import SiteConfig
from .content import HOMEPAGE_VERSION, Content, Page
from . import trace
from .nav import Crumb, Navigation, NavNode, nav_key
from .search_index import bundle_href
from .site_files import is_wip_language
from .ui_strings import all_builder_strings, builder_string, localized
from .versions import Version, Versions, page_suffix, permalink

if TYPE_CHECKING:  # the renderer imports the Markdown and Liquid stacks
    from .render import RenderedPage, Renderer

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"
CSS_HREF = "/assets/docs.css"
PAGE_INDEX = "page-index.json"  # per language, for the 404 page's script
JS_HREF = "/assets/docs.js"

MINI_TOC_DEFAULT_MAX = 3

# The shell's own strings (the original had none for these) are in builder/strings/<lang>.yml
# (builder/ui_strings.py); a site overrides any of them with ``ui.shell.<key>`` in its data.


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the shell, compiled once per process."""
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                       undefined=StrictUndefined)


# -- what the templates see ---------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    title: str
    href: str
    current: bool = False
    lang: str = ""  # for language links: the hreflang


@dataclass(frozen=True)
class MissingVersion:
    """A version the page does not exist in, and the nearest page that does exist there."""

    title: str  # the version's title
    href: str  # the closest existing parent page in that version (at worst its homepage)
    nearest: str  # that page's title


@dataclass(frozen=True)
class TocEntry:
    html: Markup  # <a href="#id">...</a>
    indent: int
    platform: str


@dataclass(frozen=True)
class FeaturedLink:
    href: str
    title: str
    intro: str  # plain text
    type: str = ""  # frontmatter `type` of the target (guide cards)


@dataclass(frozen=True)
class LearningTrack:
    name: str
    title: str
    description: str
    guides: tuple[FeaturedLink, ...]


@dataclass(frozen=True)
class SidebarParts:
    """A product's sidebar, rendered once: the head (with and without the product link) and
    each category as (href, open HTML, closed HTML)."""

    head: str
    head_hidden: str
    categories: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class DocsGroup:
    """One block of a landing page's "All ... docs" list: a category or map topic."""

    title: str
    href: str
    links: tuple[Link, ...]


def _lookup(tree: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(tree, Mapping) or key not in tree:
            return None
        tree = tree[key]
    return tree


# -- the mini TOC (spec §7.4) -------------------------------------------------------------------

_SPAN = re.compile(r"<span\b[^>]*>.*?</span>", re.S)
_UNWRAP = re.compile(r"</?(?:strong|a)\b[^>]*>")


def mini_toc_entries(headings: list[Any], max_level: int) -> list[TocEntry]:
    """h2..h{max_level} of the body, skipping headings whose parent is hidden."""
    chosen = [h for h in headings if 2 <= h.level <= max_level and not h.parent_hidden]
    if not chosen:
        return []
    top = min(h.level for h in chosen)
    entries = []
    for h in chosen:
        inner = _UNWRAP.sub("", _SPAN.sub("", h.inner_html or "")).strip() or escape(h.text)
        entries.append(TocEntry(Markup(f'<a href="#{escape(h.id)}">{inner}</a>'),
                                h.level - top, h.platform or ""))
    return entries


# -- the shell ----------------------------------------------------------------------------------


class Shell:
    """Assembles complete HTML pages.  Build one per process: it caches per language/version."""

    def __init__(self, config: SiteConfig, versions: Versions, content: Content,
                 renderer: Renderer, site_data: Mapping[str, Mapping[str, Any]],
                 nav: Navigation | None = None):
        self.config = config
        self.versions = versions
        self.content = content
        self.renderer = renderer
        self.site_data = site_data or {}
        self.en = config.default_language.code
        # the site model's navigation (assembled once, before rendering), or a lazy one
        self.nav = nav or Navigation(config, versions, content, renderer.nav_title,
                                     self.site_data, renderer.find_page)
        self.env = environment()
        self._sidebars: dict[tuple, Any] = {}
        self._lang_ctx: dict[str, dict[str, Any]] = {}
        self._featured: dict[tuple[str, str, str], Any] = {}  # trace.memo entries
        self._banners: dict[str, Markup | None] = {}
        self._dates: dict[str, Any] | None = None

    # -- public API -------------------------------------------------------------------------

    def page_html(self, rp: RenderedPage) -> str:
        """The complete HTML document of one rendered page."""
        page = rp.page
        trace.record(nav_key(rp.lang, rp.version_id))  # sidebar, breadcrumbs, product lists
        ctx = self._page_context(rp)
        if page.is_homepage:
            return self._render("homepage.html", ctx, self._homepage_context(rp))
        if page.layout == "product-landing":
            return self._render("product-landing.html", ctx, self._landing_context(rp))
        if page.layout == "product-sublanding":
            return self._render("product-sublanding.html", ctx, self._article_context(rp),
                                self._sublanding_context(rp))
        return self._render("article.html", ctx, self._article_context(rp))

    def not_found_html(self, lang: str) -> str:
        """The 404 page of a language: ``ui.errors.oops`` and the homepage sidebar."""
        trace.record(nav_key(lang, HOMEPAGE_VERSION))
        ctx = dict(self._language_context(lang))
        oops = self.ui(lang, "errors.oops") or self.text(lang, "page_not_found")
        ctx.update(
            head_title=oops, description="", canonical=None, noindex=True, alternates=[],
            languages=[], body_class="error-404",
            sidebar=Markup(self._home_sidebar(lang, HOMEPAGE_VERSION)),
            notices=[], banner=None, release_notice=None, oops=oops,
            message=self.ui(lang, "errors.page_doesnt_exist"),
            products=self.nav.product_links(lang, HOMEPAGE_VERSION),
            index_href=f"/{lang}/{PAGE_INDEX}",
            language_codes=" ".join(language.code for language in self.config.languages),
        )
        return self.env.get_template("404.html").render(ctx)

    def page_index_json(self, lang: str, urls: set[str] | None = None) -> str:
        """The compact index the 404 page's script reads (``/<lang>/page-index.json``): every
        version (id, title, URL segment) and every page path of the language with its title and
        the versions it exists in (indexes into ``versions``).  ``urls`` limits it to the pages
        actually written."""
        order = {v.id: i for i, v in enumerate(self.versions.all)}
        if self.versions.default is not None:  # the homepage's /<lang> is the default version
            order[HOMEPAGE_VERSION] = order[self.versions.default.id]
        pages: dict[str, list[Any]] = {}
        for page in self.content.pages_of(lang):
            ids = sorted({order[p.version_id] for p in page.permalinks
                          if p.version_id in order and (urls is None or p.href in urls)})
            if not ids:
                continue
            first = self.versions.all[ids[0]].id
            pages[page_suffix(page.relpath)] = [self.nav.page_title(page, first), ids]
        index = {
            "lang": lang,
            "plans": list(self.versions.plans),
            "versions": [{"id": v.id, "title": v.title,
                          "segment": "" if v.is_default else v.id} for v in self.versions.all],
            "pages": pages,
        }
        return json.dumps(index, ensure_ascii=False, separators=(",", ":"))

    def invalidate(self) -> None:
        """Forget every cached tree, sidebar and featured link (after a content or data change;
        the renderer's own caches are the renderer's business)."""
        self.nav.invalidate()
        self._sidebars.clear()
        self._lang_ctx.clear()
        self._featured.clear()
        self._banners.clear()
        self._dates = None

    def ui(self, lang: str, dotted: str) -> str:
        """A UI string of the language's site data (English data fills gaps), or ''."""
        for code in (lang, self.en):
            value = _lookup(self.site_data.get(code) or {}, "ui." + dotted)
            if value:
                return str(value)
        return ""

    def text(self, lang: str, key: str) -> str:
        """One of the builder's own strings (builder/strings) in the language."""
        return builder_string(self.site_data, lang, key, self.en)

    def _localized(self, lang: str, dotted: str, key: str) -> str:
        """The content's ``ui.<dotted>`` string, or ours where the translation left it in
        English (see builder/ui_strings.py)."""
        return localized(self.site_data, lang, dotted, key, self.en)

    # -- context shared by every page -------------------------------------------------------

    def _render(self, template: str, *parts: Mapping[str, Any]) -> str:
        ctx: dict[str, Any] = {}
        for part in parts:
            ctx.update(part)
        return self.env.get_template(template).render(ctx)

    def _language_context(self, lang: str) -> dict[str, Any]:
        if lang not in self._lang_ctx:
            language = self.config.language(lang) or self.config.default_language
            self._lang_ctx[lang] = {
                "lang": lang, "html_lang": language.hreflang,
                "site_name": self.ui(lang, "header.github_docs") or self.config.title,
                "home_href": f"/{lang}", "css_href": CSS_HREF, "js_href": JS_HREF,
                "search_bundle": bundle_href(lang, HOMEPAGE_VERSION, self.versions),
                "search_placeholder": self.ui(lang, "search.placeholder") or "Search",
                "ui": {
                    "mini_toc": self._localized(lang, "pages.miniToc", "mini_toc"),
                    "article_version": self._localized(lang, "pages.article_version",
                                                       "article_version"),
                    "version": self._localized(lang, "homepage.version_picker", "version"),
                    "explore": self.ui(lang, "homepage.explore_by_product"),
                    "getting_started": self.ui(lang, "toc.getting_started"),
                    "popular": self.ui(lang, "toc.popular_articles"),
                    "guides": self.ui(lang, "toc.guides"),
                    "whats_new": self.ui(lang, "toc.whats_new"),
                    "quick_start": self.ui(lang, "product_landing.quick_start"),
                    "reference": self.ui(lang, "product_landing.reference_guides"),
                    "overview": self.ui(lang, "product_landing.overview"),
                    "need_help": self.ui(lang, "search.need_help"),
                    "contributor": self.ui(lang, "contributor_callout"),
                    "all_products": self.text(lang, "all_products"),
                    "previous_guide": self._localized(lang, "learning_track_nav.prevGuide",
                                                      "previous_guide"),
                    "next_guide": self._localized(lang, "learning_track_nav.nextGuide",
                                                  "next_guide"),
                },
                "shell_ui": all_builder_strings(self.site_data, lang, self.en),
            }
        return self._lang_ctx[lang]

    def _page_context(self, rp: RenderedPage) -> dict[str, Any]:
        page = rp.page
        ctx = dict(self._language_context(rp.lang))
        site_name = ctx["site_name"]
        homepage_root = rp.version_id == HOMEPAGE_VERSION
        ctx.update(
            title=rp.title,
            head_title=(self.config.homepage_title or rp.title) if homepage_root
            else f"{rp.title} - {site_name}",
            description=rp.intro_text.strip(),
            canonical=self._canonical(page),
            noindex=self._noindex(page, rp.version) or is_wip_language(self.config, rp.lang),
            alternates=self._alternates(rp.href),
            languages=self._language_links(rp.href, rp.lang),
            body_class=f"layout-{page.layout or 'default'}",
            notices=self._notices(rp),
            banner=self._deprecation_banner(rp.lang, rp.version),
            versions_picker=self._version_links(rp),
            versions_missing=self._missing_versions(rp),
            release_notice=self._release_notice(rp),
            version_label=self._version_label(rp),
            intro=Markup(rp.intro_html) if rp.intro_html else None,
            body=Markup(rp.body.html),
            search_bundle=bundle_href(rp.lang, rp.version_id, self.versions),
            # an English page standing in for a missing or broken translation says so
            content_lang=self.config.default_language.hreflang
            if page.fallback and rp.lang != self.en else "",
        )
        return ctx

    def _alternates(self, href: str) -> list[Link]:
        rest = _without_language(href)
        return [Link(lang.code, f"{self.config.base_url}/{lang.code}{rest}", lang=lang.hreflang)
                for lang in self.config.languages]

    def _language_links(self, href: str, current: str) -> list[Link]:
        rest = _without_language(href)
        return [Link(_language_label(lang.native_name, lang.name), f"/{lang.code}{rest}",
                     lang.code == current, lang.hreflang)
                for lang in self.config.languages if not lang.wip or lang.code == current]

    def _version_links(self, rp: RenderedPage) -> list[Link]:
        """One link per version of the page; the homepage's version-less ``/lang`` is left out.
        A page in one version only still shows it: the reader must see which release this is."""
        return [Link(p.version.title, p.href, p.href == rp.href)
                for p in rp.page.permalinks if p.version is not None]

    def _version_label(self, rp: RenderedPage) -> str:
        if rp.version is None:
            return self._language_context(rp.lang)["ui"]["version"]
        return rp.version.title

    # -- versions: canonical URL, versions without the page, the older-release notice -------

    def _canonical(self, page: Page) -> str | None:
        """The page's latest version in its language, as an absolute URL: the default version
        when the page has it, else the newest release of the first plan it has."""
        links = page.permalinks
        best = next((p for p in links if p.version is None or p.version.is_default), None)
        if best is None and links:
            plan = self.versions.plans[links[0].version.plan]
            rank = {release: i for i, release in enumerate(plan.releases)}
            best = min((p for p in links if p.version and p.version.plan == plan.id),
                       key=lambda p: rank.get(p.version.release, len(rank)))
        return f"{self.config.base_url}{best.href}" if best is not None else None

    @staticmethod
    def _noindex(page: Page, version: Version | None) -> bool:
        """Hidden pages, and every release of a numbered plan but its newest."""
        hidden = page.hidden or (page.english is not None and page.english.hidden)
        return hidden or (version is not None and version.numbered and not version.is_latest)

    def nearest_page(self, lang: str, relpath: str,
                     version: Version) -> tuple[str, Page | None]:
        """The page itself in ``version`` or else its closest existing parent (by URL path), at
        worst that version's homepage: (href, page)."""
        parts = page_suffix(relpath).split("/")
        for size in range(len(parts), 0, -1):
            found = self.content.lookup(permalink(lang, version, "/".join(parts[:size])))
            if found is not None:
                return found[1].href, found[0]
        home = self._home_href(lang, version.id)
        found = self.content.lookup(home)
        return home, found[0] if found is not None else None

    def _missing_versions(self, rp: RenderedPage) -> list[MissingVersion]:
        """Every version the page is not in, each with the nearest page that is there."""
        if rp.page.is_homepage:
            return []
        have = set(rp.page.version_ids)
        out = []
        for version in self.versions.all:
            if version.id in have:
                continue
            href, nearest = self.nearest_page(rp.lang, rp.page.relpath, version)
            title = self.nav.page_title(nearest, version.id) if nearest is not None else ""
            out.append(MissingVersion(version.title, href, title or href))
        return out

    def _release_notice(self, rp: RenderedPage) -> Markup | None:
        """On an older release of a numbered plan: a link to this page (or the nearest one) in
        the newest release."""
        version = rp.version
        if version is None or not version.numbered or version.is_latest:
            return None
        latest = self.versions.by_id[version.latest_id]
        ui = self._language_context(rp.lang)["shell_ui"]
        href = rp.page.href_for(latest.id)
        key = "same_page_latest"
        if href is None:
            href, _ = self.nearest_page(rp.lang, rp.page.relpath, latest)
            key = "nearest_latest"
        lead = escape(ui["older_release"].replace("{version}", version.title))
        link = escape(ui[key].replace("{latest}", latest.title))
        return Markup(f'{lead} <a href="{escape(href)}">{link}</a>.')

    def _notices(self, rp: RenderedPage) -> list[Markup]:
        """The translation notice on pages outside the default language (spec §7.7)."""
        if rp.lang == self.en or rp.page.fallback:  # English standing in: not a translation
            return []
        language = self.config.language(rp.lang)
        wip = language is not None and language.wip
        key = "localization_in_progress" if wip else "localization_complete"
        text = self.ui(rp.lang, f"header.notices.{key}")
        if not text:
            return []
        english = f"/{self.en}{_without_language(rp.href)}".rstrip("/")
        text = text.replace(f'href="/{self.en}"', f'href="{escape(english)}"')
        return [Markup(text)]

    # -- deprecation banner (spec §7.16) ----------------------------------------------------

    def _deprecation_banner(self, lang: str, version: Version | None) -> Markup | None:
        """On the oldest supported release of a numbered plan."""
        if version is None or not version.numbered:
            return None
        plan = self.versions.plans[version.plan]
        if version.release != plan.releases[-1]:
            return None
        key = f"{lang} {version.id}"
        if key not in self._banners:
            self._banners[key] = self._banner_html(lang, version)
        for name in ("version_was_deprecated", "version_will_be_deprecated",
                     "deprecation_details"):  # reusables read here, not through a tag
            self.renderer.data_file(f"reusables.enterprise_deprecation.{name}",
                                    {"currentLanguage": lang})
        return self._banners[key]

    def _release_dates(self) -> dict[str, Any]:
        if self._dates is None:
            path = self.config.source / "enterprise-dates.json"
            try:
                self._dates = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._dates = {}
        return self._dates

    def _banner_html(self, lang: str, version: Version) -> Markup:
        """The ``enterprise_deprecation`` reusables (raw HTML, as the original showed them)
        and the date from ``<source>/enterprise-dates.json`` when that file exists."""
        raw = self._release_dates().get(version.release) or {}
        date_text = str(raw.get("deprecationDate") or "") if isinstance(raw, Mapping) else ""
        date = _parse_date(date_text)
        passed = date is not None and date <= build_date(self.config)
        key = "version_was_deprecated" if passed else "version_will_be_deprecated"
        lead = details = ""
        for code in (lang, self.en):
            data = self.site_data.get(code) or {}
            lead = lead or _lookup(data, f"reusables.enterprise_deprecation.{key}") or ""
            details = details or _lookup(
                data, "reusables.enterprise_deprecation.deprecation_details") or ""
        lead = str(lead).strip() or (
            f"{version.title} {'was' if passed else 'will be'} discontinued on")
        if date:
            lead += f' <time datetime="{date.isoformat()}">{date.strftime("%B %d, %Y")}</time>'
        else:  # "... will be discontinued on" with no date to follow
            lead = re.sub(r"\s+on$", "", lead)
        return Markup(f"{_strip_handlers(lead)}. {_strip_handlers(str(details))}")

    # -- article pages ----------------------------------------------------------------------

    def _article_context(self, rp: RenderedPage) -> dict[str, Any]:
        page = rp.page
        crumbs = self._breadcrumbs(rp)
        max_level = _mini_toc_max(page.data.get("miniTocMaxHeadingLevel"))
        toc = mini_toc_entries(rp.body.headings, max_level) if page.show_mini_toc else []
        featured = (page.data.get("featuredLinks") or {}) if page.is_index else {}
        both = bool(featured.get("gettingStarted")) and bool(featured.get("popular"))
        contributor = page.data.get("contributor") if isinstance(
            page.data.get("contributor"), Mapping) else None
        return {
            "breadcrumbs": crumbs,
            "mini_toc": toc if len(toc) > 1 else [],
            "product_html": Markup(rp.product_html) if rp.product_html else None,
            "permissions_html": Markup(rp.permissions_html) if rp.permissions_html else None,
            "platform_specific": rp.platform_specific,
            "default_platform": str(page.data.get("defaultPlatform") or ""),
            "contributor": contributor,
            "featured_started": self._featured_links(rp, "gettingStarted") if both else [],
            "featured_popular": self._featured_links(rp, "popular") if both else [],
            "sidebar": Markup(self._product_sidebar(rp, crumbs)),
            "learning_tracks": self._learning_tracks_json(rp),
        }

    def _breadcrumbs(self, rp: RenderedPage) -> list[Crumb]:
        crumbs = self.nav.breadcrumbs(rp.page, rp.version_id, rp.href)
        if crumbs and crumbs[-1].key == "article":
            # the same text as the page's <h1> (the renderer's title of this very render)
            last = crumbs[-1]
            crumbs[-1] = Crumb(last.key, last.href, rp.short_title or rp.title or last.title,
                               last.current)
        return crumbs

    # -- sidebars (spec §7.8) ---------------------------------------------------------------

    def _sidebar_macros(self) -> Any:
        return self.env.get_template("sidebar.html").module

    def _home_sidebar(self, lang: str, version_id: str) -> str:
        """The homepage's and the 404 page's sidebar: every product available in the version."""
        key = ("home", lang, version_id)
        if key not in self._sidebars:
            all_href = (None if version_id == HOMEPAGE_VERSION
                        else self._home_href(lang, version_id))
            self._sidebars[key] = str(self._sidebar_macros().home(
                self.nav.product_links(lang, version_id), self.text(lang, "all_products"), all_href))
        return self._sidebars[key]

    def _home_href(self, lang: str, version_id: str) -> str:
        home = self.content.page(lang, "index.md")
        href = home.href_for(version_id) if home is not None else None
        return href or f"/{lang}"

    def _sidebar_parts(self, lang: str, version_id: str, product: NavNode) -> SidebarParts:
        """A product's sidebar in pieces, rendered once per (language, version, product)."""
        key = ("product", lang, version_id, product.path)
        if key not in self._sidebars:
            macros = self._sidebar_macros()
            all_href = self._home_href(lang, version_id)
            categories = []
            for cat in product.children:
                children = [c for c in cat.children if not c.hidden]
                categories.append((cat.href, str(macros.category(cat, children, True)),
                                   str(macros.category(cat, children, False))))
            self._sidebars[key] = SidebarParts(
                head=str(macros.head(product, self.text(lang, "all_products"), all_href)),
                head_hidden=str(macros.head(None, self.text(lang, "all_products"), all_href)),
                categories=tuple(categories))
        return self._sidebars[key]

    def _product_sidebar(self, rp: RenderedPage, crumbs: list[Crumb]) -> str:
        """The current product's tree (spec §7.8): categories are open when active or among
        the first three; the active category and map topic and the current page are marked."""
        page = rp.page
        product = self.nav.tree(rp.lang, rp.version_id).products.get(page.product_id)
        if product is None or product.external:
            return self._home_sidebar(rp.lang, rp.version_id)
        parts = self._sidebar_parts(rp.lang, rp.version_id, product)
        active = {c.key: c.href for c in crumbs}
        out = [parts.head_hidden if page.hidden else parts.head, '<ul class="sidebar-categories">']
        for i, (href, opened, closed) in enumerate(parts.categories):
            if href != active.get("category"):
                out.append(opened if i < 3 else closed)
                continue
            html = opened.replace('class="sidebar-category', 'class="sidebar-category active', 1)
            if active.get("maptopic"):
                topic = f'<li class="sidebar-maptopic"><a href="{escape(active["maptopic"])}">'
                marked = topic.replace("sidebar-maptopic", "sidebar-maptopic active")
                html = html.replace(topic, marked, 1)
            out.append(html)
        out.append("</ul>")
        return mark_current("\n".join(out), rp.href)

    # -- featured links (spec §7.9) ---------------------------------------------------------

    def _featured_links(self, rp: RenderedPage, key: str) -> list[FeaturedLink]:
        paths = (rp.page.data.get("featuredLinks") or {}).get(key) or []
        out = []
        for path in paths if isinstance(paths, list) else []:
            link = self.featured_link(rp.lang, rp.version_id, str(path))
            if link is not None:
                out.append(link)
        return out

    def featured_link(self, lang: str, version_id: str, path: str) -> FeaturedLink | None:
        """A featured link: ``/lang/<version>/path``, resolved like a link tag, in the version
        being read (spec §7.9).  A target that is not in that version is left out: the
        original linked it anyway (a 404), and linking another version would move the reader
        to a release they did not choose."""
        return trace.memo(self._featured, (lang, version_id, path),
                          lambda: self._resolve_featured(lang, version_id, path))

    def _resolve_featured(self, lang: str, version_id: str, path: str) -> FeaturedLink | None:
        version = self.versions.by_id.get(version_id) or self.versions.default
        if version is None:
            return None
        rel = path.split("#", 1)[0].strip("/")
        found = self.renderer.find_page(permalink(lang, version, rel))
        if found is None:
            return None
        target = self.content.page(lang, found[0].relpath) or found[0]
        href = target.href_for(version.id)
        if href is None:
            return None
        target = target.in_version(version.id)  # English where the translation lacks it
        title = self.nav.page_title(target, version.id)
        intro = self.renderer.page_intro(target, version.id)
        return FeaturedLink(href, title, _html_text(intro), str(target.data.get("type") or ""))

    # -- sub-landing pages (spec §7.10) -----------------------------------------------------

    def _sublanding_context(self, rp: RenderedPage) -> dict[str, Any]:
        """Learning tracks and the guide cards of a ``product-sublanding`` page.

        Track guides link with ``?learn=<track>``: the article then shows the track's
        navigation (docs.js, from the data :meth:`_learning_tracks_json` puts on the page)."""
        page = rp.page
        data = self.site_data.get(rp.lang) or self.site_data.get(self.en) or {}
        known = (data.get("learning-tracks") or {}).get(page.product_id) or {}
        tracks = []
        for name in page.data.get("learningTracks") or []:
            track = known.get(name) if isinstance(known, Mapping) else None
            if not isinstance(track, Mapping):
                continue
            guides = (self.featured_link(rp.lang, rp.version_id, str(g))
                      for g in track.get("guides") or [])
            tracks.append(LearningTrack(
                str(name), self._data_text(rp, str(track.get("title") or name)),
                self._data_text(rp, str(track.get("description") or "")),
                tuple(replace(g, href=f"{g.href}?learn={quote(str(name))}")
                      for g in guides if g is not None)))
        guides = (self.featured_link(rp.lang, rp.version_id, str(g))
                  for g in page.data.get("includeGuides") or [])
        types = {}
        for code in (self.en, rp.lang):
            types.update(_lookup(self.site_data.get(code) or {},
                                 "ui.product_sublanding.guide_types") or {})
        return {
            "tracks": tracks,
            "include_guides": [g for g in guides if g is not None],
            "guide_types": types,
            "ui_sub": {k: self._localized(rp.lang, f"product_sublanding.{k}", k)
                       for k in ("learning_paths", "learning_paths_desc", "all_guides")},
        }

    def _product_tracks(self, rp: RenderedPage) -> list[LearningTrack]:
        """Every learning track of the page's product (spec §7.10), its guides resolved in
        the language and version being read (a guide missing there is left out)."""
        key = ("tracks", rp.lang, rp.version_id, rp.page.product_id)
        # memo: every page using the tracks records what their titles read (builder.trace)
        return trace.memo(self._sidebars, key, lambda: self._read_tracks(rp))

    def _read_tracks(self, rp: RenderedPage) -> list[LearningTrack]:
        """The tracks of the page's product, read from the site data (see above)."""
        data = self.site_data.get(rp.lang) or self.site_data.get(self.en) or {}
        known = (data.get("learning-tracks") or {}).get(rp.page.product_id) or {}
        tracks = []
        for name, track in known.items() if isinstance(known, Mapping) else ():
            if not isinstance(track, Mapping):
                continue
            guides = []
            for path in track.get("guides") or []:
                link = self.featured_link(rp.lang, rp.version_id, str(path))
                if link is not None:
                    guides.append(link)
            tracks.append(LearningTrack(
                str(name), self._data_text(rp, str(track.get("title") or name)),
                self._data_text(rp, str(track.get("description") or "")), tuple(guides)))
        return tracks

    def _learning_tracks_json(self, rp: RenderedPage) -> Markup | None:
        """The tracks this article is a guide of, for docs.js: with ``?learn=<track>`` in the
        URL it shows the position and the previous / next guides (the original did this on
        the server; a static page does it in the browser, the preview serves the same page).
        JSON inside ``<script type="application/json">``: ``<`` is escaped so that no
        ``</script>`` can end it."""
        if rp.version is None or not rp.page.product_id:
            return None
        tracks = {}
        for track in self._product_tracks(rp):
            hrefs = [g.href for g in track.guides]
            if rp.href not in hrefs:
                continue
            at = hrefs.index(rp.href)
            tracks[track.name] = {
                "title": track.title, "position": at + 1, "count": len(hrefs),
                "prev": _guide_json(track.guides[at - 1]) if at > 0 else None,
                "next": _guide_json(track.guides[at + 1]) if at + 1 < len(hrefs) else None,
            }
        if not tracks:
            return None
        text = json.dumps(tracks, ensure_ascii=False, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e"))

    def _data_text(self, rp: RenderedPage, source: str) -> str:
        """A site-data string shown as text (a learning track's title): Liquid when it has any."""
        if "{" not in source:
            return source
        from .errors import BuilderError
        from .liquid_env import parse_template, render_template

        g = self.renderer.globals_for(rp.page, rp.lang, rp.version_id, rp.href)
        try:
            template = parse_template(self.renderer.env, source, str(rp.page.file), None,
                                      "a learning track")
            return _html_text(render_template(template, g))
        except BuilderError as exc:
            self.renderer.warn("liquid", f"learning track text: {exc.message}", str(rp.page.file))
            return _html_text(source)

    # -- homepage (spec §7.13) --------------------------------------------------------------

    def _homepage_context(self, rp: RenderedPage) -> dict[str, Any]:
        ui = self._language_context(rp.lang)["ui"]
        return {
            "heading": ui["need_help"] or rp.title,
            "products": self.nav.product_links(rp.lang, rp.version_id),
            "featured_started": self._featured_links(rp, "gettingStarted"),
            "featured_popular": self._featured_links(rp, "popular"),
            "sidebar": Markup(self._home_sidebar(rp.lang, rp.version_id)),
        }

    # -- product landing pages (spec §7.9) --------------------------------------------------

    def _landing_context(self, rp: RenderedPage) -> dict[str, Any]:
        page = rp.page
        crumbs = self.nav.breadcrumbs(page, rp.version_id, rp.href)
        intro_links = []
        labels = self._language_context(rp.lang)["ui"]
        for key, label in (("quickstart", labels["quick_start"]),
                           ("reference", labels["reference"]), ("overview", labels["overview"])):
            target = (page.data.get("introLinks") or {}).get(key)
            if target:
                intro_links.append(Link(label or key.title(),
                                        self._intro_link(rp, str(target))))
        guides = self._featured_links(rp, "guides")
        guides = [FeaturedLink(g.href, g.title, _truncate_words(g.intro, 12)) for g in guides]
        guides_page = None
        if page.relpath.count("/") == 1:  # a product-level landing page
            guides_page = self.content.lookup(f"{rp.href}/guides")
        return {
            "heading": rp.short_title or rp.title,
            "beta": bool(page.data.get("beta_product")),
            "intro_links": intro_links,
            "guides": guides,
            "guides_all_href": f"{rp.href}/guides" if guides_page else None,
            "popular": self._featured_links(rp, "popular"),
            "changelog": _changelog(page.data.get("changelog")),
            "guide_cards": self._featured_links(rp, "guideCards"),
            "video": str(page.data.get("product_video") or ""),
            "docs_title": self._docs_title(rp, crumbs),
            "docs_groups": self._docs_groups(rp),
            "sidebar": Markup(self._product_sidebar(rp, crumbs)),
        }

    def _intro_link(self, rp: RenderedPage, target: str) -> str:
        """introLinks are written language- and version-less; link them in this language and
        version when the page exists there, else as written."""
        if target.startswith(("http://", "https://")):
            return target
        link = self.featured_link(rp.lang, rp.version_id, target)
        return link.href if link is not None else target

    def _docs_title(self, rp: RenderedPage, crumbs: list[Crumb]) -> str:
        name = crumbs[-1].title if crumbs else (rp.short_title or rp.title)
        key = "all_product_docs" if rp.page.relpath.count("/") == 1 else "section_docs"
        return self.text(rp.lang, key).replace("{name}", name)

    def _docs_groups(self, rp: RenderedPage) -> list[DocsGroup]:
        """The landing page's list of the product's (or category's) contents, from the tree."""
        product = self.nav.tree(rp.lang, rp.version_id).products.get(rp.page.product_id)
        if product is None or product.external:
            return []
        if rp.page.relpath.count("/") == 1:
            nodes = [c for c in product.children if not c.standalone]
        else:
            category = next((c for c in product.children if c.href == rp.href), None)
            nodes = [t for t in category.children if t.kind == "maptopic"] if category else []
        return [DocsGroup(n.title, n.href, tuple(Link(c.title, c.href) for c in n.children
                                                 if not c.hidden))
                for n in nodes if not n.hidden]


# -- helpers ------------------------------------------------------------------------------------


def mark_current(sidebar_html: str, href: str) -> str:
    """Mark the link to the current page in a cached sidebar."""
    needle = f'<a href="{escape(href)}">'
    return sidebar_html.replace(
        needle, f'<a href="{escape(href)}" class="is-current-page" aria-current="page">')


def _language_label(native: str, name: str) -> str:
    """``日本語 (Japanese)``; just ``English`` where the two are the same (spec §7.7)."""
    native = native or name
    return native if native == name else f"{native} ({name})"


def _without_language(href: str) -> str:
    """``/en/github/x`` -> ``/github/x``; ``/en`` -> ``''``."""
    parts = href.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 and parts[2] else ""


def _mini_toc_max(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        return MINI_TOC_DEFAULT_MAX
    return min(max(level, 2), 6)


def _parse_date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


_HANDLER = re.compile(r"\s+on[a-z]+\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)


def _strip_handlers(html: str) -> str:
    """Data snippets of the original carried ``onClick`` analytics calls; drop them."""
    return _HANDLER.sub("", html)


_TAG = re.compile(r"<[^>]+>")


def _html_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (an intro)."""
    return " ".join(_html.unescape(_TAG.sub("", fragment or "")).split())


def _guide_json(link: FeaturedLink) -> dict[str, str]:
    return {"href": link.href, "title": link.title}


def _truncate_words(text: str, count: int) -> str:
    words = text.split()
    return text if len(words) <= count else " ".join(words[:count]) + "…"


def _changelog(items: Any) -> list[dict[str, str]]:
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        date = _parse_date(str(item.get("date") or ""))
        out.append({"title": str(item.get("title") or ""), "href": str(item.get("href") or ""),
                    "date": date.strftime("%B %d") if date else str(item.get("date") or ""),
                    "datetime": date.isoformat() if date else ""})
    return out


__all__ = ["Shell", "STATIC_DIR", "TEMPLATE_DIR", "environment", "mini_toc_entries",
           "mark_current"]
