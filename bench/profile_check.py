"""What ``check`` adds to the build's work, per page: a sample of pages on one core.

    .venv/bin/python bench/profile_check.py --source DIR [--config FILE] [--sample 300]

Loads the site, takes every Nth page permalink and, in this process, times for each: the render
(``render_one``, what the build does too), the facts extraction (``page_facts``: one selectolax
parse and a few queries), and pickling the page's facts and inputs (what travels back from a
worker); then the parent's part over the whole site: loading, and the link analysis of facts
(the sample's facts stand in for the whole site's, scaled by page count).  Prints milliseconds
per page and the estimate for the whole site.  Figures, not assertions.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import trace  # noqa: E402
from builder.check_links import LinkChecker, page_facts  # noqa: E402
from builder.check_render import Checked, RenderedHTML, _missing_parts  # noqa: E402
from builder.config import load_config  # noqa: E402
from builder.errors import Report  # noqa: E402
from builder.outputs import PAGE, plan_outputs, render_one  # noqa: E402
from builder.site import SITE, Pipeline, load_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=ROOT / "configs/github-docs-2021-03.yml")
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    site = load_site(load_config(args.config, args.source), Report())
    pages = [o for o in plan_outputs(site, Report()) if o.kind == PAGE]
    loaded = time.perf_counter() - started
    step = max(1, len(pages) // args.sample)
    pipeline = Pipeline(site)
    spent = {"render": 0.0, "facts": 0.0, "pickle": 0.0, "unpickle": 0.0}
    facts, size, count = [], 0, 0
    for output in pages[::step]:
        page = site.content.pages[(output.lang, output.relpath)]
        link = page.permalinks[output.index]
        t0 = time.perf_counter()
        with trace.tracing() as read:
            trace.record(SITE)
            try:
                html, _ = render_one(pipeline, page, link)
            except Exception:  # noqa: BLE001
                continue
        t1 = time.perf_counter()
        shown = page.in_version(link.version_id)
        found = page_facts(RenderedHTML(output.lang, link.version_id, link.href, output.relpath,
                                        str(shown.file), html, _missing_parts(site, shown.body)))
        t2 = time.perf_counter()
        blob = pickle.dumps(Checked(link.href, site.digests_of(read.inputs), found,
                                    read.diagnostics), protocol=pickle.HIGHEST_PROTOCOL)
        t3 = time.perf_counter()
        pickle.loads(blob)
        t4 = time.perf_counter()
        spent["render"] += t1 - t0
        spent["facts"] += t2 - t1
        spent["pickle"] += t3 - t2
        spent["unpickle"] += t4 - t3
        size += len(blob)
        facts.append(found)
        count += 1
    t0 = time.perf_counter()
    LinkChecker(site, facts).run()
    analysed = (time.perf_counter() - t0) * len(pages) / count
    print(f"{len(pages)} pages; sample {count}; load {loaded:.1f} s")
    for name, seconds in spent.items():
        print(f"  {name:9} {seconds / count * 1000:7.2f} ms/page   "
              f"~{seconds / count * len(pages):6.1f} s for the site (one core)")
    print(f"  pickled  {size / count / 1024:7.1f} KiB/page")
    print(f"  analysis ~{analysed:.1f} s for the site (scaled from the sample)")


if __name__ == "__main__":
    main()
