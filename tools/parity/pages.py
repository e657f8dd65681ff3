"""Compare our pages with the golden records, difference by difference.

Each difference must be accepted by a rule of :mod:`tools.parity.rules`, or the record fails.
``rules X: N records`` counts the matching records in which rule X accepted a difference: the
records that would fail without it (the rules accept disjoint kinds of difference).
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .extract import Extract, from_built, from_reference
from .rules import PAGE_RULES, Context, Hunk, Rule


@dataclass
class Verdict:
    """The differences no rule accepted, and the rules that accepted one."""

    problems: list[str] = field(default_factory=list)
    accepted_by: set[str] = field(default_factory=set)

    @property
    def matches(self) -> bool:
        return not self.problems


def text_hunks(ref: str, ours: str) -> list[Hunk]:
    """Where two texts differ, character by character.  The common head and tail are cut off
    first, so a long article with one small difference costs little."""
    if ref == ours:
        return []
    head = 0
    limit = min(len(ref), len(ours))
    while head < limit and ref[head] == ours[head]:
        head += 1
    tail = 0
    while tail < limit - head and ref[-1 - tail] == ours[-1 - tail]:
        tail += 1
    a, b = ref[head:len(ref) - tail], ours[head:len(ours) - tail]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [Hunk(ref, ours, head + a1, head + a2, head + b1, head + b2)
            for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal"]


def _first(rules: Sequence[Rule], verdict: Verdict, accepts) -> bool:
    for rule in rules:
        if accepts(rule):
            verdict.accepted_by.add(rule.name)
            return True
    return False


def _compare_text(ctx: Context, rules: Sequence[Rule], verdict: Verdict) -> None:
    rejected = [h for h in text_hunks(ctx.ref.article_text, ctx.ours.article_text)
                if not _first(rules, verdict, lambda rule, h=h: rule.text(ctx, h))]
    if rejected:
        lines = [_show(h) for h in rejected[:4]] + (["    ..."] if len(rejected) > 4 else [])
        verdict.problems.append("article text differs:\n" + "\n".join(lines))


def _show(hunk: Hunk, width: int = 70) -> str:
    """One hunk as ``...context[-reference-]{+ours+}``."""
    context = hunk.ref[max(0, hunk.a1 - 30):hunk.a1]
    return f"    ...{context}[-{hunk.ref_part[:width]}-]{{+{hunk.ours_part[:width]}+}}"


def _compare_heading_ids(ctx: Context, rules: Sequence[Rule], verdict: Verdict) -> None:
    ours, ref = ctx.ours.heading_ids, ctx.ref.heading_ids
    if len(ours) != len(ref):
        verdict.problems.append(f"heading ids: ours {ours} != {ref}")
        return
    bad = []
    for i, (ref_id, ours_id) in enumerate(zip(ref, ours)):
        if ref_id == ours_id:
            continue
        if _first(rules, verdict, lambda rule: rule.heading_id(ctx, i, ref_id, ours_id)):
            ctx.id_pairs[i] = (ref_id, ours_id)
        else:
            bad.append(f"#{i}: ours {ours_id!r} != {ref_id!r}")
    if bad:
        verdict.problems.append("heading ids: " + "; ".join(bad))


def _compare_hrefs(ctx: Context, rules: Sequence[Rule], verdict: Verdict) -> None:
    missing = ctx.ref.hrefs - ctx.ours.hrefs
    extra = ctx.ours.hrefs - ctx.ref.hrefs
    for rule in rules:
        if not (missing or extra):
            break
        for ref_href, ours_href in rule.hrefs(ctx, Counter(missing), Counter(extra)):
            if (ref_href is not None and missing[ref_href] <= 0) or (
                    ours_href is not None and extra[ours_href] <= 0):
                continue  # a rule cannot account for a link twice
            if ref_href is not None:
                missing[ref_href] -= 1
            if ours_href is not None:
                extra[ours_href] -= 1
            verdict.accepted_by.add(rule.name)
        missing, extra = +missing, +extra
    if missing or extra:
        verdict.problems.append(f"article hrefs: missing {dict(missing)} extra {dict(extra)}")


def _compare_mini_toc(ctx: Context, rules: Sequence[Rule], verdict: Verdict) -> None:
    ours, ref = ctx.ours.mini_toc, ctx.ref.mini_toc
    if ours == ref:
        return
    if len(ours) != len(ref) or not all(
            r == o or _first(rules, verdict, lambda rule, r=r, o=o: rule.mini_toc(ctx, r, o))
            for r, o in zip(ref, ours)):
        verdict.problems.append(f"mini_toc: ours {ours} != {ref}")


def compare(ours: Extract, ref: Extract, rec: dict,
            rules: Sequence[Rule] | None = None) -> Verdict:
    """Every difference between our facts and the golden record's, judged by the rules."""
    rules = PAGE_RULES if rules is None else rules
    ctx = Context(rec, ours, ref)
    verdict = Verdict()
    for name in ("title", "h1", "intro"):
        if getattr(ours, name) != getattr(ref, name):
            verdict.problems.append(f"{name}: ours {getattr(ours, name)!r} != "
                                    f"{getattr(ref, name)!r}")
    if rec.get("article_html") is not None:
        _compare_text(ctx, rules, verdict)
        _compare_heading_ids(ctx, rules, verdict)  # before links and the TOC, which follow ids
        _compare_hrefs(ctx, rules, verdict)
    _compare_mini_toc(ctx, rules, verdict)
    for name in ("breadcrumbs", "version_picker"):
        if getattr(ours, name) != getattr(ref, name) and not _first(
                rules, verdict, lambda rule, name=name: getattr(rule, name)(ctx)):
            verdict.problems.append(f"{name}: ours {getattr(ours, name)} != {getattr(ref, name)}")
    return verdict


def check_record(rec: dict, html: str, rules: Sequence[Rule] | None = None) -> Verdict:
    """The verdict on one page record and our HTML for its URL."""
    has_article = rec.get("article_html") is not None
    return compare(from_built(html, rec["url"], has_article), from_reference(rec), rec, rules)


def built_file(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def check_pages(site: Path, reference: Path, name: str = "pages-en.jsonl",
                out=sys.stdout, effects: Counter | None = None) -> tuple[int, int]:
    """Compare every status-200 record; ``effects`` (if given) counts, per rule, the matching
    records in which it accepted a difference."""
    records = [json.loads(line) for line in reference.joinpath(name).read_text().splitlines()
               if line.strip()]
    matched = considered = 0
    for rec in records:
        if rec.get("status") != 200:
            continue
        rec.setdefault("_corpus", str(reference.resolve().parent))
        considered += 1
        path = built_file(site, rec["url"])
        if not path.is_file():
            print(f"MISSING {rec['url']}", file=out)
            continue
        verdict = check_record(rec, path.read_text(encoding="utf-8"))
        if verdict.matches:
            matched += 1
            if effects is not None:
                effects.update(verdict.accepted_by)
        else:
            print(f"DIFF {rec['url']}", file=out)
            for problem in verdict.problems:
                print(f"  - {problem}", file=out)
    return matched, considered
