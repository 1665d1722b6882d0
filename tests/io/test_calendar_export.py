"""The rehabilitation schedule as iCalendar, parsed back with icalendar."""

import datetime as dt

import pytest
from icalendar import Calendar

from chondral.domain import Side
from chondral.errors import InputDataError
from chondral.io.calendar_export import schedule_to_ical, write_schedule_ics
from chondral.pathway import build_rehab_schedule

STAMP = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def schedule(area=250.0, surgery=dt.date(2023, 11, 30), side=Side.LEFT):
    return build_rehab_schedule("CASE-7", side, surgery, treated_area_mm2=area, lcea_deg=31.0)


def events(data):
    calendar = Calendar.from_ical(data)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_parses_back_with_every_visit_phase_start_and_prom_time_point():
    plan = schedule()
    calendar, parsed = events(schedule_to_ical(plan, stamp=STAMP))
    assert str(calendar["VERSION"]) == "2.0"
    assert "chondral" in str(calendar["PRODID"])
    by_category = {}
    for event in parsed:
        category = event["CATEGORIES"].cats[0]
        by_category.setdefault(category, []).append(
            (event.decoded("DTSTART"), str(event["SUMMARY"]))
        )
    assert sorted(d for d, _ in by_category["follow-up visit"]) == [v.date for v in plan.visits]
    assert sorted(d for d, _ in by_category["rehabilitation phase"]) == [
        p.start for p in plan.phases
    ]
    prom_dates = sorted(d for d, _ in by_category["outcome questionnaires"])
    assert prom_dates == [
        dt.date(2023, 11, 30),
        dt.date(2024, 5, 30),
        dt.date(2024, 11, 30),
        dt.date(2025, 11, 30),
        dt.date(2028, 11, 30),
    ]
    assert len(parsed) == len(plan.visits) + len(plan.phases) + 5


def test_known_dates_across_a_leap_february():
    _, parsed = events(schedule_to_ical(schedule(), stamp=STAMP))
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in parsed}
    assert summaries["LEFT hip: 3-month visit"] == dt.date(2024, 2, 29)
    assert summaries["LEFT hip: 8-week review: end of protected weight bearing"] == dt.date(
        2024, 1, 25
    )
    assert summaries["LEFT hip: Phase II: weaning from crutches, restoring gait starts"] == dt.date(
        2024, 1, 25
    )


def test_events_are_all_day_name_the_side_and_have_unique_uids():
    _, parsed = events(schedule_to_ical(schedule(side=Side.RIGHT), stamp=STAMP))
    uids = [str(e["UID"]) for e in parsed]
    assert len(set(uids)) == len(uids)
    for event in parsed:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1)
        assert str(event["SUMMARY"]).startswith("RIGHT hip: ")
        assert event.decoded("DTSTAMP") == STAMP


def test_prom_event_lists_the_instruments():
    _, parsed = events(schedule_to_ical(schedule(), stamp=STAMP))
    prom = next(e for e in parsed if str(e["SUMMARY"]).endswith("(6 months)"))
    assert str(prom["DESCRIPTION"]).endswith("mhhs, hos_adl, hos_sport, ihot12, vas_pain")


def test_output_is_reproducible():
    assert schedule_to_ical(schedule(), stamp=STAMP) == schedule_to_ical(schedule(), stamp=STAMP)


def test_stamp_must_be_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule_to_ical(schedule(), stamp=dt.datetime(2025, 3, 1))


def test_write_refuses_other_extensions(tmp_path):
    with pytest.raises(InputDataError, match=r"must end in \.ics"):
        write_schedule_ics(schedule(), tmp_path / "rehab.txt", stamp=STAMP)
    path = write_schedule_ics(schedule(), tmp_path / "rehab.ics", stamp=STAMP)
    assert Calendar.from_ical(path.read_bytes()).walk("VEVENT")
