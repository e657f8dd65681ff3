"""Core rule: images in ordered-list steps sit in a plain ``<div>`` (spec §6.1 step 6.11).

The original wraps every ``img`` under ``ol > li`` (any depth) in ``<div>``.  Inside a visible
paragraph that would put a ``<div>`` in a ``<p>``, which browsers repair by splitting the
paragraph; this rule splits it itself, so the markup is valid and looks the same: text before
the image, ``<div><img></div>``, text after.  Images nested in a link or emphasis are wrapped
in place.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_LIST_OPEN = {"bullet_list_open": False, "ordered_list_open": True}
_LIST_CLOSE = frozenset(("bullet_list_close", "ordered_list_close"))


def _is_image(token: Token) -> bool:
    return token.type == "image" or (
        token.type == "html_inline" and token.content[:4].lower() == "<img")


def _div(nesting: int, block: bool = False) -> Token:
    token = Token("html_block" if block else "html_inline", "", 0)
    token.content = "<div>" if nesting == 1 else "</div>"
    token.block = block
    return token


def _wrap_inline(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    for child in children:
        if _is_image(child):
            result.extend((_div(1), child, _div(-1)))
        else:
            result.append(child)
    return result


def _top_level_images(children: list[Token]) -> bool:
    depth = 0
    found = False
    for child in children:
        depth += child.nesting
        if _is_image(child):
            if depth != 0:
                return False
            found = True
    return found


def _strip_breaks(children: list[Token]) -> list[Token]:
    """The run without line breaks at its ends (they were next to the image)."""
    start, end = 0, len(children)
    while start < end and children[start].type in ("softbreak", "hardbreak"):
        start += 1
    while end > start and children[end - 1].type in ("softbreak", "hardbreak"):
        end -= 1
    return children[start:end]


def _split_paragraph(p_open: Token, inline: Token, p_close: Token) -> list[Token]:
    """[p, inline, /p] with top-level images -> paragraphs and ``<div><img></div>`` blocks."""
    out: list[Token] = []
    run: list[Token] = []

    def flush() -> None:
        nonlocal run
        run = _strip_breaks(run)
        if run:
            piece = Token("inline", "", 0, children=run, level=inline.level, map=inline.map)
            out.extend((_copy(p_open), piece, _copy(p_close)))
        run = []

    for child in inline.children or []:
        if _is_image(child):
            flush()
            wrapper = Token("inline", "", 0, children=[_div(1), child, _div(-1)],
                            level=inline.level, map=inline.map)
            out.extend((wrapper, _newline()))
        else:
            run.append(child)
    flush()
    return out


def _copy(token: Token) -> Token:
    return Token(token.type, token.tag, token.nesting, attrs=dict(token.attrs), map=token.map,
                 level=token.level, markup=token.markup, block=token.block, hidden=token.hidden)


def _newline() -> Token:
    token = Token("html_block", "", 0)
    token.content = "\n"
    token.block = True
    return token


def ordered_list_images(state: StateCore) -> None:
    tokens = state.tokens
    out: list[Token] = []
    lists: list[bool] = []  # is each open list ordered?
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in _LIST_OPEN:
            lists.append(_LIST_OPEN[token.type])
        elif token.type in _LIST_CLOSE:
            lists.pop()
        in_step = any(lists)
        if (in_step and token.type == "paragraph_open" and not token.hidden
                and i + 2 < len(tokens) and _top_level_images(tokens[i + 1].children or [])):
            out.extend(_split_paragraph(token, tokens[i + 1], tokens[i + 2]))
            i += 3
            continue
        if in_step and token.type == "inline" and token.children:
            token.children = _wrap_inline(token.children)
        out.append(token)
        i += 1
    state.tokens[:] = out
