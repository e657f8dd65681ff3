"""Publish figures: a built site to a local S3-compatible server (rclone serve s3).

    .venv/bin/python bench/bench_publish.py [--site _site-corpus] [--jobs 16] [--rounds 1]

Each round starts ``rclone serve s3`` on 127.0.0.1 with an empty bucket in a scratch folder (in
RAM when /dev/shm exists) and times, in order: a first publish (everything uploaded), two
no-change publishes (scan, listing and comparing only), and a publish after one page was edited
(the edit is undone afterwards).  Each line gives files, bytes, seconds per stage (scan = walk
the site and hash what changed, list = the bucket listing, run at the same time as the scan;
upload) and the CPU seconds of the publisher and of the server: on a shared machine wall time
says as much about the neighbours as about the publish.  The closing lines give the best of the
rounds and the load average.  Figures, not assertions: speed is watched here, never in tests.

The server: rclone's plain local backend (as the tests use), which computes each object's MD5
while it is uploaded and keeps it with the folder listing, with two settings a real S3 host
has anyway: ``--dir-cache-time 24h`` (listings are not re-read, and their MD5s recomputed from
every file, during the benchmark; S3 keeps ETags) and ``--metadata-max-objects 0`` (all
objects keep their metadata; rclone keeps 10^5 by default, S3 all).  ``--server hasher`` runs
rclone's hasher backend instead, which stores MD5s in a database (more server CPU per request).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.publish.run import publish_files  # noqa: E402
from builder.publish.s3 import S3Options, S3Target  # noqa: E402
from tests.rclone_s3 import ACCESS_KEY, SECRET_KEY, RcloneS3  # noqa: E402

SERVER_FLAGS = ("--dir-cache-time", "24h", "--metadata-max-objects", "0")
EDITED_PAGE = "en/index.html"


def scratch() -> Path:
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="bench-publish-", dir=base))


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by this process, or by process pid (Linux)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def once(label: str, site: Path, server: RcloneS3, jobs: int) -> dict:
    target = S3Target("s3://site/", S3Options(endpoint_url=server.endpoint, workers=jobs))
    assert server.process is not None
    cpu, server_cpu = cpu_seconds(), cpu_seconds(server.process.pid)
    start = time.perf_counter()
    plan, result = publish_files(site, target, workers=jobs)
    wall = time.perf_counter() - start
    cpu, server_cpu = cpu_seconds() - cpu, cpu_seconds(server.process.pid) - server_cpu
    load = os.getloadavg()[0]
    print(f"{label:<19} {wall:7.1f} s  uploaded {result.uploaded_count:>6} of "
          f"{len(plan.uploads) + len(plan.skipped)} files, {result.uploaded_bytes / 1e6:.1f} MB;"
          f" stages {result.stages}; cpu s: publisher {cpu:.1f}, server {server_cpu:.1f}; "
          f"load {load:.1f}", flush=True)
    return {"wall": wall, "load": load}


def edit(path: Path) -> bytes:
    original = path.read_bytes()
    path.write_bytes(original.replace(b"</body>", b"<!-- bench edit --></body>", 1))
    return original


def one_round(site: Path, jobs: int, server_kind: str) -> dict[str, dict]:
    folder = scratch()
    hashed = server_kind == "hasher"
    server = RcloneS3(folder / "data", buckets=("site",), hashed=hashed,
                      extra_args=SERVER_FLAGS).start()
    figures: dict[str, dict] = {}
    try:
        figures["first publish"] = once("first publish", site, server, jobs)
        figures["no-change publish"] = once("no-change publish", site, server, jobs)
        again = once("no-change again", site, server, jobs)
        if again["wall"] < figures["no-change publish"]["wall"]:
            figures["no-change publish"] = again
        page = site / EDITED_PAGE
        original = edit(page)
        try:
            figures["one page edited"] = once("one page edited", site, server, jobs)
        finally:
            page.write_bytes(original)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site-corpus",
                        help="built site to publish (default: _site-corpus; `make corpus`)")
    parser.add_argument("--jobs", type=int, default=16, help="uploads at once (default: 16)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="rounds, each with a fresh bucket; the best is reported")
    parser.add_argument("--server", choices=("local", "hasher"), default="local",
                        help="rclone backend behind serve s3 (default: local)")
    args = parser.parse_args()
    if not (args.site / "redirects.json").is_file():
        print(f"{args.site}: no built site; run `make corpus` first", file=sys.stderr)
        return 1
    os.environ.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                      AWS_DEFAULT_REGION="us-east-1")
    print(f"publish {args.site} to rclone serve s3 ({args.server} backend, "
          f"{' '.join(SERVER_FLAGS)}), {args.jobs} jobs, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    best: dict[str, dict] = {}
    for _ in range(args.rounds):
        for name, figure in one_round(args.site, args.jobs, args.server).items():
            if name not in best or figure["wall"] < best[name]["wall"]:
                best[name] = figure
    print(f"best of {args.rounds} round(s), wall seconds (target for a no-change publish: 30 s"
          " on 2 cores):")
    for name, figure in best.items():
        print(f"  {name:<19} {figure['wall']:7.1f} s   (load average {figure['load']:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
