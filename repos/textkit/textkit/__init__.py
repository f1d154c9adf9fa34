"""textkit -- small, dependency-free text and parsing helpers."""

from ._util import ParseError
from .config import Config, ConfigError, InterpolationError, parse as parse_config
from .dates import (
    DateParseError,
    Duration,
    add_months,
    format_duration,
    is_leap_year,
    parse_date,
    parse_duration,
    parse_relative,
)
from .slug import slugify, strip_accents, to_ascii, unique_slug
from .table import parse_delimited, parse_fixed_width, sniff_delimiter, split_row
from .template import Template, TemplateSyntaxError, render
from .tokenizer import Token, TokenizeError, tokenize

__version__ = "0.4.1"

__all__ = [
    "Config", "ConfigError", "DateParseError", "Duration", "InterpolationError",
    "ParseError", "Template", "TemplateSyntaxError", "Token", "TokenizeError",
    "add_months", "format_duration", "is_leap_year", "parse_config", "parse_date",
    "parse_delimited", "parse_duration", "parse_fixed_width", "parse_relative",
    "render", "slugify", "sniff_delimiter", "split_row", "strip_accents",
    "to_ascii", "tokenize", "unique_slug",
]
