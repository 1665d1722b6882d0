"""Calendar months clamp to the month's end; weeks are 7 days; week numbers are 1-based."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.pathway import add_months, add_weeks, days_in_month, week_start

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 12, 31))
month_counts = st.integers(min_value=-1200, max_value=1200)


class TestKnownDates:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),  # the example, leap year
            (dt.date(2022, 11, 30), 3, dt.date(2023, 2, 28)),  # same, common year
            (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
            (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
            (dt.date(2025, 1, 31), 3, dt.date(2025, 4, 30)),
            (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
            (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),  # 1 year after a leap day
            (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),  # 4 years: leap again
            (dt.date(2099, 2, 28), 12, dt.date(2100, 2, 28)),  # 2100 is not a leap year
            (dt.date(2025, 3, 3), 60, dt.date(2030, 3, 3)),
            (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15)),  # across the year end
            (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
            (dt.date(2025, 5, 17), 0, dt.date(2025, 5, 17)),
        ],
    )
    def test_add_months(self, start, months, expected):
        assert add_months(start, months) == expected

    def test_weeks_are_seven_days_across_month_and_year_ends(self):
        assert add_weeks(dt.date(2025, 12, 29), 1) == dt.date(2026, 1, 5)
        assert add_weeks(dt.date(2024, 2, 26), 1) == dt.date(2024, 3, 4)
        assert add_weeks(dt.date(2025, 3, 3), 16) == dt.date(2025, 6, 23)

    def test_week_numbers_start_at_one_on_the_surgery_day(self):
        assert week_start(dt.date(2025, 3, 3), 1) == dt.date(2025, 3, 3)
        assert week_start(dt.date(2025, 3, 3), 7) == dt.date(2025, 4, 14)
        with pytest.raises(ValueError, match="from 1"):
            week_start(dt.date(2025, 3, 3), 0)

    def test_days_in_february(self):
        assert [days_in_month(y, 2) for y in (2023, 2024, 1900, 2000)] == [28, 29, 28, 29]

    def test_outside_the_calendar_is_refused(self):
        with pytest.raises(OverflowError):
            add_months(dt.date(9999, 12, 1), 1)


class TestProperties:
    @given(dates, month_counts)
    def test_lands_in_the_right_month_on_the_clamped_day(self, start, months):
        result = add_months(start, months)
        index = start.year * 12 + start.month - 1 + months
        year, month_index = divmod(index, 12)
        assert (result.year, result.month) == (year, month_index + 1)
        last = calendar.monthrange(result.year, result.month)[1]
        assert result.day == min(start.day, last)

    @given(dates, month_counts)
    def test_never_overshoots_into_the_next_month(self, start, months):
        result = add_months(start, months)
        assert result.day <= start.day

    @given(dates, st.integers(min_value=0, max_value=600))
    def test_monotonic_in_months(self, start, months):
        assert add_months(start, months) <= add_months(start, months + 1)

    @given(dates.filter(lambda d: d.day <= 28), month_counts)
    def test_days_up_to_28_round_trip(self, start, months):
        assert add_months(add_months(start, months), -months) == start
