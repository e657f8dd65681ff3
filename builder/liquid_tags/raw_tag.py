"""``{% raw %}`` without ``{% endraw %}``.

python-liquid's lexer turns a complete ``{% raw %}…{% endraw %}`` into literal text before any
tag sees it, so this tag is reached only when the end tag is missing: say so, with the line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.exceptions import LiquidSyntaxError
from liquid.tag import Tag
from liquid.token import TOKEN_TAG

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.stream import TokenStream


class RawTag(Tag):
    name = "raw"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.eat(TOKEN_TAG)
        raise LiquidSyntaxError("tag {% raw %} not closed", token=token)
