"""Parity: compare a built site with the original renderer's golden outputs.

``python -m builder.parity --site _site-corpus --reference <corpus>/reference`` prints, per
record, what differs (a short diff) and the summary lines ``parity: N/M records match`` and
``redirects: N/M match``, then how many records each rule decides.  Pages are compared as parsed
HTML (selectolax), never as bytes: title, h1, intro, the article as whitespace-normalised text,
the multiset of link targets and the heading ids inside the article, and the mini TOC,
breadcrumbs and version picker entries.

Deliberate differences from the original (bugs we fix, documented choices) are rules: each is a
named normalisation applied to every record, never a per-record exception.  :data:`DOM_RULES`
normalise a parsed article (ours and the reference's) before its facts are taken, :data:`RULES`
normalise the facts, :data:`REDIRECT_RULES` the redirect records.  A rule's docstring gives the
reason; ``rule X: N records`` counts the records whose verdict changes without that rule.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_WS = re.compile(r"\s+")
REPO = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO / "configs" / "github-docs-2021-03.yml"


def norm_text(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


_BLOCKS = ("p,li,h1,h2,h3,h4,h5,h6,pre,div,td,th,tr,table,thead,tbody,ul,ol,blockquote,dl,dt,"
           "dd,br,hr,header,section,details,summary,img,figure")


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
    layout: str = ""  # ours only: the layout named by the body class


# -- deliberate differences: on the parsed article ----------------------------------------------

DomRule = Callable[[Node, str, dict], bool]  # (article, "ours" | "ref", record) -> changed?

_TAG_TEXT = re.compile(r"</?[A-Za-z][\w.:-]*>")


def rule_shell_fence_tags(article: Node, side: str, rec: dict) -> bool:
    """Shell fences (```` ```shell ````) are HTML in the original, so a literal tag in the code
    became an element and vanished from the text: Kotlin's ``register<MavenPublication>("gpr")``
    showed as ``register("gpr")`` (spec §11.10).  We keep only ``<em> <strong> <b> <i>`` as markup
    and show any other tag as written.  Both sides: tag-shaped text and unknown elements inside
    shell code are dropped before comparing, so only the code around them counts."""
    changed = False
    for code in article.css("pre code.language-shell"):
        text = code.text()
        stripped = _TAG_TEXT.sub("", text)
        unknown = any(n.tag not in ("em", "strong", "b", "i", "span", "code")
                      for n in code.css("*"))
        code.replace_with(stripped)
        changed = changed or stripped != text or unknown
    return changed


def rule_ja_toc_lists(article: Node, side: str, rec: dict) -> bool:
    """Translated pages: the lists of a map topic or category page come from the English index
    pages, like the rest of the navigation (see :func:`rule_ja_breadcrumbs`).  The original read
    the translated index page, whose older table of contents can list a page that English no
    longer lists there (by its old path).  On the reference side, a ``link-with-intro`` entry
    whose target the English golden record of the page does not link is dropped."""
    english = _english_counterpart(rec) if side == "ref" else None
    if english is None:
        return False
    lang = rec["lang"]
    known = {f"/{lang}{href[3:]}" if href.startswith("/en/") else href for href in english.hrefs}
    changed = False
    for link in article.css("a.link-with-intro"):
        if (link.attributes.get("href") or "") in known:
            continue
        intro = link.next
        while intro is not None and intro.tag == "-text" and not (intro.text() or "").strip():
            intro = intro.next
        if intro is not None and "link-with-intro-intro" in (intro.attributes.get("class") or ""):
            intro.decompose()
        link.decompose()
        changed = True
    return changed


DOM_RULES: list[DomRule] = [rule_shell_fence_tags, rule_ja_toc_lists]


# -- extraction ---------------------------------------------------------------------------------


def _article_facts(ex: Extract, article: Node | None, side: str, rec: dict,
                   dom_rules: Sequence[DomRule], touched: set[str]) -> None:
    if article is None:
        return
    for rule in dom_rules:
        if rule(article, side, rec):
            touched.add(rule.__name__)
    ex.article_text = node_text(article)
    ex.hrefs = Counter(a.attributes.get("href") or "" for a in article.css("a[href]"))
    ex.heading_ids = [h.attributes.get("id") or "" for h in article.css("h1,h2,h3,h4,h5,h6")
                      if "id" in h.attributes]


def from_reference(rec: dict, dom_rules: Sequence[DomRule] | None = None,
                   touched: set[str] | None = None) -> Extract:
    ex = Extract(title=norm_text(rec.get("title")), h1=norm_text(rec.get("h1")),
                 intro=norm_text(rec.get("intro")))
    if rec.get("article_html") is not None:
        tree = HTMLParser(f"<div id='x'>{rec['article_html']}</div>")
        _article_facts(ex, tree.css_first("#x"), "ref", rec,
                       DOM_RULES if dom_rules is None else dom_rules,
                       set() if touched is None else touched)
    ex.mini_toc = [(norm_text(i["text"]), i.get("href") or "") for i in rec.get("mini_toc") or []]
    # the current page's crumb: compared by text only (the original linked it, we do not)
    ex.breadcrumbs = [(norm_text(i["text"]), "" if i.get("href") == rec["url"] else
                       i.get("href") or "") for i in rec.get("breadcrumbs") or []]
    ex.version_picker = [(norm_text(i["text"]), i.get("href") or "")
                         for i in rec.get("version_picker") or []]
    return ex


def _links(node: Node | None, current: str = "") -> list[tuple[str, str]]:
    if node is None:
        return []
    out = []
    for a in node.css("a"):
        href = a.attributes.get("href") or ""
        out.append((node_text(a), "" if href == current and current else href))
    return out


def from_built(html: str, url: str, has_article: bool, rec: dict | None = None,
               dom_rules: Sequence[DomRule] | None = None,
               touched: set[str] | None = None) -> Extract:
    tree = HTMLParser(html)
    title = tree.css_first("title")
    h1 = tree.css_first("h1")
    intro = tree.css_first("#article-intro")
    ex = Extract(title=node_text(title), h1=node_text(h1), intro=node_text(intro))
    body = tree.css_first("body")
    classes = (body.attributes.get("class") or "").split() if body is not None else []
    ex.layout = next((c.removeprefix("layout-") for c in classes if c.startswith("layout-")), "")
    if has_article:
        _article_facts(ex, tree.css_first("#article-contents"), "ours", rec or {"url": url},
                       DOM_RULES if dom_rules is None else dom_rules,
                       set() if touched is None else touched)
    mini = tree.css_first("#mini-toc")
    ex.mini_toc = [(t, h) for t, h in _links(mini) if h != "#in-this-article"]
    crumbs = tree.css_first("#breadcrumbs")
    if crumbs is not None:
        ex.breadcrumbs = [(node_text(n), "" if n.tag != "a" or n.attributes.get("href") == url
                           else n.attributes.get("href") or "")
                          for n in crumbs.css("a, span.breadcrumb-current")]
    ex.version_picker = _links(tree.css_first("#version-picker"))
    return ex


# -- deliberate differences: on the facts -------------------------------------------------------

Rule = Callable[[Extract, Extract, dict], "bool | None"]  # -> changed something?

_SLASH_BEFORE_SUFFIX = re.compile(r"^(/[^?#]*?)/+([?#].*)$")


def rule_fragment_slash(ours: Extract, ref: Extract, rec: dict) -> bool:
    """``[x](/path/#anchor)``: the original stripped trailing slashes only at the very end of an
    href (spec §6.5 step 5), so ``/en/path/#anchor`` kept its slash and cost readers a redirect
    hop (``/en/path/`` -> ``/en/path``).  We strip the slash before ``#``/``?`` too."""
    fixed = Counter()
    for href, n in ref.hrefs.items():
        fixed[_SLASH_BEFORE_SUFFIX.sub(r"\1\2", href)] += n
    changed = fixed != ref.hrefs
    ref.hrefs = fixed
    return changed


def rule_landing_version_picker(ours: Extract, ref: Extract, rec: dict) -> bool:
    """Product landing pages (``layout: product-landing``, e.g. ``/en/actions``): the original's
    landing layout had no version picker, so a reader there could not switch to the Enterprise
    Server docs of the product.  Ours offers the same picker as every other page."""
    if ours.layout != "product-landing" or ref.version_picker or not ours.version_picker:
        return False
    ours.version_picker = []
    return True


def rule_single_version_picker(ours: Extract, ref: Extract, rec: dict) -> bool:
    """A page in one version only: the original hid its version switcher, so a reader of an
    Enterprise-only page could not see which release it was.  Ours shows that one version
    (issue 13), linking to the page itself."""
    if ref.version_picker or len(ours.version_picker) != 1:
        return False
    if ours.version_picker[0][1].rstrip("/") != rec["url"].rstrip("/"):
        return False
    ours.version_picker = []
    return True


_IDR_TAG = re.compile(r"{%-?\s*indented_data_reference\s+site\.data\.([\w.-]+)")
_DATA_TAG = re.compile(r"{%-?\s*data\s.*?%}")
_LIQUID = re.compile(r"{%.*?%}|{{.*?}}")
_MARKS = re.compile(r"[*_`]|\]\([^)]*\)|[\[\]]")


def _source_files(rec: dict) -> tuple[Path | None, list[Path]]:
    """The record's page source and its data folders (translation first), when known."""
    corpus = rec.get("_corpus")
    if not corpus or not rec.get("content_path"):
        return None, []
    root = Path(corpus)
    english = root / rec["content_path"]  # "content/<product>/..."
    data = [root / "data"]
    if rec.get("lang", "en") != "en" and not rec.get("ja_fallback_to_en"):
        translated = root / "translations" / "ja-JP"
        data.insert(0, translated / "data")
        page = translated / rec["content_path"]
        return (page if page.is_file() else english), data
    return english, data


@functools.lru_cache(maxsize=None)
def _emptied_data_contexts(page: Path, data: tuple[Path, ...]) -> tuple[tuple[str, str], ...]:
    """(words before, words after) each ``{% data %}`` tag of the snippets the page includes
    with ``indented_data_reference``: the places where the original's text lost the value."""
    found = []
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    for key in dict.fromkeys(_IDR_TAG.findall(text)):
        snippet = next((d.joinpath(*key.split(".")).with_suffix(".md") for d in data
                        if d.joinpath(*key.split(".")).with_suffix(".md").is_file()), None)
        if snippet is None:
            continue
        for line in snippet.read_text(encoding="utf-8").splitlines():
            for m in _DATA_TAG.finditer(line):
                before = _LIQUID.split(line[:m.start()])[-1]
                after = _LIQUID.split(line[m.end():])[0]
                b = norm_text(_MARKS.sub("", before)).split()[-3:]
                a = norm_text(_MARKS.sub("", after)).split()[:3]
                if b and a:
                    found.append((" ".join(b), " ".join(a)))
    return tuple(found)


def rule_indented_data_reference(ours: Extract, ref: Extract, rec: dict) -> bool:
    """``{% indented_data_reference %}`` (spec §5.4, §11.6): the original rendered the snippet
    with the engine's context object instead of the site data, so every ``{% data %}`` inside it
    came out empty ("allow anyone to host a  site").  We render it like ``{% data %}``.  The rule
    finds those tags in the snippets the page includes and drops, from our text, the value
    between the same words where the reference has nothing."""
    page, data = _source_files(rec)
    if page is None:
        return False
    changed = False
    for before, after in _emptied_data_contexts(page, tuple(data)):
        joined = f"{before} {after}"
        pattern = re.compile(re.escape(before) + r"\s*(\S.{0,79}?)\s*" + re.escape(after))
        while ours.article_text.count(joined) < ref.article_text.count(joined):
            text = pattern.sub(joined, ours.article_text, count=1)
            if text == ours.article_text:
                break
            ours.article_text = text
            changed = True
    return changed


@functools.lru_cache(maxsize=4)
def _english_records(reference: str) -> dict[str, dict]:
    """The English golden records by URL (``/en/...``)."""
    path = Path(reference) / "pages-en.jsonl"
    if not path.is_file():
        return {}
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip())
    return {r["url"]: r for r in records}


@functools.lru_cache(maxsize=512)
def _english_facts(reference: str, url: str) -> Extract | None:
    rec = _english_records(reference).get(url)
    if rec is None or rec.get("status") != 200:
        return None
    return from_reference(rec, dom_rules=[])


def _english_counterpart(rec: dict) -> Extract | None:
    """The facts of the English golden record of a translated record's page and version (the
    reference folder is the corpus's ``reference/``), or None."""
    lang = rec.get("lang") or "en"
    corpus = rec.get("_corpus")
    if lang == "en" or not corpus or not rec["url"].startswith(f"/{lang}"):
        return None
    return _english_facts(str(Path(corpus) / "reference"), "/en" + rec["url"][len(lang) + 1:])


_RAW_LIQUID_SLUG = re.compile(r"(^|-)data-(variables|reusables)")


def rule_ja_heading_ids(ours: Extract, ref: Extract, rec: dict) -> bool:
    """Translated pages: every h2-h4 id is the English slug of the heading at the same position
    (Liquid filled in, unique), so an anchor is the same in every language.  The original did
    this only where it found the English page by its default-version URL (not on index pages,
    nor on pages without a free-pro-team version: those kept slugs of the translated text), gave
    an empty id (``<h3 id="">``, ``href="#"``) or a slug of the raw ``{% data %}`` tag where the
    English heading held Liquid, and one id twice where a translated heading text repeated.

    When the reference, ours and the English golden record of the same page and version have
    as many headings, the expected ids are the English record's; otherwise only the reference's
    empty, raw-Liquid and repeated ids are taken as ours.  The heading self-links and the mini
    TOC follow the ids."""
    if rec.get("lang", "en") == "en" or len(ours.heading_ids) != len(ref.heading_ids):
        return False
    english = _english_counterpart(rec)
    if english is not None and len(english.heading_ids) == len(ref.heading_ids):
        expected = list(english.heading_ids)
    else:
        expected = [ours.heading_ids[i] if not old or _RAW_LIQUID_SLUG.search(old)
                    or old in ref.heading_ids[:i] else old
                    for i, old in enumerate(ref.heading_ids)]
    if expected == ref.heading_ids:
        return False
    toc, in_toc = 0, {href for _text, href in ours.mini_toc}  # ours tells which levels it lists
    for old, new in zip(ref.heading_ids, expected):
        if ref.hrefs.get(f"#{old}", 0) > 0 and old != new:
            ref.hrefs[f"#{old}"] -= 1
            ref.hrefs[f"#{new}"] += 1
        if toc < len(ref.mini_toc) and ref.mini_toc[toc][1] == f"#{old}" and f"#{new}" in in_toc:
            ref.mini_toc[toc] = (ref.mini_toc[toc][0], f"#{new}")
            toc += 1
    ref.hrefs = +ref.hrefs  # drop the zero counts
    ref.heading_ids = expected
    return True


def rule_ja_version_picker(ours: Extract, ref: Extract, rec: dict) -> bool:
    """Translated pages have every version of the English page (English stands in where the
    translation lacks one, spec §8.2), so the version picker lists the English page's versions,
    linked in the page's language.  The original listed only the versions of the translated
    frontmatter, and on a page it served in English linked them to ``/en/``.  Expected: the
    English golden record's picker of the same page and version, moved to this language."""
    english = _english_counterpart(rec)
    if english is None:
        return False
    lang = rec["lang"]
    expected = [(text, f"/{lang}{href[3:]}" if href.startswith("/en/") or href == "/en"
                 else href) for text, href in english.version_picker]
    if expected == ref.version_picker:
        return False
    ref.version_picker = expected
    return True


def rule_ja_breadcrumbs(ours: Extract, ref: Extract, rec: dict) -> bool:
    """Translated pages: the navigation (sidebar, breadcrumbs, map-topic lists) follows the
    English index pages, which list every page at its current path.  The original read each
    language's own index pages, whose older tables of contents name moved pages by their old
    paths, so a page there lost its map-topic and article crumbs.  When the reference's crumbs
    are a prefix of ours and our crumb links are the English golden record's (moved to this
    language), ours are expected."""
    english = _english_counterpart(rec)
    n = len(ref.breadcrumbs)
    if english is None or n >= len(ours.breadcrumbs) or ours.breadcrumbs[:n] != ref.breadcrumbs:
        return False
    lang = rec["lang"]
    moved = [f"/{lang}{href[3:]}" if href.startswith("/en/") else href
             for _text, href in english.breadcrumbs]
    if [href for _text, href in ours.breadcrumbs] != moved:
        return False
    ref.breadcrumbs = list(ours.breadcrumbs)
    return True


# Source text the original showed where it failed to parse a list item's content: HTML tags
# written out as text, and Markdown images, links and bold markers.  (Regular expressions on
# the golden record's *text*, never on HTML.)
_SOURCE_TAG = re.compile(r"</?(?:pre|code|em|strong|a|p|div|span)\b[^>]*>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_MD_BULLET = re.compile(r"(?:^|\s)[-*] (?=\S)")


def rule_source_shown_as_text(ours: Extract, ref: Extract, rec: dict) -> bool:
    """Where the original could not parse a list item (an indented ```` ```shell ```` block after
    an unindented line, a ``{% warning %}`` between nested items), it showed the item's source
    as text: ``<pre><code class="hljs language-shell">…</code></pre>``, ``[**Make private**]``,
    ``![alt](/assets/…)``.  We render what the writer meant (the English golden of the same page
    has that structure).  The rule removes such source markup from the reference text and counts
    the Markdown links it held as links; everything else must still match."""
    text = ref.article_text
    if not (_SOURCE_TAG.search(text) or _MD_LINK.search(text)):
        return False
    targets = [m.group(2) for m in _MD_LINK.finditer(_MD_IMAGE.sub("", text))]
    cleaned = _MD_LINK.sub(lambda m: m.group(1), _MD_IMAGE.sub("", _SOURCE_TAG.sub("", text)))
    cleaned = norm_text(_MD_BULLET.sub(" ", cleaned.replace("**", "")))
    ours_text = norm_text(_MD_BULLET.sub(" ", ours.article_text))  # list markers: both sides
    if cleaned.replace(" ", "") != ours_text.replace(" ", ""):
        return False
    ref.article_text = ours.article_text
    for target in targets:
        path = target.split("#", 1)[0].rstrip("/")
        for href in list(ours.hrefs - ref.hrefs):
            if path and href.split("#", 1)[0].endswith(path):
                ref.hrefs[href] += 1
                break
    return True


RULES: list[Rule] = [rule_fragment_slash, rule_landing_version_picker, rule_single_version_picker,
                     rule_indented_data_reference, rule_ja_heading_ids,
                     rule_ja_version_picker, rule_ja_breadcrumbs, rule_source_shown_as_text]


# -- comparison -------------------------------------------------------------------------------


def compare(ours: Extract, ref: Extract, rec: dict, rules: Sequence[Rule] | None = None,
            touched: set[str] | None = None) -> list[str]:
    for rule in RULES if rules is None else rules:
        if rule(ours, ref, rec) and touched is not None:
            touched.add(rule.__name__)
    problems = []
    for name in ("title", "h1", "intro"):
        if getattr(ours, name) != getattr(ref, name):
            problems.append(f"{name}: ours {getattr(ours, name)!r} != {getattr(ref, name)!r}")
    if rec.get("article_html") is not None:
        if ours.article_text != ref.article_text:
            problems.append("article text differs:\n" + short_diff(ref.article_text,
                                                                   ours.article_text))
        if ours.hrefs != ref.hrefs:
            missing = ref.hrefs - ours.hrefs
            extra = ours.hrefs - ref.hrefs
            problems.append(f"article hrefs: missing {dict(missing)} extra {dict(extra)}")
        if ours.heading_ids != ref.heading_ids:
            problems.append(f"heading ids: ours {ours.heading_ids} != {ref.heading_ids}")
    for name in ("mini_toc", "breadcrumbs", "version_picker"):
        if getattr(ours, name) != getattr(ref, name):
            problems.append(f"{name}: ours {getattr(ours, name)} != {getattr(ref, name)}")
    return problems


def check_record(rec: dict, html: str, rules: Sequence[Rule] | None = None,
                 dom_rules: Sequence[DomRule] | None = None,
                 touched: set[str] | None = None) -> list[str]:
    """The problems of one page record (empty: it matches), with the given rules."""
    has_article = rec.get("article_html") is not None
    ours = from_built(html, rec["url"], has_article, rec, dom_rules, touched)
    return compare(ours, from_reference(rec, dom_rules, touched), rec, rules, touched)


def rule_effects(rec: dict, html: str, touched: set[str], problems: list[str]) -> list[str]:
    """The rules (among those that changed something) without which the verdict would differ."""
    deciding = []
    for name in sorted(touched):
        rules = [r for r in RULES if r.__name__ != name]
        dom_rules = [r for r in DOM_RULES if r.__name__ != name]
        if bool(check_record(rec, html, rules, dom_rules)) != bool(problems):
            deciding.append(name)
    return deciding


def short_diff(expected: str, actual: str, width: int = 70) -> str:
    sm = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    lines = []
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            continue
        ctx = expected[max(0, a1 - 30):a1]
        lines.append(f"    ...{ctx}[-{expected[a1:a2][:width]}-]{{+{actual[b1:b2][:width]}+}}")
        if len(lines) >= 4:
            lines.append("    ...")
            break
    return "\n".join(lines)


def built_file(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def check_pages(site: Path, reference: Path, name: str = "pages-en.jsonl",
                out=sys.stdout, effects: Counter | None = None) -> tuple[int, int]:
    """Compare every status-200 record; ``effects`` (if given) counts records per deciding rule."""
    records = [json.loads(line) for line in reference.joinpath(name).read_text().splitlines()
               if line.strip()]
    matched = 0
    considered = 0
    for rec in records:
        if rec.get("status") != 200:
            continue
        rec.setdefault("_corpus", str(reference.resolve().parent))
        considered += 1
        path = built_file(site, rec["url"])
        if not path.is_file():
            print(f"MISSING {rec['url']}", file=out)
            continue
        html = path.read_text(encoding="utf-8")
        touched: set[str] = set()
        problems = check_record(rec, html, touched=touched)
        if effects is not None:
            effects.update(rule_effects(rec, html, touched, problems))
        if problems:
            print(f"DIFF {rec['url']}", file=out)
            for p in problems:
                print(f"  - {p}", file=out)
        else:
            matched += 1
    return matched, considered


# -- redirects ----------------------------------------------------------------------------------

RedirectRule = Callable[[dict, dict], bool]  # (record, facts of the site) -> changed the record?


def redirect_rule_trailing_slashes(rec: dict, facts: dict) -> bool:
    """``/x//``: the original stripped one trailing slash per redirect (``/x//`` -> ``/x/`` ->
    ``/x``).  A static host maps any number of trailing slashes to the same file, so a record is
    compared by where its chain ends: the location without its trailing slashes."""
    location = rec.get("location") or ""
    if rec.get("status") != 301 or not location.endswith("/") or location == "/":
        return False
    rec["location"] = location.rstrip("/")
    return True


def is_unanchored_user_quirk(url: str, location: str, config) -> bool:
    """Is ``url`` an alias of ``location`` that only the original's unanchored
    ``/<plan>@X.Y/<user_product>`` -> ``/<legacy>/X.Y/<user_segment>`` rewrite produced?"""
    rules = config.links
    for plan in config.plans:
        if not plan.legacy_prefix or not rules.legacy_user_product:
            continue
        pattern = rf"/{re.escape(plan.id)}@(\d.+?)/{re.escape(rules.legacy_user_product)}"
        quirk = re.sub(pattern, rf"/{plan.legacy_prefix}/\1/{rules.legacy_user_segment}",
                       location, count=1)
        segment = re.sub(pattern + r"(/|$)",
                         rf"/{plan.legacy_prefix}/\1/{rules.legacy_user_segment}\2",
                         location, count=1)
        if quirk == url and segment != url:
            return True
    return False


def redirect_rule_unanchored_user(rec: dict, facts: dict) -> bool:
    """Spec §9.2: the original turned ``/enterprise-server@X.Y/github`` into
    ``/enterprise/X.Y/user`` with an unanchored regex, so ``/admin/github-actions`` also gave
    ``/enterprise/3.0/admin/user-actions``, a URL that never existed.  We build the legacy
    ``user`` forms for the ``github`` product segment only; such records must answer 404."""
    config = facts.get("config")
    if config is None or rec.get("status") != 301:
        return False
    if is_unanchored_user_quirk(rec["url"].split("?", 1)[0], rec.get("location") or "", config):
        rec["status"], rec["location"] = 404, None
        return True
    return False


REDIRECT_RULES: list[RedirectRule] = [redirect_rule_trailing_slashes,
                                      redirect_rule_unanchored_user]


def _record_language(url: str, facts: dict) -> str:
    first = url.split("?", 1)[0].split("/")[1] if url.startswith("/") else ""
    return facts.get("aliases", {}).get(first, first if first in facts.get("langs", ()) else "en")


def _redirect_ok(rec: dict, site: Path, table: dict) -> tuple[bool, bool, str | None]:
    path_only = rec["url"].split("?", 1)[0]
    page = built_file(site, path_only).is_file() and path_only == path_only.rstrip("/")
    target = table.get(path_only.rstrip("/") or "/")
    if rec["status"] == 301:
        want = (rec.get("location") or "").split("?", 1)[0]
        ok = target == want or (path_only.endswith("/") and path_only.rstrip("/") == want)
    elif rec["status"] == 404:
        ok = not page and target is None
    elif rec["status"] == 200:
        ok = page
    else:
        ok = target is not None
    return ok, page, target


def check_redirects(site: Path, reference: Path, out=sys.stdout, config=None,
                    languages: Sequence[str] | None = None,
                    effects: Counter | None = None) -> tuple[int, int]:
    """Every record of ``redirects.jsonl`` (of ``languages``, when given) against the site's
    ``redirects.json`` and pages, after :data:`REDIRECT_RULES`."""
    redirects_file = site / "redirects.json"
    table = json.loads(redirects_file.read_text()) if redirects_file.is_file() else {}
    facts: dict = {"config": config, "langs": ("en", "ja"), "aliases": {}}
    if config is not None:
        facts["langs"] = tuple(lang.code for lang in config.languages)
        facts["aliases"] = {m.group(1): lang.code for lang in config.languages
                            for regex in lang.redirect_patterns
                            if (m := re.fullmatch(r"\^/([A-Za-z0-9_-]+)", regex))}
    records = [json.loads(line) for line in
               reference.joinpath("redirects.jsonl").read_text().splitlines() if line.strip()]
    if languages:
        records = [r for r in records if _record_language(r["url"], facts) in languages]
    matched = 0
    for rec in records:
        original = dict(rec)
        applied = [rule.__name__ for rule in REDIRECT_RULES if rule(rec, facts)]
        ok, page, target = _redirect_ok(rec, site, table)
        if effects is not None and applied and ok != _redirect_ok(original, site, table)[0]:
            effects.update(applied)
        if ok:
            matched += 1
        else:
            print(f"REDIRECT {original['status']} {original['url']} -> {original.get('location')} "
                  f"(ours: page={page} redirect={target}) [{rec.get('kind')}]", file=out)
    return matched, len(records)


def load_corpus_config(path: Path, reference: Path):
    """The corpus configuration (for the rules that name plans), or None if it cannot load."""
    from .config import load_config
    from .errors import BuilderError

    try:
        return load_config(path, reference.resolve().parent)
    except (BuilderError, OSError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("_site-corpus"))
    parser.add_argument("--reference", type=Path,
                        default=Path("../shared/corpus/github-docs-2021-03/reference"))
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--lang", action="append", default=None)
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    config = load_corpus_config(args.config, args.reference)
    effects: Counter = Counter()
    built = []
    for lang in args.lang or ["en", "ja"]:
        name = f"pages-{lang}.jsonl"
        if not args.site.joinpath(lang).is_dir():
            continue
        built.append(lang)
        lang_effects: Counter = Counter()
        matched, total = check_pages(args.site, args.reference, name, effects=lang_effects)
        label = "parity" if lang == "en" else f"parity ({lang})"
        print(f"{label}: {matched}/{total} records match")
        for rule, n in sorted(lang_effects.items()):
            print(f"  {rule.removeprefix('rule_')}: {n} records")
        effects.update(lang_effects)
    redirect_effects: Counter = Counter()
    matched, total = check_redirects(args.site, args.reference, config=config,
                                     languages=built or None, effects=redirect_effects)
    print(f"redirects: {matched}/{total} match")
    for rule, n in sorted(redirect_effects.items()):
        print(f"  {rule.removeprefix('redirect_rule_')}: {n} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
