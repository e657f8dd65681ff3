"""Shared fixtures: a small configuration, and the real corpus (which must exist in CI)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

from builder.config import parse_config
from builder.versions import Versions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / ".." / "shared" / "corpus" / "github-docs-2021-03").resolve()
CORPUS_CONFIG = ROOT / "configs" / "github-docs-2021-03.yml"

SMALL_CONFIG = {
    "title": "Test Docs",
    "bare_release_plan": "enterprise-server",
    "liquid_plan_lists": {"enterpriseServerVersions": "enterprise-server"},
    "plans": [
        {"id": "free-pro-team", "title": "Free", "version_title": "GitHub.com",
         "releases": ["latest"], "default": True},
        {"id": "enterprise-server", "title": "Enterprise Server",
         "version_title": "Enterprise Server {release}", "numbered": True,
         "releases": ["3.0", "2.22", "2.21", "2.20"], "deprecated": ["2.19", "11.10.340"],
         "legacy_prefix": "enterprise"},
        {"id": "github-ae", "title": "GitHub AE", "version_title": "GitHub AE",
         "releases": ["latest"]},
    ],
    "languages": [
        {"code": "en", "name": "English", "content_dir": "content", "data_dir": "data"},
        {"code": "ja", "name": "Japanese", "native_name": "日本語",
         "content_dir": "translations/ja-JP/content", "data_dir": "translations/ja-JP/data"},
    ],
}


SAMPLE_PAGES = ROOT / "tests" / "fixtures" / "sample_pages.txt"
SAMPLE_LANGUAGES = ("en", "ja")
SAMPLE_VERSION_PREFIX = {
    "dotcom": "", "server@3.0": "/enterprise-server@3.0", "server@2.22": "/enterprise-server@2.22",
    "server@2.21": "/enterprise-server@2.21", "server@2.20": "/enterprise-server@2.20",
    "ae": "/github-ae@latest"}


def sample_page_urls() -> set[str]:
    """Every page URL of the sample, from the hand-checked list in tests/fixtures."""
    urls = set()
    for line in SAMPLE_PAGES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, *versions = line.split()
        rest = "" if path == "(home)" else f"/{path}"
        urls |= {f"/{lang}{SAMPLE_VERSION_PREFIX[v]}{rest}"
                 for lang in SAMPLE_LANGUAGES for v in versions}
    return urls


@pytest.fixture
def small_config(tmp_path):
    return parse_config(SMALL_CONFIG, tmp_path)


@pytest.fixture
def versions(small_config):
    return Versions(small_config)


def require_corpus() -> Path:
    """The acceptance corpus.  Missing in CI is a failure, never a skip."""
    if not CORPUS.is_dir():
        pytest.fail(f"the corpus is missing: expected it at {CORPUS} (../shared beside the repo)")
    return CORPUS


def scratch_folder(tmp_path_factory, prefix: str) -> Path:
    """A corpus build writes ~10^5 small files (pages and redirect stubs): in RAM when the
    system has a tmpfs, where writing and removing them is fast, else in pytest's temp folder."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=shm))
    return tmp_path_factory.mktemp(prefix)


@contextlib.contextmanager
def built_corpus(tmp_path_factory, languages: list[str], label: str) -> Iterator[tuple]:
    """Build the corpus in these languages once; yields (corpus, config, out, result, seconds)
    and removes the ~10^5 files afterwards."""
    from builder.build import build
    from builder.config import load_config

    corpus = require_corpus()
    config = load_config(CORPUS_CONFIG, corpus)
    scratch = scratch_folder(tmp_path_factory, f"corpus-{label}")
    out = scratch / "site"
    started = time.perf_counter()
    result = build(config, out, languages=languages)
    seconds = time.perf_counter() - started
    print(f"\ncorpus {languages}: {result.pages_written} pages in {seconds:.1f} s {result.stages}")
    try:
        yield corpus, config, out, result, seconds
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small site inline: {relative path: text}."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def corpus() -> Path:
    return require_corpus()


os.environ.setdefault("PYTHONHASHSEED", "0")
