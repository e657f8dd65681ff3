"""The strings the builder adds to pages, per language (``builder/strings/<lang>.yml``).

The content brings most UI text in its own ``data/ui.yml`` (per language, spec §8.3); what the
original site had no string for (the "Not in 2 versions" picker, the 404 suggestions, the copy
button, GraphQL reference sentences...) lives in our strings files, so a Japanese page shows
Japanese text and a language without a file (or a key missing from it) shows English.

Order of lookup for one key in language ``L`` (English ``en``):

1. the site's own override ``ui.shell.<key>`` in ``L``'s data;
2. our ``strings/L.yml``;
3. the site's override in English data; 4. our ``strings/en.yml``.

:func:`localized` picks between the content's own string and ours: the content's string in
``L`` wins unless it is only the English text copied into the translation (the corpus's
``ja-JP/data/ui.yml`` has ``learning_track_nav`` still in English), where our ``L`` string is the
better one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

STRINGS_DIR = Path(__file__).resolve().parent / "strings"
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=None)
def builder_strings(lang: str) -> Mapping[str, str]:
    """Our strings file of one language (empty when there is none).  A broken file is a
    builder bug, not a content error, so it raises."""
    path = STRINGS_DIR / f"{lang}.yml"
    if not path.is_file():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of key: string")
    return {str(k): str(v) for k, v in raw.items() if v is not None}


def _site_value(site_data: Mapping[str, Any], lang: str, dotted: str) -> str:
    tree: Any = site_data.get(lang) or {}
    for key in dotted.split("."):
        if not isinstance(tree, Mapping) or key not in tree:
            return ""
        tree = tree[key]
    return str(tree) if isinstance(tree, (str, int, float)) and tree != "" else ""


def builder_string(site_data: Mapping[str, Any], lang: str, key: str,
                   default_lang: str = DEFAULT_LANGUAGE) -> str:
    """One of our strings in ``lang`` (see the module docstring for the order), or ''."""
    for code in (lang, default_lang):
        value = (_site_value(site_data, code, f"ui.shell.{key}")
                 or builder_strings(code).get(key, ""))
        if value:
            return value
    return ""


def localized(site_data: Mapping[str, Any], lang: str, dotted: str, key: str,
              default_lang: str = DEFAULT_LANGUAGE) -> str:
    """The content's ``ui.<dotted>`` string in ``lang`` unless it is untranslated English and
    our strings have ``key`` in ``lang``; then ours; English content; English ours."""
    site_lang = _site_value(site_data, lang, f"ui.{dotted}")
    site_en = _site_value(site_data, default_lang, f"ui.{dotted}")
    ours_lang = builder_strings(lang).get(key, "") if key else ""
    if site_lang and (lang == default_lang or site_lang != site_en or not ours_lang):
        return site_lang
    if ours_lang:
        return ours_lang
    return site_en or (builder_string(site_data, default_lang, key, default_lang) if key else "")


def all_builder_strings(site_data: Mapping[str, Any], lang: str,
                        default_lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every key of our English file, resolved for ``lang`` (what templates get)."""
    return {key: builder_string(site_data, lang, key, default_lang)
            for key in builder_strings(default_lang)}


__all__ = ["builder_string", "builder_strings", "localized", "all_builder_strings",
           "STRINGS_DIR"]
