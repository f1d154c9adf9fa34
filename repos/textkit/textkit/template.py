"""A tiny template renderer.

Syntax::

    Hello {{ user.name|title }}!
    {% if items %}
      {% for item in items %}{{ loop.index }}. {{ item|default("?") }}
      {% endfor %}
    {% elif fallback %}{{ fallback }}{% else %}nothing{% endif %}
    {# comments are dropped #}

Conditions support ``and``/``or``/``not``, comparisons (``== != < <= > >=``)
and ``in``; literals may be numbers, quoted strings, ``true``, ``false`` and
``none``.  Expressions are tokenised with :mod:`textkit.tokenizer`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ._util import ParseError
from .tokenizer import EOF, NAME, NUMBER, OP, STRING, Token, TokenizeError, tokenize

_TAG_RE = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)

_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")

_MISSING = object()


class TemplateSyntaxError(ParseError):
    pass


class UndefinedError(KeyError):
    pass


def _to_bool(value) -> bool:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"not a boolean: {value!r}")
    return bool(value)


FILTERS = {
    "upper": lambda v: str(v).upper(),
    "lower": lambda v: str(v).lower(),
    "title": lambda v: str(v).title(),
    "trim": lambda v: str(v).strip(),
    "length": lambda v: len(v),
    "default": lambda v, d="": d if v is None or v == "" else v,
    "join": lambda v, sep=", ": sep.join(str(x) for x in v),
    "bool": _to_bool,
    "yesno": lambda v, yes="yes", no="no": yes if _to_bool(v) else no,
    "escape": lambda v: html.escape(str(v)),
    "first": lambda v: v[0] if v else None,
    "last": lambda v: v[-1] if v else None,
}


# -- expression AST ------------------------------------------------------------
@dataclass
class Literal:
    value: object


@dataclass
class Lookup:
    path: list[str]


@dataclass
class Filtered:
    inner: object
    name: str
    args: list


@dataclass
class Unary:
    op: str
    operand: object


@dataclass
class Binary:
    op: str
    left: object
    right: object


class _ExprParser:
    def __init__(self, source: str, line: int):
        self.line = line
        try:
            self.tokens = tokenize(source)
        except TokenizeError as exc:
            raise TemplateSyntaxError(exc.message, line) from None
        self.pos = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def next(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def error(self, message: str) -> TemplateSyntaxError:
        return TemplateSyntaxError(message, self.line)

    def expect_op(self, op: str) -> None:
        tok = self.next()
        if not tok.is_op(op):
            raise self.error(f"expected {op!r}, got {tok.value!r}")

    def parse(self):
        node = self.parse_or()
        if self.peek().kind != EOF:
            raise self.error(f"unexpected {self.peek().value!r} in expression")
        return node

    def _keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok.kind == NAME and tok.value == word

    def parse_or(self):
        node = self.parse_and()
        while self._keyword("or"):
            self.next()
            node = Binary("or", node, self.parse_and())
        return node

    def parse_and(self):
        node = self.parse_not()
        while self._keyword("and"):
            self.next()
            node = Binary("and", node, self.parse_not())
        return node

    def parse_not(self):
        if self._keyword("not"):
            self.next()
            return Unary("not", self.parse_not())
        return self.parse_comparison()

    def parse_comparison(self):
        left = self.parse_filtered()
        tok = self.peek()
        if tok.is_op("==", "!=", "<", "<=", ">", ">="):
            self.next()
            return Binary(tok.value, left, self.parse_filtered())
        if self._keyword("in"):
            self.next()
            return Binary("in", left, self.parse_filtered())
        if self._keyword("not") and self.tokens[self.pos + 1].kind == NAME and self.tokens[self.pos + 1].value == "in":
            self.pos += 2
            return Binary("not in", left, self.parse_filtered())
        return left

    def parse_filtered(self):
        node = self.parse_atom()
        while self.peek().is_op("|"):
            self.next()
            name_tok = self.next()
            if name_tok.kind != NAME:
                raise self.error("expected filter name after '|'")
            if name_tok.value not in FILTERS:
                raise self.error(f"unknown filter {name_tok.value!r}")
            args = []
            if self.peek().is_op("("):
                self.next()
                while not self.peek().is_op(")"):
                    args.append(self.parse_atom())
                    if self.peek().is_op(","):
                        self.next()
                    elif not self.peek().is_op(")"):
                        raise self.error("expected ',' or ')' in filter arguments")
                self.next()
            node = Filtered(node, name_tok.value, args)
        return node

    def parse_atom(self):
        tok = self.next()
        if tok.kind in (NUMBER, STRING):
            return Literal(tok.value)
        if tok.is_op("("):
            node = self.parse_or()
            self.expect_op(")")
            return node
        if tok.is_op("-") and self.peek().kind == NUMBER:
            return Literal(-self.next().value)
        if tok.kind == NAME:
            if tok.value in ("true", "false", "none"):
                return Literal({"true": True, "false": False, "none": None}[tok.value])
            path = [tok.value]
            while self.peek().is_op("."):
                self.next()
                part = self.next()
                if part.kind not in (NAME, NUMBER):
                    raise self.error("expected attribute name after '.'")
                path.append(str(part.value))
            return Lookup(path)
        raise self.error(f"unexpected {tok.value!r}" if tok.kind != EOF else "empty expression")


# -- template AST ----------------------------------------------------------------
@dataclass
class Text:
    text: str


@dataclass
class Output:
    expr: object


@dataclass
class If:
    branches: list  # [(condition, body)]
    otherwise: list = field(default_factory=list)


@dataclass
class For:
    var: str
    iterable: object
    body: list
    empty: list = field(default_factory=list)


def _parse(source: str) -> list:
    root: list = []
    # Stack of (node, tag-name, line) for open blocks; `body` is where text goes.
    stack: list = []
    body = root
    line = 1
    for chunk in _TAG_RE.split(source):
        chunk_line = line
        line += chunk.count("\n")
        if not chunk:
            continue
        if chunk.startswith("{#"):
            continue
        if chunk.startswith("{{"):
            body.append(Output(_ExprParser(chunk[2:-2], chunk_line).parse()))
            continue
        if not chunk.startswith("{%"):
            body.append(Text(chunk))
            continue
        words = chunk[2:-2].strip().split(None, 1)
        if not words:
            raise TemplateSyntaxError("empty tag", chunk_line)
        tag = words[0]
        rest = words[1] if len(words) > 1 else ""
        if tag == "if":
            node = If(branches=[(_ExprParser(rest, chunk_line).parse(), [])])
            body.append(node)
            stack.append((node, "if", chunk_line))
            body = node.branches[0][1]
        elif tag == "elif":
            if not stack or stack[-1][1] != "if":
                raise TemplateSyntaxError("'elif' outside of 'if'", chunk_line)
            node = stack[-1][0]
            node.branches.append((_ExprParser(rest, chunk_line).parse(), []))
            body = node.branches[-1][1]
        elif tag == "else":
            if not stack:
                raise TemplateSyntaxError("'else' outside of a block", chunk_line)
            node, kind, _ = stack[-1]
            body = node.otherwise if kind == "if" else node.empty
            stack[-1] = (node, kind + "-else", chunk_line)
        elif tag == "for":
            match = re.fullmatch(r"([A-Za-z_]\w*)\s+in\s+(.+)", rest.strip(), re.DOTALL)
            if not match:
                raise TemplateSyntaxError("expected 'for NAME in EXPR'", chunk_line)
            node = For(var=match.group(1), iterable=_ExprParser(match.group(2), chunk_line).parse(), body=[])
            body.append(node)
            stack.append((node, "for", chunk_line))
            body = node.body
        elif tag in ("endif", "endfor"):
            expected = tag[3:]
            if not stack or stack[-1][1].split("-")[0] != expected:
                raise TemplateSyntaxError(f"unexpected '{tag}'", chunk_line)
            stack.pop()
            body = _current_body(stack, root)
        else:
            raise TemplateSyntaxError(f"unknown tag {tag!r}", chunk_line)
    if stack:
        _node, kind, opened = stack[-1]
        raise TemplateSyntaxError(f"unclosed '{kind.split('-')[0]}' block", opened)
    return root


def _current_body(stack: list, root: list) -> list:
    if not stack:
        return root
    node, kind, _ = stack[-1]
    if kind == "if":
        return node.branches[-1][1]
    if kind == "if-else":
        return node.otherwise
    if kind == "for":
        return node.body
    return node.empty


class Template:
    """A compiled template.  ``Template(src).render(name="x")``."""

    def __init__(self, source: str, *, autoescape: bool = False, strict: bool = False):
        self.source = source
        self.autoescape = autoescape
        self.strict = strict
        self._nodes = _parse(source)

    def render(self, context: dict | None = None, **kwargs) -> str:
        scope = dict(context or {})
        scope.update(kwargs)
        out: list[str] = []
        self._render_nodes(self._nodes, scope, out)
        return "".join(out)

    def _render_nodes(self, nodes: list, scope: dict, out: list) -> None:
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Output):
                value = self._eval(node.expr, scope)
                text = "" if value is None else str(value)
                out.append(html.escape(text) if self.autoescape else text)
            elif isinstance(node, If):
                for condition, body in node.branches:
                    if self._eval(condition, scope):
                        self._render_nodes(body, scope, out)
                        break
                else:
                    self._render_nodes(node.otherwise, scope, out)
            elif isinstance(node, For):
                items = list(self._eval(node.iterable, scope) or [])
                if not items:
                    self._render_nodes(node.empty, scope, out)
                for index, item in enumerate(items):
                    inner = dict(scope)
                    inner[node.var] = item
                    inner["loop"] = {
                        "index": index + 1,
                        "index0": index,
                        "first": index == 0,
                        "last": index == len(items) - 1,
                        "length": len(items),
                    }
                    self._render_nodes(node.body, inner, out)

    def _lookup(self, path: list[str], scope: dict):
        value = scope.get(path[0], _MISSING)
        for part in path[1:]:
            if value is _MISSING or value is None:
                break
            if isinstance(value, dict):
                value = value.get(part, _MISSING)
            elif isinstance(value, (list, tuple)) and part.isdigit():
                index = int(part)
                value = value[index] if index < len(value) else _MISSING
            else:
                value = getattr(value, part, _MISSING)
        if value is _MISSING:
            if self.strict:
                raise UndefinedError(".".join(path))
            return None
        return value

    def _eval(self, node, scope: dict):
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Lookup):
            return self._lookup(node.path, scope)
        if isinstance(node, Filtered):
            args = [self._eval(arg, scope) for arg in node.args]
            return FILTERS[node.name](self._eval(node.inner, scope), *args)
        if isinstance(node, Unary):
            return not self._eval(node.operand, scope)
        if isinstance(node, Binary):
            if node.op == "and":
                return self._eval(node.left, scope) and self._eval(node.right, scope)
            if node.op == "or":
                return self._eval(node.left, scope) or self._eval(node.right, scope)
            left = self._eval(node.left, scope)
            right = self._eval(node.right, scope)
            if node.op == "==":
                return left == right
            if node.op == "!=":
                return left != right
            if node.op == "in":
                return left in (right or ())
            if node.op == "not in":
                return left not in (right or ())
            if left is None or right is None:
                return False
            return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[node.op]
        raise TypeError(f"unknown node {node!r}")


def render(source: str, context: dict | None = None, **kwargs) -> str:
    """Compile and render *source* in one go."""
    return Template(source).render(context, **kwargs)
