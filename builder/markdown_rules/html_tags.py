"""Tag-level reading of raw HTML fragments with the standard library's HTML tokenizer.

Raw HTML in Markdown comes in pieces (an ``html_block`` may open a ``<div>`` that a later token
closes), so a DOM parser, which would close and repair elements, cannot round-trip it.  These
helpers tokenize a fragment instead and touch only the tags they are asked about, leaving every
other byte as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from html.parser import HTMLParser

from markdown_it.token import Token


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def format_start_tag(tag: str, attrs: list[tuple[str, str | None]], self_closing: bool = False) -> str:
    parts = [f"<{tag}"]
    for name, value in attrs:
        parts.append(f" {name}" if value is None else f' {name}="{escape(value)}"')
    parts.append(" />" if self_closing else ">")
    return "".join(parts)


class _StartTags(HTMLParser):
    """Collects (offset, raw text, attrs) of the start tags named ``tag``."""

    def __init__(self, source: str, tag: str):
        super().__init__(convert_charrefs=True)
        self.tag = tag
        self.lines = _line_starts(source)
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            line, column = self.getpos()
            raw = self.get_starttag_text() or ""
            self.found.append((self.lines[line - 1] + column, raw, attrs))

    handle_startendtag = handle_starttag


AttrRewriter = Callable[[list[tuple[str, str | None]]], list[tuple[str, str | None]] | None]


def rewrite_start_tags(source: str, tag: str, rewrite: AttrRewriter) -> str:
    """Rewrite the attributes of every ``<tag ...>`` in ``source``.

    ``rewrite(attrs)`` returns new attributes, or None to leave the tag exactly as written.
    """
    parser = _StartTags(source, tag)
    parser.feed(source)
    parser.close()
    if not parser.found:
        return source
    pieces: list[str] = []
    done = 0
    for offset, raw, attrs in parser.found:
        new_attrs = rewrite(attrs)
        if new_attrs is None or source[offset:offset + len(raw)] != raw:
            continue
        pieces.append(source[done:offset])
        pieces.append(format_start_tag(tag, new_attrs, raw.endswith("/>")))
        done = offset + len(raw)
    pieces.append(source[done:])
    return "".join(pieces)


class _KeepOnly(HTMLParser):
    """Re-emits a fragment with only some inline tags live; every other tag shows as text."""

    def __init__(self, keep: frozenset[str]):
        super().__init__(convert_charrefs=True)
        self.keep = keep
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.keep:
            self.out.append(f"<{tag}>")
            self.open.append(tag)
        else:
            self.out.append(escape(self.get_starttag_text() or "", quote=False))

    def handle_startendtag(self, tag, attrs):
        self.out.append(escape(self.get_starttag_text() or "", quote=False))

    def handle_endtag(self, tag):
        if tag in self.keep and tag in self.open:
            while self.open:
                name = self.open.pop()
                self.out.append(f"</{name}>")
                if name == tag:
                    break
        else:
            self.out.append(escape(f"</{tag}>", quote=False))

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        self.out.append(escape(f"<!--{data}-->", quote=False))

    def handle_decl(self, decl):
        self.out.append(escape(f"<!{decl}>", quote=False))

    def unknown_decl(self, data):
        self.out.append(escape(f"<![{data}]>", quote=False))

    def handle_pi(self, data):
        self.out.append(escape(f"<?{data}>", quote=False))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{name}>" for name in reversed(self.open))
        self.open.clear()
        return "".join(self.out)


def keep_only_tags(source: str, keep: frozenset[str]) -> str:
    """``source`` as HTML in which only the ``keep`` tags (without attributes) are markup.

    Text is escaped; entities such as ``&lt;`` keep meaning what they meant; any other tag,
    such as a stray ``<url>``, is shown literally; open kept tags are closed at the end.
    """
    parser = _KeepOnly(keep)
    parser.feed(source)
    return parser.result()


# elements without an end tag (HTML void elements)
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr"
                  .split())


# elements whose end tag may be left out (the parser closes them): not a nesting problem
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot caption colgroup option optgroup "
                          "rt rp".split())


class _Nesting(HTMLParser):
    """Finds the tags of a fragment that reach outside it: an end tag for an element the
    fragment did not open (a browser closes an enclosing element of the page with it), or an
    element left open at the end (it swallows what follows the fragment).  An end tag that
    skips open elements of the fragment closes them, as the parser does, which stays inside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.stray = False

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <img/>, and self-closed SVG children

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass
        elif tag not in _VOID:
            self.stray = True

    def reaches_outside(self) -> bool:
        return self.stray or any(tag not in _OPTIONAL_END for tag in self.open)


def is_well_nested(fragment: str) -> bool:
    """Whether ``fragment`` closes only elements it opened and leaves none open (end tags that
    HTML lets one leave out, such as ``</li>``, aside)."""
    if "<" not in fragment:
        return True
    checker = _Nesting()
    checker.feed(fragment)
    checker.close()
    return not checker.reaches_outside()


# markdown-it token types whose HTML tag is not the token's ``tag`` (our render rules)
_RENDERED_TAG = {"s_open": "del", "s_close": "del"}


def tag_skeleton(tokens: Sequence[Token]) -> str:
    """The tags of a rendered token stream in document order, with nothing between them: the
    tags markdown-it writes for its own open and close tokens, and the raw HTML the content
    wrote.  Everything else (text, code, highlighted fences, images) renders as complete,
    escaped pieces, so a rendered fragment reaches outside itself exactly when its skeleton
    does, and checking the skeleton reads a small part of the page instead of all of it."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            parts.append(token.content)
        elif token.nesting and not token.hidden and token.tag:
            tag = _RENDERED_TAG.get(token.type, token.tag)
            parts.append(f"<{tag}>" if token.nesting == 1 else f"</{tag}>")
        if token.children:
            parts.append(tag_skeleton(token.children))
    return "".join(parts)


def balance_html(fragment: str) -> str:
    """``fragment`` unchanged when it is well nested; else as an HTML parser repairs it: stray
    end tags dropped, elements closed where the parser closes them.  A safety net: a page's
    rendered Markdown sits inside the article's ``<div>``, and an end tag the fragment did not
    open would close that ``<div>`` and move the rest of the page out of the article."""
    if is_well_nested(fragment):
        return fragment
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{fragment}</body></html>").body
    return (body.inner_html or "") if body is not None else fragment
