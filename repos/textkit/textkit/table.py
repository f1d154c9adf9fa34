"""Parsers for plain-text tables.

* :func:`split_row` -- split one delimited line, honouring quotes.
* :func:`sniff_delimiter` -- guess the delimiter of a CSV-like sample.
* :func:`parse_delimited` -- rows of dicts from delimited text with a header.
* :func:`parse_fixed_width` -- rows of dicts from a column-aligned table such
  as the output of ``ps`` or ``df``, with column boundaries inferred from the
  header line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._util import ParseError, is_blank, numbered_lines

DEFAULT_CANDIDATES = ",;\t|"


class TableError(ParseError):
    pass


@dataclass(frozen=True)
class Column:
    name: str
    start: int
    end: int | None  # None: runs to the end of the line

    def slice(self, line: str) -> str:
        return (line[self.start:] if self.end is None else line[self.start:self.end]).strip()


def _strip_comment(line: str) -> str:
    """Drop a trailing ``# ...`` comment that is outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line


def split_row(line: str, delimiter: str = ",", quote: str = '"') -> list[str]:
    """Split *line* on *delimiter*.

    Fields may be wrapped in *quote*; inside a quoted field the delimiter is
    literal and a doubled quote stands for one quote character.
    """
    fields: list[str] = []
    field: list[str] = []
    in_quotes = False
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if in_quotes:
            if ch == quote:
                if i + 1 < n and line[i + 1] == quote:
                    field.append(quote)
                    i += 2
                    continue
                in_quotes = False
            else:
                field.append(ch)
        elif ch == quote and not "".join(field).strip():
            field = []
            in_quotes = True
        elif ch == delimiter:
            fields.append("".join(field).strip())
            field = []
        else:
            field.append(ch)
        i += 1
    if in_quotes:
        raise TableError(f"unterminated quoted field in {line!r}")
    fields.append("".join(field).strip())
    return fields


def _count_outside_quotes(line: str, char: str, quote: str = '"') -> int:
    count = 0
    in_quotes = False
    for ch in line:
        if ch == quote:
            in_quotes = not in_quotes
        elif ch == char and not in_quotes:
            count += 1
    return count


def sniff_delimiter(sample: str, candidates: str = DEFAULT_CANDIDATES) -> str:
    """Guess which of *candidates* separates the fields of *sample*.

    The winner is the candidate that appears the same (non-zero) number of
    times on the most lines; ties are broken by the order of *candidates*.
    """
    lines = [line for line in sample.splitlines() if not is_blank(line)][:20]
    if not lines:
        raise TableError("cannot sniff an empty sample")
    best = None
    best_score = (0, 0)
    for cand in candidates:
        counts = [_count_outside_quotes(line, cand) for line in lines]
        if not any(counts):
            continue
        modal = max(set(counts), key=lambda c: (counts.count(c), c))
        if modal == 0:
            continue
        score = (counts.count(modal), modal)
        if score > best_score:
            best, best_score = cand, score
    if best is None:
        raise TableError("could not determine delimiter")
    return best


def parse_delimited(text: str, delimiter: str | None = None, *, comments: bool = True) -> list[dict[str, str]]:
    """Parse delimited text whose first non-blank line is the header."""
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, line in numbered_lines(text):
        if comments:
            line = _strip_comment(line)
        if is_blank(line):
            continue
        try:
            fields = split_row(line, delimiter)
        except TableError as exc:
            raise TableError(exc.message, lineno) from None
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise TableError(f"expected {len(header)} fields, got {len(fields)}", lineno)
        rows.append(dict(zip(header, fields)))
    return rows


def infer_columns(header: str) -> list[Column]:
    """Infer column boundaries from a header line.

    Column names are separated by two or more spaces (a single space is kept
    inside the name, e.g. ``"MOUNTED ON"``).  Each column starts where its
    name starts and ends where the next one begins.
    """
    starts: list[tuple[int, str]] = []
    i = 0
    n = len(header)
    while i < n:
        if header[i] == " ":
            i += 1
            continue
        start = i
        while i < n and not (header[i] == " " and (i + 1 >= n or header[i + 1] == " ")):
            i += 1
        starts.append((start, header[start:i]))
    if not starts:
        raise TableError("header line is empty")
    columns = []
    for index, (start, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else None
        columns.append(Column(name=name, start=start, end=end))
    return columns


def parse_fixed_width(text: str, columns: list[Column] | None = None, *,
                      comments: bool = True) -> list[dict[str, str]]:
    """Parse a column-aligned table.

    If *columns* is omitted, the first non-blank line is the header and the
    boundaries are inferred with :func:`infer_columns`.  Lines made only of
    dashes/equals signs (``-----  ----``) are treated as separators.
    """
    rows: list[dict[str, str]] = []
    for _lineno, line in numbered_lines(text):
        if comments and line.lstrip().startswith("#"):
            continue
        if is_blank(line):
            continue
        if set(line.strip()) <= set("-= +"):
            continue
        if columns is None:
            columns = infer_columns(line.rstrip())
            continue
        rows.append({col.name: col.slice(line) for col in columns})
    return rows


def format_table(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    """Render rows as an aligned fixed-width table (inverse of parse_fixed_width)."""
    if not rows and not columns:
        return ""
    names = columns or list(rows[0])
    widths = {name: len(name) for name in names}
    for row in rows:
        for name in names:
            widths[name] = max(widths[name], len(str(row.get(name, ""))))
    def fmt(values):
        return "  ".join(str(v).ljust(widths[n]) for n, v in zip(names, values)).rstrip()
    lines = [fmt(names)]
    lines.extend(fmt([row.get(name, "") for name in names]) for row in rows)
    return "\n".join(lines) + "\n"
