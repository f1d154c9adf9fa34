"""Parsing of calendar dates, ISO 8601 durations and relative expressions.

* :func:`parse_date` -- ``2024-02-29``, ``20240229`` and ``2024/02/29``.
* :func:`parse_duration` -- ISO 8601 durations such as ``P1DT2H`` or ``P1Y2M``.
* :func:`parse_relative` -- ``today``, ``tomorrow``, ``3 days ago``,
  ``in 2 weeks``, ``next friday``, ``last month``...
* :func:`add_months` -- month arithmetic that clamps to the end of the month.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ._util import ParseError, plural

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Unit name -> (kind, amount).  Checked in order by _lookup_unit().
_UNITS = [
    ("second", ("seconds", 1)),
    ("minute", ("seconds", 60)),
    ("hour", ("seconds", 3600)),
    ("day", ("days", 1)),
    ("week", ("days", 7)),
    ("fortnight", ("days", 14)),
    ("month", ("months", 1)),
    ("year", ("months", 12)),
]

_DATE_RE = re.compile(r"^(\d{4})(-|/|)(\d{2})\2(\d{2})$")
_DURATION_RE = re.compile(
    r"^(?P<sign>[-+])?P"
    r"(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$"
)
_RELATIVE_RE = re.compile(
    r"^(?:(?P<in>in)\s+)?(?P<count>\d+|an?|one)\s+(?P<unit>[a-z]+?)s?(?:\s+(?P<ago>ago))?$"
)


class DateParseError(ParseError):
    pass


def is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def parse_date(text: str) -> _dt.date:
    """Parse ``YYYY-MM-DD`` (also ``YYYY/MM/DD`` and ``YYYYMMDD``)."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise DateParseError(f"not a date: {text!r}")
    year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if not 1 <= month <= 12:
        raise DateParseError(f"month out of range in {text!r}")
    if not 1 <= day <= days_in_month(year, month):
        raise DateParseError(f"day out of range in {text!r}")
    return _dt.date(year, month, day)


def add_months(day: _dt.date, months: int) -> _dt.date:
    """Add *months* to *day*, clamping to the last day of the target month.

    ``add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)``
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, days_in_month(year, month)))


@dataclass(frozen=True)
class Duration:
    """A calendar-aware duration: whole months plus an exact time delta."""

    months: int = 0
    delta: _dt.timedelta = _dt.timedelta(0)

    def apply(self, when: _dt.date) -> _dt.date:
        """Return *when* shifted by this duration (months first, then the delta)."""
        shifted = add_months(when, self.months) if self.months else when
        return shifted + self.delta

    def to_timedelta(self) -> _dt.timedelta:
        if self.months:
            raise ValueError("a duration with years or months has no fixed length")
        return self.delta


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration like ``P3Y6M4DT12H30M5S`` or ``PT0.5S``."""
    raw = text.strip().upper()
    match = _DURATION_RE.match(raw)
    if not match or raw.rstrip("T").endswith("P") or raw.endswith("T"):
        raise DateParseError(f"not an ISO 8601 duration: {text!r}")
    parts = {name: value for name, value in match.groupdict().items() if value is not None}
    sign = -1 if parts.pop("sign", "+") == "-" else 1
    if not parts:
        raise DateParseError(f"empty duration: {text!r}")
    months = int(parts.get("years", 0)) * 12 + int(parts.get("months", 0))
    delta = _dt.timedelta(
        weeks=int(parts.get("weeks", 0)),
        days=int(parts.get("days", 0)),
        hours=int(parts.get("hours", 0)),
        minutes=int(parts.get("minutes", 0)),
        seconds=float(parts.get("seconds", "0").replace(",", ".")),
    )
    return Duration(months=sign * months, delta=sign * delta)


def format_duration(delta: _dt.timedelta) -> str:
    """Format a timedelta as an ISO 8601 duration (``P1DT2H``)."""
    if delta < _dt.timedelta(0):
        return "-" + format_duration(-delta)
    days = delta.days
    seconds = delta.seconds
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    out = "P"
    if days:
        out += f"{days}D"
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if seconds or delta.microseconds:
        if delta.microseconds:
            frac = f"{delta.microseconds:06d}".rstrip("0")
            time_part += f"{seconds}.{frac}S"
        else:
            time_part += f"{seconds}S"
    if time_part:
        out += "T" + time_part
    return out if out != "P" else "PT0S"


def _lookup_unit(name: str):
    for unit, spec in _UNITS:
        if unit == name:
            return spec
    return None


def _shift(today: _dt.date, kind: str, amount: int) -> _dt.date:
    if kind == "months":
        return add_months(today, amount)
    if kind == "days":
        return today + _dt.timedelta(days=amount)
    raise DateParseError("relative expressions in hours/minutes/seconds need a datetime")


def parse_relative(text: str, today: _dt.date | None = None) -> _dt.date:
    """Resolve a relative date expression against *today*.

    Absolute dates are accepted as well, so this is a convenient entry point
    for user input.
    """
    today = today or _dt.date.today()
    phrase = " ".join(text.strip().lower().split())
    if phrase in ("today", "now"):
        return today
    if phrase == "tomorrow":
        return today + _dt.timedelta(days=1)
    if phrase == "yesterday":
        return today - _dt.timedelta(days=1)
    words = phrase.split(" ")
    if len(words) == 2 and words[0] in ("next", "last"):
        direction = 1 if words[0] == "next" else -1
        target = words[1]
        if target in WEEKDAYS:
            diff = (WEEKDAYS.index(target) - today.weekday()) * direction
            diff = diff % 7 or 7
            return today + _dt.timedelta(days=diff * direction)
        spec = _lookup_unit(target)
        if spec is None:
            raise DateParseError(f"unknown unit in {text!r}")
        return _shift(today, spec[0], spec[1] * direction)
    match = _RELATIVE_RE.match(phrase)
    if match:
        if bool(match.group("in")) == bool(match.group("ago")):
            raise DateParseError(f"use either 'in N units' or 'N units ago': {text!r}")
        count_text = match.group("count")
        count = 1 if count_text in ("a", "an", "one") else int(count_text)
        spec = _lookup_unit(match.group("unit"))
        if spec is None:
            raise DateParseError(f"unknown unit in {text!r}")
        sign = -1 if match.group("ago") else 1
        return _shift(today, spec[0], sign * count * spec[1])
    try:
        return parse_date(phrase)
    except DateParseError:
        raise DateParseError(f"cannot understand date expression {text!r}") from None


def humanize_delta(delta: _dt.timedelta) -> str:
    """Describe a timedelta roughly: ``'3 days'``, ``'1 hour'``, ``'just now'``."""
    seconds = abs(int(delta.total_seconds()))
    if seconds < 45:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            amount = round(seconds / size)
            return plural(amount, unit)
    return plural(seconds, "second")
