"""Slugs and Unicode normalisation helpers.

>>> slugify("Crème Brûlée — the Recipe!")
'creme-brulee-the-recipe'
"""

from __future__ import annotations

import re
import unicodedata

# Characters that NFKD does not decompose into ASCII.  Looked up by
# _transliterate_char() for every non-ASCII character that survives
# accent stripping.
_TRANSLITERATIONS = [
    ("ß", "ss"),
    ("ẞ", "SS"),
    ("æ", "ae"),
    ("Æ", "AE"),
    ("œ", "oe"),
    ("Œ", "OE"),
    ("ø", "o"),
    ("Ø", "O"),
    ("đ", "d"),
    ("Đ", "D"),
    ("ł", "l"),
    ("Ł", "L"),
    ("þ", "th"),
    ("Þ", "TH"),
    ("ð", "d"),
    ("Ð", "D"),
    ("ı", "i"),
    ("&", "and"),
    ("@", "at"),
    ("€", "eur"),
    ("£", "gbp"),
]

_WHITESPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^a-zA-Z0-9]+")


def normalize_whitespace(text: str) -> str:
    """Collapse runs of whitespace (including Unicode spaces) into one space."""
    return _WHITESPACE_RE.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """Remove combining marks: ``"Ångström"`` -> ``"Angstrom"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _transliterate_char(ch: str) -> str:
    for source, target in _TRANSLITERATIONS:
        if source == ch:
            return target
    return ch


def to_ascii(text: str, *, replacement: str = "") -> str:
    """Best-effort ASCII transliteration.

    Accents are stripped, a few common letters are transliterated and
    anything else that is not ASCII is replaced by *replacement*.
    """
    out: list[str] = []
    for ch in strip_accents(text):
        if ord(ch) < 128:
            out.append(ch)
            continue
        mapped = _transliterate_char(ch)
        out.append(mapped if mapped != ch else replacement)
    return "".join(out)


def slugify(text: str, *, separator: str = "-", max_length: int | None = None,
            lowercase: bool = True) -> str:
    """Turn arbitrary text into a URL-friendly slug.

    When *max_length* is given the slug is cut at a separator boundary so that
    words are never split (unless the first word alone is too long).
    """
    ascii_text = to_ascii(text, replacement=" ")
    if "&" in ascii_text or "@" in ascii_text:
        ascii_text = "".join(f" {_transliterate_char(c)} " if c in "&@" else c for c in ascii_text)
    words = [w for w in _NON_WORD_RE.split(ascii_text) if w]
    slug = separator.join(words)
    if lowercase:
        slug = slug.lower()
    if max_length is not None and len(slug) > max_length:
        cut = slug.rfind(separator, 0, max_length + 1)
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug


def unique_slug(text: str, existing, *, separator: str = "-", max_length: int | None = None) -> str:
    """Return a slug for *text* that is not in *existing* by appending ``-2``, ``-3``..."""
    base = slugify(text, separator=separator, max_length=max_length) or "item"
    taken = set(existing)
    if base not in taken:
        return base
    counter = 2
    while True:
        suffix = f"{separator}{counter}"
        stem = base
        if max_length is not None and len(stem) + len(suffix) > max_length:
            stem = stem[: max_length - len(suffix)].rstrip(separator)
        candidate = stem + suffix
        if candidate not in taken:
            return candidate
        counter += 1


def truncate(text: str, width: int, *, placeholder: str = "…") -> str:
    """Shorten *text* to at most *width* characters, ending at a word boundary."""
    text = normalize_whitespace(text)
    if len(text) <= width:
        return text
    room = width - len(placeholder)
    if room <= 0:
        return placeholder[:width]
    cut = text.rfind(" ", 0, room + 1)
    head = text[:cut] if cut > 0 else text[:room]
    return head.rstrip(" ,.;:") + placeholder
