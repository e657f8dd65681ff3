"""Render rule for fenced code (spec §6.4).

* no language: ``<pre><code>escaped</code></pre>``;
* a language: ``<pre><code class="hljs language-X">`` with Pygments highlighting, or the plain
  escaped text when Pygments does not know X (never an error);
* ``X{:copy}``: the ``code-extra`` block with a header naming the language and a copy button
  (``data-clipboard-text`` = the code), code without its final newline;
* exactly ``shell``: the original treated the body as HTML so that ``<em>PLACEHOLDER</em>``
  shows in italics; here only ``<em> <strong> <b> <i>`` are markup and any other tag shows
  literally (a stray ``<url>`` no longer swallows the rest of the page); not highlighted.
"""

from __future__ import annotations

from markdown_it.common.utils import escapeHtml, unescapeAll

from ..highlight import highlight
from .code_header import code_header
from .html_tags import keep_only_tags

COPY_SUFFIX = "{:copy}"
HTML_SHELL_INFO = "shell"
SHELL_MARKUP = frozenset(("em", "strong", "b", "i"))


def _pre(code: str, lang: str) -> str:
    if not lang:
        return f"<pre><code>{escapeHtml(code)}</code></pre>"
    inner = highlight(code, lang)
    if inner is None:
        inner = escapeHtml(code)
    return f'<pre><code class="hljs language-{escapeHtml(lang)}">{inner}</code></pre>'


def _shell(code: str) -> str:
    body = code.lstrip()
    if body.endswith("\n"):
        body = body[:-1]
    body = keep_only_tags(body, SHELL_MARKUP)
    return f'<pre><code class="hljs language-shell">{body}</code></pre>\n'


def fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = unescapeAll(token.info).strip() if token.info else ""
    if info == HTML_SHELL_INFO and token.content.strip():
        return _shell(token.content)
    lang = info.split(maxsplit=1)[0] if info else ""
    if not lang.endswith(COPY_SUFFIX):
        return _pre(token.content, lang) + "\n"
    lang = lang[: -len(COPY_SUFFIX)]
    code = token.content[:-1] if token.content.endswith("\n") else token.content
    return code_header(lang, code, _pre(code, lang)) + "\n"
