import unittest

from textkit.table import (
    Column,
    TableError,
    format_table,
    infer_columns,
    parse_delimited,
    parse_fixed_width,
    sniff_delimiter,
    split_row,
)

DF_OUTPUT = """\
Filesystem  Size  Used  Mounted on
----------  ----  ----  ----------
/dev/sda1   20G   11G   /
tmpfs       1.6G  0     /run/user 1000
"""


class TestSplitAndSniff(unittest.TestCase):
    def test_split_row_quotes_and_empty_fields(self):
        self.assertEqual(split_row('a, "b, ""c""", d'), ["a", 'b, "c"', "d"])
        self.assertEqual(split_row("a;;c;", ";"), ["a", "", "c", ""])

    def test_split_row_unterminated_quote_raises(self):
        with self.assertRaises(TableError):
            split_row('a,"b')

    def test_sniff_delimiter_consistency_quotes_and_failure(self):
        sample = "name;city;note\nann;Paris;a, b\nbob;Oslo;c, d, e\n"
        self.assertEqual(sniff_delimiter(sample), ";")
        sample = 'a|b\n"x|y"|z\n"1|2|3"|w\n'
        self.assertEqual(sniff_delimiter(sample), "|")
        with self.assertRaises(TableError):
            sniff_delimiter("alpha\nbeta\n")


class TestDelimited(unittest.TestCase):
    def test_parse_delimited_with_sniffing_and_comments(self):
        text = "# export\nid\tname\n1\tAnn # first\n\n2\tBob\n"
        self.assertEqual(parse_delimited(text), [{"id": "1", "name": "Ann"}, {"id": "2", "name": "Bob"}])

    def test_parse_delimited_wrong_field_count_reports_line(self):
        with self.assertRaises(TableError) as ctx:
            parse_delimited("a,b\n1,2\n3\n", ",")
        self.assertEqual(ctx.exception.line, 3)


class TestFixedWidth(unittest.TestCase):
    def test_infer_columns_keeps_single_spaces_in_names(self):
        cols = infer_columns("Filesystem  Size  Mounted on")
        self.assertEqual([c.name for c in cols], ["Filesystem", "Size", "Mounted on"])
        self.assertEqual((cols[1].start, cols[1].end), (12, 18))
        self.assertIsNone(cols[2].end)

    def test_parse_fixed_width_skips_rule_lines(self):
        rows = parse_fixed_width(DF_OUTPUT)
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1], {"Filesystem": "tmpfs", "Size": "1.6G", "Used": "0", "Mounted on": "/run/user 1000"})

    def test_parse_fixed_width_with_explicit_columns(self):
        cols = [Column("code", 0, 3), Column("label", 3, None)]
        self.assertEqual(parse_fixed_width("ABCfirst\nXYZsecond\n", cols),
                         [{"code": "ABC", "label": "first"}, {"code": "XYZ", "label": "second"}])

    def test_format_table_round_trips(self):
        rows = parse_fixed_width(DF_OUTPUT)
        self.assertEqual(parse_fixed_width(format_table(rows)), rows)


if __name__ == "__main__":
    unittest.main()
