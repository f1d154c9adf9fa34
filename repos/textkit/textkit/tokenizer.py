"""A small, position-tracking tokenizer for expression-like text.

The token set is deliberately modest: names, numbers, quoted strings,
operators and punctuation.  It is used by :mod:`textkit.template` to parse
``{% if %}`` conditions, and is handy on its own for tiny DSLs.

>>> [t.value for t in tokenize("a >= 10")][:3]
['a', '>=', 10]
"""

from __future__ import annotations

from typing import NamedTuple

from ._util import ParseError

NAME = "NAME"
NUMBER = "NUMBER"
STRING = "STRING"
OP = "OP"
NEWLINE = "NEWLINE"
EOF = "EOF"

# Longest operators first: the scanner takes the first match.
OPERATORS = (
    "**", "==", "!=", "<=", ">=", "->", "//",
    "+", "-", "*", "/", "%", "<", ">", "=",
    "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "!",
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


class TokenizeError(ParseError):
    pass


class Token(NamedTuple):
    kind: str
    value: object
    line: int
    col: int

    def is_op(self, *ops: str) -> bool:
        return self.kind == OP and self.value in ops


def _scan_number(src: str, pos: int) -> tuple[object, int]:
    start = pos
    n = len(src)
    while pos < n and (src[pos].isdigit() or src[pos] == "_"):
        pos += 1
    is_float = False
    if pos < n and src[pos] == "." and pos + 1 < n and src[pos + 1].isdigit():
        is_float = True
        pos += 1
        while pos < n and (src[pos].isdigit() or src[pos] == "_"):
            pos += 1
    if pos < n and src[pos] in "eE":
        look = pos + 1
        if look < n and src[look] in "+-":
            look += 1
        if look < n and src[look].isdigit():
            is_float = True
            pos = look
            while pos < n and src[pos].isdigit():
                pos += 1
    text = src[start:pos].replace("_", "")
    return (float(text) if is_float else int(text)), pos


def _scan_string(src: str, pos: int, line: int, line_start: int) -> tuple[str, int]:
    open_col = pos - line_start + 1
    quote = src[pos]
    pos += 1
    out: list[str] = []
    n = len(src)
    while pos < n:
        ch = src[pos]
        if ch == quote:
            return "".join(out), pos + 1
        if ch == "\n":
            break
        if ch == "\\":
            if pos + 1 >= n:
                break
            esc = src[pos + 1]
            if esc not in _ESCAPES:
                raise TokenizeError(f"unknown escape sequence \\{esc}", line, pos - line_start + 1)
            out.append(_ESCAPES[esc])
            pos += 2
            continue
        out.append(ch)
        pos += 1
    raise TokenizeError("unterminated string literal", line, open_col)


def tokenize(source: str, *, keep_newlines: bool = False) -> list[Token]:
    """Split *source* into a list of :class:`Token`, ending with an ``EOF`` token.

    ``#`` starts a comment that runs to the end of the line.  Newlines are
    dropped unless *keep_newlines* is true.
    """
    tokens: list[Token] = []
    pos = 0
    line = 1
    line_start = 0
    n = len(source)
    while pos < n:
        ch = source[pos]
        col = pos - line_start + 1
        if ch == "\n":
            if keep_newlines:
                tokens.append(Token(NEWLINE, "\n", line, col))
            pos += 1
            line += 1
            line_start = pos
            continue
        if ch in " \t\r":
            pos += 1
            continue
        if ch == "#":
            while pos < n and source[pos] != "\n":
                pos += 1
            continue
        if ch.isdigit():
            value, pos = _scan_number(source, pos)
            tokens.append(Token(NUMBER, value, line, col))
            continue
        if ch.isalpha() or ch == "_":
            start = pos
            while pos < n and (source[pos].isalnum() or source[pos] == "_"):
                pos += 1
            tokens.append(Token(NAME, source[start:pos], line, col))
            continue
        if ch in "\"'":
            value, end = _scan_string(source, pos, line, line_start)
            tokens.append(Token(STRING, value, line, col))
            pos = end
            continue
        for op in OPERATORS:
            if source.startswith(op, pos):
                tokens.append(Token(OP, op, line, col))
                pos += len(op)
                break
        else:
            raise TokenizeError(f"unexpected character {ch!r}", line, col)
    tokens.append(Token(EOF, None, line, pos - line_start + 1))
    return tokens
