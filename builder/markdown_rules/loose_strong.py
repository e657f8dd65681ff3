"""Inline rule: ``** Warning:**`` is bold, as remark-parse 7 (the original) made it.

CommonMark needs the opening ``**`` to touch the text (``**Warning:**``); remark 7 (non-pedantic)
accepted a space after it, and writers relied on that: the corpus has it in the Actions
self-hosted-runner notice (``** Warning:**``, ``** Note:**``) and in search-syntax tables
(``[** reactions:&gt;1000**](…)``), always meaning bold.  We follow remark for exactly that
shape: ``**`` at the start of a word (after whitespace, ``[`` or ``(``), whitespace, text without
``**``, then ``**`` not followed by a third ``*``.  Every other emphasis is markdown-it's
(``2 ** 3`` with no closing pair stays text; the closing ``**`` of ``**bold** x`` is untouched).
"""

from __future__ import annotations

from markdown_it.rules_inline import StateInline

_OPENERS = "[("  # besides whitespace, what may stand before the opening ``**``


def loose_strong(state: StateInline, silent: bool) -> bool:
    src, pos, maximum = state.src, state.pos, state.posMax
    if (not src.startswith("**", pos) or pos + 2 >= maximum or not src[pos + 2].isspace()
            or (pos > 0 and not src[pos - 1].isspace() and src[pos - 1] not in _OPENERS)):
        return False
    close = src.find("**", pos + 2, maximum)
    while close != -1 and close + 2 < maximum and src[close + 2] == "*":
        close = src.find("**", close + 3, maximum)
    if close == -1 or not src[pos + 2:close].strip():
        return False
    if not silent:
        state.push("strong_open", "strong", 1).markup = "**"
        state.pos, state.posMax = pos + 2, close
        state.md.inline.tokenize(state)
        state.push("strong_close", "strong", -1).markup = "**"
        state.posMax = maximum
    state.pos = close + 2
    return True
