"""Core rule: local links point at the page's language and version (spec §6.5).

Markdown links are rewritten on their ``link_open`` token; ``<a href>`` written as raw HTML (by
authors, or by Liquid link tags) is found with an HTML tokenizer in ``html_block`` and
``html_inline`` tokens.  The anchor's class attribute is passed on for the
``default_version_class`` (``dotcom-only``) override.  Runs only when the render has a language
and a version.
"""

from __future__ import annotations

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..config import LinkRules
from ..links import rewrite_href
from ..versions import Version, Versions
from .heading_anchors import ANCHOR_MARKUP
from .html_tags import rewrite_start_tags


class LinkContext:
    """What rewriting needs: the language and version being rendered, all versions, the rules."""

    def __init__(self, lang: str, version: Version, versions: Versions, rules: LinkRules):
        self.lang = lang
        self.version = version
        self.versions = versions
        self.rules = rules

    def href(self, href: str, classes: str) -> str:
        return rewrite_href(href, self.lang, self.version, self.versions, self.rules, classes)

    def attrs(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]] | None:
        values = dict(attrs)
        href = values.get("href")
        if not href or not href.startswith("/"):
            return None
        new = self.href(href, values.get("class") or "")
        if new == href:
            return None
        return [(name, new if name == "href" else value) for name, value in attrs]


LINK_MARK_OPEN = "\ue000"
LINK_MARK_CLOSE = "\ue001"


class LinkCollector(LinkContext):
    """Defers rewriting: each local href becomes a marker (``\ue000N\ue001``) and is recorded.

    The Markdown of a page is often identical in several versions while its links are not
    (they carry the version).  Rendering once with markers and filling the hrefs in per
    version (:func:`builder.markdown.fill_links`) shares the expensive parse across versions.
    """

    def __init__(self) -> None:  # noqa: D107 - no version: nothing is rewritten here
        self.links: list[tuple[str, str]] = []

    def href(self, href: str, classes: str) -> str:
        self.links.append((href, classes))
        return f"{LINK_MARK_OPEN}{len(self.links) - 1}{LINK_MARK_CLOSE}"


def _rewrite_raw(token: Token, context: LinkContext) -> None:
    content = token.content
    if ("<a" in content or "<A" in content) and "href" in content.lower():
        token.content = rewrite_start_tags(content, "a", context.attrs)


def _rewrite(tokens: list[Token], context: LinkContext) -> None:
    for token in tokens:
        if token.type == "link_open" and token.markup != ANCHOR_MARKUP:
            href = str(token.attrGet("href") or "")
            if href.startswith("/"):
                token.attrSet("href", context.href(href, str(token.attrGet("class") or "")))
        elif token.type in ("html_block", "html_inline"):
            _rewrite_raw(token, context)
        elif token.type == "inline" and token.children:
            _rewrite(token.children, context)


def local_links(state: StateCore) -> None:
    context: LinkContext | None = state.env.get("links")
    if context is not None:
        _rewrite(state.tokens, context)
