"""Parity: compare a built site with the original renderer's golden outputs.

``python -m builder.parity --site _site-corpus --reference <corpus>/reference`` prints, per
record, what differs (a short diff) and the summary lines ``parity: N/M records match`` and
``redirects: N/M match``.  Pages are compared as parsed HTML (selectolax), never as bytes: title,
h1, intro, the article as whitespace-normalised text, the multiset of link targets and the heading
ids inside the article, and the mini TOC, breadcrumbs and version picker entries.

Deliberate differences from the original (bugs we fix) are :data:`RULES`: each is a named
normalisation applied to both sides of every record, never a per-record exception.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_WS = re.compile(r"\s+")


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


def _article_facts(ex: Extract, article: Node | None) -> None:
    if article is None:
        return
    ex.article_text = node_text(article)
    ex.hrefs = Counter(a.attributes.get("href") or "" for a in article.css("a[href]"))
    ex.heading_ids = [h.attributes.get("id") or "" for h in article.css("h1,h2,h3,h4,h5,h6")
                      if "id" in h.attributes]


def from_reference(rec: dict) -> Extract:
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


def _links(node: Node | None, current: str = "") -> list[tuple[str, str]]:
    if node is None:
        return []
    out = []
    for a in node.css("a"):
        href = a.attributes.get("href") or ""
        out.append((node_text(a), "" if href == current and current else href))
    return out


def from_built(html: str, url: str, has_article: bool) -> Extract:
    tree = HTMLParser(html)
    title = tree.css_first("title")
    h1 = tree.css_first("h1")
    intro = tree.css_first("#article-intro")
    ex = Extract(title=node_text(title), h1=node_text(h1), intro=node_text(intro))
    if has_article:
        _article_facts(ex, tree.css_first("#article-contents"))
    mini = tree.css_first("#mini-toc")
    ex.mini_toc = [(t, h) for t, h in _links(mini) if h != "#in-this-article"]
    crumbs = tree.css_first("#breadcrumbs")
    if crumbs is not None:
        ex.breadcrumbs = [(node_text(n), "" if n.tag != "a" or n.attributes.get("href") == url
                           else n.attributes.get("href") or "")
                          for n in crumbs.css("a, span.breadcrumb-current")]
    ex.version_picker = _links(tree.css_first("#version-picker"))
    return ex


# -- deliberate differences ------------------------------------------------------------------

Rule = Callable[[Extract, Extract, dict], None]


def rule_ja_heading_ids(ours: Extract, ref: Extract, rec: dict) -> None:
    """Japanese pages: the original emitted empty ids (``<h3 id="">``) where the English heading
    held Liquid or formatting; we emit a real slug instead.  Empty reference ids match anything."""
    if rec.get("lang") == "en" or len(ours.heading_ids) != len(ref.heading_ids):
        return
    for i, ref_id in enumerate(ref.heading_ids):
        if ref_id == "":
            ref.heading_ids[i] = ours.heading_ids[i]
    for t, (text, href) in enumerate(ref.mini_toc):
        if href == "#" and t < len(ours.mini_toc):
            ref.mini_toc[t] = (text, ours.mini_toc[t][1])
    # the empty ids also produced href="#" self-links inside the article
    if ref.hrefs.get("#"):
        n = ref.hrefs.pop("#")
        for h in list(ours.hrefs):
            if n <= 0:
                break
            if h.startswith("#") and h not in ref.hrefs:
                ref.hrefs[h] += min(ours.hrefs[h], n)
                n -= min(ours.hrefs[h], n)


RULES: list[Rule] = [rule_ja_heading_ids]


# -- comparison -------------------------------------------------------------------------------


def compare(ours: Extract, ref: Extract, rec: dict) -> list[str]:
    for rule in RULES:
        rule(ours, ref, rec)
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
                out=sys.stdout) -> tuple[int, int]:
    records = [json.loads(line) for line in reference.joinpath(name).read_text().splitlines()
               if line.strip()]
    matched = 0
    considered = 0
    for rec in records:
        if rec.get("status") != 200:
            continue
        considered += 1
        path = built_file(site, rec["url"])
        if not path.is_file():
            print(f"MISSING {rec['url']}", file=out)
            continue
        ours = from_built(path.read_text(encoding="utf-8"), rec["url"],
                          rec.get("article_html") is not None)
        problems = compare(ours, from_reference(rec), rec)
        if problems:
            print(f"DIFF {rec['url']}", file=out)
            for p in problems:
                print(f"  - {p}", file=out)
        else:
            matched += 1
    return matched, considered


def check_redirects(site: Path, reference: Path, out=sys.stdout) -> tuple[int, int]:
    redirects_file = site / "redirects.json"
    table = json.loads(redirects_file.read_text()) if redirects_file.is_file() else {}
    records = [json.loads(line) for line in
               reference.joinpath("redirects.jsonl").read_text().splitlines() if line.strip()]
    matched = 0
    for rec in records:
        url = rec["url"]
        path_only = url.split("?", 1)[0]
        page = built_file(site, path_only).is_file() and path_only == path_only.rstrip("/")
        target = table.get(path_only.rstrip("/") or "/")
        ok = False
        if rec["status"] == 301:
            want = (rec.get("location") or "").split("?", 1)[0]
            ok = target == want or (path_only.endswith("/") and path_only.rstrip("/") == want)
        elif rec["status"] == 404:
            ok = not page and target is None
        elif rec["status"] == 200:
            ok = page
        else:
            ok = target is not None
        if ok:
            matched += 1
        else:
            print(f"REDIRECT {rec['status']} {url} -> {rec.get('location')} "
                  f"(ours: page={page} redirect={target}) [{rec.get('kind')}]", file=out)
    return matched, len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("_site-corpus"))
    parser.add_argument("--reference", type=Path,
                        default=Path("../shared/corpus/github-docs-2021-03/reference"))
    parser.add_argument("--lang", action="append", default=None)
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    for lang in args.lang or ["en", "ja"]:
        name = f"pages-{lang}.jsonl"
        if not args.site.joinpath(lang).is_dir():
            continue
        matched, total = check_pages(args.site, args.reference, name)
        label = "parity" if lang == "en" else f"parity ({lang})"
        print(f"{label}: {matched}/{total} records match")
    matched, total = check_redirects(args.site, args.reference)
    print(f"redirects: {matched}/{total} match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
