"""Core rule: emoji shortcodes in text become Unicode (``:tada:`` -> 🎉), spec §6.7.

Only ``text`` tokens change, so code spans and code blocks keep their colons.  The ``emoji``
package's ``alias`` language covers GitHub's gemoji names (``:+1:``, ``:white_check_mark:``).
"""

from __future__ import annotations

import emoji
from markdown_it.rules_core import StateCore


def _convert(tokens) -> None:
    for token in tokens:
        if token.type == "text" and token.content.count(":") >= 2:
            token.content = emoji.emojize(token.content, language="alias")
        elif token.children:
            _convert(token.children)


def emoji_shortcodes(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and ":" in token.content and token.children:
            _convert(token.children)
