"""Site data: the data tree, YAML 1.2 booleans, translation overlay (spec §1.1, §5.5, §8.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import Diagnostic
from builder.site_data import filename_to_key, load_data_dir, load_yaml, overlay, source_for

from .conftest import write_tree

TREE = {
    "README.md": "# not data",
    "variables/product.yml": "prodname_dotcom: GitHub\nproduct_name: '{% data x %}'\n",
    "reusables/foo/bar.md": "1. Step one [x] (y)\n\n\n",
    "reusables/README.md": "# ignored too",
    "ui.yml": "yes: Yes\nno: No\nsearch:\n  placeholder: Search\n",
    "foo.json": '{"meaningOfLife": 42}',
    "glossaries/external.yml": "- term: a\n  description: b\n",
    "release-notes/3-0/0-rc1.yml": "date: '2021-01-12'\n",
    "graphql/schema.json": '{"big": true}',
    "release-notes/.gitkeep": "",
}


@pytest.fixture
def loaded(tmp_path):
    write_tree(tmp_path, TREE)
    return load_data_dir(tmp_path)


def test_tree_shape(loaded):
    data, _ = loaded
    assert data["variables"]["product"]["prodname_dotcom"] == "GitHub"
    assert data["reusables"]["foo"]["bar"] == "1. Step one [x]&nbsp;(y)"  # right-trimmed
    assert data["foo"] == {"meaningOfLife": 42}
    assert data["glossaries"]["external"] == [{"term": "a", "description": "b"}]
    assert data["release-notes"]["3-0"]["0-rc1"] == {"date": "2021-01-12"}
    assert "README" not in data and "README" not in data["reusables"]
    assert "graphql" not in data


def test_yaml_12_booleans_in_data(loaded):
    data, _ = loaded
    assert data["ui"]["yes"] == "Yes" and data["ui"]["no"] == "No"


def test_sources_map_keys_to_files(loaded, tmp_path):
    _, sources = loaded
    assert Path(sources["reusables.foo.bar"]) == tmp_path / "reusables/foo/bar.md"
    assert Path(sources["variables.product"]) == tmp_path / "variables/product.yml"
    assert Path(source_for("variables.product.prodname_dotcom", sources)).name == "product.yml"
    assert source_for("nope.x", sources) == ""


def test_skip_dirs_is_a_parameter(tmp_path):
    write_tree(tmp_path, TREE)
    data, _ = load_data_dir(tmp_path, skip_dirs=())
    assert data["graphql"]["schema"] == {"big": True}


def test_missing_directory_is_empty(tmp_path):
    assert load_data_dir(tmp_path / "absent") == ({}, {})


@pytest.mark.parametrize("rel,key", [
    ("foo/bar/baz.txt", "foo.bar.baz"),
    ("/foo/bar.md", "foo.bar"),
    ("path\\to\\file.txt", "path.to.file"),
])
def test_filename_to_key(rel, key):
    assert filename_to_key(rel) == key


@pytest.mark.parametrize("text,expected", [
    ("a: yes", "yes"), ("a: No", "No"), ("a: on", "on"), ("a: OFF", "OFF"),
    ("a: true", True), ("a: True", True), ("a: TRUE", True),
    ("a: false", False), ("a: False", False), ("a: FALSE", False),
    ("a: 2.20", 2.2), ("a: '2.20'", "2.20"), ("a: 42", 42), ("a: ~", None),
])
def test_yaml_12_booleans(text, expected):
    assert load_yaml(text)["a"] == expected


def test_broken_yaml_is_reported_and_left_out(tmp_path):
    write_tree(tmp_path, {"variables/good.yml": "a: 1\n",
                          "variables/bad.yml": "a: 1\nb: [unclosed\nc: 3\n"})
    diagnostics: list[Diagnostic] = []
    data, sources = load_data_dir(tmp_path, diagnostics=diagnostics)
    assert data["variables"] == {"good": {"a": 1}}
    assert "variables.bad" not in sources
    [diag] = diagnostics
    assert (diag.severity, diag.kind, Path(diag.file).name) == ("error", "data", "bad.yml")
    assert diag.line in (3, 4)
    assert diag.message.startswith("cannot parse data file")


def test_broken_translation_falls_back_to_english(tmp_path):
    write_tree(tmp_path, {"en/variables/product.yml": "name: GitHub\nother: Other\n",
                          "ja/variables/product.yml": "name: [broken\n"})
    english, _ = load_data_dir(tmp_path / "en")
    diagnostics: list[Diagnostic] = []
    translated, _ = load_data_dir(tmp_path / "ja", diagnostics=diagnostics, severity="warning")
    assert overlay(english, translated)["variables"]["product"] == {"name": "GitHub",
                                                                    "other": "Other"}
    assert diagnostics[0].severity == "warning"


@pytest.mark.parametrize("english,translated,expected", [
    ({"a": "A"}, {"a": "翻訳"}, {"a": "翻訳"}),
    ({"a": "A"}, {"a": ""}, {"a": "A"}),  # empty falls back
    ({"a": "A"}, {"a": None}, {"a": "A"}),
    ({"a": "A"}, {}, {"a": "A"}),  # missing key falls back
    ({"a": "A"}, {"a": "x", "extra": "y"}, {"a": "x"}),  # keys only in translation dropped
    ({"n": 1}, {"n": 0}, {"n": 1}),  # 0 is falsy in JavaScript
    ({"l": ["a", "b", "c"]}, {"l": ["x", ""]}, {"l": ["x", "b", "c"]}),  # lists by index
    ({"g": [{"term": "t", "d": "D"}]}, {"g": [{"term": "用語"}]}, {"g": [{"term": "用語", "d": "D"}]}),
    ({"a": {"b": "B"}}, {"a": "flat"}, {"a": {"b": "B"}}),
    ({"a": "A"}, None, {"a": "A"}),
])
def test_overlay(english, translated, expected):
    assert overlay(english, translated) == expected


# -- the corpus ----------------------------------------------------------------------------------


def test_corpus_data_loads_every_file_and_overlays(corpus):
    # how long this takes is a figure of `make bench` (bench/bench_parts.py), not a test
    diagnostics: list[Diagnostic] = []
    en, en_sources = load_data_dir(corpus / "data", diagnostics=diagnostics)
    ja_raw, _ = load_data_dir(corpus / "translations/ja-JP/data", diagnostics=diagnostics)
    ja = overlay(en, ja_raw)
    assert diagnostics == []
    on_disk = {path for path in (corpus / "data").rglob("*")
               if path.suffix in (".yml", ".md") and path.name != "README.md"
               and "graphql" not in path.relative_to(corpus / "data").parts}
    assert len(on_disk) > 1500
    assert {Path(path) for path in en_sources.values()} == on_disk, "every data file is read"
    assert en["variables"]["product"]["prodname_dotcom"] == "GitHub"
    assert ja["variables"]["product"]["prodname_dotcom"] == "GitHub"
    assert (en["reusables"]["command_line"]["switching_directories_procedural"]
            == "1. Change the current working directory to your local repository.")
    assert "任意のページの左上で" in ja["reusables"]["audit_log"]["octicon_icon"]
    assert "1. " in en["reusables"]["enterprise_enterprise_support"][
        "submit-support-ticket-first-section"]
    assert set(en["glossaries"]) == {"external", "internal", "candidates"}
    assert en["ui"]["helpfulness"]["yes"] == "Yes"  # not {True: True} as YAML 1.1 would give
    assert en["ui"]["helpfulness"]["no"] == "No"
