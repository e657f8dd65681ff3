"""The header with language label and copy button of ``X{:copy}`` fences (spec §6.4)."""

from __future__ import annotations

import octicons_pack
from markdown_it.common.utils import escapeHtml
from selectolax.lexbor import LexborHTMLParser

# Display names of fence languages (the original's lib/render-content/plugins/code-header.js).
LANGUAGE_LABELS: dict[str, str] = {
    "asp": "ASP", "aspx": "ASP", "aspx-vb": "ASP", "as3": "ActionScript",
    "apache": "ApacheConf", "nasm": "Assembly", "bat": "Batchfile", "c#": "C#", "csharp": "C#",
    "c": "C", "c++": "C++", "cpp": "C++", "chpl": "Chapel", "coffee": "CoffeeScript",
    "coffee-script": "CoffeeScript", "cfm": "ColdFusion", "common-lisp": "Common Lisp",
    "lisp": "Common Lisp", "dpatch": "Darcs Patch", "dart": "Dart", "elisp": "Emacs Lisp",
    "emacs": "Emacs Lisp", "emacs-lisp": "Emacs Lisp", "pot": "Gettext Catalog", "html": "HTML",
    "xhtml": "HTML", "html+erb": "HTML+ERB", "erb": "HTML+ERB", "irc": "IRC log",
    "json": "JSON", "jsp": "Java Server Pages", "java": "Java", "javascript": "JavaScript",
    "js": "JavaScript", "lhs": "Literate Haskell", "literate-haskell": "Literate Haskell",
    "objc": "Objective-C", "openedge": "OpenEdge ABL", "progress": "OpenEdge ABL",
    "abl": "OpenEdge ABL", "pir": "Parrot Internal Representation", "posh": "PowerShell",
    "puppet": "Puppet", "pure-data": "Pure Data", "raw": "Raw token data", "rb": "Ruby",
    "ruby": "Ruby", "r": "R", "scheme": "Scheme", "bash": "Shell", "sh": "Shell",
    "shell": "Shell", "zsh": "Shell", "supercollider": "SuperCollider", "tex": "TeX",
    "ts": "TypeScript", "vim": "Vim script", "viml": "Vim script", "rst": "reStructuredText",
    "xbm": "X BitMap", "xpm": "X PixMap", "yaml": "YAML", "yml": "YAML",
    "shellsession": "Shell", "jsx": "JSX",
}

_HEADER_CLASS = "d-flex flex-items-center flex-justify-between p-2 text-small rounded-top-1 border"
_BUTTON_CLASS = "js-btn-copy btn btn-sm tooltipped tooltipped-nw"


def _clipboard_icon() -> str:
    """The clipboard octicon (``clippy`` in the original's octicons 11, ``paste`` today)."""
    icon = octicons_pack.get_icon("paste-16")
    paths = LexborHTMLParser(icon.svg).css("path") if icon else []
    body = "".join(f'<path fill-rule="evenodd" d="{escapeHtml(p.attributes.get("d") or "")}"></path>'
                   for p in paths)
    return ('<svg class="octicon octicon-clippy" viewBox="0 0 16 16" version="1.1" width="16" '
            f'height="16" aria-hidden="true">{body}</svg>')


CLIPBOARD_ICON = _clipboard_icon()


def code_header(lang: str, code: str, pre_html: str) -> str:
    label = LANGUAGE_LABELS.get(lang) or lang or "Code"
    return (
        f'<div class="code-extra"><header class="{_HEADER_CLASS}"><span>{escapeHtml(label)}</span>'
        f'<button class="{_BUTTON_CLASS}" data-clipboard-text="{escapeHtml(code)}" '
        f'aria-label="Copy code to clipboard">{CLIPBOARD_ICON}</button></header>{pre_html}</div>'
    )
