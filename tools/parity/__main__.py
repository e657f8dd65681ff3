"""``python -m tools.parity``: the parity figures of a built corpus (``make parity``)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __doc__ as DOC
from .pages import check_pages
from .redirects import check_redirects

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "configs" / "github-docs-2021-03.yml"


def load_corpus_config(path: Path, reference: Path):
    """The corpus configuration (for the rules that name plans), or None if it cannot load."""
    from builder.config import load_config
    from builder.errors import BuilderError

    try:
        return load_config(path, reference.resolve().parent)
    except (BuilderError, OSError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.parity",
                                     description=DOC.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("_site-corpus"))
    parser.add_argument("--reference", type=Path,
                        default=Path("../shared/corpus/github-docs-2021-03/reference"))
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--lang", action="append", default=None)
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    config = load_corpus_config(args.config, args.reference)
    built = []
    for lang in args.lang or ["en", "ja"]:
        if not args.site.joinpath(lang).is_dir():
            continue
        built.append(lang)
        effects: Counter = Counter()
        matched, total = check_pages(args.site, args.reference, f"pages-{lang}.jsonl",
                                     effects=effects)
        label = "parity" if lang == "en" else f"parity ({lang})"
        print(f"{label}: {matched}/{total} records match")
        for rule, n in sorted(effects.items()):
            print(f"  {rule}: {n} records")
    redirect_effects: Counter = Counter()
    matched, total = check_redirects(args.site, args.reference, config=config,
                                     languages=built or None, effects=redirect_effects)
    print(f"redirects: {matched}/{total} match")
    for rule, n in sorted(redirect_effects.items()):
        print(f"  {rule.removeprefix('redirect_rule_')}: {n} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
