"""Bad input on a small inline site: every problem named with file and line, none hidden."""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.build import build
from builder.config import load_config

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"


def site(tmp_path: Path, files: dict[str, str]):
    base = {
        "builder.yml": yaml.safe_dump(SMALL_CONFIG),
        "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
        "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /a %}}\n",
        "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n",
        "data/ui.yml": "header:\n  github_docs: Test Docs\n",
    }
    base.update(files)
    write_tree(tmp_path, base)
    return load_config(tmp_path / "builder.yml", tmp_path)


def test_missing_link_target_is_reported_with_line(tmp_path):
    config = site(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\nSee {{% link /hub/a/nowhere %}}.\n",
        "content/hub/a/two.md": "---\ntitle: Two\nversions:\n  free-pro-team: '*'\n---\n",
        "content/hub/a/three.md": f"---\ntitle: Three\n{ALL}---\n\n{{% link /hub/a/two %}}\n",
    })
    result = build(config, tmp_path / "_site", jobs=1)
    missing = [d for d in result.report.warnings if d.kind == "link-missing"]
    assert [(Path(d.file).name, d.line) for d in missing] == [("one.md", 8)]
    assert "hub/a/nowhere" in missing[0].message
    # a page that only lacks this version renders empty without a warning
    html = (tmp_path / "_site/en/enterprise-server@3.0/hub/a/three/index.html").read_text()
    assert "Two</a>" not in html


def test_unknown_data_reference_and_bad_range_are_reported(tmp_path):
    config = site(tmp_path, {
        "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\nHi {{% data variables.nope.x %}}\n",
        "content/hub/a/two.md": "---\ntitle: Two\nversions:\n  enterprise-server: '>=9'\n---\n",
    })
    result = build(config, tmp_path / "_site", jobs=1)
    assert not result.ok
    [bad_range] = result.report.errors
    assert Path(bad_range.file).name == "two.md" and bad_range.line == 3
    assert "No applicable versions" in bad_range.message and bad_range.hint
    [missing] = [d for d in result.report.warnings if d.kind == "data-missing"]
    assert Path(missing.file).name == "one.md" and missing.line == 8
    assert "variables.nope.x" in missing.message
