"""The build cache: after any sequence of edits, an incremental build writes exactly the site a
clean build writes, byte for byte, and renders only what the edit touched.

The randomized test applies every kind of edit a writer makes, in an order and to files drawn
by a seeded random generator (``INCREMENTAL_SEED`` picks another sequence), to a copy of the
sample, and after each edit compares the incremental build with a clean one.
"""

from __future__ import annotations

import filecmp
import os
import pickle
import random
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from builder.build import build
from builder.cache import MANIFEST, default_folder
from builder.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARTS = ["content", "data", "translations", "assets", "redirects", "builder.yml"]


def copy_sample(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


def tree_differences(a: Path, b: Path) -> list[str]:
    """Every file that is missing on one side or differs in content."""
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"only in {a.name}: {prefix}{n}" for n in cmp.left_only)
        out.extend(f"only in {b.name}: {prefix}{n}" for n in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        out.extend(f"differs: {prefix}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def _edit(path: Path, fn: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    new = fn(text)
    assert new != text, f"the edit changed nothing in {path}"
    path.write_text(new, encoding="utf-8")


def _articles(src: Path) -> list[Path]:
    return sorted(p for p in (src / "content").rglob("*.md")
                  if p.name not in ("index.md", "README.md"))


# -- the edits: each returns what it did, and whether the build is expected to succeed ----------


def edit_article(src: Path, rng: random.Random) -> str:
    path = rng.choice(_articles(src))
    _edit(path, lambda t: t + f"\nAn added paragraph {rng.randrange(10**6)}.\n")
    return f"article body: {path.relative_to(src)}"


def edit_reusable(src: Path, rng: random.Random) -> str:
    used = [p for p in sorted((src / "data" / "reusables").rglob("*.md"))
            if _used(src, "reusables." + ".".join(p.relative_to(src / "data" / "reusables")
                                                   .with_suffix("").parts))]
    path = rng.choice(used)
    _edit(path, lambda t: t.rstrip("\n") + f" Edited {rng.randrange(10**6)}.\n")
    return f"reusable: {path.relative_to(src)}"


def _used(src: Path, key: str) -> bool:
    return any(key in p.read_text(encoding="utf-8") for p in (src / "content").rglob("*.md"))


def edit_variable(src: Path, rng: random.Random) -> str:
    path = src / "data" / "variables" / "product.yml"
    _edit(path, lambda t: t.replace("prodname_lantern: 'Lantern'",
                                    f"prodname_lantern: 'Lantern {rng.randrange(1000)}'", 1)
          if "prodname_lantern: 'Lantern'" in t else t + f"\nextra_{rng.randrange(1000)}: x\n")
    return "variable: data/variables/product.yml"


def edit_index(src: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((src / "content").glob("*/*/index.md")))
    _edit(path, lambda t: re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} (new)", t,
                                 count=1, flags=re.M))
    return f"index title: {path.relative_to(src)}"


def edit_versions(src: Path, rng: random.Random) -> str:
    candidates = [p for p in _articles(src)
                  if "  enterprise-server: '*'" in p.read_text(encoding="utf-8")]
    path = rng.choice(candidates)
    _edit(path, lambda t: t.replace("  enterprise-server: '*'",
                                    "  enterprise-server: '>=2.22'", 1))
    return f"versions range: {path.relative_to(src)}"


def delete_page(src: Path, rng: random.Random) -> str:
    path = rng.choice(_articles(src))
    path.unlink()
    ja = src / "translations" / "ja-JP" / path.relative_to(src)
    if ja.exists():
        ja.unlink()
    return f"deleted: {path.relative_to(src)}"


def new_page(src: Path, rng: random.Random) -> str:
    index = rng.choice(sorted((src / "content").glob("*/*/index.md")))
    name = f"brand-new-page-{rng.randrange(10**6)}"
    (index.parent / f"{name}.md").write_text(
        "---\ntitle: A brand new page\nintro: 'Written just now.'\nversions:\n"
        "  free-pro-team: '*'\n---\n\nHello from {% data variables.product.prodname_lantern %}.\n",
        encoding="utf-8")
    _edit(index, lambda t: t.rstrip("\n") + f"\n{{% link_in_list /{name} %}}\n")
    return f"new page: {index.parent.relative_to(src)}/{name}.md"


def new_translation(src: Path, rng: random.Random) -> str:
    ja_root = src / "translations" / "ja-JP" / "content"
    untranslated = [p for p in _articles(src)
                    if not (ja_root / p.relative_to(src / "content")).exists()]
    path = rng.choice(untranslated)
    text = path.read_text(encoding="utf-8")
    target = ja_root / path.relative_to(src / "content")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(re.sub(r"^title: .*$", "title: 新しい翻訳", text, count=1, flags=re.M),
                      encoding="utf-8")
    return f"new translation: {target.relative_to(src)}"


def edit_config(src: Path, rng: random.Random) -> str:
    _edit(src / "builder.yml", lambda t: re.sub(r"^title: .*$",
                                                f"title: Lantern Docs {rng.randrange(1000)}",
                                                t, count=1, flags=re.M))
    return "configuration: title"


EDITS = [edit_article, edit_reusable, edit_variable, edit_index, edit_versions, delete_page,
         new_page, new_translation, edit_config]


def _build(src: Path, out: Path, cache: bool):
    config = load_config(src / "builder.yml", src)
    return build(config, out, jobs=2, use_cache=cache)


def test_incremental_builds_match_clean_builds(tmp_path):
    seed = int(os.environ.get("INCREMENTAL_SEED", "20261130"))
    rng = random.Random(seed)
    src = copy_sample(tmp_path / "src")
    site, clean = tmp_path / "site", tmp_path / "clean"
    first = _build(src, site, cache=True)
    assert first.ok and first.cache == "cold" and first.pages_written > 500
    total = first.rendered
    plan = EDITS[:]
    rng.shuffle(plan)
    # a broken file and its fix, somewhere in the sequence
    plan.insert(rng.randrange(len(plan) + 1), "break-and-fix")
    for step in plan:
        if step == "break-and-fix":
            path = rng.choice(_articles(src))
            good = path.read_text(encoding="utf-8")
            before = {p: p.read_bytes() for p in site.rglob("*.html")}
            path.write_text(good.replace("---\n", "---\ntitle: [unclosed\n", 1), encoding="utf-8")
            broken = _build(src, site, cache=True)
            assert not broken.ok, "a broken frontmatter must fail the build"
            assert {p: p.read_bytes() for p in site.rglob("*.html")} == before, \
                "a failed incremental build changed the site"
            path.write_text(good, encoding="utf-8")
            what = f"broken and fixed: {path.relative_to(src)}"
        else:
            what = step(src, rng)
        result = _build(src, site, cache=True)
        assert result.ok, f"{what}: {[d.format() for d in result.report.errors]}"
        # a new configuration renders everything again; any other edit uses the cache
        assert result.cache == ("cold" if step is edit_config else "warm"), what
        reference = _build(src, clean, cache=False)
        assert reference.ok
        assert tree_differences(site, clean) == [], f"after '{what}' (seed {seed})"
        assert result.pages_written == reference.pages_written, what
        assert sorted(d.format() for d in result.report.diagnostics) == \
            sorted(d.format() for d in reference.report.diagnostics), what
        if step is edit_article:  # one page in ~5 versions, plus the outputs listing pages
            assert 0 < result.rendered < 40, f"{what}: rendered {result.rendered} of {total}"


def test_nothing_changed_renders_nothing(tmp_path):
    src = copy_sample(tmp_path / "src")
    site = tmp_path / "site"
    assert _build(src, site, cache=True).ok
    stamp = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = _build(src, site, cache=True)
    assert again.cache == "unchanged" and again.rendered == 0
    assert again.pages_written > 500
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == stamp


def test_one_reusable_rerenders_only_the_pages_that_use_it(tmp_path):
    src = copy_sample(tmp_path / "src")
    site = tmp_path / "site"
    assert _build(src, site, cache=True).ok
    reusable = src / "data" / "reusables" / "repositories" / "navigate-to-repo.md"
    users = [p for p in (src / "content").rglob("*.md")
             if "reusables.repositories.navigate-to-repo" in p.read_text(encoding="utf-8")]
    assert users, "the sample must use this reusable"
    reusable.write_text(reusable.read_text(encoding="utf-8").rstrip() + " Now edited.\n",
                        encoding="utf-8")
    result = _build(src, site, cache=True)
    assert result.ok and result.cache == "warm"
    # the outputs that show the new text were rendered (directly or through another reusable,
    # in every version and language), plus at most their translations (whose heading ids come
    # from the English text after Liquid), and nothing else
    edited = [p for p in site.rglob("*.html") if "Now edited." in p.read_text(encoding="utf-8")]
    assert len(edited) >= len(users)
    assert len(edited) <= result.rendered <= 2 * len(edited), (result.rendered, len(edited))
    assert result.rendered < result.pages_written // 4


def test_corrupt_cache_is_ignored_with_a_warning(tmp_path):
    src = copy_sample(tmp_path / "src")
    site = tmp_path / "site"
    assert _build(src, site, cache=True).ok
    manifest = default_folder(site) / MANIFEST
    manifest.write_bytes(b"not a pickle at all")
    result = _build(src, site, cache=True)
    assert result.ok and result.cache == "cold"
    assert any(d.kind == "cache" for d in result.report.warnings)
    # an old format is not trusted either
    data = pickle.loads(manifest.read_bytes())
    data.format = -1
    manifest.write_bytes(pickle.dumps(data))
    again = _build(src, site, cache=True)
    assert again.cache == "cold" and any(d.kind == "cache" for d in again.report.warnings)
    assert again.rendered == again.reused + again.rendered  # everything rendered


def test_shards_merge_into_the_single_build(tmp_path):
    from builder.build import Shard, merge

    src = copy_sample(tmp_path / "src")
    config = load_config(src / "builder.yml", src)
    single = tmp_path / "single"
    assert build(config, single, jobs=2, use_cache=False).ok
    parts = []
    for i in range(1, 4):
        out = tmp_path / f"shard-{i}"
        result = build(config, out, jobs=1, use_cache=False, shard=Shard(i, 3))
        assert result.ok
        parts.append(out)
    merged = tmp_path / "merged"
    result = merge(parts, merged, config)
    assert result.ok
    assert tree_differences(merged, single) == []
    missing = merge(parts[:2], tmp_path / "incomplete", config)
    assert not missing.ok and not (tmp_path / "incomplete").exists()


@pytest.mark.parametrize("text", ["0/3", "4/3", "x", "1/0"])
def test_bad_shard_is_refused(text):
    from builder.build import Shard

    with pytest.raises(ValueError):
        Shard.parse(text)


def _cli_build(src: Path, out: Path, summary: Path) -> dict:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "builder", "build", "--source", str(src),
                           "--config", str(src / "builder.yml"), "--out", str(out),
                           "--no-search", "--summary-json", str(summary)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(summary.read_text(encoding="utf-8"))


def test_the_cache_holds_from_one_command_to_the_next(tmp_path):
    """Each build is a new process: the cache must be trusted across them (nothing in its key
    may depend on the process, such as an object's address)."""
    src = copy_sample(tmp_path / "src")
    site, summary = tmp_path / "site", tmp_path / "summary.json"
    first = _cli_build(src, site, summary)
    assert first["cache"] == "cold" and first["rendered"] > 500
    again = _cli_build(src, site, summary)
    assert again["cache"] == "unchanged" and again["rendered"] == 0
    article = src / "content" / "hub" / "getting-started" / "lantern-plans.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    edited = _cli_build(src, site, summary)
    assert edited["cache"] == "warm" and 0 < edited["rendered"] < 40
    assert edited["pages"] == first["pages"]


def test_the_preview_answers_from_an_up_to_date_build_only(tmp_path):
    from builder.preview.prebuilt import Prebuilt

    src = copy_sample(tmp_path / "src")
    site = tmp_path / "site"
    assert _build(src, site, cache=True).ok
    config = load_config(src / "builder.yml", src)
    found = Prebuilt.find(config, site)
    assert found is not None
    page = found.answer("/en/hub/getting-started")
    assert page is not None and page.status == 200
    assert page.body == (site / "en/hub/getting-started/index.html").read_bytes()
    stub = found.answer("/articles/about-branches")  # redirect_from of about-branches
    assert stub is not None and stub.status == 301
    assert stub.location == "/en/hub/working-with-repositories/about-branches"
    assert found.answer("/en/no/such/page") is None
    # a source edited since the build: the build is not up to date, the model answers
    article = src / "content" / "hub" / "getting-started" / "lantern-plans.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert Prebuilt.find(config, site) is None
