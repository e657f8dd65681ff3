"""Publish to S3 or any S3-compatible storage (MinIO, R2, rclone serve s3, ...) with boto3.

What changed is found from one listing of the bucket: a single-part upload's ETag is the MD5 of
its bytes, so comparing it (and the size) with the site's files needs no request per object.
Each object also carries its MD5 as metadata (``x-amz-meta-content-md5``), read only for objects
whose ETag is not an MD5 (multipart uploads by other tools).  Redirect stubs are uploaded with
``WebsiteRedirectLocation``, which S3 website hosting answers with a 301; the stub's HTML body
serves hosts that ignore it.  Throttling, server errors and dropped connections are retried with
exponential backoff (botocore's "standard" retry mode, and the same rule in :mod:`.s3_put`).

boto3 does the listing (its pages read by :mod:`.s3_listing`), deletions and the rare uploads
:mod:`.s3_put` leaves to it; the uploads themselves go through :mod:`.s3_put`'s signed PUTs,
which cost a sixth of boto3's CPU per object.
"""

from __future__ import annotations

import base64
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

import boto3
import botocore.exceptions
from botocore.config import Config

from .plan import RemoteObject
from .run import PublishError
from .s3_listing import PAGE_KEY, ListingError, ListingPage, use_fast_listing
from .s3_put import BucketEndpoint, SignedPut, endpoint_from_listing, uses_proxy
from .site import SiteFile

_CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied",
                     "ExpiredToken", "InvalidToken", "InvalidClientTokenId", "Forbidden", "403"}
_URL_SAFE = "/@:!$&'()*+,;=-._~%"
# folder levels listed with a delimiter before the folders below are listed in parallel: one
# level keeps the request count near objects/1000 (a second level made the corpus ~10^4 small
# requests and its listing 20% slower against rclone; botocore's parsing is the CPU cost)
_FAN_OUT_LEVELS = 1
# files up to this size go through the signed-PUT fast path (read whole); larger ones through
# boto3, which streams them
_FAST_PUT_MAX = 64 << 20


@dataclass(frozen=True)
class S3Options:
    endpoint_url: str | None = None
    region: str | None = None
    profile: str | None = None
    workers: int = 16
    max_attempts: int = 8  # per request, first try included
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    # uploads through the lean signed-PUT path (s3_put.py) instead of boto3's put_object; it is
    # used only when boto3's own listing request was signed with SigV4 and no proxy applies
    fast_uploads: bool = True


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> ("bucket", "some/prefix/"); the prefix may be empty."""
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise PublishError(f"{url!r} is not an S3 address; write s3://BUCKET or s3://BUCKET/PREFIX")
    prefix = parsed.path.strip("/")
    return parsed.netloc, f"{prefix}/" if prefix else ""


def make_session(options: S3Options) -> boto3.session.Session:
    try:
        return boto3.session.Session(profile_name=options.profile, region_name=options.region)
    except botocore.exceptions.BotoCoreError as exc:
        raise PublishError(f"cannot set up the S3 client: {exc}") from exc


def make_client(options: S3Options, session: boto3.session.Session | None = None):
    """A thread-safe boto3 client; path-style addressing for custom endpoints (most
    S3-compatible servers do not answer bucket subdomains)."""
    session = session or make_session(options)
    config = Config(
        retries={"mode": "standard", "max_attempts": options.max_attempts},
        max_pool_connections=max(10, options.workers),
        connect_timeout=options.connect_timeout, read_timeout=options.read_timeout,
        s3={"addressing_style": "path" if options.endpoint_url else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    try:
        return session.client("s3", endpoint_url=options.endpoint_url, config=config)
    except botocore.exceptions.BotoCoreError as exc:
        raise PublishError(f"cannot set up the S3 client: {exc}") from exc


class S3Target:
    def __init__(self, url: str, options: S3Options | None = None):
        self.options = options or S3Options()
        self.bucket, self.prefix = parse_s3_url(url)
        self.label = f"s3://{self.bucket}/{self.prefix}"
        self.session = make_session(self.options)
        self.client = make_client(self.options, self.session)
        use_fast_listing(self.client)
        self._endpoint: BucketEndpoint | None = None
        self._fast_put: SignedPut | None = None
        self._fast_put_ready = False
        self._fast_put_lock = threading.Lock()
        self.client.meta.events.register("before-send.s3.ListObjectsV2", self._note_endpoint,
                                         unique_id="builder-publish-endpoint")

    def _note_endpoint(self, request, **_kwargs) -> None:
        """Keep the bucket URL and signing region of the last listing request boto3 signed
        (for fast PUTs): after a redirect to the bucket's region, that is the one that works."""
        self._endpoint = endpoint_from_listing(request.url, request.headers.get("Authorization"))

    # -- reading -------------------------------------------------------------------------------

    def remote_state(self) -> dict[str, RemoteObject]:
        """Every object under the prefix, from listings (one request per 1000 objects).

        The top folder is listed with a delimiter and each folder in it listed in parallel, so
        the ~200 requests of a 2*10^5-object site do not wait one after the other."""
        state: dict[str, RemoteObject] = {}
        try:
            with ThreadPoolExecutor(max_workers=self.options.workers) as pool:
                level = [self.prefix]
                for _depth in range(_FAN_OUT_LEVELS):
                    folders: list[str] = []
                    for objects, prefixes in pool.map(self._list_level, level):
                        self._record(state, objects)
                        folders += prefixes
                    level = folders
                for objects in pool.map(self._list_all, level):
                    self._record(state, objects)
            for rel, held in list(state.items()):
                if held.md5 is None:
                    state[rel] = RemoteObject(held.size, self._stored_md5(rel))
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError,
                ListingError) as exc:
            raise PublishError(self.explain(exc, f"listing {self.label}")) from exc
        return state

    def _pages(self, prefix: str, delimiter: str = "") -> list[ListingPage]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix, Delimiter=delimiter)
        return [page[PAGE_KEY] for page in pages]

    def _list_level(self, prefix: str) -> tuple[list[tuple[str, int, str]], list[str]]:
        """Objects directly in one folder, and its sub-folders."""
        objects, folders = [], []
        for page in self._pages(prefix, "/"):
            objects += page.objects
            folders += page.prefixes
        return objects, folders

    def _list_all(self, prefix: str) -> list[tuple[str, int, str]]:
        return [obj for page in self._pages(prefix) for obj in page.objects]

    def _record(self, state: dict[str, RemoteObject],
                objects: list[tuple[str, int, str]]) -> None:
        cut = len(self.prefix)
        for key, size, etag in objects:
            md5 = etag.lower() if len(etag) == 32 and "-" not in etag else None
            state[key[cut:]] = RemoteObject(size, md5)

    def _stored_md5(self, rel: str) -> str | None:
        head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + rel)
        metadata = {name.lower(): value for name, value in head.get("Metadata", {}).items()}
        return metadata.get("content-md5")  # names are case-insensitive; S3 lower-cases them

    # -- writing -------------------------------------------------------------------------------

    def upload(self, site: Path, file: SiteFile) -> None:
        key = self.prefix + file.rel
        try:
            fast = self._signed_put() if file.size <= _FAST_PUT_MAX else None
            if fast is not None:
                fast.put(key, (site / file.rel).read_bytes(), self._headers(file))
            else:
                self._boto3_put(site, file, key)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            raise PublishError(self.explain(exc, f"s3://{self.bucket}/{key}")) from exc

    def _headers(self, file: SiteFile) -> dict[str, str]:
        """The PutObject headers boto3 would send for :meth:`_boto3_put`'s parameters."""
        headers = {"Content-Type": file.content_type, "Cache-Control": file.cache_control,
                   "Content-MD5": base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"),
                   "x-amz-meta-content-md5": file.md5}
        if file.redirect_to is not None:
            headers["x-amz-website-redirect-location"] = quote(file.redirect_to,
                                                               safe=_URL_SAFE)
        return headers

    def _signed_put(self) -> SignedPut | None:
        """The fast PUT path, once boto3 has shown where the bucket is; None: use boto3."""
        if not self._fast_put_ready:
            with self._fast_put_lock:
                if not self._fast_put_ready:
                    self._fast_put = self._make_signed_put()
                    self._fast_put_ready = True
        return self._fast_put

    def _make_signed_put(self) -> SignedPut | None:
        if not self.options.fast_uploads:
            return None
        if self._endpoint is None:  # no listing yet: one small one shows the endpoint
            self.client.list_objects_v2(Bucket=self.bucket, Prefix=self.prefix, MaxKeys=1)
        credentials = self.session.get_credentials()
        if self._endpoint is None or credentials is None or uses_proxy(self._endpoint):
            return None
        return SignedPut(self._endpoint, credentials.get_frozen_credentials,
                         self.options.max_attempts, self.options.read_timeout)

    def _boto3_put(self, site: Path, file: SiteFile, key: str) -> None:
        extra = {}
        if file.redirect_to is not None:
            extra["WebsiteRedirectLocation"] = quote(file.redirect_to, safe=_URL_SAFE)
        with open(site / file.rel, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket, Key=key, Body=body, ContentType=file.content_type,
                CacheControl=file.cache_control, Metadata={"content-md5": file.md5},
                ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"),
                **extra)

    def delete(self, rels: list[str]) -> None:
        objects = [{"Key": self.prefix + rel} for rel in rels]
        try:
            answer = self.client.delete_objects(Bucket=self.bucket,
                                                Delete={"Objects": objects, "Quiet": True})
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as exc:
            raise PublishError(self.explain(exc, f"deleting from {self.label}")) from exc
        errors = answer.get("Errors") or []
        if errors:
            first = errors[0]
            raise PublishError(f"s3://{self.bucket}/{first.get('Key')}: {first.get('Code')} "
                               f"{first.get('Message', '')} ({len(errors)} deletions refused)")

    # -- errors --------------------------------------------------------------------------------

    def explain(self, exc: Exception, what: str) -> str:
        """The error in words, naming the object and what to do."""
        where = self.options.endpoint_url or "AWS"
        if isinstance(exc, botocore.exceptions.NoCredentialsError):
            return (f"{what}: no credentials found. Set AWS_ACCESS_KEY_ID and "
                    "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE / --profile for a profile in "
                    "~/.aws/credentials")
        if isinstance(exc, botocore.exceptions.ProfileNotFound):
            return f"{what}: {exc}; check --profile / AWS_PROFILE against ~/.aws/config"
        if isinstance(exc, (botocore.exceptions.EndpointConnectionError,
                            botocore.exceptions.ConnectionClosedError,
                            botocore.exceptions.ReadTimeoutError,
                            botocore.exceptions.ConnectTimeoutError)):
            return (f"{what}: cannot reach {where} ({exc}) after "
                    f"{self.options.max_attempts} attempts. Check --endpoint-url and the "
                    "network, then run the same command again")
        if isinstance(exc, botocore.exceptions.ClientError):
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            message = error.get("Message", "")
            if code == "NoSuchBucket":
                return (f"{what}: bucket {self.bucket!r} does not exist at {where}. Create it "
                        "first, or check the bucket name and --endpoint-url / --region")
            if code in _CREDENTIAL_CODES:
                return (f"{what}: the server refused the credentials ({code}: {message}). Check"
                        " AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the profile) and that "
                        f"they may write to bucket {self.bucket!r}")
            if code in {"SlowDown", "Throttling", "503", "500", "InternalError"}:
                return (f"{what}: the server is throttling or failing ({code}: {message}) "
                        f"after {self.options.max_attempts} attempts; run again later")
            return f"{what}: {code}: {message}"
        return f"{what}: {exc}"
