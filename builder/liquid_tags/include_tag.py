"""``{% include name %}``: only the API-reference partials are used in content (spec §5.4).

The GraphQL partials (``graphql-enum`` ...) render from the schema the content ships
(``Renderer.include_text``, in ``builder/graphql_reference.py``).  The REST reference data is
not part of what we build, so the configuration lists those partials as ``missing_includes``:
such an include renders empty and the pipeline warns once per kind.  Any other name is an
error naming the file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError as PyLiquidError
from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import Token

from ._common import inline_tag

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


class IncludeNode(Node):
    __slots__ = ("name",)

    def __init__(self, token: Token, name: str):
        super().__init__(token)
        self.name = name
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        services = context.env.services  # type: ignore[attr-defined]
        include_text = getattr(services, "include_text", None)
        text = include_text(self.name, context) if include_text is not None else None
        if text is not None:  # reference data we render (the GraphQL partials)
            return buffer.write(text)
        if services.missing_include(self.name):
            return 0
        raise PyLiquidError(f"unknown include '{self.name}'", token=self.token)


class IncludeTag(Tag):
    name = "include"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, expression = inline_tag(stream)
        words = expression.value.split() if expression else []
        if not words:
            raise LiquidSyntaxError("missing template name in {% include %}", token=token)
        return IncludeNode(token, words[0].strip("'\""))
