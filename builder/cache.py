"""The build cache: what the last build wrote, and what each of its outputs read.

It lives in ``.cache/<output folder name>/`` beside the output folder (``--no-cache`` ignores
it).  For every output it keeps the digests of the inputs that rendering it read (see
:mod:`builder.trace`), the diagnostics it produced and, for pages, why English stood in for a
translation.  The next build renders only outputs whose inputs changed, removes outputs that no
longer exist, and reports the same diagnostics as a clean build would.

It also keeps a snapshot of every source file's size and modification time: when nothing
changed since the last build, the build stops before loading anything.

A cache is only trusted when it was written by this very builder (its code digest), for the
same configuration, source, languages and output folder, and in this format.  A corrupt,
foreign or old-format cache is ignored with a warning.  While a build applies its changes to
the output folder the cache is removed first, so an interrupted apply is never trusted later.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .content import digest
from .errors import Diagnostic

FORMAT = 3
MANIFEST = "manifest.pickle"
STATE = "state.json"  # key, snapshot and output folder of the manifest, cheap to read
PARSED = "parsed.pickle"  # frontmatter YAML by text digest, and the redirect table


@dataclass
class Entry:
    """One output of the last build."""

    inputs: dict[str, str]  # input name -> digest when it was rendered
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fallback: str = ""


@dataclass
class Manifest:
    format: int
    key: str  # builder code, configuration, source, languages, output folder
    snapshot: str  # digest of every source file's path, size and modification time
    site_id: tuple[int, int]  # (device, inode) of the output folder it describes
    entries: dict[str, Entry]  # output path -> entry (redirect stubs are in ``stubs``)
    stubs: dict[str, str]  # redirect stub path -> its target
    summary: dict[str, Any]  # the last build's result, for a build that changes nothing


def default_folder(out: Path) -> Path:
    """``.cache/<name>`` beside the output folder ``<name>``."""
    out = out.resolve()
    return out.parent / ".cache" / out.name


def run_key(config: SiteConfig, out: Path, languages: list[str] | None, code: str) -> str:
    """What a cache must have been written for to be trusted by this build."""
    path = config.path.resolve() if config.path is not None else None
    return digest("\n".join([str(FORMAT), code, replace(config, path=path).fingerprint(),
                             repr(sorted(languages or [])), str(out.resolve())]))


def site_id(out: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(out)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def source_snapshot(config: SiteConfig) -> str:
    """Path, size and modification time of every source file the configuration names."""
    rows: list[str] = []
    for root in config.input_paths():
        if root.is_file():
            st = root.stat()
            rows.append(f"{root}|{st.st_size}|{st.st_mtime_ns}")
            continue
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            rows += [f"{folder}/{name}/" for name in dirs]  # an empty folder named like a page
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:  # a broken link or a link loop: still a change to report
                    rows.append(f"{path}|unreadable")
                    continue
                rows.append(f"{path}|{st.st_size}|{st.st_mtime_ns}")
    return digest("\n".join(rows))


class ParseCache:
    """Frontmatter parsed by earlier builds, by the digest of its text, and the redirect table
    by the digest of what it is built from: loading a large site is mostly YAML parsing and
    table building, and most of it has not changed since the last build."""

    def __init__(self, known: dict[str, Any] | None = None,
                 tables: dict[str, Any] | None = None):
        self.known = known or {}
        self.used: dict[str, Any] = {}
        self.tables = tables or {}  # key -> redirect table (the last one only)

    def load_yaml(self, text: str) -> Any:
        from . import yaml12

        key = digest(text)
        value = self.known[key] if key in self.known else yaml12.load(text)
        self.used[key] = value
        return value

    def redirects(self, key: str, build: Any) -> Any:
        """The redirect table built from inputs with digest ``key`` (``build()`` if new)."""
        if key not in self.tables:
            self.tables = {key: build()}
        return self.tables[key]


class BuildCache:
    """Reads and writes the manifest of one output folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / MANIFEST

    def load(self, key: str) -> tuple[Manifest | None, Diagnostic | None]:
        """The manifest, or None with a warning when it cannot be trusted (None, None when
        there is no cache yet)."""
        if not self.path.exists():
            return None, None
        try:
            with open(self.path, "rb") as handle:
                manifest = pickle.load(handle)
            if not isinstance(manifest, Manifest) or manifest.format != FORMAT:
                raise ValueError("written in another format")
        except Exception as exc:  # noqa: BLE001  (any unreadable cache is only ignored)
            return None, Diagnostic(
                "warning", "cache", f"the build cache cannot be read ({exc}); building "
                "everything", str(self.path), 0, "nothing to do: the next build rewrites it")
        if manifest.key != key:  # another builder, configuration or output: not ours
            return None, None
        return manifest, None

    def schema_store(self, code: str, reuse: bool) -> "SchemaStore":
        """Where parsed GraphQL schemas are kept (``reuse`` False: what is there is dropped
        first, so a ``--no-cache`` build parses anew and shares only its own parses)."""
        from .graphql_reference import SchemaStore

        folder = self.folder / "graphql"
        if not reuse:
            shutil.rmtree(folder, ignore_errors=True)
        return SchemaStore(folder, code)

    def parse_cache(self) -> ParseCache:
        """What earlier builds parsed (empty when missing or unreadable: it only saves time)."""
        try:
            with open(self.folder / PARSED, "rb") as handle:
                known, tables = pickle.load(handle)
            return ParseCache(known, tables)
        except Exception:  # noqa: BLE001
            return ParseCache()

    def save_parse_cache(self, cache: ParseCache) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f"{PARSED}.tmp-{os.getpid()}"
        with open(temp, "wb") as handle:
            pickle.dump((cache.used, cache.tables), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.folder / PARSED)

    def forget(self) -> None:
        """Remove the manifest (before the output folder changes under it)."""
        for path in (self.path, self.folder / STATE):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def save(self, manifest: Manifest) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(f".tmp-{os.getpid()}")
        with open(temp, "wb") as handle:
            pickle.dump(manifest, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.path)
        # the few facts a reader needs to know whether the site is up to date (the preview
        # reads these at start; the manifest itself takes a while to load on a large site)
        state = {"format": FORMAT, "key": manifest.key, "snapshot": manifest.snapshot,
                 "site_id": list(manifest.site_id)}
        temp = self.folder / f"{STATE}.tmp-{os.getpid()}"
        temp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp, self.folder / STATE)

    def state(self) -> dict[str, Any]:
        """What :meth:`save` wrote beside the manifest ({} when missing or unreadable)."""
        try:
            found = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
            return found if isinstance(found, dict) and found.get("format") == FORMAT else {}
        except (OSError, ValueError):
            return {}


__all__ = ["BuildCache", "ParseCache", "Manifest", "Entry", "default_folder", "run_key", "site_id",
           "source_snapshot"]
