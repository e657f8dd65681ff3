"""Publishing to S3, against a real S3-compatible server started here (rclone serve s3)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.cli import main
from builder.publish.run import PublishError, publish_files
from builder.publish.s3 import S3Options, S3Target

from .publish_site import REDIRECTS, write_site
from .rclone_s3 import ACCESS_KEY, SECRET_KEY, RcloneS3

BUCKET = "site"


@pytest.fixture(autouse=True)
def aws_env(monkeypatch, tmp_path):
    """Credentials from the environment only: no profile or config of the machine's user."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture
def server(tmp_path):
    s3 = RcloneS3(tmp_path / "s3", buckets=(BUCKET,)).start()
    yield s3
    s3.stop()


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    files = write_site(root)
    return root, files


def publish(server: RcloneS3, site: Path, prefix: str = "docs", **kwargs):
    options = S3Options(endpoint_url=server.endpoint, workers=4, max_attempts=2)
    target = S3Target(f"s3://{BUCKET}/{prefix}", options)
    return publish_files(site, target, workers=4, **kwargs)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def test_first_publish_uploads_everything_with_types_and_cache(server, site):
    root, files = site
    plan, result = publish(server, root)
    assert result.uploaded_count == len(files)
    assert result.uploaded == {"assets": 3, "pages": 43, "indexes": 4, "redirects": 4}
    listing = server.listing(BUCKET)
    assert set(listing) == {f"docs/{rel}" for rel in files}
    for rel in files:
        assert listing[f"docs/{rel}"] == ((root / rel).stat().st_size,
                                          md5((root / rel).read_bytes()))
    client = server.client()
    expected = {
        "en/guide-1/index.html": ("text/html; charset=utf-8", "public, max-age=300"),
        "assets/docs.css": ("text/css; charset=utf-8", "public, max-age=3600"),
        "assets/app.3f2a9c1d.js": ("text/javascript; charset=utf-8", "max-age=31536000"),
        "assets/images/logo.png": ("image/png", "public, max-age=3600"),
        "sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=300"),
        "en/page-index.json": ("application/json; charset=utf-8", "public, max-age=300"),
    }
    for rel, (ctype, cache) in expected.items():
        head = client.head_object(Bucket=BUCKET, Key=f"docs/{rel}")
        assert head["ContentType"] == ctype, rel
        assert cache in head["CacheControl"], rel
    assert "immutable" in client.head_object(Bucket=BUCKET,
                                             Key="docs/assets/app.3f2a9c1d.js")["CacheControl"]


def test_second_publish_without_change_uploads_nothing(server, site):
    root, files = site
    publish(server, root)
    plan, result = publish(server, root)
    assert result.uploaded_count == 0 and plan.uploads == []
    assert result.skipped == len(files)


def test_one_edited_page_uploads_one_object(server, site):
    root, _files = site
    publish(server, root)
    page = root / "en/guide-7/index.html"
    page.write_text(page.read_text().replace("<h1>", "<h1>Edited: "))
    plan, result = publish(server, root)
    assert [f.rel for f in plan.uploads] == ["en/guide-7/index.html"]
    assert result.uploaded == {"pages": 1}
    body = server.client().get_object(Bucket=BUCKET, Key="docs/en/guide-7/index.html")["Body"]
    assert b"Edited: " in body.read()


def test_removed_page_is_deleted_only_with_delete(server, site):
    root, files = site
    publish(server, root)
    (root / "en/guide-4/index.html").unlink()
    plan, result = publish(server, root)
    assert plan.deletions == ["en/guide-4/index.html"] and result.deleted == 0
    assert result.kept == 1
    assert "docs/en/guide-4/index.html" in server.listing(BUCKET)
    plan, result = publish(server, root, delete=True)
    assert result.deleted == 1 and result.uploaded_count == 0
    assert set(server.listing(BUCKET)) == {f"docs/{rel}" for rel in files} - {
        "docs/en/guide-4/index.html"}


def test_objects_outside_the_prefix_are_never_deleted(server, site):
    root, _files = site
    server.client().put_object(Bucket=BUCKET, Key="other/keep.txt", Body=b"mine")
    publish(server, root, delete=True)
    assert "other/keep.txt" in server.listing(BUCKET)


def test_redirect_objects_carry_their_location(server, site):
    root, _files = site
    publish(server, root)
    client = server.client()
    for key, target in REDIRECTS.items():
        rel = "index.html" if key == "/" else f"{key.strip('/')}/index.html"
        obj = client.get_object(Bucket=BUCKET, Key=f"docs/{rel}")
        assert obj["WebsiteRedirectLocation"] == target
        assert obj["Body"].read() == (root / rel).read_bytes()  # the stub, for other hosts
    page = client.head_object(Bucket=BUCKET, Key="docs/en/guide-1/index.html")
    assert "WebsiteRedirectLocation" not in page


def test_dry_run_prints_the_plan_and_changes_nothing(server, site, capsys):
    root, files = site
    code = main(["publish", "--site", str(root), "--to", f"s3://{BUCKET}/docs",
                 "--endpoint-url", server.endpoint, "--dry-run"])
    assert code == 0
    out = capsys.readouterr().out
    assert "upload pages: 43" in out and "upload redirects: 4" in out
    assert "upload redirect old/guide-1/index.html -> /en/guide-1" in out
    assert "upload page     en/guide-9/index.html" in out
    assert server.listing(BUCKET) == {}


def test_cli_publish_and_summary(server, site, capsys):
    root, files = site
    args = ["publish", "--site", str(root), "--to", f"s3://{BUCKET}",
            "--endpoint-url", server.endpoint]
    assert main(args) == 0
    assert f"uploaded {len(files)} files" in capsys.readouterr().err
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "uploaded 0 files" in err and f"unchanged {len(files)}" in err


def test_wrong_credentials_fail_clearly(server, site, monkeypatch, capsys):
    root, _files = site
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    code = main(["publish", "--site", str(root), "--to", f"s3://{BUCKET}/docs",
                 "--endpoint-url", server.endpoint])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "the server refused the credentials (SignatureDoesNotMatch" in err
    assert "Check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY" in err
    assert server.listing(BUCKET) == {}


def test_missing_bucket_fails_clearly(server, site, capsys):
    root, _files = site
    code = main(["publish", "--site", str(root), "--to", "s3://no-such-bucket/docs",
                 "--endpoint-url", server.endpoint])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert "bucket 'no-such-bucket' does not exist at " + server.endpoint in err
    assert "Create it first" in err


def test_missing_site_fails_clearly(server, tmp_path, capsys):
    code = main(["publish", "--site", str(tmp_path / "nothing"), "--to", f"s3://{BUCKET}",
                 "--endpoint-url", server.endpoint])
    assert code == 1
    assert "no built site there" in capsys.readouterr().err


def test_interrupted_publish_converges(tmp_path, site):
    """Stop the server halfway through the pages, restart it on the same folder, publish
    again: the bucket holds what an uninterrupted publish leaves, and while interrupted no
    redirect pointed at a page that had not arrived."""
    root, files = site
    whole = RcloneS3(tmp_path / "whole", buckets=(BUCKET,)).start()
    try:
        publish(whole, root)
        expected = whole.listing(BUCKET)
    finally:
        whole.stop()

    broken = RcloneS3(tmp_path / "broken", buckets=(BUCKET,)).start()
    pages_done = []

    def stop_halfway(file, _size):
        if file is not None and file.kind.label == "pages":
            pages_done.append(file.rel)
            if len(pages_done) == 15:
                broken.stop()

    try:
        with pytest.raises(PublishError) as failed:
            publish(broken, root, progress=stop_halfway)
        assert "failed" in str(failed.value) and "pages phase" in str(failed.value)
        assert "run the same command again" in str(failed.value)
        broken.start()  # same folder, same port
        partial = broken.listing(BUCKET)
        assert 0 < len(partial) < len(files)
        assert not any(key.startswith(("docs/old/", "docs/jp/")) for key in partial)
        plan, result = publish(broken, root)
        assert 0 < result.uploaded_count < len(files)
        assert result.uploaded["redirects"] == len(REDIRECTS)
        assert broken.listing(BUCKET) == expected
        for key in expected:
            assert (tmp_path / "broken" / BUCKET / key).read_bytes() == \
                (tmp_path / "whole" / BUCKET / key).read_bytes()
        assert publish(broken, root)[1].uploaded_count == 0
    finally:
        broken.stop()


class ThrottlingProxy:
    """An HTTP proxy on 127.0.0.1 in front of the server that answers every third upload with
    503 SlowDown (as S3 does under load) and forwards everything else unchanged (the Host
    header included, so request signatures still match)."""

    def __init__(self, upstream_port: int):
        import http.client
        import http.server
        import threading

        proxy = self
        self.throttled = 0
        self.puts = 0
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "PUT":
                    with proxy.lock:
                        proxy.puts += 1
                        throttle = proxy.puts % 3 == 0
                        proxy.throttled += throttle
                    if throttle:
                        answer = (b"<?xml version=\"1.0\"?><Error><Code>SlowDown</Code>"
                                  b"<Message>Please reduce your request rate.</Message></Error>")
                        self.send_response(503)
                        self.send_header("Content-Type", "application/xml")
                        self.send_header("Content-Length", str(len(answer)))
                        self.end_headers()
                        self.wfile.write(answer)
                        return
                conn = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                conn.putrequest(self.command, self.path, skip_host=True,
                                skip_accept_encoding=True)
                for name, value in self.headers.items():
                    conn.putheader(name, value)
                conn.endheaders(body)
                reply = conn.getresponse()
                data = reply.read()
                self.send_response(reply.status)
                for name, value in reply.getheaders():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_throttled_uploads_are_retried_with_backoff(server, site):
    root, files = site
    with ThrottlingProxy(server.port) as proxy:
        target = S3Target(f"s3://{BUCKET}/docs", S3Options(endpoint_url=proxy.endpoint,
                                                           workers=4, max_attempts=4))
        _plan, result = publish_files(root, target, workers=4)
    assert proxy.throttled >= len(files) // 3  # every third upload was refused once at least
    assert result.uploaded_count == len(files)
    listing = server.listing(BUCKET)
    assert {k: v[1] for k, v in listing.items()} == {
        f"docs/{rel}": md5((root / rel).read_bytes()) for rel in files}
