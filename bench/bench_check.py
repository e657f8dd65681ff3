"""``check`` against ``build`` on the corpus, and a check after one edit that reuses the build.

    .venv/bin/python bench/bench_check.py [--corpus DIR] [--jobs N] [--rounds 2] [--only a,b]

On a scratch copy of the corpus (in the system temp dir; the corpus itself is never written),
same jobs for every run, each run a child process:

1. ``build --no-cache --no-search`` and ``build --no-cache`` (with the search index);
2. ``check --no-cache`` (no build to reuse, no check cache);
3. ``check`` right after the build (no check cache: every page read from the build);
4. one article edited: ``check`` (no check cache, the build cache present) and, for
   comparison, the incremental ``build`` of the same edit.

Each figure is the best of ``--rounds`` runs, with the load average (``/proc/loadavg``) before
every run: the machine may be shared.  Figures, not assertions.  Writes
``bench/results-check.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CONFIG = ROOT / "configs" / "github-docs-2021-03.yml"
EDITED = "content/github/getting-started-with-github/create-a-repo.md"


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def run(args: list[str]) -> dict:
    """One command as a child process: wall and CPU seconds (the process tree), load before,
    and the stage figures it prints."""
    before_load = load()
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.run([PY, "-m", "builder", *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + \
        (after.children_system - before.children_system)
    lines = (proc.stderr + "\n" + proc.stdout).splitlines()
    stages = next((line for line in reversed(lines)
                   if "seconds:" in line or line.startswith("checked ")), "")
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "load_before": before_load,
            "exit": proc.returncode, "summary": stages[-400:]}


def scratch_corpus(corpus: Path, into: Path) -> Path:
    """A copy of the sources (the golden reference outputs are left out: nothing reads them)."""
    src = into / "src"
    shutil.copytree(corpus, src, ignore=lambda folder, names: ["reference"]
                    if Path(folder) == corpus else [])
    return src


def best(label: str, rounds: int, make: callable, results: dict) -> None:
    runs = []
    for i in range(rounds):
        figure = make(i)
        runs.append(figure)
        print(f"{label} #{i + 1}: {figure}", flush=True)
    results[label] = {"best_wall_s": min(r["wall_s"] for r in runs), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" /
                        "github-docs-2021-03")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", default="build,search,check,reuse,edit")
    args = parser.parse_args()
    only = set(args.only.split(","))
    scratch = Path(tempfile.mkdtemp(prefix="bench-check-"))
    src = scratch_corpus(args.corpus.resolve(), scratch)
    common = ["--source", str(src), "--config", str(CONFIG), "--jobs", str(args.jobs)]
    site = scratch / "_site"
    results: dict = {"jobs": args.jobs, "cores": os.cpu_count()}
    try:
        if "search" in only:
            best("build --no-cache (with search index)", 1, lambda i: run(
                ["build", *common, "--no-cache", "--out", str(scratch / "_site-search")]),
                results)
        # build and check take turns, so that both see much the same load
        for i in range(args.rounds if "build" in only or "check" in only else 0):
            if "build" in only:
                best(f"build --no-cache --no-search [{i}]", 1, lambda _: run(
                    ["build", *common, "--no-cache", "--no-search", "--out", str(site)]),
                    results)
            if "check" in only:
                best(f"check --no-cache [{i}]", 1, lambda _: run(
                    ["check", *common, "--no-cache", "--site", str(scratch / "none")]), results)
        if not site.is_dir():
            run(["build", *common, "--no-search", "--out", str(site)])
        if "reuse" in only:
            best("check right after the build (no check cache)", args.rounds, lambda i: run(
                ["check", *common, "--site", str(site), "--cache-dir", str(scratch / f"r{i}")]),
                results)
        if "edit" in only:
            page = src / EDITED

            def edit_then(command: list[str], i: int) -> dict:
                text = page.read_text(encoding="utf-8")
                page.write_text(re.sub(r"\n\n", f"\n\nEdited {time.time()}.\n\n", text, 1),
                                encoding="utf-8")
                return run(command(i))

            best("check after one edited article (build cache present)", args.rounds,
                 lambda i: edit_then(lambda i: ["check", *common, "--site", str(site),
                                                "--cache-dir", str(scratch / f"e{i}")], i),
                 results)
            best("build after one edited article (incremental, no search)", 1,
                 lambda i: edit_then(lambda i: ["build", *common, "--no-search", "--out",
                                                str(site)], i), results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(results, indent=1))
    (ROOT / "bench" / "results-check.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
