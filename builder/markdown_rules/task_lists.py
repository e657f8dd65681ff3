"""Core rule: GFM task lists (spec §6.2).

``- [ ] todo`` / ``- [x] done`` give ``<ul class="contains-task-list">`` and
``<li class="task-list-item"><input type="checkbox" disabled> todo</li>`` (``checked`` when
ticked), the markup of the original (mdast-util-to-hast).  The checkbox is disabled: pages are
read, not edited.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_MARKERS = {"[ ]": False, "[x]": True, "[X]": True}


def _checked(inline: Token) -> bool | None:
    """True/False when the item's first paragraph starts with a task marker, else None."""
    children = inline.children or []
    if not children or children[0].type != "text":
        return None
    text = children[0].content
    if len(text) < 4 or text[3] not in " \t":
        return None
    return _MARKERS.get(text[:3])


def task_lists(state: StateCore) -> None:
    tokens = state.tokens
    lists: list[Token] = []
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif (token.type == "list_item_open" and i + 2 < len(tokens)
              and tokens[i + 1].type == "paragraph_open" and tokens[i + 2].type == "inline"):
            inline = tokens[i + 2]
            checked = _checked(inline)
            if checked is None:
                continue
            first = inline.children[0]
            first.content = first.content[3:]
            box = Token("html_inline", "", 0)
            box.content = ('<input type="checkbox" checked disabled>' if checked
                           else '<input type="checkbox" disabled>')
            inline.children.insert(0, box)
            token.attrJoin("class", "task-list-item")
            if lists and "contains-task-list" not in str(lists[-1].attrGet("class") or ""):
                lists[-1].attrJoin("class", "contains-task-list")
