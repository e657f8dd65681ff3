"""Site data: the ``data/`` tree as the nested mapping that templates see as ``site.data``.

The original renderer (spec §1.1, §5.5) turns every data file into a key built from its path:
``data/reusables/foo/bar.md`` is ``reusables.foo.bar`` (the whole file, right-trimmed) and
``data/variables/product.yml`` nests its own YAML keys under ``variables.product``.  Translated
data is overlaid on English per leaf key (spec §8.3), so a missing or empty translation shows
the English text.

YAML is read with YAML 1.2 booleans (spec §2.1): PyYAML's YAML 1.1 resolver would turn
``data/ui.yml``'s ``yes: Yes`` into ``True: True``.  :data:`YAML_LOADER` and :func:`load_yaml`
are :mod:`builder.yaml12`'s, the loader the frontmatter parser uses, so both agree.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import yaml12
from .errors import Diagnostic

# -- YAML 1.2 booleans ----------------------------------------------------------------------------

# One loader for data and frontmatter (builder.yaml12): only true/false are booleans, so
# ``yes``/``no``/``on``/``off`` stay strings as they did under js-yaml 3.
YAML_LOADER = yaml12.Loader


def load_yaml(text: str) -> Any:
    """Parse YAML text the way the original did (js-yaml 3 ``safeLoad``, YAML 1.2 booleans)."""
    return yaml12.load(text)


# -- reading the data tree ------------------------------------------------------------------------

DATA_EXTENSIONS = (".yml", ".yaml", ".json", ".md", ".markdown")
DEFAULT_SKIP_DIRS = ("graphql",)  # 4 MB of schema that no page renders through site.data


def encode_bracketed_parentheses(text: str) -> str:
    """``] (`` -> ``]&nbsp;(`` (spec §2.1): the legacy Markdown parser read ``[x] (y)`` as a link."""
    return text.replace("] (", "]&nbsp;(")


def _data_files(data_dir: Path, skip_dirs: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Yield (path relative to data_dir with '/' separators, absolute path) of every data file.

    os.scandir is used rather than Path.rglob: it is several times faster on ~1,600 files.
    """
    skip = set(skip_dirs)
    stack = [("", str(data_dir))]
    while stack:
        rel_dir, abs_dir = stack.pop()
        with os.scandir(abs_dir) as entries:
            for entry in entries:
                rel = f"{rel_dir}{entry.name}"
                if entry.is_dir():
                    if not (rel_dir == "" and entry.name in skip):
                        stack.append((rel + "/", entry.path))
                elif entry.name != "README.md" and entry.name.endswith(DATA_EXTENSIONS):
                    yield rel, entry.path


def filename_to_key(rel_path: str) -> str:
    """``reusables/foo/bar.md`` -> ``reusables.foo.bar`` (lib/filename-to-key.js)."""
    stem, _, _ = rel_path.rpartition(".")
    return stem.strip("/").replace("/", ".").replace("\\", ".")


def _parse_file(rel: str, text: str) -> Any:
    """Parse one data file's text according to its extension (raises on bad YAML/JSON)."""
    text = encode_bracketed_parentheses(text.rstrip())
    if rel.endswith((".md", ".markdown")):
        return text
    if rel.endswith(".json"):
        return json.loads(text)
    return load_yaml(text)


def _problem(path: str, exc: Exception, severity: str) -> Diagnostic:
    """A Diagnostic for a data file that could not be parsed, with its line when known."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else getattr(exc, "lineno", 0)
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Diagnostic(severity, "data", f"cannot parse data file: {first}", path, line,
                      "fix the file's syntax; its keys are left out of site.data until then")


def _insert(tree: dict, key: str, value: Any) -> None:
    """Put value at a dotted key, merging with what a directory of the same name put there."""
    *parents, leaf = key.split(".")
    node = tree
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    if isinstance(value, dict) and isinstance(node.get(leaf), dict):
        node[leaf].update(value)
    else:
        node[leaf] = value


def load_data_dir(
    data_dir: Path,
    *,
    skip_dirs: Iterable[str] = DEFAULT_SKIP_DIRS,
    diagnostics: list[Diagnostic] | None = None,
    severity: str = "error",
) -> tuple[dict, dict[str, str]]:
    """Load a data directory into ``(site_data, sources)``.

    ``sources`` maps each file's key (``reusables.foo.bar``, ``variables.product``) to its path,
    so errors in a data value can name the file (see :func:`source_for`).  A file that does not
    parse is left out and reported in ``diagnostics`` (with ``severity``) rather than aborting
    the build; in a translation the English value then shows through :func:`overlay`.
    """
    tree: dict = {}
    sources: dict[str, str] = {}
    if not Path(data_dir).is_dir():
        return tree, sources
    for rel, path in sorted(_data_files(Path(data_dir), skip_dirs)):
        try:
            with open(path, encoding="utf-8") as handle:
                value = _parse_file(rel, handle.read())
        except (yaml.YAMLError, ValueError, UnicodeDecodeError, OSError) as exc:
            if diagnostics is not None:
                diagnostics.append(_problem(path, exc, severity))
            continue
        key = filename_to_key(rel)
        _insert(tree, key, value)
        sources[key] = path
    return tree, sources


def source_for(key: str, sources: dict[str, str]) -> str:
    """The file a dotted data key comes from: the longest key prefix that names a file."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = sources.get(".".join(parts[:end]))
        if found:
            return found
    return ""


# -- translations ---------------------------------------------------------------------------------


def _js_truthy(value: Any) -> bool:
    """JavaScript truthiness: the overlay keeps a translated value only when it is truthy."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0 and value == value  # 0 and NaN are falsy
    return True


def overlay(english: Any, translated: Any) -> Any:
    """Overlay translated data on English per leaf key (spec §8.3).

    Every leaf of the English tree (list indices included) takes the translated value at the
    same path when that is truthy, else keeps English.  Keys only in the translation are
    dropped, so a translation can never add data that English lacks.
    """
    if isinstance(english, dict):
        other = translated if isinstance(translated, dict) else {}
        return {key: overlay(value, other.get(key)) for key, value in english.items()}
    if isinstance(english, list):
        other = translated if isinstance(translated, list) else []
        return [overlay(value, other[i] if i < len(other) else None)
                for i, value in enumerate(english)]
    return translated if _js_truthy(translated) else english


def count_untranslated(english: Any, translated: Any) -> int:
    """How many leaves of the English data :func:`overlay` keeps English (no truthy
    translated value at the same path): the data a translation shows in English."""
    if isinstance(english, dict):
        other = translated if isinstance(translated, dict) else {}
        return sum(count_untranslated(value, other.get(key)) for key, value in english.items())
    if isinstance(english, list):
        other = translated if isinstance(translated, list) else []
        return sum(count_untranslated(value, other[i] if i < len(other) else None)
                   for i, value in enumerate(english))
    return 0 if _js_truthy(translated) or not _js_truthy(english) else 1
