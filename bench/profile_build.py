"""Where a cold build's time goes: a profile of one build on one core, by stage of the pipeline.

    .venv/bin/python bench/profile_build.py [--corpus DIR] [--lang en] [--top 25]

Builds the corpus with ``--jobs 1 --no-cache`` under cProfile (into a temporary folder) and
prints the cumulative seconds of the pipeline's parts: loading, Liquid, Markdown, the page
shell (templates, sidebars), writing pages, writing redirect stubs; then the functions with the
most time of their own.  Profiling slows Python code down, so compare the shares, not the
seconds, with ``make bench``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build  # noqa: E402
from builder.config import load_config  # noqa: E402

# (label, module file suffix, function name): cumulative time of these calls
PARTS = [
    ("load (content, data, redirects, navigation)", "builder/site.py", "load_site"),
    ("plan outputs", "builder/outputs.py", "plan_outputs"),
    ("Liquid", "builder/render.py", "render_liquid"),
    ("Markdown", "builder/markdown.py", "render_markdown"),
    ("page shell (templates, sidebars)", "builder/shell.py", "page_html"),
    ("writing pages", "builder/publisher.py", "write_bytes"),
    ("writing redirect stubs", "builder/build.py", "write_stubs"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-03")
    parser.add_argument("--config", type=Path,
                        default=ROOT / "configs" / "github-docs-2021-03.yml")
    parser.add_argument("--lang", action="append", default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="profile-build-"))
    try:
        config = load_config(args.config, args.corpus)
        profile = cProfile.Profile()
        profile.enable()
        result = build(config, out / "site", jobs=1, languages=args.lang, use_cache=False)
        profile.disable()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(profile)
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "build")  # type: ignore[attr-defined]
    print(f"pages {result.pages_written}, redirects {result.redirects_written}, "
          f"profiled seconds {total:.1f} (stages {result.stages})")
    for label, suffix, name in PARTS:
        cumulative = sum(v[3] for k, v in stats.stats.items()  # type: ignore[attr-defined]
                         if k[0].endswith(suffix) and k[2] == name)
        print(f"  {label:<46} {cumulative:8.1f} s  {100 * cumulative / max(total, 1e-9):5.1f} %")
    print("  (the shell's share includes the titles and intros it asks the renderer for)")
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
