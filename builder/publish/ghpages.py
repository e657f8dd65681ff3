"""Publish to a GitHub Pages branch: one commit per publish, on top of the branch's last one.

Works with git's plumbing in a scratch repository, so the site is never copied into a working
tree: the branch's last commit is fetched (depth 1), the site folder is staged into a private
index (plus ``.nojekyll``, so GitHub serves ``_``-prefixed files, and ``CNAME`` when a custom
domain is configured), ``write-tree`` gives the tree, and only when it differs from the last
commit's tree is a commit made and pushed.  git itself sends only the objects the remote lacks.
A push that is not a fast-forward (someone published in between) fails; running again rebases
the publish on the new commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from .run import PublishError, PublishResult

NOJEKYLL = ".nojekyll"
CNAME = "CNAME"


@dataclass(frozen=True)
class GhPagesOptions:
    remote: str | None = None  # URL or path; default: the current repository's "origin"
    branch: str = "gh-pages"
    cname: str | None = None
    message: str = "Publish site"
    author_name: str = "docs builder"
    author_email: str = "docs-builder@localhost"


def cname_from_base_url(base_url: str) -> str | None:
    """The custom domain of ``base_url``; None for GitHub's own ``*.github.io`` hosts."""
    host = urlparse(base_url).hostname if base_url else None
    if not host or host.endswith(".github.io") or host in {"localhost", "127.0.0.1"}:
        return None
    return host


class _Git:
    """git in a scratch repository, with the site as its work tree."""

    def __init__(self, git_dir: Path, options: GhPagesOptions):
        self.git_dir = git_dir
        self.env = {**os.environ, "GIT_DIR": str(git_dir),
                    "GIT_INDEX_FILE": str(git_dir / "publish-index"),
                    "GIT_AUTHOR_NAME": options.author_name,
                    "GIT_AUTHOR_EMAIL": options.author_email,
                    "GIT_COMMITTER_NAME": options.author_name,
                    "GIT_COMMITTER_EMAIL": options.author_email,
                    "GIT_TERMINAL_PROMPT": "0"}

    def __call__(self, *args: str, work_tree: Path | None = None, stdin: str | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
        env = self.env if work_tree is None else {**self.env, "GIT_WORK_TREE": str(work_tree)}
        done = subprocess.run(["git", *args], env=env, input=stdin, text=True,
                              capture_output=True, cwd=work_tree)
        if check and done.returncode != 0:
            raise PublishError(f"git {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done

    def blob(self, text: str) -> str:
        return self("hash-object", "-w", "--stdin", stdin=text).stdout.strip()


def default_remote(cwd: Path) -> str:
    done = subprocess.run(["git", "remote", "get-url", "origin"], cwd=cwd, text=True,
                          capture_output=True)
    if done.returncode != 0 or not done.stdout.strip():
        raise PublishError("no --remote given and this folder's repository has no 'origin' "
                           "remote; pass --remote URL (the repository GitHub Pages serves)")
    return done.stdout.strip()


def publish_gh_pages(site: Path, options: GhPagesOptions, dry_run: bool = False) -> PublishResult:
    """Commit the site to the branch (one commit; none when nothing changed) and push it."""
    if shutil.which("git") is None:
        raise PublishError("git is not installed; install git to publish to GitHub Pages")
    if not site.is_dir():
        raise PublishError(f"{site}: no built site there; run `python -m builder build` first")
    remote = options.remote or default_remote(Path.cwd())
    result = PublishResult(f"{remote} ({options.branch})")
    with tempfile.TemporaryDirectory(prefix="publish-gh-pages-") as scratch:
        git = _Git(Path(scratch) / "repo.git", options)
        git("init", "--quiet", "--bare", str(git.git_dir))
        git("config", "core.bare", "false")  # the site folder is its work tree
        parent = _fetch_branch(git, remote, options.branch)
        tree = _stage_site(git, site, options.cname)
        if parent is not None and git("rev-parse", f"{parent}^{{tree}}").stdout.strip() == tree:
            return result  # nothing changed: no commit, nothing pushed
        result.uploaded = _changed_files(git, parent, tree)
        if dry_run:
            return result
        args = ["commit-tree", tree, "-m", options.message]
        if parent is not None:
            args += ["-p", parent]
        commit = git(*args).stdout.strip()
        pushed = git("push", "--quiet", remote, f"{commit}:refs/heads/{options.branch}",
                     check=False)
        if pushed.returncode != 0:
            raise PublishError(f"pushing to {remote} ({options.branch}) failed: "
                               f"{pushed.stderr.strip()}. If someone published in between, run "
                               "the same command again; otherwise check the remote's address and "
                               "your permission to push")
        result.committed = commit
    return result


def _fetch_branch(git: _Git, remote: str, branch: str) -> str | None:
    """The branch's last commit (fetched), or None when the remote has no such branch yet."""
    listed = git("ls-remote", "--heads", remote, branch, check=False)
    if listed.returncode != 0:
        raise PublishError(f"cannot read the remote {remote}: {listed.stderr.strip()}. Check "
                           "--remote and your access to it")
    if not listed.stdout.strip():
        return None
    git("fetch", "--quiet", "--depth=1", remote, f"refs/heads/{branch}:refs/publish/last")
    return git("rev-parse", "refs/publish/last").stdout.strip()


def _stage_site(git: _Git, site: Path, cname: str | None) -> str:
    """The tree of the site plus .nojekyll (and CNAME), written into the scratch repository."""
    git("add", "--all", "--force", ".", work_tree=site.resolve())
    extras = {NOJEKYLL: ""}
    if cname:
        extras[CNAME] = cname + "\n"
    for name, text in extras.items():
        git("update-index", "--add", "--cacheinfo", f"100644,{git.blob(text)},{name}")
    return git("write-tree").stdout.strip()


def _changed_files(git: _Git, parent: str | None, tree: str) -> dict[str, int]:
    """Files added, changed and removed by this publish, for the summary."""
    if parent is None:
        count = len(git("ls-tree", "-r", "--name-only", tree).stdout.splitlines())
        return {"added": count}
    out: dict[str, int] = {}
    names = {"A": "added", "M": "changed", "D": "removed"}
    for line in git("diff-tree", "-r", "--name-status", parent, tree).stdout.splitlines():
        label = names.get(line[:1], "changed")
        out[label] = out.get(label, 0) + 1
    return out
