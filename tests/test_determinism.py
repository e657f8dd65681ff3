"""The same sources make the same site: whatever the number of worker processes, and whatever
the day of the build (the build date comes from the configuration or ``SOURCE_DATE_EPOCH``)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.config import load_config
from builder.errors import ConfigError

from .conftest import ROOT, write_tree
from .test_cli import SITE

EPOCH_1970 = "0"
EPOCH_2100 = "4102444800"  # 2100-01-01


def site_files(out: Path) -> dict[str, str]:
    """Every file of a built site (relative path -> sha256 of its bytes)."""
    return {path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*")) if path.is_file()}


def cli_build(out: Path, jobs: int, hash_seed: str, epoch: str) -> None:
    """``python -m builder build`` in its own interpreter: a string hash seed of its own, so
    an output that follows the iteration order of a set shows up as a difference."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, SOURCE_DATE_EPOCH=epoch)
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--source", str(ROOT), "--config",
         str(ROOT / "builder.yml"), "--out", str(out), "--jobs", str(jobs)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)
    assert done.returncode == 0, done.stderr


def test_one_or_two_workers_and_any_day_build_the_same_bytes(tmp_path):
    cli_build(tmp_path / "one" / "_site", jobs=1, hash_seed="1", epoch=EPOCH_1970)
    cli_build(tmp_path / "two" / "_site", jobs=2, hash_seed="2", epoch=EPOCH_2100)
    first, second = site_files(tmp_path / "one" / "_site"), site_files(tmp_path / "two" / "_site")
    assert len(first) > 8000  # pages, redirect stubs, assets: the whole site
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


# -- the build date --------------------------------------------------------------------------

DATES = '{"2.22": {"releaseDate": "2020-09-23", "deprecationDate": "2021-09-23"}}'
OLD_RELEASE_PAGE = "en/enterprise-server@2.22/guide/start/first-steps/index.html"


def banner(tmp_path: Path, name: str, config_extra: str = "") -> str:
    """The deprecation notice on the oldest release of the tiny site, built into ``name``."""
    files = dict(SITE, **{"enterprise-dates.json": DATES,
                          "builder.yml": SITE["builder.yml"] + config_extra})
    source = write_tree(tmp_path / f"src-{name}", files)
    out = tmp_path / name
    result = build(load_config(source / "builder.yml", source), out, jobs=1, languages=["en"])
    assert result.ok, [d.format() for d in result.report.errors]
    notice = LexborHTMLParser((out / OLD_RELEASE_PAGE).read_text(encoding="utf-8")).css_first(
        ".notice-deprecation")
    assert notice is not None
    return " ".join(notice.text().split())


def test_the_deprecation_notice_follows_the_build_date_not_the_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_1970)
    before = banner(tmp_path, "before")
    assert "will be discontinued on September 23, 2021" in before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2100)
    after = banner(tmp_path, "after")
    assert "was discontinued on September 23, 2021" in after
    # the configuration wins over the environment
    configured = banner(tmp_path, "configured", "build_date: 2021-09-22\n")
    assert "will be discontinued on September 23, 2021" in configured
    on_the_day = banner(tmp_path, "on-the-day", "build_date: 2021-09-23\n")
    assert "was discontinued on September 23, 2021" in on_the_day


def test_a_build_date_that_is_not_a_date_is_a_configuration_error(tmp_path):
    source = write_tree(tmp_path, {"builder.yml": SITE["builder.yml"] + "build_date: soon\n"})
    with pytest.raises(ConfigError) as error:
        load_config(source / "builder.yml", source)
    assert "build_date: 'soon' is not a date (write YYYY-MM-DD)" in str(error.value.problems)
