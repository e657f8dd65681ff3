"""Inline rule: emphasis next to Chinese, Japanese or Korean text, as remark-parse 7 read it.

CommonMark decides whether ``*``/``**``/``_`` can open or close by what stands on each side, and
a run between punctuation and a letter cannot close (or open).  Japanese writes no spaces, so
``続いて**Your profile（あなたのプロフィール）**をクリック`` and ``ための*.nuspec*ファイル`` stay
literal asterisks in CommonMark, while the original (remark-parse 7, which has no flanking rules)
made them bold and italic, and translators relied on that throughout the Japanese corpus.

This rule decides only delimiter runs that touch a CJK character; every other run is left to
markdown-it's ``emphasis`` rule.  A CJK character on the outer side of a run (before an opener,
after a closer) counts as punctuation does there: like a space, it lets the run flank the text
(the approach of the "CJK-friendly" CommonMark amendment).  Pairing stays markdown-it's.

One more shape, from the Japanese reusables: an octicon, then ``** Settings（設定）**をクリック``.
remark allowed a space after the opening ``**``; so do we when the ``**`` follows a tag (``>``)
or CJK text and its closing ``**`` is followed by CJK text.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

# CJK scripts, symbols and punctuation, kana, hangul, compatibility and full/half-width forms
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff"
                  "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _punct(ch: str) -> bool:
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def cjk_emphasis(state: StateInline, silent: bool) -> bool:
    start, src, maximum = state.pos, state.src, state.posMax
    marker = src[start]
    if silent or marker not in "*_":
        return False
    pos = start
    while pos < maximum and src[pos] == marker:
        pos += 1
    last = src[start - 1] if start > 0 else " "
    after = src[pos] if pos < maximum else " "
    last_cjk, next_cjk = bool(_CJK.match(last)), bool(_CJK.match(after))
    if _spaced_opener(src, start, pos, maximum):
        _push(state, marker, pos - start, True, False)
        state.pos = pos
        return True
    if not (last_cjk or next_cjk):
        return False  # markdown-it's emphasis rule decides
    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(after))
    last_punct, next_punct = _punct(last), _punct(after)
    outer_before = last_ws or last_punct or last_cjk  # lets an opener flank what follows
    outer_after = next_ws or next_punct or next_cjk  # lets a closer flank what precedes
    left = not (next_ws or (next_punct and not outer_before))
    right = not (last_ws or (last_punct and not outer_after))
    split = marker == "*"
    can_open = left and (split or not right or outer_before)
    can_close = right and (split or not left or outer_after)
    _push(state, marker, pos - start, can_open, can_close)
    state.pos = pos
    return True


def _spaced_opener(src: str, start: int, end: int, maximum: int) -> bool:
    """``>** text**`` + CJK: a ``**`` right after a tag or CJK text, a space, and a closing
    ``**`` (after non-space) that CJK text follows."""
    if src[start:end] != "**" or start == 0 or end >= maximum or not src[end].isspace() \
            or not (src[start - 1] == ">" or _CJK.match(src[start - 1])):
        return False
    close = src.find("**", end, maximum)
    return (close > end and not src[close - 1].isspace() and close + 2 < maximum
            and bool(_CJK.match(src[close + 2])))


def _push(state: StateInline, marker: str, length: int, can_open: bool, can_close: bool) -> None:
    """One text token and one delimiter per marker, as markdown-it's emphasis rule does."""
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(ord(marker), length, len(state.tokens) - 1, -1,
                                          can_open, can_close))
