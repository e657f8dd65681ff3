"""The upload hot loop: signed PutObject requests over one kept-alive connection per thread.

boto3's put_object spends ~2.7 ms of CPU per object on this machine (its event hooks,
email-based header objects, parameter validation), and botocore's SigV4 signer alone ~0.6 ms;
a first publish of the corpus is 2.2*10^5 PUTs, so that was ~10 minutes of CPU before the
server did anything.  This module sends the same request (same headers, SigV4 as botocore
signs a streaming PutObject: the payload's SHA-256 over http, ``UNSIGNED-PAYLOAD`` with
Content-MD5 over https) for ~0.3 ms.  boto3 still resolves everything else: credentials (asked
again for every request, so refreshing ones keep working), and the bucket's URL and signing
region, read from the signed listing request boto3 sent first (:func:`endpoint_from_listing`).
Errors come back as botocore's own exceptions, so they are explained the same way.

Retries follow botocore's "standard" mode: throttling, 5xx answers and dropped connections are
tried again up to ``max_attempts`` times in all, after ``random() * 2**attempt`` seconds (at
most 20).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import http.client
import os
import random
import ssl
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote, urlsplit
from urllib.request import getproxies, proxy_bypass

import botocore.exceptions

_ALGORITHM = "AWS4-HMAC-SHA256"
_RETRY_STATUS = {429, 500, 502, 503, 504}
_RETRY_CODES = {"SlowDown", "Throttling", "ThrottlingException", "RequestTimeout",
                "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable",
                "RequestLimitExceeded", "TooManyRequestsException"}
_MAX_BACKOFF = 20.0


@dataclass(frozen=True)
class BucketEndpoint:
    """Where a bucket's objects are and how requests to it are signed."""

    scheme: str  # "http" or "https"
    netloc: str  # "127.0.0.1:9000", "bucket.s3.eu-west-1.amazonaws.com"
    base_path: str  # "/bucket/" (path style) or "/" (virtual host)
    region: str  # signing region
    service: str  # signing name, "s3"

    def path_of(self, key: str) -> str:
        """The request path of a key: every byte but unreserved ones and "/" percent-encoded,
        which is also its SigV4 canonical form (S3 paths are not normalised)."""
        return self.base_path + quote(key, safe="/~")


def endpoint_from_listing(url: str, authorization: str | bytes | None) -> BucketEndpoint | None:
    """The bucket endpoint from a signed ListObjectsV2 request boto3 made, or None when it was
    not signed with SigV4 (anonymous, SigV4a): then uploads stay with boto3."""
    if isinstance(authorization, bytes):
        authorization = authorization.decode("latin-1")
    if not authorization or not authorization.startswith(_ALGORITHM + " "):
        return None
    credential = authorization.split("Credential=", 1)[-1].split(",", 1)[0]
    scope = credential.split("/")
    if len(scope) != 5:
        return None
    parts = urlsplit(url)
    base = parts.path.rstrip("/") + "/"
    return BucketEndpoint(parts.scheme, parts.netloc, base, scope[2], scope[3])


def uses_proxy(endpoint: BucketEndpoint) -> bool:
    """Whether the environment sends this endpoint through a proxy (boto3 handles those)."""
    host = endpoint.netloc.rsplit("@", 1)[-1]
    return endpoint.scheme in getproxies() and not proxy_bypass(host.split(":")[0])


def sign(method: str, endpoint: BucketEndpoint, path: str, headers: dict[str, str],
         payload_hash: str, credentials: Any, now: datetime.datetime) -> dict[str, str]:
    """``headers`` plus Host, X-Amz-Date, X-Amz-Content-SHA256, the session token if any, and
    the SigV4 Authorization over all of them (no query string)."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    out = dict(headers)
    out["Host"] = endpoint.netloc
    out["X-Amz-Date"] = stamp
    out["X-Amz-Content-SHA256"] = payload_hash
    if credentials.token:
        out["X-Amz-Security-Token"] = credentials.token
    canonical = {name.lower(): " ".join(str(value).split()) for name, value in out.items()}
    names = sorted(canonical)
    signed = ";".join(names)
    request = "\n".join([method, path, "", "".join(f"{n}:{canonical[n]}\n" for n in names),
                         signed, payload_hash])
    scope = f"{day}/{endpoint.region}/{endpoint.service}/aws4_request"
    to_sign = "\n".join([_ALGORITHM, stamp, scope,
                         hashlib.sha256(request.encode("utf-8")).hexdigest()])
    key = _signing_key(credentials.secret_key, day, endpoint.region, endpoint.service)
    signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    out["Authorization"] = (f"{_ALGORITHM} Credential={credentials.access_key}/{scope}, "
                            f"SignedHeaders={signed}, Signature={signature}")
    return out


@functools.lru_cache(maxsize=8)  # one per day and credentials: four HMACs spared per request
def _signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret}".encode("utf-8")
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


class SignedPut:
    """PutObject without boto3's per-request machinery; one HTTP connection per thread."""

    def __init__(self, endpoint: BucketEndpoint, credentials: Callable[[], Any],
                 max_attempts: int = 8, timeout: float = 60.0):
        self.endpoint = endpoint
        self.credentials = credentials  # () -> frozen credentials (access_key, secret, token)
        self.max_attempts = max(1, max_attempts)
        self.timeout = timeout  # seconds to connect, and to wait for each answer
        self._local = threading.local()
        self._ssl = ssl.create_default_context(cafile=os.environ.get("AWS_CA_BUNDLE") or None) \
            if endpoint.scheme == "https" else None

    def put(self, key: str, body: bytes, headers: dict[str, str]) -> None:
        """Upload body to key with these headers; raises botocore's ClientError (the server
        said no) or EndpointConnectionError (no answer) after the last attempt."""
        path = self.endpoint.path_of(key)
        payload = "UNSIGNED-PAYLOAD" if self.endpoint.scheme == "https" \
            and "Content-MD5" in headers else hashlib.sha256(body).hexdigest()
        base = dict(headers)
        base["Content-Length"] = str(len(body))
        for attempt in range(1, self.max_attempts + 1):
            now = datetime.datetime.now(datetime.timezone.utc)
            signed = sign("PUT", self.endpoint, path, base, payload, self.credentials(), now)
            try:
                status, answer = self._send(path, body, signed)
            except (OSError, http.client.HTTPException) as exc:
                self._drop_connection()
                if attempt == self.max_attempts:
                    raise botocore.exceptions.EndpointConnectionError(
                        endpoint_url=f"{self.endpoint.scheme}://{self.endpoint.netloc}",
                        error=exc) from exc
            else:
                if status < 300:
                    return
                error = _error_of(status, answer)
                if attempt == self.max_attempts or not _retryable(status, error["Code"]):
                    raise botocore.exceptions.ClientError(
                        {"Error": error, "ResponseMetadata": {"HTTPStatusCode": status,
                                                              "MaxAttemptsReached": True}},
                        "PutObject")
            time.sleep(min(random.random() * 2 ** attempt, _MAX_BACKOFF))

    def _send(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        conn = self._connection()
        conn.request("PUT", path, body=body, headers=headers)  # one send: headers and body
        reply = conn.getresponse()
        answer = reply.read()
        if reply.will_close:
            self._drop_connection()
        return reply.status, answer

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            host = self.endpoint.netloc
            if self._ssl is not None:
                conn = http.client.HTTPSConnection(host, timeout=self.timeout,
                                                   context=self._ssl)
            else:
                conn = http.client.HTTPConnection(host, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _error_of(status: int, answer: bytes) -> dict[str, str]:
    """Code and Message of an S3 error answer (the status when its body says nothing)."""
    code, message = str(status), http.client.responses.get(status, "")
    try:
        root = ET.fromstring(answer) if answer else None
    except ET.ParseError:
        root = None
    if root is not None:
        code = root.findtext("Code") or code
        message = root.findtext("Message") or message
    return {"Code": code, "Message": message}


def _retryable(status: int, code: str) -> bool:
    return status in _RETRY_STATUS or code in _RETRY_CODES
