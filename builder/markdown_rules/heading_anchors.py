"""Core rule: heading ids and self-links (spec §6.3).

Every Markdown heading gets ``id`` = the github-slugger slug of its plain text (text and inline
code, not HTML markup), de-duplicated per render, and its content is wrapped in
``<a href="#id">``.  A real link inside the heading ends the wrapper and it resumes after the
link, so anchors never nest (the browser would split them that way anyway).

Translated pages pass ``env["english_headings"]`` (translated heading text -> English heading
text, or the English texts of each occurrence when the translated text repeats): their h2-h6
take the slug of the English heading, so in-page links and the mini TOC agree across languages.
Deliberate fix of the original's empty ids: without a mapping the id falls back to the slug of
the translated text, and repeats are de-duplicated like any other slug.
"""

from __future__ import annotations

from collections.abc import Mapping

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..slugger import Slugger, slugify

ANCHOR_MARKUP = "heading-anchor"
TRANSLATED_LEVELS = frozenset(("h2", "h3", "h4", "h5", "h6"))
FALLBACK_SLUG = "section"


def plain_text(children: list[Token]) -> str:
    """The text a heading's slug is made from (hast-util-to-string of the original)."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


EnglishHeadings = Mapping[str, "str | tuple[str, ...]"]


def _english(inline: Token, text: str, english: EnglishHeadings, seen: dict[str, int]) -> str:
    """The English text for this heading: the n-th of its texts at its n-th occurrence."""
    for key in (text.strip(), inline.content.strip()):
        if key in english:
            found = english[key]
            if isinstance(found, str):
                return found
            n = seen[key] = seen.get(key, -1) + 1
            return found[min(n, len(found) - 1)] if found else ""
    return ""


def heading_slug(tag: str, inline: Token, text: str, slugger: Slugger,
                 english: EnglishHeadings | None, seen: dict[str, int] | None = None) -> str:
    if english is None or tag not in TRANSLATED_LEVELS:
        return slugger.slug(text)
    english_text = _english(inline, text, english, {} if seen is None else seen)
    slug = slugify(english_text) or slugify(text) or FALLBACK_SLUG
    return slugger.unique(slug)


def _anchor(slug: str, nesting: int) -> Token:
    token = Token("link_open" if nesting == 1 else "link_close", "a", nesting)
    if nesting == 1:
        token.attrs = {"href": f"#{slug}"}
    token.markup = ANCHOR_MARKUP
    return token


def wrap_in_anchor(children: list[Token], slug: str) -> list[Token]:
    """``children`` inside ``<a href="#slug">``, interrupted around real links."""
    if not children:
        return [_anchor(slug, 1), _anchor(slug, -1)]
    result: list[Token] = []
    is_open = False
    depth = 0
    for child in children:
        if child.type == "link_open":
            if is_open and depth == 0:
                result.append(_anchor(slug, -1))
                is_open = False
            depth += 1
        elif depth == 0 and not is_open:
            result.append(_anchor(slug, 1))
            is_open = True
        result.append(child)
        if child.type == "link_close":
            depth -= 1
    if is_open:
        result.append(_anchor(slug, -1))
    return result


def heading_anchors(state: StateCore) -> None:
    slugger: Slugger = state.env["slugger"]
    english = state.env.get("english_headings")
    seen: dict[str, int] = {}  # occurrences of each translated heading text so far
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        children = inline.children or []
        slug = heading_slug(token.tag, inline, plain_text(children), slugger, english, seen)
        token.attrSet("id", slug)
        inline.children = wrap_in_anchor(children, slug)
