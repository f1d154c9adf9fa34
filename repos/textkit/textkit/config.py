"""An INI-style configuration parser.

Supported syntax::

    # comment            ; also a comment
    [server]
    host = example.org
    port: 8080
    banner = first line
        second line            <- indented continuation line
    url = https://${host}:${port}/   <- interpolation within the section
    db = ${database:url}             <- interpolation from another section
    price = $$5                      <- literal dollar sign

Keys are case-insensitive (stored lower-case); section names are case
sensitive.  Values in the ``[DEFAULT]`` section are visible from every section.
Inline comments start with `` #`` or `` ;`` (whitespace before the marker is
required) and are ignored inside quoted values.
"""

from __future__ import annotations

import re

from ._util import ParseError, is_blank, leading_indent, numbered_lines

DEFAULT_SECTION = "DEFAULT"
MAX_INTERPOLATION_DEPTH = 10

_SECTION_RE = re.compile(r"^\[\s*(?P<name>[^\]]+?)\s*\]\s*$")
_REF_RE = re.compile(r"\$\{(?P<ref>[^}]*)\}")

_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")


class ConfigError(ParseError):
    pass


class InterpolationError(ConfigError):
    pass


def _strip_inline_comment(value: str) -> str:
    """Drop a trailing ``# ...`` / ``; ...`` comment that is outside quotes."""
    quote = None
    for i, ch in enumerate(value):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "#;" and i > 0 and value[i - 1] in " \t":
            return value[:i].rstrip()
    return value


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


class Config:
    """Parsed configuration.  Build one with :func:`parse` or :meth:`Config.read`."""

    def __init__(self) -> None:
        self._sections: dict[str, dict[str, str]] = {}
        self._defaults: dict[str, str] = {}

    # -- construction ----------------------------------------------------
    @classmethod
    def read(cls, path: str, encoding: str = "utf-8") -> "Config":
        with open(path, encoding=encoding) as fh:
            return parse(fh.read())

    def set(self, section: str, key: str, value: str) -> None:
        target = self._defaults if section == DEFAULT_SECTION else self._sections.setdefault(section, {})
        target[key.strip().lower()] = value

    # -- inspection --------------------------------------------------------
    def sections(self) -> list[str]:
        return list(self._sections)

    def has_section(self, section: str) -> bool:
        return section in self._sections

    def has_option(self, section: str, key: str) -> bool:
        key = key.lower()
        return key in self._sections.get(section, {}) or key in self._defaults

    def _raw(self, section: str, key: str) -> str | None:
        key = key.lower()
        if section != DEFAULT_SECTION and section not in self._sections:
            raise ConfigError(f"no such section: {section!r}")
        if section in self._sections and key in self._sections[section]:
            return self._sections[section][key]
        return self._defaults.get(key)

    def get(self, section: str, key: str, fallback: str | None = None, *, raw: bool = False) -> str | None:
        value = self._raw(section, key)
        if value is None:
            return fallback
        if raw:
            return value
        return self._interpolate(section, value, depth=0, seen=((section, key.lower()),))

    def getint(self, section: str, key: str, fallback: int | None = None) -> int | None:
        value = self.get(section, key)
        return fallback if value is None else int(value.strip())

    def getfloat(self, section: str, key: str, fallback: float | None = None) -> float | None:
        value = self.get(section, key)
        return fallback if value is None else float(value.strip())

    def getboolean(self, section: str, key: str, fallback: bool | None = None) -> bool | None:
        value = self.get(section, key)
        return fallback if value is None else _to_bool(value)

    def getlist(self, section: str, key: str, fallback: list[str] | None = None) -> list[str] | None:
        """Split a value on newlines and commas, dropping empty items."""
        value = self.get(section, key)
        if value is None:
            return fallback
        items: list[str] = []
        for line in value.splitlines():
            items.extend(part.strip() for part in line.split(","))
        return [item for item in items if item]

    def items(self, section: str) -> dict[str, str]:
        """All options visible in *section* (defaults first), interpolated."""
        keys = list(self._defaults)
        keys += [k for k in self._sections.get(section, {}) if k not in self._defaults]
        return {key: self.get(section, key) for key in keys}

    # -- interpolation -----------------------------------------------------
    def _interpolate(self, section: str, value: str, depth: int, seen: tuple) -> str:
        if "$" not in value:
            return value
        if depth > MAX_INTERPOLATION_DEPTH:
            raise InterpolationError(f"interpolation too deep in section {section!r}")
        out: list[str] = []
        pos = 0
        while pos < len(value):
            ch = value[pos]
            if ch != "$":
                out.append(ch)
                pos += 1
                continue
            if value.startswith("$$", pos):
                out.append("$")
                pos += 2
                continue
            match = _REF_RE.match(value, pos)
            if not match:
                raise InterpolationError(f"bad '$' in value {value!r}; use '$$' for a literal dollar")
            ref = match.group("ref").strip()
            ref_section, _, ref_key = ref.rpartition(":")
            ref_section = ref_section or section
            ref_key = ref_key.lower()
            if (ref_section, ref_key) in seen:
                raise InterpolationError(f"circular reference to ${{{ref}}}")
            try:
                raw = self._raw(ref_section, ref_key)
            except ConfigError:
                raw = None
            if raw is None:
                raise InterpolationError(f"unknown reference ${{{ref}}} in section {section!r}")
            out.append(self._interpolate(ref_section, raw, depth + 1, seen + ((ref_section, ref_key),)))
            pos = match.end()
        return "".join(out)

    # -- output ----------------------------------------------------------
    def dumps(self) -> str:
        """Serialise back to INI text (raw, uninterpolated values)."""
        chunks: list[str] = []
        for name, options in [(DEFAULT_SECTION, self._defaults)] + list(self._sections.items()):
            if name == DEFAULT_SECTION and not options:
                continue
            lines = [f"[{name}]"]
            for key, value in options.items():
                first, *rest = value.split("\n")
                lines.append(f"{key} = {first}")
                lines.extend(f"    {extra}" for extra in rest)
            chunks.append("\n".join(lines))
        return "\n\n".join(chunks) + ("\n" if chunks else "")


def parse(text: str, *, strict: bool = True) -> Config:
    """Parse INI text into a :class:`Config`.

    With *strict* (the default) a key defined twice in one section, or a
    section declared twice, is an error; otherwise later definitions win and
    repeated sections are merged.
    """
    config = Config()
    section: str | None = None
    current_key: str | None = None
    current_indent = 0
    seen_sections: set[str] = set()
    for lineno, line in numbered_lines(text):
        if is_blank(line):
            # A blank line ends any multi-line value.
            current_key = None
            continue
        stripped = line.strip()
        if stripped[0] in "#;":
            continue
        indent = leading_indent(line)
        if current_key is not None and indent > current_indent:
            # Continuation of the previous value.
            extra = _strip_inline_comment(stripped)
            target = config._defaults if section == DEFAULT_SECTION else config._sections[section]
            if target[current_key]:
                target[current_key] += "\n" + extra
            else:
                target[current_key] = extra
            continue
        current_key = None
        match = _SECTION_RE.match(stripped)
        if match:
            section = match.group("name")
            if section in seen_sections and strict:
                raise ConfigError(f"duplicate section {section!r}", lineno)
            seen_sections.add(section)
            if section != DEFAULT_SECTION:
                config._sections.setdefault(section, {})
            continue
        if stripped.startswith("["):
            raise ConfigError("malformed section header", lineno, indent + 1)
        # key = value  /  key: value -- whichever delimiter comes first wins.
        positions = [p for p in (stripped.find("="), stripped.find(":")) if p != -1]
        if not positions:
            raise ConfigError(f"expected 'key = value', got {stripped!r}", lineno, indent + 1)
        cut = min(positions)
        key = stripped[:cut].strip().lower()
        if not key:
            raise ConfigError("empty key", lineno, indent + 1)
        if section is None:
            raise ConfigError(f"option {key!r} outside of any section", lineno, indent + 1)
        value = _strip_inline_comment(stripped[cut + 1:].strip())
        target = config._defaults if section == DEFAULT_SECTION else config._sections[section]
        if strict and key in target:
            raise ConfigError(f"duplicate key {key!r} in section {section!r}", lineno, indent + 1)
        target[key] = value
        current_key = key
        current_indent = indent
    return config
