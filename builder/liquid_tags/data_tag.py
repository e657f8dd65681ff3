"""``{% data path %}``: a value from ``site.data``, itself rendered as Liquid (spec §5.4, §5.5).

The path is resolved in the full scope (``glossaries.external[forloop.index0].term``), but a
string value is rendered with the ROOT scope only, as the original did.  Values without any
``{`` are written as they are, which skips parsing for the large majority of variables.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from ..liquid_env import current_file, render_nested, token_line
from ._common import inline_tag
from .expressions import MISSING, Path, join_paths, js_string, parse_path, plain

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

# lib/liquid-tags/data.js: the first run of these characters is the path.
_SYNTAX = re.compile(r"[a-z0-9/\\_.\-\[\]]+", re.IGNORECASE)
SYNTAX_HELP = "Syntax Error in 'data' - Valid syntax: data [param]"


def write_value(context: RenderContext, node: Node, key: str, value: object,
                buffer: TextIO) -> int:
    """Write a resolved data value: strings rendered as Liquid, others as JavaScript prints them."""
    services = context.env.services  # type: ignore[attr-defined]
    where = (current_file(context), token_line(node.token, context.template))
    if value is MISSING:
        services.warn("data-missing", f"unknown data reference '{key}'", *where)
        return 0
    if isinstance(value, str):
        text = render_nested(context, value, key, node.token) if "{" in value else value
        return buffer.write(text)
    if isinstance(value, (Mapping, list, tuple)):
        services.warn("data-not-string", f"data reference '{key}' is not a string; it prints "
                      f"as '{js_string(value)[:40]}'", *where)
    return buffer.write("" if value is None else js_string(value))


class DataNode(Node):
    __slots__ = ("path", "lookup")

    def __init__(self, token: Token, path: Path):
        super().__init__(token)
        self.path = path
        self.lookup = join_paths(("site", "data"), path)
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = plain(self.lookup.evaluate(context))
        if isinstance(value, str) and "{" not in value:  # most variables: nothing to render
            # still tell the pipeline which file was read (the preview invalidates by it)
            context.env.data_file(self.path.dotted(context), context.globals)  # type: ignore
            return buffer.write(value)
        return write_value(context, self, self.path.dotted(context), value, buffer)


class DataTag(Tag):
    name = "data"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = inline_tag(stream)
        match = _SYNTAX.search(expression.value) if expression else None
        if expression is None or match is None:
            raise LiquidSyntaxError(SYNTAX_HELP, token=expression or token)
        where = Token(expression.kind, match.group(), expression.start_index + match.start(),
                      expression.source)
        return DataNode(token, parse_path(match.group(), where))
