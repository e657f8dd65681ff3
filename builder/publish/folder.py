"""Publish into a folder served by a web server (nginx, Apache, a mounted volume).

Same plan and phases as S3: only files whose bytes changed are copied, each through a temporary
file and an atomic rename, so the server never sends a half-written page; with ``--delete``,
files the site no longer has are removed last, then the folders left empty.  Redirects on such a
host are the build's ``nginx-redirects.map`` (see the README) or the stubs' meta refresh.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .plan import RemoteObject
from .run import PublishError
from .hash_record import folder_hashes, record_path
from .site import SiteFile


class FolderTarget:
    def __init__(self, dest: Path, site: Path | None = None):
        self.dest = dest.resolve()
        self.label = str(self.dest)
        if site is not None and _overlaps(site.resolve(), self.dest):
            raise PublishError(f"{dest}: the destination overlaps the site folder {site}; "
                               "publish into a folder outside it")
        if self.dest.exists() and not self.dest.is_dir():
            raise PublishError(f"{dest}: exists and is not a folder; pass a folder to --to")
        # the destination's hashes, kept beside the site's record (never in either folder)
        self.record = None if site is None else record_path(site).with_name(
            f"{record_path(site).name}.{hashlib.sha256(str(self.dest).encode()).hexdigest()[:16]}")

    def remote_state(self) -> dict[str, RemoteObject]:
        if not self.dest.is_dir():
            return {}
        hashes = folder_hashes(self.dest, self.record)
        return {rel: RemoteObject(size, md5) for rel, (size, md5) in hashes.items()}

    def upload(self, site: Path, file: SiteFile) -> None:
        target = self.dest / file.rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".publish-", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as out, open(site / file.rel, "rb") as src:
                    shutil.copyfileobj(src, out)
                os.chmod(temp, 0o644)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise PublishError(f"{target}: {exc.strerror or exc}; check the folder's "
                               "permissions and free space, then run again") from exc

    def delete(self, rels: list[str]) -> None:
        folders = set()
        for rel in rels:
            path = self.dest / rel
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise PublishError(f"{path}: cannot delete ({exc.strerror or exc})") from exc
            folders.update(path.parents)
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if folder != self.dest and self.dest in folder.parents:
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    pass


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents
