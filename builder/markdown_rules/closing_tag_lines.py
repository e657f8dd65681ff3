"""Block rule: a line holding only closing block tags (``</div>``) is an HTML block by itself.

In CommonMark such a line starts an HTML block that runs to the next blank line, so in::

      </div>
    1. Next step

the step would be swallowed as raw HTML.  Liquid block tags (``{% endnote %}``) end with
exactly such a line, usually followed directly by the next list item; the original
(remark-parse 7) ended the HTML there, and so does this rule.  Deliberate deviation from
CommonMark, limited to lines that are nothing but closing tags of block-level elements.
"""

from __future__ import annotations

import re

from markdown_it.common.html_blocks import block_names
from markdown_it.rules_block import StateBlock

_CLOSING_TAGS_LINE = re.compile(
    r"(?:</(?:" + "|".join(block_names) + r")\s*>[ \t]*)+", re.IGNORECASE)


def closing_tag_lines(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line) or not state.md.options.get("html"):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    if not state.src.startswith("</", pos):
        return False
    if not _CLOSING_TAGS_LINE.fullmatch(state.src, pos, maximum):
        return False
    if silent:
        return True
    state.line = start_line + 1
    token = state.push("html_block", "", 0)
    token.map = [start_line, state.line]
    token.content = state.getLines(start_line, state.line, state.blkIndent, True)
    return True
