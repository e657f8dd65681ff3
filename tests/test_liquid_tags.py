"""The Liquid dialect: conditions, custom tags, filters and errors (spec §5, PEER-TEST-FACTS §6-§8)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, NamedTuple

import pytest

from builder import octicons
from builder.errors import LiquidError
from builder.liquid_env import LinkData, make_environment, parse_template, render_template
from builder.site_data import load_data_dir, source_for

from .conftest import write_tree

ESV = ["enterprise-server@3.0", "enterprise-server@2.22", "enterprise-server@2.21",
       "enterprise-server@2.20"]


@dataclass
class FakeServices:
    """The render pipeline as the tags see it, with canned link targets."""

    links: dict[str, LinkData] = field(default_factory=dict)
    warnings: list[tuple[str, str, str, int]] = field(default_factory=list)
    missing: tuple[str, ...] = ("rest_operation", "rest_operations_at_current_path")
    sources: dict[str, str] = field(default_factory=dict)
    link_calls: list[str] = field(default_factory=list)

    def link_data(self, href: str, context_globals: Mapping[str, Any]) -> LinkData | None:
        self.link_calls.append(href)
        return self.links.get(href)

    def warn(self, kind: str, message: str, file: str, line: int) -> None:
        self.warnings.append((kind, message, file, line))

    def missing_include(self, name: str) -> bool:
        return name in self.missing or name.startswith("graphql-")

    def data_file(self, key: str, context_globals: Mapping[str, Any]) -> str:
        return source_for(key, self.sources)


@pytest.fixture
def services() -> FakeServices:
    return FakeServices()


@pytest.fixture
def env(versions, services):
    return make_environment(versions, services)


def render(env, source: str, name: str = "page.md", line_offset: int = 0, **globals_) -> str:
    return render_template(parse_template(env, source, name, line_offset), globals_)


def holds(env, condition: str, **globals_) -> bool:
    out = render(env, f"{{% if {condition} %}}T{{% else %}}F{{% endif %}}", **globals_)
    assert out in ("T", "F")
    return out == "T"


# -- conditions --------------------------------------------------------------------------------


class Case(NamedTuple):
    condition: str
    expected: bool
    globals: dict = {}


OPERATOR_CASES = [
    Case('"a" == "a"', True),
    Case('"a" == "b"', False),
    Case("1 == 1", True),
    Case('1 == "1"', False),  # JavaScript ===
    Case("true == 1", False),
    Case("x == nil", True),  # undefined equals nil
    Case("n == nil", True, {"n": None}),
    Case('"a" != "b"', True),
    Case('"a" <> "a"', False),
    Case("2 > 1", True),
    Case("1 > 2", False),
    Case("2 >= 2", True),
    Case("1 < 2.5", True),
    Case("3 <= 2", False),
    Case('"b" > "a"', True),
    Case('"10" > 9', True),  # JavaScript coerces the string
    Case("x > 1", False),
    Case('s contains "ello"', True, {"s": "hello"}),
    Case('s contains "xyz"', False, {"s": "hello"}),
    Case("s contains 1", True, {"s": "a1"}),  # indexOf converts to string
    Case('l contains "b"', True, {"l": ["a", "b"]}),
    Case('l contains "c"', False, {"l": ["a", "b"]}),
    Case('d contains "a"', False, {"d": {"a": 1}}),  # objects have no indexOf
    Case("n contains 1", False, {"n": 11}),
    Case('x contains "a"', False),
    Case("s == empty", True, {"s": ""}),
    Case("l == empty", True, {"l": []}),
    Case("l == empty", False, {"l": [1]}),
    Case("x == empty", False),
    Case("s == blank", True, {"s": "  "}),
    Case("x == blank", True),
    Case("f == blank", True, {"f": False}),
    Case("true", True),
    Case("false", False),
    Case("nil", False),
    Case("x", False),
    Case("s", True, {"s": ""}),  # only false/nil/undefined are falsy
    Case("z", True, {"z": 0}),
    Case("l.size == 2", True, {"l": ["a", "b"]}),
    Case("l.length == 2", True, {"l": ["a", "b"]}),
    Case("s.length == 5", True, {"s": "hello"}),
    Case('l.first == "a"', True, {"l": ["a", "b"]}),
    Case('l.last == "b"', True, {"l": ["a", "b"]}),
    Case('a.b[0] == "x"', True, {"a": {"b": ["x"]}}),
    Case('a[k] == 1', True, {"a": {"key": 1}, "k": "key"}),
    Case('a["key"] == 1', True, {"a": {"key": 1}}),
    Case("!page.hidden", False, {"page": {"hidden": False}}),
    Case("!page.hidden", False, {"page": {"hidden": True}}),
]


@pytest.mark.parametrize("case", OPERATOR_CASES, ids=lambda c: c.condition)
def test_operators(env, case):
    assert holds(env, case.condition, **case.globals) is case.expected


@pytest.mark.parametrize("condition,expected", [
    ("true and false or true", True),  # true and (false or true)
    ("false or true and false", False),  # false or (true and false)
    ("true or false and false", True),
    ("false and true or true", False),  # false and (true or true)
    ('v == "a" or v == "b" and w == "c"', True),
    ('v == "b" or v == "a" and w == "d"', False),
])
def test_and_or_group_right_to_left(env, condition, expected):
    assert holds(env, condition, v="a", w="c") is expected


@pytest.mark.parametrize("left,right,gt,lt", [  # spec §5.3 table
    ("enterprise-server@2.22", "enterprise-server@2.21", True, False),
    ("enterprise-server@2.22", "2.21", True, False),
    ("enterprise-server@3.0", "enterprise-server@3.0", False, False),
    ("free-pro-team@latest", "enterprise-server@2.21", False, False),
    ("free-pro-team@latest", "2.21", False, False),
    ("github-ae@latest", "enterprise-server@2.21", False, False),
    ("", "enterprise-server@2.21", False, False),
    (None, "enterprise-server@2.21", False, False),
    ("homepage", "enterprise-server@2.21", False, False),
])
def test_ver_gt_ver_lt(env, left, right, gt, lt):
    g = {} if left is None else {"currentVersion": left}
    assert holds(env, f'currentVersion ver_gt "{right}"', **g) is gt
    assert holds(env, f'currentVersion ver_lt "{right}"', **g) is lt


def test_ver_gt_with_unquoted_number_is_false(env):
    assert holds(env, "currentVersion ver_gt 2.21", currentVersion="enterprise-server@2.22") is False


@pytest.mark.parametrize("page,expected", [  # PEER-TEST-FACTS §6
    ({"version": "2.14"}, "up to date"),
    ({"version": "2.12"}, "out of date"),
    ({"version": "dotcom"}, ""),
    ({}, ""),
])
def test_ver_gt_on_page_version(env, page, expected):
    source = ('{% if page.version ver_gt "2.13" %}up to date{% endif %}'
              '{% if page.version ver_lt "2.13" %}out of date{% endif %}')
    assert render(env, source, page=page) == expected


@pytest.mark.parametrize("version,expected", [  # PEER-TEST-FACTS §6 fixture
    ("enterprise-server@3.0", "ghes"),
    ("enterprise-server@2.20", "ghes"),
    ("free-pro-team@latest", "dotcom"),
    ("github-ae@latest", ""),
])
def test_enterprise_server_versions_contains(env, version, expected):
    source = ("{% if currentVersion == 'free-pro-team@latest' %}dotcom{% endif %}"
              "{% if enterpriseServerVersions contains currentVersion %}ghes{% endif %}")
    assert render(env, source, currentVersion=version, enterpriseServerVersions=ESV) == expected


def test_mixed_and_or_with_ver_gt(env):
    cond = ('currentVersion == "free-pro-team@latest" or '
            'currentVersion ver_gt "enterprise-server@2.21"')
    assert [holds(env, cond, currentVersion=v) for v in
            ["free-pro-team@latest", "enterprise-server@3.0", "enterprise-server@2.21",
             "github-ae@latest"]] == [True, True, False, False]


def test_comparison_chain_groups_right_to_left(env):
    # liquidjs: a == (b contains c); used in content/rest/overview/api-previews.md
    cond = "currentVersion == enterpriseServerVersions contains currentVersion"
    assert holds(env, cond, currentVersion="enterprise-server@3.0",
                 enterpriseServerVersions=ESV) is False
    assert holds(env, "t == l contains 1", t=True, l=[1]) is True


@pytest.mark.parametrize("x,expected", [(1, "one"), (2, "two"), (3, "other")])
def test_elsif_and_else(env, x, expected):
    source = "{% if x == 1 %}one{% elsif x == 2 %}two{% else %}other{% endif %}"
    assert render(env, source, x=x) == expected


@pytest.mark.parametrize("x,expected", [(None, "yes"), (1, "no"), (2, "two")])
def test_unless(env, x, expected):
    source = "{% unless x %}yes{% elsif x == 2 %}two{% else %}no{% endunless %}"
    assert render(env, source, x=x) == expected


def test_whitespace_only_blocks_are_kept(env):
    # liquidjs keeps them; Markdown needs the blank lines
    assert render(env, "a{% if true %}\n\n{% endif %}b") == "a\n\nb"


def test_trailing_garbage_in_condition_is_ignored_with_warning(env, services):
    source = 'x\n{% if v ver_gt "enterprise-server@2.21" % %}yes{% endif %}'
    template = parse_template(env, source, "page.md", 8)
    assert render_template(template, {"v": "enterprise-server@3.0"}) == "x\nyes"
    kind, message, file, line = services.warnings[0]
    assert (kind, file, line) == ("liquid-syntax", "page.md", 10)
    assert "ignored '%'" in message


def test_second_else_joins_else_part(env, services):
    source = "{% if x %}a{% else %}b{% else %}c{% endif %}"
    assert render(env, source, x=False) == "bc"
    assert render(env, source, x=True) == "a"
    assert services.warnings[0][0] == "liquid-syntax"


def test_length_in_output_and_attribute_access(env):
    @dataclass
    class Obj:
        name: str

    assert render(env, "{{ p.permalinks.length }}", p={"permalinks": [1, 2, 3]}) == "3"
    assert render(env, "{{ o.name }}", o=Obj("x")) == "x"


def test_undefined_renders_empty_and_unknown_filters_are_ignored(env):
    assert render(env, "[{{ nope }}][{{ 'a' | no_such_filter }}]") == "[][a]"


# -- data ----------------------------------------------------------------------------------------

PRODUCT_NAME = ('{% if enterpriseServerVersions contains currentVersion %}GitHub Enterprise Server'
                '{% elsif currentVersion == "github-ae@latest" %}GitHub AE{% else %}GitHub{% endif %}')


def site(**data) -> dict:
    return {"site": {"data": data}}


@pytest.mark.parametrize("version,expected", [
    ("enterprise-server@2.22", "GitHub Enterprise Server"),
    ("github-ae@latest", "GitHub AE"),
    ("free-pro-team@latest", "GitHub"),
])
def test_data_value_is_rendered_as_liquid(env, version, expected):
    g = site(variables={"product": {"product_name": PRODUCT_NAME}})
    out = render(env, "{% data variables.product.product_name %}", currentVersion=version,
                 enterpriseServerVersions=ESV, **g)
    assert out == expected


def test_data_recursion_and_root_scope_only(env):
    g = site(reusables={"a": "A {% data reusables.b %} [{{ mine }}]", "b": "B {{ shared }}"})
    out = render(env, "{% assign mine = 'local' %}{% data reusables.a %}", shared="root", **g)
    assert out == "A B root []"  # assign/capture/for variables are not visible inside data


def test_data_with_loop_index(env):
    g = site(glossaries={"external": [{"term": "one"}, {"term": "two {% data variables.x %}"}]},
             variables={"x": ":fire:"})
    source = ("{% for t in site.data.glossaries.external %}"
              "[{% data glossaries.external[forloop.index0].term %}]{% endfor %}")
    assert render(env, source, **g) == "[one][two :fire:]"


def test_data_path_segments_with_digits_and_hyphens(env):
    g = site(reusables={"two_fa": {"2fa-in-browser": "in browser"}})
    assert render(env, "{% data reusables.two_fa.2fa-in-browser %}", **g) == "in browser"


@pytest.mark.parametrize("value,expected", [
    (42, "42"), (2.5, "2.5"), (True, "true"), (None, ""),
    ({"a": 1}, "[object Object]"), (["a", "b"], "a,b"),
])
def test_non_string_data_prints_like_javascript(env, value, expected):
    assert render(env, "{% data variables.v %}", **site(variables={"v": value})) == expected


def test_missing_data_renders_empty_and_warns(env, services):
    out = render(env, "a\n\nb {% data variables.nope.x %} c", "content/x.md", 4,
                 **site(variables={}))
    assert out == "a\n\nb  c"
    assert services.warnings == [
        ("data-missing", "unknown data reference 'variables.nope.x'", "content/x.md", 7)]


def test_data_without_argument_is_a_syntax_error(env):
    with pytest.raises(LiquidError) as info:
        parse_template(env, "x\n{% data %}", "page.md")
    assert info.value.message == "Syntax Error in 'data' - Valid syntax: data [param]"
    assert (info.value.file, info.value.line) == ("page.md", 2)


def test_data_cycle_direct(env):
    g = site(reusables={"a": "x {% data reusables.a %}"})
    with pytest.raises(LiquidError, match=r"data reference cycle: reusables\.a -> reusables\.a"):
        render(env, "{% data reusables.a %}", **g)


def test_data_cycle_indirect_names_the_file(env, services, tmp_path):
    write_tree(tmp_path, {"reusables/a.md": "A {% data reusables.b %}",
                          "reusables/b.md": "B\n{% data reusables.a %}"})
    data, services.sources = load_data_dir(tmp_path)
    with pytest.raises(LiquidError) as info:
        render(env, "{% data reusables.a %}", "content/p.md", **site(**data))
    err = info.value
    assert err.message == "data reference cycle: reusables.a -> reusables.b -> reusables.a"
    assert (Path(err.file).name, err.line) == ("b.md", 2)
    assert "content/p.md:1" in err.hint


def test_error_inside_a_reusable_names_the_reusable(env, services, tmp_path):
    write_tree(tmp_path, {"reusables/bad.md": "line one\n{% if x %}never closed"})
    data, services.sources = load_data_dir(tmp_path)
    with pytest.raises(LiquidError) as info:
        render(env, "\n{% data reusables.bad %}", "content/p.md", **site(**data))
    err = info.value
    assert (Path(err.file).name, err.line, err.message) == ("bad.md", 2, "tag {% if %} not closed")
    assert "site.data.reusables.bad at content/p.md:2" in err.hint


# -- indented_data_reference ---------------------------------------------------------------------

ROSE = "a rose by any other name\nwould smell as sweet"


@pytest.mark.parametrize("args,indent", [
    ("", "  "), (" spaces=0", ""), (" spaces = 0", ""), (" spaces=5", "     "),
    (" spaces =3", "   "),
])
def test_indented_data_reference(env, args, indent):
    out = render(env, f"{{% indented_data_reference site.data.reusables.example{args} %}}",
                 **site(reusables={"example": ROSE}))
    assert out == "\n".join(indent + line for line in ROSE.split("\n"))


def test_indented_data_reference_renders_nested_data(env):
    # deliberate fix: the original rendered `{% data %}` inside the snippet as empty
    g = site(reusables={"s3": "{% data variables.product.prodname_actions %} requires:\n- x"},
             variables={"product": {"prodname_actions": "GitHub Actions"}})
    out = render(env, "{% indented_data_reference site.data.reusables.s3 spaces=3 %}", **g)
    assert out == "   GitHub Actions requires:\n   - x"


def test_indented_data_reference_falsy_is_empty(env):
    g = site(reusables={"empty": ""})
    assert render(env, "[{% indented_data_reference site.data.reusables.empty %}]", **g) == "[]"


# -- extended Markdown ---------------------------------------------------------------------------

BLUE = "border rounded-1 mb-4 p-3 border-blue bg-blue-light f5"
RED = "border rounded-1 mb-4 p-3 border-red bg-red-light f5"


@pytest.mark.parametrize("tag,classes", [
    ("note", BLUE), ("tip", BLUE), ("warning", RED), ("danger", RED),
    ("mac", ""), ("windows", ""), ("linux", ""), ("all", ""),
])
def test_extended_markdown_tags(env, tag, classes):
    out = render(env, f"{{% {tag} %}}\n\n**x** {{{{ v }}}}\n\n{{% end{tag} %}}", v="y")
    assert out == f'<div class="extended-markdown {tag} {classes}">\n\n**x** y\n\n</div>'


def test_platform_tag_keeps_trailing_space(env):
    assert render(env, "{% all %}x{% endall %}") == '<div class="extended-markdown all ">x</div>'


def test_extended_markdown_missing_end_tag(env):
    with pytest.raises(LiquidError) as info:
        parse_template(env, "a\n{% note %}\nb", "page.md", 3)
    assert (info.value.message, info.value.line) == ("tag {% note %} not closed", 5)


# -- link tags -----------------------------------------------------------------------------------

HREF = "/en/desktop/contributing-and-collaborating-using-github-desktop"
TITLE = "Contributing and collaborating using GitHub Desktop"
INTRO = ("Use GitHub Desktop to manage your projects, create meaningful commits, and track the "
         "project&apos;s history in an app instead of on the command line.")
TARGET = LinkData(href=HREF, title=TITLE, short_title="Contributing", intro=INTRO)


@pytest.fixture
def linked(services):
    services.links["/contributing-and-collaborating-using-github-desktop"] = TARGET
    return services


@pytest.mark.parametrize("tag,expected", [
    ("link", f'<a class="link-title Bump-link--hover no-underline" href="{HREF}">{TITLE}</a>'),
    ("link_with_short_title",
     f'<a class="link-title Bump-link--hover no-underline" href="{HREF}">Contributing</a>'),
    ("link_in_list",
     f'- <a class="article-link link Bump-link--hover no-underline" href="{HREF}">{TITLE}</a>'),
    ("topic_link_in_list",
     f'- <a class="topic-link link Bump-link--hover no-underline" href="{HREF}">{TITLE}</a>'),
    ("link_with_intro",
     f'<a class="link-with-intro Bump-link--hover no-underline" href="{HREF}">\n'
     f'  <h2 class="link-with-intro-title f4">{TITLE}<span class="Bump-link-symbol">→</span></h2>\n'
     f'</a>\n<p class="link-with-intro-intro">{INTRO}</p>'),
    ("homepage_link_with_intro",
     '<a class="link-with-intro Bump-link--hover no-underline d-block offset-lg-2 col-lg-8 mb-5" '
     f'href="{HREF}">\n'
     f'  <h4 class="link-with-intro-title h4-mktg">{TITLE}<span class="Bump-link-symbol">→</span></h4>\n'
     f'  <p class="link-with-intro-intro f5">{INTRO}</p>\n</a>'),
])
def test_link_tags(env, linked, tag, expected):
    assert render(env, f"{{% {tag} /contributing-and-collaborating-using-github-desktop %}}") == expected


def test_link_with_intro_without_intro(env, services):
    services.links["/x"] = LinkData(href="/en/x", title="X")
    assert render(env, "{% link_with_intro /x %}") == (
        '<a class="link-with-intro Bump-link--hover no-underline" href="/en/x">\n'
        '  <h2 class="link-with-intro-title f4">X<span class="Bump-link-symbol">→</span></h2>\n'
        '</a>')


def test_link_with_short_title_falls_back_to_title(env, services):
    services.links["/x"] = LinkData(href="/en/x", title="Long title")
    assert render(env, "{% link_with_short_title /x %}").endswith(">Long title</a>")


def test_link_as_article_card(env, linked):
    out = render(env, "{% link_as_article_card /contributing-and-collaborating-using-github-desktop %}")
    assert out.startswith(
        '<div class="d-flex col-12 col-md-4 pr-0 pr-md-6 pr-lg-8 <display condition> '
        'js-filter-card" data-type="" data-topics="">\n'
        f'  <a class="no-underline d-flex flex-column py-3 border-bottom" href="{HREF}">\n'
        f'    <h4 class="h4 text-gray-dark mb-1">{TITLE}</h4>\n'
        '    <div class="text-purple h6 text-uppercase"></div>\n'
        f'    <p class="text-gray my-3">{INTRO}</p>')
    assert out.endswith("</a>\n</div>")


def test_link_as_article_card_with_type_and_topics(env, services):
    services.links["/g"] = LinkData(href="/en/g", title="G", intro="I", type="quick_start",
                                    topics=["Actions", "CI"])
    g = site(ui={"product_sublanding": {"guide_types": {"quick_start": "Quickstart"}}})
    out = render(env, "{% link_as_article_card /g %}", **g)
    assert 'data-type="quick_start" data-topics="Actions,CI"' in out
    assert '<div class="text-purple h6 text-uppercase">Quickstart</div>' in out
    assert ('      <div>\n        \n          <span class="IssueLabel bg-gradient--pink-blue '
            'text-white mr-1">Actions</span>\n        \n          <span') in out


def test_link_to_unavailable_page_is_empty(env):
    assert render(env, "[{% link /nowhere %}]") == "[]"


def test_link_argument_is_rendered_as_liquid(env, services):
    render(env, "{% link /enterprise/{{ page.version }}/x %}", page={"version": "2.22"})
    render(env, '{% assign href = "/a/b" %}{% link {{ href }} %}')
    assert services.link_calls == ["/enterprise/2.22/x", "/a/b"]


def test_link_without_argument_is_an_error(env):
    with pytest.raises(LiquidError, match="missing link target"):
        parse_template(env, "{% link %}", "page.md")


# -- octicons ------------------------------------------------------------------------------------


def test_octicon_default(env):
    out = render(env, '{% octicon "check" %}')
    assert out.startswith('<svg version="1.1" width="16" height="16" viewBox="0 0 16 16" '
                          'class="octicon octicon-check" aria-hidden="true"><path d="')
    assert out.endswith('"></path></svg>')


def test_octicon_width_switches_to_24px_artwork(env):
    out = render(env, '{% octicon "check" width="64" aria-label="A checkmark" %}')
    assert out.startswith('<svg version="1.1" width="64" height="64" viewBox="0 0 24 24" '
                          'class="octicon octicon-check" aria-label="A checkmark" role="img">')
    assert "aria-hidden" not in out


def test_octicon_label_is_kept_and_copied(env):
    out = render(env, '{% octicon "gear" label="Settings" %}')
    assert 'label="Settings" aria-label="Settings" role="img">' in out


def test_octicon_class_and_height(env):
    out = render(env, '{% octicon "x" height="32" class="mr-1" %}')
    assert 'width="32" height="32" viewBox="0 0 24 24" class="octicon octicon-x mr-1"' in out


def test_octicon_space_around_equals(env):
    out = render(env, '{% octicon "check-circle-fill" aria-label= "The check icon" %}')
    assert 'aria-label="The check icon" role="img"' in out


def test_octicon_renamed_names(env):
    assert 'viewBox="0 0 24 24" class="octicon octicon-trashcan"' in render(
        env, '{% octicon "trashcan" %}')
    assert 'class="octicon octicon-clippy"' in render(env, '{% octicon "clippy" %}')


@pytest.mark.parametrize("source,message", [
    ('{% octicon 123 %}',
     """Syntax Error in tag 'octicon' - Valid syntax: octicon "<name>" <key="value">"""),
    ('{% octicon "pizza-patrol" %}', "Octicon pizza-patrol does not exist"),
])
def test_octicon_errors(env, source, message):
    with pytest.raises(LiquidError) as info:
        parse_template(env, "\n" + source, "page.md")
    assert (info.value.message, info.value.line) == (message, 2)


def test_every_octicon_in_the_corpus_exists(corpus):
    names = set()
    pattern = re.compile(r'\{%-?\s*octicon\s+"([a-zA-Z-]+)"')
    for folder in (corpus / "content", corpus / "data", corpus / "translations"):
        for path in folder.rglob("*"):
            if path.suffix in (".md", ".yml"):
                names.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(names) > 60
    assert sorted(n for n in names if not octicons.exists(n)) == []


# -- include, raw, comment, errors -----------------------------------------------------------------


def test_known_missing_include_renders_empty(env):
    assert render(env, "a{% include rest_operation %}b{% include graphql-enum %}") == "ab"


def test_unknown_include_is_an_error(env):
    with pytest.raises(LiquidError) as info:
        render(env, "x\n{% include cool_header %}", "content/a.md", 6)
    assert (info.value.message, info.value.file, info.value.line) == (
        "unknown include 'cool_header'", "content/a.md", 8)


def test_raw_and_comment(env):
    source = ("For example: {% raw %}{% include cool_header.html %} {{ page.title }}{% endraw %}."
              "{% comment %}{% link /x %}{% endcomment %}")
    assert render(env, source) == "For example: {% include cool_header.html %} {{ page.title }}."


@pytest.mark.parametrize("source,message,line", [
    ("a\n{% raw %}x", "tag {% raw %} not closed", 2),
    ("a\n{% for x in y %}\nz", "tag {% for %} not closed", 2),
    ("a\n\n{% foo %}", "unexpected tag 'foo'", 3),
    ("{% if x %}{% endunless %}", "unexpected tag 'endunless'", 1),
])
def test_syntax_errors_name_file_and_line(env, source, message, line):
    with pytest.raises(LiquidError) as info:
        parse_template(env, source, "content/a.md", 10)
    err = info.value
    assert (err.message, err.file, err.line) == (message, "content/a.md", line + 10)
    assert err.hint.startswith("near: ")


# -- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,expected", [
    ("{{ d | obj_size }}", "2"),
    ("{{ nothing | obj_size }}", "0"),
    ("{{ 'enterprise-server@2.22' | version_num }}", "2.22"),
    ("{{ 'latest' | version_num }}", ""),
    ("{{ 'Über uns & more' | slugify }}", "über-uns--more"),
])
def test_filters(env, source, expected):
    assert render(env, source, d={"a": 1, "b": 2}) == expected


# -- the corpus ----------------------------------------------------------------------------------

_FRONTMATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)


def _corpus_templates(content: Path, data: Path):
    """(name, source, line offset) of every page body and every string data value."""
    for path in sorted(content.rglob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8").replace("] (", "]&nbsp;(")
        match = _FRONTMATTER.match(text)
        head = match.group() if match else ""
        body = re.sub(r"<!--.*?-->", "", re.sub(r"\n(?=<!--)", "", text[len(head):]), flags=re.S)
        yield str(path), body, head.count("\n")
    tree, _ = load_data_dir(data)
    stack = [("", tree)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{key}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{key}.{i}", v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            yield f"data:{key}", value, None


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_corpus_page_and_data_value_parses(env, services, corpus, lang):
    root = corpus if lang == "en" else corpus / "translations" / "ja-JP"
    failures, count = [], 0  # the parse time is a figure of `make bench` (bench_parts.py)
    for name, source, offset in _corpus_templates(root / "content", root / "data"):
        count += 1
        try:
            parse_template(env, source, name, offset, name)
        except LiquidError as exc:
            failures.append(str(exc))
    assert count > 5000
    assert failures == []
    assert {w[0] for w in services.warnings} <= {"liquid-syntax"}
