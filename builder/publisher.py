"""The publisher: every file of a build is written through here.

Writes go to a fresh temporary folder beside the target; :meth:`Publisher.commit` swaps it into
place only when the build succeeded, so a failed build never destroys the last good site.  The
publisher refuses to write one output path twice, which is how two pages claiming one URL (or a
redirect stub landing on a page) are caught.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable


class OutputConflict(Exception):
    """Two writers claimed the same output file."""


def url_to_file(url_path: str) -> str:
    """``/en/github`` -> ``en/github/index.html`` (every page URL is a folder)."""
    path = url_path.strip("/")
    return f"{path}/index.html" if path else "index.html"


class Publisher:
    def __init__(self, target: Path, staging: Path | None = None, track: bool = True):
        self.target = target.resolve()
        self.root = staging or Path(tempfile.mkdtemp(
            prefix=f".{self.target.name}.building-", dir=self.target.parent))
        if staging is None:
            os.chmod(self.root, 0o755)  # mkdtemp makes it private; a site must be readable
        self.track = track
        self.written: set[str] = set()
        self._dirs: set[str] = set()

    def _claim(self, rel: str) -> Path:
        if self.track:
            if rel in self.written:
                raise OutputConflict(rel)
            self.written.add(rel)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_page(self, url_path: str, html: str) -> str:
        rel = url_to_file(url_path)
        self._claim(rel).write_text(html, encoding="utf-8")
        return rel

    def write_pages(self, pages: Iterable[tuple[str, str]]) -> int:
        """Write many small pages (redirect stubs) with plain OS calls: there can be 10^5 of
        them, and path objects and repeated directory checks would dominate the build."""
        count = 0
        for url_path, text in pages:
            self.write_bytes(url_to_file(url_path), text.encode("utf-8"))
            count += 1
        return count

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write one output file with plain OS calls (the render workers' hot path; a
        folder is made once per publisher, not checked for every file)."""
        if self.track:
            if rel in self.written:
                raise OutputConflict(rel)
            self.written.add(rel)
        root = str(self.root)
        folder = f"{root}/{rel.rsplit('/', 1)[0]}" if "/" in rel else root
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        fd = os.open(f"{root}/{rel}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def write_file(self, rel: str, data: bytes | str) -> None:
        path = self._claim(rel)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    def copy_tree(self, source: Path, rel: str, skip: set[str] | None = None) -> int:
        """Copy a folder of files (assets, a shard's site) under ``rel``; returns the number
        of files.  ``skip``: names left out at the folder's top."""
        count = 0
        for root, _dirs, files in os.walk(source):
            for name in files:
                src = Path(root, name)
                if skip and src.parent == source and name in skip:
                    continue
                dest_rel = (Path(rel) / src.relative_to(source)).as_posix()
                shutil.copyfile(src, self._claim(dest_rel))
                count += 1
        return count

    def apply(self, removed: list[str]) -> None:
        """An incremental build: move each file written to the staging folder into the target
        (one atomic rename per file), delete the outputs in ``removed`` and the folders they
        leave empty, and drop the staging folder."""
        root = str(self.root)
        for folder, _dirs, files in os.walk(root):
            rel_dir = os.path.relpath(folder, root)
            dest_dir = self.target if rel_dir == "." else self.target / rel_dir
            for name in files:
                os.makedirs(dest_dir, exist_ok=True)
                os.replace(os.path.join(folder, name), dest_dir / name)
        for rel in removed:
            path = self.target / rel
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            parent = path.parent
            while parent != self.target:
                try:
                    parent.rmdir()  # only when empty
                except OSError:
                    break
                parent = parent.parent
        shutil.rmtree(self.root, ignore_errors=True)

    def commit(self) -> None:
        """Swap the finished site into place (the old one is removed only after the swap)."""
        old = None
        if self.target.exists():
            # unique: an older one of this process may still be being removed
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-",
                                        dir=self.target.parent))
            os.rmdir(old)
            os.replace(self.target, old)
        os.replace(self.root, self.target)
        if old is not None:
            _remove_in_background(old)

    def abort(self) -> None:
        """Drop the unfinished site (in the background: it may hold 10^5 files)."""
        staging = self.root.with_name(self.root.name.replace(".building-", ".discard-"))
        try:
            os.replace(self.root, staging)
        except OSError:
            staging = self.root
        _remove_in_background(staging)


def _remove_in_background(folder: Path) -> None:
    """Delete the replaced site without making the build wait (it can hold 10^5 files)."""
    rm = shutil.which("rm")
    if rm:
        subprocess.Popen([rm, "-rf", str(folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(folder, ignore_errors=True)
