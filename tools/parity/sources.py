"""What the rules may know besides the two pages: the corpus sources and the English goldens.

A rule never takes an expected value from our built page.  When it needs to know what a
difference should look like, it reads it here: the English golden record of the same page and
version (the original's own output), the page's frontmatter, a data value, or the source of a
snippet.  Everything is read with plain YAML and text functions, not with the builder.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import yaml

from .extract import Extract, from_reference, norm_text

_FRONTMATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_LIQUID = re.compile(r"{%.*?%}|{{.*?}}")
_IDR_TAG = re.compile(r"{%-?\s*indented_data_reference\s+site\.data\.([\w.-]+)")
_DATA_TAG = re.compile(r"{%-?\s*data\s+([\w.-]+)\s*-?%}")
_MARKS = re.compile(r"[*_`]|\]\([^)]*\)|[\[\]]")
TRANSLATIONS = {"ja": "translations/ja-JP"}


def move_to_language(href: str, lang: str) -> str:
    """An English site link (``/en``, ``/en/...``) as the same link in ``lang``."""
    if href == "/en" or href.startswith("/en/"):
        return f"/{lang}{href[3:]}"
    return href


@functools.lru_cache(maxsize=4)
def _english_records(reference: str) -> dict[str, dict]:
    path = Path(reference) / "pages-en.jsonl"
    if not path.is_file():
        return {}
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip())
    return {r["url"]: r for r in records}


@functools.lru_cache(maxsize=512)
def _english_facts(reference: str, url: str) -> Extract | None:
    rec = _english_records(reference).get(url)
    if rec is None or rec.get("status") != 200:
        return None
    return from_reference(rec)


def english_counterpart(rec: dict) -> Extract | None:
    """The facts of the English golden record of a translated record's page and version, or
    None (an English record; no corpus known; no such golden record)."""
    lang = rec.get("lang") or "en"
    corpus = rec.get("_corpus")
    if lang == "en" or not corpus or not rec["url"].startswith(f"/{lang}"):
        return None
    return _english_facts(str(Path(corpus) / "reference"), "/en" + rec["url"][len(lang) + 1:])


@functools.lru_cache(maxsize=1024)
def frontmatter(path: Path) -> dict:
    """The YAML frontmatter of a Markdown file ({} when absent or unreadable)."""
    if not path.is_file():
        return {}
    match = _FRONTMATTER.match(path.read_text(encoding="utf-8"))
    try:
        data = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def page_sources(rec: dict) -> list[Path]:
    """The record's page source files: the translation (when the record is translated and the
    original did not fall back to English), then the English file."""
    corpus = rec.get("_corpus")
    if not corpus or not rec.get("content_path"):
        return []
    root = Path(corpus)
    files = [root / rec["content_path"]]
    translated = TRANSLATIONS.get(rec.get("lang") or "en")
    if translated and not rec.get("ja_fallback_to_en"):
        files.insert(0, root / translated / rec["content_path"])
    return [f for f in files if f.is_file()]


def content_file(corpus: Path, href: str, lang: str) -> Path | None:
    """The English ``content/`` file of a site URL (``/<lang>[/<version>]/<path>``), or None."""
    parts = [p for p in href.split("#", 1)[0].split("/") if p]
    if not parts or parts[0] != lang:
        return None
    parts = parts[1:]
    if parts and "@" in parts[0]:
        parts = parts[1:]
    base = corpus.joinpath("content", *parts)
    for candidate in (base.with_suffix(".md"), base / "index.md"):
        if parts and candidate.is_file():
            return candidate
    return None


def page_titles(corpus: Path, href: str, lang: str) -> set[str]:
    """The titles the source gives the page at ``href`` in ``lang``: title and shortTitle of the
    translation, or of the English file where the translation lacks the page; no Liquid is
    rendered."""
    english = content_file(corpus, href, lang)
    if english is None:
        return set()
    source = english
    if lang in TRANSLATIONS:
        translated = corpus / TRANSLATIONS[lang] / english.relative_to(corpus)
        source = translated if translated.is_file() else english
    fm = frontmatter(source)
    return {norm_text(str(fm[key])) for key in ("title", "shortTitle") if fm.get(key)}


def data_dirs(rec: dict) -> list[Path]:
    """The data folders a record's page reads, the translation's first."""
    corpus = rec.get("_corpus")
    if not corpus:
        return []
    root = Path(corpus)
    dirs = [root / "data"]
    translated = TRANSLATIONS.get(rec.get("lang") or "en")
    if translated and not rec.get("ja_fallback_to_en"):
        dirs.insert(0, root / translated / "data")
    return dirs


@functools.lru_cache(maxsize=256)
def _yaml_file(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None


def data_value(key: str, dirs: tuple[Path, ...]) -> str | None:
    """The plain value of a ``{% data key %}`` variable (``variables.product.prodname_pages``)
    from the first data folder that has it; None when absent or when it holds Liquid (a value
    that depends on the version cannot be told from the source alone)."""
    parts = key.split(".")
    for root in dirs:
        for n in range(1, len(parts)):
            path = root.joinpath(*parts[:n]).with_suffix(".yml")
            if not path.is_file():
                continue
            value = _yaml_file(path)
            for part in parts[n:]:
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str):
                return None if _LIQUID.search(value) else norm_text(value)
    return None


@functools.lru_cache(maxsize=None)
def snippet_data_tags(page: Path, dirs: tuple[Path, ...]) -> tuple[tuple[str, str, str], ...]:
    """(words before, data key, words after) each ``{% data %}`` tag of the snippets the page
    includes with ``{% indented_data_reference %}``: up to three words of the source line on
    each side, Markdown marks and other Liquid removed."""
    found = []
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    for key in dict.fromkeys(_IDR_TAG.findall(text)):
        snippet = next((d.joinpath(*key.split(".")).with_suffix(".md") for d in dirs
                        if d.joinpath(*key.split(".")).with_suffix(".md").is_file()), None)
        if snippet is None:
            continue
        for line in snippet.read_text(encoding="utf-8").splitlines():
            for m in _DATA_TAG.finditer(line):
                before = _LIQUID.split(line[:m.start()])[-1]
                after = _LIQUID.split(line[m.end():])[0]
                b = norm_text(_MARKS.sub("", before)).split()[-3:]
                a = norm_text(_MARKS.sub("", after)).split()[:3]
                if b and a:
                    found.append((" ".join(b), m.group(1), " ".join(a)))
    return tuple(found)
