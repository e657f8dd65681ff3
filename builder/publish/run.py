"""Carry out a plan on a file-by-file target (S3, a folder): phase by phase, many at once.

Phases run in :class:`Kind` order and a phase starts only when the one before finished without
a failure, so the live site never links to a page that is not there yet and a redirect never
points at a missing page.  Deletions come last, and only when everything else succeeded.  A
failure stops new work, lets running uploads finish and is reported with the path that failed;
running the same publish again picks up where it stopped (the plan skips what already arrived).
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from .plan import Plan, RemoteObject
from .site import Kind, SiteFile

Progress = Callable[[SiteFile | None, int], None]  # (file done or None for a deletion, bytes)


class PublishError(Exception):
    """A publish failed; the message names the object and what to do."""


class Target(Protocol):
    label: str  # "s3://bucket/prefix", a folder path

    def remote_state(self) -> dict[str, RemoteObject]: ...

    def upload(self, site: Path, file: SiteFile) -> None: ...

    def delete(self, rels: list[str]) -> None: ...


@dataclass
class PublishResult:
    target: str
    uploaded: dict[str, int] = field(default_factory=dict)  # per kind label
    uploaded_bytes: int = 0
    skipped: int = 0
    deleted: int = 0
    kept: int = 0  # in the target, not in the site, kept (no --delete)
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    committed: str | None = None  # gh-pages: the commit pushed, None when nothing changed

    @property
    def uploaded_count(self) -> int:
        return sum(self.uploaded.values())


def run_plan(plan: Plan, target: Target, site: Path, workers: int = 16,
             progress: Progress | None = None, delete_batch: int = 1000) -> PublishResult:
    """Upload phase by phase, then delete (with --delete); raises PublishError on failure."""
    result = PublishResult(target.label, skipped=len(plan.skipped))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for kind in Kind:
            files = plan.phase(kind)
            if files:
                _run_phase(pool, target, site, files, progress)
                result.uploaded[kind.label] = len(files)
                result.uploaded_bytes += sum(f.size for f in files)
        if plan.delete and plan.deletions:
            batches = [plan.deletions[i:i + delete_batch]
                       for i in range(0, len(plan.deletions), delete_batch)]
            _run_batches(pool, target, batches, progress)
            result.deleted = len(plan.deletions)
    finally:
        # on a failure or Ctrl-C, queued uploads are dropped; those running finish
        pool.shutdown(wait=True, cancel_futures=True)
    if not plan.delete:
        result.kept = len(plan.deletions)
    return result


def _run_phase(pool: ThreadPoolExecutor, target: Target, site: Path, files: list[SiteFile],
               progress: Progress | None) -> None:
    futures: dict[Future, SiteFile] = {pool.submit(target.upload, site, f): f for f in files}
    failures: list[tuple[SiteFile, BaseException]] = []
    for future in as_completed(futures):
        if future.cancelled():
            continue
        exc = future.exception()
        if exc is not None:
            if not failures:
                for other in futures:
                    other.cancel()  # stop new work; uploads already running finish
            failures.append((futures[future], exc))
        elif progress:
            progress(futures[future], futures[future].size)
    if failures:
        raise _failure(failures, len(files), kind=files[0].kind)


def _run_batches(pool: ThreadPoolExecutor, target: Target, batches: list[list[str]],
                 progress: Progress | None) -> None:
    futures = {pool.submit(target.delete, batch): batch for batch in batches}
    failures = []
    for future, batch in futures.items():
        exc = future.exception()
        if exc is not None:
            failures.append((batch[0], exc))
        elif progress:
            for _ in batch:
                progress(None, 0)
    if failures:
        rel, exc = failures[0]
        raise PublishError(f"deleting {rel} (and {len(failures) - 1} more batches) failed: {exc}."
                           " Everything else was published; run the same command again to "
                           "finish the deletions")


def _failure(failures: list[tuple[SiteFile, BaseException]], total: int,
             kind: Kind) -> PublishError:
    first, exc = failures[0]
    more = f" ({len(failures) - 1} more failed)" if len(failures) > 1 else ""
    return PublishError(f"uploading {first.rel} failed: {exc}{more}. The publish stopped in the "
                        f"{kind.label} phase ({total} files); later phases were not started, so "
                        "the live site still links only to what it had. Fix the cause and run the "
                        "same command again: it uploads only what has not arrived")


def timed(stages: dict[str, float], name: str, start: float) -> float:
    """Record the seconds since start under name; return now (the next stage's start)."""
    now = time.perf_counter()
    stages[name] = round(now - start, 2)
    return now


def _timed_call(call: Callable[[], dict[str, RemoteObject]]
                ) -> tuple[dict[str, RemoteObject], float]:
    start = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - start, 2)


def publish_files(site: Path, target: Target, *, delete: bool = False, dry_run: bool = False,
                  force: bool = False, workers: int = 16, progress: Progress | None = None,
                  on_plan: Callable[[Plan], None] | None = None) -> tuple[Plan, PublishResult]:
    """Scan the site and list the target (at the same time: the scan waits on the local
    disk, the listing on the server), plan, then (unless dry_run) carry the plan out."""
    from .plan import make_plan
    from .site import scan_site

    stages: dict[str, float] = {}
    start = t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool:
        listing = pool.submit(_timed_call, target.remote_state) if site.is_dir() else None
        files = scan_site(site)
        timed(stages, "scan", t)
        remote, stages["list"] = listing.result() if listing else ({}, 0.0)
    t = timed(stages, "scan+list", t)
    plan = make_plan(files, remote, delete, force)
    if on_plan:
        on_plan(plan)
    if dry_run:
        result = PublishResult(target.label, skipped=len(plan.skipped))
    else:
        result = run_plan(plan, target, site, workers, progress)
        timed(stages, "upload", t)
    result.stages = stages
    result.seconds = round(time.perf_counter() - start, 2)
    return plan, result
