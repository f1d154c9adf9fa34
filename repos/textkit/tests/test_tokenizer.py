import unittest

from textkit.tokenizer import EOF, NAME, NEWLINE, NUMBER, OP, STRING, TokenizeError, tokenize


def kinds_and_values(source, **kwargs):
    return [(t.kind, t.value) for t in tokenize(source, **kwargs)]


class TestTokenizer(unittest.TestCase):
    def test_simple_comparison_tokens(self):
        self.assertEqual(
            kinds_and_values("age >= 18"),
            [(NAME, "age"), (OP, ">="), (NUMBER, 18), (EOF, None)],
        )

    def test_numbers_int_float_exponent_and_underscores(self):
        values = [t.value for t in tokenize("1_000 2.5 3e2 4E-1 7.") if t.kind == NUMBER]
        self.assertEqual(values, [1000, 2.5, 300.0, 0.4, 7])
        self.assertIsInstance(values[0], int)

    def test_string_escapes_are_decoded(self):
        toks = tokenize(r'"a\tb\n\"q\"" ' + r"'it\'s'")
        self.assertEqual([t.value for t in toks if t.kind == STRING], ['a\tb\n"q"', "it's"])

    def test_longest_operator_wins(self):
        ops = [t.value for t in tokenize("a**b // c -> d != e") if t.kind == OP]
        self.assertEqual(ops, ["**", "//", "->", "!="])

    def test_positions_are_one_based_line_and_column(self):
        toks = tokenize("x = 1\n  y")
        y = [t for t in toks if t.value == "y"][0]
        self.assertEqual((toks[0].line, toks[0].col), (1, 1))
        self.assertEqual((y.line, y.col), (2, 3))

    def test_comments_are_skipped_and_newlines_optional(self):
        self.assertEqual(kinds_and_values("a # note\nb")[:2], [(NAME, "a"), (NAME, "b")])
        kinds = [k for k, _ in kinds_and_values("a\nb", keep_newlines=True)]
        self.assertEqual(kinds, [NAME, NEWLINE, NAME, EOF])

    def test_errors_report_position(self):
        with self.assertRaises(TokenizeError) as ctx:
            tokenize('x = "abc')
        self.assertEqual((ctx.exception.line, ctx.exception.col), (1, 5))
        with self.assertRaises(TokenizeError) as ctx:
            tokenize("a ? b")
        self.assertIn("'?'", str(ctx.exception))
        self.assertEqual(ctx.exception.col, 3)


if __name__ == "__main__":
    unittest.main()
