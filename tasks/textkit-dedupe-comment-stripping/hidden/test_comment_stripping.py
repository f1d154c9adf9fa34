# crucible-canary:51832ae5-0703-43df-be3d-7cdaaa9178e3
"""Hidden behaviour suite: comment handling of the config and table parsers.

Only the public entry points are used (``textkit.parse_config`` and
``textkit.parse_delimited``), so the suite pins behaviour, not structure.
The two parsers deliberately differ: config values know `` #`` and `` ;``
comments but never treat a value's first character as a comment, while
tables only know ``#`` and also drop whole ``#`` lines.
"""

from textkit import parse_config, parse_delimited


def _options(text, section="s"):
    return parse_config(text).items(section)


# -- config ---------------------------------------------------------------

def test_config_hash_and_semicolon_start_inline_comments():
    assert _options("[s]\na = 1 # one\nb = 2 ; two\nc = 3\t# tab before\n") == {"a": "1", "b": "2", "c": "3"}


def test_config_marker_without_whitespace_before_it_is_literal():
    assert _options("[s]\nurl = http://example.org/#frag\nlist = a;b;c\n") == {
        "url": "http://example.org/#frag",
        "list": "a;b;c",
    }


def test_config_markers_inside_quotes_are_literal():
    options = _options("[s]\npassword = \"p#ss ;word\"  # the real comment\nname = 'a # b' ; c\n")
    assert options == {"password": '"p#ss ;word"', "name": "'a # b'"}


def test_config_value_starting_with_a_marker_is_kept():
    assert _options("[s]\ncolor = #fff\nsep = ;\nnote =    # not a comment either\n") == {
        "color": "#fff",
        "sep": ";",
        "note": "# not a comment either",
    }


def test_config_continuation_lines_lose_their_comments():
    cfg = parse_config("[s]\nbanner = first  # one\n    second  ; two\n    third\n")
    assert cfg.get("s", "banner") == "first\nsecond\nthird"


def test_config_unbalanced_quote_protects_the_rest_of_the_value():
    assert _options("[s]\nphrase = it\"s # all value\n") == {"phrase": 'it"s # all value'}


def test_config_comments_do_not_leak_into_interpolation_and_getters():
    cfg = parse_config("[s]\nhost = example.org  # primary\nport = 8080 ; default\nurl = https://${host}:${port}/ # built\n")
    assert cfg.get("s", "url") == "https://example.org:8080/"
    assert cfg.getint("s", "port") == 8080
    assert cfg.get("s", "url", raw=True) == "https://${host}:${port}/"


# -- tables ---------------------------------------------------------------

def test_table_drops_comment_lines_and_trailing_comments():
    text = "name,qty\n# a full-line comment\n  # an indented one\napple,3  # trailing\npear,4\n"
    assert parse_delimited(text) == [{"name": "apple", "qty": "3"}, {"name": "pear", "qty": "4"}]


def test_table_semicolon_is_not_a_comment_marker():
    assert parse_delimited("a,b\nx ; y,2\n", ",") == [{"a": "x ; y", "b": "2"}]


def test_table_hash_inside_quotes_or_words_is_kept():
    text = 'item,ref\n"#1, top",issue#4\n'
    assert parse_delimited(text, ",") == [{"item": "#1, top", "ref": "issue#4"}]


def test_table_apostrophe_opens_a_quote_for_comment_detection():
    assert parse_delimited("a,b\nit's fine # still data,2\n", ",") == [{"a": "it's fine # still data", "b": "2"}]


def test_table_comments_disabled_keeps_every_line():
    rows = parse_delimited("a,b\n# c,d\n1,2 # x\n", ",", comments=False)
    assert rows == [{"a": "# c", "b": "d"}, {"a": "1", "b": "2 # x"}]


def test_table_tab_delimited_trailing_comment_after_tab():
    assert parse_delimited("a\tb\nx\t1\t# tail\n", "\t") == [{"a": "x", "b": "1"}]


def test_table_header_line_comment_is_stripped_too():
    assert parse_delimited("a,b  # columns\n1,2\n", ",") == [{"a": "1", "b": "2"}]
