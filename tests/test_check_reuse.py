"""``check`` reuses the last build: pages the build cache holds fresh are read from the built
files (with the build's diagnostics) instead of being rendered, and the findings are the same
as those of a check that renders everything."""

from __future__ import annotations

import pickle
from pathlib import Path

from builder.build import build
from builder.check import check
from builder.cli import main
from builder.config import load_config

from .test_check import ALL, DOTCOM, make_site

# one broken link (a link-broken finding) and one unknown data reference (a diagnostic of the
# render itself, which the build cache keeps): both must come out the same either way
FILES = {
    "content/hub/a/three.md": f"---\ntitle: Three\n{DOTCOM}---\n\nSee [gone](/hub/a/gone).\n",
    "content/hub/a/one.md": f"---\ntitle: One\n{ALL}---\n\n## Setting up\n\n"
                            "{% data variables.nope %}\n",
    "content/hub/a/index.md": f"---\ntitle: A\n{ALL}---\n{{% link_in_list /one %}}\n"
                              "{% link_in_list /two %}\n{% link_in_list /three %}\n",
}


def built_site(tmp_path: Path):
    root = make_site(tmp_path / "site", FILES)
    config = load_config(root / "builder.yml", root)
    out = tmp_path / "_site"
    result = build(config, out, jobs=1, search=False)
    assert result.ok and result.pages_written > 0
    return root, config, out


def formatted(result) -> list[str]:
    return [d.format() for d in result.report.diagnostics]


def test_a_check_right_after_a_build_renders_nothing_and_finds_the_same(tmp_path):
    root, config, out = built_site(tmp_path)
    reference = check(config, jobs=1)  # renders every page
    kinds = {d.kind for d in reference.report.diagnostics}
    assert {"link-broken", "data-missing"} <= kinds
    reused = check(config, jobs=1, site_dir=out)
    assert reused.rendered == 0
    assert reused.from_build == reused.pages == reference.pages == reference.rendered
    assert formatted(reused) == formatted(reference)


def test_after_one_edit_only_that_pages_outputs_are_rendered(tmp_path):
    root, config, out = built_site(tmp_path)
    three = root / "content/hub/a/three.md"
    three.write_text(three.read_text().replace("See", "Do see"))
    reused = check(config, jobs=1, site_dir=out)
    # three.md is in one version (dotcom): its English page and the Japanese page where
    # English stands in for the missing translation
    assert reused.rendered == 2
    assert reused.from_build == reused.pages - 2
    assert formatted(reused) == formatted(check(config, jobs=1))


def test_an_edit_that_fixes_a_finding_is_seen_through_the_older_build(tmp_path):
    root, config, out = built_site(tmp_path)
    one = root / "content/hub/a/one.md"
    one.write_text(one.read_text().replace("{% data variables.nope %}", "Fixed."))
    reused = check(config, jobs=1, site_dir=out)
    assert 0 < reused.rendered < reused.pages
    assert "data-missing" not in {d.kind for d in reused.report.diagnostics}
    assert formatted(reused) == formatted(check(config, jobs=1))


def test_the_check_cache_comes_first_and_keeps_what_the_build_gave(tmp_path):
    root, config, out = built_site(tmp_path)
    cache = tmp_path / "check-cache"
    first = check(config, jobs=1, cache_dir=cache, site_dir=out)
    assert (first.rendered, first.from_cache) == (0, 0) and first.from_build == first.pages
    again = check(config, jobs=1, cache_dir=cache, site_dir=out)
    assert (again.rendered, again.from_build) == (0, 0) and again.from_cache == again.pages
    assert formatted(again) == formatted(first)


def test_a_build_of_another_configuration_or_folder_is_not_used(tmp_path):
    root, config, out = built_site(tmp_path)
    english_only = check(config, jobs=1, languages=["en"], site_dir=out)
    assert english_only.from_build == 0 and english_only.rendered == english_only.pages > 0
    # the folder swapped for another one: the cache describes a folder that is gone
    out.rename(tmp_path / "old")
    (tmp_path / "old").rename(out)  # same inode: still the built folder
    assert check(config, jobs=1, site_dir=out).rendered == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in out.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    out.rename(tmp_path / "moved")
    copy.rename(out)
    replaced = check(config, jobs=1, site_dir=out)
    assert replaced.from_build == 0 and replaced.rendered == replaced.pages


def test_a_missing_built_file_is_rendered(tmp_path):
    root, config, out = built_site(tmp_path)
    (out / "en/hub/a/three/index.html").unlink()
    reused = check(config, jobs=1, site_dir=out)
    assert reused.rendered == 1
    assert formatted(reused) == formatted(check(config, jobs=1))


def test_failed_pages_are_never_taken_from_the_build(tmp_path):
    root, config, out = built_site(tmp_path)
    manifest_path = tmp_path / ".cache/_site/manifest.pickle"
    with open(manifest_path, "rb") as handle:
        manifest = pickle.load(handle)
    manifest.entries["en/hub/a/three/index.html"].inputs = {"failed": ""}
    with open(manifest_path, "wb") as handle:
        pickle.dump(manifest, handle)
    assert check(config, jobs=1, site_dir=out).rendered == 1


def test_cli_reads_the_build_named_by_site_and_no_cache_renders_everything(tmp_path, capsys):
    root, config, out = built_site(tmp_path)
    args = ["check", "--source", str(root), "--config", str(root / "builder.yml"), "-j", "1",
            "--cache-dir", str(tmp_path / "cc"), "--format", "json"]
    assert main([*args, "--site", str(out)]) == 1  # the broken link is an error
    captured = capsys.readouterr()
    assert '"from_build": ' in captured.out and '"rendered": 0,' in captured.out
    assert "read from the build" in captured.err
    assert main([*args, "--no-cache", "--site", str(out)]) == 1
    assert '"from_build": 0,' in capsys.readouterr().out
