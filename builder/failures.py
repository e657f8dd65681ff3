"""Pages that failed, and the pages that depend on them: one problem, one report.

A page that cannot be used (broken YAML, no ``versions``, a product without its index) is
reported once, where it is.  Everything that depends on it (the pages of its product, links to
it from other pages) would otherwise fail too, each with its own error, and a writer reading the
first screen of errors would never see the cause.  So the loader records each unusable page in
``Content.failed``; dependants are not reported one by one but folded into at most one summary
line at the failed file, naming how many depend on it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import Diagnostic
from .frontmatter import UNKNOWN_KEY

if TYPE_CHECKING:
    from .content import Content, Page

# a link (tag) to a page that did not load: left out, folded into the failed page's summary
LINK_TO_FAILED = "link-to-failed"
# the one summary line of a failed page's dependants
DEPENDANTS = "depends-on-failed"
_HINT = "fix the error reported for {file}: its dependants need no change of their own"
_LEFT_OUT = " left out: "
_DID_NOT_LOAD = " did not load"


class FailedLink(str):
    """The message of a link to a page that did not load; ``kind`` tells the link tag to
    report it as such rather than as a link to nowhere."""

    kind = LINK_TO_FAILED


def failed_link(content: Content, rel: str, href: str) -> FailedLink | None:
    """The message for a link whose target page (content path ``rel``) failed to load."""
    for candidate in (f"{rel}.md", f"{rel}/index.md", "index.md" if not rel else ""):
        root = content.failed.get(candidate) if candidate else None
        if root is not None:
            return FailedLink(f"link to '{href}'{_LEFT_OUT}{root.file}{_DID_NOT_LOAD}")
    return None


def _link_target(diag: Diagnostic) -> str:
    """The failed file a link-to-failed diagnostic names (the link tag reports only a
    message, so the file travels in it, between two fixed texts)."""
    return diag.message.rsplit(_LEFT_OUT, 1)[1].removesuffix(_DID_NOT_LOAD)


def product_dependants(content: Content, missing: dict[str, list[Page]],
                       index_file: dict[str, Path]) -> list[Diagnostic]:
    """One line per product whose index is missing or did not load, counting its pages.

    ``missing``: product -> its pages found without a usable index; ``index_file``: product ->
    where its index is (or should be).  A missing index is itself the error (recorded as a
    failed page, so links to the product fold in here too); an index that did not load already
    has its error, so its pages get a summary warning."""
    diags = []
    for product, pages in missing.items():
        relpath = f"{product}/index.md"
        file = str(index_file[product])
        n = len(pages)
        root = content.failed.get(relpath)
        if root is None:
            # the file may exist yet not be loaded here (the preview re-reads one page alone)
            why = "could not use its index.md" if Path(file).is_file() else "has no index.md"
            root = Diagnostic(
                "error", "content",
                f"product '{product}' {why}: its {n} page{'s' if n != 1 else ''} "
                "are built without the product's navigation", file, 0,
                f"add {relpath} under the content folder with title:, versions: and the "
                "product's table of contents")
            content.failed[relpath] = root
            diags.append(root)
        else:
            diags.append(Diagnostic(
                "warning", DEPENDANTS,
                f"{n} page{'s' if n != 1 else ''} of product '{product}' depend on this index, "
                "which did not load: they are built without the product's navigation",
                root.file, root.line, _HINT.format(file=root.file)))
    return diags


def fold_dependants(diags: Iterable[Diagnostic], strict: bool = False) -> list[Diagnostic]:
    """The build's diagnostics with links to failed pages folded into one line per failed
    page (merged with its product summary, if any), and unknown frontmatter keys made errors
    when ``strict``."""
    out: list[Diagnostic] = []
    links: dict[str, list[Diagnostic]] = {}
    summaries: dict[str, int] = {}  # failed file -> index in out of its summary line
    for d in diags:
        if d.kind == LINK_TO_FAILED:
            links.setdefault(_link_target(d), []).append(d)
            continue
        if strict and d.kind == UNKNOWN_KEY and d.severity == "warning":
            d = replace(d, severity="error")
        if d.kind == DEPENDANTS:
            summaries[d.file] = len(out)
        out.append(d)
    for file, group in links.items():
        places = sorted({(g.file, g.line) for g in group})
        pages = len({f for f, _ in places})
        first = f"{places[0][0]}:{places[0][1]}" if places[0][1] else places[0][0]
        text = (f"{len(places)} link{'s' if len(places) != 1 else ''} to it in {pages} "
                f"page{'s' if pages != 1 else ''} left out (the first at {first})")
        if file not in summaries:
            text = text[0].upper() + text[1:] + " while it is broken"
        if file in summaries:
            i = summaries[file]
            out[i] = replace(out[i], message=f"{out[i].message}; {text}")
        else:
            summaries[file] = len(out)
            out.append(Diagnostic("warning", DEPENDANTS,
                                  text, file, 0,
                                  _HINT.format(file=file)))
    return out
