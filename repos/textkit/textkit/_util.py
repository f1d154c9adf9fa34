"""Internal helpers shared by the textkit modules.

Nothing in here is part of the public API; names may change without notice.
"""

from __future__ import annotations


class ParseError(ValueError):
    """Base class for every parse error raised by textkit.

    ``line`` and ``col`` are 1-based and may be ``None`` when the position is
    unknown (for example when parsing a single value).
    """

    def __init__(self, message: str, line: int | None = None, col: int | None = None):
        self.message = message
        self.line = line
        self.col = col
        super().__init__(self._format())

    def _format(self) -> str:
        if self.line is None:
            return self.message
        if self.col is None:
            return f"line {self.line}: {self.message}"
        return f"line {self.line}, col {self.col}: {self.message}"


def numbered_lines(text: str):
    """Yield ``(lineno, line)`` pairs with 1-based line numbers.

    Line endings (``\\n``, ``\\r\\n`` and ``\\r``) are stripped.
    """
    for index, line in enumerate(text.splitlines(), start=1):
        yield index, line


def is_blank(line: str) -> bool:
    return not line.strip()


def strip_quotes(value: str) -> str:
    """Remove one pair of matching surrounding quotes, if present."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def leading_indent(line: str) -> int:
    """Number of leading whitespace characters (tabs count as one)."""
    return len(line) - len(line.lstrip(" \t"))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
