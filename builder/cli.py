"""Command line: ``python -m builder build|serve ...``.

The CLI only parses options and prints; the work is done by :mod:`builder.build` (and the preview
server), so nothing in the core depends on the terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import load_config
from .errors import BuilderError, Report

DESCRIPTION = """\
Build versioned, multilingual documentation written in the GitHub Docs content format
(Markdown + Liquid + YAML frontmatter) into one static site per version and language.

The source folder holds content/ (pages), data/ (variables, reusables, ui strings) and
translations/<locale>/ (translated content and data).  The configuration file names the
plans and releases, the languages and their folders; see the README.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."),
                        help="folder with content/, data/ and translations/ (default: .)")
    parser.add_argument("--config", type=Path, default=None,
                        help="configuration file (default: <source>/builder.yml)")
    parser.add_argument("--lang", action="append", default=None, metavar="CODE",
                        help="build only this language (repeatable; default: all configured)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m builder", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", help="build the static site into an output folder",
                           description="Render every page in every version and language it "
                           "declares, write redirects, 404 pages and sitemap.xml.  The site is "
                           "written to a temporary folder and swapped into --out only when the "
                           "build has no errors.")
    _common(build)
    build.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    build.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: all cores)")
    build.add_argument("--strict", action="store_true",
                       help="treat warnings (such as unknown frontmatter keys) as errors")
    build.add_argument("--keep-going", action="store_true",
                       help="publish the site even when some pages fail: each failed page keeps "
                       "its output from the previous build (or is left out); still exits 1")
    build.add_argument("--verbose", "-v", action="store_true", help="list every warning")
    build.add_argument("--summary-json", type=Path, default=None,
                       help="also write the summary as JSON to this file")
    build.add_argument("--no-search", action="store_true",
                       help="do not build the search index (pagefind) over the pages")
    build.add_argument("--no-cache", action="store_true",
                       help="render everything, ignoring the build cache (it is rewritten)")
    build.add_argument("--cache-dir", type=Path, default=None,
                       help="build cache folder (default: .cache/<out name> beside --out)")
    build.add_argument("--shard", default=None, metavar="I/N",
                       help="render only part I of N of the outputs (for a CI job matrix); "
                       "put the N output folders together with `merge`")
    merge = sub.add_parser("merge", help="put the output folders of `build --shard I/N` together",
                           description="Combine the --out folders of the N shard builds of one "
                           "site into the site a single build writes.  Fails, changing nothing, "
                           "when a shard is missing or given twice.")
    merge.add_argument("shards", type=Path, nargs="+", help="the shard builds' output folders")
    _common(merge)
    merge.add_argument("--out", type=Path, default=Path("_site"),
                       help="output folder (default: _site)")
    from .check_cli import add_parser as add_check_parser

    add_check_parser(sub, _common)
    try:
        from . import server  # noqa: F401  (the preview server registers itself when present)
    except ImportError:
        server = None
    if server is not None and hasattr(server, "add_parser"):
        server.add_parser(sub, _common)
    from .publish.command import add_parser as add_publish_parser

    add_publish_parser(sub)
    return parser


def _print_diagnostics(console: Console, report: Report, verbose: bool) -> None:
    for d in report.errors:
        console.print(d.format(), style="red", markup=False, highlight=False)
    shown: dict[str, int] = {}
    for d in report.warnings:
        shown[d.kind] = shown.get(d.kind, 0) + 1
        if verbose or shown[d.kind] <= 3:
            console.print(d.format(), style="yellow", markup=False, highlight=False)
    hidden = {k: n - 3 for k, n in shown.items() if n > 3 and not verbose}
    for kind, n in hidden.items():
        console.print(f"... and {n} more '{kind}' warnings (use --verbose to list them)",
                      style="yellow")


def _summary(console: Console, result) -> None:
    table = Table(title="Pages written", show_lines=False)
    table.add_column("version")
    langs = sorted({lang for lang, _ in result.per_view})
    for lang in langs:
        table.add_column(lang, justify="right")
    versions = []
    for _lang, version in result.per_view:
        if version not in versions:
            versions.append(version)
    for version in versions:
        table.add_row(version, *[str(result.per_view.get((lang, version), 0)) for lang in langs])
    console.print(table)
    report = result.report
    errors = report.counts_by_kind("error")
    warnings = report.counts_by_kind("warning")
    if result.cache != "off":
        console.print(f"cache: {result.cache}   rendered: {result.rendered}   "
                      f"unchanged: {result.reused}   removed: {result.removed}",
                      markup=False, highlight=False)
    console.print(f"pages: {result.pages_written}   redirects: {result.redirects_written}   "
                  f"errors: {sum(errors.values())} {errors or ''}   "
                  f"warnings: {sum(warnings.values())} {warnings or ''}   "
                  f"seconds: {result.seconds:.1f} {result.stages}", markup=False,
                  highlight=False)
    for source, count in getattr(result, "redirect_counts", {}).items():
        console.print(redirect_summary(source, count), markup=False, highlight=False)
    for lang, kinds in result.fallbacks.items():
        console.print(f"English standing in ({lang}): " + fallback_summary(kinds), markup=False,
                      highlight=False)
    if result.carried is not None:
        console.print(carried_summary(result.carried), style="red", markup=False,
                      highlight=False)
        console.print(f"[red]built {result.output} with errors (--keep-going)[/red]")
    elif result.ok:
        console.print(f"[green]built {result.output}[/green]")
    else:
        console.print(f"[red]build failed: {result.output} was left as it was[/red]")


def carried_summary(carried) -> str:
    """The failed pages of a --keep-going build: kept from the previous build, or left out."""
    lines = [f"failed pages: {len(carried.kept)} kept from the previous build, "
             f"{len(carried.skipped)} left out"]
    lines += [f"  kept:     {url}  ({file})" for url, file in carried.kept]
    lines += [f"  left out: {url or '(every URL)'}  ({file})" for url, file in carried.skipped]
    return "\n".join(lines)
def redirect_summary(source: str, count: dict) -> str:
    """``redirects from X: kept 9192, dropped 12321 (reason 8412, ...)`` for one source."""
    dropped = count.get("dropped", {})
    line = f"redirects from {source}: kept {count.get('kept', 0)}"
    if dropped:
        line += f", dropped {sum(dropped.values())} (" + ", ".join(
            f"{reason} {n}" for reason, n in dropped.items()) + ")"
    for note, n in count.get("notes", {}).items():
        line += f"; {note} {n}"
    return line


def fallback_summary(kinds: dict) -> str:
    """``missing page 22 files (44 pages), ..., missing data 120 values`` for one language."""
    parts = []
    for label, count in kinds.items():
        if label == "missing data":
            parts.append(f"{label} {count.files} values")
        else:
            parts.append(f"{label} {count.files} files ({count.pages} pages)")
    return ", ".join(parts)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import Shard, build, write_json_summary

    console = Console(stderr=True, soft_wrap=True)  # one diagnostic per line, for grep and CI logs
    config = load_config(args.config, args.source)
    progress = Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=True,
                        disable=not console.is_terminal)

    def factory(total: int):
        task = progress.add_task("pages", total=total)
        return lambda n: progress.advance(task, n)

    shard = None
    if args.shard:
        try:
            shard = Shard.parse(args.shard)
        except ValueError as exc:
            console.print(str(exc), style="red", markup=False)
            return 2
    with progress:
        result = build(config, args.out, jobs=args.jobs, languages=args.lang,
                       progress_factory=factory, strict=args.strict,
                       use_cache=not args.no_cache, cache_dir=args.cache_dir, shard=shard,
                       keep_going=args.keep_going, search=not args.no_search)
    _print_diagnostics(console, result.report, args.verbose)
    _summary(console, result)
    if args.summary_json:
        write_json_summary(result, args.summary_json)
    return 0 if result.ok and not (args.strict and result.report.warnings) else 1


def cmd_merge(args: argparse.Namespace) -> int:
    from .build import merge

    console = Console(stderr=True)
    config = load_config(args.config, args.source)
    result = merge(args.shards, args.out, config, args.lang)
    _print_diagnostics(console, result.report, False)
    if not result.ok:
        console.print(f"[red]merge failed: {args.out} was left as it was[/red]")
        return 1
    console.print(f"pages: {result.pages_written}   redirects: {result.redirects_written}   "
                  f"seconds: {result.seconds:.1f}", markup=False, highlight=False)
    console.print(f"[green]merged {len(args.shards)} shards into {args.out}[/green]")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "build":
            return cmd_build(args)
        if args.command == "merge":
            return cmd_merge(args)
        return args.run(args)
    except BuilderError as exc:
        Console(stderr=True, soft_wrap=True).print(exc.diagnostic().format(), style="red", markup=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
