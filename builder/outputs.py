"""The outputs of a site, and how each one is rendered.

One list of outputs (:func:`plan_outputs`) is what ``build`` writes, what the preview serves
and what a shard takes its part of: pages (one per permalink), the 404 pages and the page index
their script reads, the sitemap, the redirect stubs and tables, and the static files.

:func:`render_output` is a function of the site model and one output: it returns the bytes,
the diagnostics and the exact inputs read (with their digests), and leaves no state behind on
shared objects (see :mod:`builder.trace`).  The per-process renderer and shell it uses are a
:class:`builder.site.Pipeline`, which holds only pure caches.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, NamedTuple

from . import trace
from .content import FALLBACK_LIQUID, Page, Permalink
from .config import SiteConfig
from .errors import BuilderError, Diagnostic, Report
from .nav import nav_key
from .publish.nginx import NGINX_MAP
from .publisher import url_to_file
from .site import SITE, Pipeline, Site

PAGE = "page"
NOT_FOUND = "404"
PAGE_INDEX = "page-index"
SITEMAP = "sitemap"
REDIRECT = "redirect"  # one HTML stub per old URL
NETLIFY = "netlify-redirects"
REDIRECTS_JSON = "redirects-json"
STATIC = "static"  # a file copied as it is: the builder's static folder, the site's assets,
#                    the GraphQL schema files under /public/
ROBOTS = "robots"
CATEGORIES = "categories"
HEADERS = "headers"  # _headers: cache lifetimes and noindex (builder.site_files)
NGINX = "nginx-map"  # every redirect as an nginx map (builder.publish.nginx)


class Output(NamedTuple):
    """One file of the built site (a named tuple: a site has 10^5 of them)."""

    path: str  # relative to the site root, posix: "en/github/index.html"
    kind: str
    href: str = ""  # the URL it answers (pages, redirect stubs)
    lang: str = ""
    relpath: str = ""  # pages: the content path; static files: the source file
    index: int = -1  # pages: the permalink's index in Page.permalinks
    target: str = ""  # redirect stubs: where they send the reader


@dataclass
class Rendered:
    """What rendering one output produced."""

    body: bytes | None  # None when it failed (its diagnostics say why)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # input name -> digest
    fallback: str = ""  # pages: why English stands in for the translation there


# -- planning -----------------------------------------------------------------------------------


def plan_outputs(site: Site, report: Report) -> list[Output]:
    """Every output of the site, in a stable order; two pages claiming one URL is an error."""
    outputs = _page_outputs(site, report)
    page_urls = {o.href for o in outputs}
    outputs += extra_outputs(site.config)
    outputs += _static_outputs(site)
    live = site.redirects.live(page_urls)
    outputs += [Output(url_to_file(key), REDIRECT, key, "", "", -1, live[key])
                for key in sorted(live)]
    return outputs


def extra_outputs(config: SiteConfig) -> list[Output]:
    """The outputs that are neither pages, redirect stubs nor static files: 404 pages, the
    page index their script reads, the sitemap, the redirect tables.  The preview serves these
    same outputs."""
    default = config.default_language.code
    outputs = [Output("404.html", NOT_FOUND, lang=default)]
    for lang in config.languages:
        outputs.append(Output(f"{lang.code}/404.html", NOT_FOUND, lang=lang.code))
        outputs.append(Output(f"{lang.code}/page-index.json", PAGE_INDEX, lang=lang.code))
    outputs += [Output("sitemap.xml", SITEMAP), Output("_redirects", NETLIFY),
                Output("redirects.json", REDIRECTS_JSON), Output(NGINX_MAP, NGINX),
                Output("robots.txt", ROBOTS),
                Output("categories.json", CATEGORIES), Output("_headers", HEADERS)]
    return outputs


def content_type(path: str) -> str:
    """The media type of an output file, by its name."""
    if path.endswith(".html"):
        return "text/html; charset=utf-8"
    if path.endswith(".json"):
        return "application/json"
    if path.endswith(".xml"):
        return "application/xml; charset=utf-8"
    return "text/plain; charset=utf-8"  # robots.txt, _redirects, _headers


def _page_outputs(site: Site, report: Report) -> list[Output]:
    owners: dict[str, str] = {}
    outputs = []
    for lang in site.config.languages:
        if not site.writes(lang.code):
            continue
        for page in site.content.pages_of(lang.code):
            for i, link in enumerate(page.permalinks):
                if link.href in owners:
                    report.error("conflict", f"{link.href} is claimed by two pages",
                                 str(page.file), 1, f"the other page is {owners[link.href]}")
                    continue
                owners[link.href] = str(page.file)
                outputs.append(Output(url_to_file(link.href), PAGE, link.href, lang.code,
                                      page.relpath, i))
    return outputs


def _static_outputs(site: Site) -> list[Output]:
    from .shell import STATIC_DIR
    from .site_files import PUBLIC, graphql_files

    outputs = [Output(f"{PUBLIC}/{rel}", STATIC, relpath=str(path))
               for rel, path in graphql_files(site.config)]
    folders = [(STATIC_DIR, "assets")]
    assets = site.config.source / site.config.assets_dir
    if assets.is_dir():
        folders.append((assets, site.config.assets_dir))
    for folder, prefix in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                src = os.path.join(root, name)
                rel = Path(prefix, os.path.relpath(src, folder)).as_posix()
                outputs.append(Output(rel, STATIC, relpath=src))
    return outputs


def page_urls(outputs: list[Output]) -> set[str]:
    return {o.href for o in outputs if o.kind == PAGE}


def shard_of(output: Output, position: int, count: int) -> int:
    """The shard (0-based) an output belongs to: outputs are dealt out in plan order."""
    return position % count


# -- rendering ----------------------------------------------------------------------------------


def render_output(pipeline: Pipeline, output: Output, urls: set[str]) -> Rendered:
    """Render one output.  ``urls`` is every page URL of the build (the 404 index, the sitemap
    and the redirect tables list them)."""
    site = pipeline.site
    if output.kind == PAGE:
        return render_page_output(pipeline, output)
    if output.kind == REDIRECT:
        from .redirects import stub_html

        return Rendered(stub_html(output.target).encode("utf-8"))
    if output.kind == STATIC:
        with open(output.relpath, "rb") as handle:
            body = handle.read()
        return Rendered(body, inputs={f"file:{output.relpath}": _digest(body)})
    with trace.tracing() as t:
        trace.record(SITE)
        text = _render_extra(pipeline, output, urls)
    return Rendered(text.encode("utf-8"), t.diagnostics, site.digests_of(t.inputs))


def _digest(body: bytes) -> str:
    from .content import digest

    return digest(body)


def _render_extra(pipeline: Pipeline, output: Output, urls: set[str]) -> str:
    site, shell = pipeline.site, pipeline.shell
    if output.kind == NOT_FOUND:
        return shell.not_found_html(output.lang)
    if output.kind == PAGE_INDEX:
        return shell.page_index_json(output.lang, urls)
    if output.kind == SITEMAP:
        return sitemap(site, sorted(urls))
    live = site.redirects.live(urls)
    if output.kind == NETLIFY:
        return site.redirects.netlify_rules(live)
    if output.kind == REDIRECTS_JSON:
        return site.redirects.json_table(live)
    if output.kind == NGINX:
        return site.redirects.nginx_table(live)
    from . import site_files

    if output.kind == ROBOTS:
        return site_files.robots_txt(site.config)
    if output.kind == CATEGORIES:  # the default version's navigation, in English
        versions = site.versions
        if versions.default is not None:
            trace.record(nav_key(site.config.default_language.code, versions.default.id))
        return site_files.categories_json(shell, site.config, versions)
    if output.kind == HEADERS:
        prefixes = [rule.prefix for rule in site.redirects.archive.prefixes]
        return site_files.headers_file(site.config, prefixes)
    raise ValueError(f"unknown output kind {output.kind!r}")


def render_page_output(pipeline: Pipeline, output: Output) -> Rendered:
    """One page in one version: HTML, diagnostics, inputs.  A failure is a diagnostic."""
    from .render import render_error

    site = pipeline.site
    page = site.content.pages[(output.lang, output.relpath)]
    link = page.permalinks[output.index]
    with trace.tracing() as t:
        trace.record(SITE)
        if page.english is not None:  # heading ids and stand-ins come from the English file
            trace.record(f"file:{page.english.file}")
        try:
            html, fallback = render_one(pipeline, page, link)
            body: bytes | None = html.encode("utf-8")
        except Exception as exc:  # one bad page never stops the others
            t.diagnostics.append(render_error(page, exc))
            body, fallback = None, ""
    return Rendered(body, t.diagnostics, site.digests_of(t.inputs), fallback)


def render_one(pipeline: Pipeline, page: Page, link: Permalink) -> tuple[str, str]:
    """Render one permalink to a full HTML document; returns (html, why English stands in for
    the translation there, or "").  A translation whose Liquid fails falls back to English."""
    from .render import render_error

    renderer, shell = pipeline.renderer, pipeline.shell
    page = page.in_version(link.version_id)
    try:
        return shell.page_html(renderer.render(page, link)), page.fallback
    except BuilderError as exc:
        if page.english is None or page.file == page.english.file:
            raise
        diag = render_error(page, exc)
        trace.report(Diagnostic(
            "warning", "translation-liquid",
            f"broken translation ({diag.message}); using the English page", diag.file, diag.line,
            "fix the translation; readers see English meanwhile"))
        english = page.english_standin(FALLBACK_LIQUID)
        return shell.page_html(renderer.render(english, link)), FALLBACK_LIQUID


def sitemap(site: Site, urls: list[str]) -> str:
    base = site.config.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{base}{u}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def iter_kind(outputs: list[Output], kind: str) -> Iterator[Output]:
    return (o for o in outputs if o.kind == kind)


__all__ = ["Output", "Rendered", "plan_outputs", "render_output", "render_page_output",
           "render_one", "sitemap", "page_urls", "PAGE", "REDIRECT", "STATIC"]
