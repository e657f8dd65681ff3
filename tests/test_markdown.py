"""Markdown rendering (spec §6, PEER-TEST-FACTS §7 and §9)."""

import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from builder.config import parse_config
from builder.highlight import get_lexer, highlight, pygments_css
from builder.markdown import (
    MarkdownOptions,
    english_headings_map,
    html_to_text,
    prepare_liquid_output,
    render_markdown,
    strip_html_comments,
    unwrap_first_block,
)
from builder.markdown_rules.html_tags import balance_html, is_well_nested
from markdown_it import MarkdownIt

_MD_RAW = MarkdownIt("commonmark", {"html": True})  # plain CommonMark, no repair
from builder.versions import Versions

from .conftest import CORPUS, require_corpus

SITE = {
    "plans": [
        {"id": "free-pro-team", "title": "Free, Pro, and Team", "version_title": "Free, Pro, and Team",
         "releases": ["latest"], "default": True},
        {"id": "enterprise-server", "title": "Enterprise Server",
         "version_title": "Enterprise Server {release}", "releases": ["3.0", "2.22", "2.21", "2.20"],
         "numbered": True, "legacy_prefix": "enterprise", "deprecated": ["2.19", "11.10.340"]},
        {"id": "github-ae", "title": "GitHub AE", "version_title": "GitHub AE", "releases": ["latest"]},
    ],
    "languages": [
        {"code": "en", "name": "English", "content_dir": "content", "data_dir": "data"},
        {"code": "ja", "name": "Japanese", "content_dir": "translations/ja-JP/content",
         "data_dir": "translations/ja-JP/data"},
    ],
    "links": {"default_version_products": ["desktop"], "non_default_products": ["admin", "insights"],
              "latest_release_plan": "enterprise-server", "external_paths": ["/capistrano"]},
}
CONFIG = parse_config(SITE, Path("."))
VERSIONS = Versions(CONFIG)


def options(version: str = "free-pro-team@latest", lang: str = "en", english=None) -> MarkdownOptions:
    return MarkdownOptions(lang, VERSIONS.by_id[version], VERSIONS, CONFIG.links, english)


def html(text: str, opts: MarkdownOptions | None = None) -> str:
    return render_markdown(text, opts or MarkdownOptions()).html


def dom(markup: str):
    return LexborHTMLParser(markup)


class Case(NamedTuple):
    name: str
    markdown: str
    expected: str


EXACT = [
    Case("h1", "# This is a level one",
         '<h1 id="this-is-a-level-one"><a href="#this-is-a-level-one">This is a level one</a></h1>'),
    Case("h2", "## This is a level two",
         '<h2 id="this-is-a-level-two"><a href="#this-is-a-level-two">This is a level two</a></h2>'),
    Case("h3", "### This is a level three",
         '<h3 id="this-is-a-level-three"><a href="#this-is-a-level-three">This is a level three</a></h3>'),
    Case("h4", "#### This is a level four",
         '<h4 id="this-is-a-level-four"><a href="#this-is-a-level-four">This is a level four</a></h4>'),
    Case("h5", "##### This is a level five",
         '<h5 id="this-is-a-level-five"><a href="#this-is-a-level-five">This is a level five</a></h5>'),
    Case("setext", "Title\n=====", '<h1 id="title"><a href="#title">Title</a></h1>'),
    Case("slug from code text", "## Using `git push`",
         '<h2 id="using-git-push"><a href="#using-git-push">Using <code>git push</code></a></h2>'),
    Case("raw html markup left out of the slug", '## Heading <svg class="octicon"><path d="x"></path></svg>',
         '<h2 id="heading"><a href="#heading">Heading <svg class="octicon"><path d="x"></path></svg></a></h2>'),
    Case("link inside a heading splits the self-link", "## See [the docs](https://example.com) now",
         '<h2 id="see-the-docs-now"><a href="#see-the-docs-now">See </a><a href="https://example.com">'
         'the docs</a><a href="#see-the-docs-now"> now</a></h2>'),
    Case("raw html heading gets no id", "<h2>Raw</h2>", "<h2>Raw</h2>"),
    Case("japanese heading", "## 日本語の見出し",
         '<h2 id="日本語の見出し"><a href="#日本語の見出し">日本語の見出し</a></h2>'),
    Case("fence without language", "```\nsome code\n```", "<pre><code>some code\n</code></pre>"),
    Case("fence text is escaped", "```\n<em>x</em> & y\n```",
         "<pre><code>&lt;em&gt;x&lt;/em&gt; &amp; y\n</code></pre>"),
    Case("unknown language is plain escaped text, never an error", "```nosuchlang\na < b\n```",
         '<pre><code class="hljs language-nosuchlang">a &lt; b\n</code></pre>'),
    Case("shell fence: em kept, stray tag shown, entity kept, not highlighted",
         "```shell\n$ git clone <em>URL</em> <url> &lt;dir&gt;\n```",
         '<pre><code class="hljs language-shell">$ git clone <em>URL</em> &lt;url&gt; &lt;dir&gt;</code></pre>'),
    Case("shell fence with a space", "``` shell\n$ ls <strong>DIR</strong>\n```",
         '<pre><code class="hljs language-shell">$ ls <strong>DIR</strong></code></pre>'),
    Case("shell fence closes unclosed emphasis", "```shell\n$ echo <em>oops\n```",
         '<pre><code class="hljs language-shell">$ echo <em>oops</em></code></pre>'),
    Case("shell fence escapes other markup", '```shell\n<a href="/x">x</a> <script>s</script>\n```',
         '<pre><code class="hljs language-shell">&lt;a href="/x"&gt;x&lt;/a&gt; '
         '&lt;script&gt;s&lt;/script&gt;</code></pre>'),
    Case("table with <br/> in a cell (PEER §7)",
         "| Webhook event payload | Activity types |\n| --- | --- |\n"
         "| [`issues`](/webhooks/event-payloads/#issues) | - `opened`<br/>- `edited`<br/>- `other` |",
         "<table><thead><tr><th>Webhook event payload</th><th>Activity types</th></tr></thead><tbody><tr>"
         '<td><a href="/webhooks/event-payloads/#issues"><code>issues</code></a></td>'
         "<td>- <code>opened</code><br>- <code>edited</code><br>- <code>other</code></td></tr></tbody></table>"),
    Case("task list", "- [ ] todo\n- [x] done\n- [X] also",
         '<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" disabled> todo</li>\n'
         '<li class="task-list-item"><input type="checkbox" checked disabled> done</li>\n'
         '<li class="task-list-item"><input type="checkbox" checked disabled> also</li>\n</ul>'),
    Case("not a task", "- [link] text", "<ul>\n<li>[link] text</li>\n</ul>"),
    Case("strikethrough", "~~gone~~", "<p><del>gone</del></p>"),
    Case("bare url", "See https://example.com/a_b.", '<p>See <a href="https://example.com/a_b">https://example.com/a_b</a>.</p>'),
    Case("bare url in parentheses", "(see http://example.com/x)",
         '<p>(see <a href="http://example.com/x">http://example.com/x</a>)</p>'),
    Case("bare url in bold", "**https://example.com**",
         '<p><strong><a href="https://example.com">https://example.com</a></strong></p>'),
    Case("www is not linked", "Visit www.example.com", "<p>Visit www.example.com</p>"),
    Case("scheme inside a word is not linked", "xhttps://example.com", "<p>xhttps://example.com</p>"),
    Case("no bare url in link text", "[https://a.example](https://b.example)",
         '<p><a href="https://b.example">https://a.example</a></p>'),
    Case("emoji shortcodes", "Ship it :tada: :+1:", "<p>Ship it 🎉 👍</p>"),
    Case("no emoji in code", "`:tada:`\n\n```\n:tada:\n```", "<p><code>:tada:</code></p>\n<pre><code>:tada:\n</code></pre>"),
    Case("inline html passes through", "Press <kbd>Ctrl</kbd> and H<sub>2</sub>O",
         "<p>Press <kbd>Ctrl</kbd> and H<sub>2</sub>O</p>"),
    Case("two trailing spaces break", "one  \ntwo", "<p>one<br>\ntwo</p>"),
    Case("soft break stays a newline", "one\ntwo", "<p>one\ntwo</p>"),
    Case("image in a bullet list is not wrapped", "- ![alt](/assets/images/a.png)",
         '<ul>\n<li><img src="/assets/images/a.png" alt="alt"></li>\n</ul>'),
    Case("image in a tight ordered list is wrapped", "1. Click.\n   ![alt](/assets/images/a.png)",
         '<ol>\n<li>Click.\n<div><img src="/assets/images/a.png" alt="alt"></div></li>\n</ol>'),
    Case("image in a loose ordered list: the paragraph is split around the div",
         "1. Click.\n   ![alt](/a.png)\n   after\n\n2. Next",
         '<ol>\n<li>\n<p>Click.</p>\n<div><img src="/a.png" alt="alt"></div>\n<p>after</p>\n</li>\n'
         "<li>\n<p>Next</p>\n</li>\n</ol>"),
    Case("image in an ordered list nested in a bullet list", "- a\n  1. b ![x](/x.png)",
         '<ul>\n<li>a\n<ol>\n<li>b <div><img src="/x.png" alt="x"></div></li>\n</ol>\n</li>\n</ul>'),
]


@pytest.mark.parametrize("case", EXACT, ids=[c.name for c in EXACT])
def test_exact_html(case: Case) -> None:
    assert html(case.markdown) == case.expected


# -- headings ----------------------------------------------------------------------------------


def test_duplicate_headings_are_numbered() -> None:
    out = render_markdown("## Notes\n\n## Notes\n\n### Notes")
    assert [h.id for h in out.headings] == ["notes", "notes-1", "notes-2"]


def test_slugs_start_fresh_on_every_render() -> None:
    first, second = html("## Notes"), html("## Notes")  # never "notes-1" the second time
    assert first == second == '<h2 id="notes"><a href="#notes">Notes</a></h2>'


def test_heading_emoji_is_converted_then_dropped_from_the_slug() -> None:
    assert html("## Launch :rocket:") == '<h2 id="launch-"><a href="#launch-">Launch 🚀</a></h2>'


def test_headings_for_the_mini_toc() -> None:
    text = (
        '<div class="extended-markdown mac">\n\n### On a Mac\n\n</div>\n\n'
        "<div hidden>\n\n## Hidden heading\n\n</div>\n\n"
        '## Mixed <span class="x">drop me</span> **bold** text\n\n'
        "<h3>Raw heading</h3>\n"
    )
    headings = render_markdown(text).headings
    assert [(h.level, h.id) for h in headings] == [
        (3, "on-a-mac"), (2, "hidden-heading"), (2, "mixed-drop-me-bold-text"), (3, "")]
    mac, hidden, mixed, raw = headings
    assert mac.platform == "extended-markdown mac" and not mac.parent_hidden
    assert hidden.parent_hidden and hidden.platform == ""
    assert mixed.inner_html == '<a href="#mixed-drop-me-bold-text">Mixed  bold text</a>'
    assert mixed.text == "Mixed drop me bold text"
    assert raw.inner_html == "Raw heading" and raw.text == "Raw heading"


def test_note_platform_class_is_the_full_class_string() -> None:
    text = ('<div class="extended-markdown note border rounded-1 mb-4 p-3 border-blue bg-blue-light f5">\n\n'
            "## Inside\n\n</div>")
    (heading,) = render_markdown(text).headings
    assert heading.platform == "extended-markdown note border rounded-1 mb-4 p-3 border-blue bg-blue-light f5"


def test_a_heading_nested_deeper_has_no_platform() -> None:
    text = '<div class="extended-markdown windows">\n\n- item\n\n  ### In a list\n\n</div>'
    (heading,) = render_markdown(text).headings
    assert heading.platform == ""


def test_translated_headings_take_english_slugs() -> None:
    english = {"概要": "About", "参考リンク": "Further reading", "さらに": "About"}
    text = "# タイトル\n\n## 概要\n\n### 未訳の見出し\n\n## さらに\n\n##### 深い見出し\n\n## 参考リンク"
    out = render_markdown(text, options(lang="ja", english=english))
    assert [h.id for h in out.headings] == [
        "タイトル", "about", "未訳の見出し", "about-1", "深い見出し", "further-reading"]


def test_translated_heading_matches_its_markdown_source() -> None:
    english = {"`git` の使い方": "Using `git`"}
    out = render_markdown("## `git` の使い方", options(lang="ja", english=english))
    assert out.headings[0].id == "using-git"


def test_translated_heading_never_gets_an_empty_id() -> None:
    out = render_markdown("## 🎉\n\n## 🎉", options(lang="ja", english={}))
    assert [h.id for h in out.headings] == ["section", "section-1"]


def test_english_headings_map_pairs_lines_by_position() -> None:
    translated = "intro\n\n## 概要\n\n### 手順\n\n##### 深い\n\n## 参考リンク  \n"
    english = "intro\n\n## About\n\n### Steps\n\n##### Deep\n\n## Further reading\n"
    assert english_headings_map(translated, english) == {
        "概要": ("About",), "手順": ("Steps",), "深い": ("Deep",), "参考リンク": ("Further reading",)}
    repeated = english_headings_map("## 表示\n## 表示\n", "## About views\n## Viewing\n")
    assert repeated == {"表示": ("About views", "Viewing")}


# -- code blocks -------------------------------------------------------------------------------


def test_js_fence_is_highlighted_with_classes() -> None:
    out = html("```js\nconst a = 1\n```")
    assert out.startswith('<pre><code class="hljs language-js">')
    assert '<span class="' in out and "style=" not in out
    assert dom(out).css_first("code").text() == "const a = 1\n"


def test_language_case_is_kept_in_the_class_and_ignored_for_lookup() -> None:
    out = html('```JSON\n{"a": 1}\n```')
    assert out.startswith('<pre><code class="hljs language-JSON"><span')


CORPUS_FENCE_LANGUAGES = [  # every info string of the corpus, as written (one with {:copy})
    "shell{:copy}", "yaml", "ruby", "graphql", "json", "bash", "markdown", "xml", "yml", "html",
    "javascript", "ini", "sh", "dockerfile", "groovy", "erb", "powershell", "js", "http", "scss",
    "golang", "JSON"]
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(.*)$")


def corpus_fence_languages(root: Path) -> set[str]:
    """The language of every fenced code block opened in the corpus's English and Japanese
    Markdown (content and reusables), without its ``{:copy}`` suffix."""
    found = set()
    for path in root.rglob("*.md"):
        fence = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _FENCE.match(line.lstrip() if not fence else line.strip())
            if not match:
                continue
            marker, info = match.groups()
            if not fence:
                fence = marker
                language = info.split()[0].removesuffix("{:copy}") if info else ""
                if language and not language.startswith("{%"):
                    found.add(language)
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
    return found


def test_the_list_of_fence_languages_is_the_corpus_list(corpus: Path) -> None:
    written = {lang.removesuffix("{:copy}") for lang in CORPUS_FENCE_LANGUAGES}
    assert corpus_fence_languages(corpus) == written


@pytest.mark.parametrize("lang", CORPUS_FENCE_LANGUAGES)
def test_every_corpus_fence_language_is_highlighted(lang: str) -> None:
    name = lang.removesuffix("{:copy}")
    assert get_lexer(name) is not None
    out = html(f"```{lang}\n# c\n<a href=\"x\">x</a> = 1 # c\n```")
    assert f'<pre><code class="hljs language-{name}">' in out and '<span class="' in out


def test_copy_fence_has_header_and_button() -> None:
    out = html("```js{:copy}\nsome code\n```")
    assert out.startswith(
        '<div class="code-extra"><header class="d-flex flex-items-center flex-justify-between p-2 '
        'text-small rounded-top-1 border"><span>JavaScript</span><button class="js-btn-copy btn btn-sm '
        'tooltipped tooltipped-nw" data-clipboard-text="some code" aria-label="Copy code to clipboard">'
        '<svg class="octicon octicon-clippy"')
    assert out.endswith("</svg></button></header>" + html("```js\nsome code\n```")[:-len("\n</code></pre>")]
                        + "</code></pre></div>")
    button = dom(out).css_first("button.js-btn-copy")
    assert button.attributes["data-clipboard-text"] == "some code"


@pytest.mark.parametrize("info,label", [
    ("yaml{:copy}", "YAML"), ("yml{:copy}", "YAML"), ("shell{:copy}", "Shell"), ("bash{:copy}", "Shell"),
    ("rb{:copy}", "Ruby"), ("dockerfile{:copy}", "dockerfile"), ("{:copy}", "Code")])
def test_copy_labels(info: str, label: str) -> None:
    out = html(f"```{info}\na\n```")
    assert dom(out).css_first("header span").text() == label


def test_copy_button_holds_the_raw_code_escaped() -> None:
    out = html('```{:copy}\necho "<x>" && y\n```')
    assert 'data-clipboard-text="echo &quot;&lt;x&gt;&quot; &amp;&amp; y"' in out
    assert out.endswith("<pre><code>echo &quot;&lt;x&gt;&quot; &amp;&amp; y</code></pre></div>")


def test_shell_copy_fence_is_highlighted_and_escapes_em() -> None:
    out = html("```shell{:copy}\n$ cd <em>dir</em>\n```")
    assert '<span class="nb">cd</span>' in out
    assert "&lt;em&gt;" in out


def test_other_languages_escape_em() -> None:
    out = html("```yaml\nkey: <em>VALUE</em>\n```")
    assert "<em>" not in out and "&lt;em&gt;" in out


def test_shell_fence_in_a_list_item_stays_code() -> None:
    text = "1. Step one\n\n   ```shell\n   # some comment here\n   $ ls\n   ```\n\n2. Step two"
    out = html(text)
    assert 'id="some-comment-here"' not in out and 'href="#some-comment-here"' not in out
    tree = dom(out)
    assert len(tree.css("ol")) == 1 and len(tree.css("ol > li")) == 2
    assert tree.css_first("li pre code").text() == "# some comment here\n$ ls"


def test_highlight_api() -> None:
    assert highlight("x", "no-such-language") is None
    assert highlight("x", "") is None
    assert highlight("a: 1\n", "YML") == highlight("a: 1\n", "yaml")
    assert get_lexer("js") is get_lexer("js")  # cached
    assert highlight("a: 1", "yaml").endswith("</span>")  # no newline added to {:copy} code
    assert 'class="w"' not in highlight("a = 1\n", "ruby")  # whitespace is plain text


def test_pygments_css_is_scoped_class_rules() -> None:
    css = pygments_css()
    assert ".hljs .k {" in css and ".hljs .err" not in css
    assert all(line.startswith(".hljs ") for line in css.splitlines())


# -- lists and the text steps around Liquid -----------------------------------------------------


def test_ordered_list_with_two_blank_lines_before_the_third_item() -> None:
    out = html(prepare_liquid_output("1. one\n2. two\n\n\n3. three\n"))
    tree = dom(out)
    assert len(tree.css("ol")) == 1 and len(tree.css("ol > li")) == 3


def test_link_list_left_with_blank_lines_by_liquid_is_tight() -> None:
    text = '- <a href="/a">A</a>\n\n- <a href="/b">B</a>\n\n\n  - <a href="/c">C</a>\n'
    out = html(prepare_liquid_output(text))
    assert "<p>" not in out
    assert len(dom(out).css("li")) == 3


@pytest.mark.parametrize("newlines,kept", [(2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5)])
def test_three_newlines_become_two(newlines: int, kept: int) -> None:
    assert prepare_liquid_output("a" + "\n" * newlines + "b") == "a" + "\n" * kept + "b"


def test_list_cleanup_only_between_link_lines() -> None:
    text = "- <a>x</a>\n\n- plain\n\n* <a>y</a>\n"
    assert prepare_liquid_output(text) == text


def test_strip_html_comments() -> None:
    source = "a\n<!-- one -->\nb <!--\ntwo {% if x %}\n-->c\n```\n<!-- in code -->\n```"
    assert strip_html_comments(source) == "a\nb c\n```\n```"


def test_under_indented_item_content_stays_in_the_item() -> None:
    """remark-style items: code, notes and sub-lists indented less than the marker width."""
    text = (
        "1. Run:\n"
        "  ```shell\n"
        "  $ ghe-cluster-failover\n"
        "  ```\n"
        "1. Check the note.\n"
        '  <div class="extended-markdown note">\n\n'
        "  **Note:** careful.\n\n"
        "  </div>\n"
        "1. Choose:\n"
        "    - read\n"
        "    - write\n"
    )
    tree = dom(html(text))
    assert len(tree.css("ol")) == 1 and len(tree.css("ol > li")) == 3
    first, second, third = tree.css("ol > li")
    assert first.css_first("pre code").text() == "$ ghe-cluster-failover"
    assert second.css_first("div.extended-markdown strong").text() == "Note:"
    assert [li.text() for li in third.css("ul > li")] == ["read", "write"]


def test_closing_tag_line_does_not_swallow_the_next_step() -> None:
    text = '1. One\n\n<div class="x">\n\nIn the div.\n\n</div>\n2. Two **bold**\n'
    out = html(text)
    assert "<strong>bold</strong>" in out and "2. Two" not in out


def test_standard_lists_are_unchanged() -> None:
    text = "- a\n  - b\n\n    para in b\n- c\n\n1. x\n\n   more x\n2. y\n"
    plain = (
        "<ul>\n<li>a\n<ul>\n<li>\n<p>b</p>\n<p>para in b</p>\n</li>\n</ul>\n</li>\n<li>c</li>\n</ul>\n"
        "<ol>\n<li>\n<p>x</p>\n<p>more x</p>\n</li>\n<li>\n<p>y</p>\n</li>\n</ol>")
    assert html(text) == plain


def test_fenced_code_outside_lists_is_untouched() -> None:
    text = "```\n1. not a list\n  indented\n```"
    assert html(text) == "<pre><code>1. not a list\n  indented\n</code></pre>"


# -- link rewriting ----------------------------------------------------------------------------


def test_markdown_links_are_rewritten() -> None:
    out = html("[PRs](/articles/about-pull-requests) and [ext](https://github.com/articles/x)",
               options("enterprise-server@3.0"))
    assert out == ('<p><a href="/en/enterprise-server@3.0/articles/about-pull-requests">PRs</a> and '
                   '<a href="https://github.com/articles/x">ext</a></p>')


def test_no_rewriting_without_language_and_version() -> None:
    assert html("[x](/articles/x)") == '<p><a href="/articles/x">x</a></p>'


def test_raw_html_anchors_are_rewritten() -> None:
    text = ('- <a class="link-title Bump-link--hover no-underline" href="/en/desktop/foo">Foo</a>\n'
            '- <a class="dotcom-only" href="/github/site-policy/x">Policy</a>\n'
            '- <A HREF="/articles/y" title="a &amp; b">Y</A>\n\n'
            '<div class="box">\n<a href="/admin/x">Admin</a>\n</div>')
    out = html(text, options("enterprise-server@2.22", lang="ja"))
    hrefs = [a.attributes["href"] for a in dom(out).css("a")]
    assert hrefs == ["/ja/desktop/foo", "/ja/github/site-policy/x",
                     "/ja/enterprise-server@2.22/articles/y", "/ja/enterprise-server@2.22/admin/x"]
    assert 'title="a &amp; b"' in out


def test_heading_self_links_are_not_rewritten() -> None:
    out = html("## About", options("enterprise-server@2.22"))
    assert '<a href="#about">' in out


def test_images_are_not_rewritten() -> None:
    out = html("![x](/assets/images/x.png)", options("enterprise-server@2.22"))
    assert 'src="/assets/images/x.png"' in out


# -- bold with an inner space (remark-parse 7) ---------------------------------------------------


@pytest.mark.parametrize("source, expected", [
    ("** Warning:** Self-hosted runners", "<p><strong> Warning:</strong> Self-hosted runners</p>"),
    ("[** reactions:&gt;1000**](https://x.y)",
     '<p><a href="https://x.y"><strong> reactions:&gt;1000</strong></a></p>'),
    ("** Note:** If *you* replace", "<p><strong> Note:</strong> If <em>you</em> replace</p>"),
    ("**bold** and ** loose**", "<p><strong>bold</strong> and <strong> loose</strong></p>"),
    ("2 ** 3", "<p>2 ** 3</p>"),
    ("`** a**`", "<p><code>** a**</code></p>"),
])
def test_bold_with_an_inner_space_is_bold_as_in_remark(source: str, expected: str) -> None:
    assert html(source).strip() == expected


# -- helpers for titles and intros ---------------------------------------------------------------


@pytest.mark.parametrize("markup,inner", [
    ("<p>Intro text</p>", "Intro text"),
    ("<p>A <a href=\"/x\">link</a> &amp; more</p>", 'A <a href="/x">link</a> &amp; more'),
    ("<p>First</p>\n<p>Second</p>", "First"),
    ("<div><p>Nested</p></div>", "<p>Nested</p>"),
    ("plain", "plain"),
    ("", ""),
])
def test_unwrap_first_block(markup: str, inner: str) -> None:
    assert unwrap_first_block(markup) == inner


@pytest.mark.parametrize("markup,text", [
    ("<p>Foo &amp; <code>bar</code></p>", "Foo & bar"),
    ("  plain  ", "plain"),
    ("<p>a</p>\n<p>b</p>", "a\nb"),
    ("<p>my favorite color is orange.</p>", "my favorite color is orange."),
])
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_empty_input() -> None:
    assert render_markdown("").html == ""
    assert render_markdown("").headings == []


def test_liquid_output_is_rendered_as_markdown() -> None:
    """Liquid runs first, then Markdown reads its output (spec §6): variables filled in by
    Liquid can carry Markdown of their own."""
    from builder.liquid_env import make_environment, parse_template, render_template

    from .test_liquid_tags import FakeServices

    env = make_environment(VERSIONS, FakeServices())
    source = ('{% assign color = "orange" %}{% if currentVersion == "free-pro-team@latest" %}'
              "my favorite color is **{{ color }}**.{% else %}no color{% endif %}")
    template = parse_template(env, source, "page.md")
    liquid = render_template(template, {"currentVersion": "free-pro-team@latest"})
    assert liquid == "my favorite color is **orange**."
    assert html(prepare_liquid_output(liquid)) == "<p>my favorite color is <strong>orange</strong>.</p>"


def test_table_inline_markup_has_no_newlines() -> None:
    text = ('| Column |\n| --- |\n| "[About issues](/articles/about-issues)." |\n'
            "| `requirements.txt`, `pipfile.lock` |\n| `user:`<code>user:<em>USERNAME</em></code> |")
    out = html(text)
    assert '&quot;<a href="/articles/about-issues">About issues</a>.&quot;' in out
    assert "<code>requirements.txt</code>, <code>pipfile.lock</code>" in out
    assert "<code>user:<em>USERNAME</em></code>" in out
    assert "\n" not in out


# -- golden pages of the original renderer -------------------------------------------------------

GOLDEN_URLS = [  # pages whose only Liquid is {% data %} without Liquid of its own
    "/en/github/creating-cloning-and-archiving-repositories/creating-an-issues-only-repository",
    "/en/enterprise-server@2.20/github/creating-cloning-and-archiving-repositories/creating-an-issues-only-repository",
    "/en/github/managing-files-in-a-repository/rendering-pdf-documents",
    "/en/enterprise-server@2.22/github/managing-files-in-a-repository/rendering-pdf-documents",
    "/en/github/site-policy/github-bug-bounty-program-legal-safe-harbor",
    "/en/github/authenticating-to-github/githubs-ssh-key-fingerprints",
    "/en/developers/apps/suspending-a-github-app-installation",
    "/en/enterprise-server@3.0/developers/apps/suspending-a-github-app-installation",
    "/en/github-ae@latest/developers/apps/suspending-a-github-app-installation",
]
_DATA_TAG = re.compile(r"{%\s*data\s+([\w.-]+)\s*%}")


def _simple_data(match: re.Match) -> str:
    """``{% data %}`` for values without Liquid of their own (enough for the chosen pages)."""
    kind, *path = match.group(1).split(".")
    if kind == "variables":
        value = yaml.safe_load((CORPUS / "data/variables" / f"{path[0]}.yml").read_text())
        for key in path[1:]:
            value = value[key]
    else:
        value = (CORPUS / "data/reusables" / ("/".join(path) + ".md")).read_text()
    value = str(value)
    if "{%" in value or "{{" in value:
        pytest.fail(f"{match.group(1)} holds Liquid: choose golden pages whose data has none")
    return value


def _normalized_text(markup: str) -> str:
    return re.sub(r"\s+", " ", dom(markup).body.text(deep=True)).strip()


@pytest.fixture(scope="module")
def golden() -> dict[str, dict]:
    """The original's records of the chosen pages; a missing corpus fails, never skips."""
    path = require_corpus() / "reference/pages-en.jsonl"
    records = (json.loads(line) for line in path.read_text().splitlines())
    found = {r["url"]: r for r in records if r["url"] in GOLDEN_URLS}
    assert sorted(found) == sorted(GOLDEN_URLS), "every chosen page has a golden record"
    return found


@pytest.mark.parametrize("url", GOLDEN_URLS)
def test_golden_pages_text_and_heading_ids(url: str, golden: dict[str, dict]) -> None:
    record = golden[url]
    source = (CORPUS / record["content_path"]).read_text()
    body = source.split("---", 2)[2]
    body = _DATA_TAG.sub(_simple_data, strip_html_comments(body))
    assert "{%" not in body, "the chosen pages have no other Liquid"
    out = render_markdown(prepare_liquid_output(body), options(record["version"]))
    golden = record["article_html"]
    assert _normalized_text(out.html) == _normalized_text(golden)
    assert [h.id for h in out.headings] == [n.attributes.get("id") for n in dom(golden).css("h1,h2,h3,h4,h5,h6")]
    golden_hrefs = [a.attributes["href"].replace("/#", "#") for a in dom(golden).css("a[href]")]
    assert [a.attributes["href"] for a in dom(out.html).css("a[href]")] == golden_hrefs


# -- list items and raw HTML: well-nested output -------------------------------------------------


def _top_level_tags(markup: str) -> list[str]:
    return [node.tag for node in dom(markup).css("body > *")]


def test_warning_between_nested_items_stays_in_the_item() -> None:
    # ja packages/guides/configuring-access-control-and-visibility-for-container-images: the
    # <div> line follows the item lazily and its content is not indented as the item's
    text = ("5. Choose:\n"
            "    - Make public.\n"
            '    <div class="extended-markdown warning">\n\n'
            "    **Warning:** no way back.\n\n"
            "    </div>\n"
            "    - Make private. ![img](/a.png)\n\n"
            "### Next\n")
    html = render_markdown(text).html
    assert is_well_nested(html)
    tree = dom(html)
    items = tree.css("ol > li > ul > li")
    assert len(items) == 2
    assert items[0].css_first("div.warning strong").text() == "Warning:"
    assert "Make private" in items[1].text()
    assert _top_level_tags(html) == ["ol", "h3"]


def test_closing_tag_line_after_a_list_closes_the_enclosing_note() -> None:
    text = ('<div class="extended-markdown mac">\n\n'
            "1. Stop the runner.\n"
            "2. Install the service:\n"
            "   ```shell\n   ./svc.sh install\n   ```\n"
            "</div>\n\nAfter.\n")
    html = render_markdown(text).html
    assert is_well_nested(html)
    assert html.index("</ol>") < html.index("</div>")
    assert _top_level_tags(html) == ["div", "p"]


def test_unindented_continuation_line_before_an_indented_fence() -> None:
    # ja packages/quickstart: remark kept the fence as an indented code block (with the
    # pre-converted shell HTML shown literally); the writer meant a shell block in the step
    text = ("4. Initialize a package.\n"
            "GitHub.\n"
            "    \n"
            "    ```shell\n"
            "    $ npm init\n"
            "    ```\n"
            "    \n"
            "5. Next.\n")
    html = render_markdown(text).html
    tree = dom(html)
    assert len(tree.css("ol")) == 1 and len(tree.css("ol > li")) == 2
    code = tree.css_first("ol > li pre code.language-shell")
    assert code is not None and code.text() == "$ npm init"
    assert "```" not in html


def test_unindented_paragraph_between_a_step_and_its_indented_fence() -> None:
    # ja connecting-a-repository-to-a-container-image: a translated sentence broken in two
    text = ("5. If you haven't already,\n\n"
            "authenticate to the registry.\n"
            "    \n"
            "    ```shell\n"
            "    $ docker login\n"
            "    ```\n"
            "    \n"
            "6. Push.\n")
    html = render_markdown(text).html
    tree = dom(html)
    assert len(tree.css("ol")) == 1
    first = tree.css("ol > li")[0]
    assert [p.text() for p in first.css("p")] == ["If you haven't already,",
                                                 "authenticate to the registry."]
    assert first.css_first("pre code.language-shell").text() == "$ docker login"
    assert "```" not in html


def test_a_paragraph_after_a_list_still_ends_it() -> None:
    html = render_markdown("1. One\n\nParagraph.\n\n    indented code\n").html
    assert _top_level_tags(html) == ["ol", "p", "pre"]
    html = render_markdown("1. One\n\nParagraph.\n\n1. Again\n").html
    assert _top_level_tags(html) == ["ol", "p", "ol"]


@pytest.mark.parametrize("fragment, fixed", [
    ("<ul><li>a<div>\n</li></ul><p>b</p></div><p>c</p>",
     "<ul><li>a<div>\n</div></li></ul><p>b</p><p>c</p>"),
    ("<p>a</p></div><p>b</p>", "<p>a</p><p>b</p>"),
    ("<p>a <a href=\"x\">b", "<p>a <a href=\"x\">b</a></p>"),  # left open at the end
])
def test_unbalanced_html_is_repaired(fragment: str, fixed: str) -> None:
    assert not is_well_nested(fragment)
    assert balance_html(fragment) == fixed
    assert is_well_nested(fixed)


@pytest.mark.parametrize("fragment", [
    "<p>a <br> b<br/><img src=x></p>",
    "<ul><li>a<li>b</ul>",  # end tags HTML lets one leave out
    "<div><ul><li>a</div>",  # closes open elements of the fragment only
    "<svg><path d=\"M0\"/></svg>",
    "plain text",
])
def test_well_nested_html_is_left_as_written(fragment: str) -> None:
    assert is_well_nested(fragment)
    assert balance_html(fragment) == fragment


def test_rendered_markdown_never_closes_what_it_did_not_open() -> None:
    html = render_markdown("Text\n\n</div>\n\n<div>\n\nMore\n").html
    assert is_well_nested(html)
    assert "</div>" in html and html.count("<div") == html.count("</div>")


@pytest.mark.parametrize("text", [
    '**<a href="/x">bold**</a> text\n',  # a raw end tag across Markdown's own <strong>
    "- <div>\n  item\n\n</div>\n",  # a raw <div> opened in a list item, closed after the list
    "> <span>quoted\n\nafter</span>\n",  # a raw element across a blockquote's end
    "Text\n\n<section>\n\nleft open\n",
])
def test_markdown_that_reaches_outside_is_found_from_its_tokens(text: str) -> None:
    # the check reads only the token stream's tags and raw HTML; each of these is broken only
    # by how raw HTML meets the tags Markdown writes, so the skeleton must hold both
    assert not is_well_nested(_MD_RAW.render(text).strip())
    assert is_well_nested(render_markdown(text).html)


def test_code_and_text_that_look_like_tags_are_not_tags() -> None:
    text = "```\n</div></section>\n```\n\n`</p>` and \\<div> and &lt;/div&gt;\n"
    html = render_markdown(text).html
    assert "&lt;/div&gt;&lt;/section&gt;" in html  # shown as written: nothing repaired away
    assert "<code>&lt;/p&gt;</code>" in html and "&lt;div&gt; and &lt;/div&gt;" in html
    assert is_well_nested(html)
