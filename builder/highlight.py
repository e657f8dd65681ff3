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
from pygments.token import Text, Whitespace
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
    try:
        _FORMATTER.format(_plain_whitespace(lexer.get_tokens(code)), out)
    except Exception:  # a lexer bug must not fail the page: show the code unhighlighted
        return None
    html = out.getvalue()
    if not code.endswith("\n") and html.endswith("\n"):
        html = html[:-1]  # some lexers always end with a newline token
    return html


def _plain_whitespace(tokens):
    """Whitespace as plain text: no ``<span class="w">`` around every space."""
    for ttype, value in tokens:
        yield (Text if ttype in Whitespace else ttype), value


def pygments_css(style: str = "default", scope: str = ".hljs") -> str:
    """The stylesheet for highlighted code: token colours of a Pygments style under ``scope``.

    No background is set, so the site's own code-block styling shows through.
    """
    formatter = HtmlFormatter(style=style, nobackground=True)
    rules = formatter.get_token_style_defs(scope)
    # Pygments boxes error tokens in red; a lexer that trips on valid code should not shout
    rules = [rule for rule in rules if not rule.startswith(f"{scope} .err ")]
    return "\n".join(rules) + "\n"
