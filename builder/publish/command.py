"""``python -m builder publish``: options, progress bar and summary (the work is in the targets)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn,
                           TransferSpeedColumn)

from .plan import Plan
from .run import PublishError, PublishResult
from .site import SiteError, SiteFile

DESCRIPTION = """\
Publish a built site (see `build --out`) to static hosting.  --to chooses the target:

  s3://BUCKET[/PREFIX]   S3 or S3-compatible storage (boto3).  Credentials come from the usual
                         AWS environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                         AWS_SESSION_TOKEN), AWS_PROFILE / --profile, or ~/.aws.  Uploads only
                         files whose content changed (MD5 against the bucket listing), with
                         Content-Type and Cache-Control; redirect stubs carry
                         WebsiteRedirectLocation for S3 website hosting.
  gh-pages               one commit per publish on a branch (default gh-pages) of --remote
                         (default: this repository's origin), with .nojekyll and CNAME; no
                         commit when nothing changed.
  DIR                    a folder served by nginx or another web server: copies only changed
                         files, each atomically.

Order of work: changed assets, then pages, then files listing pages (sitemap, indexes), then
redirects; with --delete, files no longer in the site are removed last, and only when all else
succeeded.  An interrupted publish is finished by running the same command again.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="publish a built site to S3, GitHub Pages or a folder",
                       description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--site", type=Path, default=Path("_site"),
                   help="the built site folder (default: _site)")
    p.add_argument("--to", required=True, metavar="TARGET",
                   help="s3://BUCKET[/PREFIX], gh-pages, or a folder")
    p.add_argument("--delete", action="store_true",
                   help="remove what the target holds that the site no longer has (last)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the plan (counts; paths to upload and delete) and change nothing")
    p.add_argument("--force", action="store_true",
                   help="upload every file, changed or not (after changing cache rules)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="with --dry-run, also list the unchanged files")
    s3 = p.add_argument_group("S3")
    s3.add_argument("--endpoint-url", default=None,
                    help="S3-compatible server, e.g. http://127.0.0.1:9000 (path-style addressing)")
    s3.add_argument("--region", default=None, help="bucket region (default: from AWS config)")
    s3.add_argument("--profile", default=None, help="AWS profile (default: AWS_PROFILE)")
    s3.add_argument("--jobs", "-j", type=int, default=16, help="uploads at once (default: 16)")
    s3.add_argument("--retries", type=int, default=8,
                    help="attempts per request, with backoff, on throttling, server errors and "
                         "dropped connections (default: 8)")
    gh = p.add_argument_group("gh-pages")
    gh.add_argument("--remote", default=None,
                    help="repository URL or path (default: this repository's origin)")
    gh.add_argument("--branch", default="gh-pages", help="branch to commit to (default: gh-pages)")
    gh.add_argument("--cname", default=None,
                    help="custom domain for CNAME (default: the host of base_url in --config)")
    gh.add_argument("--config", type=Path, default=None,
                    help="configuration file for base_url (default: ./builder.yml if present)")
    gh.add_argument("--message", default="Publish site", help="commit message")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    try:
        if args.to == "gh-pages":
            result = _gh_pages(args)
            _print_gh_summary(console, result, args.dry_run)
        else:
            plan, result = _files(args, console)
            _print_summary(console, plan, result, args.dry_run)
    except (PublishError, SiteError) as exc:
        console.print(f"publish failed: {exc}", style="red", markup=False, highlight=False,
                      soft_wrap=True)
        return 1
    except KeyboardInterrupt:
        console.print("publish interrupted; run the same command again to finish it",
                      style="red")
        return 130
    return 0


def _files(args: argparse.Namespace, console: Console) -> tuple[Plan, PublishResult]:
    from .run import publish_files

    target = _target(args)
    progress = Progress(TextColumn("uploading"), BarColumn(),
                        TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
                        DownloadColumn(), TransferSpeedColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)
    task = None

    def on_plan(plan: Plan) -> None:
        nonlocal task
        if args.dry_run:
            out = Console(highlight=False)
            for line in plan.describe(args.verbose):
                out.print(line, markup=False)
        else:
            task = progress.add_task("upload", total=plan.upload_bytes or 1, files=0,
                                     total_files=len(plan.uploads))

    def advance(file: SiteFile | None, size: int) -> None:
        if task is not None and file is not None:
            progress.update(task, advance=size, files=progress.tasks[task].fields["files"] + 1)

    with progress:
        return publish_files(args.site, target, delete=args.delete, dry_run=args.dry_run,
                             force=args.force, workers=args.jobs, progress=advance,
                             on_plan=on_plan)


def _target(args: argparse.Namespace):
    if args.to.startswith("s3://"):
        from .s3 import S3Options, S3Target

        return S3Target(args.to, S3Options(args.endpoint_url, args.region, args.profile,
                                           args.jobs, args.retries))
    if "://" in args.to:
        raise PublishError(f"--to {args.to}: unknown target; use s3://BUCKET, gh-pages or a "
                           "folder path")
    from .folder import FolderTarget

    return FolderTarget(Path(args.to), args.site)


def _gh_pages(args: argparse.Namespace) -> PublishResult:
    from .ghpages import GhPagesOptions, cname_from_base_url, publish_gh_pages

    cname = args.cname
    if cname is None:
        config_path = args.config or (Path("builder.yml") if Path("builder.yml").is_file() else None)
        if config_path is not None:
            from ..config import load_config

            cname = cname_from_base_url(load_config(config_path, config_path.parent).base_url)
    options = GhPagesOptions(args.remote, args.branch, cname or None, args.message)
    return publish_gh_pages(args.site, options, dry_run=args.dry_run)


def _print_summary(console: Console, plan: Plan, result: PublishResult, dry_run: bool) -> None:
    verb = "would upload" if dry_run else "uploaded"
    per_kind = ", ".join(f"{n} {label}" for label, n in result.uploaded.items())
    uploads = len(plan.uploads) if dry_run else result.uploaded_count
    deleted = (f"{len(plan.deletions)} to delete" if dry_run and plan.delete
               else f"deleted {result.deleted}")
    kept = f", {len(plan.deletions)} not in the site kept (--delete removes them)" \
        if not plan.delete and plan.deletions else ""
    console.print(f"{result.target}: {verb} {uploads} files"
                  f"{' (' + per_kind + ')' if per_kind else ''}, "
                  f"{plan.upload_bytes if dry_run else result.uploaded_bytes} bytes; "
                  f"unchanged {len(plan.skipped)}; {deleted}{kept}; "
                  f"{result.seconds:.1f} s {result.stages}", markup=False, highlight=False,
                  soft_wrap=True)


def _print_gh_summary(console: Console, result: PublishResult, dry_run: bool) -> None:
    if not result.uploaded:
        console.print(f"{result.target}: nothing changed; no commit", markup=False)
        return
    changes = ", ".join(f"{n} {label}" for label, n in result.uploaded.items())
    what = "would commit" if dry_run else f"pushed commit {result.committed}"
    console.print(f"{result.target}: {what} ({changes})", markup=False, highlight=False,
                  soft_wrap=True)
