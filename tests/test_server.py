"""The preview server (builder.preview, builder.server), on the sample site.

Two real uvicorn servers, each on a free port of 127.0.0.1: one over a copy of the sample as
it is (no watching, no reload script) for the byte-for-byte comparison with a static build made
here; one over a copy of the sample that the tests edit, for routing, path safety, reload on
save, error pages and the load test.  Nothing leaves the loopback interface.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator, NamedTuple

import pytest

from builder.build import build
from builder.cli import make_parser
from builder.config import load_config
from builder.preview import PreviewServer
from builder.preview.app import RELOAD_SCRIPT, inject_reload, safe_path
from builder.preview.invalidation import Source, classify
from builder.publisher import url_to_file
from builder.server import make_uvicorn_server
from builder.shell import STATIC_DIR

from .conftest import ROOT, sample_page_urls

_spec = importlib.util.spec_from_file_location("serve_load", ROOT / "bench" / "serve_load.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["serve_load"] = bench
_spec.loader.exec_module(bench)  # type: ignore[union-attr]

SAMPLE_PARTS = ("content", "data", "translations", "assets", "redirects", "builder.yml")
ARTICLE = "content/hub/working-with-repositories/cloning-a-repository.md"
ARTICLE_URL = "/en/hub/working-with-repositories/cloning-a-repository"
REUSABLE = "data/reusables/repositories/navigate-to-repo.md"  # used by three articles
INDEX = "content/hub/working-with-repositories/index.md"


def _scratch_dir(prefix: str) -> Path:
    """A temporary folder in memory when the machine has one (the disk here is slow)."""
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


# -- fixtures --------------------------------------------------------------------------------------


def _copy_sample(prefix: str) -> Path:
    source = _scratch_dir(prefix)
    for part in SAMPLE_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copyfile)(ROOT / part, source / part)
    return source


@pytest.fixture(scope="module")
def sample() -> Iterator[Path]:
    """A copy of the sample that nobody edits (others may edit the repository meanwhile)."""
    source = _copy_sample("pristine-")
    yield source
    shutil.rmtree(source, ignore_errors=True)


@pytest.fixture(scope="module")
def static_site(sample) -> Iterator[Path]:
    """The sample built by the static build, into a temporary folder."""
    scratch = _scratch_dir("static-")
    out = scratch / "_site"
    # jobs=1: no fork, since the servers of this module run in threads
    result = build(load_config(sample / "builder.yml", sample), out, jobs=1)
    assert result.ok, [d.format() for d in result.report.errors]
    assert result.pages_written == len(sample_page_urls())  # the hand-checked page list
    yield out
    shutil.rmtree(scratch, ignore_errors=True)


class Live(NamedTuple):
    server: PreviewServer
    port: int
    source: Path

    def get(self, path: str, method: str = "GET") -> tuple[int, bytes, dict[str, str]]:
        return bench.fetch(self.port, path, method)


@contextlib.contextmanager
def serving(source: Path, **options: bool) -> Iterator[Live]:
    """uvicorn in a thread on a free port of 127.0.0.1; stopped (and checked) at the end."""
    server = PreviewServer(source, source / "builder.yml", **options)
    uv = make_uvicorn_server(server, "127.0.0.1", 0)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert uv.started, "uvicorn did not start"
    try:
        yield Live(server, sock.getsockname()[1], source)
    finally:
        server.stop_streams()
        uv.should_exit = True
        thread.join(15)
        sock.close()
    assert not thread.is_alive(), "uvicorn did not stop"


@pytest.fixture(scope="module")
def plain(sample) -> Iterator[Live]:
    """The preview of the sample as it is: no watching, no reload script."""
    with serving(sample, livereload=False, watch=False) as handle:
        yield handle


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    """The preview of a copy of the sample that tests edit, watching it."""
    source = _copy_sample("edited-")
    try:
        with serving(source) as handle:
            assert handle.get("/en")[0] == 200
            _wait_watching(handle)
            yield handle
    finally:
        shutil.rmtree(source, ignore_errors=True)


def _wait_watching(live: Live, timeout: float = 10.0) -> None:
    """Touch a file the site ignores until the watcher reports it: the watch is live."""
    probe = live.source / "content" / "watch-probe.txt"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        watcher = live.server.watcher
        before = watcher.batches if watcher is not None else 0
        probe.write_text(str(time.time()), encoding="utf-8")
        time.sleep(0.1)
        if watcher is not None and watcher.batches > before:
            probe.unlink()
            time.sleep(0.1)
            return
    raise AssertionError("the watcher never reported a change")


def _applied(live: Live, count: int, timeout: float = 10.0) -> None:
    """Wait until the server has processed ``count`` change batches in all."""
    deadline = time.monotonic() + timeout
    while live.server.changes < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert live.server.changes >= count, "the change was not applied"


class Edit:
    """Edit a file of the live copy; restore it (and wait for that change) at the end."""

    def __init__(self, live: Live, rel: str):
        self.live, self.path = live, live.source / rel
        self.original = self.path.read_text(encoding="utf-8")

    def __enter__(self) -> Edit:
        return self

    def save(self, stream: bench.EventStream, text: str) -> float:
        """Save ``text``; seconds until the reload event reached the listening client."""
        return bench.save_and_wait(stream, self.path, text)

    def __exit__(self, *exc: object) -> None:
        before = self.live.server.changes
        self.path.write_text(self.original, encoding="utf-8")
        _applied(self.live, before + 1)
        _settle(self.live)


def _settle(live: Live, quiet: float = 0.2) -> None:
    """Wait until no change batch has been applied for ``quiet`` seconds."""
    count, since = live.server.changes, time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.02)
        if live.server.changes != count:
            count, since = live.server.changes, time.monotonic()


@pytest.fixture
def stream(live: Live) -> Iterator[bench.EventStream]:
    events = bench.EventStream(live.port, ARTICLE_URL)
    yield events
    events.close()


# -- the same pages as the static build -----------------------------------------------------------


def _sample_urls(source: Path, site: Path) -> list[str]:
    """Every 7th page URL of the static build (both languages, several versions)."""
    from builder.content import load_content
    from builder.versions import Versions

    config = load_config(source / "builder.yml", source)
    content = load_content(config, Versions(config))
    hrefs = sorted(content.by_href)
    chosen = hrefs[::7] + ["/en", "/ja", ARTICLE_URL]
    assert all((site / url_to_file(h)).is_file() for h in chosen)
    return chosen


def test_pages_are_byte_identical_to_the_static_build(plain, static_site, sample):
    urls = _sample_urls(sample, static_site)
    assert len(urls) > 60 and any(u.startswith("/ja/") for u in urls)
    assert any("enterprise-server@" in u for u in urls)
    for url in urls:
        status, body, _ = plain.get(url)
        assert status == 200, url
        assert body == (static_site / url_to_file(url)).read_bytes(), url
    status, body, headers = plain.get("/sitemap.xml")
    assert status == 200 and body == (static_site / "sitemap.xml").read_bytes()


def test_learning_track_and_graphql_pages_are_the_static_ones(plain, static_site):
    """Issue 13: an article opened with ?learn=<track> is the static page (docs.js shows the
    track from its data), and GraphQL reference pages render from the schema in the preview."""
    for url, query in (("/en/api/guides/paginating-results", "?learn=getting_started"),
                       ("/en/graphql/reference/objects", ""),
                       ("/en/enterprise-server@3.0/graphql/reference/queries", "")):
        status, body, _ = plain.get(url + query)
        assert status == 200, url
        assert body == (static_site / url_to_file(url)).read_bytes(), url
    status, body, _ = plain.get("/en/api/guides/paginating-results?learn=getting_started")
    assert b'id="learning-track-data"' in body


def test_not_found_pages_are_the_static_ones_with_status_404(plain, static_site):
    for url, built in (("/en/no/such/page", "en/404.html"), ("/ja/nope", "ja/404.html"),
                       ("/nothing-here", "404.html")):
        status, body, _ = plain.get(url)
        assert status == 404
        assert body == (static_site / built).read_bytes()


def test_live_pages_differ_from_the_build_only_by_the_reload_script(live, static_site):
    for url in ("/en", ARTICLE_URL, "/ja/hub/getting-started", "/en/enterprise-server@2.22/hub"):
        status, body, headers = live.get(url)
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert body.count(RELOAD_SCRIPT) == 1
        assert body.replace(RELOAD_SCRIPT, b"") == (static_site / url_to_file(url)).read_bytes()
        assert body.index(RELOAD_SCRIPT) + len(RELOAD_SCRIPT) == body.rindex(b"</body>")


def test_reload_script_goes_before_the_last_body_tag():
    assert inject_reload(b"<p></body>x</body>\n") == b"<p></body>x" + RELOAD_SCRIPT + b"</body>\n"
    assert inject_reload(b"no body") == b"no body" + RELOAD_SCRIPT


# -- redirects, 404, assets, HEAD -----------------------------------------------------------------


class Case(NamedTuple):
    path: str
    status: int
    location: str = ""


ROUTES = [
    Case("/", 301, "/en"),
    Case("/en/hub/", 301, "/en/hub"),
    Case("/en/hub/?q=x&y=1", 301, "/en/hub?q=x&y=1"),
    Case("/articles/quickstart", 301, "/en/hub/quickstart"),
    Case("/en/articles/quickstart?a=1", 301, "/en/hub/quickstart?a=1"),
    Case("/jp/hub", 301, "/ja/hub"),
    Case("/en/hub", 200),
    Case("/ja/hub/quickstart", 200),
    Case("/en/does/not/exist", 404),
    Case("/ja/does/not/exist", 404),
    Case("/404.html", 200),
    # the sample's redirect files and archive (builder.yml)
    Case("/v1/repositories", 301, "/en/api/reference/repositories"),
    Case("/v1/users/me?q=x", 301, "/en/api/reference/users?query=x#getting-the-signed-in-user"),
    Case("/status", 301, "https://status.example.com/"),
    Case("/en/enterprise/2.19/hub/x", 301, "https://archive.docs.example.com/2.19/en/enterprise/2.19/hub/x"),
    Case("/robots.txt", 200),
    Case("/categories.json", 200),
]


@pytest.mark.parametrize("case", ROUTES, ids=[c.path for c in ROUTES])
def test_routes(live, case):
    status, body, headers = live.get(case.path)
    assert status == case.status, body[:300]
    assert headers.get("location", "") == case.location


def test_deprecated_releases_answer_noindex(live):
    assert live.get("/enterprise-server@2.18/admin")[2].get("x-robots-tag") == "noindex"
    assert "x-robots-tag" not in live.get("/en/hub")[2]


def test_redirect_table_answers_301_to_real_pages(live):
    table = live.server.state.site.redirects
    for old in sorted(table.entries)[::400][:15]:
        status, _, headers = live.get(old)
        assert status == 301 and headers["location"] == table.entries[old], old
        assert live.get(headers["location"])[0] == 200


def test_static_assets(live):
    status, body, headers = live.get("/assets/images/lantern-logo.png")
    assert status == 200 and body == (live.source / "assets/images/lantern-logo.png").read_bytes()
    assert headers["content-type"] == "image/png"
    builtin = next(p for p in sorted(STATIC_DIR.iterdir()) if p.is_file())
    status, body, _ = live.get(f"/assets/{builtin.name}")
    assert status == 200 and body == builtin.read_bytes()
    assert live.get("/assets/images/missing.png")[0] == 404


def test_head_answers_headers_only(live):
    for path in (ARTICLE_URL, "/en/nope", "/", "/assets/images/lantern-logo.png"):
        get_status, get_body, get_headers = live.get(path)
        status, body, headers = live.get(path, "HEAD")
        assert (status, body) == (get_status, b""), path
        assert headers["content-length"] == str(len(get_body)) == get_headers["content-length"]
        assert headers.get("location") == get_headers.get("location")


# -- path safety -----------------------------------------------------------------------------------

TRAVERSALS = [
    "/../builder.yml", "/assets/../builder.yml", "/assets/../../etc/passwd",
    "/%2e%2e/builder.yml", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/%2E%2E%2Fbuilder.yml",
    "/assets/..%2fbuilder.yml", "/assets/..%5cbuilder.yml", "/assets//etc/passwd",
    "//etc/passwd", "/assets/%2fetc%2fpasswd", "/en/./hub", "/assets/images/%00.png",
    "/assets/..\\builder.yml", "/content/hub/index.md", "/builder.yml", "/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_site_are_404(live, path):
    conn = bench.http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    conn.request("GET", path)  # sent as written: no client-side normalisation
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 404, path
    assert b"title: " not in body and b"root:" not in body


def test_safe_path_table():
    assert safe_path(b"/en/hub") == "/en/hub"
    assert safe_path(b"/en/hub/") == "/en/hub/"
    assert safe_path(b"/assets/a%20b.png") == "/assets/a b.png"
    assert safe_path(b"/x/%252e%252e/y") == "/x/%2e%2e/y"  # decoded once: harmless text
    for bad in (b"/..", b"/a/%2E%2e/b", b"/a%2fb", b"/a%5Cb", b"//x", b"x", b"/a/./b", b"/a%00",
                b"/%ff", b"/a\x01b"):
        assert safe_path(bad) is None, bad


def test_binds_loopback_by_default(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    args = make_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 4000)
    assert args.run.__name__ == "cmd_serve"
    monkeypatch.setenv("PORT", "4321")
    args = make_parser().parse_args(["serve", "--source", "x", "--config", "y.yml", "--lang", "ja"])
    assert (args.port, args.source, args.config, args.lang) == (4321, Path("x"), Path("y.yml"),
                                                                 ["ja"])


# -- reload on save --------------------------------------------------------------------------------


def test_classify_sources(live):
    config = live.server.state.config
    path = live.source / "builder.yml"
    assert classify(config, path, path) == Source("config")
    assert classify(config, path, live.source / ARTICLE) == Source(
        "page", "en", ARTICLE.split("/", 1)[1])
    ja = live.source / "translations/ja-JP/content/hub/index.md"
    assert classify(config, path, ja) == Source("page", "ja", "hub/index.md")
    assert classify(config, path, live.source / REUSABLE).kind == "data"
    assert classify(config, path, live.source / "translations/ja-JP/data/ui.yml") == Source(
        "data", "ja", "ui.yml")
    assert classify(config, path, live.source / "content/README.md").kind == "other"
    assert classify(config, path, live.source / "assets/x.png").kind == "other"


def test_saving_an_article_reloads_it_and_only_it(live, stream):
    other = "/en/hub/working-with-repositories/comparing-branches"
    assert live.get(other)[0] == 200 and other in live.server.state.pages
    with Edit(live, ARTICLE) as edit:
        seconds = edit.save(stream, edit.original + "\n\nA sentence saved just now.\n")
        status, body, _ = live.get(ARTICLE_URL)
        assert status == 200 and b"A sentence saved just now." in body
        assert other in live.server.state.pages  # left alone
        timing = live.server.timings[-1]
        print(f"\nsave-to-reload, article: {seconds * 1000:.0f} ms at the client "
              f"(server: applied {timing.applied * 1000:.1f} ms, open page re-rendered "
              f"{timing.rendered * 1000:.1f} ms after detection)")  # a figure: make bench
        assert timing.notified == 1  # the one browser showing it
        # the article's URLs only: 6 versions (dotcom, server 3.0/2.22/2.21/2.20, ae) in
        # English and in Japanese (English standing in for the missing translation)
        assert timing.pages == 12
    assert b"A sentence saved just now." not in live.get(ARTICLE_URL)[1]


def test_saving_a_reusable_reloads_the_pages_using_it(live, stream):
    unrelated = "/en/hub/getting-started/about-lantern"
    live.get(unrelated)
    assert unrelated in live.server.state.pages
    with Edit(live, REUSABLE) as edit:
        seconds = edit.save(stream, "1. Open the repository's main page (edited).")
        for url in (ARTICLE_URL, "/en/hub/working-with-repositories/comparing-branches",
                    "/en/enterprise-server@3.0/hub/working-with-repositories/cloning-a-repository"):
            assert b"(edited)" in live.get(url)[1], url
        print(f"\nsave-to-reload, reusable: {seconds * 1000:.0f} ms at the client")  # make bench
        timing = live.server.timings[-1]
        assert timing.pages != -1 and timing.notified == 1  # not "everything"
        assert unrelated in live.server.state.pages, "a page not using the reusable stays cached"


def test_index_page_change_updates_the_navigation(live, stream):
    sibling = "/en/hub/working-with-repositories/about-branches"
    entry = b'sidebar-article"><a href="/en/hub/working-with-repositories/protecting-branches"'
    before = live.get(sibling)[1]
    assert entry in before
    with Edit(live, INDEX) as edit:
        text = edit.original.replace("    {% link_in_list /protecting-branches %}\n", "")
        assert text != edit.original
        edit.save(stream, text)
        assert entry not in live.get(sibling)[1]
        assert entry not in live.get("/ja" + sibling[3:])[1].replace(b"/ja/", b"/en/")
    assert live.get(sibling)[1] == before


def test_title_change_reaches_links_and_navigation(live, stream):
    sibling = "/en/hub/working-with-repositories/comparing-branches"
    assert b"Cloning a repository" in live.get(sibling)[1]
    with Edit(live, ARTICLE) as edit:
        edit.save(stream, edit.original.replace("title: Cloning a repository",
                                                "title: Copying a repository down", 1))
        assert b"Copying a repository down" in live.get(sibling)[1]


def test_bad_liquid_shows_an_error_page_then_fixing_reloads(live, stream):
    with Edit(live, ARTICLE) as edit:
        lines = edit.original.split("\n")
        body_start = lines.index("---", 1) + 1
        broken = lines[:body_start] + ["{% if currentVersion %}never closed"] + lines[body_start:]
        edit.save(stream, "\n".join(broken))
        status, body, _ = live.get(ARTICLE_URL)
        text = body.decode()
        assert status == 500
        assert f"working-with-repositories/cloning-a-repository.md:{body_start + 1}</h2>" in text
        assert "(liquid)" in text and "<span class=at>" in text
        assert RELOAD_SCRIPT.decode() in text
        assert live.get("/en/hub")[0] == 200  # the server keeps serving the rest
        edit.save(stream, edit.original)
        assert live.get(ARTICLE_URL)[0] == 200


def test_bad_frontmatter_shows_file_line_and_message(live, stream):
    with Edit(live, ARTICLE) as edit:
        edit.save(stream, edit.original.replace("versions:", "versions: [", 1))
        status, body, _ = live.get(ARTICLE_URL)
        assert status == 500
        text = body.decode()
        assert "YAML parsing error" in text
        assert re.search(r"hub/working-with-repositories/cloning-a-repository\.md:\d+</h2>", text)
        assert '<span class=at>' in text  # the offending line, shown among its neighbours
        edit.save(stream, edit.original.replace("title:", "titel:", 1))
        text = live.get(ARTICLE_URL)[1].decode()
        # the unknown key is a warning (logged); the error names the typo on its line
        assert "`title` is required" in text and "`titel` should be spelled `title`" in text
        assert "cloning-a-repository.md:2" in text
        edit.save(stream, edit.original)
        assert live.get(ARTICLE_URL)[0] == 200


def test_config_change_reloads_everything(live, stream):
    with Edit(live, "builder.yml") as edit:
        edit.save(stream, edit.original.replace("title: Lantern Docs", "title: Lantern Docs 2"))
        assert live.server.timings[-1].pages == -1
        assert live.get(ARTICLE_URL)[0] == 200
        edit.save(stream, edit.original + "\nno_such_option: 1\n")
        status, body, _ = live.get(ARTICLE_URL)
        assert status == 500 and b"no_such_option" in body and b"builder.yml" in body
        edit.save(stream, edit.original)
        assert live.get(ARTICLE_URL)[0] == 200


def test_broken_data_file_shows_its_error(live, stream):
    with Edit(live, "data/variables/product.yml") as edit:
        edit.save(stream, edit.original + "\nbroken: [\n")
        status, body, _ = live.get(ARTICLE_URL)
        assert status == 500 and b"cannot parse data file" in body
        assert b"data/variables/product.yml:" in body
        edit.save(stream, edit.original)
        assert live.get(ARTICLE_URL)[0] == 200


def test_saving_a_translation_reloads_that_page(live):
    url = "/ja/hub/getting-started/about-lantern"
    english = "/en/hub/getting-started/about-lantern"
    assert live.get(url)[0] == 200 and live.get(english)[0] == 200
    events = bench.EventStream(live.port, url)
    try:
        with Edit(live, "translations/ja-JP/content/hub/getting-started/about-lantern.md") as edit:
            edit.save(events, edit.original + "\n\n翻訳を保存しました。\n")
            assert "翻訳を保存しました。".encode() in live.get(url)[1]
            assert english in live.server.state.pages  # English is not re-rendered
    finally:
        events.close()


def test_translated_data_drops_only_the_pages_reading_it(live):
    url = "/ja/enterprise-server@3.0/hub/quickstart"  # uses variables.contact
    unrelated = "/ja/hub/getting-started/about-lantern"
    for page in (url, unrelated, "/en/hub/quickstart", ARTICLE_URL):
        assert live.get(page)[0] == 200
    events = bench.EventStream(live.port, url)
    try:
        sentence = "Your account is created for you by {}."  # English text, Japanese data
        assert sentence.format("サイト管理者").encode() in live.get(url)[1]
        with Edit(live, "translations/ja-JP/data/variables/contact.yml") as edit:
            edit.save(events, edit.original.replace("サイト管理者", "管理チーム"))
            timing = live.server.timings[-1]
            assert timing.pages > 0  # not "everything"
            body = live.get(url)[1]
            assert sentence.format("管理チーム").encode() in body
            for kept in (unrelated, ARTICLE_URL):
                assert kept in live.server.state.pages
    finally:
        events.close()


def test_editor_style_atomic_save(live, stream):
    """Editors that write a temporary file and rename it over the page work too."""
    with Edit(live, ARTICLE) as edit:
        temp = edit.path.with_name(".cloning-a-repository.md.tmp")
        temp.write_text(edit.original + "\n\nSaved by renaming.\n", encoding="utf-8")
        stream.drain()
        os.replace(temp, edit.path)
        stream.next("reload")
        assert b"Saved by renaming." in live.get(ARTICLE_URL)[1]


def test_new_page_appears(live, stream):
    new = live.source / "content/hub/working-with-repositories/brand-new.md"
    url = "/en/hub/working-with-repositories/brand-new"
    assert live.get(url)[0] == 404
    before = live.server.changes
    new.write_text("---\ntitle: Brand new\nversions:\n  free-pro-team: '*'\n---\n\nHello.\n",
                   encoding="utf-8")
    try:
        _applied(live, before + 1)
        status, body, _ = live.get(url)
        assert status == 200 and b"Hello." in body
    finally:
        before = live.server.changes
        new.unlink()
        _applied(live, before + 1)
    assert live.get(url)[0] == 404


# -- load -----------------------------------------------------------------------------------------


def test_survives_1000_requests_from_50_clients(live):
    paths = bench.url_mix(live.port, pages=60)
    result = bench.run_load(live.port, paths, requests=1000, concurrency=50)
    print("\n" + result.summary())
    assert not result.errors, result.errors[:5]
    assert len(result.latencies) == 1000
    assert set(result.statuses) <= {200, 301, 404}


def test_page_index_for_the_404_script_is_served(live):
    status, body = live.get("/en/page-index.json")[:2]
    assert status == 200
    assert b'"hub/getting-started/about-lantern":' in body
