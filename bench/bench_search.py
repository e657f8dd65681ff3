"""Search-index figures for the corpus (English + Japanese): index time, size on disk, queries.

    .venv/bin/python bench/bench_search.py [--corpus DIR] [--jobs N] [--once] [--no-queries]

1. builds the corpus into a temporary folder and reports the build's ``search`` stage (every
   bundle indexed by pagefind), the bundles, pages indexed and bytes on disk per language;
2. builds it again into the same folder: no page changed, so every bundle is copied from the
   previous site (the stage's cost when nothing changed) - skipped with ``--once``;
3. runs example queries in Chromium against the built bundles (English and Japanese, the
   default version and Enterprise Server 2.20) and prints the top results.

Figures, not assertions.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build  # noqa: E402
from builder.config import load_config  # noqa: E402
from builder.search_index import MANIFEST, SEARCH_DIR, folder_size  # noqa: E402

CONFIG = ROOT / "configs" / "github-docs-2021-03.yml"
# (page to search from, query): the Japanese queries are words of Japanese page headings
QUERIES = [
    ("/en", "personal access token"),
    ("/en", "workflow syntax"),
    ("/en", "protected branches"),
    ("/en/enterprise-server@2.20", "personal access token"),
    ("/ja", "個人アクセストークン"),
    ("/ja", "ブランチの同期"),
    ("/ja", "ワークフロー構文"),
    ("/ja/enterprise-server@2.20", "ブランチの同期"),
]
TOP = 3


def build_once(source: Path, out: Path, jobs: int, label: str) -> float:
    result = build(load_config(CONFIG, source), out, jobs=jobs)
    if not result.ok:
        print(f"{label}: the build failed ({len(result.report.errors)} errors)")
        for d in result.report.errors[:5]:
            print("  ", d.format())
        raise SystemExit(1)
    seconds = result.stages.get("search", 0.0)
    print(f"{label:<26} pages {result.pages_written:>6}  build {result.seconds:6.1f} s  "
          f"search stage {seconds:6.2f} s  stages {result.stages}")
    return seconds


def sizes(site: Path) -> None:
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["bundles"]
    langs = sorted({folder.split("/")[1] for folder in manifest})
    total = folder_size(site / SEARCH_DIR)
    print(f"index on disk: {total / 1e6:.1f} MB in {len(manifest)} bundles "
          f"({sum(b['pages'] for b in manifest.values())} pages indexed)")
    for lang in langs:
        bundles = {k: v for k, v in manifest.items() if k.split("/")[1] == lang}
        size = folder_size(site / SEARCH_DIR / lang)
        files = sum(1 for p in (site / SEARCH_DIR / lang).rglob("*") if p.is_file())
        print(f"  {lang}: {size / 1e6:6.1f} MB, {files} files, "
              + ", ".join(f"{k.split('/', 2)[2]} {v['pages']} pages {v.get('seconds', 0):.1f} s"
                          for k, v in bundles.items()))


def _digests(site: Path) -> dict[str, str]:
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["bundles"]
    return {k: v["digest"] for k, v in manifest.items()}


QUERY_JS = """async ([bundle, query, top]) => {
  const pf = await import(bundle + 'pagefind.js');
  const found = await pf.search(query);
  const pages = await Promise.all(found.results.slice(0, top).map(r => r.data()));
  return {count: found.results.length,
          top: pages.map(p => [p.meta.title, p.url, p.meta.product || ''])};
}"""


def queries(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                          args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page()
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                  else route.abort())
        for where, query in QUERIES:
            tab.goto(base + where + "/")
            bundle = tab.get_attribute("#site-search", "data-bundle")
            started = time.perf_counter()
            answer = tab.evaluate(QUERY_JS, [bundle, query, TOP])
            ms = (time.perf_counter() - started) * 1000
            print(f"{where:<28} {query!r}: {answer['count']} results ({ms:.0f} ms, first query "
                  f"loads the bundle)" if where == QUERIES[0][0] and query == QUERIES[0][1]
                  else f"{where:<28} {query!r}: {answer['count']} results ({ms:.0f} ms)")
            for title, url, product in answer["top"]:
                print(f"    {title}  [{product}]  {url}")
        browser.close()
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-03")
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--once", action="store_true", help="skip the unchanged rebuild")
    parser.add_argument("--no-queries", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # forked workers must not repeat buffered text
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}")
        return 1
    print(f"cores: {os.cpu_count()}  jobs: {args.jobs or os.cpu_count()}  "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    site = work / "site"
    try:
        build_once(args.corpus, site, args.jobs, "corpus en+ja, full index")
        sizes(site)
        if not args.once:
            before = _digests(site)
            build_once(args.corpus, site, args.jobs, "rebuild, no page changed")
            after = _digests(site)
            same = sum(after[k] == before.get(k) for k in after)
            print(f"bundles whose pages were byte-identical (copied, not re-indexed): "
                  f"{same} of {len(after)}")
        if not args.no_queries:
            queries(site)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
