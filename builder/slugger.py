"""Heading slugs exactly as github-slugger 1.2.1 makes them (spec §6.3).

Lower-case, trim, delete punctuation (ASCII specials and the General Punctuation and
Supplemental Punctuation blocks) and emoji, then turn *each* whitespace character into ``-``
(runs are not collapsed).  Letters of any script are kept, so ``日本語の見出し`` stays as is and
``Über uns & more`` becomes ``über-uns--more``.  A :class:`Slugger` remembers the slugs of one
render and appends ``-1``, ``-2``, ... to repeats.
"""

from __future__ import annotations

import re

import emoji

# github-slugger's `specials`: U+2000-U+206F, U+2E00-U+2E7F and ASCII punctuation except - and _.
_SPECIALS = re.compile(r"[\u2000-\u206F\u2E00-\u2E7F\\'!\"#$%&()*+,./:;<=>?@\[\]^`{|}~]")
# JavaScript's \s (ECMAScript WhiteSpace + LineTerminator), which differs from Python's \s.
_JS_WHITESPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")


def slugify(text: str) -> str:
    """The github-slugger slug of ``text`` without de-duplication."""
    slug = _SPECIALS.sub("", text.lower().strip())
    if not slug.isascii():
        slug = emoji.replace_emoji(slug, replace="")
    return _JS_WHITESPACE.sub("-", slug)


class Slugger:
    """Slugs for one render: a repeated slug gets ``-1``, ``-2``, ... like github-slugger."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        return self.unique(slugify(text))

    def unique(self, slug: str) -> str:
        """De-duplicate an already computed slug against the slugs seen so far."""
        original = slug
        while slug in self._occurrences:
            self._occurrences[original] += 1
            slug = f"{original}-{self._occurrences[original]}"
        self._occurrences[slug] = 0
        return slug

    def reset(self) -> None:
        self._occurrences.clear()
