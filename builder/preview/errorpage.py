"""The page a writer sees when the page being written cannot be rendered.

It names every problem as ``file:line``, with the message, the hint and the lines around the
spot, so the writer can fix the file without looking at the terminal.  The preview injects its
reload script into this page like into any other, so fixing the file brings the page back.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..errors import Diagnostic

_STYLE = """
body{font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;
margin:0;background:#fff;color:#24292e}
header{background:#cb2431;color:#fff;padding:16px 32px}
header h1{margin:0;font-size:22px}
main{padding:8px 32px 32px}
section{border:1px solid #e1e4e8;border-radius:6px;margin:16px 0;overflow:hidden}
section h2{margin:0;padding:8px 16px;font-size:15px;background:#f6f8fa;
border-bottom:1px solid #e1e4e8;font-family:SFMono-Regular,Consolas,monospace}
p{margin:8px 16px}.hint{color:#586069}
pre{margin:0;padding:8px 0;background:#fafbfc;overflow:auto;font-size:13px}
pre span{display:block;padding:0 16px}pre .at{background:#ffeef0}
"""


def excerpt(file: str, line: int, around: int = 3) -> list[tuple[int, str]]:
    """The lines ``line - around`` .. ``line + around`` of ``file`` (empty when unreadable)."""
    if not file or line <= 0:
        return []
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    first = max(1, line - around)
    return [(n, lines[n - 1]) for n in range(first, min(len(lines), line + around) + 1)]


def _section(diag: Diagnostic, source: Path | None) -> str:
    where = diag.location() or "(no file)"
    if source is not None and diag.file:
        try:
            where = Path(diag.file).resolve().relative_to(source.resolve()).as_posix()
            where += f":{diag.line}" if diag.line else ""
        except ValueError:
            pass
    parts = [f"<section><h2>{html.escape(where)}</h2>",
             f'<p class="message"><strong>{html.escape(diag.severity)}</strong> '
             f"({html.escape(diag.kind)}): {html.escape(diag.message)}</p>"]
    if diag.hint:
        parts.append(f'<p class="hint">hint: {html.escape(diag.hint)}</p>')
    lines = excerpt(diag.file, diag.line)
    if lines:
        rows = "".join(
            f'<span{" class=at" if n == diag.line else ""}>{n:>5} | {html.escape(text)}</span>'
            for n, text in lines)
        parts.append(f"<pre>{rows}</pre>")
    parts.append("</section>")
    return "".join(parts)


def error_page(diagnostics: list[Diagnostic], url: str, source: Path | None = None,
               details: str = "") -> str:
    """A complete HTML page listing ``diagnostics`` for the page at ``url``."""
    sections = "".join(_section(d, source) for d in diagnostics)
    extra = f"<pre>{html.escape(details)}</pre>" if details else ""
    count = len(diagnostics)
    title = f"{count} problem{'s' if count != 1 else ''} in {url}"
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<header><h1>{html.escape(title)}</h1></header>\n<main>\n"
            f"<p>The page could not be rendered.  Fix the file and save: this page reloads by "
            f"itself.</p>\n{sections}{extra}</main>\n</body>\n</html>\n")


__all__ = ["error_page", "excerpt"]
