"""Calendar arithmetic for schedules: days, weeks and calendar months.

A month is a *calendar* month: the same day of the month ``n`` months later, clamped to the last
day of that month when it has fewer days (issue 6). So 31 Jan + 1 month = 28 Feb (29 in a leap
year), and 30 Nov + 3 months = 29 Feb in a leap year. A year is 12 calendar months, so
29 Feb 2024 + 1 year = 28 Feb 2025. Clamping is the documented meaning of "n months later",
not a silent correction: the day never moves into the following month.

A week is exactly 7 days. "Week w after surgery" (1-based) runs from day ``7 (w - 1)`` to day
``7 w - 1``, the surgery day being day 0.

>>> add_months(dt.date(2023, 11, 30), 3)
datetime.date(2024, 2, 29)
>>> add_months(dt.date(2024, 2, 29), 12)
datetime.date(2025, 2, 28)
>>> add_weeks(dt.date(2025, 3, 3), 6)
datetime.date(2025, 4, 14)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from chondral.errors import InvalidValueError

__all__ = ["add_months", "add_weeks", "days_in_month", "inside_calendar", "week_start"]


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` (1-12) of ``year`` (Gregorian calendar)."""
    return calendar.monthrange(year, month)[1]


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` plus ``months`` calendar months (may be negative), clamped to the month's end.

    Raises ``OverflowError`` outside the years 1-9999 (``datetime.date``'s range).
    """
    index = date.year * 12 + (date.month - 1) + months
    year, month_index = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(f"{date.isoformat()} + {months} months is outside years 1-9999")
    month = month_index + 1
    return dt.date(year, month, min(date.day, days_in_month(year, month)))


def add_weeks(date: dt.date, weeks: int) -> dt.date:
    """``date`` plus exactly ``7 x weeks`` days."""
    return date + dt.timedelta(weeks=weeks)


def week_start(surgery_date: dt.date, week: int) -> dt.date:
    """First day of week ``week`` (1-based) after surgery: day ``7 (week - 1)``."""
    if week < 1:
        raise InvalidValueError(
            f"weeks after surgery are numbered from 1, got {week}", field="week"
        )
    return surgery_date + dt.timedelta(days=7 * (week - 1))


@contextmanager
def inside_calendar(date: dt.date, *, field: str, what: str) -> Iterator[None]:
    """Date arithmetic on ``date`` that runs past 9999-12-31 or before 0001-01-01 (Python's
    ``OverflowError``) becomes an ``InvalidValueError`` naming ``field`` and the date.

    ``with inside_calendar(surgery, field="surgery_date", what="the schedule"): ...`` around
    the arithmetic of a schedule refuses a surgery on 9999-06-01 (its 1-year visit would be in
    year 10000) as bad input instead of a crash.
    """
    try:
        yield
    except OverflowError as error:
        raise InvalidValueError(
            f"{what} from {date.isoformat()} would run outside the calendar"
            f" ({dt.date.min.isoformat()} to {dt.date.max.isoformat()})",
            field=field,
        ) from error
