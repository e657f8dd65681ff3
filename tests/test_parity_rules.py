"""The parity oracle (``tools/parity``): each rule accepts its named difference and nothing close.

Every test builds a golden record and our page by hand (and, where a rule reads the corpus, a
small corpus in a temporary folder), so the expected verdicts are written here, never derived
from the tool or the builder.
"""

from __future__ import annotations

import copy
import html
import json
from collections import Counter
from pathlib import Path

import pytest

from builder.config import parse_config
from tools.parity.extract import from_built, from_reference
from tools.parity.pages import check_record, compare, text_hunks
from tools.parity.redirects import (Answer, check_redirects, redirect_rule_trailing_slashes,
                                    redirect_rule_unanchored_user)

from .conftest import SMALL_CONFIG


def our_page(article: str = "", picker=(), crumbs=(), toc=(), title: str = "T",
             url: str = "") -> str:
    """Our HTML for a page, in the shape the shell writes (only what parity reads)."""
    links = "".join(f'<a href="{h}">{html.escape(t)}</a>' for t, h in picker)
    crumb_html = "".join(f'<a href="{h}">{html.escape(t)}</a>' if h else
                         f'<span class="breadcrumb-current">{html.escape(t)}</span>'
                         for t, h in crumbs)
    toc_html = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for t, h in toc)
    return (f"<html><head><title>{title} - GitHub Docs</title></head><body>"
            f'<nav id="breadcrumbs">{crumb_html}</nav><div id="version-picker">{links}</div>'
            f"<h1>{title}</h1><ul id=\"mini-toc\">{toc_html}</ul>"
            f'<div id="article-contents">{article}</div></body></html>')


def golden(url: str, article: str | None = "", picker=(), crumbs=(), toc=(), title: str = "T",
           lang: str | None = None, corpus: Path | None = None, **extra) -> dict:
    """A golden record as ``reference/pages-*.jsonl`` holds it."""
    rec = {"url": url, "status": 200, "lang": lang or url.split("/")[1], "title":
           f"{title} - GitHub Docs", "h1": title, "intro": None, "article_html": article,
           "mini_toc": [{"text": t, "href": h} for t, h in toc],
           "breadcrumbs": [{"text": t, "href": h or url} for t, h in crumbs],
           "version_picker": [{"text": t, "href": h} for t, h in picker], **extra}
    if corpus is not None:
        rec["_corpus"] = str(corpus)
    return rec


def verdict(rec: dict, ours_html: str):
    return check_record(rec, ours_html)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small corpus: English golden records, one page per rule that reads sources."""
    root = tmp_path / "corpus"
    write(root, "content/packages/index.md", "---\ntitle: Packages\nlayout: product-landing\n---\n")
    write(root, "content/actions/index.md", "---\ntitle: Actions\n---\n")
    write(root, "content/pages/custom-domain.md",
          "---\ntitle: Custom domain\n---\n{% indented_data_reference site.data.reusables.pages."
          "wildcard spaces=3 %}\n")
    write(root, "data/reusables/pages/wildcard.md",
          "A wildcard record will allow anyone to host a {% data variables.product.prodname_pages"
          " %} site at one of your subdomains.\n")
    write(root, "data/variables/product.yml",
          "prodname_pages: 'GitHub Pages'\nprodname_actions: 'GitHub Actions'\n")
    write(root, "content/github/topic/index.md", "---\ntitle: Topic\nmapTopic: true\n---\n")
    write(root, "content/github/page.md", "---\ntitle: Page\n---\n")  # not translated
    write(root, "translations/ja-JP/content/github/topic/index.md",
          "---\ntitle: トピック\nshortTitle: トピック\n---\n")
    english = [
        golden("/en/github/page", article='<h2 id="about-x"><a href="#about-x">About X</a></h2>'
               '<h2 id="usage"><a href="#usage">Usage</a></h2>',
               picker=[("GitHub.com", "/en/github/page"),
                       ("Enterprise Server 3.0", "/en/enterprise-server@3.0/github/page"),
                       ("GitHub AE", "/en/github-ae@latest/github/page")],
               crumbs=[("GitHub.com", "/en/github"), ("Topic", "/en/github/topic"),
                       ("Page", "")]),
        golden("/en/github/topic", article='<a class="link-with-intro" href="/en/github/page">'
               '<h2>Page</h2></a><p class="link-with-intro-intro">About pages.</p>'),
    ]
    write(root, "reference/pages-en.jsonl", "".join(json.dumps(r) + "\n" for r in english))
    return root


# -- the comparison itself ----------------------------------------------------------------------


def test_an_identical_page_matches_without_any_rule():
    article = '<h2 id="a"><a href="#a">A</a></h2><p>Text <a href="/en/x">x</a></p>'
    result = compare(from_built(our_page(article), "/en/x", True),
                     from_reference(golden("/en/x", article)), golden("/en/x", article), rules=[])
    assert result.matches and result.accepted_by == set()


def test_a_difference_no_rule_names_fails():
    rec = golden("/en/x", "<p>The original text.</p>")
    result = verdict(rec, our_page("<p>The changed text.</p>"))
    assert not result.matches
    assert "article text differs" in result.problems[0]


def test_rules_leave_both_sides_as_they_were(corpus):
    rec = golden("/ja/github/page", article='<h2 id=""><a href="#">X について</a></h2>'
                 '<h2 id="usage"><a href="#usage">使い方</a></h2>', corpus=corpus,
                 picker=[("GitHub.com", "/ja/github/page")])
    ours = from_built(our_page('<h2 id="about-x"><a href="#about-x">X について</a></h2>'
                               '<h2 id="usage"><a href="#usage">使い方</a></h2>'),
                      rec["url"], True)
    ref = from_reference(rec)
    before = (copy.deepcopy(ours), copy.deepcopy(ref))
    compare(ours, ref, rec)
    assert (ours, ref) == before


def test_text_hunks_locate_each_difference():
    hunks = text_hunks("host a site here", "host a GitHub Pages site here")
    assert [(h.ref_part, h.ours_part.strip()) for h in hunks] == [("", "GitHub Pages")]


# -- fragment_slash -----------------------------------------------------------------------------


def test_fragment_slash_accepts_the_slash_before_the_anchor():
    rec = golden("/en/x", '<p><a href="/en/y/#usage">y</a></p>')
    result = verdict(rec, our_page('<p><a href="/en/y#usage">y</a></p>'))
    assert result.matches and result.accepted_by == {"fragment_slash"}


@pytest.mark.parametrize("ref_href,ours_href", [
    ("/en/y/#usage", "/en/y#other"),  # another anchor
    ("/en/y#usage", "/en/y/#usage"),  # the reverse: ours keeps the slash
    ("/en/y/#usage", "/en/z#usage"),  # another page
])
def test_fragment_slash_rejects_any_other_link_change(ref_href, ours_href):
    rec = golden("/en/x", f'<p><a href="{ref_href}">y</a></p>')
    assert not verdict(rec, our_page(f'<p><a href="{ours_href}">y</a></p>')).matches


# -- landing_version_picker ---------------------------------------------------------------------

LANDING_PICKER = [("GitHub.com", "/en/packages"),
                  ("Enterprise Server 3.0", "/en/enterprise-server@3.0/packages")]


def test_landing_version_picker_accepts_a_picker_on_a_product_landing_page(corpus):
    rec = golden("/en/packages", corpus=corpus, content_path="content/packages/index.md")
    result = verdict(rec, our_page(picker=LANDING_PICKER))
    assert result.matches and result.accepted_by == {"landing_version_picker"}


def test_landing_version_picker_rejects_a_page_of_another_layout(corpus):
    rec = golden("/en/actions", corpus=corpus, content_path="content/actions/index.md")
    picker = [("GitHub.com", "/en/actions"), ("GitHub AE", "/en/github-ae@latest/actions")]
    assert not verdict(rec, our_page(picker=picker)).matches


def test_landing_version_picker_rejects_entries_for_another_page(corpus):
    rec = golden("/en/packages", corpus=corpus, content_path="content/packages/index.md")
    picker = LANDING_PICKER + [("GitHub AE", "/en/github-ae@latest/actions")]
    assert not verdict(rec, our_page(picker=picker)).matches


# -- single_version_picker ----------------------------------------------------------------------


def test_single_version_picker_accepts_the_one_version_of_a_one_version_page():
    rec = golden("/en/github-ae@latest/admin/overview")
    ours = our_page(picker=[("GitHub AE", "/en/github-ae@latest/admin/overview")])
    result = verdict(rec, ours)
    assert result.matches and result.accepted_by == {"single_version_picker"}


def test_single_version_picker_rejects_two_versions_or_another_page():
    rec = golden("/en/github-ae@latest/admin/overview")
    two = [("GitHub AE", "/en/github-ae@latest/admin/overview"),
           ("GitHub.com", "/en/admin/overview")]
    assert not verdict(rec, our_page(picker=two)).matches
    other = [("GitHub AE", "/en/github-ae@latest/admin/other")]
    assert not verdict(rec, our_page(picker=other)).matches


# -- indented_data_reference --------------------------------------------------------------------

WILDCARD = "<p>A wildcard record will allow anyone to host a {} site at one of your subdomains.</p>"


def custom_domain(corpus: Path) -> dict:
    return golden("/en/pages/custom-domain", WILDCARD.format(""), corpus=corpus,
                  content_path="content/pages/custom-domain.md")


def test_indented_data_reference_accepts_the_data_value_the_original_lost(corpus):
    result = verdict(custom_domain(corpus), our_page(WILDCARD.format("GitHub Pages")))
    assert result.matches and result.accepted_by == {"indented_data_reference"}


def test_indented_data_reference_rejects_another_value(corpus):
    assert not verdict(custom_domain(corpus), our_page(WILDCARD.format("GitHub Actions"))).matches


def test_indented_data_reference_rejects_the_value_elsewhere(corpus):
    moved = WILDCARD.format("").replace("allow anyone", "allow GitHub Pages anyone")
    assert not verdict(custom_domain(corpus), our_page(moved)).matches


# -- shell_fence_tags ---------------------------------------------------------------------------


def test_shell_fence_tags_accepts_a_tag_shown_in_shell_code():
    rec = golden("/en/x", '<pre><code class="language-shell">register<mavenpublication>("gpr")'
                 "</mavenpublication></code></pre>")
    ours = our_page('<pre><code class="language-shell">register&lt;MavenPublication&gt;("gpr")'
                    "</code></pre>")
    result = verdict(rec, ours)
    assert result.matches and result.accepted_by == {"shell_fence_tags"}


def test_shell_fence_tags_rejects_a_tag_outside_shell_code():
    rec = golden("/en/x", "<p>register<mavenpublication>()</mavenpublication></p>")
    assert not verdict(rec, our_page("<p>register&lt;MavenPublication&gt;()</p>")).matches


def test_shell_fence_tags_rejects_other_text_in_shell_code():
    rec = golden("/en/x", '<pre><code class="language-shell">register("gpr")</code></pre>')
    ours = our_page('<pre><code class="language-shell">register&lt;T&gt;("gpr") --force'
                    "</code></pre>")
    assert not verdict(rec, ours).matches


# -- source_shown_as_text -----------------------------------------------------------------------

SHOWN = ('<ol><li>Log in. &lt;pre&gt;&lt;code class="hljs language-shell"&gt;$ docker login'
         '&lt;/code&gt;&lt;/pre&gt;</li></ol>')
RENDERED = ('<ol><li><p>Log in.</p><pre><code class="hljs language-shell">$ docker login'
            "</code></pre></li></ol>")


def test_source_shown_as_text_accepts_the_markup_the_original_showed():
    result = verdict(golden("/ja/x", SHOWN), our_page(RENDERED))
    assert result.matches and result.accepted_by == {"source_shown_as_text"}


def test_source_shown_as_text_rejects_words_lost_with_the_markup():
    shown = SHOWN.replace("$ docker login", "$ sudo docker login")
    assert not verdict(golden("/ja/x", shown), our_page(RENDERED)).matches


def test_source_shown_as_text_accepts_list_markers_beside_other_source():
    rec = golden("/ja/x", "<p>Private. - Click [**Make private**].</p>")
    result = verdict(rec, our_page("<p>Private.</p><ul><li>Click [<b>Make private</b>].</li></ul>"))
    assert result.matches and result.accepted_by == {"source_shown_as_text"}


def test_source_shown_as_text_rejects_a_lone_dash():
    rec = golden("/ja/x", "<p>Private. - Click [Make private].</p>")
    assert not verdict(rec, our_page("<p>Private.</p><ul><li>Click [Make private].</li></ul>"))\
        .matches


# -- ja_heading_ids -----------------------------------------------------------------------------

JA_OURS = ('<h2 id="about-x"><a href="#about-x">X について</a></h2>'
           '<h2 id="usage"><a href="#usage">使い方</a></h2>')
JA_TOC = [("X について", "#about-x"), ("使い方", "#usage")]


@pytest.mark.parametrize("original_id", [
    "", "xについて", "about--data-variablesproductprodname_x-", "usage"])
def test_ja_heading_ids_accepts_the_english_slug_for_a_defective_id(corpus, original_id):
    """Empty, not ASCII, a raw {% data %} slug, or given to two headings."""
    first = f'<h2 id="{original_id}"><a href="#{original_id}">X について</a></h2>'
    rec = golden("/ja/github/page", first + '<h2 id="usage"><a href="#usage">使い方</a></h2>',
                 corpus=corpus,
                 toc=[("X について", f"#{original_id}"), ("使い方", "#usage")])
    result = verdict(rec, our_page(JA_OURS, toc=JA_TOC))
    assert result.matches and result.accepted_by == {"ja_heading_ids"}


def test_ja_heading_ids_rejects_a_plain_slug_of_the_original(corpus):
    rec = golden("/ja/github/page", '<h2 id="about-y"><a href="#about-y">X について</a></h2>'
                 '<h2 id="usage"><a href="#usage">使い方</a></h2>', corpus=corpus)
    assert not verdict(rec, our_page(JA_OURS)).matches


def test_ja_heading_ids_rejects_an_id_that_is_not_the_english_one(corpus):
    rec = golden("/ja/github/page", '<h2 id=""><a href="#">X について</a></h2>'
                 '<h2 id="usage"><a href="#usage">使い方</a></h2>', corpus=corpus)
    ours = JA_OURS.replace("about-x", "about-z")
    assert not verdict(rec, our_page(ours)).matches


def test_ja_heading_ids_rejects_an_english_page(corpus):
    rec = golden("/en/github/page", '<h2 id=""><a href="#">About X</a></h2>'
                 '<h2 id="usage"><a href="#usage">Usage</a></h2>', corpus=corpus)
    ours = '<h2 id="about-x"><a href="#about-x">About X</a></h2>' \
           '<h2 id="usage"><a href="#usage">Usage</a></h2>'
    assert not verdict(rec, our_page(ours)).matches


# -- ja_version_picker --------------------------------------------------------------------------

JA_PICKER = [("GitHub.com", "/ja/github/page"),
             ("Enterprise Server 3.0", "/ja/enterprise-server@3.0/github/page"),
             ("GitHub AE", "/ja/github-ae@latest/github/page")]


def test_ja_version_picker_accepts_the_english_versions_where_the_original_had_fewer(corpus):
    rec = golden("/ja/github/page", None, picker=JA_PICKER[:2], corpus=corpus)
    result = verdict(rec, our_page(picker=JA_PICKER))
    assert result.matches and result.accepted_by == {"ja_version_picker"}


def test_ja_version_picker_accepts_english_links_on_a_page_served_in_english(corpus):
    english_links = [(t, "/en" + h[3:]) for t, h in JA_PICKER]
    rec = golden("/ja/github/page", None, picker=english_links, corpus=corpus,
                 ja_fallback_to_en=True)
    assert verdict(rec, our_page(picker=JA_PICKER)).matches


def test_ja_version_picker_rejects_english_links_on_a_translated_page(corpus):
    english_links = [(t, "/en" + h[3:]) for t, h in JA_PICKER]
    rec = golden("/ja/github/page", None, picker=english_links, corpus=corpus)
    assert not verdict(rec, our_page(picker=JA_PICKER)).matches


def test_ja_version_picker_rejects_a_version_the_english_page_lacks(corpus):
    rec = golden("/ja/github/page", None, corpus=corpus, picker=JA_PICKER[:2] + [
        ("Enterprise Server 2.20", "/ja/enterprise-server@2.20/github/page")])
    assert not verdict(rec, our_page(picker=JA_PICKER)).matches


# -- ja_breadcrumbs -----------------------------------------------------------------------------

JA_CRUMBS = [("GitHub.com", "/ja/github"), ("トピック", "/ja/github/topic"), ("Page", "")]


def test_ja_breadcrumbs_accepts_the_crumbs_the_original_lost(corpus):
    rec = golden("/ja/github/page", None, crumbs=JA_CRUMBS[:1], corpus=corpus)
    result = verdict(rec, our_page(crumbs=JA_CRUMBS))
    assert result.matches and result.accepted_by == {"ja_breadcrumbs"}


def test_ja_breadcrumbs_rejects_a_crumb_linking_elsewhere(corpus):
    rec = golden("/ja/github/page", None, crumbs=JA_CRUMBS[:1], corpus=corpus)
    crumbs = [JA_CRUMBS[0], ("トピック", "/ja/github/other"), JA_CRUMBS[2]]
    assert not verdict(rec, our_page(crumbs=crumbs)).matches


@pytest.mark.parametrize("name", ["別の名前", "Topic"])  # not a title; the English title
def test_ja_breadcrumbs_rejects_a_crumb_named_otherwise(corpus, name):
    rec = golden("/ja/github/page", None, crumbs=JA_CRUMBS[:1], corpus=corpus)
    crumbs = [JA_CRUMBS[0], (name, "/ja/github/topic"), JA_CRUMBS[2]]
    assert not verdict(rec, our_page(crumbs=crumbs)).matches


# -- ja_toc_lists -------------------------------------------------------------------------------

ENTRY = ('<a class="link-with-intro" href="{}"><h2>{}</h2></a>'
         '<p class="link-with-intro-intro">{}</p>')


def test_ja_toc_lists_accepts_an_entry_english_no_longer_lists(corpus):
    kept = ENTRY.format("/ja/github/page", "ページ", "ページについて。")
    rec = golden("/ja/github/topic", kept + ENTRY.format("/ja/github/old-path", "Old", "Gone."),
                 corpus=corpus)
    result = verdict(rec, our_page(kept))
    assert result.matches and result.accepted_by == {"ja_toc_lists"}


def test_ja_toc_lists_rejects_an_entry_english_lists(corpus):
    kept = ENTRY.format("/ja/github/other", "Other", "Other.")
    rec = golden("/ja/github/topic", kept + ENTRY.format("/ja/github/page", "ページ", "About."),
                 corpus=corpus)
    assert not verdict(rec, our_page(kept)).matches


# -- redirects ----------------------------------------------------------------------------------


def test_trailing_slashes_accepts_the_end_of_the_original_chain():
    rec = {"url": "/en/x//", "status": 301, "location": "/en/x/"}
    assert redirect_rule_trailing_slashes(rec, Answer(False, "/en/x"), {})


def test_trailing_slashes_rejects_another_target():
    rec = {"url": "/en/x//", "status": 301, "location": "/en/x/"}
    assert not redirect_rule_trailing_slashes(rec, Answer(False, "/en/y"), {})
    assert not redirect_rule_trailing_slashes({**rec, "location": "/en/x"},
                                              Answer(False, "/en/y"), {})


@pytest.fixture
def legacy_config(tmp_path):
    raw = {**SMALL_CONFIG, "links": {"legacy_user_product": "github",
                                     "legacy_user_segment": "user"}}
    return parse_config(raw, tmp_path)


def test_unanchored_user_accepts_a_404_for_a_url_that_never_existed(legacy_config):
    rec = {"url": "/en/enterprise/3.0/admin/user-actions", "status": 301,
           "location": "/en/enterprise-server@3.0/admin/github-actions"}
    assert redirect_rule_unanchored_user(rec, Answer(False, None), {"config": legacy_config})


def test_unanchored_user_rejects_the_real_legacy_user_form(legacy_config):
    rec = {"url": "/en/enterprise/3.0/user/foo", "status": 301,
           "location": "/en/enterprise-server@3.0/github/foo"}
    assert not redirect_rule_unanchored_user(rec, Answer(False, None), {"config": legacy_config})


def test_unanchored_user_rejects_a_quirk_url_we_still_serve(legacy_config):
    rec = {"url": "/en/enterprise/3.0/admin/user-actions", "status": 301,
           "location": "/en/enterprise-server@3.0/admin/github-actions"}
    assert not redirect_rule_unanchored_user(rec, Answer(False, "/en/elsewhere"),
                                             {"config": legacy_config})


def test_check_redirects_counts_what_each_rule_accepts(tmp_path, legacy_config):
    site, reference = tmp_path / "site", tmp_path / "reference"
    write(site, "redirects.json", json.dumps({"/en/x": "/en/y", "/en/z": "/en/w"}))
    records = [{"url": "/en/x", "status": 301, "location": "/en/y"},
               {"url": "/en/z", "status": 301, "location": "/en/w/"},
               {"url": "/en/q", "status": 301, "location": "/en/r"}]
    write(reference, "redirects.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    effects: Counter = Counter()
    out = []
    matched, total = check_redirects(site, reference, out=type("W", (), {"write": out.append})(),
                                     config=legacy_config, effects=effects)
    assert (matched, total) == (2, 3)
    assert effects == {"redirect_rule_trailing_slashes": 1}
    assert "/en/q" in "".join(out)
