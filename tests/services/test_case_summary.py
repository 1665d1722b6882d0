"""The list facts of a case (``services.case_summary``) against dates and counts worked out by
hand from the example files and the protocol (6 weeks of protected weight bearing at 110 mm2
and LCEA 31 deg; PROM time points before surgery, 6 months, 1, 2 and 5 years)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from chondral.io.casefile import load_case
from chondral.pathway import DEFAULT_POLICY
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.case_summary import size_band, summarise_case

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "chondral" / "examples"
FIVE = {"mhhs", "hos_adl", "hos_sport", "ihot12", "vas_pain"}
SURGERY = dt.date(2025, 3, 3)  # demo-case.yaml


def _summary(case, day):
    return summarise_case(case, rule_set=DEFAULT_RULE_SET, policy=DEFAULT_POLICY, today=day)


@pytest.fixture(scope="module")
def demo():
    return load_case(EXAMPLES / "demo-case.yaml")


def test_a_case_without_a_surgery_date_is_in_assessment():
    case = load_case(EXAMPLES / "borderline-dysplasia.yaml")
    summary = _summary(case, dt.date(2026, 12, 1))
    assert (summary.phase, summary.surgery_date) == ("assessment", None)
    assert summary.verdict == "candidate_with_cautions"
    assert summary.overdue_items == () and summary.proms_due == ()


def test_phases_follow_the_surgery_date_and_six_weeks_of_protection(demo):
    assert _summary(demo, SURGERY - dt.timedelta(days=1)).phase == "pre_operative"
    assert _summary(demo, SURGERY).phase == "rehab_I"  # the operation is recorded
    assert _summary(demo, SURGERY + dt.timedelta(days=41)).phase == "rehab_I"
    assert _summary(demo, SURGERY + dt.timedelta(days=42)).phase == "rehab_II"
    unoperated = dataclasses.replace(demo, operative=None)
    assert _summary(unoperated, SURGERY).phase == "pre_operative"


def test_questionnaires_due_are_those_of_the_open_window_without_an_answer(demo):
    # Every time point up to 1 year is answered in the file: nothing is due between them.
    for day in (dt.date(2025, 3, 3), dt.date(2025, 10, 1), dt.date(2026, 6, 1)):
        assert _summary(demo, day).proms_due == (), day
    # The 2-year point falls due on 2027-03-03 and nothing in the file answers it.
    due = _summary(demo, dt.date(2027, 3, 3)).proms_due
    assert {d.instrument for d in due} == FIVE
    assert {(d.time_point, d.due) for d in due} == {("2 years", dt.date(2027, 3, 3))}
    # The day before it falls due, nothing is due yet.
    assert _summary(demo, dt.date(2027, 3, 2)).proms_due == ()
    # Once the 5-year point falls due, the 2-year window has closed.
    late = _summary(demo, dt.date(2030, 3, 3)).proms_due
    assert {(d.instrument, d.time_point) for d in late} == {(i, "5 years") for i in FIVE}


def test_a_missing_six_month_answer_is_due_until_the_one_year_point(demo):
    proms = tuple(
        p for p in demo.proms if not (p.instrument == "ihot12" and p.date == dt.date(2025, 9, 1))
    )
    case = dataclasses.replace(demo, proms=proms)
    due = _summary(case, dt.date(2025, 9, 10)).proms_due
    assert [(d.instrument, d.time_point, d.due) for d in due] == [
        ("ihot12", "6 months", dt.date(2025, 9, 3))
    ]
    # On 2026-03-02 the iHOT-12 of that day falls in the 6-month window (after 2025-03-03).
    assert _summary(case, dt.date(2026, 3, 2)).proms_due == ()


def test_overdue_checklist_items_count_only_before_surgery(demo):
    open_items = dataclasses.replace(demo, checklist={}, operative=None)
    before = _summary(open_items, SURGERY - dt.timedelta(days=1))
    assert before.overdue_items, "every item is due before the day before surgery"
    assert _summary(open_items, SURGERY + dt.timedelta(days=1)).overdue_items == ()


@pytest.mark.parametrize(
    ("area", "band"),
    [
        (None, None),
        (50.0, "up to 200 mm2"),
        (200.0, "up to 200 mm2"),
        (200.1, "200 to 300 mm2"),
        (300.0, "200 to 300 mm2"),
        (300.1, "over 300 mm2"),
    ],
)
def test_size_bands_close_at_their_upper_bound(area, band):
    assert size_band(area) == band


def test_the_largest_lesion_sets_the_band():
    case = load_case(EXAMPLES / "borderline-dysplasia.yaml")
    areas = [lesion.recorded_area_mm2 for lesion in case.lesions]
    summary = _summary(case, dt.date(2026, 12, 1))
    assert summary.lesion_area_mm2 == max(a for a in areas if a is not None) == 330.0
    assert summary.size_band == "over 300 mm2"
