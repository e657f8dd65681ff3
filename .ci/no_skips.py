"""Fail CI when pytest skipped anything: a skipped test is a test that did not run.

    python .ci/no_skips.py REPORT.xml

Reads pytest's JUnit XML report (``--junitxml``), which records every skip, including
``xfail`` and skips raised while collecting a module; a missing or empty report fails too, so
a run that never got as far as pytest cannot pass this check.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def skipped_tests(report: Path) -> tuple[int, list[str]]:
    """(tests run, ``file::test: reason`` of every skipped one) from a JUnit XML report."""
    root = ET.parse(report).getroot()
    cases = list(root.iter("testcase"))
    skipped = []
    for case in cases:
        for skip in case.findall("skipped"):
            name = f"{case.get('classname', '')}::{case.get('name', '')}"
            skipped.append(f"{name}: {skip.get('message', '')}")
    return len(cases), skipped


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    report = Path(argv[1])
    try:
        count, skipped = skipped_tests(report)
    except (OSError, ET.ParseError) as exc:
        print(f"no pytest report to check for skips ({report}: {exc})", file=sys.stderr)
        return 1
    if count == 0:
        print(f"the pytest report {report} lists no tests", file=sys.stderr)
        return 1
    if skipped:
        print(f"{len(skipped)} test(s) skipped; no test may skip in CI:", file=sys.stderr)
        for line in skipped:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"no skipped tests ({count} run)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
