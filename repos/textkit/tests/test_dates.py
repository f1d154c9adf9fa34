import datetime as dt
import unittest

from textkit.dates import (
    DateParseError,
    Duration,
    add_months,
    days_in_month,
    format_duration,
    humanize_delta,
    is_leap_year,
    parse_date,
    parse_duration,
    parse_relative,
)

# A Thursday, and a leap day.
TODAY = dt.date(2024, 2, 29)


class TestLeapYearsAndDates(unittest.TestCase):
    def test_leap_year_rules_and_days_in_february(self):
        self.assertTrue(is_leap_year(2024))
        self.assertTrue(is_leap_year(2000))
        self.assertFalse(is_leap_year(1900))
        self.assertFalse(is_leap_year(2023))
        self.assertEqual(days_in_month(2024, 2), 29)
        self.assertEqual(days_in_month(2100, 2), 28)

    def test_parse_date_accepts_three_layouts(self):
        for text in ("2024-02-29", "2024/02/29", "20240229"):
            self.assertEqual(parse_date(text), TODAY)

    def test_parse_date_rejects_invalid_dates(self):
        with self.assertRaises(DateParseError):
            parse_date("2023-02-29")
        for text in ("2024-02/01", "2024-13-01", "24-02-01"):
            with self.assertRaises(DateParseError, msg=text):
                parse_date(text)

    def test_add_months_clamps_to_month_end(self):
        self.assertEqual(add_months(dt.date(2024, 1, 31), 1), dt.date(2024, 2, 29))
        self.assertEqual(add_months(dt.date(2023, 1, 31), 1), dt.date(2023, 2, 28))
        self.assertEqual(add_months(dt.date(2024, 3, 31), -13), dt.date(2023, 2, 28))
        self.assertEqual(add_months(dt.date(2024, 11, 15), 2), dt.date(2025, 1, 15))


class TestDurations(unittest.TestCase):
    def test_parse_duration_days_hours_years_months(self):
        self.assertEqual(parse_duration("P1DT2H").to_timedelta(), dt.timedelta(days=1, hours=2))
        d = parse_duration("P1Y2M3DT4H5M6S")
        self.assertEqual(d.months, 14)
        self.assertEqual(d.delta, dt.timedelta(days=3, hours=4, minutes=5, seconds=6))
        with self.assertRaises(ValueError):
            d.to_timedelta()

    def test_fractional_seconds_weeks_and_sign(self):
        self.assertEqual(parse_duration("PT0,5S").delta, dt.timedelta(milliseconds=500))
        self.assertEqual(parse_duration("P2W").delta, dt.timedelta(days=14))
        self.assertEqual(parse_duration("-P1D").delta, dt.timedelta(days=-1))

    def test_invalid_durations_are_rejected(self):
        for text in ("P", "PT", "P1DT", "1D", "P1H", "PT1D"):
            with self.assertRaises(DateParseError, msg=text):
                parse_duration(text)

    def test_duration_apply_from_leap_day(self):
        self.assertEqual(Duration(months=12).apply(TODAY), dt.date(2025, 2, 28))
        self.assertEqual(parse_duration("P1M1D").apply(dt.date(2024, 1, 31)), dt.date(2024, 3, 1))

    def test_format_duration_round_trip(self):
        for delta in (dt.timedelta(days=1, hours=2), dt.timedelta(minutes=90), dt.timedelta(seconds=1.25)):
            self.assertEqual(parse_duration(format_duration(delta)).delta, delta)
        self.assertEqual(format_duration(dt.timedelta(0)), "PT0S")
        self.assertEqual(format_duration(dt.timedelta(hours=-3)), "-PT3H")


class TestRelativeDates(unittest.TestCase):
    def test_keywords_and_counted_units(self):
        self.assertEqual(parse_relative("today", TODAY), TODAY)
        self.assertEqual(parse_relative("Tomorrow", TODAY), dt.date(2024, 3, 1))
        self.assertEqual(parse_relative("yesterday", TODAY), dt.date(2024, 2, 28))
        self.assertEqual(parse_relative("3 days ago", TODAY), dt.date(2024, 2, 26))
        self.assertEqual(parse_relative("in 2 weeks", TODAY), dt.date(2024, 3, 14))
        self.assertEqual(parse_relative("a month ago", TODAY), dt.date(2024, 1, 29))
        self.assertEqual(parse_relative("in  1   year", TODAY), dt.date(2025, 2, 28))

    def test_next_and_last_weekday_never_return_today(self):
        self.assertEqual(parse_relative("next thursday", TODAY), dt.date(2024, 3, 7))
        self.assertEqual(parse_relative("last thursday", TODAY), dt.date(2024, 2, 22))
        self.assertEqual(parse_relative("next friday", TODAY), dt.date(2024, 3, 1))
        self.assertEqual(parse_relative("last monday", TODAY), dt.date(2024, 2, 26))

    def test_absolute_date_fallback_and_errors(self):
        self.assertEqual(parse_relative("2024-03-01", TODAY), dt.date(2024, 3, 1))
        for text in ("in 3 days ago", "5 parsecs ago", "next blursday", "in 2 hours", "soonish"):
            with self.assertRaises(DateParseError, msg=text):
                parse_relative(text, TODAY)

    def test_humanize_delta(self):
        self.assertEqual(humanize_delta(dt.timedelta(seconds=10)), "just now")
        self.assertEqual(humanize_delta(dt.timedelta(minutes=1)), "1 minute")
        self.assertEqual(humanize_delta(dt.timedelta(hours=-5)), "5 hours")
        self.assertEqual(humanize_delta(dt.timedelta(days=3, hours=2)), "3 days")


if __name__ == "__main__":
    unittest.main()
