"""``{% unless c %}…{% endunless %}``: ``if`` with its first condition negated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.tag import Tag

from .if_tag import parse_conditional

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.stream import TokenStream


class UnlessTag(Tag):
    name = "unless"
    end = "endunless"

    def parse(self, stream: TokenStream) -> Node:
        return parse_conditional(self.env, stream, negate_first=True)
