"""Deliberate differences from the original, each a predicate over one difference.

The comparison (:mod:`tools.parity.pages`) finds every difference between our page and the
golden record: a hunk of article text, a link target only one side has, a heading id, a mini TOC
entry, the breadcrumbs, the version picker.  A difference is forgiven only when a rule accepts
it; a rule accepts one named, narrow kind of difference, checks what it can against something
other than our page (the English golden record, the corpus sources), and never rewrites either
side.  Every other difference fails the record.

A rule overrides the methods for the fields it judges; the defaults accept nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import sources
from .extract import Extract, norm_text


@dataclass
class Context:
    """One record being judged: the golden record, both sides' facts, and what was accepted so
    far (heading ids accepted by position, so that links and the mini TOC may follow them)."""

    rec: dict
    ours: Extract
    ref: Extract
    id_pairs: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.rec.get("lang") or "en"

    @property
    def corpus(self) -> Path | None:
        corpus = self.rec.get("_corpus")
        return Path(corpus) if corpus else None

    @property
    def english(self) -> Extract | None:
        """The English golden record of this page and version (translated records only)."""
        if "_english" not in self.__dict__:
            self.__dict__["_english"] = sources.english_counterpart(self.rec)
        return self.__dict__["_english"]


@dataclass(frozen=True)
class Hunk:
    """One place where the article texts differ: ``ref[a1:a2]`` stands where ``ours[b1:b2]``
    does.  The whole texts are kept for context."""

    ref: str
    ours: str
    a1: int
    a2: int
    b1: int
    b2: int

    @property
    def ref_part(self) -> str:
        return self.ref[self.a1:self.a2]

    @property
    def ours_part(self) -> str:
        return self.ours[self.b1:self.b2]


Pair = tuple["str | None", "str | None"]  # (link target only the reference has, only ours has)


class Rule:
    """A deliberate difference; the docstring of each subclass says which and why."""

    name = "rule"

    def text(self, ctx: Context, hunk: Hunk) -> bool:
        return False

    def hrefs(self, ctx: Context, missing: Counter, extra: Counter) -> list[Pair]:
        """The (missing, extra) link targets this rule accounts for; either may be None."""
        return []

    def heading_id(self, ctx: Context, i: int, ref_id: str, ours_id: str) -> bool:
        return False

    def mini_toc(self, ctx: Context, ref_item: tuple[str, str],
                 ours_item: tuple[str, str]) -> bool:
        return False

    def breadcrumbs(self, ctx: Context) -> bool:
        return False

    def version_picker(self, ctx: Context) -> bool:
        return False


_SLASH_BEFORE_SUFFIX = re.compile(r"^(/[^?#]*?)/+([?#].*)$")


class FragmentSlash(Rule):
    """``[x](/path/#anchor)``: the original stripped trailing slashes only at the very end of an
    href (spec §6.5 step 5), so ``/en/path/#anchor`` kept its slash and cost readers a redirect
    hop (``/en/path/`` -> ``/en/path``).  We strip the slash before ``#``/``?`` too.  Accepts
    the original's ``/x/#y`` where ours is ``/x#y``, nothing else (not ``/x#z``, not the
    reverse)."""

    name = "fragment_slash"

    @staticmethod
    def accepts(ref_href: str, ours_href: str) -> bool:
        match = _SLASH_BEFORE_SUFFIX.match(ref_href)
        return match is not None and ours_href == match.group(1) + match.group(2)

    def hrefs(self, ctx: Context, missing: Counter, extra: Counter) -> list[Pair]:
        pairs: list[Pair] = []
        for ref_href, n in missing.items():
            match = _SLASH_BEFORE_SUFFIX.match(ref_href)
            fixed = match.group(1) + match.group(2) if match else None
            pairs += [(ref_href, fixed)] * min(n, extra.get(fixed, 0)) if fixed else []
        return pairs


_VERSIONED = re.compile(r"^/(?P<lang>[a-z]{2})(?:/(?P<version>[a-z-]+@[\w.]+))?(?P<rest>/.*)?$")


class LandingVersionPicker(Rule):
    """Product landing pages (``layout: product-landing``, e.g. ``/en/actions``): the original's
    landing layout had no version picker, so a reader there could not switch to the Enterprise
    Server docs of the product.  Ours offers the same picker as every other page.  Accepts an
    empty reference picker on a page whose source says ``layout: product-landing``, where our
    picker offers this very page (same language and path) in distinct versions, this version
    among them; any other picker, or a picker on another layout, fails."""

    name = "landing_version_picker"

    def version_picker(self, ctx: Context) -> bool:
        if ctx.ref.version_picker or not ctx.ours.version_picker:
            return False
        layouts = {sources.frontmatter(f).get("layout") for f in sources.page_sources(ctx.rec)}
        if layouts != {"product-landing"}:
            return False
        here = _VERSIONED.match(ctx.rec["url"])
        hrefs = [href for _text, href in ctx.ours.version_picker]
        seen = [_VERSIONED.match(href) for href in hrefs]
        return (here is not None and ctx.rec["url"] in hrefs and len(set(hrefs)) == len(hrefs)
                and all(text for text, _href in ctx.ours.version_picker)
                and all(m is not None and m["lang"] == here["lang"] and m["rest"] == here["rest"]
                        for m in seen))


class SingleVersionPicker(Rule):
    """A page in one version only: the original hid its version picker, so a reader of an
    Enterprise-only page could not tell which release it was.  Ours shows that one version
    (issue 13).  Accepts an empty reference picker where ours has exactly one entry, with a
    label, linking to this very page; two entries, or one for another page, fail."""

    name = "single_version_picker"

    def version_picker(self, ctx: Context) -> bool:
        if ctx.ref.version_picker or len(ctx.ours.version_picker) != 1:
            return False
        text, href = ctx.ours.version_picker[0]
        return bool(text) and href.rstrip("/") == ctx.rec["url"].rstrip("/")


class IndentedDataReference(Rule):
    """``{% indented_data_reference %}`` (spec §5.4, §11.6): the original rendered the snippet
    with the engine's context object instead of the site data, so every ``{% data %}`` inside it
    came out empty ("allow anyone to host a  site").  We render it like ``{% data %}``.  Accepts
    text that only ours has when it is the value of a ``{% data %}`` variable used in a snippet
    the page includes that way, standing between the same words as in the snippet's source."""

    name = "indented_data_reference"

    def text(self, ctx: Context, hunk: Hunk) -> bool:
        inserted = hunk.ours_part.strip()
        if hunk.ref_part.strip() or not inserted:
            return False
        dirs = tuple(sources.data_dirs(ctx.rec))
        before_text = hunk.ref[:hunk.a1].rstrip()
        after_text = hunk.ref[hunk.a2:].lstrip()
        for page in sources.page_sources(ctx.rec)[:1]:
            for before, key, after in sources.snippet_data_tags(page, dirs):
                if (inserted == sources.data_value(key, dirs) and before_text.endswith(before)
                        and after_text.startswith(after)):
                    return True
        return False


_TAGS = re.compile(r"(?:</?[A-Za-z][\w.:-]*>)+")


class ShellFenceTags(Rule):
    """Shell fences (```` ```shell ````) are HTML in the original, so a literal tag in the code
    became an element and vanished from the text: Kotlin's ``register<MavenPublication>("gpr")``
    showed as ``register("gpr")`` (spec §11.10).  We keep only ``<em> <strong> <b> <i>`` as markup
    and show any other tag as written.  Accepts tag-shaped text (``<Name>``, ``</Name>``) that
    only ours has, inside one of our ```` ```shell ```` blocks; any other text, or a tag outside
    shell code, fails."""

    name = "shell_fence_tags"

    def text(self, ctx: Context, hunk: Hunk) -> bool:
        if hunk.ref_part or not _TAGS.fullmatch(hunk.ours_part):
            return False
        return any(start <= hunk.b1 and hunk.b2 <= end for start, end in ctx.ours.shell_spans)


_SOURCE_TAG = re.compile(r"</?(?:pre|code|em|strong|a|p|div|span)\b[^<>]*>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
_BOLD = re.compile(r"(?:\*\*)+")
_BULLETS = {"-", "*"}


class SourceShownAsText(Rule):
    """Where the original could not parse a list item (an indented ```` ```shell ```` block after
    an unindented line, a ``{% warning %}`` between nested items), it showed the item's source
    as text: ``<pre><code class="hljs language-shell">…</code></pre>``, ``[**Make private**]``,
    ``![alt](/assets/…)``, ``- `` list markers.  We render what the writer meant (the English
    golden of the same page has that structure).  Accepts reference text that ours lacks when it
    is made only of such source markup: HTML tags of those names, ``**``, Markdown images, and
    list markers (those only on a page whose reference shows other source markup too).  Words,
    or any text that ours has instead, fail."""

    name = "source_shown_as_text"

    def text(self, ctx: Context, hunk: Hunk) -> bool:
        if hunk.ours_part.strip():
            return False
        part = hunk.ref_part
        rest = _MD_IMAGE.sub(" ", _SOURCE_TAG.sub(" ", part))
        words = rest.split()
        if not part.strip() or any(not _BOLD.fullmatch(w) and w not in _BULLETS for w in words):
            return False
        bullets = [w for w in words if w in _BULLETS]
        if not bullets:
            return True
        # a list marker stands alone: blank (or the text's edge) on both sides
        starts_clear = part[:1].isspace() or hunk.a1 == 0 or hunk.ref[hunk.a1 - 1].isspace()
        ends_clear = (part[-1:].isspace() or hunk.a2 == len(hunk.ref)
                      or hunk.ref[hunk.a2].isspace())
        shows_source = bool(_SOURCE_TAG.search(hunk.ref) or _MD_IMAGE.search(hunk.ref)
                            or "**" in hunk.ref)
        return starts_clear and ends_clear and shows_source


_RAW_LIQUID_SLUG = re.compile(r"(^|-)data-(variables|reusables)")


def defective_id(ref_id: str, ref_ids: list[str]) -> bool:
    """Is this one of the ids the original got wrong on translated pages: empty, not ASCII (a
    slug of the translated text), a slug of a raw ``{% data %}`` tag, or given to two headings?"""
    return (not ref_id or not ref_id.isascii() or bool(_RAW_LIQUID_SLUG.search(ref_id))
            or ref_ids.count(ref_id) > 1)


class JaHeadingIds(Rule):
    """Translated pages: every h2-h4 id is the English slug of the heading at the same position
    (Liquid filled in, unique), so an anchor is the same in every language.  The original did
    this only where it found the English page by its default-version URL (not on index pages,
    nor on pages without a free-pro-team version: those kept slugs of the translated text), gave
    an empty id (``<h3 id="">``, ``href="#"``) or a slug of the raw ``{% data %}`` tag where the
    English heading held Liquid, and one id to two headings where a translated heading text
    repeated.  Accepts, on a translated page, such a defective reference id where ours is the id
    of the English golden record at the same position (which must have as many headings); then
    the heading's self-link and its mini TOC entry may carry the same pair of ids.  A reference
    id that is a plain, unique ASCII slug must match ours."""

    name = "ja_heading_ids"

    def heading_id(self, ctx: Context, i: int, ref_id: str, ours_id: str) -> bool:
        english = ctx.english
        return (ctx.lang != "en" and english is not None
                and len(english.heading_ids) == len(ctx.ref.heading_ids)
                and english.heading_ids[i] == ours_id
                and defective_id(ref_id, ctx.ref.heading_ids))

    def hrefs(self, ctx: Context, missing: Counter, extra: Counter) -> list[Pair]:
        pairs: list[Pair] = []
        left_missing, left_extra = Counter(missing), Counter(extra)
        for old, new in ctx.id_pairs.values():
            if left_missing[f"#{old}"] > 0 and left_extra[f"#{new}"] > 0:
                left_missing[f"#{old}"] -= 1
                left_extra[f"#{new}"] -= 1
                pairs.append((f"#{old}", f"#{new}"))
        return pairs

    def mini_toc(self, ctx: Context, ref_item: tuple[str, str],
                 ours_item: tuple[str, str]) -> bool:
        pair = (ref_item[1].removeprefix("#"), ours_item[1].removeprefix("#"))
        return (ref_item[0] == ours_item[0] and ref_item[1].startswith("#")
                and ours_item[1].startswith("#") and pair in ctx.id_pairs.values())


def _is_subsequence(items: list, of: list) -> bool:
    rest = iter(of)
    return all(item in rest for item in items)


class JaVersionPicker(Rule):
    """Translated pages have every version of the English page (English stands in where the
    translation lacks one, spec §8.2), so the version picker lists the English page's versions,
    linked in the page's language.  The original listed only the versions of the translated
    frontmatter, and on a page it served in English (``ja_fallback_to_en``) linked them to
    ``/en/``.  Accepts our picker when it is the English golden record's, moved to this
    language, and the reference's entries are some of those entries in the same order (linked
    to ``/en/`` only on a page the original served in English); an entry the English golden
    lacks, a changed title or order, or an empty reference picker, fails."""

    name = "ja_version_picker"

    def version_picker(self, ctx: Context) -> bool:
        english, lang = ctx.english, ctx.lang
        if lang == "en" or english is None or not ctx.ref.version_picker:
            return False
        expected = [(text, sources.move_to_language(href, lang))
                    for text, href in english.version_picker]
        ref = ctx.ref.version_picker
        if ctx.rec.get("ja_fallback_to_en"):
            ref = [(text, sources.move_to_language(href, lang)) for text, href in ref]
        return ctx.ours.version_picker == expected and _is_subsequence(ref, expected)


class JaBreadcrumbs(Rule):
    """Translated pages: the navigation (sidebar, breadcrumbs, map-topic lists) follows the
    English index pages, which list every page at its current path.  The original read each
    language's own index pages, whose older tables of contents name moved pages by their old
    paths, so a page there lost its map-topic and article crumbs.  Accepts our crumbs when the
    reference's are a proper prefix of them and each crumb only ours has links where the
    English golden record's crumb at that position links (moved to this language) and is named
    by the title or short title the translation gives that page (the English file's where the
    translation lacks it)."""

    name = "ja_breadcrumbs"

    def breadcrumbs(self, ctx: Context) -> bool:
        english, corpus = ctx.english, ctx.corpus
        ours, ref = ctx.ours.breadcrumbs, ctx.ref.breadcrumbs
        n = len(ref)
        if (ctx.lang == "en" or english is None or corpus is None or n >= len(ours)
                or ours[:n] != ref or len(english.breadcrumbs) != len(ours)):
            return False
        for (text, href), (_en_text, en_href) in zip(ours[n:], english.breadcrumbs[n:]):
            if href != sources.move_to_language(en_href, ctx.lang):
                return False
            if text not in sources.page_titles(corpus, href or ctx.rec["url"], ctx.lang):
                return False
        return True


class JaTocLists(Rule):
    """Translated pages: the lists of a map topic or category page come from the English index
    pages, like the rest of the navigation (see :class:`JaBreadcrumbs`).  The original read the
    translated index page, whose older table of contents can list a page that English no longer
    lists there (by its old path).  Accepts a list entry (``a.link-with-intro`` and its intro)
    that only the reference has, whose target neither our page nor the English golden record of
    the page links: its text and its link."""

    name = "ja_toc_lists"

    def _dropped(self, ctx: Context) -> list[tuple[str, str]]:
        english = ctx.english
        if ctx.lang == "en" or english is None:
            return []
        known = {sources.move_to_language(href, ctx.lang) for href in english.hrefs}
        return [(href, text) for href, text in ctx.ref.list_entries
                if href not in known and href not in ctx.ours.hrefs]

    def text(self, ctx: Context, hunk: Hunk) -> bool:
        part = norm_text(hunk.ref_part)
        return (not hunk.ours_part.strip() and bool(part)
                and any(part == text for _href, text in self._dropped(ctx)))

    def hrefs(self, ctx: Context, missing: Counter, extra: Counter) -> list[Pair]:
        return [(href, None) for href, _text in self._dropped(ctx) if missing.get(href, 0) > 0]


PAGE_RULES: list[Rule] = [FragmentSlash(), LandingVersionPicker(), SingleVersionPicker(),
                          IndentedDataReference(),
                          ShellFenceTags(), SourceShownAsText(), JaHeadingIds(),
                          JaVersionPicker(), JaBreadcrumbs(), JaTocLists()]
