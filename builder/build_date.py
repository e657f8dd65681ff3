"""The date a build is made "on": the one input of a page that is not in the sources.

Pages compare it with release dates (a release whose deprecation date has passed "was
discontinued", otherwise it "will be").  Reading the clock there would make two builds of the
same sources differ from one day to the next, so the date comes from the configuration
(``build_date: 2021-03-31``), else from ``SOURCE_DATE_EPOCH`` (the reproducible-builds
convention: seconds since 1970, UTC), and only when neither is given from today's date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # config.py imports this module to validate the option
    from .config import SiteConfig


def build_date(config: "SiteConfig", environ: Mapping[str, str] | None = None) -> dt.date:
    """The configured date, else ``SOURCE_DATE_EPOCH``'s, else today's (UTC)."""
    if config.build_date:
        return dt.date.fromisoformat(config.build_date)
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def parse_build_date(value: object, problems: list[str]) -> str:
    """Validate the ``build_date`` option (an ISO date, ``YYYY-MM-DD``); "" when absent."""
    if value in (None, ""):
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"build_date: '{text}' is not a date (write YYYY-MM-DD)")
        return ""
    return text
