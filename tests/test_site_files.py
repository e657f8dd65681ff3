"""Site files (spec §10.7-10.8): robots.txt, categories.json, /public/, _headers and noindex,
in the static build and in the preview, on a small inline site."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from builder.build import build
from builder.config import load_config
from builder.preview.state import PreviewSite

from .conftest import SMALL_CONFIG, write_tree

ALL = "versions:\n  free-pro-team: '*'\n  enterprise-server: '*'\n"
SCHEMA = "type Query {\n  viewer: User!\n}\n\ntype User {\n  login: String!\n}\n"
GHES_SCHEMA = "type Query {\n  viewer: User\n}\n"

CONFIG = copy.deepcopy(SMALL_CONFIG)
CONFIG["base_url"] = "https://docs.example.com"
CONFIG["languages"].append({"code": "de", "name": "German", "native_name": "Deutsch",
                            "content_dir": "translations/de-DE/content",
                            "data_dir": "translations/de-DE/data", "wip": True})
CONFIG["archive"] = {"plan": "enterprise-server",
                     "url": "https://archive.example.com/{release}{path}"}

FILES = {
    "builder.yml": yaml.safe_dump(CONFIG, allow_unicode=True),
    "content/index.md": "---\ntitle: Home\nversions: '*'\n---\n",
    "content/hub/index.md": f"---\ntitle: Hub\n{ALL}---\n{{% link_in_list /start %}}\n"
                            "{% link_in_list /solo %}\n",
    "content/hub/start/index.md": f"---\ntitle: Starting out\n{ALL}---\n"
                                  "{% link_in_list /first %}\n{% link_in_list /second %}\n"
                                  "{% link_in_list /secret %}\n",
    "content/hub/start/first.md": f"---\ntitle: First steps\n{ALL}---\nOne.\n",
    "content/hub/start/second.md": "---\ntitle: Second steps\nversions:\n"
                                   "  free-pro-team: '*'\n---\nTwo.\n",
    "content/hub/start/secret.md": f"---\ntitle: Secret\nhidden: true\n{ALL}---\nHidden.\n",
    "content/hub/solo.md": f"---\ntitle: Solo article\n{ALL}---\nAlone.\n",
    "data/ui.yml": "header:\n  github_docs: Test Docs\n",
    "data/graphql/schema.docs.graphql": SCHEMA,
    "data/graphql/ghes-3.0/schema.docs-enterprise.graphql": GHES_SCHEMA,
    "data/graphql/README.md": "Not published.\n",
    "translations/de-DE/content/hub/start/first.md":
        f"---\ntitle: Erste Schritte\n{ALL}---\nEins.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    source = write_tree(tmp_path_factory.mktemp("src"), FILES)
    config = load_config(source / "builder.yml", source)
    out = source.parent / "_site"
    result = build(config, out, jobs=1)
    assert result.ok, [d.format() for d in result.report.errors]
    return source, out


def test_robots_txt(built):
    _source, out = built
    assert (out / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://docs.example.com/sitemap.xml\n")


def test_categories_json_lists_default_version_categories_and_their_articles(built):
    _source, out = built
    assert json.loads((out / "categories.json").read_text()) == [
        {"name": "Starting out", "published_articles": ["First steps", "Second steps"]},
    ]


def test_graphql_schema_files_are_published_under_public(built):
    source, out = built
    assert (out / "public/schema.docs.graphql").read_bytes() == SCHEMA.encode()
    assert (out / "public/ghes-3.0/schema.docs-enterprise.graphql").read_text() == GHES_SCHEMA
    assert not (out / "public/README.md").exists()


def _blocks(text: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("/"):
            current = line
            blocks.setdefault(current, [])
        elif line.strip():
            assert line.startswith("  "), line
            blocks[current].append(line.strip())
    return blocks


def test_headers_file(built):
    _source, out = built
    blocks = _blocks((out / "_headers").read_text())
    for path in ("/en/*", "/ja/*", "/de/*", "/"):
        assert any(h.startswith("Cache-Control:") and "max-age=300" in h for h in blocks[path])
    assert blocks["/assets/*"] == ["Cache-Control: public, max-age=604800"]
    assert "X-Robots-Tag: noindex" in blocks["/de/*"]
    assert "X-Robots-Tag: noindex" not in blocks["/en/*"]
    for prefix in ("/enterprise/2.19", "/en/enterprise-server@2.19", "/ja/enterprise/11.10.340"):
        assert blocks[prefix] == blocks[prefix + "/*"] == ["X-Robots-Tag: noindex"]


def test_noindex_meta_on_work_in_progress_languages_only(built):
    _source, out = built
    robots = '<meta name="robots" content="noindex">'
    assert robots in (out / "de/hub/start/first/index.html").read_text()
    assert robots in (out / "de/hub/solo/index.html").read_text()  # English standing in
    assert robots not in (out / "en/hub/start/first/index.html").read_text()
    assert robots not in (out / "ja/hub/start/first/index.html").read_text()


def test_preview_answers_the_same(built):
    source, out = built
    preview = PreviewSite(source, source / "builder.yml")
    preview.load()
    for path, kind in (("/robots.txt", "text/plain"), ("/categories.json", "application/json"),
                       ("/public/ghes-3.0/schema.docs-enterprise.graphql", "text/plain")):
        answer = preview.answer(path)
        rel = path.lstrip("/")
        assert answer.status == 200 and answer.content_type.startswith(kind), path
        assert answer.body == (out / rel).read_bytes(), path
    assert preview.answer("/public/README.md").status == 404
    moved = preview.answer("/en/enterprise/2.19/user/articles/x", "a=1")
    assert moved.status == 301
    assert moved.location == ("https://archive.example.com/2.19/en/enterprise/2.19/user/"
                              "articles/x?a=1")
