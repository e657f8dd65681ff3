"""The Liquid dialect of the original renderer (liquidjs 9, spec §5), on python-liquid 2.

:func:`make_environment` returns an environment with the original's settings (undefined
variables and unknown filters render empty, no auto-escaping) and its custom tags and filters.
Tags reach the rest of the build only through :class:`RenderServices`, which the render pipeline
implements: link targets, warnings and known-missing includes are its business, not theirs.

Every error that leaves :func:`parse_template` or :func:`render_template` is a
:class:`builder.errors.LiquidError` naming the file and line, whether it came from
python-liquid or from one of our tags, and whether it happened in the page or in a data value
(a reusable) that the page pulled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import StringIO
from typing import Any, Mapping, Protocol, Sequence, Sized, runtime_checkable

from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.exceptions import LiquidError as PyLiquidError
from liquid.exceptions import TemplateNotFoundError
from liquid.loader import BaseLoader
from liquid.token import Token
from liquid.undefined import Undefined

from .errors import BuilderError, LiquidError
from . import trace
from .literal_code import literal_code_hint
from .versions import Versions

# -- what the pipeline provides ------------------------------------------------------------------


@dataclass(frozen=True)
class LinkData:
    """What a link tag needs about its target page, already rendered for this version."""

    href: str  # the full path to write, e.g. /en/desktop/foo (not necessarily canonical)
    title: str  # text only, HTML-entity encoded
    short_title: str = ""
    intro: str = ""  # inner HTML of the intro's first paragraph; may be empty
    type: str = ""  # frontmatter `type` (guide cards)
    topics: Sequence[str] = field(default_factory=tuple)


class RenderServices(Protocol):
    """The render pipeline, as the Liquid tags see it."""

    def link_data(self, href: str, context_globals: Mapping[str, Any]) -> LinkData | None:
        """The target of a link tag, or None when the link must render empty (spec §5.4)."""

    def warn(self, kind: str, message: str, file: str, line: int) -> None:
        """Record a warning (e.g. kind "data-missing") for the build report."""

    def missing_include(self, name: str) -> bool:
        """True when ``{% include name %}`` names reference data we do not have."""


@runtime_checkable
class DataFileService(Protocol):
    """Optional: lets errors inside data values name the data file they come from."""

    def data_file(self, key: str, context_globals: Mapping[str, Any]) -> str:
        """The file holding dotted data key (``reusables.foo.bar``), or '' if unknown."""


# -- template, context and environment ------------------------------------------------------------


class DocsContext(RenderContext):
    """A render context that knows which data values are being rendered (to catch cycles)
    and resolves JavaScript-style properties: ``.length`` and attributes of plain objects."""

    __slots__ = ("data_stack",)

    def __init__(self, template: BoundTemplate, *, data_stack: tuple[str, ...] = (),
                 **kwargs: Any):
        super().__init__(template, **kwargs)
        self.data_stack = data_stack

    def get_item(self, obj: Any, key: Any) -> Any:
        """``.length`` works on arrays and strings (layouts use ``page.permalinks.length``)."""
        if key == "length" and isinstance(obj, (str, list, tuple)):
            return len(obj)
        try:
            return super().get_item(obj, key)
        except TypeError:
            if (isinstance(key, str) and not key.startswith("_")
                    and not isinstance(obj, (str, Mapping, list, tuple)) and hasattr(obj, key)):
                return getattr(obj, key)
            raise


class DocsTemplate(BoundTemplate):
    """A parsed template that remembers where its source starts in its file."""

    context_class = DocsContext

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.source = ""
        self.line_offset: int | None = 0  # None: the line inside the file is not known
        self.label = ""  # for data values: "site.data.<key>"


class DocsEnvironment(Environment):
    """python-liquid configured like the original's liquidjs, plus what our tags need."""

    template_class = DocsTemplate
    # liquidjs keeps whitespace-only blocks; Markdown needs their blank lines.
    suppress_blank_control_flow_blocks = False

    def __init__(self, versions: Versions, services: RenderServices,
                 loader: BaseLoader | None = None):
        self.versions = versions
        self.services = services
        # (file, text) -> parsed data value, as a trace.memo entry
        self.data_templates: dict[tuple[str, str], Any] = {}
        # (message, token) of things the original tolerated, noted while parsing;
        # parse_template reports them through services.warn with the file and line.
        self.parse_warnings: list[tuple[str, Token | None]] = []
        self._data_file = services.data_file if isinstance(services, DataFileService) else None
        super().__init__(tolerance=Mode.STRICT, strict_filters=False, autoescape=False,
                         undefined=Undefined, loader=loader)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Built-ins first, then ours: our ``if``/``unless`` replace python-liquid's."""
        super().setup_tags_and_filters(extra=extra)
        from .liquid_tags import register

        register(self)
        self.add_filter("obj_size", obj_size)
        self.add_filter("version_num", version_num)
        self.add_filter("slugify", slugify)

    def data_file(self, key: str, context_globals: Mapping[str, Any]) -> str:
        """The file a data key comes from, if the pipeline can tell (for error messages)."""
        return (self._data_file(key, context_globals) or "") if self._data_file else ""


def make_environment(versions: Versions, services: RenderServices,
                     loader: BaseLoader | None = None) -> DocsEnvironment:
    """The Liquid environment for one site.  ``loader`` serves ``{% render name %}`` partials."""
    return DocsEnvironment(versions, services, loader)


# -- filters -------------------------------------------------------------------------------------


def obj_size(value: Any) -> int:
    """Number of keys of an object (``Object.keys(x).length``); 0 for falsy input."""
    if not value or isinstance(value, Undefined):
        return 0
    return len(value) if isinstance(value, Sized) else 0


def version_num(value: Any) -> str:
    """``enterprise-server@2.22`` -> ``2.22``; '' when there is no ``@``."""
    text = "" if isinstance(value, Undefined) or value is None else str(value)
    return text.split("@")[1] if "@" in text else ""


def slugify(value: Any) -> str:
    """github-slugger slug (builder.slugger, imported late so this module loads without it)."""
    from .slugger import slugify as _slugify

    return _slugify("" if isinstance(value, Undefined) or value is None else str(value))


# -- parsing and rendering with errors that name the file and line --------------------------------


def parse_template(env: Environment, source: str, name: str, line_offset: int | None = 0,
                   label: str = "") -> DocsTemplate:
    """Parse ``source`` from file ``name``; its first line is line ``line_offset + 1`` there.

    ``line_offset=None`` means the position in the file is unknown (a YAML data value named
    ``label``).  Raises builder.errors.LiquidError (file, line, hint) for any syntax error;
    tolerated oddities are reported through ``services.warn`` (kind "liquid-syntax").
    """
    pending = getattr(env, "parse_warnings", [])
    pending.clear()
    try:
        template = env.from_string(source, name=name, path=name)
    except PyLiquidError as err:
        raise _translate(err, name, source, line_offset, label) from None
    finally:
        warnings, pending[:] = list(pending), []
    assert isinstance(template, DocsTemplate)
    template.source, template.line_offset, template.label = source, line_offset, label
    for message, token in warnings:
        line, suffix = _location(token, source, line_offset, label)
        env.services.warn("liquid-syntax", message + suffix, name, line)  # type: ignore[attr-defined]
    return template


def render_template(template: BoundTemplate, globals: Mapping[str, Any]) -> str:  # noqa: A002
    """Render a parsed template with ``globals`` as its root scope; errors name file and line."""
    try:
        return template.render(globals)
    except PyLiquidError as err:
        raise translate_error(err, template) from None


def render_nested(context: RenderContext, source: str, key: str, token: Token | None) -> str:
    """Render a data value as Liquid with the caller's ROOT scope (spec §5.4 ``data``).

    Variables that the calling template assigned or looped over are not visible, as in the
    original.  ``key`` joins the stack of values being rendered, so a reusable that pulls
    itself in (directly or through others) fails with the cycle instead of recursing forever.
    """
    stack: tuple[str, ...] = getattr(context, "data_stack", ())
    if key in stack:
        cycle = " -> ".join(stack[stack.index(key):] + (key,))
        raise LiquidError(f"data reference cycle: {cycle}", file=current_file(context),
                          line=token_line(token, context.template),
                          hint="a reusable or variable includes itself; break the loop")
    used_at = (f"used as site.data.{key} at "
               f"{current_file(context)}:{token_line(token, context.template)}")
    try:
        template = _data_template(context.env, source, key, context.globals)  # type: ignore[arg-type]
        nested = DocsContext(template, globals=context.globals, data_stack=stack + (key,))
        buffer = StringIO()
        try:
            template.render_with_context(nested, buffer)
        except PyLiquidError as err:
            raise translate_error(err, template) from None
    except BuilderError as exc:
        raise add_hint(exc, used_at) from None
    return buffer.getvalue()


def _data_template(env: DocsEnvironment, source: str, key: str,
                   context_globals: Mapping[str, Any]) -> DocsTemplate:
    """Parse a data value once per (file, text); the file comes from the optional service."""
    file = env.data_file(key, context_globals)
    if "site.data" in source:  # reads data by path, outside the data tag's bookkeeping
        trace.record(f"data-all:{context_globals.get('currentLanguage', '')}")

    def parse() -> DocsTemplate:
        label = f"site.data.{key}"
        offset = 0 if file.endswith((".md", ".markdown")) else None
        return parse_template(env, source, file or label, offset, label)

    # memo: the parse warnings reach every render that uses the value, not just the first
    return trace.memo(env.data_templates, (file, source), parse)


def token_line(token: Token | None, template: BoundTemplate | None) -> int:
    """The line in the file of a template token (0 when unknown)."""
    offset = getattr(template, "line_offset", 0)
    if token is None or token.start_index < 0 or offset is None:
        return 0
    return token.source.count("\n", 0, token.start_index) + 1 + offset


def current_file(context: RenderContext) -> str:
    """The file of the template being rendered in ``context``."""
    template = context.template
    return str(template.path or template.name or "")


def translate_error(err: PyLiquidError, template: BoundTemplate) -> LiquidError:
    """A python-liquid error raised in ``template`` as a builder LiquidError."""
    return _translate(err, str(template.path or template.name or ""),
                      getattr(template, "source", ""), getattr(template, "line_offset", 0),
                      getattr(template, "label", ""))


def _translate(err: PyLiquidError, name: str, source: str, line_offset: int | None,
               label: str) -> LiquidError:
    message = str(err.message or type(err).__name__)
    if isinstance(err, TemplateNotFoundError):
        message = f"partial template '{message}' not found (no loader serves it)"
    token = err.token
    if token is None or token.start_index < 0:
        token, message = _unclosed_block(source, message)
    line, suffix = _location(token, source, line_offset, label)
    text, index = (token.source, token.start_index) if token else (source, len(source))
    line_text = _line_at(text, index)
    hint = f"near: {line_text}" if line_text else ""
    literal = literal_code_hint(text, index) if token else ""
    return LiquidError(message + suffix, file=name, line=line,
                       hint=f"{hint}; {literal}" if hint and literal else hint or literal)


def _location(token: Token | None, source: str, line_offset: int | None,
              label: str) -> tuple[int, str]:
    """(line in the file, message suffix).  For a value whose place in its file is unknown,
    line 0 and a suffix naming the value and the line inside it."""
    if token is not None and token.start_index >= 0:
        line_in_source = token.source.count("\n", 0, token.start_index) + 1
    else:
        line_in_source = source.count("\n", 0, len(source.rstrip())) + 1
    if line_offset is None:
        return 0, f" (in {label}, line {line_in_source} of the value)"
    return line_in_source + line_offset, ""


_EXPECTED_END = re.compile(r"expected tag (end\w+), found end of expression")
_TAG = re.compile(r"\{%-?\s*(\w+)")


def _unclosed_block(source: str, message: str) -> tuple[Token | None, str]:
    """python-liquid reports an unclosed built-in block (``for``, ``capture``...) at the end
    of the file; find the opening tag instead and say what the original said."""
    match = _EXPECTED_END.search(message)
    if not match:
        return None, message
    name = match.group(1)[3:]
    depth, opening = 0, None
    for tag in reversed(list(_TAG.finditer(source))):
        if tag.group(1) == f"end{name}":
            depth += 1
        elif tag.group(1) == name:
            if depth == 0:
                opening = tag
                break
            depth -= 1
    if opening is None:
        return None, message
    token = Token("tag", name, opening.start(1), source)
    return token, f"tag {{% {name} %}} not closed"


def _line_at(text: str, index: int) -> str:
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start:end if end >= 0 else len(text)].strip()
    return line if len(line) <= 160 else line[:157] + "..."


def add_hint(exc: BuilderError, note: str) -> BuilderError:
    """Append where a nested value was used to an error raised inside it."""
    exc.hint = f"{exc.hint}; {note}" if exc.hint else note
    return exc


__all__ = [
    "LinkData", "RenderServices", "DataFileService", "DocsContext", "DocsTemplate",
    "DocsEnvironment", "make_environment", "parse_template", "render_template",
    "render_nested", "token_line", "current_file", "translate_error", "add_hint",
    "obj_size", "version_num", "slugify",
]
