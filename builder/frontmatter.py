"""Frontmatter: split a page file, parse its YAML, validate it against the page schema.

Errors name the file and the line of the offending key, so a writer can jump straight to it.
The built-in schema is the original's (spec §2.2): ``title`` and ``versions`` are required, and
each field has a type.  A site extends it in its configuration (:class:`Schema`: extra keys with
a type, older names of keys).  An unknown key is a warning, not an error: the key is ignored and
the page still loads, because dropping a page for a key it merely also carries takes its whole
product (or category) down with it and buries the one real cause under a cascade of errors.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

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

# the kind of an unknown-key diagnostic: a warning (an error with --strict) that never stops
# the page from loading (see ParsedFile.ok)
UNKNOWN_KEY = "frontmatter-key"

# Types a site may give its own frontmatter keys in the configuration (``frontmatter.keys``):
# type name -> (check, expected type as a writer reads it)
EXTRA_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "string": (_is_str, "a string"),
    "boolean": (_is_bool, "true or false"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "list": (_is_list, "a list"),
    "list of strings": (lambda v: _is_list(v) and all(isinstance(x, str) for x in v),
                        "a list of strings"),
    "string or list of strings": (_str_or_list, "a string or a list of strings"),
    "map": (_is_dict, "a map"),
    "any": (lambda v: True, "anything"),
}

# Older names of built-in keys that sites of this format used before the current one (the
# product landing pages' link lists became ``featuredLinks`` sub-lists).  Only used to give an
# unknown key a useful hint; a site that still writes them declares them as aliases.
FORMER_NAMES = {
    "gettingStartedLinks": "featuredLinks.gettingStarted",
    "guideLinks": "featuredLinks.guides",
    "popularLinks": "featuredLinks.popular",
}


@dataclass(frozen=True)
class Schema:
    """The frontmatter keys a site's pages may carry.

    ``fields``: key -> (check, expected type); ``aliases``: a deprecated key -> the key it is
    read as, either ``key`` or ``key.subkey`` (a list under a map key, as ``featuredLinks``'s)."""

    fields: Mapping[str, tuple[Callable[[Any], bool], str]]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def suggestion(self, key: str) -> str:
        """The closest known key to an unknown one (case and ``_``/``-`` aside), or ""."""
        if key in FORMER_NAMES:
            return FORMER_NAMES[key]
        known = {k.lower().replace("_", "").replace("-", ""): k
                 for k in list(self.fields) + list(self.aliases)}
        folded = key.lower().replace("_", "").replace("-", "")
        if folded in known:
            return known[folded]
        close = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.75)
        return known[close[0]] if close else ""


DEFAULT_SCHEMA = Schema(SCHEMA)


def site_schema(extra_keys: Mapping[str, str],
                aliases: Mapping[str, str]) -> tuple[Schema, list[str]]:
    """The schema of a site: the built-in keys, its ``extra_keys`` (key -> type name from
    :data:`EXTRA_TYPES`) and its ``aliases`` (old key -> key or key.subkey).  Returns the schema
    and the configuration problems found (each naming the entry)."""
    problems = []
    fields = dict(SCHEMA)
    for key, type_name in extra_keys.items():
        if key in SCHEMA:
            problems.append(f"frontmatter.keys.{key}: `{key}` is a built-in key; it cannot be "
                            "redeclared")
        elif str(type_name) not in EXTRA_TYPES:
            problems.append(f"frontmatter.keys.{key}: unknown type {type_name!r} (types: "
                            f"{', '.join(EXTRA_TYPES)})")
        else:
            fields[key] = EXTRA_TYPES[str(type_name)]
    for old, target in aliases.items():
        key = str(target).split(".", 1)[0]
        if old in fields:
            problems.append(f"frontmatter.aliases.{old}: `{old}` is itself a key; an alias "
                            "must be a name the schema does not have")
        elif key not in fields:
            problems.append(f"frontmatter.aliases.{old}: target `{target}` is not a "
                            "frontmatter key")
        elif "." in str(target) and not fields[key][0]({}):
            problems.append(f"frontmatter.aliases.{old}: `{key}` is not a map, so "
                            f"`{target}` cannot name a part of it")
    return Schema(fields, {str(k): str(v) for k, v in aliases.items()}), problems

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
        """Whether the page is usable: an unknown key (ignored) never makes it unusable."""
        return not any(d.severity == "error" and d.kind != UNKNOWN_KEY for d in self.diagnostics)


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
          load_yaml: Callable[[str], Any] | None = None,
          schema: Schema = DEFAULT_SCHEMA) -> ParsedFile:
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
    diags = apply_aliases(data, key_lines, schema, file)
    return ParsedFile(data, body, body_line, key_lines,
                      diags + validate(data, file, key_lines, schema))


def apply_aliases(data: dict[str, Any], key_lines: dict[str, int], schema: Schema,
                  file: str) -> list[Diagnostic]:
    """Read each deprecated key the site declared as the key it stands for (in place).  When
    the page also has the new key, the new one wins and the old one is reported."""
    diags = []
    for old, target in schema.aliases.items():
        if old not in data:
            continue
        value = data.pop(old)
        key, _, sub = target.partition(".")
        line = key_lines.get(old, 2)
        if sub and data.get(key) is None:
            data[key] = {}
        holder = data[key] if sub else data
        if not isinstance(holder, dict) or (sub or key) in holder:
            diags.append(Diagnostic(
                "warning", "frontmatter-alias",
                f"`{old}` (an older name of `{target}`) is ignored: the page also has `{target}`",
                file, line, f"remove `{old}`"))
            continue
        holder[sub or key] = value
        key_lines.setdefault(key, line)
    return diags


def unknown_key(key: str, file: str, line: int, schema: Schema) -> Diagnostic:
    """The warning for a key the schema does not know, with the closest known key."""
    closest = schema.suggestion(key)
    if closest in FORMER_NAMES.values() and key in FORMER_NAMES:
        head, _, sub = closest.partition(".")
        hint = (f"`{key}` is an older name of `{closest}`: write it as `{head}:` with a "
                f"`{sub}:` list, or declare `{key}: {closest}` under frontmatter.aliases in the "
                "configuration")
    elif closest:
        hint = (f"did you mean `{closest}`? (or declare `{key}` under frontmatter.keys in the "
                "configuration)")
    else:
        hint = f"remove it, or declare `{key}` under frontmatter.keys in the configuration"
    return Diagnostic("warning", UNKNOWN_KEY, f"unknown frontmatter key `{key}` (ignored)",
                      file, line, hint)


def validate(data: dict[str, Any], file: str, key_lines: dict[str, int],
             schema: Schema = DEFAULT_SCHEMA) -> list[Diagnostic]:
    """Check keys, required fields and types; one diagnostic per problem.  Unknown keys are
    removed from ``data`` (the page loads without them) and reported as warnings."""
    diags = []
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            typo = next((k for k in data if k not in schema.fields
                         and schema.suggestion(str(k)) == key), None)
            line, hint = ((key_lines.get(typo, 2), f"`{typo}` should be spelled `{key}`")
                          if typo else (2, f"add a `{key}:` line to the frontmatter"))
            diags.append(Diagnostic("error", "frontmatter", f"`{key}` is required", file, line,
                                    hint))
    for key, value in list(data.items()):
        line = key_lines.get(key, 2)
        if key not in schema.fields:
            diags.append(unknown_key(str(key), file, line, schema))
            del data[key]
            continue
        check, expected = schema.fields[key]
        if value is not None and not check(value):
            diags.append(Diagnostic("error", "frontmatter",
                                    f"`{key}` must be {expected}, not {value!r}", file, line))
    return diags
