"""``{% octicon "name" key="value" … %}`` (spec §5.4, lib/liquid-tags/octicon.js).

The SVG depends only on the tag's text, so it is built once, at parse time; an unknown icon
is therefore reported when the page is parsed (the original failed when it rendered).
``label="x"`` stays an attribute and is also copied to ``aria-label``.  Unlike the original,
whitespace around ``=`` is accepted: ``aria-label= "The check icon"`` (in the corpus) kept
its label silently dropped there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from .. import octicons
from ._common import inline_tag

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

_SYNTAX = re.compile(r'\s*"(?P<icon>[a-zA-Z-]+)"(?P<options>(?:\s.*)?)', re.DOTALL)
_OPTION = re.compile(r'([a-zA-Z-]+)\s*=\s*"([^"]*)"')
SYNTAX_HELP = """Syntax Error in tag 'octicon' - Valid syntax: octicon "<name>" <key="value">"""


class OcticonNode(Node):
    __slots__ = ("svg",)

    def __init__(self, token: Token, svg: str):
        super().__init__(token)
        self.svg = svg
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.svg)


def parse_octicon_args(text: str) -> tuple[str, dict[str, str]] | None:
    """``"check" width="64" label="x"`` -> ("check", {...}); None when the syntax is wrong."""
    match = _SYNTAX.fullmatch(text)
    if match is None:
        return None
    options = dict(_OPTION.findall(match.group("options")))
    if options.get("label"):
        options["aria-label"] = options["label"]
    return match.group("icon"), options


class OcticonTag(Tag):
    name = "octicon"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = inline_tag(stream)
        parsed = parse_octicon_args(expression.value) if expression else None
        if parsed is None:
            raise LiquidSyntaxError(SYNTAX_HELP, token=expression or token)
        icon, options = parsed
        try:
            return OcticonNode(token, octicons.svg(icon, options))
        except octicons.UnknownOcticon:
            raise LiquidSyntaxError(f"Octicon {icon} does not exist",
                                    token=expression) from None
