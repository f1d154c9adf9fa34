import unittest

from textkit.slug import normalize_whitespace, slugify, strip_accents, to_ascii, truncate, unique_slug


class TestSlugify(unittest.TestCase):
    def test_accents_punctuation_and_transliteration(self):
        self.assertEqual(slugify("Crème Brûlée — the Recipe!"), "creme-brulee-the-recipe")
        self.assertEqual(slugify("Straße & Co @ Łódź"), "strasse-and-co-at-lodz")

    def test_separator_case_and_max_length(self):
        self.assertEqual(slugify("Hello  World", separator="_", lowercase=False), "Hello_World")
        self.assertEqual(slugify("hello world foo", max_length=12), "hello-world")
        self.assertEqual(slugify("supercalifragilistic", max_length=5), "super")

    def test_non_latin_text_gives_empty_slug(self):
        self.assertEqual(slugify("日本語"), "")

    def test_unique_slug_counter_and_max_length(self):
        self.assertEqual(unique_slug("Hello", []), "hello")
        self.assertEqual(unique_slug("Hello", ["hello", "hello-2"]), "hello-3")
        self.assertEqual(unique_slug("日本", []), "item")
        self.assertEqual(unique_slug("abcdef", ["abcdef"], max_length=6), "abcd-2")


class TestTextHelpers(unittest.TestCase):
    def test_strip_accents_and_to_ascii(self):
        self.assertEqual(strip_accents("Ångström"), "Angstrom")
        self.assertEqual(to_ascii("Ærø 日本", replacement="?"), "AEro ??")

    def test_normalize_whitespace_handles_unicode_spaces(self):
        self.assertEqual(normalize_whitespace("  a\u00a0\tb \n c "), "a b c")

    def test_truncate_on_word_boundary(self):
        self.assertEqual(truncate("The quick brown fox jumps", 12), "The quick…")
        self.assertEqual(truncate("short", 10), "short")
        self.assertEqual(truncate("abcdefghij", 5, placeholder="..."), "ab...")


if __name__ == "__main__":
    unittest.main()
