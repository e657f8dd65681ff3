"""What a saved file changes: which source it is, how to re-read it, which caches to drop.

The preview keeps one loaded site for its whole life.  When a file is saved, :func:`classify`
says what it is (the configuration, a page of some language, a data file of some language, or
a Liquid partial, or nothing we render), :func:`builder.content.reload_page` re-reads one page
in every language exactly as the build reads it, and :func:`forget_files` drops
the renderer's parse caches of the files that changed.  :mod:`builder.preview.state` decides,
from these, which rendered pages to throw away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..config import Language, SiteConfig
from ..errors import Diagnostic


@dataclass(frozen=True)
class Source:
    """What a changed path is to the site."""

    kind: str  # "config", "page", "data", "include" (a Liquid partial) or "other"
    lang: str = ""
    relpath: str = ""  # pages: relative to the language's content folder


def classify(config: SiteConfig, config_path: Path, path: Path) -> Source:
    """The configuration, a page (``.md`` under a content folder), data, or other."""
    path = path.resolve()
    if path == config_path.resolve():
        return Source("config")
    best: tuple[int, Source] | None = None
    for lang in config.languages:
        for kind, folder in (("page", lang.content_dir), ("data", lang.data_dir)):
            root = (config.source / folder).resolve()
            if not path.is_relative_to(root):
                continue
            depth = len(root.parts)
            if best is None or depth > best[0]:
                best = (depth, Source(kind, lang.code, path.relative_to(root).as_posix()))
    includes = config.includes_path()
    if best is None and includes is not None and path.is_relative_to(includes):
        return Source("include", relpath=path.relative_to(includes).as_posix())
    if best is None:
        return Source("other")
    source = best[1]
    if source.kind == "page" and (not source.relpath.endswith(".md")
                                  or Path(source.relpath).name == "README.md"):
        return Source("other")
    return source


def watched_folders(config: SiteConfig, languages: list[Language]) -> list[Path]:
    """Every folder the configuration names that exists (content and data of every loaded
    language, includes, assets), without folders inside others."""
    codes = {lang.code for lang in languages}
    skipped = {(config.source / folder).resolve() for lang in config.languages
               if lang.code not in codes for folder in (lang.content_dir, lang.data_dir)}
    folders: list[Path] = []
    for path in (p.resolve() for p in config.input_paths() if p.is_dir()):
        if path in skipped or any(path.is_relative_to(f) for f in folders):
            continue
        folders = [f for f in folders if not f.is_relative_to(path)] + [path]
    return folders


# -- data files ------------------------------------------------------------------------------------


def check_data_file(path: Path) -> Diagnostic | None:
    """Parse one data file the way the data loader does; the problem, or None when it parses.

    The data loader leaves a file that does not parse out of ``site.data``; the preview shows
    the problem instead, so a writer editing a variables file sees why text went missing.
    """
    from ..site_data import load_yaml

    if path.suffix not in (".yml", ".yaml", ".json") or not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            json.loads(text)
        else:
            load_yaml(text)
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(exc, "lineno", 0)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Diagnostic("error", "data", f"cannot parse data file: {first}", str(path), line,
                          "fix the file's syntax; its keys are missing from site.data until then")
    return None


# -- the renderer's caches ------------------------------------------------------------------------

# The Renderer's per-file caches, keyed by tuples whose first item is the file path.
_FILE_CACHES = ("_templates", "_text_cache")
_OTHER_CACHES = ("_link_cache", "_toc_cache")


def can_forget(renderer: Any) -> bool:
    """True when the renderer's caches look as :func:`forget_files` expects."""
    if callable(getattr(renderer, "forget", None)):
        return True
    return all(isinstance(getattr(renderer, name, None), dict)
               for name in _FILE_CACHES + _OTHER_CACHES)


def forget_files(renderer: Any, files: set[str], index_relpaths: set[str],
                 links: bool) -> None:
    """Drop what the renderer parsed or rendered from ``files``.

    ``links``: also drop resolved link targets (titles and intros of other pages), needed when
    a page's frontmatter changed.  ``index_relpaths``: index pages whose TOC (map topic lists)
    must be read again.  Uses ``renderer.forget(files, index_relpaths, links)`` when the
    renderer offers it; until then it clears the renderer's caches by key (see the report).
    """
    hook = getattr(renderer, "forget", None)
    if callable(hook):
        hook(files, index_relpaths, links)
        return
    for name in _FILE_CACHES:
        cache: dict = getattr(renderer, name)
        for key in [k for k in cache if k[0] in files]:
            del cache[key]
    if links:
        renderer._link_cache.clear()
    for relpath in index_relpaths:
        renderer._toc_cache.pop(relpath, None)


__all__ = ["Source", "classify", "watched_folders", "check_data_file", "can_forget",
           "forget_files"]
