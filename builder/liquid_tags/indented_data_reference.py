"""``{% indented_data_reference site.data.x spaces=N %}`` (spec §5.4).

Indents every line of a data value by N spaces (default 2) so a reusable can sit inside a list
item, then renders the result as Liquid.  Deliberate fix: the original rendered it with the
engine's context object instead of the data, so ``{% data %}`` and variables inside the snippet
came out empty; we render with the real (root) scope, like ``{% data %}`` does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from ..liquid_env import current_file, render_nested, token_line
from ._common import inline_tag
from .expressions import MISSING, Path, js_string, parse_path, plain

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

_SYNTAX = re.compile(r"(?P<expr>\S+)(?:\s+spaces\s*=\s*(?P<spaces>\d+))?\s*", re.DOTALL)
SYNTAX_HELP = ("Syntax Error in 'indented_data_reference' - Valid syntax: "
               "indented_data_reference site.data.<path> spaces=<number>")


def _js_falsy(value: object) -> bool:
    return value is MISSING or value is None or value is False or value == "" or value == 0


class IndentedDataReferenceNode(Node):
    __slots__ = ("path", "spaces")

    def __init__(self, token: Token, path: Path, spaces: int):
        super().__init__(token)
        self.path = path
        self.spaces = spaces
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        value = plain(self.path.evaluate(context))
        key = self.path.dotted(context).removeprefix("site.data.")
        context.env.data_file(key, context.globals)  # type: ignore[attr-defined]  # recorded as read
        if value is MISSING:
            context.env.services.warn(  # type: ignore[attr-defined]
                "data-missing", f"unknown data reference '{key}'", current_file(context),
                token_line(self.token, context.template))
        if _js_falsy(value):
            return 0
        text = value if isinstance(value, str) else js_string(value)
        indented = re.sub(r"^", " " * self.spaces, text, flags=re.MULTILINE)
        if "{" in indented:
            indented = render_nested(context, indented, key, self.token)
        return buffer.write(indented)


class IndentedDataReferenceTag(Tag):
    name = "indented_data_reference"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = inline_tag(stream)
        match = _SYNTAX.fullmatch(expression.value) if expression else None
        if expression is None or match is None:
            raise LiquidSyntaxError(SYNTAX_HELP, token=expression or token)
        path = parse_path(match.group("expr"), expression)
        return IndentedDataReferenceNode(token, path, int(match.group("spaces") or 2))
