"""Start, load and reload figures of the preview server, on loopback only.

    .venv/bin/python bench/serve_load.py                     # the sample site
    .venv/bin/python bench/serve_load.py --source ../shared/corpus/github-docs-2021-03 \\
        --config configs/github-docs-2021-03.yml --reload

It starts ``python -m builder serve`` on a free port of 127.0.0.1 and measures:

1. start: process start -> first page answered (pages render on demand, so this is mostly
   loading configuration, content, data and redirects);
2. load: N requests (default 1,000) from C concurrent clients (default 50), each on its own
   keep-alive connection, over a mix of pages (from /sitemap.xml), redirects, 404s and assets:
   requests/s, p50/p95/max latency, errors (exceptions and 5xx);
3. save-to-reload (``--reload``; on a copy of the sources in a temporary folder): an article and
   the most used reusable are edited a few times while a client listens for reload events on
   that article; time from the file write to the event (the server re-renders the open page
   before it sends the event), and the time of the GET that follows.

Everything is bounded: a fixed number of requests, timeouts on every request and a deadline on
start-up; the server is stopped at the end.  Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, method: str = "GET", timeout: float = 30.0
          ) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


# -- load -----------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        return (f"{len(self.latencies)}/{self.requests} requests from {self.concurrency} clients "
                f"in {self.seconds:.2f} s: {self.rate:.0f} requests/s, "
                f"p50 {self.percentile(50) * 1000:.1f} ms, "
                f"p95 {self.percentile(95) * 1000:.1f} ms, "
                f"max {max(self.latencies, default=0) * 1000:.1f} ms, errors {len(self.errors)}, "
                f"statuses {dict(sorted(self.statuses.items()))}")


def run_load(port: int, paths: list[str], requests: int = 1000, concurrency: int = 50,
             timeout: float = 10.0) -> LoadResult:
    """``requests`` GETs over ``paths`` (round robin) from ``concurrency`` keep-alive clients."""
    result = LoadResult(requests, concurrency, 0.0)
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            path = paths[i % len(paths)]
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    result.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status >= 500:
                    result.errors.append(f"{path}: HTTP {status}")
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout * requests / concurrency + 30)
    result.seconds = time.perf_counter() - started
    return result


def url_mix(port: int, pages: int = 150) -> list[str]:
    """Page URLs sampled evenly from the sitemap, plus redirects, 404s and assets."""
    status, body, _ = fetch(port, "/sitemap.xml")
    urls = re.findall(r"<loc>[a-z]+://[^/<]+(/[^<]*)</loc>", body.decode()) if status == 200 else []
    step = max(1, len(urls) // pages)
    chosen = urls[::step][:pages] or ["/en"]
    extra = ["/", chosen[0] + "/", "/en/this-page-does-not-exist", "/assets/docs.css",
             "/ja/nope/nothing-here"]
    return chosen + extra


# -- reload events ---------------------------------------------------------------------------------


class EventStream:
    """A client of the preview's server-sent events (what the injected script listens to)."""

    def __init__(self, port: int, page: str, timeout: float = 30.0):
        self.events: queue.Queue[tuple[str, str, float]] = queue.Queue()
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.sendall(f"GET /__preview/events?path={page} HTTP/1.1\r\nHost: {HOST}\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        self.next("hello", timeout)

    def _read(self) -> None:
        buffer, name = b"", ""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return
                received = time.perf_counter()
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    text = line.decode("utf-8", "replace").rstrip("\r")
                    if text.startswith("event: "):
                        name = text[7:]
                    elif text.startswith("data: ") and name:
                        self.events.put((name, text[6:], received))
                        name = ""
        except OSError:
            return

    def next(self, name: str, timeout: float = 10.0) -> tuple[str, float]:
        """The data and arrival time (perf_counter) of the next event called ``name``."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no {name!r} event within {timeout} s")
            event, data, at = self.events.get(timeout=left)
            if event == name:
                return data, at

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def save_and_wait(stream: EventStream, path: Path, text: str, timeout: float = 10.0) -> float:
    """Write ``text`` to ``path``; seconds until the reload event arrives."""
    stream.drain()
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    _data, at = stream.next("reload", timeout)
    return at - started


# -- the benchmark --------------------------------------------------------------------------------


def start_server(source: Path, config: Path, port: int, deadline: float = 60.0,
                 probe: str = "/en") -> tuple[subprocess.Popen, float]:
    """Start ``python -m builder serve``; return it and the seconds until it answered."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--source", str(source), "--config",
         str(config), "--host", HOST, "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while time.perf_counter() - started < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stderr.read() if proc.stderr else ''}")
        try:
            status, _, _ = fetch(port, probe, timeout=deadline)
            if status < 500:
                return proc, time.perf_counter() - started
        except OSError:
            time.sleep(0.01)
    stop_server(proc)
    raise TimeoutError(f"no answer within {deadline} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def most_used_reusable(content: Path) -> tuple[str, int]:
    counts: dict[str, int] = {}
    for path in content.rglob("*.md"):
        for key in re.findall(r"\{%-? data (reusables\.[\w.-]+) -?%\}", path.read_text("utf-8")):
            counts[key] = counts.get(key, 0) + 1
    key = max(counts, key=lambda k: counts[k])
    return key, counts[key]


def article_using(content: Path, key: str) -> Path:
    """A non-index article that uses ``key`` (the reload figures measure both on this page)."""
    for path in sorted(content.rglob("*.md")):
        if path.name != "index.md" and f"data {key} " in path.read_text("utf-8"):
            return path
    raise LookupError(key)


def copy_sources(source: Path, config: Path, into: Path) -> tuple[Path, Path]:
    for name in ("content", "data", "translations", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, into / name)
    for name in ("enterprise-dates.json", "feature-flags.json"):
        if (source / name).is_file():
            shutil.copyfile(source / name, into / name)
    if config.resolve().is_relative_to(source.resolve()):
        target = into / config.resolve().relative_to(source.resolve())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(config, target)
        return into, target
    return into, config


def measure_reload(port: int, source: Path, rounds: int = 5) -> dict[str, list[float]]:
    key, uses = most_used_reusable(source / "content")
    article = article_using(source / "content", key)
    rel = article.relative_to(source / "content").as_posix()[:-3]
    status, _, headers = fetch(port, f"/en/{rel}")
    url = headers.get("location", f"/en/{rel}") if status == 301 else f"/en/{rel}"
    reusable = source / "data" / Path(*key.split(".")).with_suffix(".md")
    print(f"article: {url} ({article.relative_to(source)}); reusable: {key} "
          f"(used {uses} times in content)")
    figures: dict[str, list[float]] = {"article": [], "article GET": [], "reusable": [],
                                       "reusable GET": []}
    originals = {article: article.read_text("utf-8"), reusable: reusable.read_text("utf-8")}
    stream = EventStream(port, url)
    try:
        for i in range(rounds):
            for name, path, text in (
                    ("article", article, originals[article] + f"\n\nReload probe {i}.\n"),
                    ("reusable", reusable, originals[reusable] + f" (probe {i})")):
                figures[name].append(save_and_wait(stream, path, text))
                started = time.perf_counter()
                status, body, _ = fetch(port, url)
                figures[f"{name} GET"].append(time.perf_counter() - started)
                assert status == 200 and (f"probe {i}".encode() in body), (name, status)
                time.sleep(0.1)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        stream.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--reload", action="store_true",
                        help="also measure save-to-reload on a temporary copy of the sources")
    parser.add_argument("--starts", type=int, default=3, help="start the server this many times")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    config = (args.config or source / "builder.yml").resolve()
    workdir = None
    if args.reload:
        base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        workdir = Path(tempfile.mkdtemp(prefix="serve-bench-", dir=base))
        source, config = copy_sources(source, config, workdir)
    try:
        starts = []
        for _ in range(args.starts - 1):
            proc, seconds = start_server(source, config, free_port())
            starts.append(seconds)
            stop_server(proc)
        port = free_port()
        proc, seconds = start_server(source, config, port)
        starts.append(seconds)
        print(f"start (process start -> first page answered): "
              f"{', '.join(f'{s:.2f}' for s in starts)} s")
        try:
            paths = url_mix(port)
            result = run_load(port, paths, args.requests, args.concurrency)
            print(f"load ({len(paths)} distinct URLs, first hits render): {result.summary()}")
            again = run_load(port, paths, args.requests, args.concurrency)
            print(f"load again (all cached): {again.summary()}")
            for error in result.errors[:5] + again.errors[:5]:
                print("  error:", error)
            if args.reload:
                figures = measure_reload(port, source)
                for name, values in figures.items():
                    print(f"save-to-reload {name}: "
                          f"median {statistics.median(values) * 1000:.0f} ms, "
                          f"max {max(values) * 1000:.0f} ms ({len(values)} saves)")
        finally:
            stop_server(proc)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
