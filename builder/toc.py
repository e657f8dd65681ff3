"""Table-of-contents items: the link tags in the raw Markdown of index pages (spec §1.4).

The navigation has no data file of its own: the order of products' categories and categories'
map topics and articles is the order of ``{% link... /path %}`` tags in the index pages.  Tags
count even inside HTML comments, ``<div hidden>`` and Liquid conditionals, so this reads the raw
text, before any Liquid runs.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_TOC_HEADING = re.compile(r"^.*# *Table of contents.*$", re.I | re.M)
# a Liquid tag that starts with exactly "{% " and holds a word with "link", with a /path argument
_LINK_TAG = re.compile(r"\{% ([a-z_]*link[a-z_]*) (/[^\s%]*)[^%]*%\}")


@dataclass(frozen=True)
class TocItem:
    type: str  # "category", "maptopic" or "article"
    href: str  # content path without leading slash, e.g. "github/getting-started"


def toc_items(relpath: str, raw_body: str) -> list[TocItem]:
    """The TOC items of an index page, in source order, with hrefs resolved against its folder."""
    m = _TOC_HEADING.search(raw_body)
    if m:
        raw_body = raw_body[m.end():]
    folder = posixpath.dirname(relpath)
    is_product_index = relpath.count("/") == 1
    items = []
    for tag, arg in _LINK_TAG.findall(raw_body):
        href = resolve_link_path(folder, arg)
        if is_product_index:
            kind = "category"
        else:
            kind = "maptopic" if "topic_" in tag else "article"
        items.append(TocItem(kind, href))
    return items


def resolve_link_path(folder: str, arg: str) -> str:
    """A link argument with exactly one ``/`` is relative to the page's folder (spec §5.4)."""
    arg = arg.split("#", 1)[0]
    if arg.count("/") == 1 and folder:
        return posixpath.join(folder, arg.lstrip("/"))
    return arg.strip("/")


def map_topic_children(category_items: list[TocItem], topic_href: str) -> list[str]:
    """Hrefs of the articles listed after a map topic, up to the next map topic."""
    children: list[str] = []
    inside = False
    for item in category_items:
        if item.type == "maptopic":
            inside = item.href == topic_href
            continue
        if inside:
            children.append(item.href)
    return children
