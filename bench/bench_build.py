"""Build-time figures: the whole corpus (English, then English + Japanese) and our sample.

    .venv/bin/python bench/bench_build.py [--corpus DIR] [--jobs N] [--repeat N]

Prints, per run: pages written, seconds per stage (load, render, extras, swap), pages per
second.  Each build writes into a fresh folder under the system temp dir, removed afterwards.
Figures, not assertions: speed is watched here, never in timed tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build  # noqa: E402
from builder.config import load_config  # noqa: E402


def run(label: str, config_path: Path, source: Path, languages: list[str] | None, jobs: int,
        repeat: int) -> None:
    times = []
    for _ in range(repeat):
        out_parent = Path(tempfile.mkdtemp(prefix="bench-build-"))
        try:
            config = load_config(config_path, source)
            result = build(config, out_parent / "site", jobs=jobs, languages=languages)
            times.append(result.seconds)
            errors = len(result.report.errors)
            print(f"{label:<22} pages {result.pages_written:>6}  redirects "
                  f"{result.redirects_written:>6}  errors {errors}  "
                  f"seconds {result.seconds:6.1f}  stages {result.stages}  "
                  f"{result.pages_written / max(result.seconds, 1e-9):6.0f} pages/s")
        finally:
            shutil.rmtree(out_parent, ignore_errors=True)
    if repeat > 1:
        print(f"{label:<22} median {statistics.median(times):.1f} s over {repeat} runs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-03")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}  jobs: {args.jobs or os.cpu_count()}  "
          f"temp: {tempfile.gettempdir()}  {time.strftime('%Y-%m-%d %H:%M')}")
    run("sample (en+ja)", ROOT / "builder.yml", ROOT, None, args.jobs, args.repeat)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}: skipping the corpus figures")
        return 1
    corpus_config = ROOT / "configs" / "github-docs-2021-03.yml"
    run("corpus en", corpus_config, args.corpus, ["en"], args.jobs, args.repeat)
    run("corpus en+ja", corpus_config, args.corpus, None, args.jobs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
