"""Redirect tables read from files named in the configuration (spec §9.1-9.2).

Two kinds (:class:`builder.config.RedirectFile`):

* ``external``: old path -> absolute URL of another site.  The original answered these before
  anything else (spec §9.1 step 3).
* ``legacy``: old path -> page URL (e.g. the former developer.github.com paths).  The original
  merged them into its table *before* the pages' own redirects, so a page's redirect wins a key
  both name; ``<plan>@latest`` in a value means the plan's latest supported release.

This module only reads and cleans the files; :mod:`builder.redirects` decides what is kept and
counts what is dropped, by reason, for the build summary.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from .config import RedirectFile, SiteConfig
from .errors import Diagnostic
from .versions import Versions

_ABSOLUTE = re.compile(r"https?://[^\s]+")

# reasons an entry is not kept (the build summary prints them)
SAME_AS_TARGET = "key equals its target"
NOT_A_PAGE = "target is not a page"
LANGUAGE_NOT_BUILT = "target's language is not built"
KEY_IS_PAGE = "key is a page (the page wins)"
REPLACED_BY_PAGE = "replaced by a page's redirect elsewhere"
SAME_AS_PAGE = "a page's redirect already (same target)"
REPLACED_BY_EXTERNAL = "replaced by an external redirect"
REPLACED_BY_LATER_FILE = "replaced by a later file"
NOT_ABSOLUTE = "target is not an absolute URL"
BAD_ENTRY = "not a path to a string"


@dataclass
class SourceCount:
    """What became of the entries of one source of redirects."""

    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)  # facts about entries, kept or not

    @property
    def total(self) -> int:
        return self.kept + sum(self.dropped.values())

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kept": self.kept,
                                  "dropped": {k: n for k, n in sorted(self.dropped.items()) if n}}
        if self.notes:
            out["notes"] = dict(self.notes)
        return out


@dataclass
class LoadedFile:
    spec: RedirectFile
    entries: dict[str, str]  # cleaned: keys and values without a trailing slash
    bad: int = 0  # entries that were not path -> string


def load_redirect_file(config: SiteConfig, spec: RedirectFile,
                       diagnostics: list[Diagnostic]) -> LoadedFile:
    """Read one file; a missing or broken file is an error naming it, and yields no entries."""
    path = config.source / spec.file
    where = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        diagnostics.append(Diagnostic("error", "redirect", f"redirect file {spec.file} not found",
                                      str(config.path or ""), 0,
                                      "fix the path in redirect_files (relative to the source)"))
        return LoadedFile(spec, {})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        diagnostics.append(Diagnostic("error", "redirect", f"redirect file is not JSON: {exc}",
                                      where, line, "fix the file: one object of path -> URL"))
        return LoadedFile(spec, {})
    if not isinstance(raw, dict):
        diagnostics.append(Diagnostic("error", "redirect", "redirect file must hold one object "
                                      "of old path -> new location", where, 1,
                                      'write {"/old/path": "/new/path", ...}'))
        return LoadedFile(spec, {})
    entries: dict[str, str] = {}
    bad: list[str] = []
    for key, value in raw.items():
        if not isinstance(value, str) or not key.startswith("/") or not value.strip():
            bad.append(key)
            continue
        clean_key = key.rstrip("/") or "/"
        value = value.strip()
        entries[clean_key] = value if _ABSOLUTE.fullmatch(value) else (value.rstrip("/") or "/")
    if bad:
        diagnostics.append(Diagnostic(
            "warning", "redirect", f"{len(bad)} entries are not '/path': 'location' and are "
            f"ignored, e.g. {bad[0]!r}", where, 0, "keys start with '/', values are strings"))
    return LoadedFile(spec, entries, len(bad))


def latest_substitutions(versions: Versions) -> list[tuple[re.Pattern[str], str]]:
    """``<plan>@latest`` -> ``<plan>@<newest release>`` for every numbered plan (spec §9.2)."""
    out = []
    for plan in versions.plans.values():
        if plan.numbered and plan.releases:
            out.append((re.compile(rf"(?<=/){re.escape(plan.id)}@latest(?=/|$)"),
                        f"{plan.id}@{plan.releases[0]}"))
    return out


def is_absolute(value: str) -> bool:
    return bool(_ABSOLUTE.fullmatch(value))
