"""``{% if %}`` / ``{% elsif %}`` / ``{% else %}`` with the original's conditions.

Replaces python-liquid's tag so conditions get ``ver_gt``/``ver_lt``, right-to-left
``and``/``or`` and JavaScript comparisons (see :mod:`.expressions`).  ``unless`` shares this
parser with the first condition negated.

Branches are collected the way liquidjs 9 did: every ``elsif`` starts a new branch, every
``else`` (even a second one) continues the else part.  A second ``else`` occurs in the corpus
and rendered in the original, so it is accepted here with a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, TextIO

from liquid.ast import BlockNode, Node
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_TAG, Token

from ._common import expect_end_tag, lax_warning, take_expression
from .expressions import Expr, parse_condition, truthy

if TYPE_CHECKING:
    from liquid import Environment
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

Branch = tuple[Expr, BlockNode]


class IfNode(Node):
    """Branches tried in order; the first whose condition holds is rendered."""

    __slots__ = ("branches", "default", "negate_first")

    def __init__(self, token: Token, branches: list[Branch], default: Optional[BlockNode],
                 negate_first: bool = False):
        super().__init__(token)
        self.branches = branches
        self.default = default
        self.negate_first = negate_first
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        for index, (condition, block) in enumerate(self.branches):
            holds = truthy(condition.evaluate(context))
            if index == 0 and self.negate_first:
                holds = not holds
            if holds:
                return block.render(context, buffer)
        return self.default.render(context, buffer) if self.default else 0

    def children(self, static_context: RenderContext, *, include_partials: bool = True):
        yield from (block for _, block in self.branches)
        if self.default:
            yield self.default


def _condition(env: Environment, stream: TokenStream, tag: Token) -> Expr:
    expression = take_expression(stream)
    if expression is None:
        raise LiquidSyntaxError(f"missing condition in {{% {tag.value} %}}", token=tag)

    def ignored(text: str, where: Token | None) -> None:
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        lax_warning(env, f"ignored '{shown}' at the end of the {{% {tag.value} %}} condition "
                    "(the original ignored it too)", where or expression)

    return parse_condition(expression.value, expression, ignored)


def parse_conditional(env: Environment, stream: TokenStream, negate_first: bool) -> IfNode:
    """Parse ``{% if|unless c %}…{% elsif c %}…{% else %}…{% endif|endunless %}``."""
    token = stream.eat(TOKEN_TAG)
    end = f"end{token.value}"
    stops = (end, "elsif", "else")
    parse_block = get_parser(env).parse_block
    branches: list[tuple[Expr, list[Node]]] = [(_condition(env, stream, token), [])]
    default: list[Node] | None = None
    target = branches[0][1]
    while True:
        target.extend(parse_block(stream, stops).nodes)
        current = stream.current
        if current.is_tag("elsif"):
            next(stream)
            branches.append((_condition(env, stream, current), []))
            target = branches[-1][1]
        elif current.is_tag("else"):
            next(stream)
            take_expression(stream)  # liquidjs ignores anything after `else`
            if default is not None:
                lax_warning(env, f"second {{% else %}} in {{% {token.value} %}}; its content "
                            "joins the first else part", current)
            default = target = default if default is not None else []
        else:
            break
    expect_end_tag(stream, token, end)
    blocks = [(cond, BlockNode(token, nodes)) for cond, nodes in branches]
    return IfNode(token, blocks, BlockNode(token, default) if default is not None else None,
                  negate_first)


class IfTag(Tag):
    name = "if"
    end = "endif"

    def parse(self, stream: TokenStream) -> Node:
        return parse_conditional(self.env, stream, negate_first=False)
