"""Server-side syntax highlighting of fenced code with Pygments (spec §6.4).

:func:`highlight` returns the inner HTML of ``<code>``: ``<span class="...">`` tokens with
Pygments' short class names, no inline styles; :func:`pygments_css` is the matching stylesheet,
scoped to ``.hljs`` (the class every highlighted ``<code>`` carries).

Fence names are looked up case-insensitively, first in :data:`ALIASES` (highlight.js names that
Pygments spells differently), then among Pygments' own aliases.  A name Pygments does not know
gives ``None`` and the caller shows the code as plain escaped text: an unknown language is never
an error (the original answered HTTP 500).
"""

from __future__ import annotations

from functools import lru_cache
from io import StringIO

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# highlight.js language names (as used in fences) -> Pygments alias, where they differ.
ALIASES: dict[str, str] = {
    "plaintext": "text",
    "txt": "text",
    "shellsession": "console",
    "shell-session": "console",
    "dos": "batch",
    "bat": "batch",
    "cmd": "batch",
    "vbnet": "vb.net",
    "objectivec": "objective-c",
    "golang": "go",
    "yml": "yaml",
    "gql": "graphql",
    "jsonc": "json",
    "html+erb": "erb",
    "ps": "powershell",
    "ps1": "powershell",
    "posh": "powershell",
    "ts": "typescript",
}

_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=None)
def get_lexer(lang: str) -> Lexer | None:
    """The (cached) Pygments lexer for a fence language name, or None if there is none."""
    name = lang.strip().lower()
    if not name:
        return None
    name = ALIASES.get(name, name)
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False, stripall=False)
    except ClassNotFound:
        return None


def highlight(code: str, lang: str) -> str | None:
    """Highlighted inner HTML of ``<code>`` for ``code`` in ``lang``; None if lang is unknown."""
    lexer = get_lexer(lang)
    if lexer is None:
        return None
    out = StringIO()
    _FORMATTER.format(lexer.get_tokens(code), out)
    return out.getvalue()


def pygments_css(style: str = "default", scope: str = ".hljs") -> str:
    """The stylesheet for highlighted code: token colours of a Pygments style under ``scope``.

    No background is set, so the site's own code-block styling shows through.
    """
    formatter = HtmlFormatter(style=style, nobackground=True)
    return formatter.get_style_defs(scope)
