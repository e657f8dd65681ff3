"""Inline rule: bare ``http://`` and ``https://`` URLs become links (spec §6.2).

``www.`` URLs and e-mail addresses stay text, as in the original (remark-parse 7, ``gfm``).  The
rule fires on the ``:`` of ``http://`` (a terminator of markdown-it's text rule), takes the scheme
back out of the pending text, and ends the URL like remark: at whitespace or ``<``, before
trailing ``. , : ; " ' ) ]`` and before a closing bracket that was never opened.
"""

from __future__ import annotations

from markdown_it.rules_inline import StateInline

_SCHEMES = ("https", "http")
_TRAILING = frozenset(".,:;\"')]")
_EMPHASIS_MARKS = "*~"  # delimiters the URL scan would otherwise swallow: **https://x**


def _scheme(pending: str) -> str:
    tail = pending[-5:].lower()
    for scheme in _SCHEMES:
        if tail.endswith(scheme):
            before = pending[-len(scheme) - 1:-len(scheme)] if len(pending) > len(scheme) else ""
            if not before or not before.isalnum():
                return pending[-len(scheme):]
    return ""


def _url_end(src: str, start: int, maximum: int) -> int:
    pos = start
    depth = 0
    while pos < maximum:
        char = src[pos]
        if char.isspace() or char == "<":
            break
        if char in _TRAILING and (pos + 1 >= maximum or src[pos + 1].isspace()):
            break
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
            if depth < 0:
                break
        pos += 1
    while pos > start and src[pos - 1] in _EMPHASIS_MARKS:
        pos -= 1
    return pos


def bare_url(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    src = state.src
    if state.linkLevel > 0 or not src.startswith("://", pos):
        return False
    scheme = _scheme(state.pending)
    if not scheme:
        return False
    end = _url_end(src, pos + 3, state.posMax)
    if end == pos + 3:
        return False
    url = scheme + src[pos:end]
    href = state.md.normalizeLink(url)
    if not state.md.validateLink(href):
        return False
    if not silent:
        state.pending = state.pending[: -len(scheme)]
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = "linkify"
        token.info = "auto"
        token = state.push("text", "", 0)
        token.content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup = "linkify"
        token.info = "auto"
    state.pos = end
    return True
