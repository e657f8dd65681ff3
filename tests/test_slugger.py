"""github-slugger 1.2.1 slugs (spec §6.3)."""

from typing import NamedTuple

import pytest

from builder.slugger import Slugger, slugify


class Case(NamedTuple):
    text: str
    slug: str


CASES = [
    Case("This is a level one", "this-is-a-level-one"),
    Case("Hello, World!", "hello-world"),
    Case("Über uns & more", "über-uns--more"),
    Case("日本語の見出し", "日本語の見出し"),
    Case("GitHub Actions の概要", "github-actions-の概要"),
    Case("Café crème", "café-crème"),
    Case("Heading 🎉", "heading-"),  # trimmed before the emoji goes: trailing dash
    Case("🎉 Party", "-party"),
    Case("a  b", "a--b"),  # whitespace runs are not collapsed
    Case("tab\there", "tab-here"),
    Case("non\u00a0breaking", "non-breaking"),
    Case("  Trim me  ", "trim-me"),
    Case("foo_bar-baz", "foo_bar-baz"),
    Case("Step 1: do it", "step-1-do-it"),
    Case("What’s new?", "whats-new"),  # U+2019 is in the removed U+2000-U+206F block
    Case("“Quoted” text", "quoted-text"),
    Case("C++ & C#", "c--c"),
    Case("Using `git push`", "using-git-push"),
    Case("", ""),
]


@pytest.mark.parametrize("case", CASES, ids=[c.text or "empty" for c in CASES])
def test_slugify(case: Case) -> None:
    assert slugify(case.text) == case.slug


def test_duplicates_get_numbered_suffixes() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["Foo", "Foo", "Foo"]] == ["foo", "foo-1", "foo-2"]


def test_a_literal_suffix_is_not_reused() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["Foo", "Foo", "foo-1", "Foo"]] == [
        "foo", "foo-1", "foo-1-1", "foo-2"]


def test_japanese_duplicates() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["参考リンク", "参考リンク"]] == ["参考リンク", "参考リンク-1"]


def test_unique_and_reset() -> None:
    slugger = Slugger()
    assert slugger.unique("section") == "section"
    assert slugger.unique("section") == "section-1"
    slugger.reset()
    assert slugger.slug("Section") == "section"


def test_each_slugger_is_independent() -> None:
    first, second = Slugger(), Slugger()
    assert first.slug("A") == "a"
    assert second.slug("A") == "a"
