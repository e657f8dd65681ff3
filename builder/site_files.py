"""Site files of the original outside the pages (spec §10.7-10.8): ``robots.txt``,
``categories.json``, the GraphQL schema files under ``/public/``, and ``_headers``.

The original answered these from its server; here each is an output of the build
(:mod:`builder.outputs`), which the preview serves like any other (:func:`public_file` answers a
``/public/`` path).  ``_headers`` (Netlify, Cloudflare Pages)
carries what the original sent as headers: ``X-Robots-Tag: noindex`` on deprecated releases and
on languages marked work in progress (spec §10.8), and cache lifetimes: HTML briefly (it
changes with every build), assets for long.
"""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import SiteConfig

GRAPHQL_DATA = "graphql"  # folder of the default language's data published under /public/
PUBLIC = "public"
HTML_CACHE = "public, max-age=300, must-revalidate"  # pages change with each build
ASSET_CACHE = "public, max-age=604800"  # a week: asset names carry no content hash
PUBLIC_CACHE = "public, max-age=3600"
NOINDEX = "noindex"


def is_wip_language(config: SiteConfig, lang: str) -> bool:
    """Pages of a work-in-progress language are not indexed (spec §10.8)."""
    found = config.language(lang)
    return bool(found and found.wip)


def robots_txt(config: SiteConfig) -> str:
    """Everything may be crawled (the original's answer); noindex is said per page."""
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {config.base_url}/sitemap.xml")
    return "\n".join(lines) + "\n"


def categories(shell: Any, config: SiteConfig, versions: Any) -> list[dict[str, Any]]:
    """The default version's categories and their articles, in English (spec §10.8: the
    original listed them for the support form, from the index pages' link tags)."""
    default = versions.default
    if default is None:
        return []
    tree = shell.nav.tree(config.default_language.code, default.id)
    out = []
    for product in tree.products.values():
        if product.external or product.hidden:
            continue
        for category in product.children:
            if category.hidden or category.standalone:
                continue
            articles = [a for topic in category.children
                        for a in (topic.children if topic.kind == "maptopic" else [topic])]
            out.append({"name": category.title,
                        "published_articles": [a.title for a in articles if not a.hidden]})
    return out


def graphql_files(config: SiteConfig) -> Iterator[tuple[str, Path]]:
    """(path under /public/, file) for every file of the GraphQL data folder but its README."""
    root = config.source / config.default_language.data_dir / GRAPHQL_DATA
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.lower() != "readme.md":
                path = Path(folder, name)
                yield path.relative_to(root).as_posix(), path


def headers_file(config: SiteConfig, deprecated_prefixes: list[str]) -> str:
    """``_headers``: cache lifetimes, and noindex where the original sent it."""
    blocks: list[tuple[str, list[str]]] = []
    html_paths = ["/", "/404.html"]
    for lang in config.languages:
        html_paths += [f"/{lang.code}", f"/{lang.code}/*"]
    for path in html_paths:
        blocks.append((path, [f"Cache-Control: {HTML_CACHE}"]))
    asset_dirs = ["assets", config.assets_dir.strip("/")]
    for folder in dict.fromkeys(d for d in asset_dirs if d):
        blocks.append((f"/{folder}/*", [f"Cache-Control: {ASSET_CACHE}"]))
    blocks.append((f"/{PUBLIC}/*", [f"Cache-Control: {PUBLIC_CACHE}"]))
    for lang in config.languages:
        if lang.wip:
            blocks += [(p, [f"X-Robots-Tag: {NOINDEX}"]) for p in (f"/{lang.code}",
                                                                     f"/{lang.code}/*")]
    for prefix in deprecated_prefixes:
        blocks += [(p, [f"X-Robots-Tag: {NOINDEX}"]) for p in (prefix, f"{prefix}/*")]
    return "".join(f"{path}\n" + "".join(f"  {h}\n" for h in headers)
                   for path, headers in blocks)


def categories_json(shell: Any, config: SiteConfig, versions: Any) -> str:
    return json.dumps(categories(shell, config, versions), ensure_ascii=False, indent=1) + "\n"


def public_file(config: SiteConfig, path: str) -> tuple[bytes, str] | None:
    """(body, content type) of a ``/public/`` file at ``path``, for the preview (the other
    site files are outputs the preview renders like the build); None if there is none."""
    if not path.startswith(f"/{PUBLIC}/"):
        return None
    wanted = path[len(PUBLIC) + 2:]
    for rel, file in graphql_files(config):
        if rel == wanted:
            kind = mimetypes.guess_type(file.name)[0] or "text/plain"
            if kind.startswith("text/") or file.suffix in (".graphql", ".yml"):
                kind = "text/plain; charset=utf-8"
            return file.read_bytes(), kind
    return None


def noindex_header(site: Any, path: str) -> bool:
    """Whether the original sent ``X-Robots-Tag: noindex`` for ``path`` (preview)."""
    lang = path.split("/", 2)[1] if path.count("/") >= 1 else ""
    return is_wip_language(site.config, lang) or site.redirects.archive.is_deprecated(path)
