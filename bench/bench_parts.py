"""Figures for the parts of a corpus build that tests used to time (tests assert behaviour only):

    .venv/bin/python bench/bench_parts.py [--corpus DIR] [--repeat N]

1. data: loading the English and Japanese data folders and overlaying them;
2. redirect table: building every redirect of the English corpus from the loaded content;
3. Liquid parse: parsing every English and Japanese page body and string data value.

Prints seconds (the best and the median of ``--repeat`` runs) with the number of items, so a
slow-down shows here instead of as a flaky test on a loaded machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.config import load_config  # noqa: E402
from builder.content import load_content  # noqa: E402
from builder.liquid_env import make_environment, parse_template  # noqa: E402
from builder.redirects import build_redirects  # noqa: E402
from builder.site_data import load_data_dir, overlay  # noqa: E402
from builder.versions import Versions  # noqa: E402

CORPUS_CONFIG = ROOT / "configs" / "github-docs-2021-03.yml"
FRONTMATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def timed(label: str, repeat: int, work: Callable[[], int]) -> None:
    """Run ``work`` (which returns how many items it handled) ``repeat`` times; print figures."""
    seconds, items = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        items = work()
        seconds.append(time.perf_counter() - started)
    print(f"{label:<16} {items:>7} items  best {min(seconds):6.2f} s  "
          f"median {statistics.median(seconds):6.2f} s")


class NoServices:
    """Liquid parsing needs no render services: tags look things up only when rendered."""

    links: dict = {}
    warnings: list = []
    missing: tuple[str, ...] = ()


def templates(root: Path) -> list[tuple[str, str]]:
    """(name, source) of every page body and every string data value under ``root``."""
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        if path.name != "README.md":
            found.append((str(path), FRONTMATTER.sub("", path.read_text(encoding="utf-8"))))
    stack: list = [("data", load_data_dir(root / "data")[0])]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{key}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{key}.{i}", v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            found.append((key, value))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=ROOT.parent / "shared" / "corpus" / "github-docs-2021-03")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = args.corpus
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}")
        return 1

    def data() -> int:
        en, sources = load_data_dir(corpus / "data")
        overlay(en, load_data_dir(corpus / "translations/ja-JP/data")[0])
        return len(sources)

    config = load_config(CORPUS_CONFIG, corpus)
    versions = Versions(config)
    content = load_content(config, versions)

    def redirects() -> int:
        return len(build_redirects(content, config, versions).entries)

    env = make_environment(versions, NoServices())  # type: ignore[arg-type]
    sources = templates(corpus) + templates(corpus / "translations" / "ja-JP")

    failed = []

    def liquid() -> int:
        failed.clear()
        for name, source in sources:
            try:
                parse_template(env, source, name, 0, name)
            except Exception:  # noqa: BLE001 (figures only; the tests check the parse)
                failed.append(name)
        return len(sources)

    timed("data en+ja", args.repeat, data)
    timed("redirect table", args.repeat, redirects)
    timed("Liquid parse", args.repeat, liquid)
    if failed:
        print(f"  ({len(failed)} templates did not parse, e.g. {failed[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
