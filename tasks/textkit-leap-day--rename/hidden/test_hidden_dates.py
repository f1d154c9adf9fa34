# crucible-canary:bc966a46-d0af-46f9-b757-acf409cb8a96
import datetime as dt
import unittest

from textkit import add_months, decode_duration, decode_relative


def month_by_month(day, months):
    """Independent oracle: move month by month, clamping to the month's length."""
    year, month = day.year, day.month
    step = 1 if months >= 0 else -1
    for _ in range(abs(months)):
        month += step
        if month == 13:
            year, month = year + 1, 1
        elif month == 0:
            year, month = year - 1, 12
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


class TestLeapDays(unittest.TestCase):
    def test_add_one_year_to_leap_day(self):
        self.assertEqual(add_months(dt.date(2024, 2, 29), 12), dt.date(2025, 2, 28))
        self.assertEqual(decode_duration("P1Y").apply(dt.date(2024, 2, 29)), dt.date(2025, 2, 28))

    def test_four_years_from_leap_day_is_leap_day(self):
        self.assertEqual(add_months(dt.date(2024, 2, 29), 48), dt.date(2028, 2, 29))
        self.assertEqual(add_months(dt.date(2024, 2, 29), -48), dt.date(2020, 2, 29))

    def test_leap_day_minus_one_year(self):
        self.assertEqual(add_months(dt.date(2024, 2, 29), -12), dt.date(2023, 2, 28))
        self.assertEqual(decode_relative("a year ago", dt.date(2024, 2, 29)), dt.date(2023, 2, 28))

    def test_century_rule_applies_to_whole_years(self):
        self.assertEqual(add_months(dt.date(2096, 2, 29), 48), dt.date(2100, 2, 28))
        self.assertEqual(add_months(dt.date(1996, 2, 29), 48), dt.date(2000, 2, 29))

    def test_feb_28_plus_one_year_stays_on_the_28th(self):
        self.assertEqual(add_months(dt.date(2023, 2, 28), 12), dt.date(2024, 2, 28))
        self.assertEqual(decode_duration("P1Y1D").apply(dt.date(2023, 2, 28)), dt.date(2024, 2, 29))


class TestWholeYearShifts(unittest.TestCase):
    def test_29th_of_other_months_keeps_its_day(self):
        self.assertEqual(add_months(dt.date(2024, 3, 29), 12), dt.date(2025, 3, 29))
        self.assertEqual(add_months(dt.date(2024, 1, 29), 12), dt.date(2025, 1, 29))
        self.assertEqual(add_months(dt.date(2024, 12, 29), 12), dt.date(2025, 12, 29))

    def test_negative_whole_years_keep_the_29th(self):
        self.assertEqual(add_months(dt.date(2024, 8, 29), -12), dt.date(2023, 8, 29))
        self.assertEqual(add_months(dt.date(2024, 5, 29), -24), dt.date(2022, 5, 29))

    def test_zero_months_is_the_identity(self):
        day = dt.date(2023, 1, 1)
        while day.year < 2025:
            self.assertEqual(add_months(day, 0), day, day.isoformat())
            day += dt.timedelta(days=1)

    def test_relative_year_expressions_on_the_29th(self):
        self.assertEqual(decode_relative("in 1 year", dt.date(2024, 10, 29)), dt.date(2025, 10, 29))
        self.assertEqual(decode_relative("a year ago", dt.date(2024, 7, 29)), dt.date(2023, 7, 29))
        self.assertEqual(decode_relative("next year", dt.date(2024, 1, 29)), dt.date(2025, 1, 29))
        self.assertEqual(decode_relative("last year", dt.date(2025, 4, 29)), dt.date(2024, 4, 29))

    def test_iso_year_durations_on_the_29th(self):
        self.assertEqual(decode_duration("P2Y").apply(dt.date(2024, 4, 29)), dt.date(2026, 4, 29))
        self.assertEqual(decode_duration("-P1Y").apply(dt.date(2024, 6, 29)), dt.date(2023, 6, 29))
        self.assertEqual(decode_duration("P1Y1D").apply(dt.date(2024, 9, 29)), dt.date(2025, 9, 30))

    def test_agrees_with_month_by_month_rule_for_every_day(self):
        day = dt.date(2023, 1, 1)
        while day.year < 2025:
            for months in (-36, -24, -13, -12, -1, 1, 11, 12, 24, 48):
                self.assertEqual(add_months(day, months), month_by_month(day, months), (day.isoformat(), months))
            day += dt.timedelta(days=1)


class TestMonthEnds(unittest.TestCase):
    def test_month_end_clamping_still_applies(self):
        self.assertEqual(add_months(dt.date(2024, 3, 31), 1), dt.date(2024, 4, 30))
        self.assertEqual(add_months(dt.date(2024, 5, 31), -1), dt.date(2024, 4, 30))
        self.assertEqual(add_months(dt.date(2023, 3, 31), 11), dt.date(2024, 2, 29))
        self.assertEqual(add_months(dt.date(2024, 1, 30), 13), dt.date(2025, 2, 28))

    def test_30th_and_31st_shift_by_whole_years(self):
        self.assertEqual(add_months(dt.date(2024, 1, 31), 12), dt.date(2025, 1, 31))
        self.assertEqual(add_months(dt.date(2024, 12, 30), -12), dt.date(2023, 12, 30))
        self.assertEqual(add_months(dt.date(2024, 4, 30), 24), dt.date(2026, 4, 30))


if __name__ == "__main__":
    unittest.main()
