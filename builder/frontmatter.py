"""Frontmatter: split a page file, parse its YAML, validate it against the page schema.

Errors name the file and the line of the offending key, so a writer can jump straight to it.
The schema is the original's (spec §2.2): unknown keys are errors, ``title`` and ``versions``
are required, and each field has a type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from . import yaml12
from .errors import Diagnostic

LAYOUTS = ("default", "product-landing", "product-sublanding", "release-notes",
           "graphql-explorer", "enterprise-server-releases", "dev-toc", "error-404", "error-500")
TYPES = ("overview", "quick_start", "tutorial", "how_to", "reference")
PLATFORMS = ("mac", "windows", "linux")


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_list(v: Any) -> bool:
    return isinstance(v, list)


def _is_dict(v: Any) -> bool:
    return isinstance(v, dict)


def _str_or_list(v: Any) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))


def _versions(v: Any) -> bool:
    return v == "*" or isinstance(v, dict)


def _layout(v: Any) -> bool:
    return v is False or v in LAYOUTS


def _toc_level(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 2 <= v <= 4


def _featured(v: Any) -> bool:
    return isinstance(v, dict) and all(
        re.fullmatch(r"[a-zA-Z\-_]+", str(k)) and isinstance(x, list) for k, x in v.items())


def _changelog(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, dict) for x in v)


# field -> (check, expected type as a writer reads it)
SCHEMA: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (_is_str, "a string"),
    "shortTitle": (_is_str, "a string"),
    "intro": (_is_str, "a string"),
    "permissions": (_is_str, "a string"),
    "product": (_is_str, "a string"),
    "versions": (_versions, "'*' or a map of plan to version range"),
    "redirect_from": (_str_or_list, "a path or a list of paths"),
    "mapTopic": (_is_bool, "true or false"),
    "hidden": (_is_bool, "true or false"),
    "layout": (_layout, f"false or one of: {', '.join(LAYOUTS)}"),
    "showMiniToc": (_is_bool, "true or false"),
    "miniTocMaxHeadingLevel": (_toc_level, "a number from 2 to 4"),
    "allowTitleToDifferFromFilename": (_is_bool, "true or false"),
    "featuredLinks": (_featured, "a map of key to list of paths"),
    "introLinks": (_is_dict, "a map (quickstart, reference, overview)"),
    "changelog": (_changelog, "a list of {title, date, href}"),
    "product_video": (_is_str, "a URL"),
    "beta_product": (_is_bool, "true or false"),
    "learningTracks": (_is_list, "a list of track names"),
    "includeGuides": (_is_list, "a list of paths"),
    "type": (lambda v: v in TYPES, f"one of: {', '.join(TYPES)}"),
    "topics": (_is_list, "a list"),
    "authors": (_is_list, "a list of names"),
    "defaultPlatform": (lambda v: v in PLATFORMS, f"one of: {', '.join(PLATFORMS)}"),
    "contributor": (_is_dict, "a map {name, URL}"),
    "interactive": (_is_bool, "true or false"),
}
REQUIRED = ("title", "versions")

_FENCE = re.compile(r"^---[ \t]*\r?\n", re.M)


@dataclass
class ParsedFile:
    """A page file split into frontmatter and body, with what is needed to point at lines."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based file line where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def split(text: str) -> tuple[str | None, str, int]:
    """Return (frontmatter text or None, body, 1-based line where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        return None, text, 1
    m = _FENCE.search(text, first + 1)
    if not m:
        return None, text, 1
    fm = text[first + 1:m.start()]
    body = text[m.end():]
    body_line = text.count("\n", 0, m.end()) + 1
    return fm, body, body_line


def _key_lines(fm: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for i, line in enumerate(fm.split("\n")):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = i + 2  # +1 for 1-based, +1 for the opening ---
    return lines


def _yaml_error(exc: yaml.YAMLError, file: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 2 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    if "block mapping" in str(problem) or "could not find expected ':'" in str(problem):
        problem = f"invalid frontmatter entry ({problem})"
    return Diagnostic("error", "frontmatter", f"YAML parsing error: {problem}", file, line,
                      "quote values that contain ':' or an apostrophe, e.g. intro: \"It's ...\"")


def parse(text: str, file: str, translated: bool = False,
          load_yaml: Callable[[str], Any] | None = None) -> ParsedFile:
    """Parse and validate one page file; problems are returned as diagnostics, never raised.
    ``load_yaml`` parses the frontmatter (the build passes its parse cache's)."""
    text = text.replace("] (", "]&nbsp;(")
    if translated:
        text = text.replace(": verdadero", ": true", 1)
    fm, body, body_line = split(text)
    if fm is None:
        diag = Diagnostic("error", "frontmatter", "the file has no frontmatter", file, 1,
                          "start the file with a '---' line, then title: and versions:, then '---'")
        return ParsedFile({}, body, body_line, {}, [diag])
    key_lines = _key_lines(fm)
    try:
        data = (load_yaml or yaml12.load)(fm) if fm.strip() else {}
    except yaml.YAMLError as exc:
        return ParsedFile({}, body, body_line, key_lines, [_yaml_error(exc, file)])
    if not isinstance(data, dict):
        diag = Diagnostic("error", "frontmatter", "frontmatter must be a map of keys to values",
                          file, 2)
        return ParsedFile({}, body, body_line, key_lines, [diag])
    return ParsedFile(data, body, body_line, key_lines, validate(data, file, key_lines))


def validate(data: dict[str, Any], file: str, key_lines: dict[str, int]) -> list[Diagnostic]:
    """Check keys, required fields and types; one diagnostic per problem."""
    diags = []
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            diags.append(Diagnostic("error", "frontmatter", f"`{key}` is required", file, 2,
                                    f"add a `{key}:` line to the frontmatter"))
    for key, value in data.items():
        line = key_lines.get(key, 2)
        if key not in SCHEMA:
            diags.append(Diagnostic(
                "error", "frontmatter", f"unknown frontmatter key `{key}`", file, line,
                "allowed keys: " + ", ".join(SCHEMA)))
            continue
        check, expected = SCHEMA[key]
        if value is not None and not check(value):
            diags.append(Diagnostic("error", "frontmatter",
                                    f"`{key}` must be {expected}, not {value!r}", file, line))
    return diags
