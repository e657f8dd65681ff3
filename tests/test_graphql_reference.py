"""GraphQL reference pages (issue 13 item 5): the schema of each version, parsed with
graphql-core, rendered into the content's reference pages; previews and upcoming changes."""

from __future__ import annotations

from pathlib import Path

import graphql
from selectolax.lexbor import LexborHTMLParser

from builder.build import build
from builder.config import load_config
from builder.graphql_reference import (preview_title, read_previews, read_upcoming,
                                       schema_folders, schema_items)
from builder.ui_strings import builder_string, builder_strings, localized

from .conftest import ROOT, require_corpus

SDL = '''
type Query { "One thing." thing(id: ID!): Thing  "Many." things(first: Int = 5): ThingConnection! }
type Mutation { "Change it." change(input: ChangeInput!): ChangePayload }
interface Node { id: ID! }
"A thing." type Thing implements Node { id: ID! old: Int @deprecated(reason: "Gone.") }
type ThingConnection { nodes: [Thing] }
type ChangePayload { thing: Thing }
input ChangeInput { id: ID! mode: Mode = FAST }
enum Mode { FAST SLOW }
union Any = Thing
scalar Date
'''


def test_schema_items_by_kind_sorted_with_links_data():
    items, kinds = schema_items(graphql.build_schema(SDL), [])
    assert [q.name for q in items["queries"]["connections"]] == ["things"]
    assert [q.name for q in items["queries"]["fields"]] == ["thing"]
    assert [m.name for m in items["mutations"]] == ["change"]
    mutation = items["mutations"][0]
    assert [(f.name, f.type) for f in mutation.input_fields] == [("input", "ChangeInput!")]
    assert [(f.name, f.type) for f in mutation.return_fields] == [("thing", "Thing")]
    assert [o.name for o in items["objects"]] == ["ChangePayload", "Thing", "ThingConnection"]
    assert [i.implemented_by for i in items["interfaces"]] == [("Thing",)]
    thing = next(o for o in items["objects"] if o.name == "Thing")
    assert thing.implements == ("Node",)
    assert [(f.name, f.deprecation_reason) for f in thing.fields] == [("id", None), ("old", "Gone.")]
    assert [v.name for v in items["enums"][0].values] == ["FAST", "SLOW"]
    assert items["unions"][0].possible_types == ("Thing",)
    mode = items["inputObjects"][0].input_fields[1]
    assert (mode.name, mode.default_value) == ("mode", "FAST")
    assert "Date" in [s.name for s in items["scalars"]] and kinds["Date"] == "scalars"
    assert items["queries"]["connections"][0].args[0].default_value == "5"


def test_previews_and_upcoming_changes(tmp_path):
    previews = tmp_path / "graphql_previews.yml"
    previews.write_text("- title: Dimmer\n  description: d\n  toggled_by: ':dim-preview'\n"
                        "  toggled_on: [Thing.old]\n", encoding="utf-8")
    [p] = read_previews(previews)
    assert (p.title, p.accept_header, p.id) == (
        "Dimmer preview", "application/vnd.github.dim-preview+json", "dimmer-preview")
    assert preview_title("Deployments Preview") == "Deployments preview"
    items, _ = schema_items(graphql.build_schema(SDL), [p])
    thing = next(o for o in items["objects"] if o.name == "Thing")
    assert [f.preview.title if f.preview else None for f in thing.fields] == [None, "Dimmer preview"]
    upcoming = tmp_path / "graphql_upcoming_changes.yml"
    upcoming.write_text("upcoming_changes:\n  - {location: A.b, description: '`b` goes', "
                        "reason: r, date: '2021-07-01T00:00:00+00:00', criticality: breaking}\n"
                        "  - {location: A.c, description: c, reason: r, date: '2021-04-01'}\n",
                        encoding="utf-8")
    grouped = read_upcoming(upcoming, lambda text: f"<{text}>")
    assert [d for d, _ in grouped] == ["2021-04-01", "2021-07-01"]
    assert grouped[1][1][0]["description"] == "<`b` goes>"


def test_schema_folders_map_versions(tmp_path):
    (tmp_path / "ghes-3.0").mkdir()
    (tmp_path / "schema.docs.graphql").write_text(SDL)
    (tmp_path / "ghes-3.0" / "schema.docs-enterprise.graphql").write_text(SDL)
    assert schema_folders(tmp_path, "dotcom") == {"dotcom": tmp_path,
                                                  "ghes-3.0": tmp_path / "ghes-3.0"}


def test_strings_files_have_the_same_keys_and_japanese_wins_over_untranslated_english():
    assert set(builder_strings("ja")) == set(builder_strings("en"))
    data = {"en": {"ui": {"learning_track_nav": {"prevGuide": "Previous guide"}}},
            "ja": {"ui": {"learning_track_nav": {"prevGuide": "Previous guide"},
                          "pages": {"miniToc": "目次"}}}}
    assert localized(data, "ja", "learning_track_nav.prevGuide", "previous_guide") == "前のガイド"
    assert localized(data, "en", "learning_track_nav.prevGuide", "previous_guide") == "Previous guide"
    assert localized(data, "ja", "pages.miniToc", "mini_toc") == "目次"
    assert builder_string({}, "xx", "menu") == "Menu"  # a language without a file: English
    assert builder_string({"ja": {"ui": {"shell": {"menu": "M"}}}}, "ja", "menu") == "M"


def _doc(out: Path, url: str):
    return LexborHTMLParser((out / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))


def test_sample_reference_pages_per_version(tmp_path):
    out = tmp_path / "_site"
    result = build(load_config(ROOT / "builder.yml", ROOT), out, jobs=1)
    assert result.ok
    dotcom = _doc(out, "/en/graphql/reference/objects")
    names = [n.attributes["data-graphql-name"] for n in dotcom.css(".graphql-item")]
    assert names == ["Lamp", "LampConnection", "Room", "SwitchLampPayload"]
    state = dotcom.css_first('.graphql-item[data-graphql-name="Lamp"] a[href$="#lampstate"]')
    assert state.attributes["href"] == "/en/graphql/reference/enums#lampstate"
    server = _doc(out, "/en/enterprise-server@3.0/graphql/reference/queries")
    assert [n.attributes["data-graphql-name"] for n in server.css(".graphql-item")] == [
        "lamps", "lamp"]  # no `search` in Server 3.0
    assert server.css_first('a[href$="#lampconnection"]').attributes["href"] == (
        "/en/enterprise-server@3.0/graphql/reference/objects#lampconnection")
    assert [a.text() for a in server.css("#mini-toc li a")] == ["Connections", "Fields"]
    unions = _doc(out, "/en/graphql/reference/unions")
    assert unions.css_first('[data-graphql-name="SearchResult"]') is not None
    previews = _doc(out, "/en/graphql/overview/schema-previews")
    assert previews.css_first("h3#dimmer-preview") is not None
    changes = _doc(out, "/en/graphql/overview/breaking-changes")
    assert changes.css_first("h3#changes-scheduled-for-2021-07-01") is not None
    ja = _doc(out, "/ja/graphql/reference/enums")
    assert "値" in [h.text() for h in ja.css(".graphql-item h4")]


def test_corpus_reference_pages_have_the_schema():
    corpus = require_corpus()
    from builder.build import load_site
    from builder.errors import Report
    from builder.render import Renderer

    config = load_config(ROOT / "configs" / "github-docs-2021-03.yml", corpus)
    site = load_site(config, Report(), ["en"])
    renderer = Renderer(site.config, site.versions, site.content, site.data,
                        site.redirects.lookup, site.data_sources)
    page, link = site.content.lookup("/en/enterprise-server@3.0/graphql/reference/enums")
    from builder import trace

    with trace.tracing() as read:
        body = LexborHTMLParser(renderer.render(page, link).body.html)
    names = [n.attributes["data-graphql-name"] for n in body.css(".graphql-item")]
    assert "IssueState" in names and len(names) > 50
    assert body.css_first("h3#issuestate") is not None
    assert not [d for d in read.diagnostics if d.kind == "graphql"]


def test_a_broken_schema_is_reported_with_file_and_line_and_pages_still_render(tmp_path):
    from builder.graphql_reference import GraphqlReference
    from builder.versions import Versions

    versions = Versions(load_config(ROOT / "builder.yml", ROOT))
    (tmp_path / "graphql").mkdir()
    bad = tmp_path / "graphql" / "schema.docs.graphql"
    bad.write_text("type Query {\n  a: Int\n  b(: Int\n}\n", encoding="utf-8")
    warnings: list[tuple[str, str, str]] = []
    ref = GraphqlReference(tmp_path, versions, lambda *w: warnings.append(w))
    g = ref.liquid_global(versions.default.id)
    assert g["schemaForCurrentVersion"] == {} and g["previewsForCurrentVersion"] == []
    assert len(warnings) == 1
    kind, message, file = warnings[0]
    assert kind == "graphql" and file == str(bad)
    assert f"{bad}:3:" in message and "fix the schema file" in message
    # a version with no schema folder: one warning naming where it was expected
    server = versions.by_id["enterprise-server@2.22"]
    assert ref.version_schema(server) is None and ref.version_schema(server) is None
    assert len(warnings) == 2 and "server-2.22" in warnings[1][1]


def test_parsed_schemas_are_stored_and_reused_until_the_schema_changes(tmp_path, monkeypatch):
    import builder.graphql_reference as gr
    from builder.versions import Versions

    versions = Versions(load_config(ROOT / "builder.yml", ROOT))
    data = tmp_path / "data"
    (data / "graphql").mkdir(parents=True)
    schema = data / "graphql" / "schema.docs.graphql"
    schema.write_text(SDL, encoding="utf-8")
    store = gr.SchemaStore(tmp_path / "store", code="code-1")
    parses: list[str] = []
    real = gr._parse_files

    def counting(*files):
        parses.append(files[0].read_text(encoding="utf-8"))
        return real(*files)

    monkeypatch.setattr(gr, "_parse_files", counting)

    def things(code: str = "code-1") -> list[str]:
        gr._PROCESS.clear()  # as a fresh worker process
        ref = gr.GraphqlReference(data, versions, store=gr.SchemaStore(store.folder, code))
        items = ref.liquid_global(versions.default.id)["schemaForCurrentVersion"]
        return sorted(o["name"] for o in items["objects"])

    first = things()
    assert "Thing" in first and len(parses) == 1
    assert things() == first and len(parses) == 1  # from the store: not parsed again
    assert things(code="code-2") == first and len(parses) == 2  # another builder: parsed
    schema.write_text(SDL + "\ntype Extra { id: ID! }\n", encoding="utf-8")
    assert "Extra" in things() and len(parses) == 3  # the schema changed: parsed
    for stored in store.folder.glob("*.pickle"):
        stored.write_bytes(b"damaged")
    assert "Extra" in things() and len(parses) == 4  # unreadable: parsed, never trusted
    assert "Extra" in things() and len(parses) == 4  # and stored again
