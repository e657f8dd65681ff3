"""Extended-Markdown block tags: ``{% note %}…{% endnote %}`` and friends (spec §5.4).

Each wraps its rendered content as ``<div class="extended-markdown NAME CLASSES">…</div>``,
newlines kept so the content still parses as Markdown.  The platform tags have no classes but
keep the separating space (``"extended-markdown all "``): the platform switcher keys on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_TAG, Token

from ._common import expect_end_tag, render_block, take_expression

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

_BLUE = "border rounded-1 mb-4 p-3 border-blue bg-blue-light f5"
_RED = "border rounded-1 mb-4 p-3 border-red bg-red-light f5"
CLASSES = {"note": _BLUE, "tip": _BLUE, "warning": _RED, "danger": _RED,
           "mac": "", "windows": "", "linux": "", "all": ""}


class ExtendedMarkdownNode(Node):
    __slots__ = ("name", "block")

    def __init__(self, token: Token, name: str, block: BlockNode):
        super().__init__(token)
        self.name = name
        self.block = block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = render_block(self.block, context)
        return buffer.write(
            f'<div class="extended-markdown {self.name} {CLASSES[self.name]}">{inner}</div>')

    def children(self, static_context: RenderContext, *, include_partials: bool = True):
        yield self.block


class ExtendedMarkdownTag(Tag):
    """Base for the eight tags; subclasses only set ``name`` and ``end``."""

    def parse(self, stream: TokenStream) -> Node:
        token = stream.eat(TOKEN_TAG)
        take_expression(stream)  # the original ignores arguments
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        expect_end_tag(stream, token, self.end)
        return ExtendedMarkdownNode(token, self.name, block)


def _tag_class(name: str) -> type[Tag]:
    return type(f"{name.capitalize()}Tag", (ExtendedMarkdownTag,),
                {"name": name, "end": f"end{name}"})


TAGS: tuple[type[Tag], ...] = tuple(_tag_class(name) for name in CLASSES)
