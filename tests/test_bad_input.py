"""The README's table of bad input, one test per row.

Each row breaks a good small site in one way.  ``check`` must name the file and line with the
row's message; ``build`` must report the same diagnostic (rows marked check-only are found only
by rendering the whole site and reading its links, or by looking for files no page uses); and a
strict build that fails must leave the last good site exactly as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
import yaml

from builder.build import build
from builder.check import check
from builder.config import load_config

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
ONE = "content/hub/a/one.md"
TWO = "content/hub/a/two.md"
JA_ONE = "translations/ja-JP/content/hub/a/one.md"


def good_site() -> dict[str, str]:
    return {
        "builder.yml": yaml.safe_dump(SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /a %}}\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                                  "{% link_in_list /two %}\n",
        ONE: f"---\ntitle: One\n{ALL}---\n\n## Setting up\n",
        TWO: f"---\ntitle: Two\n{ALL}---\n\nText.\n",
        JA_ONE: f"---\ntitle: 一\n{ALL}---\n\n## Setting up\n",
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
        "data/variables/product.yml": "name: Product\n",
        "assets/images/here.png": "png",
    }


@dataclass(frozen=True)
class Row:
    name: str
    files: dict[str, str | bytes]
    file: str  # where the diagnostic must point
    line: int  # 0: a folder, which has no line
    severity: str
    text: str  # part of the message
    build_reports: bool = True
    setup: Callable[[Path], None] | None = field(default=None, compare=False)


def _symlink_loop(root: Path) -> None:
    os.symlink("loop.md", root / "content/hub/a/loop.md")


def _folder_named_like_page(root: Path) -> None:
    (root / "content/hub/a/folder.md").mkdir()


ROWS = [
    Row("broken YAML", {ONE: "---\ntitle: One\nversions: {free-pro-team: '*'\nintro: x\n---\n"},
        ONE, 4, "error", "YAML parsing error"),
    Row("a tab in YAML", {ONE: "---\ntitle: One\n\tversions: '*'\n---\n"},
        ONE, 3, "error", "tab character"),
    Row("missing title", {ONE: f"---\n{ALL}---\n"}, ONE, 2, "error", "`title` is required"),
    Row("unknown version plan", {ONE: "---\ntitle: One\nversions:\n  nosuch: '*'\n---\n"},
        ONE, 3, "error", "unknown plan 'nosuch'"),
    Row("bad version range", {ONE: "---\ntitle: One\nversions:\n  enterprise-server: '>=2.2x'\n"
                                   "---\n"}, ONE, 3, "error", "bad version range '>=2.2x'"),
    Row("unknown data reference", {ONE: f"---\ntitle: One\n{ALL}---\n\n{{% data variables.nope %}}\n"},
        ONE, 8, "warning", "unknown data reference 'variables.nope'"),
    Row("Liquid syntax error", {ONE: f"---\ntitle: One\n{ALL}---\n\n{{% if %}}x{{% endif %}}\n"},
        ONE, 8, "error", "missing condition in {% if %}"),
    Row("unclosed block", {ONE: f"---\ntitle: One\n{ALL}---\n\n{{% if currentVersion %}}\nx\n"},
        ONE, 8, "error", "tag {% if %} not closed"),
    Row("cyclic reusable", {"data/reusables/a.md": "{% data reusables.b %}",
                            "data/reusables/b.md": "{% data reusables.a %}",
                            ONE: f"---\ntitle: One\n{ALL}---\n\n{{% data reusables.a %}}\n"},
        "data/reusables/b.md", 1, "error", "data reference cycle"),
    Row("broken data file", {"data/variables/product.yml": "name: [Product\n"},
        "data/variables/product.yml", 2, "error", "cannot parse data file"),
    Row("link to a missing page", {ONE: f"---\ntitle: One\n{ALL}---\n\nSee [x](/hub/gone).\n"},
        ONE, 8, "error", "link to '/hub/gone' reaches no page", build_reports=False),
    Row("link tag to a missing page", {ONE: f"---\ntitle: One\n{ALL}---\n\n{{% link /hub/gone %}}\n"},
        ONE, 8, "warning", "link to '/hub/gone'"),
    Row("link to a missing anchor", {TWO: f"---\ntitle: Two\n{ALL}---\n\n[x](/hub/a/one#nope)\n"},
        TWO, 8, "warning", "link to '#nope' on /hub/a/one", build_reports=False),
    Row("missing image", {ONE: f"---\ntitle: One\n{ALL}---\n\n![x](/assets/images/gone.png)\n"},
        ONE, 8, "error", "'/assets/images/gone.png' is not a file", build_reports=False),
    Row("duplicate redirect", {ONE: f"---\ntitle: One\n{ALL}redirect_from:\n  - /old\n---\n",
                               TWO: f"---\ntitle: Two\n{ALL}redirect_from:\n  - /old\n---\n"},
        TWO, 6, "warning", "redirect_from '/old' is claimed by this page and by"),
    Row("redirect loop", {ONE: f"---\ntitle: One\n{ALL}redirect_from:\n  - /hub/a/two\n---\n",
                          TWO: f"---\ntitle: Two\n{ALL}redirect_from:\n  - /hub/a/one\n---\n"},
        ONE, 6, "warning", "redirect_from entry '/hub/a/two' of this page claims"),
    Row("redirect to its own page", {ONE: f"---\ntitle: One\n{ALL}redirect_from:\n  - /hub/a/one\n"
                                          "---\n"},
        ONE, 6, "warning", "is this page's own URL", build_reports=False),
    Row("non-UTF-8 file", {ONE: b"---\ntitle: \xe9t\xe9\nversions: '*'\n---\n"},
        ONE, 2, "error", "not UTF-8: byte 0xe9 at line 2"),
    Row("UTF-8 BOM", {ONE: "\ufeff---\ntitle: One\n" + ALL + "---\n"},
        ONE, 1, "warning", "byte-order mark"),
    Row("empty file", {ONE: ""}, ONE, 1, "error", "the file is empty"),
    Row("directory named like a page", {}, "content/hub/a/folder.md", 0, "warning",
        "a folder is named like a page file", setup=_folder_named_like_page),
    Row("symlink loop", {}, "content/hub/a/loop.md", 1, "error",
        "Too many levels of symbolic links", setup=_symlink_loop),
    Row("50 MB file", {ONE: f"---\ntitle: One\n{ALL}---\n" + "word " * 10_000_000},
        ONE, 1, "error", "the file is 47.7 MB; pages over 10 MB are not built"),
    Row("translation with broken frontmatter", {JA_ONE: "---\ntitle: [x\n---\n"},
        JA_ONE, 3, "warning", "broken translated frontmatter"),
    Row("translation that is not UTF-8", {JA_ONE: b"---\ntitle: \x82\xa0\n---\n"},
        JA_ONE, 2, "warning", "not UTF-8"),
    Row("orphaned translation", {"translations/ja-JP/content/hub/a/gone.md": f"---\ntitle: x\n{ALL}"
                                                                             "---\n"},
        "translations/ja-JP/content/hub/a/gone.md", 1, "warning",
        "translated file has no English page", build_reports=False),
    Row("translation versions differ", {JA_ONE: "---\ntitle: 一\nversions:\n  free-pro-team: '*'\n"
                                                "---\n"},
        JA_ONE, 3, "warning", "lacks enterprise-server@2.20", build_reports=False),
    Row("page no index lists", {"content/hub/a/lost.md": f"---\ntitle: Lost\n{ALL}---\n"},
        "content/hub/a/lost.md", 1, "warning", "no index lists this page", build_reports=False),
]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def _matching(diags, row: Row, root: Path) -> list[tuple[str, int, str]]:
    return [(Path(d.file).relative_to(root).as_posix() if d.file else "", d.line, d.severity)
            for d in diags if row.text in d.message]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_bad_input_row(tmp_path, row):
    root = write_tree(tmp_path / "src", good_site())
    out = tmp_path / "_site"
    config = load_config(root / "builder.yml", root)
    assert build(config, out, jobs=1, strict=True).ok
    good = _tree(out)

    _write(root, row.files)
    if row.setup:
        row.setup(root)
    checked = check(config, jobs=1)
    found = _matching(checked.report.diagnostics, row, root)
    assert (row.file, row.line, row.severity) in found
    assert all(file for file, _line, _severity in found)  # every one names its file

    result = build(config, out, jobs=1, strict=True)
    built = _matching(result.report.diagnostics, row, root)
    if row.build_reports:
        assert (row.file, row.line, row.severity) in built
        assert result.report.diagnostics  # the strict build fails ...
        assert _tree(out) == good  # ... and the last good site is untouched
    else:
        assert built == []
