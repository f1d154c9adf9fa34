import os
import tempfile
import unittest

from textkit.config import Config, ConfigError, InterpolationError, parse

SAMPLE = """\
# global settings
[DEFAULT]
env = prod
timeout = 30

[server]
host = example.org
port: 8080          ; inline comment
url = https://${host}:${port}/${env}
banner = first line
    second line
debug = off
tags = web, api,
    internal

[database]
url = postgres://${server:host}/app
password = "p#ss ;word"
price = $$5
"""


class TestConfigParsing(unittest.TestCase):
    def setUp(self):
        self.cfg = parse(SAMPLE)

    def test_sections_exclude_default(self):
        self.assertEqual(self.cfg.sections(), ["server", "database"])

    def test_delimiters_comments_quotes_and_key_case(self):
        self.assertEqual(self.cfg.get("server", "port"), "8080")
        self.assertEqual(self.cfg.get("database", "password"), '"p#ss ;word"')
        self.assertEqual(self.cfg.get("server", "HOST"), "example.org")

    def test_continuation_lines_and_getlist(self):
        self.assertEqual(self.cfg.get("server", "banner"), "first line\nsecond line")
        self.assertEqual(self.cfg.getlist("server", "tags"), ["web", "api", "internal"])

    def test_typed_getters_and_fallbacks(self):
        self.assertEqual(self.cfg.getint("server", "timeout"), 30)
        self.assertIs(self.cfg.getboolean("server", "debug"), False)
        self.assertEqual(self.cfg.getfloat("server", "missing", 1.5), 1.5)
        self.assertIsNone(self.cfg.get("server", "missing"))

    def test_items_include_defaults_interpolated(self):
        items = self.cfg.items("database")
        self.assertEqual(items["env"], "prod")
        self.assertEqual(items["url"], "postgres://example.org/app")


class TestConfigInterpolation(unittest.TestCase):
    def test_same_section_default_and_cross_section_references(self):
        cfg = parse(SAMPLE)
        self.assertEqual(cfg.get("server", "url"), "https://example.org:8080/prod")
        self.assertEqual(cfg.get("database", "url"), "postgres://example.org/app")

    def test_double_dollar_is_literal(self):
        cfg = parse(SAMPLE)
        self.assertEqual(cfg.get("database", "price"), "$5")
        self.assertEqual(cfg.get("database", "price", raw=True), "$$5")

    def test_circular_and_unknown_references_raise(self):
        cfg = parse("[a]\nx = ${y}\ny = ${x}\n")
        with self.assertRaises(InterpolationError):
            cfg.get("a", "x")
        cfg = parse("[a]\nx = ${nope:y}\n")
        with self.assertRaises(InterpolationError):
            cfg.get("a", "x")


class TestConfigErrors(unittest.TestCase):
    def test_duplicate_key_is_error_in_strict_mode_with_line(self):
        with self.assertRaises(ConfigError) as ctx:
            parse("[a]\nx = 1\nx = 2\n")
        self.assertEqual(ctx.exception.line, 3)

    def test_non_strict_mode_last_value_wins_and_sections_merge(self):
        cfg = parse("[a]\nx = 1\n[b]\n[a]\nx = 2\ny = 3\n", strict=False)
        self.assertEqual((cfg.get("a", "x"), cfg.get("a", "y")), ("2", "3"))

    def test_structural_errors_and_missing_section(self):
        with self.assertRaises(ConfigError):
            parse("x = 1\n")
        with self.assertRaises(ConfigError):
            parse("[broken\n")
        with self.assertRaises(ConfigError):
            parse("[a]\n").get("b", "x")


class TestConfigRoundTrip(unittest.TestCase):
    def test_dumps_then_parse_preserves_raw_values(self):
        cfg = parse(SAMPLE)
        again = parse(cfg.dumps())
        for section in cfg.sections():
            self.assertEqual(again.items(section), cfg.items(section))

    def test_read_from_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "app.ini")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("[app]\nname = demo\n")
            self.assertEqual(Config.read(path).get("app", "name"), "demo")


if __name__ == "__main__":
    unittest.main()
