"""The publisher: one writer, no path twice, atomic swap."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from builder.publisher import OutputConflict, Publisher, url_to_file


def test_url_to_file():
    assert url_to_file("/en/github") == "en/github/index.html"
    assert url_to_file("/en/enterprise-server@3.0") == "en/enterprise-server@3.0/index.html"
    assert url_to_file("/") == "index.html"


def test_refuses_second_write(tmp_path):
    pub = Publisher(tmp_path / "site")
    pub.write_page("/en/a", "one")
    with pytest.raises(OutputConflict):
        pub.write_page("/en/a", "two")
    pub.abort()


def test_commit_swaps_and_abort_keeps_old(tmp_path):
    target = tmp_path / "site"
    pub = Publisher(target)
    pub.write_page("/en", "first")
    pub.commit()
    assert (target / "en/index.html").read_text() == "first"
    pub2 = Publisher(target)
    pub2.write_page("/en", "second")
    pub2.abort()
    assert (target / "en/index.html").read_text() == "first"
    assert not pub2.root.exists()
    assert _gone_after_background_removal(tmp_path, ".site.discard-*")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _gone_after_background_removal(parent: Path, pattern: str, limit: float = 60.0) -> bool:
    """Whether the folders the publisher removes in the background do disappear.  The limit
    only stops a hung removal from hanging the test: it is not a speed requirement."""
    deadline = time.monotonic() + limit
    while list(parent.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not list(parent.glob(pattern))


def test_commit_removes_the_replaced_site(tmp_path):
    target = tmp_path / "site"
    for text in ("first", "second"):
        pub = Publisher(target)
        pub.write_page("/en", text)
        pub.write_page("/en/only-" + text, text)
        pub.commit()
    assert (target / "en/index.html").read_text() == "second"
    assert not (target / "en/only-first").exists()
    assert _gone_after_background_removal(tmp_path, ".site.old-*")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
