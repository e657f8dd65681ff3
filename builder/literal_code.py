"""Liquid errors in code that the writer meant literally, and the hint that says so.

Code examples often hold text that looks like Liquid but is not: GitHub Actions expressions
(``${{ hashFiles('**/package-lock.json') }}``), Jekyll or Handlebars templates.  Liquid reads
them anyway; when they fail to parse, the plain syntax error ("expected end of expression,
found '('") does not tell a writer that the fix is to mark the example as literal text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

RAW_HINT = "wrap it in {% raw %} … {% endraw %} so Liquid leaves it as written"
_ACTIONS = "${{"
_LIQUID_MARKS = ("{{", "{%")


def literal_code_hint(text: str, index: int) -> str:
    """The hint for a Liquid error at ``index`` of ``text``, when the line is code meant
    literally (an Actions expression, or Liquid-like text in a code block or code span)."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start:end if end >= 0 else len(text)]
    if _ACTIONS in line:
        return f"`${{{{ ... }}}}` is a GitHub Actions expression, not Liquid: {RAW_HINT}"
    if any(mark in line for mark in _LIQUID_MARKS) and _in_code(text, text.count("\n", 0, index)):
        return f"this is inside a code example: if it is meant literally, {RAW_HINT}"
    return ""


def _in_code(text: str, line_index: int) -> bool:
    """Whether the 0-based line is in a fenced or indented code block, or holds a code span
    with Liquid-like text (the source parsed as Markdown, Liquid and all)."""
    for token in MarkdownIt("commonmark").parse(text):
        if not token.map or not token.map[0] <= line_index < token.map[1]:
            continue
        if token.type in ("fence", "code_block"):
            return True
        if token.type == "inline" and any(
                child.type == "code_inline" and any(m in child.content for m in _LIQUID_MARKS)
                for child in token.children or ()):
            return True
    return False
