"""Build figures as a writer works: a cold build, then rebuilds with the build cache.

    .venv/bin/python bench/bench_incremental.py [--corpus DIR] [--lang en] [--jobs N]

On a scratch copy of the corpus (in the system temp dir; the corpus itself is never written):

1. cold build (no cache, no search index: bench/bench_search.py measures that): wall and CPU seconds of the whole process tree, peak memory of the
   whole process tree (sampled), pages per second, seconds per stage;
2. no-change rebuild; one edited article; one edited reusable used by about 200 pages;
3. the preview server's first page: with the build just made (warm cache) and without any.

Prints the figures and writes them to ``bench/results.json`` (git-ignored).  Figures, not
assertions: nothing here fails when a target is missed; the targets are printed beside them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TARGETS = {"wall_s": 30, "noop_rebuild_s": 2, "one_article_s": 2, "one_reusable_s": 5,
           "preview_first_page_s": 1, "peak_rss_mb": 1024}


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_build(args: list[str]) -> dict:
    """Run one build as a child process; wall, CPU (process tree) and peak memory."""
    summary = Path(tempfile.mkstemp(suffix=".json")[1])
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "builder", "build", *args, "--summary-json",
                             str(summary)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system -
                                                          before.children_system)
    data = json.loads(summary.read_text()) if summary.stat().st_size else {}
    summary.unlink()
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(peak[0]),
            "status": proc.returncode, **data}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def preview_first_page(source: Path, config: Path, site: Path, path: str) -> float:
    """Seconds from starting ``serve`` to the first 200 answer for ``path``."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "builder", "serve", "--source", str(source), "--config",
                             str(config), "--port", str(port), "--site", str(site),
                             "--no-watch"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = started + 120
        while time.perf_counter() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return round(time.perf_counter() - started, 3)
            except OSError:
                time.sleep(0.02)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def most_used_reusable(source: Path, near: int = 200) -> tuple[Path, int]:
    """The reusable whose number of using page files is closest to ``near``."""
    counts: dict[str, int] = {}
    pattern = re.compile(r"\{%-?\s*data\s+(reusables\.[\w.\-/]+)")
    for folder in (source / "content", source / "translations"):
        for path in folder.rglob("*.md"):
            for key in set(pattern.findall(path.read_text(encoding="utf-8", errors="replace"))):
                counts[key] = counts.get(key, 0) + 1
    best = min(counts, key=lambda k: (abs(counts[k] - near), k))
    rel = Path(*best.split(".")[1:]).with_suffix(".md")
    return source / "data" / "reusables" / rel, counts[best]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-03")
    parser.add_argument("--config", type=Path,
                        default=ROOT / "configs" / "github-docs-2021-03.yml")
    parser.add_argument("--lang", action="append", default=None)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}")
        return 1
    work = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    try:
        source = work / "corpus"
        top = str(args.corpus)  # the golden outputs are not sources (content/**/reference is)
        shutil.copytree(args.corpus, source,
                        ignore=lambda folder, names: ["reference"] if folder == top else [])
        site = work / "site"
        # the search index has its own figures (bench/bench_search.py): these measure the build
        common = ["--source", str(source), "--config", str(args.config), "--out", str(site),
                  "--no-search"]
        common += [x for lang in args.lang or [] for x in ("--lang", lang)]
        if args.jobs:
            common += ["--jobs", str(args.jobs)]
        results: dict = {"cores": os.cpu_count(), "languages": args.lang or "all",
                         "date": time.strftime("%Y-%m-%d %H:%M")}
        cold = run_build(common + ["--no-cache"])
        results.update(page_versions=cold.get("pages"), wall_s=cold["wall_s"],
                       cpu_s=cold["cpu_s"], peak_rss_mb=cold["peak_rss_mb"],
                       pages_per_s=round((cold.get("pages") or 0) / cold["wall_s"]),
                       stages=cold.get("stages"))
        noop = run_build(common)
        results["noop_rebuild_s"] = noop["wall_s"]
        article = source / "content" / "github" / "getting-started-with-github" / \
            "githubs-products.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                           encoding="utf-8")
        one = run_build(common)
        results["one_article_s"] = one["wall_s"]
        results["one_article_rendered"] = one.get("rendered")
        reusable, users = most_used_reusable(source)
        reusable.write_text(reusable.read_text(encoding="utf-8").rstrip() + " Edited.\n",
                            encoding="utf-8")
        reuse = run_build(common)
        results["one_reusable_s"] = reuse["wall_s"]
        results["one_reusable"] = {"file": str(reusable.relative_to(source)),
                                   "page_files_using_it": users,
                                   "rendered": reuse.get("rendered")}
        results["preview_first_page_s"] = preview_first_page(source, args.config, site,
                                                             "/en/github")
        results["preview_first_page_no_cache_s"] = preview_first_page(
            source, args.config, work / "no-site", "/en/github")
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(results, indent=2))
        for key, target in TARGETS.items():
            value = results.get(key)
            verdict = "met" if isinstance(value, (int, float)) and value < target else "NOT met"
            print(f"{key:<24} {value!s:>10}   target < {target}: {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
