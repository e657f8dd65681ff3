"""The markdown-it rules of the builder's Markdown dialect, one rule per module.

:func:`register` lists every rule in the order it runs; :mod:`builder.markdown` calls it once
on the module-level parser.  Per-render state (slugger, link context, English headings) travels
in markdown-it's ``env`` dict, never on the shared parser.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from .bare_urls import bare_url
from .cjk_emphasis import cjk_emphasis
from .closing_tag_lines import closing_tag_lines
from .compact_tables import compact_tables
from .deletions import del_close, del_open
from .emoji_shortcodes import emoji_shortcodes
from .fences import fence
from .heading_anchors import heading_anchors
from .list_items import list_items
from .local_links import local_links
from .loose_strong import loose_strong
from .ordered_list_images import ordered_list_images
from .task_lists import task_lists


def register(md: MarkdownIt) -> MarkdownIt:
    # on the source, before block parsing
    md.core.ruler.after("normalize", "list_items", list_items)
    # block and inline parsing
    md.block.ruler.before("html_block", "closing_tag_lines", closing_tag_lines,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.before("linkify", "bare_url", bare_url)
    md.inline.ruler.before("emphasis", "loose_strong", loose_strong)
    md.inline.ruler.before("emphasis", "cjk_emphasis", cjk_emphasis)
    # on the token stream, after inline parsing and text_join, in this order
    md.core.ruler.push("emoji_shortcodes", emoji_shortcodes)
    md.core.ruler.push("task_lists", task_lists)
    md.core.ruler.push("heading_anchors", heading_anchors)
    md.core.ruler.push("local_links", local_links)
    md.core.ruler.push("ordered_list_images", ordered_list_images)
    md.core.ruler.push("compact_tables", compact_tables)
    # rendering
    md.add_render_rule("fence", fence)
    md.add_render_rule("s_open", del_open)
    md.add_render_rule("s_close", del_close)
    return md
