"""``{% render name for items as item %}`` with a bare partial name.

The original ran liquidjs with ``dynamicPartials: false``, so content writes partial names as
plain words (``{% render code-example-card ... %}``).  python-liquid reads an unquoted name as
a variable holding an inline snippet; this tag reads it as the partial's file name instead,
then renders exactly like python-liquid's own ``render`` (isolated scope, ``for``/``with``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquid.builtin.expressions import Identifier, StringLiteral
from liquid.builtin.tags.render_tag import RenderNode, RenderTag

if TYPE_CHECKING:
    from liquid.ast import Node
    from liquid.stream import TokenStream


class BareNameRenderTag(RenderTag):
    """python-liquid's render tag, with ``{% render word %}`` meaning the partial ``word``."""

    def parse(self, stream: TokenStream) -> Node:
        node = super().parse(stream)
        if isinstance(node, RenderNode) and isinstance(node.name, Identifier):
            node.name = StringLiteral(node.name.token, str(node.name))
        return node
