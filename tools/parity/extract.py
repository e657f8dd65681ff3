"""The comparable facts of a page: taken from our built HTML or from a golden record.

Pages are compared as parsed HTML (selectolax), never as bytes: title, h1, intro, the article as
whitespace-normalised text, the multiset of link targets and the heading ids inside the article,
and the mini TOC, breadcrumbs and version picker entries.  Extraction applies no rule: both sides
are read the same way, and every difference is left for :mod:`tools.parity.rules` to judge.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_WS = re.compile(r"\s+")

_BLOCKS = ("p,li,h1,h2,h3,h4,h5,h6,pre,div,td,th,tr,table,thead,tbody,ul,ol,blockquote,dl,dt,"
           "dd,br,hr,header,section,details,summary,img,figure")


def norm_text(text: str | None) -> str:
    """Whitespace runs collapse to one space: layout whitespace is not content."""
    return _WS.sub(" ", text or "").strip()


def node_text(node: Node | None) -> str:
    """Text as a reader sees it: inline markup (links, code, highlighter spans) joins without a
    space, block elements are separated by one; whitespace runs collapse."""
    if node is None:
        return ""
    for block in node.css(_BLOCKS):
        block.insert_before(" ")
        block.insert_after(" ")
    return norm_text(node.text(separator=""))


@dataclass
class Extract:
    """The comparable facts of one page."""

    title: str = ""
    h1: str = ""
    intro: str = ""
    article_text: str = ""
    hrefs: Counter = field(default_factory=Counter)
    heading_ids: list[str] = field(default_factory=list)
    mini_toc: list[tuple[str, str]] = field(default_factory=list)
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    version_picker: list[tuple[str, str]] = field(default_factory=list)
    # where the text of each ```shell block lies in article_text ([start, end) offsets)
    shell_spans: list[tuple[int, int]] = field(default_factory=list)
    # the entries of a map topic's or category's list: (href, text of title and intro)
    list_entries: list[tuple[str, str]] = field(default_factory=list)


def _article_facts(ex: Extract, article: Node | None) -> None:
    if article is None:
        return
    shell = [norm_text(code.text(separator="")) for code in article.css("pre code.language-shell")]
    ex.article_text = node_text(article)
    ex.hrefs = Counter(a.attributes.get("href") or "" for a in article.css("a[href]"))
    ex.heading_ids = [h.attributes.get("id") or "" for h in article.css("h1,h2,h3,h4,h5,h6")
                      if "id" in h.attributes]
    ex.shell_spans = _spans(ex.article_text, shell)
    for link in article.css("a.link-with-intro"):
        intro = link.next
        while intro is not None and intro.tag == "-text" and not (intro.text() or "").strip():
            intro = intro.next
        words = node_text(link)
        if intro is not None and "link-with-intro-intro" in (intro.attributes.get("class") or ""):
            words = norm_text(f"{words} {node_text(intro)}")
        ex.list_entries.append((link.attributes.get("href") or "", words))


def _spans(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """The offsets of each piece in ``text``, searched in order (code blocks appear in order)."""
    spans, start = [], 0
    for piece in pieces:
        at = text.find(piece, start) if piece else -1
        if at >= 0:
            spans.append((at, at + len(piece)))
            start = at + len(piece)
    return spans


def from_reference(rec: dict) -> Extract:
    """The facts of a golden record (``reference/pages-*.jsonl``)."""
    ex = Extract(title=norm_text(rec.get("title")), h1=norm_text(rec.get("h1")),
                 intro=norm_text(rec.get("intro")))
    if rec.get("article_html") is not None:
        tree = HTMLParser(f"<div id='x'>{rec['article_html']}</div>")
        _article_facts(ex, tree.css_first("#x"))
    ex.mini_toc = [(norm_text(i["text"]), i.get("href") or "") for i in rec.get("mini_toc") or []]
    # the current page's crumb: compared by text only (the original linked it, we do not)
    ex.breadcrumbs = [(norm_text(i["text"]), "" if i.get("href") == rec["url"] else
                       i.get("href") or "") for i in rec.get("breadcrumbs") or []]
    ex.version_picker = [(norm_text(i["text"]), i.get("href") or "")
                         for i in rec.get("version_picker") or []]
    return ex


def _links(node: Node | None) -> list[tuple[str, str]]:
    if node is None:
        return []
    return [(node_text(a), a.attributes.get("href") or "") for a in node.css("a")]


def from_built(html: str, url: str, has_article: bool) -> Extract:
    """The facts of our page at ``url`` (the article only when the golden record has one)."""
    tree = HTMLParser(html)
    ex = Extract(title=node_text(tree.css_first("title")), h1=node_text(tree.css_first("h1")),
                 intro=node_text(tree.css_first("#article-intro")))
    if has_article:
        _article_facts(ex, tree.css_first("#article-contents"))
    ex.mini_toc = [(t, h) for t, h in _links(tree.css_first("#mini-toc"))
                   if h != "#in-this-article"]
    crumbs = tree.css_first("#breadcrumbs")
    if crumbs is not None:
        ex.breadcrumbs = [(node_text(n), "" if n.tag != "a" or n.attributes.get("href") == url
                           else n.attributes.get("href") or "")
                          for n in crumbs.css("a, span.breadcrumb-current")]
    ex.version_picker = _links(tree.css_first("#version-picker"))
    return ex
