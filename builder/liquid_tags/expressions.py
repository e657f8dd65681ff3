"""Conditions and variable paths with liquidjs 9 semantics (spec §5.1, §5.3).

python-liquid 2's own ``BooleanExpression`` already groups ``and``/``or`` right to left, but
its operator table is a set of module constants and its tokenizer has no ``ver_gt``/``ver_lt``
tokens, and its ``==``, ``<`` and ``contains`` follow Ruby Liquid (``contains`` raises on a
number, ``<`` raises on mixed types).  This small parser gives conditions the original's
JavaScript behaviour instead:

* comparisons (``== != <> < > <= >= contains ver_gt ver_lt``) bind tighter than ``and``/``or``;
* ``and`` and ``or`` have equal precedence and group right to left;
* only ``false``, ``nil`` and undefined are falsy (``""`` and ``0`` are true);
* ``!x`` is accepted and is always falsy, as liquidjs evaluated ``!page.hidden``;
* like liquidjs, a condition ends quietly at the first token that does not continue
  ``operand (operator operand)*``: ``{% if a ver_gt "2.21" % %}`` is ``a ver_gt "2.21"``.
  The content has several such typos that the original rendered; the caller warns.

Paths (``page.version``, ``a.b[0]``, ``glossaries.external[forloop.index0].term``) are also
parsed here, for the ``data`` and ``indented_data_reference`` tags, whose data keys may start
with digits or contain hyphens (``reusables.two_fa.2fa-in-browser``).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from liquid.exceptions import LiquidSyntaxError
from liquid.token import Token
from liquid.undefined import Undefined

if TYPE_CHECKING:
    from liquid.context import RenderContext


class _Missing:
    """The value of a path that does not resolve (JavaScript ``undefined``)."""

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()

# -- tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<string>"[^"]*"|'[^']*')
  | (?P<op>==|!=|<>|<=|>=|<|>)
  | (?P<word>[\w\-?]+)
  | (?P<punct>[.\[\]!])
  | (?P<bad>.)
""", re.VERBOSE)

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_COMPARATORS = frozenset(("==", "!=", "<>", "<", ">", "<=", ">=", "contains", "ver_gt", "ver_lt"))

_LITERALS: dict[str, Any] = {"true": True, "false": False, "nil": None, "null": None}


@dataclass(frozen=True)
class _Tok:
    kind: str  # "string", "op", "word", "punct", "eof"
    value: str
    pos: int  # offset inside the expression text


def tokenize(text: str) -> list[_Tok]:
    """Split an expression into tokens; unknown characters become "bad" tokens (errors later)."""
    tokens = [_Tok(m.lastgroup or "bad", m.group(), m.start())
              for m in _TOKEN.finditer(text) if m.lastgroup != "space"]
    tokens.append(_Tok("eof", "", len(text)))
    return tokens


# -- expression tree ---------------------------------------------------------------------------


class Expr:
    """A node of a parsed expression; ``evaluate`` returns a Python value or MISSING."""

    def evaluate(self, context: RenderContext) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Literal(Expr):
    value: Any

    def evaluate(self, context: RenderContext) -> Any:
        return self.value


class _Special(Expr):
    """``empty`` and ``blank``: only meaningful as the right side of ``==``/``!=``."""

    def __init__(self, name: str):
        self.name = name

    def evaluate(self, context: RenderContext) -> Any:
        return self

    def matches(self, value: Any) -> bool:
        """liquidjs EmptyDrop/BlankDrop ``equals``."""
        value = plain(value)
        if self.name == "blank" and (value is False or value is None or value is MISSING):
            return True
        if self.name == "blank" and isinstance(value, str):
            return value.strip() == ""
        if isinstance(value, (str, list, tuple, dict)):
            return len(value) == 0
        return False


@dataclass(frozen=True)
class Path(Expr):
    """``root.segment[expr]...``; segments are str keys, int indexes or nested expressions."""

    root: str
    segments: tuple[Any, ...]

    def evaluate(self, context: RenderContext) -> Any:
        keys: list[object] = [self.root]
        for segment in self.segments:
            if isinstance(segment, Expr):
                key = plain(segment.evaluate(context))
                if key is MISSING or key is None:
                    return MISSING
                keys.append(key)
            else:
                keys.append(segment)
        value = context.get(keys, token=None, default=MISSING)
        return MISSING if isinstance(value, Undefined) else value

    def dotted(self, context: RenderContext) -> str:
        """The path with bracketed expressions evaluated, e.g. ``glossaries.external.3.term``."""
        parts = [self.root]
        for segment in self.segments:
            value = plain(segment.evaluate(context)) if isinstance(segment, Expr) else segment
            parts.append(js_string(value))
        return ".".join(parts)


@dataclass(frozen=True)
class Not(Expr):
    """``!x``: liquidjs tolerated it and evaluated it as falsy (spec §5.1)."""

    operand: Expr

    def evaluate(self, context: RenderContext) -> Any:
        return MISSING


@dataclass(frozen=True)
class Compare(Expr):
    left: Expr
    op: str
    right: Expr

    def evaluate(self, context: RenderContext) -> Any:
        left, right = self.left.evaluate(context), self.right.evaluate(context)
        if self.op in ("ver_gt", "ver_lt"):
            versions = context.env.versions  # type: ignore[attr-defined]
            return versions.compare(plain(left), plain(right), ">" if self.op == "ver_gt" else "<")
        return _OPERATORS[self.op](left, right)


@dataclass(frozen=True)
class Logical(Expr):
    """A chain ``c0 op0 c1 op1 c2 ...`` of and/or, evaluated right to left like liquidjs."""

    operands: tuple[Expr, ...]
    ops: tuple[str, ...]

    def evaluate(self, context: RenderContext) -> Any:
        result = truthy(self.operands[-1].evaluate(context))
        for operand, op in zip(reversed(self.operands[:-1]), reversed(self.ops)):
            left = truthy(operand.evaluate(context))
            result = (left and result) if op == "and" else (left or result)
        return result


# -- JavaScript-like values --------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Unwrap drops (``__liquid__``) and map python-liquid's Undefined to MISSING."""
    if isinstance(value, Undefined):
        return MISSING
    if hasattr(value, "__liquid__"):
        return value.__liquid__()
    return value


def truthy(value: Any) -> bool:
    """Liquid truthiness as liquidjs 9 applies it: only false, nil and undefined are falsy."""
    value = plain(value)
    return not (value is False or value is None or value is MISSING)


def js_string(value: Any) -> str:
    """JavaScript ``String(value)``, used to print non-string data and for ``contains``."""
    value = plain(value)
    if isinstance(value, str):
        return value
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _js_float(value)
    if isinstance(value, (list, tuple)):
        return ",".join("" if v is None or v is MISSING else js_string(v) for v in value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "[object Object]"
    return str(value)


def _js_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(int(value)) if value.is_integer() else repr(value)


def _js_number(value: Any) -> float:
    """JavaScript ``Number(value)`` for relational comparisons (NaN when not numeric)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if value is None:
        return 0.0
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        try:
            return float(text)
        except ValueError:
            return math.nan
    return math.nan


def strict_equals(left: Any, right: Any) -> bool:
    """liquidjs ``==``: JavaScript ``===``, with nil equal to undefined and empty/blank drops."""
    if isinstance(right, _Special):
        return right.matches(left)
    if isinstance(left, _Special):
        return left.matches(right)
    left, right = plain(left), plain(right)
    if left is None or left is MISSING or right is None or right is MISSING:
        return (left is None or left is MISSING) and (right is None or right is MISSING)
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return left is right


def _relational(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """JavaScript ``<``-style comparison: strings by code point, everything else as numbers."""

    def compare(left: Any, right: Any) -> bool:
        left, right = plain(left), plain(right)
        if left is MISSING or right is MISSING:
            return False
        if isinstance(left, str) and isinstance(right, str):
            return test(left, right)
        a, b = _js_number(left), _js_number(right)
        return not (math.isnan(a) or math.isnan(b)) and test(a, b)

    return compare


def contains(left: Any, right: Any) -> bool:
    """liquidjs ``contains``: ``left.indexOf(right) > -1`` for strings and arrays, else false."""
    left, right = plain(left), plain(right)
    if isinstance(left, str):
        return js_string(right) in left
    if isinstance(left, (list, tuple)):
        return any(strict_equals(item, right) for item in left)
    return False


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": strict_equals,
    "!=": lambda a, b: not strict_equals(a, b),
    "<>": lambda a, b: not strict_equals(a, b),
    "<": _relational(lambda a, b: a < b),
    ">": _relational(lambda a, b: a > b),
    "<=": _relational(lambda a, b: a <= b),
    ">=": _relational(lambda a, b: a >= b),
    "contains": contains,
}


# -- parser ------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens of one expression; errors point into the template."""

    def __init__(self, text: str, token: Token | None):
        self.text = text
        self.token = token  # the template token holding `text`, for error positions
        self.tokens = tokenize(text)
        self.pos = 0

    @property
    def current(self) -> _Tok:
        return self.tokens[self.pos]

    def advance(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return tok

    def error(self, message: str, tok: _Tok | None = None) -> LiquidSyntaxError:
        return LiquidSyntaxError(message, token=self.where(tok or self.current))

    def where(self, tok: _Tok) -> Token | None:
        """A template token pointing at ``tok`` (for error and warning positions)."""
        if self.token is None:
            return None
        return Token(self.token.kind, tok.value or self.token.value,
                     self.token.start_index + tok.pos, self.token.source)

    def expect_end(self) -> None:
        if self.current.kind != "eof":
            raise self.error(f"unexpected '{self.current.value}' in '{self.text}'")

    # conditions, read the way liquidjs 9 reads them -------------------------------------------

    def condition(self) -> tuple[Expr, int]:
        """``operand (operator operand)*``, stopping quietly at the first thing that does not
        fit, as liquidjs did (``… ver_gt "x" % %}`` and ``!page.hidden`` both render).
        Returns the expression and the number of tokens left unread."""
        first = self.try_operand()
        if first is None:
            return Literal(MISSING), len(self.tokens) - 1 - self.pos
        items: list[Any] = [first]
        while True:
            mark = self.pos
            op = self.try_operator()
            operand = self.try_operand() if op else None
            if operand is None:
                self.pos = mark
                break
            items += [op, operand]
        return _build(items), len(self.tokens) - 1 - self.pos

    def try_operator(self) -> str | None:
        tok = self.current
        if tok.kind in ("op", "word") and (tok.value in _COMPARATORS or tok.value in _LOGICAL):
            self.advance()
            return tok.value
        return None

    def try_operand(self) -> Expr | None:
        mark = self.pos
        try:
            return self.operand()
        except LiquidSyntaxError:
            self.pos = mark
            return None

    # operands ---------------------------------------------------------------------------------

    def operand(self) -> Expr:
        tok = self.current
        if tok.kind == "punct" and tok.value == "!":
            self.advance()
            return Not(self.operand())
        if tok.kind == "string":
            self.advance()
            return Literal(tok.value[1:-1])
        if tok.kind == "word":
            return self.word_operand()
        if tok.kind == "eof":
            raise self.error(f"missing value in '{self.text}'")
        raise self.error(f"unexpected '{tok.value}' in '{self.text}'")

    def word_operand(self) -> Expr:
        tok = self.advance()
        if tok.value in _LITERALS:
            return Literal(_LITERALS[tok.value])
        if tok.value in ("empty", "blank"):
            return _Special(tok.value)
        if _NUMBER.fullmatch(tok.value):
            return self.number(tok)
        return Path(tok.value, self.segments())

    def number(self, tok: _Tok) -> Expr:
        """``1``, ``-2`` or ``2.5`` (the tokenizer splits ``2.5`` into ``2`` ``.`` ``5``)."""
        if (self.current.value == "." and self.tokens[self.pos + 1].kind == "word"
                and self.tokens[self.pos + 1].value.isdigit()):
            self.advance()
            return Literal(float(f"{tok.value}.{self.advance().value}"))
        return Literal(int(tok.value))

    def segments(self) -> tuple[Any, ...]:
        found: list[Any] = []
        while self.current.kind == "punct" and self.current.value in (".", "["):
            if self.advance().value == ".":
                if self.current.kind != "word":
                    raise self.error(f"expected a name after '.' in '{self.text}'")
                found.append(self.advance().value)
            else:
                found.append(self.index())
        return tuple(found)

    def index(self) -> Any:
        inner = self.operand()
        if not (self.current.kind == "punct" and self.current.value == "]"):
            raise self.error(f"expected ']' in '{self.text}'")
        self.advance()
        if isinstance(inner, Literal):
            return inner.value
        return inner


_LOGICAL = frozenset(("and", "or"))


def _build(items: list[Any]) -> Expr:
    """Operands and operators, alternating, to a tree: comparisons bind tighter than and/or,
    and both levels group right to left (liquidjs pops only strictly higher precedence)."""
    chains: list[list[Any]] = [[items[0]]]
    logic: list[str] = []
    for op, operand in zip(items[1::2], items[2::2]):
        if op in _LOGICAL:
            logic.append(op)
            chains.append([operand])
        else:
            chains[-1] += [op, operand]
    built = [_comparison_chain(chain) for chain in chains]
    return built[0] if not logic else Logical(tuple(built), tuple(logic))


def _comparison_chain(chain: list[Any]) -> Expr:
    """``a == b contains c`` -> ``a == (b contains c)``, as liquidjs evaluated it."""
    expr = chain[-1]
    for index in range(len(chain) - 3, -1, -2):
        expr = Compare(chain[index], chain[index + 1], expr)
    return expr


def parse_condition(text: str, token: Token | None = None,
                    ignored: Callable[[str, Token | None], None] | None = None) -> Expr:
    """Parse an ``if``/``elsif``/``unless`` condition the lenient liquidjs way.

    Text after the last complete ``operand operator operand`` is ignored, as the original did;
    ``ignored(text, token)`` is told about it so the build can warn.
    """
    parser = _Parser(text, token)
    expr, left_over = parser.condition()
    if left_over and ignored is not None:
        ignored(text[parser.current.pos:].strip(), parser.where(parser.current))
    return expr


def parse_path(text: str, token: Token | None = None) -> Path:
    """Parse a variable path such as ``site.data.reusables.foo[forloop.index0].bar``."""
    parser = _Parser(text, token)
    tok = parser.current
    if tok.kind != "word" or tok.value in _LITERALS or _NUMBER.fullmatch(tok.value):
        raise parser.error(f"expected a variable name, found '{text}'")
    parser.advance()
    path = Path(tok.value, parser.segments())
    parser.expect_end()
    return path


def join_paths(prefix: Sequence[str], path: Path) -> Path:
    """``site.data`` + ``reusables.x`` -> ``site.data.reusables.x``."""
    root, *rest = prefix
    return Path(root, tuple(rest) + (path.root,) + path.segments)
