"""Reading a source file without ever raising: bad bytes, links and sizes become diagnostics.

Writers' trees hold files saved by every editor on every system: Latin-1 instead of UTF-8, a
byte-order mark, a symlink pointing at itself, a folder called ``page.md``, a 50 MB paste.  Each
must be named with its file and line and what to do, and none may stop the other pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic

MAX_PAGE_BYTES = 10 * 1024 * 1024  # far above any real page (the corpus's largest is ~1 MB)
BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """A file's text (None when there is none to use) and what was wrong with reading it."""

    text: str | None
    problem: Diagnostic | None = None


def read_source(path: Path, kind: str = "file") -> SourceText:
    """The UTF-8 text of a page file, or a diagnostic saying why it cannot be used.

    A missing file is not a problem here (a translation may simply not exist): text is None.
    A leading byte-order mark is dropped with a warning (YAML would read it as part of ``---``)."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return SourceText(None, Diagnostic(
                "error", kind, f"the file is {size / 1024 / 1024:.1f} MB; pages over "
                f"{MAX_PAGE_BYTES // 1024 // 1024} MB are not built", str(path), 1,
                "split it into several pages, or move generated data out of content/"))
        raw = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            return SourceText(None, Diagnostic("error", kind, "the file is a symbolic link to "
                                               f"a missing file ({os.readlink(path)})", str(path),
                                               1, "fix or remove the link"))
        return SourceText(None)
    except IsADirectoryError:
        return SourceText(None, Diagnostic("error", kind, "a folder is named like a page file",
                                           str(path), 0, "rename the folder (pages are files)"))
    except OSError as exc:
        return SourceText(None, Diagnostic("error", kind, f"cannot read the file: "
                                           f"{exc.strerror or exc}", str(path), 1,
                                           "a symbolic link that points at itself or a loop of "
                                           "links: fix or remove it" if exc.errno == 40 else
                                           "check the file's permissions"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return SourceText(None, Diagnostic(
            "error", kind, f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} at line {line} "
            "cannot be decoded", str(path), line,
            "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"))
    if not text.strip(BOM + " \t\r\n"):
        return SourceText(None, Diagnostic("error", kind, "the file is empty", str(path), 1,
                                           "write its frontmatter (title, versions), or delete "
                                           "the file"))
    if text.startswith(BOM):
        return SourceText(text[1:], Diagnostic(
            "warning", kind, "the file starts with a UTF-8 byte-order mark; it is ignored",
            str(path), 1, "save the file as UTF-8 without BOM"))
    return SourceText(text)


def folders_named_like_pages(root: str, dirs: list[str]) -> list[Diagnostic]:
    """Folders called ``*.md`` met while listing pages: a writer meant a page there."""
    return [Diagnostic("warning", "content", "a folder is named like a page file; it is not "
                       "read as a page", str(Path(root, d)), 0,
                       "rename the folder, or put the page in it as index.md")
            for d in dirs if d.endswith(".md")]
