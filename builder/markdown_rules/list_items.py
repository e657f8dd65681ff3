"""Core rule (on the source, before block parsing): list items hold what the original gave them.

GitHub Docs content is written for remark-parse 7, whose list items are looser than
CommonMark's: *any* indented line after an item belongs to it, and the item's content is
de-indented by its smallest indentation.  Authors rely on that all the time::

    1. Run the command.
      ```shell
      $ ghe-cluster-failover
      ```
      {% note %} ... {% endnote %}       (an HTML block indented 2, under a 3-wide marker)
    1. Next step.

CommonMark ends the item at the first line indented less than the content offset (3 here), so
the code block, the note and the numbering fall apart.  This rule groups lines into items with
remark's rules and re-indents each item's lines to the CommonMark content offset, keeping their
relative indentation; markdown-it then sees the structure the author saw.  Fenced code, HTML
blocks and indented code outside lists are copied untouched.  Two blank lines do *not* end a
list here (CommonMark behaviour, unlike remark).
"""

from __future__ import annotations

import re

from markdown_it.common.html_blocks import block_names
from markdown_it.rules_core import StateCore

_ITEM = re.compile(r"([ \t]*)(\d{1,9}\.|[-*+])(?:([ \t]+)(.*)|$)")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_RAW_TEXT_HTML = re.compile(r" {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.IGNORECASE)
_COMMENT_HTML = re.compile(r" {0,3}<!--")
_BLOCK_HTML = re.compile(
    r" {0,3}</?(?:" + "|".join(block_names) + r")(?:[\s/>]|$)", re.IGNORECASE)
_TAB = 4


def _width(whitespace: str) -> int:
    column = 0
    for char in whitespace:
        column = column + _TAB - column % _TAB if char == "\t" else column + 1
    return column


def _indent(line: str) -> int:
    return _width(line[: len(line) - len(line.lstrip(" \t"))])


def _dedent(line: str, columns: int) -> str:
    """Remove up to ``columns`` columns of leading whitespace (tabs count to the next stop)."""
    if columns <= 0 or not line.strip():
        return line if line.strip() else ""
    stripped = line.lstrip(" \t")
    leading = _indent(line)
    return " " * max(leading - columns, 0) + stripped


def _blank(line: str) -> bool:
    return not line.strip()


def _item(line: str) -> re.Match | None:
    if _THEMATIC_BREAK.fullmatch(line):
        return None
    match = _ITEM.fullmatch(line)
    if match is None or _width(match.group(1)) > 3:
        return None
    return match


def _kind(match: re.Match) -> str:
    marker = match.group(2)
    return "." if marker.endswith(".") else marker


def _item_width(match: re.Match) -> int:
    """remark's item indent: marker and up to 4 following spaces (1 when there are more)."""
    spaces = _width(match.group(3) or " ")
    return _width(match.group(1)) + len(match.group(2)) + (spaces if spaces <= 4 else 1)


def _interrupts_list(line: str) -> bool:
    return bool(_ATX_HEADING.match(line) or _FENCE.match(line) or _THEMATIC_BREAK.fullmatch(line))


def _collect_list(lines: list[str], start: int) -> tuple[int, list[list[str]]]:
    """remark's grouping of lines into the items of one list; returns (end, items)."""
    first = _item(lines[start])
    kind, width = _kind(first), _item_width(first)
    items = [[lines[start]]]
    empties: list[str] = []
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if _blank(line):
            empties.append(line)
            index += 1
            continue
        size = _indent(line)
        indented = size >= _TAB or size >= width
        match = None if indented else _item(line)
        if match is not None:
            if _kind(match) != kind:
                break
            items[-1].extend(empties)
            items.append([line])
            width = _item_width(match)
        elif indented or line[0] in " \t":
            items[-1].extend(empties)
            items[-1].append(line)
        elif empties or _interrupts_list(line):
            break
        else:
            items[-1].append(line)  # lazy continuation
        empties = []
        index += 1
    return index - len(empties), items


def _remark_max(match: re.Match) -> int:
    """The most remark removes from an item's lines: the bullet's width, odd widths of 1-digit
    numbers rounded up (normalListItem)."""
    marker = match.group(2)
    spaces = _width(match.group(3) or " ")
    spaces = spaces if spaces <= 4 else 1
    width = _width(match.group(1)) + len(marker) + spaces
    if marker[:-1].isdigit() and int(marker[:-1]) < 10 and width % 2 == 1:
        width += 1
    return width


def _emit_item(item: list[str]) -> list[str]:
    match = _item(item[0])
    lead = item[0][: match.end(2)]
    spaces = _width(match.group(3) or "")
    rest = match.group(4) or ""
    if not rest.strip() or spaces > 4:
        offset, first = _width(lead) + 1, (" " * (spaces - 1) + rest if rest.strip() else "")
    else:
        offset, first = _width(lead) + spaces, rest
    continuation = item[1:]
    indents = [_indent(line) for line in continuation if not _blank(line)]
    dedent = 0 if (not indents or 0 in indents) else min(min(indents), _remark_max(match))
    content = _blocks([first] + [_dedent(line, dedent) for line in continuation])
    pad = " " * offset
    out = [item[0] if content[0] == first else lead + " " * max(spaces, 1) + content[0]]
    out.extend(pad + line if line.strip() else "" for line in content[1:])
    return out


def _closes_fence(line: str, marker: str) -> bool:
    body = line.lstrip(" ")
    if len(line) - len(body) > 3:
        return False
    body = body.rstrip(" \t")
    return len(body) >= len(marker) and body == marker[0] * len(body)


def _fence_end(lines: list[str], start: int, fence: re.Match) -> int:
    marker = fence.group(2)
    for index in range(start + 1, len(lines)):
        if _closes_fence(lines[index], marker):
            return index + 1
    return len(lines)


def _html_end(lines: list[str], start: int) -> int:
    line = lines[start]
    raw = _RAW_TEXT_HTML.match(line)
    if raw or _COMMENT_HTML.match(line):
        end_mark = f"</{raw.group(1).lower()}>" if raw else "-->"
        for index in range(start, len(lines)):
            if end_mark in lines[index].lower():
                return index + 1
        return len(lines)
    index = start
    while index < len(lines) and not _blank(lines[index]):
        index += 1
    return index


def _blocks(lines: list[str]) -> list[str]:
    """Re-indent every list found at this block level; copy everything else."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            end = _fence_end(lines, index, fence)
        elif _BLOCK_HTML.match(line) or _RAW_TEXT_HTML.match(line) or _COMMENT_HTML.match(line):
            end = _html_end(lines, index)
        elif _item(line) is not None:
            end, items = _collect_list(lines, index)
            for item in items:
                out.extend(_emit_item(item))
            index = end
            continue
        else:
            end = index + 1
        out.extend(lines[index:end])
        index = end
    return out


def list_items(state: StateCore) -> None:
    src = state.src
    if not _LIKELY_LIST.search(src):
        return
    state.src = "\n".join(_blocks(src.split("\n")))


_LIKELY_LIST = re.compile(r"^[ \t]*(?:\d{1,9}\.|[-*+])(?:[ \t]|$)", re.MULTILINE)
