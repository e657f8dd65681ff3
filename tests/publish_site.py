"""A small built site, written by hand, for the publish tests: pages, assets, files that list
pages, redirect stubs and the ``redirects.json`` that names them."""

from __future__ import annotations

import json
from pathlib import Path

PAGES = [f"en/guide-{i}" for i in range(30)] + [f"ja/guide-{i}" for i in range(10)]
REDIRECTS = {"/": "/en", "/old/guide-1": "/en/guide-1", "/jp/guide-2": "/ja/guide-2",
             "/en/moved/deep/page": "/en/guide-3"}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def page_html(path: str, text: str = "") -> str:
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{path}</title>"
            f"<link rel=\"stylesheet\" href=\"/assets/docs.css\"></head>"
            f"<body><h1>{path}</h1><p>{text or 'x' * 2000}</p></body></html>\n")


def stub(target: str) -> str:
    return (f"<!doctype html>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
            f"<a href=\"{target}\">{target}</a>\n")


def write_site(root: Path) -> dict[str, str]:
    """Write the site; returns every file (relative path -> kind) as the test expects it."""
    files: dict[str, str] = {}

    def put(rel: str, data: str | bytes, kind: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        files[rel] = kind

    put("en/index.html", page_html("/en"), "page")
    put("ja/index.html", page_html("/ja"), "page")
    for p in PAGES:
        put(f"{p}/index.html", page_html("/" + p), "page")
    put("404.html", page_html("404"), "page")
    put("assets/docs.css", "body { color: #333 }\n", "asset")
    put("assets/app.3f2a9c1d.js", "console.log('hi')\n", "asset")
    put("assets/images/logo.png", PNG, "asset")
    put("sitemap.xml", "<?xml version=\"1.0\"?><urlset></urlset>\n", "index")
    put("en/page-index.json", json.dumps(["/" + p for p in PAGES]), "index")
    put("_redirects", "".join(f"{k} {v} 301\n" for k, v in REDIRECTS.items()), "index")
    put("redirects.json", json.dumps(REDIRECTS), "index")
    for key, target in REDIRECTS.items():
        rel = f"{key.strip('/')}/index.html" if key != "/" else "index.html"
        put(rel, stub(target), "redirect")
    return files
