"""Dates at the ends of the calendar (0001-01-01, 9999-12-31): the pathway refuses a surgery
date whose schedule would leave it, naming ``surgery_date``; it never raises OverflowError."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from chondral.domain import Side
from chondral.errors import InvalidValueError
from chondral.io.calendar_export import schedule_to_ical
from chondral.pathway import (
    build_checklist,
    build_rehab_schedule,
    evaluate_return_to_sport,
    inside_calendar,
    week_start,
)
from pathway_factories import pathway_case

STAMP = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
LAST_FIT = dt.date(9994, 12, 31)
"""The last surgery date whose schedule fits: its 5-year questionnaires are due on 9999-12-31."""


def schedule(surgery):
    return build_rehab_schedule("T-1", Side.LEFT, surgery, treated_area_mm2=150.0, lcea_deg=31.0)


def test_inside_calendar_turns_overflow_into_a_named_refusal():
    last = dt.date(9999, 12, 31)
    with (
        pytest.raises(InvalidValueError) as caught,
        inside_calendar(last, field="surgery_date", what="the schedule"),
    ):
        last + dt.timedelta(days=1)
    assert caught.value.field == "surgery_date"
    assert caught.value.problem == (
        "the schedule from 9999-12-31 would run outside the calendar (0001-01-01 to 9999-12-31)"
    )


def test_week_start_refuses_week_zero_naming_it():
    with pytest.raises(InvalidValueError) as caught:
        week_start(dt.date(2025, 3, 3), 0)
    assert caught.value.field == "week"


@pytest.mark.parametrize("surgery", [dt.date(9995, 1, 1), dt.date(9999, 6, 1), dt.date.max])
def test_a_schedule_past_9999_is_refused(surgery):
    with pytest.raises(InvalidValueError) as caught:
        schedule(surgery)
    assert caught.value.field == "surgery_date"
    assert surgery.isoformat() in caught.value.problem
    assert "rehabilitation schedule" in caught.value.problem


def test_the_last_schedule_that_fits_and_its_calendar():
    result = schedule(LAST_FIT)
    assert max(due.date for due in result.prom_due) == dt.date.max
    events = Calendar.from_ical(schedule_to_ical(result, stamp=STAMP)).walk("VEVENT")
    last = [e for e in events if e.decoded("DTSTART") == dt.date.max]
    assert last and all("DTEND" not in event for event in last)  # one all-day event, no day after
    others = [e for e in events if e.decoded("DTSTART") < dt.date.max]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == dt.timedelta(days=1) for e in others)


@pytest.mark.parametrize("surgery", [dt.date.min, dt.date(1, 1, 28)])
def test_a_checklist_due_before_0001_is_refused(surgery):
    with pytest.raises(InvalidValueError) as caught:
        build_checklist(pathway_case(), surgery, as_of=dt.date.min)
    assert caught.value.field == "surgery_date" and "checklist" in caught.value.problem


def test_a_return_to_sport_time_past_9999_is_refused():
    with pytest.raises(InvalidValueError) as caught:
        evaluate_return_to_sport("T-1", Side.LEFT, dt.date(9999, 10, 1), dt.date.max, None, {})
    assert caught.value.field == "surgery_date"


@settings(max_examples=200, deadline=None)
@given(surgery=st.dates(), day=st.dates())
def test_no_date_raises_anything_but_a_named_refusal(surgery, day):
    case = pathway_case()
    for build in (
        lambda: schedule(surgery),
        lambda: build_checklist(case, surgery, as_of=day),
        lambda: evaluate_return_to_sport("T-1", Side.LEFT, surgery, day, None, {}),
    ):
        try:
            build()
        except InvalidValueError as error:
            assert error.field == "surgery_date"
