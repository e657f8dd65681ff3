"""The site model: everything loaded and assembled once, before anything is rendered.

    configuration -> versions -> content (every page file, parsed once) -> data -> redirects
        -> navigation (every language and version) -> digests of every input

Rendering reads the model and never changes it (:mod:`builder.outputs`).  The build, the
preview server and the checker all start here.  The digests name every input a render can read
(see :mod:`builder.trace`): ``file:<path>``, ``meta:<path>``, ``nav:<lang>/<version>``,
``data-all:<lang>`` and ``site`` (what every output depends on: the builder itself, the
configuration, templates and includes, the list of pages and their versions, the redirect
table, and the data the page shell reads directly).  The build cache keeps each output's
input digests; an output is fresh while they are all unchanged.
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .config import SiteConfig
from .content import Content, digest, load_content
from .errors import Diagnostic, Report
from .versions import Versions

SITE = "site"  # the input every output reads
SHELL_FILES = ("enterprise-dates.json",)  # top-level source files the page shell reads


@dataclass
class Site:
    """One loaded and assembled site.  Rendering reads it and never changes it."""

    config: SiteConfig
    versions: Versions
    content: Content
    data: dict[str, dict[str, Any]]
    redirects: Any = None
    # per language: data-key -> file maps, translated first, then English
    data_sources: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # per translated language: English data values shown for want of a translated one
    data_fallbacks: dict[str, int] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)  # codes to write; empty: all
    nav: Any = None  # builder.nav.Navigation, every tree assembled
    digests: dict[str, str] = field(default_factory=dict)  # input name -> digest
    schema_store: Any = None  # builder.graphql_reference.SchemaStore: parsed schemas on disk

    def writes(self, lang: str) -> bool:
        """Whether this build writes the pages of ``lang`` (English is loaded regardless)."""
        return not self.languages or lang in self.languages

    def fresh(self, inputs: Mapping[str, str]) -> bool:
        """Whether every input still has the digest it had when an output was rendered."""
        digests = self.digests
        return all(digests.get(name) == value for name, value in inputs.items())

    def digests_of(self, names: Iterable[str]) -> dict[str, str]:
        """The current digest of each input name ("" for one that no longer exists)."""
        return {name: self.digests.get(name, "") for name in sorted(names)}


# -- loading ------------------------------------------------------------------------------------


def load_site_data(config: SiteConfig, report: Report,
                   sources: dict[str, list[dict[str, str]]] | None = None,
                   fallbacks: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """Site data per language: English, then each translation overlaid key by key (spec §8.3).

    ``sources``, when given, is filled with each language's data-key -> file maps;
    ``fallbacks`` with each translation's count of values that stay English."""
    from .site_data import count_untranslated, load_data_dir, overlay

    english_lang = config.default_language
    diags: list[Diagnostic] = []
    english, english_sources = load_data_dir(config.source / english_lang.data_dir,
                                             diagnostics=diags)
    data = {english_lang.code: english}
    found = {english_lang.code: [english_sources]}
    for lang in config.languages[1:]:
        folder = config.source / lang.data_dir
        if folder.is_dir():
            # a broken translated data file falls back to English: a warning, not an error
            translated, lang_sources = load_data_dir(folder, diagnostics=diags,
                                                     severity="warning")
            data[lang.code] = overlay(english, translated)
            found[lang.code] = [lang_sources, english_sources]
        else:
            data[lang.code] = english
            found[lang.code] = [english_sources]
            translated = {}
        if fallbacks is not None:
            fallbacks[lang.code] = count_untranslated(english, translated)
    if sources is not None:
        sources.update(found)
    report.extend(diags)
    return data


def load_site(config: SiteConfig, report: Report, languages: list[str] | None = None,
              assemble: bool = True, parse_cache: Any = None) -> Site:
    """Load everything and (``assemble``) build the navigation and the input digests.

    The preview server loads without assembling: it builds trees lazily, on first use.
    ``parse_cache`` (a :class:`builder.cache.ParseCache`) reuses what earlier builds parsed."""
    versions = Versions(config)
    langs = [lang for lang in config.languages if not languages or lang.code in languages]
    content = load_content(config, versions, langs,
                           parse_cache.load_yaml if parse_cache is not None else None)
    report.extend(content.diagnostics)
    data_sources: dict[str, list[dict[str, str]]] = {}
    data_fallbacks: dict[str, int] = {}
    data = load_site_data(config, report, data_sources, data_fallbacks)
    site = Site(config, versions, content, data, data_sources=data_sources,
                data_fallbacks=data_fallbacks, languages=[lang.code for lang in langs])
    from .redirects import build_redirects

    if parse_cache is not None:
        site.redirects = parse_cache.redirects(
            _redirects_key(site), lambda: build_redirects(content, config, versions))
    else:
        site.redirects = build_redirects(content, config, versions)
    report.extend(site.redirects.diagnostics)
    if assemble:
        assemble_site(site)
    return site


def _redirects_key(site: Site) -> str:
    """Digest of what the redirect table is built from: the configuration, and every page's
    file, URLs and ``redirect_from`` (its English page's too)."""
    parts = [code_digest(), site.config.fingerprint()]
    for key in sorted(site.content.pages):
        page = site.content.pages[key]
        english = page.english.data.get("redirect_from") if page.english is not None else None
        parts.append(f"{key}|{page.file}|{[p.href for p in page.permalinks]}|"
                     f"{page.data.get('redirect_from')!r}|{english!r}")
    parts.append(repr(sorted(site.content.by_href)))
    parts += [_read_digest(str(site.config.source / spec.file))
              for spec in site.config.redirect_files]  # redirect tables from files
    return digest("\n".join(parts))


def assemble_site(site: Site) -> None:
    """Navigation for every language and version, and the digest of every input."""
    from .nav import Navigation
    from .render import Renderer

    renderer = Renderer(site.config, site.versions, site.content, site.data,
                        site.redirects.lookup, site.data_sources)
    site.nav = Navigation(site.config, site.versions, site.content, renderer.nav_title,
                          site.data, renderer.find_page)
    langs = [lang.code for lang in site.config.languages
             if any(key[0] == lang.code for key in site.content.pages)]
    digests = dict(site.content.digests)
    digests.update(site.nav.assemble(langs))
    digests.update(_data_digests(site))
    digests[SITE] = _site_digest(site, digests)
    site.digests = digests


class Pipeline:
    """The renderer and page shell of one process for one site (they hold parse and memo
    caches, so each worker process makes its own; see :mod:`builder.trace`)."""

    def __init__(self, site: Site):
        from .render import Renderer
        from .shell import Shell

        self.site = site
        self.renderer = Renderer(site.config, site.versions, site.content, site.data,
                                 site.redirects.lookup, site.data_sources, site.schema_store)
        nav = None
        if site.nav is not None:  # the assembled trees, titled by this process's renderer
            nav = copy.copy(site.nav)
            nav.title_fn, nav.find_page = self.renderer.nav_title, self.renderer.find_page
        self.shell = Shell(site.config, site.versions, site.content, self.renderer, site.data,
                           nav)


# -- digests ------------------------------------------------------------------------------------


def _read_digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return ""


def _data_digests(site: Site) -> dict[str, str]:
    """``file:<path>`` of every data file, and ``data-all:<lang>`` of each language's data."""
    out: dict[str, str] = {}
    for lang, source_maps in site.data_sources.items():
        parts = []
        for sources in source_maps:
            for key in sorted(sources):
                path = sources[key]
                name = f"file:{path}"
                if name not in out:
                    out[name] = _read_digest(path)
                parts.append(f"{key}={out[name]}")
        out[f"data-all:{lang}"] = digest("\n".join(parts))
    return out


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The builder's own code, templates and static files: a new builder renders anew."""
    root = Path(__file__).parent
    parts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            parts.append(f"{os.path.relpath(path, root)}={_read_digest(path)}")
    return digest("\n".join(parts))


def _folder_digest(folder: Path | None) -> str:
    if folder is None or not folder.is_dir():
        return ""
    parts = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            parts.append(f"{os.path.relpath(path, folder)}={_read_digest(path)}")
    return digest("\n".join(parts))


def _site_digest(site: Site, digests: Mapping[str, str]) -> str:
    """What every output depends on (see the module docstring)."""
    from .build_date import build_date

    config = site.config
    parts = [code_digest(), config.fingerprint(), build_date(config).isoformat()]
    if config.path is not None:
        parts.append(_read_digest(str(config.path)))
    parts.append(_folder_digest(config.includes_path()))
    # GraphQL schemas and their previews (read by the reference pages, not as site.data)
    parts.append(_folder_digest(config.source / config.default_language.data_dir / "graphql"))
    for name in SHELL_FILES:  # source files the page shell reads itself
        parts.append(f"{name}={_read_digest(str(config.source / name))}")
    for key in sorted(site.content.pages):
        page = site.content.pages[key]
        standin = page.standin.file if page.standin is not None else ""
        parts.append(f"{key}|{page.file}|{page.fallback}|{page.version_ids}|"
                     f"{sorted(page.untranslated)}|{standin}")
    parts.append(_redirects_key(site))  # the table is a function of these inputs
    # the data files there are, and those the page shell reads directly (UI strings, products,
    # learning tracks, release notes): reusables and variables are read through traced tags
    for lang, source_maps in site.data_sources.items():
        for sources in source_maps:
            for key in sorted(sources):
                shared = not key.startswith(("reusables.", "variables."))
                parts.append(f"{lang}:{key}" + (f"={digests[f'file:{sources[key]}']}"
                                                if shared else ""))
    return digest("\n".join(parts))


__all__ = ["Site", "Pipeline", "load_site", "load_site_data", "assemble_site", "SITE",
           "code_digest"]
