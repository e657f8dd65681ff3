"""Publishing to a folder and to a GitHub Pages branch (a local bare repository), and the
files the build writes for hosts: the nginx redirect map."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from builder.cli import main
from builder.publish.folder import FolderTarget
from builder.publish.ghpages import GhPagesOptions, cname_from_base_url, publish_gh_pages
from builder.publish.nginx import nginx_map
from builder.publish.run import PublishError, publish_files

from .publish_site import write_site


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    return root, write_site(root)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


# -- folder -------------------------------------------------------------------------------------


def test_folder_sync_copies_only_changes_and_deletes_with_delete(site, tmp_path):
    root, files = site
    dest = tmp_path / "www"
    _plan, result = publish_files(root, FolderTarget(dest, root))
    assert result.uploaded_count == len(files)
    assert tree(dest) == tree(root)
    assert publish_files(root, FolderTarget(dest, root))[1].uploaded_count == 0

    page = root / "en/guide-3/index.html"
    page.write_text("changed")
    os.utime(dest / "en/guide-1/index.html", (1, 1))  # a new mtime alone is not a change
    (root / "en/guide-5/index.html").unlink()
    plan, result = publish_files(root, FolderTarget(dest, root))
    assert [f.rel for f in plan.uploads] == ["en/guide-3/index.html"]
    assert (dest / "en/guide-3/index.html").read_text() == "changed"
    assert (dest / "en/guide-5/index.html").exists() and result.kept == 1

    _plan, result = publish_files(root, FolderTarget(dest, root), delete=True)
    assert result.deleted == 1
    assert not (dest / "en/guide-5").exists()  # the emptied folder goes too
    assert tree(dest) == tree(root)
    assert not [p for p in dest.rglob(".publish-*")]  # no temporary files left


def test_folder_dry_run_changes_nothing(site, tmp_path, capsys):
    root, _files = site
    dest = tmp_path / "www"
    assert main(["publish", "--site", str(root), "--to", str(dest), "--dry-run"]) == 0
    assert "upload redirect index.html -> /en" in capsys.readouterr().out
    assert not dest.exists()


def test_folder_inside_the_site_is_refused(site):
    root, _files = site
    with pytest.raises(PublishError, match="overlaps the site folder"):
        FolderTarget(root / "copy", root)


# -- gh-pages -----------------------------------------------------------------------------------


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def bare(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    return remote


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git("ls-tree", "-r", "--name-only", branch, cwd=remote).splitlines()
    return {n: subprocess.run(["git", "show", f"{branch}:{n}"], cwd=remote, check=True,
                              capture_output=True).stdout for n in names}


def commits(remote: Path, branch: str = "gh-pages") -> list[str]:
    return git("rev-list", branch, cwd=remote).splitlines()


def test_gh_pages_one_commit_per_publish_none_without_change(site, bare):
    root, files = site
    options = GhPagesOptions(remote=str(bare), cname="docs.example.com")
    first = publish_gh_pages(root, options)
    assert first.committed and commits(bare) == [first.committed]
    published = branch_files(bare)
    assert published[".nojekyll"] == b""
    assert published["CNAME"] == b"docs.example.com\n"
    assert {k: v for k, v in published.items() if k not in (".nojekyll", "CNAME")} == tree(root)

    again = publish_gh_pages(root, options)
    assert again.committed is None and again.uploaded == {}
    assert commits(bare) == [first.committed]

    (root / "en/guide-2/index.html").write_text("new text")
    (root / "en/guide-8/index.html").unlink()
    third = publish_gh_pages(root, options)
    assert third.uploaded == {"changed": 1, "removed": 1}
    assert commits(bare) == [third.committed, first.committed]
    assert branch_files(bare)["en/guide-2/index.html"] == b"new text"
    assert "en/guide-8/index.html" not in branch_files(bare)


def test_gh_pages_cli_reads_cname_from_the_configuration(site, bare, tmp_path, capsys):
    root, _files = site
    config = tmp_path / "builder.yml"
    config.write_text("title: T\nbase_url: https://help.example.org/\nplans:\n"
                      "  - {id: p, title: P, version_title: P, releases: [latest], default: true}\n"
                      "languages:\n  - {code: en, name: English, content_dir: content, "
                      "data_dir: data}\n")
    code = main(["publish", "--site", str(root), "--to", "gh-pages", "--remote", str(bare),
                 "--branch", "pages", "--config", str(config)])
    assert code == 0, capsys.readouterr().err
    assert branch_files(bare, "pages")["CNAME"] == b"help.example.org\n"
    assert "pushed commit" in capsys.readouterr().err
    assert main(["publish", "--site", str(root), "--to", "gh-pages", "--remote", str(bare),
                 "--branch", "pages", "--config", str(config)]) == 0
    assert "nothing changed; no commit" in capsys.readouterr().err
    assert len(commits(bare, "pages")) == 1


def test_gh_pages_fails_clearly_on_a_bad_remote(site, tmp_path):
    root, _files = site
    with pytest.raises(PublishError, match="cannot read the remote"):
        publish_gh_pages(root, GhPagesOptions(remote=str(tmp_path / "missing.git")))


def test_cname_from_base_url():
    assert cname_from_base_url("https://docs.example.com") == "docs.example.com"
    assert cname_from_base_url("https://octo.github.io/docs") is None
    assert cname_from_base_url("") is None


# -- nginx map ----------------------------------------------------------------------------------


class Prefix:
    prefix = "/jp"
    code = "ja"


def test_nginx_map_lines():
    text = nginx_map({"/b/old": "/en/b", "/a b\"q": "/en/ü"}, [Prefix()])
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == ['"/a b\\"q" "/en/%C3%BC";', '"/b/old" "/en/b";',
                     '"~^/jp(?<docs_lang_rest>/.*)?$" "/ja$docs_lang_rest";']


def test_build_writes_the_nginx_map_next_to_redirects(tmp_path):
    """The sample site's build writes one map line per entry of redirects.json."""
    out = tmp_path / "out"
    repo = Path(__file__).resolve().parent.parent
    code = main(["build", "--source", str(repo), "--config", str(repo / "builder.yml"),
                 "--out", str(out), "--lang", "en", "--jobs", "1"])
    assert code == 0
    table = json.loads((out / "redirects.json").read_text(encoding="utf-8"))
    lines = [line for line in (out / "nginx-redirects.map").read_text().splitlines()
             if line and not line.startswith("#")]
    assert len(table) > 100
    assert lines[:len(table)] == [f'"{k}" "{v}";' for k, v in sorted(table.items())]
    assert (out / "_redirects").is_file()
