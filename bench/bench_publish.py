"""Publish figures: a built site to a local S3-compatible server (rclone serve s3).

    .venv/bin/python bench/bench_publish.py [--site _site-corpus] [--jobs 16]

Starts ``rclone serve s3`` on 127.0.0.1 with an empty bucket in a scratch folder (in RAM when
/dev/shm exists), then times a first publish (everything uploaded) and a no-change publish
(listing and comparing only), printing files, bytes and seconds per stage (scan = walk and hash
the site, list = the bucket listing, upload).  The server is rclone's ``hasher`` over a local
folder, so a listing reads stored MD5s as S3 does instead of re-hashing every object.
Figures, not assertions: speed is watched here, never in timed tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.publish.run import publish_files  # noqa: E402
from builder.publish.s3 import S3Options, S3Target  # noqa: E402
from tests.rclone_s3 import ACCESS_KEY, SECRET_KEY, RcloneS3  # noqa: E402


def scratch() -> Path:
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="bench-publish-", dir=base))


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by this process, or by process pid (Linux):
    on a shared machine wall time says more about the neighbours than about the publish."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def once(label: str, site: Path, server: RcloneS3, jobs: int) -> None:
    target = S3Target("s3://site/", S3Options(endpoint_url=server.endpoint, workers=jobs))
    assert server.process is not None
    cpu, server_cpu = cpu_seconds(), cpu_seconds(server.process.pid)
    plan, result = publish_files(site, target, workers=jobs)
    cpu, server_cpu = cpu_seconds() - cpu, cpu_seconds(server.process.pid) - server_cpu
    print(f"{label:<20} files {len(plan.uploads) + len(plan.skipped):>7}  uploaded "
          f"{result.uploaded_count:>7}  MB {result.uploaded_bytes / 1e6:8.1f}  skipped "
          f"{result.skipped:>7}  seconds {result.seconds:7.1f}  stages {result.stages}  "
          f"cpu s: publisher {cpu:.1f}, server {server_cpu:.1f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site-corpus",
                        help="built site to publish (default: _site-corpus; `make corpus`)")
    parser.add_argument("--jobs", type=int, default=16, help="uploads at once (default: 16)")
    args = parser.parse_args()
    if not (args.site / "redirects.json").is_file():
        print(f"{args.site}: no built site; run `make corpus` first", file=sys.stderr)
        return 1
    os.environ.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                      AWS_DEFAULT_REGION="us-east-1")
    folder = scratch()
    server = RcloneS3(folder / "data", buckets=("site",), hashed=True).start()
    try:
        print(f"publish {args.site} to rclone serve s3 ({server.endpoint}), {args.jobs} jobs, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
        once("first publish", args.site, server, args.jobs)
        once("no-change publish", args.site, server, args.jobs)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
