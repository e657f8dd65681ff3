"""Small helpers shared by the tag modules."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

from liquid.ast import BlockNode
from liquid.exceptions import LiquidSyntaxError
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


def take_expression(stream: TokenStream) -> Token | None:
    """Consume and return the tag's expression token, if it has one."""
    if stream.current.kind == TOKEN_EXPRESSION:
        token = stream.current
        next(stream)
        return token
    return None


def expect_end_tag(stream: TokenStream, start: Token, end: str) -> None:
    """Raise "tag {% x %} not closed" (the original's wording) unless ``end`` is current."""
    if not stream.current.is_tag(end):
        raise LiquidSyntaxError(f"tag {{% {start.value} %}} not closed", token=start)


def render_block(block: BlockNode, context: RenderContext) -> str:
    """Render a block into a string (block tags wrap their content)."""
    buffer = StringIO()
    block.render(context, buffer)
    return buffer.getvalue()



def inline_tag(stream: TokenStream) -> tuple[Token, Token | None]:
    """The tag token and its expression token (if any) of a tag without an end tag.

    The stream is left ON the tag's last token: python-liquid's parser steps past it.
    """
    tag = stream.expect(TOKEN_TAG)
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return tag, stream.current
    return tag, None


def lax_warning(env: object, message: str, token: Token | None) -> None:
    """Note something the original tolerated; parse_template reports it with file and line."""
    pending = getattr(env, "parse_warnings", None)
    if pending is not None:
        pending.append((message, token))
