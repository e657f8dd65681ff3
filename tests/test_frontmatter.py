"""Frontmatter parsing and validation (spec §2, PEER-TEST-FACTS §11)."""

from __future__ import annotations

import pytest

from builder import frontmatter


def parse(text, translated=False):
    return frontmatter.parse(text, "page.md", translated)


def test_yaml12_booleans_and_body_line():
    p = parse("---\ntitle: Hello, World\nversions: '*'\nx: yes\n---\n\nI am content.\n")
    assert p.data["x"] == "yes"  # YAML 1.2: text, not the boolean True of YAML 1.1
    assert p.data["title"] == "Hello, World"
    assert p.body_line == 6
    assert p.body.strip() == "I am content."
    # x is an unknown key: an error naming its line
    assert [(d.kind, d.line) for d in p.diagnostics] == [("frontmatter", 4)]
    assert "unknown frontmatter key `x`" in p.diagnostics[0].message


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
