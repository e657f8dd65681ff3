"""The ``check`` subcommand: options, output formats and exit code (the work is in builder.check)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from .config import load_config

FORMATS = ("text", "json", "github")


def add_parser(sub: argparse._SubParsersAction,
               common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = sub.add_parser(
        "check", help="report broken links, missing anchors and bad input; write nothing",
        description="Render every page in every version and language as the build does, and "
        "report broken links and anchors, missing assets, unknown data references, Liquid and "
        "frontmatter errors, orphaned translations, translations whose versions differ from "
        "English, pages no index lists and redirect problems.  Exit code 1 on errors (with "
        "--strict, on warnings too).")
    common(parser)
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (grouped by file), json, or github (workflow annotations)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--jobs", "-j", type=int, default=0,
                        help="worker processes (default: all cores)")
    parser.add_argument("--cache-dir", type=Path, default=Path(".cache/check"),
                        help="where to keep each page's findings and inputs, so that the next "
                        "check renders only what changed (default: .cache/check)")
    parser.add_argument("--site", type=Path, default=Path("_site"),
                        help="the output folder of the last `build` (default: _site, where "
                        "`build` writes): a page that neither the check's cache nor this "
                        "build's cache says has changed is read from the built file instead "
                        "of being rendered; a missing or older build only means more rendering")
    parser.add_argument("--build-cache-dir", type=Path, default=None,
                        help="that build's cache folder, if it was built with --cache-dir "
                        "(default: .cache/<site name> beside --site)")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every page (use neither the check's cache nor the build)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .check import as_json, check, github_annotations, grouped_text

    config = load_config(args.config, args.source)
    result = check(config, jobs=args.jobs, languages=args.lang,
                   cache_dir=None if args.no_cache else args.cache_dir,
                   site_dir=None if args.no_cache else args.site,
                   build_cache_dir=args.build_cache_dir)
    report = result.report
    source = Path(config.source)
    if args.format == "json":
        print(as_json(result, source))
    elif args.format == "github":
        text = github_annotations(report.diagnostics, source)
        if text:
            print(text)
    else:
        text = grouped_text(report.diagnostics)
        if text:
            print(text)
    errors, warnings = report.counts_by_kind("error"), report.counts_by_kind("warning")
    print(f"checked {result.pages} pages ({result.rendered} rendered, {result.from_cache} "
          f"unchanged since the last check, {result.from_build} read from the build in "
          f"{args.site}) in {result.seconds:.1f} s {result.stages}: "
          f"{sum(errors.values())} errors {errors or ''}, "
          f"{sum(warnings.values())} warnings {warnings or ''}", file=sys.stderr)
    for reason, count in result.unchecked.items():
        print(f"not checked: {count} {reason}", file=sys.stderr)
    return 1 if result.failed(args.strict) else 0
