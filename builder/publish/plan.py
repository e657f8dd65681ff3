"""The publish plan: which files to upload (in which phase), which to skip, which to delete.

Walk the site, walk the target, compare, print the plan, then act (as Hugo's deploy does): the
plan is computed before anything changes, so ``--dry-run`` is the same plan without the acting.
A file is skipped when the target holds the same bytes (same size and MD5).
"""

from __future__ import annotations

from dataclasses import dataclass

from .site import Kind, SiteFile


@dataclass(frozen=True)
class RemoteObject:
    """What a target holds at one path, as its listing tells (md5 None: unknown)."""

    size: int
    md5: str | None


@dataclass
class Plan:
    uploads: list[SiteFile]  # in publish order
    skipped: list[SiteFile]
    deletions: list[str]  # paths the target holds that the site no longer has
    delete: bool  # whether the deletions are carried out (--delete)

    def phase(self, kind: Kind) -> list[SiteFile]:
        return [f for f in self.uploads if f.kind is kind]

    @property
    def upload_bytes(self) -> int:
        return sum(f.size for f in self.uploads)

    def counts(self) -> dict[str, int]:
        out = {f"upload {k.label}": len(self.phase(k)) for k in Kind}
        out["skip (unchanged)"] = len(self.skipped)
        out["delete" if self.delete else "not in site (kept; --delete removes)"] = \
            len(self.deletions)
        return out

    def describe(self, list_skipped: bool = False) -> list[str]:
        """The plan as text lines: counts, then every path to upload and delete."""
        lines = [f"{label}: {n}" for label, n in self.counts().items()]
        lines.append(f"bytes to upload: {self.upload_bytes}")
        for f in self.uploads:
            lines.append(f"upload {f.kind.label[:-1]:8} {f.rel}"
                         + (f" -> {f.redirect_to}" if f.redirect_to else ""))
        if list_skipped:
            lines += [f"skip     {f.rel}" for f in self.skipped]
        verb = "delete" if self.delete else "keep"
        lines += [f"{verb}   {rel}" for rel in self.deletions]
        return lines


def make_plan(files: list[SiteFile], remote: dict[str, RemoteObject], delete: bool,
              force: bool = False) -> Plan:
    """Compare the site with what the target holds (paths relative to the site root)."""
    uploads, skipped = [], []
    for f in files:
        held = remote.get(f.rel)
        if not force and held is not None and held.size == f.size and held.md5 == f.md5:
            skipped.append(f)
        else:
            uploads.append(f)
    local = {f.rel for f in files}
    deletions = sorted(rel for rel in remote if rel not in local)
    return Plan(uploads, skipped, deletions, delete)
