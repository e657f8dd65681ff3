"""Compare the site's redirects with ``reference/redirects.jsonl``.

Each record says what the original answered for a URL: 301 and a location, 404, or 200.  Ours
is read from the site: ``redirects.json`` (the redirect table) and the pages written.  A record
that does not match is forgiven only when a rule of :data:`REDIRECT_RULES` accepts that exact
difference.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .pages import built_file


@dataclass(frozen=True)
class Answer:
    """What our site answers for a URL: a page there, where its redirect points, and (for a
    URL ending in ``/``) whether a static host finds the page without the slash."""

    page: bool
    target: str | None
    page_without_slash: bool = False


def answers(rec: dict, answer: Answer, status: int | None = None,
            location: str | None = None) -> bool:
    """Does our answer match the record (or the given status and location instead)?"""
    status = rec["status"] if status is None else status
    location = rec.get("location") if location is None else location
    path = rec["url"].split("?", 1)[0]
    if status == 301:
        want = (location or "").split("?", 1)[0]
        # a static host answers /x/ with the page /x: the record's location is then /x
        return answer.target == want or (answer.page_without_slash and path.rstrip("/") == want)
    if status == 404:
        return not answer.page and answer.target is None
    if status == 200:
        return answer.page
    return answer.target is not None


RedirectRule = Callable[[dict, Answer, dict], bool]  # (record, ours, facts) -> accepted?


def redirect_rule_trailing_slashes(rec: dict, ours: Answer, facts: dict) -> bool:
    """``/x//``: the original stripped one trailing slash per redirect (``/x//`` -> ``/x/`` ->
    ``/x``).  A static host maps any number of trailing slashes to the same file, so we redirect
    to where the chain ends.  Accepts a 301 to ``/x/`` (or ``/x//``) where ours goes to ``/x``;
    any other location fails."""
    location = rec.get("location") or ""
    if rec.get("status") != 301 or not location.endswith("/") or location == "/":
        return False
    return answers(rec, ours, 301, location.rstrip("/"))


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


def redirect_rule_unanchored_user(rec: dict, ours: Answer, facts: dict) -> bool:
    """Spec §9.2: the original turned ``/enterprise-server@X.Y/github`` into
    ``/enterprise/X.Y/user`` with an unanchored regex, so ``/admin/github-actions`` also gave
    ``/enterprise/3.0/admin/user-actions``, a URL that never existed.  We build the legacy
    ``user`` forms for the ``github`` product segment only.  Accepts a 301 whose URL only that
    rewrite produces, where ours answers 404 (no page, no redirect)."""
    config = facts.get("config")
    if config is None or rec.get("status") != 301:
        return False
    return (is_unanchored_user_quirk(rec["url"].split("?", 1)[0], rec.get("location") or "",
                                     config) and answers(rec, ours, 404))


REDIRECT_RULES: list[RedirectRule] = [redirect_rule_trailing_slashes,
                                      redirect_rule_unanchored_user]


def _record_language(url: str, facts: dict) -> str:
    first = url.split("?", 1)[0].split("/")[1] if url.startswith("/") else ""
    return facts.get("aliases", {}).get(first, first if first in facts.get("langs", ()) else "en")


def our_answer(rec: dict, site: Path, table: dict) -> Answer:
    path = rec["url"].split("?", 1)[0]
    stripped = path.rstrip("/")
    found = built_file(site, path).is_file()
    return Answer(found and path == stripped, table.get(stripped or "/"),
                  found and path != stripped)


def check_redirects(site: Path, reference: Path, out=sys.stdout, config=None,
                    languages: Sequence[str] | None = None,
                    effects: Counter | None = None,
                    rules: Sequence[RedirectRule] | None = None) -> tuple[int, int]:
    """Every record of ``redirects.jsonl`` (of ``languages``, when given) against the site's
    ``redirects.json`` and pages; ``effects`` counts the records each rule accepts."""
    rules = REDIRECT_RULES if rules is None else rules
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
        ours = our_answer(rec, site, table)
        if answers(rec, ours):
            matched += 1
            continue
        rule = next((r for r in rules if r(rec, ours, facts)), None)
        if rule is not None:
            matched += 1
            if effects is not None:
                effects[rule.__name__] += 1
        else:
            print(f"REDIRECT {rec['status']} {rec['url']} -> {rec.get('location')} "
                  f"(ours: page={ours.page} redirect={ours.target}) [{rec.get('kind')}]",
                  file=out)
    return matched, len(records)
