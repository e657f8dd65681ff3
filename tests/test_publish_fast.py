"""The publish fast paths: listing pages parsed outside botocore, signed PUTs outside boto3,
and the record of file hashes; each checked against a real rclone serve s3 or botocore itself."""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from builder.publish import hash_record
from builder.publish.run import PublishError, publish_files
from builder.publish.s3 import S3Options, S3Target
from builder.publish.s3_listing import PAGE_KEY, ListingError, parse_listing, use_fast_listing
from builder.publish.s3_put import BucketEndpoint, endpoint_from_listing, sign
from builder.publish.site import Kind, SiteFile, scan_site

from .publish_site import write_site
from .rclone_s3 import ACCESS_KEY, SECRET_KEY, RcloneS3

BUCKET = "site"
# keys a URL-encoded listing must give back exactly: spaces, "+", "%", "&", non-ASCII
ODD_KEYS = ["docs/a b/c+d.html", "docs/ja/日本語/index.html", "docs/x%y/&<amp>.txt",
            "docs/p/q r+s/t", "docs/plus+/index.html", "docs/é/ü ñ.css"]


@pytest.fixture(autouse=True)
def aws_env(monkeypatch, tmp_path):
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "HTTP_PROXY",
                 "http_proxy", "HTTPS_PROXY", "https_proxy"):
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


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


# -- listing ------------------------------------------------------------------------------------

def test_listing_gives_odd_keys_back_exactly_across_pages(server):
    client = server.client()
    bodies = {key: f"body of {key}".encode() for key in ODD_KEYS}
    for key, body in bodies.items():
        client.put_object(Bucket=BUCKET, Key=key, Body=body)
    use_fast_listing(client)
    pages = list(client.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3
    listed = [obj for page in pages for obj in page[PAGE_KEY].objects]
    assert sorted(key for key, _size, _etag in listed) == sorted(ODD_KEYS)
    for key, size, etag in listed:
        assert (size, etag) == (len(bodies[key]), md5(bodies[key]))
    assert all("Contents" not in page for page in pages)  # botocore parsed nothing itself


def test_remote_state_reads_odd_keys_under_a_prefix(server):
    client = server.client()
    for key in ODD_KEYS + ["other/outside.txt"]:
        client.put_object(Bucket=BUCKET, Key=key, Body=key.encode())
    target = S3Target(f"s3://{BUCKET}/docs", S3Options(endpoint_url=server.endpoint))
    state = target.remote_state()
    assert set(state) == {key[len("docs/"):] for key in ODD_KEYS}
    held = state["ja/日本語/index.html"]
    assert (held.size, held.md5) == (len(ODD_KEYS[1].encode()), md5(ODD_KEYS[1].encode()))


def test_folders_are_listed_with_a_delimiter(server):
    client = server.client()
    for key in ODD_KEYS:
        client.put_object(Bucket=BUCKET, Key=key, Body=b"x")
    use_fast_listing(client)
    page = client.list_objects_v2(Bucket=BUCKET, Prefix="docs/", Delimiter="/")[PAGE_KEY]
    assert page.objects == []
    assert sorted(page.prefixes) == sorted(
        {"docs/a b/", "docs/ja/", "docs/x%y/", "docs/p/", "docs/plus+/", "docs/é/"})


def test_parse_listing_plain_and_encoded():
    ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
    plain = (f'<ListBucketResult {ns}><IsTruncated>true</IsTruncated>'
             '<Contents><Key>a+b c</Key><Size>7</Size><ETag>"abc"</ETag></Contents>'
             '<NextContinuationToken>tok</NextContinuationToken></ListBucketResult>').encode()
    page = parse_listing(plain)
    assert page.objects == [("a+b c", 7, "abc")]
    assert page.truncated and page.next_token == "tok"
    encoded = (f'<ListBucketResult {ns}><EncodingType>url</EncodingType>'
               '<Contents><Key>a+b%2Bc</Key><Size>1</Size><ETag>e</ETag></Contents>'
               '<CommonPrefixes><Prefix>d+%C3%A9/</Prefix></CommonPrefixes>'
               '<IsTruncated>false</IsTruncated></ListBucketResult>').encode()
    page = parse_listing(encoded)
    assert page.objects == [("a b+c", 1, "e")] and page.prefixes == ["d é/"]
    assert not page.truncated and page.next_token is None
    with pytest.raises(ListingError):
        parse_listing(b"<Error><Code>X</Code></Error>")
    with pytest.raises(ListingError):
        parse_listing(b"<ListBucketResult><Contents><Size>1</Size>")


# -- signed PUTs --------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["en/a b/c+d.html", "ja/日本語/index.html", "x%y/~t.txt"])
@pytest.mark.parametrize("token", [None, "session-token-1"])
def test_signature_matches_botocore(key, token, monkeypatch):
    """Our SigV4 for a PutObject equals what botocore's own signer gives the same request."""
    credentials = Credentials("AKIDEXAMPLE", "secret/key+1", token).get_frozen_credentials()
    now = datetime.datetime(2026, 11, 30, 10, 0, 5, tzinfo=datetime.timezone.utc)
    endpoint = BucketEndpoint("http", "127.0.0.1:9000", "/site/", "eu-west-1", "s3")
    body = b"<html>page</html>"
    headers = {"Content-Type": "text/html; charset=utf-8",
               "Cache-Control": "public, max-age=300, must-revalidate",
               "Content-MD5": "abc==", "x-amz-meta-content-md5": md5(body),
               "x-amz-website-redirect-location": "/en/page", "Content-Length": str(len(body))}
    path = endpoint.path_of(key)
    ours = sign("PUT", endpoint, path, headers, hashlib.sha256(body).hexdigest(), credentials,
                now)

    request = AWSRequest("PUT", f"http://127.0.0.1:9000{path}", data=body,
                         headers=dict(headers, Host="127.0.0.1:9000"))
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: now.replace(tzinfo=None))
    S3SigV4Auth(credentials, "s3", "eu-west-1").add_auth(request)
    assert ours["Authorization"] == request.headers["Authorization"]
    assert ours["X-Amz-Content-SHA256"] == request.headers["X-Amz-Content-SHA256"]


def test_endpoint_is_read_from_the_signed_listing():
    auth = ("AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/s3/aws4_request, "
            "SignedHeaders=host, Signature=0")
    path_style = endpoint_from_listing("http://127.0.0.1:9000/site?list-type=2&prefix=", auth)
    assert path_style == BucketEndpoint("http", "127.0.0.1:9000", "/site/", "eu-west-1", "s3")
    virtual = endpoint_from_listing("https://site.s3.eu-west-1.amazonaws.com/?list-type=2",
                                    auth.encode())
    assert virtual.base_path == "/" and virtual.path_of("a b/ü") == "/a%20b/%C3%BC"
    assert endpoint_from_listing("http://h/site?list-type=2", None) is None


def odd_site(root: Path) -> dict[str, bytes]:
    files = {"a b/c+d.html": b"<p>space and plus</p>", "ja/日本語/index.html": "<p>日本語</p>".encode(),
             "x%y/&amp.txt": b"percent", "plus+/index.html": b"<p>plus</p>",
             "big/blob.pdf": os.urandom(200_000)}
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return files


@pytest.mark.parametrize("fast", [True, False])
def test_both_upload_paths_store_the_same_objects(server, tmp_path, fast):
    root = tmp_path / "site"
    files = odd_site(root)
    files.update({rel: (root / rel).read_bytes() for rel in write_site(root)})
    target = S3Target(f"s3://{BUCKET}/docs", S3Options(endpoint_url=server.endpoint, workers=4,
                                                       fast_uploads=fast))
    _plan, result = publish_files(root, target, workers=4)
    assert result.uploaded_count == len(files)
    assert (target._fast_put is not None) == fast
    listing = server.listing(BUCKET)
    assert listing == {f"docs/{rel}": (len(data), md5(data)) for rel, data in files.items()}
    client = server.client()
    page = client.get_object(Bucket=BUCKET, Key="docs/ja/日本語/index.html")
    assert page["Body"].read() == files["ja/日本語/index.html"]
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300, must-revalidate"
    # metadata names are case-insensitive (S3 lower-cases them; rclone keeps the wire's case)
    assert {name.lower(): value for name, value in page["Metadata"].items()} == \
        {"content-md5": md5(files["ja/日本語/index.html"])}
    stub = client.head_object(Bucket=BUCKET, Key="docs/old/guide-1/index.html")
    assert stub["WebsiteRedirectLocation"] == "/en/guide-1"
    assert client.head_object(Bucket=BUCKET, Key="docs/big/blob.pdf")["ContentType"] == \
        "application/pdf"
    assert publish_files(root, target, workers=4)[1].uploaded_count == 0


def test_refused_upload_names_the_object(server, tmp_path):
    root = tmp_path / "site"
    (root / "en").mkdir(parents=True)
    (root / "en/page.html").write_bytes(b"<p>now</p>")
    target = S3Target(f"s3://{BUCKET}/docs", S3Options(endpoint_url=server.endpoint,
                                                       max_attempts=2))
    target.remote_state()
    wrong = SiteFile("en/page.html", Kind.PAGE, 10, md5(b"<p>then</p>"),
                     "text/html; charset=utf-8", "public, max-age=300")
    with pytest.raises(PublishError) as refused:
        target.upload(root, wrong)  # Content-MD5 of other bytes: the server must refuse it
    assert f"s3://{BUCKET}/docs/en/page.html" in str(refused.value)
    assert "BadDigest" in str(refused.value) or "InvalidDigest" in str(refused.value)
    assert server.listing(BUCKET) == {}


def test_unreachable_server_fails_clearly(server, tmp_path):
    root = tmp_path / "site"
    (root / "en").mkdir(parents=True)
    (root / "en/page.html").write_bytes(b"<p>x</p>")
    target = S3Target(f"s3://{BUCKET}/docs", S3Options(endpoint_url=server.endpoint,
                                                       max_attempts=2))
    target.remote_state()
    server.stop()
    file = SiteFile("en/page.html", Kind.PAGE, 8, md5(b"<p>x</p>"), "text/html; charset=utf-8",
                    "public, max-age=300")
    with pytest.raises(PublishError) as failed:
        target.upload(root, file)
    assert f"s3://{BUCKET}/docs/en/page.html: cannot reach {server.endpoint}" in \
        str(failed.value)
    assert "after 2 attempts" in str(failed.value)


# -- the record of file hashes ------------------------------------------------------------------

@pytest.fixture
def no_racy_window(monkeypatch):
    """Files written by the test are seconds old at most: let the record vouch for them."""
    monkeypatch.setattr(hash_record, "_RACY_NS", 0)


def counting_md5(monkeypatch) -> list[str]:
    hashed: list[str] = []
    real = hash_record.file_md5

    def count(path: str):
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(hash_record, "file_md5", count)
    return hashed


def test_record_spares_hashing_unchanged_files(tmp_path, monkeypatch, no_racy_window):
    root = tmp_path / "site"
    write_site(root)
    first = {f.rel: f.md5 for f in scan_site(root)}
    assert hash_record.record_path(root).is_file()
    assert not hash_record.record_path(root).is_relative_to(root)  # never published
    hashed = counting_md5(monkeypatch)
    again = {f.rel: f.md5 for f in scan_site(root)}
    assert again == first and hashed == []
    assert first["en/guide-3/index.html"] == md5((root / "en/guide-3/index.html").read_bytes())


def test_record_sees_a_change_that_keeps_size_and_mtime(tmp_path, monkeypatch, no_racy_window):
    root = tmp_path / "site"
    write_site(root)
    page = root / "en/guide-3/index.html"
    scan_site(root)
    before = page.stat()
    data = page.read_bytes()
    changed = data.replace(b"<h1>", b"<h2>", 1).replace(b"</h1>", b"</h2>", 1)
    assert len(changed) == len(data) and changed != data
    page.write_bytes(changed)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime as it was
    hashed = counting_md5(monkeypatch)
    files = {f.rel: f.md5 for f in scan_site(root)}
    assert files["en/guide-3/index.html"] == md5(changed)
    assert hashed == [str(page)]


def test_new_and_removed_files_and_a_broken_record(tmp_path, monkeypatch, no_racy_window):
    root = tmp_path / "site"
    write_site(root)
    scan_site(root)
    (root / "en/guide-4/index.html").unlink()
    (root / "en/new/index.html").parent.mkdir(parents=True)
    (root / "en/new/index.html").write_bytes(b"<p>new</p>")
    hashed = counting_md5(monkeypatch)
    files = {f.rel: f.md5 for f in scan_site(root)}
    assert "en/guide-4/index.html" not in files and files["en/new/index.html"] == \
        md5(b"<p>new</p>")
    assert hashed == [str(root / "en/new/index.html")]
    hash_record.record_path(root).write_bytes(b"not a record")
    hashed.clear()
    assert {f.rel: f.md5 for f in scan_site(root)} == files
    assert len(hashed) == len(files)  # everything hashed again, nothing wrong


def test_recent_files_are_not_vouched_for(tmp_path, monkeypatch):
    root = tmp_path / "site"
    write_site(root)
    scan_site(root)  # every file is seconds old: within the racy window
    hashed = counting_md5(monkeypatch)
    scan_site(root)
    assert len(hashed) == sum(1 for p in root.rglob("*") if p.is_file())


def test_error_or_cut_listing_in_a_200_becomes_a_retried_server_error():
    """botocore's own check for errors inside a "200 OK" is replaced on our client: the
    listing handler must turn such answers into a 500, which botocore retries."""
    from builder.publish.s3_listing import _parse_page

    for body in (b"<Error><Code>InternalError</Code></Error>",
                 b'<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Conte'):
        response = {"status_code": 200, "body": body, "headers": {}}
        custom: dict = {}
        _parse_page(response_dict=response, customized_response_dict=custom)
        assert response["status_code"] == 500 and custom == {}


def test_folder_target_reads_only_changed_destination_files(tmp_path, monkeypatch,
                                                            no_racy_window):
    from builder.publish.folder import FolderTarget

    root, dest = tmp_path / "site", tmp_path / "www"
    write_site(root)
    publish_files(root, FolderTarget(dest, root))
    FolderTarget(dest, root).remote_state()  # records the destination as it now is
    hashed = counting_md5(monkeypatch)
    state = FolderTarget(dest, root).remote_state()
    assert hashed == [] and len(state) == len(scan_site(root))
    # a file changed behind the publisher's back is read again, and its new MD5 counts
    victim = next(p for p in sorted(dest.rglob("*.html")))
    victim.write_text("changed by hand", encoding="utf-8")
    state = FolderTarget(dest, root).remote_state()
    assert hashed == [str(victim)]
    rel = victim.relative_to(dest).as_posix()
    assert state[rel].md5 == hashlib.md5(b"changed by hand").hexdigest()
    assert not any(p.name.startswith(".publish-md5") for p in dest.rglob("*"))  # never in it
