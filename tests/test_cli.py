"""The command line as a writer or a CI job uses it: exit codes, the error list, --strict and
--summary-json (README, "Command line").  Each test builds a tiny site written here, in a
subprocess, exactly as ``python -m builder build`` runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, write_tree

CONFIG = """\
title: Tiny Docs
base_url: https://tiny.example.com
plans:
  - {id: free-pro-team, title: Free, version_title: Tiny.com, releases: [latest], default: true}
  - {id: enterprise-server, title: Server, version_title: "Server {release}", numbered: true,
     releases: ["3.0", "2.22"]}
languages:
  - {code: en, name: English, content_dir: content, data_dir: data}
  - {code: ja, name: Japanese, native_name: 日本語, content_dir: translations/ja-JP/content,
     data_dir: translations/ja-JP/data}
"""
HOME = "---\ntitle: Tiny Docs\nversions: '*'\n---\n\n{% link_in_list /guide %}\n"
PRODUCT = ("---\ntitle: Guide\nversions: '*'\n---\n\n### Table of Contents\n\n"
           "{% link_in_list /start %}\n")
CATEGORY = ("---\ntitle: Start\nversions: '*'\n---\n\n### Table of Contents\n\n"
            "{% link_in_list /first-steps %}\n{% link_in_list /second-steps %}\n")
FIRST = ("---\ntitle: First steps\nversions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
         "---\n\nHello from {% data variables.product.name %}.\n")
SECOND = ("---\ntitle: Second steps\nversions:\n  free-pro-team: '*'\n---\n\n"
          "## Next\n\nMore.\n")
SITE = {
    "builder.yml": CONFIG,
    "content/index.md": HOME,
    "content/guide/index.md": PRODUCT,
    "content/guide/start/index.md": CATEGORY,
    "content/guide/start/first-steps.md": FIRST,
    "content/guide/start/second-steps.md": SECOND,
    "data/variables/product.yml": "name: Tiny\n",
    "translations/ja-JP/content/guide/start/first-steps.md":
        FIRST.replace("First steps", "はじめの一歩"),
}
# pages per version and language, counted by hand from SITE: in free-pro-team@latest the
# product, category and two articles, with the site's homepage /en apart; in each
# enterprise-server release its homepage, the product, category and first-steps; the same in
# Japanese (English stands in for the pages it lacks)
PAGES = {"free-pro-team@latest": 4, "enterprise-server@3.0": 4, "enterprise-server@2.22": 4,
         "homepage": 1}
# a redirect_from entry without its leading "/" is a warning, not an error (README, Warnings)
WARNED = FIRST.replace("versions:", "redirect_from:\n  - old/first-steps\nversions:", 1)
BROKEN_LIQUID = SECOND.replace("More.", "More {% if currentVersion %}never closed.")
BROKEN_YAML = FIRST.replace("title: First steps", "title: First steps\nintro: 'it's broken'")


def tiny_site(root: Path, **changes: str) -> Path:
    """The tiny site in ``root``, with files replaced (keys: ``first``, ``second``)."""
    files = dict(SITE)
    for name, text in changes.items():
        files[f"content/guide/start/{name}-steps.md"] = text
    return write_tree(root, files)


def run_build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", "--source", str(source), "--out", str(out),
         "--jobs", "1", *options],
        capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture
def source(tmp_path) -> Path:
    return tiny_site(tmp_path / "src")


def test_a_clean_build_exits_zero_and_writes_the_site(source, tmp_path):
    out = tmp_path / "_site"
    done = run_build(source, out)
    assert done.returncode == 0, done.stderr
    assert (out / "en/guide/start/first-steps/index.html").is_file()
    assert (out / "ja/enterprise-server@2.22/guide/start/first-steps/index.html").is_file()
    assert not (out / "en/enterprise-server@3.0/guide/start/second-steps").exists()


def test_warnings_alone_pass_but_fail_with_strict(tmp_path):
    source = tiny_site(tmp_path / "src", first=WARNED)
    out = tmp_path / "_site"
    relaxed = run_build(source, out)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "first-steps.md" in relaxed.stderr and "old/first-steps" in relaxed.stderr
    before = (out / "en/index.html").read_bytes()

    (source / "content/guide/start/second-steps.md").write_text(
        SECOND.replace("More.", "Changed."), encoding="utf-8")
    strict = run_build(source, out, "--strict")
    assert strict.returncode != 0
    assert "old/first-steps" in strict.stderr
    assert "build failed" in strict.stderr and "built " not in strict.stderr
    assert (out / "en/index.html").read_bytes() == before, "the last good site is kept"
    assert "Changed." not in (out / "en/guide/start/second-steps/index.html").read_text()


def test_a_failed_build_exits_non_zero_and_lists_every_error(tmp_path):
    source = tiny_site(tmp_path / "src")
    out = tmp_path / "_site"
    assert run_build(source, out).returncode == 0
    before = (out / "en/guide/start/first-steps/index.html").read_bytes()
    tiny_site(source, first=BROKEN_YAML, second=BROKEN_LIQUID)

    failed = run_build(source, out)
    assert failed.returncode != 0
    lines = failed.stderr.splitlines()
    yaml_error = [line for line in lines if "first-steps.md:" in line]
    liquid_error = [line for line in lines if "second-steps.md:" in line]
    assert yaml_error, failed.stderr
    assert liquid_error, failed.stderr
    # file:line: message, with the line of the problem (intro is line 3; the tag is on line 9)
    assert any("first-steps.md:3: error:" in line for line in yaml_error), yaml_error
    assert any("second-steps.md:9: error:" in line for line in liquid_error), liquid_error
    assert "build failed" in failed.stderr
    assert (out / "en/guide/start/first-steps/index.html").read_bytes() == before


def test_summary_json_holds_what_the_readme_promises(tmp_path):
    source = tiny_site(tmp_path / "src", first=WARNED)
    summary = tmp_path / "summary.json"
    done = run_build(source, tmp_path / "_site", "--summary-json", str(summary))
    assert done.returncode == 0, done.stderr
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["pages"] == 2 * sum(PAGES.values())
    assert data["pages_by_version"] == {"en": PAGES, "ja": PAGES}
    assert data["errors"] == {}
    assert data["warnings"] == {"redirect": 1}
    assert isinstance(data["seconds"], (int, float)) and data["seconds"] > 0
    # English standing in for Japanese: four files have no translation (the homepage, product
    # and category in 3 versions each, second-steps in 1)
    ja = data["fallbacks"]["ja"]
    assert ja["missing page"] == {"files": 4, "pages": 10}
    # and variables.product.name is one data value Japanese lacks
    assert ja["missing data"] == {"files": 1, "pages": 0}
