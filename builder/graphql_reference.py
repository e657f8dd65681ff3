"""GraphQL reference pages (spec §10.7): the schema of every version, for the content's loops.

The content's reference pages (``graphql/reference/enums.md`` ...) loop over the schema of the
version being rendered and include one partial per item::

    {% for item in graphql.schemaForCurrentVersion.enums %}
      {% include graphql-enum %}
    {% endfor %}

The original pre-computed that data with scripts; we read the SDL the content ships
(``<data>/graphql/schema.docs.graphql`` for the default version,
``<data>/graphql/<misc version name>/schema*.graphql`` for the others), parse it with
graphql-core, and read the previews (``graphql_previews*.yml``) and upcoming changes
(``graphql_upcoming_changes*.yml``) beside each schema.

* :meth:`GraphqlReference.liquid_global` is the ``graphql`` object pages see:
  ``schemaForCurrentVersion`` (queries.connections / queries.fields, mutations, objects,
  interfaces, enums, unions, inputObjects, scalars), ``previewsForCurrentVersion``,
  ``upcomingChangesForCurrentVersion`` (``[date, changes]`` pairs) and ``changelog`` (empty: no
  changelog data ships with the content).  Schemas are parsed on first use only.
* :meth:`GraphqlReference.include_markdown` is what ``{% include graphql-<kind> %}`` writes:
  a Markdown ``###`` heading (so ids, anchors and the mini TOC come from the normal pipeline)
  and a token; after Markdown, :meth:`GraphqlReference.fill_blocks` puts the entry's HTML
  (description, notices, field tables) in place of the token.  Type links point at the
  sibling reference page of the kind, in the page's language and version.
* :func:`appended_source`: the objects page has no loop (the original appended pre-rendered
  HTML to it); the renderer appends the loop to its source.

The schema data is English everywhere (spec §8.5), as in the original.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import posixpath
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import graphql
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .slugger import slugify
from .versions import Version, Versions, permalink

# include name -> key of schemaForCurrentVersion it renders
INCLUDE_KINDS = {
    "graphql-query": "queries", "graphql-mutation": "mutations", "graphql-object": "objects",
    "graphql-interface": "interfaces", "graphql-enum": "enums", "graphql-union": "unions",
    "graphql-input-object": "inputObjects", "graphql-scalar": "scalars",
}
# kind -> the reference page (a sibling of the page being rendered) that documents it
KIND_PAGES = {
    "queries": "queries", "mutations": "mutations", "objects": "objects",
    "interfaces": "interfaces", "enums": "enums", "unions": "unions",
    "inputObjects": "input-objects", "scalars": "scalars",
}
# the reference page that has no loop of its own: the original appended its objects
APPENDED = {"graphql/reference/objects.md": "graphql-object"}
PREVIEWS_PAGE = "overview/schema-previews"  # relative to the reference folder's parent
BLOCK_MARK = "<!--graphql-block:"  # + number + "-->": where an entry's HTML goes


def appended_source(relpath: str) -> str:
    """Liquid to append to a page's body source (only the objects reference page has any)."""
    include = APPENDED.get(relpath)
    if include is None:
        return ""
    return (f"\n\n{{% for item in graphql.schemaForCurrentVersion.{INCLUDE_KINDS[include]} %}}"
            f"\n{{% include {include} %}}\n{{% endfor %}}\n")


# -- the data model -----------------------------------------------------------------------------


class _LiquidView(Mapping):
    """Dataclasses below are Mappings of their public fields, so Liquid can read them."""

    def __getitem__(self, key: str) -> Any:
        if key.startswith("_") or key not in self.__dataclass_fields__:  # type: ignore[attr-defined]
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(k for k in self.__dataclass_fields__ if not k.startswith("_"))  # type: ignore

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True, eq=False)
class Preview(_LiquidView):
    """One schema preview (``graphql_previews*.yml``), as the schema-previews page shows it."""

    title: str
    description: str
    toggled_by: str
    accept_header: str
    announcement: Any
    updates: Any
    toggled_on: tuple[str, ...]
    owning_teams: tuple[str, ...]
    id: str  # the heading id on the schema-previews page


@dataclass(frozen=True, eq=False)
class Member(_LiquidView):
    """A field, argument, input field or enum value."""

    name: str
    type: str = ""  # as written in SDL, e.g. "[String!]!"; '' for enum values
    type_name: str = ""  # the named type under the wrappers
    description: str = ""
    default_value: str = ""  # GraphQL literal of an input value's default, or ''
    deprecation_reason: str | None = None
    args: tuple["Member", ...] = ()
    preview: Preview | None = None


@dataclass(frozen=True, eq=False)
class Item(_LiquidView):
    """One entry of a reference page."""

    kind: str  # a key of KIND_PAGES
    name: str
    id: str
    description: str = ""
    type: str = ""  # queries and mutations: the return type
    type_name: str = ""
    fields: tuple[Member, ...] = ()
    args: tuple[Member, ...] = ()
    values: tuple[Member, ...] = ()
    input_fields: tuple[Member, ...] = ()
    return_fields: tuple[Member, ...] = ()
    implements: tuple[str, ...] = ()
    implemented_by: tuple[str, ...] = ()
    possible_types: tuple[str, ...] = ()
    preview: Preview | None = None
    deprecation_reason: str | None = None
    isDeprecated: bool = False


@dataclass
class VersionSchema:
    """Everything the pages of one version need."""

    source: str  # the schema file, for messages
    items: dict[str, Any]  # schemaForCurrentVersion
    kinds: dict[str, str]  # type name -> kind
    previews: list[Preview]
    upcoming: list[list[Any]]  # [[date, [change, ...]], ...]


# -- reading the files --------------------------------------------------------------------------


def _find_files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file())


def schema_folders(graphql_dir: Path, default_misc_name: str) -> dict[str, Path]:
    """misc version name -> the folder holding that version's ``schema*.graphql``: the
    top folder is the default version, each sub-folder is named for its version."""
    found: dict[str, Path] = {}
    if not graphql_dir.is_dir():
        return found
    for schema in sorted(graphql_dir.glob("**/schema*.graphql")):
        folder = schema.parent
        name = default_misc_name if folder == graphql_dir else folder.relative_to(
            graphql_dir).as_posix()
        found.setdefault(name, folder)
    return found


def _load_yaml(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GraphqlDataError(str(path), f"cannot read: {exc}") from exc


class GraphqlDataError(Exception):
    """A schema or YAML file that cannot be read; the message names the file."""

    def __init__(self, file: str, message: str, line: int = 0):
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.message, self.line = file, message, line


def preview_title(raw: str) -> str:
    """Preview titles end in " preview" exactly once (the original's clean-up)."""
    title = " ".join(str(raw).split())
    if title.lower().endswith(" preview"):
        title = title[: -len(" preview")]
    elif title.lower().endswith("preview") and title.lower() != "preview":
        title = title[: -len("preview")].rstrip()
    return f"{title} preview"


def read_previews(path: Path | None) -> list[Preview]:
    raw = _load_yaml(path) or []
    previews = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, Mapping):
            continue
        title = preview_title(str(entry.get("title") or ""))
        toggled_by = str(entry.get("toggled_by") or "").lstrip(":")
        previews.append(Preview(
            title=title, description=str(entry.get("description") or ""),
            toggled_by=toggled_by,
            accept_header=f"application/vnd.github.{toggled_by}+json",
            announcement=entry.get("announcement"), updates=entry.get("updates"),
            toggled_on=tuple(str(t) for t in entry.get("toggled_on") or ()),
            owning_teams=tuple(str(t) for t in entry.get("owning_teams") or ()),
            id=slugify(title)))
    return previews


def read_upcoming(path: Path | None, inline: Callable[[str], str]) -> list[list[Any]]:
    """Upcoming changes grouped by date (``YYYY-MM-DD``), oldest first; description and
    reason are Markdown, given as inline HTML."""
    raw = _load_yaml(path) or {}
    changes = raw.get("upcoming_changes") if isinstance(raw, Mapping) else None
    by_date: dict[str, list[dict[str, str]]] = {}
    for entry in changes if isinstance(changes, list) else []:
        if not isinstance(entry, Mapping):
            continue
        date = str(entry.get("date") or "")[:10]
        by_date.setdefault(date, []).append({
            "location": str(entry.get("location") or ""),
            "description": inline(str(entry.get("description") or "")),
            "reason": inline(str(entry.get("reason") or "")),
            "date": date, "criticality": str(entry.get("criticality") or ""),
            "owner": str(entry.get("owner") or ""),
        })
    return [[date, by_date[date]] for date in sorted(by_date)]


# -- from graphql-core types to items ------------------------------------------------------------

_BUILT_IN_KIND = {
    graphql.GraphQLObjectType: "objects", graphql.GraphQLInterfaceType: "interfaces",
    graphql.GraphQLEnumType: "enums", graphql.GraphQLUnionType: "unions",
    graphql.GraphQLInputObjectType: "inputObjects", graphql.GraphQLScalarType: "scalars",
}


def _kind_of(named: Any) -> str:
    for cls, kind in _BUILT_IN_KIND.items():
        if isinstance(named, cls):
            return kind
    return ""


def _find_preview(previews: list[Preview], path: str) -> Preview | None:
    return next((p for p in previews if path in p.toggled_on), None)


def _default_literal(arg: Any) -> str:
    if arg.ast_node is not None and arg.ast_node.default_value is not None:
        return graphql.print_ast(arg.ast_node.default_value)
    return ""


def _input_member(name: str, arg: Any, previews: list[Preview], owner: str) -> Member:
    return Member(name=name, type=str(arg.type), type_name=graphql.get_named_type(arg.type).name,
                  description=arg.description or "", default_value=_default_literal(arg),
                  deprecation_reason=arg.deprecation_reason,
                  preview=_find_preview(previews, f"{owner}.{name}"))


def _field_member(name: str, f: Any, previews: list[Preview], owner: str) -> Member:
    args = tuple(_input_member(n, a, previews, f"{owner}.{name}")
                 for n, a in sorted(f.args.items()))
    return Member(name=name, type=str(f.type), type_name=graphql.get_named_type(f.type).name,
                  description=f.description or "", deprecation_reason=f.deprecation_reason,
                  args=args, preview=_find_preview(previews, f"{owner}.{name}"))


def _fields(named: Any, previews: list[Preview]) -> tuple[Member, ...]:
    return tuple(_field_member(n, f, previews, named.name) for n, f in sorted(named.fields.items()))


def schema_items(schema: graphql.GraphQLSchema,
                 previews: list[Preview]) -> tuple[dict[str, Any], dict[str, str]]:
    """schemaForCurrentVersion and a type name -> kind map, every list sorted by name."""
    roots = {t.name for t in (schema.query_type, schema.mutation_type, schema.subscription_type)
             if t is not None}
    items: dict[str, list[Item]] = {k: [] for k in KIND_PAGES if k != "queries"}
    kinds: dict[str, str] = {}
    implementers: dict[str, list[str]] = {}
    for name, named in schema.type_map.items():
        if isinstance(named, graphql.GraphQLObjectType):
            for interface in named.interfaces:
                implementers.setdefault(interface.name, []).append(name)
    for name in sorted(schema.type_map):
        named = schema.type_map[name]
        if name.startswith("__") or name in roots:
            continue
        kind = _kind_of(named)
        if not kind:
            continue
        kinds[name] = kind
        common = {"kind": kind, "name": name, "id": slugify(name),
                  "description": named.description or "",
                  "preview": _find_preview(previews, name)}
        if kind in ("objects", "interfaces"):
            item = Item(**common, fields=_fields(named, previews),
                        implements=tuple(sorted(i.name for i in named.interfaces)),
                        implemented_by=tuple(sorted(implementers.get(name, ()))))
        elif kind == "enums":
            values = tuple(Member(name=v, description=val.description or "",
                                  deprecation_reason=val.deprecation_reason,
                                  preview=_find_preview(previews, f"{name}.{v}"))
                           for v, val in named.values.items())
            item = Item(**common, values=values)
        elif kind == "unions":
            item = Item(**common, possible_types=tuple(sorted(t.name for t in named.types)))
        elif kind == "inputObjects":
            item = Item(**common, input_fields=tuple(
                _input_member(n, f, previews, name) for n, f in sorted(named.fields.items())))
        else:
            item = Item(**common)
        items[kind].append(item)
    queries = _operations(schema.query_type, "queries", previews)
    out: dict[str, Any] = {k: tuple(v) for k, v in items.items()}
    out["queries"] = {
        "connections": tuple(q for q in queries if q.type_name.endswith("Connection")),
        "fields": tuple(q for q in queries if not q.type_name.endswith("Connection")),
    }
    out["mutations"] = tuple(_operations(schema.mutation_type, "mutations", previews))
    return out, kinds


def _operations(root: Any, kind: str, previews: list[Preview]) -> list[Item]:
    """Queries and mutations: the root type's fields.  A mutation shows its arguments as
    input fields and its payload's fields as return fields."""
    if root is None:
        return []
    out = []
    for name, f in sorted(root.fields.items()):
        member = _field_member(name, f, previews, root.name)
        named = graphql.get_named_type(f.type)
        common = {"kind": kind, "name": name, "id": slugify(name), "description": member.description,
                  "type": member.type, "type_name": member.type_name, "preview": member.preview,
                  "deprecation_reason": member.deprecation_reason,
                  "isDeprecated": member.deprecation_reason is not None}
        if kind == "mutations":
            returns = _fields(named, previews) if hasattr(named, "fields") and isinstance(
                named, graphql.GraphQLObjectType) else ()
            out.append(Item(**common, input_fields=member.args, return_fields=returns))
        else:
            out.append(Item(**common, args=member.args))
    return out


# -- Markdown of descriptions ------------------------------------------------------------------

@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


# one line that CommonMark would turn into a plain paragraph: starts with a letter (no list,
# heading or quote marker) and holds no character that starts inline markup or an entity
_PLAIN_LINE = re.compile(r"[A-Za-z][^\n`*_\[\]<>&\\!|~]*")


@lru_cache(maxsize=65536)
def description_html(text: str) -> str:
    """A schema description (Markdown) as HTML (CommonMark, as the original's scripts)."""
    if not text.strip():
        return ""
    if _PLAIN_LINE.fullmatch(text.strip()):  # most descriptions: one sentence, no markup
        return f"<p>{escape(text.strip())}</p>"
    html = _markdown().render(text)
    return "\n".join(line for line in html.splitlines() if line.strip())


@lru_cache(maxsize=65536)
def inline_html(text: str) -> str:
    """Markdown of one line (a change's description) as inline HTML."""
    return _markdown().renderInline(" ".join(text.split()))


# -- the service ---------------------------------------------------------------------------------


class SchemaStore:
    """Parsed schemas kept on disk between processes and builds, by the bytes they were parsed
    from and the code that parsed them.  graphql-core takes about 2 s to parse one version's
    SDL and every worker of every build needs each one; a stored parse loads in a tenth of a
    second.  A missing, unreadable or foreign entry is parsed again, never trusted."""

    FORMAT = 1

    def __init__(self, folder: Path, code: str):
        self.folder = folder
        self.code = code

    def key(self, *files: Path | None) -> str:
        h = hashlib.sha256(f"{self.FORMAT}:{self.code}".encode())
        for f in files:
            h.update(b"\0" + (f.read_bytes() if f is not None else b"-"))
        return h.hexdigest()

    def load(self, key: str) -> "VersionSchema | None":
        try:
            with open(self.folder / f"{key}.pickle", "rb") as handle:
                value = pickle.load(handle)
        except Exception:  # noqa: BLE001 - absent or damaged: parse again
            return None
        return value if isinstance(value, VersionSchema) else None

    def save(self, key: str, value: "VersionSchema") -> None:
        """Write atomically (workers may race to store the same schema); failures are quiet:
        the store only saves time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except OSError:
            pass


class GraphqlReference:
    """The GraphQL data of one site.  Build one per process; schemas parse on first use."""

    def __init__(self, data_dir: Path, versions: Versions,
                 warn: Callable[[str, str, str], None] | None = None,
                 store: SchemaStore | None = None):
        self.store = store
        self.data_dir = data_dir
        self.graphql_dir = data_dir / "graphql"
        self.versions = versions
        self.warn = warn or (lambda kind, message, file: None)
        default = versions.default
        self._folders = schema_folders(self.graphql_dir, default.misc_name if default else "")
        self._schemas: dict[str, VersionSchema | None] = {}
        self._tokens: dict[tuple, str] = {}  # include, item, language, version, folder -> token
        self._blocks: dict[str, str] = {}  # token -> the entry's HTML
        self._warned: set[str] = set()

    @property
    def available(self) -> bool:
        return bool(self._folders)

    def version_schema(self, version: Version | None) -> VersionSchema | None:
        """The parsed data of one version, or None (warned once) when it has none."""
        if version is None:
            return None
        key = version.misc_name
        if key not in self._schemas:
            self._schemas[key] = self._load(version)
        return self._schemas[key]

    def _load(self, version: Version) -> VersionSchema | None:
        folder = self._folders.get(version.misc_name)
        if folder is None:
            self._warn_once(f"no GraphQL schema for {version.id}: expected "
                            f"{self.graphql_dir}/{version.misc_name}/schema*.graphql; its "
                            "GraphQL reference pages render without the schema",
                            str(self.graphql_dir))
            return None
        schema_file = _find_files(folder, "schema*.graphql")[0]
        previews_file = next(iter(_find_files(folder, "graphql_previews*.yml")), None)
        upcoming_file = next(iter(_find_files(folder, "graphql_upcoming_changes*.yml")), None)
        try:
            return self._stored_or_parsed(schema_file, previews_file, upcoming_file)
        except graphql.GraphQLError as exc:
            line = exc.locations[0].line if exc.locations else 0
            self._warn_once(f"{schema_file}:{line}: invalid GraphQL schema: {exc.message}; fix "
                            "the schema file", str(schema_file))
        except GraphqlDataError as exc:
            self._warn_once(f"{exc}; fix the YAML file", exc.file)
        return None

    def _stored_or_parsed(self, schema_file: Path, previews_file: Path | None,
                          upcoming_file: Path | None) -> VersionSchema:
        """One version's files parsed: once per process while they are unchanged (the
        preview builds a new renderer on every data change), and from the store when it
        holds them."""
        memo = (schema_file, previews_file, upcoming_file,
                _stamp(schema_file, previews_file, upcoming_file))
        if memo in _PROCESS:
            return _PROCESS[memo]
        key = self.store.key(schema_file, previews_file, upcoming_file) if self.store else ""
        found = self.store.load(key) if self.store else None
        if found is None:
            found = _parse_files(schema_file, previews_file, upcoming_file)
            if self.store:
                self.store.save(key, found)
        _PROCESS[memo] = found
        while len(_PROCESS) > 16:
            del _PROCESS[next(iter(_PROCESS))]
        return found

    def _warn_once(self, message: str, file: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warn("graphql", message, file)

    # -- what Liquid sees --------------------------------------------------------------------

    def liquid_global(self, version_id: str) -> Mapping[str, Any]:
        """The ``graphql`` object of one version (parsed when a page first reads it)."""
        return _LazyGraphql(self, self.versions.by_id.get(version_id))

    # -- what an include writes --------------------------------------------------------------

    def include_markdown(self, include: str, item: Any, lang: str, version_id: str,
                         relpath: str, strings: Callable[[str], str]) -> str | None:
        """The Markdown of ``{% include graphql-<kind> %}`` for ``item``; None when the name
        is not one of ours.  ``strings(key)`` gives a UI string of the page's language."""
        if include not in INCLUDE_KINDS:
            return None
        if not isinstance(item, Item):
            return ""
        version = self.versions.by_id.get(version_id) or self.versions.default
        base = posixpath.dirname(relpath)
        key = (include, id(item), lang, version_id, base)
        if key not in self._tokens:
            schema = self.version_schema(version)
            kinds = schema.kinds if schema is not None else {}
            links = _Links(lang, version, base, kinds)
            token = f"{BLOCK_MARK}{len(self._blocks)}-->"
            self._blocks[token] = _render_item(item, links, strings)
            self._tokens[key] = f"\n\n### {_escape_heading(item.name)}\n\n{token}\n\n"
        return self._tokens[key]

    def fill_blocks(self, html: str) -> str:
        """The page's HTML with each entry's block in place of its token.  The include writes
        a token (an HTML comment, which Markdown passes through) rather than the HTML itself:
        the blocks are ours, already complete, and the Markdown stage re-reading a megabyte of
        them (link rewriting, nesting checks) cost most of a page's render time."""
        if BLOCK_MARK not in html:
            return html
        head, *parts = html.split(BLOCK_MARK)
        out = [head]
        for part in parts:
            number, end, rest = part.partition("-->")
            block = self._blocks.get(f"{BLOCK_MARK}{number}-->") if end else None
            if block is None:
                out.append(BLOCK_MARK + part)
            else:
                out.extend((block, rest))
        return "".join(out)


# our string key -> the content's own ``ui.products.graphql.reference`` key
_CONTENT_KEYS = {f"graphql_{k}": f"products.graphql.reference.{k}" for k in (
    "fields", "arguments", "name", "type", "description", "input_fields", "return_fields",
    "implemented_by", "values", "possible_types", "preview_notice", "deprecation_notice")}


def graphql_include(reference: GraphqlReference, site_data: Mapping[str, Any], name: str,
                    context: Any) -> str | None:
    """``{% include name %}`` in a Liquid render context: the item is the context's ``item``."""
    if name not in INCLUDE_KINDS:
        return None
    from .ui_strings import builder_string, localized

    lang = str(context.resolve("currentLanguage", default="") or "en")
    version_id = str(context.resolve("currentVersion", default="") or "")
    page = context.resolve("page", default={}) or {}
    relpath = str(page.get("relativePath") or "") if isinstance(page, Mapping) else ""
    item = context.resolve("item", default=None)

    def strings(key: str) -> str:
        if key in _CONTENT_KEYS:
            return localized(site_data, lang, _CONTENT_KEYS[key], key)
        return builder_string(site_data, lang, key)

    return reference.include_markdown(name, item, lang, version_id, relpath, strings)


def _stamp(*files: Path | None) -> tuple:
    out = []
    for f in files:
        st = f.stat() if f is not None else None
        out.append((st.st_mtime_ns, st.st_size) if st is not None else None)
    return tuple(out)


_PROCESS: dict[tuple, VersionSchema] = {}  # (files, their stamps) -> parsed, oldest first


def _parse_files(schema_file: Path, previews_file: Path | None,
                 upcoming_file: Path | None) -> VersionSchema:
    """One version's schema, previews and upcoming changes, parsed."""
    previews = read_previews(previews_file)
    upcoming = read_upcoming(upcoming_file, inline_html)
    document = graphql.parse(schema_file.read_text(encoding="utf-8"), no_location=True)
    schema = graphql.build_ast_schema(document, assume_valid_sdl=True)
    items, kinds = schema_items(schema, previews)
    return VersionSchema(str(schema_file), items, kinds, previews, upcoming)


class _LazyGraphql(Mapping):
    """``graphql`` in Liquid: the schema is parsed when a page first reads a key."""

    KEYS = ("schemaForCurrentVersion", "previewsForCurrentVersion",
            "upcomingChangesForCurrentVersion", "changelog")

    def __init__(self, owner: GraphqlReference, version: Version | None):
        self.owner, self.version = owner, version

    def __getitem__(self, key: str) -> Any:
        if key not in self.KEYS:
            raise KeyError(key)
        if key == "changelog":
            return []
        schema = self.owner.version_schema(self.version)
        if schema is None:
            return {} if key == "schemaForCurrentVersion" else []
        return {"schemaForCurrentVersion": schema.items,
                "previewsForCurrentVersion": schema.previews,
                "upcomingChangesForCurrentVersion": schema.upcoming}[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


@dataclass
class _Links:
    """Where a type's documentation is: the sibling reference page of its kind."""

    lang: str
    version: Version | None
    base: str  # the reference folder, e.g. graphql/reference
    kinds: dict[str, str]
    _pages: dict[str, str] = field(default_factory=dict)

    def page(self, kind: str) -> str:
        if kind not in self._pages:
            self._pages[kind] = permalink(self.lang, self.version,
                                          f"{self.base}/{KIND_PAGES[kind]}.md")
        return self._pages[kind]

    def type_href(self, type_name: str) -> str:
        kind = self.kinds.get(type_name)
        return f"{self.page(kind)}#{slugify(type_name)}" if kind else ""

    def preview_href(self, preview: Preview) -> str:
        parent = posixpath.dirname(self.base)
        rel = f"{parent}/{PREVIEWS_PAGE}.md" if parent else f"{PREVIEWS_PAGE}.md"
        return f"{permalink(self.lang, self.version, rel)}#{preview.id}"


def _escape_heading(name: str) -> str:
    """GraphQL names are [_A-Za-z0-9]+: only underscores mean something to Markdown."""
    return name.replace("_", "\\_")


@dataclass
class _Helper:
    """What the template ``graphql.html`` calls: hrefs, UI strings and HTML pieces."""

    links: _Links
    t: Callable[[str], str]

    def say(self, key: str, **parts: Markup) -> Markup:
        """A UI sentence with ``{part}`` placeholders filled with HTML."""
        text = escape(self.t(key))
        for name, html in parts.items():
            text = Markup(text.replace("{" + name + "}", html))
        return Markup(text)

    def type_link(self, type_text: str, type_name: str) -> Markup:
        """``<code>`` of a type as written, linked to its entry when the schema has it."""
        href = self.links.type_href(type_name)
        if not href:
            return Markup("<code>%s</code>") % type_text
        return Markup('<code><a href="%s">%s</a></code>') % (href, type_text)

    @staticmethod
    def code(text: str) -> Markup:
        return Markup("<code>%s</code>") % text

    @staticmethod
    def link(href: str, text: str) -> Markup:
        return Markup('<a href="%s">%s</a>') % (href, text)

    @staticmethod
    def md(text: str) -> Markup:
        return Markup(description_html(text))

    @staticmethod
    def inline(text: str) -> Markup:
        return Markup(inline_html(text))


def _render_item(item: Item, links: _Links, strings: Callable[[str], str]) -> str:
    from .shell import environment  # the shell's Jinja2 environment and templates

    template = environment().get_template("graphql.html")
    html = template.module.item(item, _Helper(links, strings))  # type: ignore[attr-defined]
    # compact: the template's whitespace-only lines add nothing
    return "\n".join(line for line in str(html).splitlines() if line.strip())


__all__ = ["GraphqlReference", "SchemaStore", "graphql_include", "GraphqlDataError", "Item", "Member", "Preview",
           "appended_source", "schema_items", "read_previews", "read_upcoming",
           "preview_title", "INCLUDE_KINDS"]
