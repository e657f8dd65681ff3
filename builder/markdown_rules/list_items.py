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
_CONTAINERS = r"(?:div|details|section|aside|blockquote|table)"
_CONTAINER_OPEN = re.compile(r"<" + _CONTAINERS + r"(?=[\s>])", re.IGNORECASE)
_CONTAINER_CLOSE = re.compile(r"</" + _CONTAINERS + r"\s*>", re.IGNORECASE)
_CLOSING_ONLY = re.compile(r"[ \t]*(?:</" + _CONTAINERS + r"\s*>[ \t]*)+", re.IGNORECASE)
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


def _html_depth(line: str) -> int:
    """Container elements (``<div>`` …) a line opens minus those it closes."""
    return len(_CONTAINER_OPEN.findall(line)) - len(_CONTAINER_CLOSE.findall(line))


def _continues_item(lines: list[str], index: int, width: int, kind: str) -> bool:
    """Whether the unindented paragraph at ``index`` (after a blank line) still belongs to the
    item: it is followed by lines indented as the item's content and then by another item of
    the same list.  A translation often breaks a step's sentence like this::

        5. If you haven't already,

        authenticate to GitHub Container Registry.

            ```shell
            $ docker login
            ```
        6. Next step.

    remark ended the list at the paragraph and showed the fence as indented code; the writer
    meant one step holding the paragraph and the code."""
    while index < len(lines) and not _blank(lines[index]):
        if _item(lines[index]) is not None or _interrupts_list(lines[index]) \
                or _BLOCK_HTML.match(lines[index]):
            return False
        index += 1
    while index < len(lines) and _blank(lines[index]):
        index += 1
    if index >= len(lines):
        return False
    size = _indent(lines[index])
    if not (size >= _TAB or size >= width):
        return False
    while index < len(lines):
        line = lines[index]
        if not _blank(line):
            size = _indent(line)
            if not (size >= _TAB or size >= width):
                match = _item(line)
                return match is not None and _kind(match) == kind
        index += 1
    return False


def _collect_list(lines: list[str], start: int) -> tuple[int, list[list[str]], list[set[int]]]:
    """remark's grouping of lines into the items of one list; returns (end, items, lazy), where
    ``lazy[i]`` holds the positions in item ``i`` of its lazy continuation lines (their
    indentation says nothing about the item's, so they do not count for its de-indentation).

    Two additions to remark's rules, both for what the writer meant:

    * an HTML container (``<div>`` of a ``{% note %}``) opened in an item runs to its closing
      tag, whatever the indentation or blank lines in between, so the item holds it whole (else
      the ``</div>`` would close an element the item never opened);
    * a line of closing tags that closes a container the item did not open (``</div>`` of a
      ``{% note %}`` around the list) ends the list rather than joining the last item;
    * an unindented paragraph after a blank line stays in the item when indented content and
      another item of the list follow it (:func:`_continues_item`).
    """
    first = _item(lines[start])
    kind, width = _kind(first), _item_width(first)
    items = [[lines[start]]]
    lazy: list[set[int]] = [set()]
    depth = max(_html_depth(lines[start]), 0)
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
            lazy.append(set())
            width = _item_width(match)
            depth = max(_html_depth(line), 0)
        elif not indented and _CLOSING_ONLY.fullmatch(line) and depth + _html_depth(line) < 0:
            break  # closes a container opened before the list ({% endnote %} after a step)
        elif indented or line[0] in " \t" or depth > 0:
            items[-1].extend(empties)
            items[-1].append(line)
            depth = max(depth + _html_depth(line), 0)
        elif (empties and not _continues_item(lines, index, width, kind)) \
                or _interrupts_list(line):
            break
        else:
            items[-1].extend(empties)
            lazy[-1].add(len(items[-1]))
            items[-1].append(line)  # lazy continuation
            depth = max(depth + _html_depth(line), 0)
        empties = []
        index += 1
    return index - len(empties), items, lazy


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


def _emit_item(item: list[str], lazy: set[int] = frozenset()) -> list[str]:
    match = _item(item[0])
    lead = item[0][: match.end(2)]
    spaces = _width(match.group(3) or "")
    rest = match.group(4) or ""
    if not rest.strip() or spaces > 4:
        offset, first = _width(lead) + 1, (" " * (spaces - 1) + rest if rest.strip() else "")
    else:
        offset, first = _width(lead) + spaces, rest
    continuation = item[1:]
    indents = [_indent(line) for at, line in enumerate(continuation, 1)
               if not _blank(line) and at not in lazy]
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
            end, items, lazy = _collect_list(lines, index)
            for item, lazy_lines in zip(items, lazy):
                out.extend(_emit_item(item, lazy_lines))
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
