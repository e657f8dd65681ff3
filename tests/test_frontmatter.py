"""Frontmatter parsing and validation (spec §2, PEER-TEST-FACTS §11)."""

from __future__ import annotations

import pytest

from builder import frontmatter


def parse(text, translated=False):
    return frontmatter.parse(text, "page.md", translated)


def test_yaml12_booleans_and_body_line():
    p = parse("---\ntitle: Hello, World\nversions: '*'\nintro: yes\nx: yes\n---\n\n"
              "I am content.\n")
    assert p.data["intro"] == "yes"  # YAML 1.2: text, not the boolean True of YAML 1.1
    assert p.data["title"] == "Hello, World"
    assert p.body_line == 7
    assert p.body.strip() == "I am content."
    # x is an unknown key: a warning naming its line; the page still loads without it
    assert [(d.severity, d.kind, d.line) for d in p.diagnostics] == [
        ("warning", "frontmatter-key", 5)]
    assert "unknown frontmatter key `x`" in p.diagnostics[0].message
    assert p.ok and "x" not in p.data


def test_yes_stays_string():
    p = parse("---\ntitle: 'yes'\nversions: '*'\nintro: no\nhidden: true\n---\n")
    assert p.ok and p.data["intro"] == "no" and p.data["title"] == "yes"
    assert p.data["hidden"] is True  # true/false stay booleans


def test_unescaped_quote_is_invalid_entry_with_line():
    p = parse("---\ntitle: Hi\nversions: '*'\nintro: 'I've got broken frontmatter'\n---\n")
    assert not p.ok
    d = p.diagnostics[0]
    assert d.line == 4 and "YAML" in d.message and d.hint


@pytest.mark.parametrize("fm,message", [
    ("title: Hi", "`versions` is required"),
    ("versions: '*'", "`title` is required"),
    ("title: Hi\nversions: '*'\nminiTocMaxHeadingLevel: 7", "miniTocMaxHeadingLevel"),
    ("title: Hi\nversions: '*'\nlayout: fancy", "layout"),
    ("title: Hi\nversions: '*'\nmapTopic: 'sure'", "mapTopic"),
    ("title: Hi\nversions: '*'\ntype: essay", "type"),
    ("title: Hi\nversions: [a]", "versions"),
])
def test_schema_errors(fm, message):
    p = parse(f"---\n{fm}\n---\nbody\n")
    assert not p.ok
    assert any(message in d.message for d in p.diagnostics)


def test_mislocalized_boolean_repaired_for_translations_only():
    text = "---\ntitle: T\nversions: '*'\nmapTopic: verdadero\n---\n"
    assert parse(text, translated=True).data["mapTopic"] is True
    assert not parse(text).ok


def test_bracket_paren_encoded():
    p = parse("---\ntitle: T\nversions: '*'\n---\n[x] (y)\n")
    assert p.body == "[x]&nbsp;(y)\n"


def test_no_frontmatter():
    p = parse("just text\n")
    assert not p.ok and "no frontmatter" in p.diagnostics[0].message


@pytest.mark.parametrize("key,closest", [
    ("Titel", "`title`"),
    ("redirectFrom", "`redirect_from`"),
    ("shorttitle", "`shortTitle`"),
    ("gettingStartedLinks", "`featuredLinks.gettingStarted`"),
    ("popularLinks", "`featuredLinks.popular`"),
])
def test_unknown_key_hint_names_the_closest_known_key(key, closest):
    p = parse(f"---\ntitle: T\nversions: '*'\n{key}: [a]\n---\n")
    [d] = p.diagnostics
    assert p.ok and d.severity == "warning" and d.line == 4
    assert closest in d.hint


def test_unknown_key_without_a_close_one_gets_no_guess():
    [d] = parse("---\ntitle: T\nversions: '*'\nzebra: 1\n---\n").diagnostics
    assert "did you mean" not in d.hint and "frontmatter.keys" in d.hint


def test_site_schema_adds_typed_keys_and_aliases():
    schema, problems = frontmatter.site_schema(
        {"audience": "string", "reviewers": "list of strings"},
        {"guideLinks": "featuredLinks.guides", "summary": "intro"})
    assert problems == []
    p = frontmatter.parse("---\ntitle: T\nversions: '*'\naudience: admins\n"
                          "reviewers: [ana]\nguideLinks:\n  - /a/b\nsummary: Hi\n---\n",
                          "page.md", schema=schema)
    assert p.diagnostics == []
    assert p.data["featuredLinks"] == {"guides": ["/a/b"]} and p.data["intro"] == "Hi"
    assert p.key_lines["featuredLinks"] == 6
    bad = frontmatter.parse("---\ntitle: T\nversions: '*'\nreviewers: ana\n---\n", "page.md",
                            schema=schema)
    [d] = bad.diagnostics
    assert not bad.ok and d.line == 4 and "a list of strings" in d.message


def test_alias_loses_to_the_key_it_stands_for():
    schema, _ = frontmatter.site_schema({}, {"summary": "intro"})
    p = frontmatter.parse("---\ntitle: T\nversions: '*'\nintro: New\nsummary: Old\n---\n",
                          "page.md", schema=schema)
    [d] = p.diagnostics
    assert p.ok and p.data["intro"] == "New" and d.severity == "warning" and d.line == 5


@pytest.mark.parametrize("keys,aliases,problem", [
    ({"title": "string"}, {}, "built-in key"),
    ({"audience": "text"}, {}, "unknown type 'text'"),
    ({}, {"old": "nothing"}, "not a frontmatter key"),
    ({}, {"intro": "title"}, "is itself a key"),
    ({}, {"old": "title.part"}, "not a map"),
])
def test_site_schema_problems_name_the_entry(keys, aliases, problem):
    _schema, problems = frontmatter.site_schema(keys, aliases)
    assert len(problems) == 1 and problem in problems[0]


def test_a_misspelt_required_key_is_named_in_the_error():
    p = parse("---\nversions: '*'\nTitel: Hello\n---\n")
    [error] = [d for d in p.diagnostics if d.severity == "error"]
    assert error.message == "`title` is required" and error.line == 3
    assert "`Titel` should be spelled `title`" in error.hint
