"""Custom Liquid tags of the original renderer (spec §5.4), one module per tag.

:func:`register` is the one list of everything we add to python-liquid's built-ins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import (data_tag, extended_markdown, if_tag, include_tag, indented_data_reference,
               link_tags, octicon_tag, raw_tag, render_tag, unless_tag)

if TYPE_CHECKING:
    from liquid import Environment


def register(env: Environment) -> None:
    """Add (or replace) every custom tag on ``env``."""
    env.add_tag(if_tag.IfTag)
    env.add_tag(unless_tag.UnlessTag)
    env.add_tag(data_tag.DataTag)
    env.add_tag(indented_data_reference.IndentedDataReferenceTag)
    for tag in extended_markdown.TAGS:
        env.add_tag(tag)
    for tag in link_tags.TAGS:
        env.add_tag(tag)
    env.add_tag(octicon_tag.OcticonTag)
    env.add_tag(include_tag.IncludeTag)
    env.add_tag(render_tag.BareNameRenderTag)
    env.add_tag(raw_tag.RawTag)
