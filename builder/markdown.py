"""Markdown to HTML: the builder's dialect of GitHub Docs Markdown (spec §6).

The text of a page passes, in order (spec §6.1):

1. :func:`strip_html_comments`, before Liquid;
2. Liquid (another module);
3. :func:`prepare_liquid_output`: glue link lists back together, squeeze blank-line runs;
4. :func:`render_markdown`: CommonMark + GFM tables, strikethrough, task lists and bare-URL
   links, raw HTML passed through, emoji shortcodes, heading ids and self-links, highlighted
   fences, local link rewriting (rules in :mod:`builder.markdown_rules`).

Two deliberate departures from CommonMark keep the content's structure as its authors (who
wrote for remark-parse 7) saw it: list items take the lines remark gave them
(:mod:`~builder.markdown_rules.list_items`), and a line of closing block tags such as
``</div>`` ends its HTML block (:mod:`~builder.markdown_rules.closing_tag_lines`).

The rendered fragment is then checked to close only elements it opened and to leave none open
(the check reads the token stream's tags and raw HTML only,
:func:`~builder.markdown_rules.html_tags.tag_skeleton`); one that does not, because of a stray
``</div>`` or an unclosed tag in the content, is repaired by an HTML parser, so it can never close
the page's article element early.

The parser is built once, at import; everything that belongs to one render (the slugger, the
link context, the English headings of a translation) travels in markdown-it's ``env``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from html import escape
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .config import LinkRules
from .markdown_rules import register
from .markdown_rules.html_tags import balance_html, is_well_nested, tag_skeleton
from .markdown_rules.local_links import (LINK_MARK_CLOSE, LINK_MARK_OPEN, LinkCollector,
                                         LinkContext)
from .slugger import Slugger
from .versions import Version, Versions


@dataclass(frozen=True)
class MarkdownOptions:
    """Context of one render.  Links are rewritten only when ``lang`` and ``version`` are given
    (with ``versions`` and ``link_rules``); ``english_headings`` maps translated heading text to
    the English heading text at the same position on translated pages (spec §6.3): one text, or
    one per occurrence when a translated heading text repeats."""

    lang: str | None = None
    version: Version | None = None
    versions: Versions | None = None
    link_rules: LinkRules | None = None
    english_headings: Mapping[str, str | tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Heading:
    """A heading of the rendered HTML, with what the mini TOC needs (spec §7.4)."""

    level: int
    id: str  # "" for raw-HTML headings without an id
    text: str
    inner_html: str  # <a href="#id">…</a>, <span>s removed, <strong> unwrapped
    platform: str  # class of the direct parent when it is a .extended-markdown div, else ""
    parent_hidden: bool  # the direct parent has a `hidden` attribute


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    headings: list[Heading] = field(default_factory=list)


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False, "breaks": False,
                                   "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return register(md)


_MD = _build_parser()
_NO_OPTIONS = MarkdownOptions()


@dataclass(frozen=True)
class _Parsed:
    """A render with local links left as markers, shared by every version with the same text."""

    html: str
    links: tuple[tuple[str, str], ...]
    headings: list[Heading]


_CACHE: OrderedDict[tuple, _Parsed] = OrderedDict()
_CACHE_SIZE = 512
_MARK = re.compile(f"{LINK_MARK_OPEN}(\\d+){LINK_MARK_CLOSE}")


def render_markdown(text: str, options: MarkdownOptions = _NO_OPTIONS) -> RenderedMarkdown:
    """Render Markdown (already through Liquid and :func:`prepare_liquid_output`) to HTML.

    The parse is cached by text (and English headings), so a page whose Markdown is the same in
    several versions is parsed once; only its local links differ, and are filled in here."""
    headings_key = tuple(sorted(options.english_headings.items())) if options.english_headings \
        else None
    key = (text, headings_key)
    parsed = _CACHE.get(key)
    if parsed is None:
        parsed = _parse(text, options.english_headings)
        _CACHE[key] = parsed
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    if not parsed.links:
        return RenderedMarkdown(parsed.html, parsed.headings)
    context = _link_context(options)
    hrefs = [context.href(href, classes) if context else href for href, classes in parsed.links]
    headings = [h if LINK_MARK_OPEN not in h.inner_html else
                Heading(h.level, h.id, h.text, fill_links(h.inner_html, hrefs), h.platform,
                        h.parent_hidden) for h in parsed.headings]
    return RenderedMarkdown(fill_links(parsed.html, hrefs), headings)


def _parse(text: str, english_headings: Mapping[str, str] | None) -> _Parsed:
    collector = LinkCollector()
    env = {"slugger": Slugger(), "english_headings": english_headings, "links": collector}
    tokens = _MD.parse(text, env)
    html = _MD.renderer.render(tokens, _MD.options, env).strip()
    if not is_well_nested(tag_skeleton(tokens)):  # rare: repair (see balance_html)
        html = balance_html(html)
    return _Parsed(html, tuple(collector.links), collect_headings(html))


def fill_links(html: str, hrefs: list[str]) -> str:
    """Put the final hrefs in place of the link markers of a cached render."""
    return _MARK.sub(lambda m: escape(hrefs[int(m.group(1))]), html)


def _link_context(options: MarkdownOptions) -> LinkContext | None:
    if not (options.lang and options.version and options.versions and options.link_rules):
        return None
    return LinkContext(options.lang, options.version, options.versions, options.link_rules)


# -- text steps around Liquid (spec §6.1) --------------------------------------------------------

_NEWLINE_BEFORE_COMMENT = re.compile(r"\n<!--")
_COMMENT = re.compile(r"<!--[\s\S]*?-->")
# "</a>" line, blank lines, "- <a" / "* <a" line: the blank lines go (renderContent.js)
_BLANK_LINES_IN_LINK_LIST = re.compile(r"(</a>\r?\n)\s*?[\r\n]*([^\S\r\n]*?[-*] <a)", re.M)
_THREE_NEWLINES = re.compile(r"(?:\r?\n){3}")


def strip_html_comments(source: str) -> str:
    """Step 1: drop every newline right before ``<!--``, then every ``<!--…-->``."""
    if "<!--" not in source:
        return source
    return _COMMENT.sub("", _NEWLINE_BEFORE_COMMENT.sub("<!--", source))


def prepare_liquid_output(text: str) -> str:
    """Steps 4-5: glue ``- <a>`` lists that Liquid left blank lines in, then turn every run
    of three newlines into two (non-overlapping, left to right)."""
    if "</a>" in text:
        text = _BLANK_LINES_IN_LINK_LIST.sub(r"\1\2", text)
    return _THREE_NEWLINES.sub("\n\n", text)


# -- translations (spec §6.3) --------------------------------------------------------------------

# an ATX heading line (up to three spaces of indentation, as Markdown allows), without any
# closing ``#`` sequence
_SOURCE_HEADING = re.compile(r"^ {0,3}#{2,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)


def english_headings_map(translated_source: str,
                         english_source: str) -> dict[str, tuple[str, ...]]:
    """Map the i-th ``##``-``######`` heading line of a translated page's Markdown to the i-th
    of the English page's (the original paired ``##``-``####`` lines of the raw sources).  A
    translated text that repeats maps to the English text of each of its positions, in order
    (the original kept only the last, so both headings got one slug)."""
    translated = _SOURCE_HEADING.findall(translated_source)
    english = _SOURCE_HEADING.findall(english_source)
    mapping: dict[str, tuple[str, ...]] = {}
    for t, e in zip(translated, english):
        mapping[t.strip()] = mapping.get(t.strip(), ()) + (e.strip(),)
    return mapping


# -- reading rendered HTML -----------------------------------------------------------------------


def unwrap_first_block(html: str) -> str:
    """Inner HTML of the first top-level element (``<p>Intro</p>`` -> ``Intro``)."""
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p") == 1:
        return html[3:-4]
    body = LexborHTMLParser(html).body
    first = body.css_first("body > *") if body is not None else None
    if first is None:
        return html
    return first.inner_html or ""


def html_to_text(html: str) -> str:
    """The text of an HTML fragment, entities decoded, trimmed (for titles and descriptions)."""
    if "<" not in html and "&" not in html:
        return html.strip()
    body = LexborHTMLParser(html).body
    return body.text(deep=True).strip() if body is not None else ""


_HEADING_TAGS = "h1, h2, h3, h4, h5, h6"
_PLATFORM_CLASS = "extended-markdown"


def collect_headings(html: str) -> list[Heading]:
    """Every h1-h6 of the rendered HTML in document order (raw-HTML ones included)."""
    if "<h" not in html:
        return []
    tree = LexborHTMLParser(html)
    return [_heading(node) for node in tree.css(_HEADING_TAGS)]


def _heading(node: LexborNode) -> Heading:
    parent = node.parent
    parent_classes = (parent.attributes.get("class") or "") if parent is not None else ""
    platform = ""
    if parent is not None and parent.tag == "div" and _PLATFORM_CLASS in parent_classes.split():
        platform = parent_classes
    hidden = parent is not None and "hidden" in parent.attributes
    text = node.text(deep=True)
    for span in node.css("span"):
        span.decompose()
    node.unwrap_tags(["strong"])
    return Heading(
        level=int(node.tag[1]), id=node.attributes.get("id") or "", text=text,
        inner_html=node.inner_html or "", platform=platform, parent_hidden=hidden,
    )
