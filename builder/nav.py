"""Navigation: the site tree per language and version, and breadcrumbs (spec §1.3, §1.4, §7.5).

The tree has no data file of its own.  Products come in ``data/products.yml`` order; each
product's categories, a category's map topics and articles, and a map topic's articles are the
``{% link... /path %}`` tags of the English index pages, in source order (:mod:`builder.toc`).
Each node is then resolved per language and version:

* a node whose page is missing, or not available in that version, is left out;
* a category whose TOC lists any map topic keeps only its map topics (articles listed outside a
  topic are dropped), otherwise it holds its articles;
* product names are the raw English ``shortTitle || title`` of the product index (never
  translated); every other title is ``shortTitle || title`` of the page in that language,
  rendered by the title function (which runs Liquid only when the text holds ``{``).

The site model assembles every tree once, before rendering (:meth:`Navigation.assemble`), and
keeps a digest of each, so that the build cache re-renders a page when its sidebar changed
(the input ``nav:<lang>/<version>``, see :mod:`builder.trace`).  The preview server builds
them lazily instead, once per (language, version).
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .config import SiteConfig
from .content import HOMEPAGE_VERSION, Content, Page, Permalink
from .toc import TocItem, map_topic_children, toc_items
from .versions import Versions, page_suffix, permalink

# title(page, version_id, "title" | "shortTitle") -> plain text ("" when the field is absent)
TitleFn = Callable[[Page, str, str], str]
# find(href) -> (page, permalink) or None: exact lookup, redirects, English fallback
FindFn = Callable[[str], "tuple[Page, Permalink] | None"]


@dataclass
class NavNode:
    """One entry of the site tree."""

    kind: str  # "product", "external", "category", "maptopic" or "article"
    path: str  # content path, no language or version ("github/getting-started"); externals: URL
    href: str  # "/en/enterprise-server@3.0/github/getting-started", or the external URL
    title: str  # plain text
    hidden: bool = False
    standalone: bool = False  # a category that is an article, not an index
    children: list[NavNode] = field(default_factory=list)

    @property
    def external(self) -> bool:
        return self.kind == "external"

    def child(self, path: str) -> NavNode | None:
        for node in self.children:
            if node.path == path:
                return node
        return None


@dataclass(frozen=True)
class Product:
    """A product of the site: a content folder with an index page, or an external link."""

    id: str
    name: str  # raw English shortTitle || title of the index (or the configured name)
    version_ids: tuple[str, ...]  # versions of the English product index; () for externals
    first_path: str  # "/enterprise-server@3.0/admin" (language-less), or the external URL
    external: bool = False
    wip: bool = False
    hidden: bool = False

    @property
    def active(self) -> bool:
        return not (self.wip or self.hidden)


@dataclass(frozen=True)
class ProductLink:
    """A product as the homepage and the 404 page list it."""

    id: str
    title: str
    href: str
    external: bool = False


@dataclass(frozen=True)
class Crumb:
    key: str  # "product", "category", "maptopic" or "article"
    href: str
    title: str
    current: bool = False


@dataclass
class SiteTree:
    """The navigation of one language in one version."""

    lang: str
    version_id: str
    products: dict[str, NavNode] = field(default_factory=dict)  # id -> node, in display order


class Navigation:
    """Site trees and breadcrumbs of one loaded site.  Build one per process; it caches."""

    def __init__(self, config: SiteConfig, versions: Versions, content: Content,
                 title: TitleFn, site_data: Mapping[str, Mapping[str, Any]] | None = None,
                 find_page: FindFn | None = None):
        self.config = config
        self.versions = versions
        self.content = content
        self.title_fn = title
        self.site_data = site_data or {}
        self.find_page = find_page or content.lookup
        self.en = config.default_language.code
        self._trees: dict[tuple[str, str], SiteTree] = {}
        self._toc: dict[str, list[TocItem]] = {}
        self._products: list[Product] | None = None
        self._product_links: dict[tuple[str, str], list[ProductLink]] = {}

    def assemble(self, langs: Iterable[str]) -> dict[str, str]:
        """Build every tree and product list of ``langs`` now; return each one's digest by its
        input name (``nav:<lang>/<version>``)."""
        digests = {}
        version_ids = [v.id for v in self.versions.all] + [HOMEPAGE_VERSION]
        for lang in langs:
            for version_id in version_ids:
                state = repr((self.tree(lang, version_id), self.product_links(lang, version_id)))
                digests[nav_key(lang, version_id)] = hashlib.blake2b(
                    state.encode("utf-8"), digest_size=16).hexdigest()
        return digests

    def invalidate(self) -> None:
        """Forget every cached tree (the preview server calls this after a content change)."""
        self._trees.clear()
        self._toc.clear()
        self._products = None
        self._product_links.clear()

    # -- products ------------------------------------------------------------------------------

    def products(self) -> list[Product]:
        """Every product in display order: internal ones, then the configured external ones."""
        if self._products is None:
            self._products = [self._product(pid) for pid in self._product_order()]
            self._products += [Product(e.id, e.name, (), e.href, external=True)
                               for e in self.config.external_products]
        return self._products

    def product(self, product_id: str) -> Product | None:
        return next((p for p in self.products() if p.id == product_id), None)

    def _product_order(self) -> list[str]:
        """``productsInOrder`` from the site data, then any other product folder (early access)."""
        in_content = [r.split("/", 1)[0] for r in self.content.english_relpaths
                      if r.count("/") == 1 and r.endswith("/index.md")
                      and self.content.page(self.en, r) is not None]
        data = self.site_data.get(self.en) or {}
        listed = list((data.get("products") or {}).get("productsInOrder") or [])
        order = [p for p in listed if p in in_content]
        return order + [p for p in in_content if p not in order]

    def _product(self, product_id: str) -> Product:
        index = self.content.page(self.en, f"{product_id}/index.md")
        assert index is not None
        name = str(index.data.get("shortTitle") or index.data.get("title") or product_id)
        first = index.versions[0] if index.versions else None
        return Product(
            id=product_id, name=html.unescape(name), version_ids=tuple(index.version_ids),
            first_path=_without_language(permalink(self.en, first, product_id)),
            wip=bool(index.data.get("wip")), hidden=bool(index.data.get("hidden")))

    def product_links(self, lang: str, version_id: str) -> list[ProductLink]:
        """Active products for the homepage and the 404 page (spec §7.8, §7.13).

        In a real version only the products available in it are listed, linked in that version;
        on the version-less homepage (``/<lang>``) every product is listed, linked in its first
        version.
        """
        key = (lang, version_id)
        if key not in self._product_links:
            links = []
            version = self.versions.by_id.get(version_id)
            for p in self.products():
                if not p.active:
                    continue
                if p.external:
                    links.append(ProductLink(p.id, p.name, p.first_path, external=True))
                elif version is not None and version_id in p.version_ids:
                    links.append(ProductLink(p.id, p.name, permalink(lang, version, p.id)))
                elif version is None:
                    links.append(ProductLink(p.id, p.name, f"/{lang}{p.first_path}"))
            self._product_links[key] = links
        return self._product_links[key]

    # -- the tree ------------------------------------------------------------------------------

    def tree(self, lang: str, version_id: str) -> SiteTree:
        """The site tree of one language and version, built on first use."""
        key = (lang, version_id)
        if key not in self._trees:
            self._trees[key] = self._build_tree(lang, version_id)
        return self._trees[key]

    def _build_tree(self, lang: str, version_id: str) -> SiteTree:
        tree = SiteTree(lang, version_id)
        if version_id == HOMEPAGE_VERSION or version_id not in self.versions.by_id:
            return tree
        for p in self.products():
            if p.external:
                tree.products[p.id] = NavNode("external", p.first_path, p.first_path, p.name)
                continue
            if version_id not in p.version_ids:
                continue
            node = NavNode("product", p.id, permalink(lang, self.versions.by_id[version_id], p.id),
                           p.name, hidden=p.hidden)
            items = self._toc_of(f"{p.id}/index.md")
            node.children = [c for c in (self._category(item, lang, version_id) for item in items)
                             if c is not None]
            tree.products[p.id] = node
        return tree

    def _toc_of(self, relpath: str) -> list[TocItem]:
        """The TOC items of an English index page (cached; shared by languages and versions)."""
        if relpath not in self._toc:
            page = self.content.page(self.en, relpath)
            self._toc[relpath] = toc_items(relpath, page.body) if page is not None else []
        return self._toc[relpath]

    def _resolve(self, path: str, lang: str, version_id: str) -> tuple[Page, str] | None:
        """The page behind a TOC path in one language and version, and its canonical href."""
        version = self.versions.by_id[version_id]
        found = self.find_page(permalink(lang, version, path))
        if found is None:
            return None
        page = found[0]
        if version_id not in page.version_ids:
            return None
        local = (self.content.page(lang, page.relpath) or page).in_version(version_id)
        href = local.href_for(version_id) or found[1].href
        return local, href

    def _node(self, kind: str, path: str, lang: str,
              version_id: str) -> tuple[NavNode, Page] | tuple[None, None]:
        resolved = self._resolve(path, lang, version_id)
        if resolved is None:
            return None, None
        page, href = resolved
        hidden = page.hidden or (page.english is not None and page.english.hidden)
        node = NavNode(kind, page_suffix(page.relpath), href, self.page_title(page, version_id),
                       hidden=hidden)
        return node, page

    def _category(self, item: TocItem, lang: str, version_id: str) -> NavNode | None:
        node, page = self._node("category", item.href, lang, version_id)
        if node is None or page is None:
            return None
        if not page.is_index:
            node.standalone = True
            return node
        items = self._toc_of(page.relpath)
        if any(i.type == "maptopic" for i in items):
            for topic_item in (i for i in items if i.type == "maptopic"):
                topic, _ = self._node("maptopic", topic_item.href, lang, version_id)
                if topic is None:
                    continue
                topic.children = self._articles(map_topic_children(items, topic_item.href),
                                                lang, version_id)
                node.children.append(topic)
        else:
            node.children = self._articles((i.href for i in items), lang, version_id)
        return node

    def _articles(self, paths: Iterable[str], lang: str, version_id: str) -> list[NavNode]:
        nodes = (self._node("article", p, lang, version_id)[0] for p in paths)
        return [n for n in nodes if n is not None]

    def page_title(self, page: Page, version_id: str) -> str:
        """``shortTitle || title`` as plain text."""
        return (self.title_fn(page, version_id, "shortTitle")
                or self.title_fn(page, version_id, "title"))

    # -- breadcrumbs ---------------------------------------------------------------------------

    def breadcrumbs(self, page: Page, version_id: str, href: str) -> list[Crumb]:
        """Product, category, map topic and article of a page (spec §7.5).

        Hidden pages and the homepage get none.  A level missing from the tree ends the chain,
        except that an article listed outside any map topic still gets its own crumb.
        """
        if page.hidden or page.is_homepage:
            return []
        product = self.tree(page.lang, version_id).products.get(page.product_id)
        if product is None or product.external:
            return []
        crumbs = [Crumb("product", product.href, product.title)]
        parts = page_suffix(page.relpath).split("/")
        category = product.child("/".join(parts[:2])) if len(parts) > 1 else None
        if category is not None:
            crumbs.append(Crumb("category", category.href, category.title))
            path = "/".join(parts)
            if len(parts) > 2:
                topic = category.child(path) if page.map_topic else next(
                    (t for t in category.children
                     if t.kind == "maptopic" and t.child(path) is not None), None)
                if topic is not None and topic.kind == "maptopic":
                    crumbs.append(Crumb("maptopic", topic.href, topic.title))
                if not page.is_index and not page.map_topic:
                    crumbs.append(Crumb("article", href, self.page_title(page, version_id)))
        return [Crumb(c.key, c.href, c.title, c.href == href) for c in crumbs]


def nav_key(lang: str, version_id: str) -> str:
    """The input name of one language's and version's navigation (see :mod:`builder.trace`)."""
    return f"nav:{lang}/{version_id}"


def _without_language(href: str) -> str:
    """``/en/enterprise-server@3.0/admin`` -> ``/enterprise-server@3.0/admin``."""
    return "/" + href.split("/", 2)[2] if href.count("/") >= 2 else "/"


__all__ = ["nav_key", "Navigation", "SiteTree", "NavNode", "Product", "ProductLink", "Crumb"]
