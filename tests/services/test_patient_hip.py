"""A patient's own hip in plain words (``services.patient_hip``) against truths worked out by
hand: the dated portal cases (``web.portal_cases``: the demo case, a right hip with one
acetabular lesion at 1:30 of 14 x 10 mm, LCEA 31 deg, ten hole positions in the operative
record), the clinical reference's weight-bearing rule read from the policy's parameters, and the
clock-face convention of product.md 4 (12:00 top, 3:00 front, 6:00 bottom, for both sides)."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import pytest

from chondral.io.casefile import parse_case
from chondral.pathway import DEFAULT_POLICY, add_months, default_protocol
from chondral.services.patient_hip import (
    clock_words,
    direction_words,
    patient_hip,
    plain_text,
    plain_words_known,
    size_comparison,
)
from web.portal_cases import preop_document, recovering_document

TODAY = dt.date(2027, 1, 20)


def _hip(document: dict[str, Any], as_of: dt.date = TODAY, **kwargs: Any) -> Any:
    case = parse_case(copy.deepcopy(document))
    return patient_hip(case, as_of=as_of, policy=DEFAULT_POLICY, **kwargs)


def _protected_weeks_by_hand() -> int:
    """The rule of clinical-reference.md 5.1 as the policy parameterises it, for the demo
    lesion: an ellipse of 14 x 10 mm (pi/4 x length x width) and an LCEA of 31 deg."""
    params = DEFAULT_POLICY.weight_bearing.params
    area_mm2 = math.pi / 4 * 14 * 10
    lcea_deg = 31.0
    extended = area_mm2 > params.area_above_mm2 or lcea_deg < params.lcea_below_deg
    return params.extended_weeks if extended else params.base_weeks


@pytest.fixture(scope="module")
def recovering_hip() -> Any:
    return _hip(recovering_document(TODAY))


@pytest.fixture(scope="module")
def preop_hip() -> Any:
    return _hip(preop_document(TODAY))


class TestRecovering:
    @pytest.fixture
    def hip(self, recovering_hip: Any) -> Any:
        return recovering_hip

    def test_protected_weight_bearing_ends_on_the_day_worked_out_by_hand(self, hip: Any) -> None:
        surgery = TODAY - dt.timedelta(days=21)
        assert _protected_weeks_by_hand() == 6
        until = surgery + dt.timedelta(weeks=_protected_weeks_by_hand())
        assert hip.surgery_date == surgery
        assert hip.protected
        assert hip.weight_bearing.until == until
        assert hip.weight_bearing_weeks == 6
        assert hip.weight_bearing.library_text == (default_protocol().weight_bearing_restriction)
        assert "crutches" in hip.weight_bearing.text and "20 lb" in hip.weight_bearing.text
        assert hip.weight_bearing.source.rule_id == "pathway.weight_bearing.extended/1"

    def test_the_phase_is_phase_one_with_its_exercises(self, hip: Any) -> None:
        surgery = TODAY - dt.timedelta(days=21)
        assert hip.stage == "recovery"
        assert hip.phase.id == "I"
        assert hip.phase.start == surgery
        assert hip.phase.end == surgery + dt.timedelta(weeks=6) - dt.timedelta(days=1)
        protocol_phase = default_protocol().phases[0]
        assert [e.library_text for e in hip.phase.exercises] == list(protocol_phase.exercises)
        assert hip.phase.source.rule_id == f"{default_protocol().id}/{default_protocol().version}"

    def test_ten_holes_were_made(self, hip: Any) -> None:
        assert (hip.holes.count, hip.holes.done) == (10, True)
        assert "operation record" in hip.holes.source.sources[0]

    def test_a_planned_count_does_not_replace_the_holes_made(self) -> None:
        assert _hip(recovering_document(TODAY), planned_hole_count=14).holes.count == 10

    def test_the_lesion_in_plain_words(self, hip: Any) -> None:
        assert hip.side == "right"
        (lesion,) = hip.lesions
        assert lesion.surface == "acetabulum" and "socket" in lesion.part
        assert (lesion.clock_start, lesion.clock_start_words) == ("1:30", "half past 1")
        assert lesion.direction == "towards the top and the front"
        assert (lesion.length_mm, lesion.width_mm) == (14, 10)
        assert lesion.comparison == "about the size of a fingernail"
        assert lesion.area_mm2 == pytest.approx(math.pi / 4 * 140)
        # the drawing's sector is centred on 1:30 (45 deg) and spans the width toward the fossa
        assert (lesion.sector_start_deg + lesion.sector_end_deg) / 2 == pytest.approx(45.0)
        assert (lesion.sector_rim_from_mm, lesion.sector_rim_to_mm) == (1.0, 11.0)

    def test_the_next_visit_is_the_six_week_visit_on_the_review_day(self, hip: Any) -> None:
        surgery = TODAY - dt.timedelta(days=21)
        assert hip.next_visit.label == "6-week visit"
        assert hip.next_visit.date == surgery + dt.timedelta(weeks=6)
        assert hip.next_visit.source.rule_id == "pathway.followup.visits/1"

    def test_no_checklist_and_the_six_month_questionnaires_come_next(self, hip: Any) -> None:
        assert hip.checklist_for_you == () and hip.checklist_team == ()
        assert hip.proms_due == ()
        surgery = TODAY - dt.timedelta(days=21)
        assert hip.next_proms == add_months(surgery, 6)
        assert hip.next_proms_time_point == "6 months"
        assert set(hip.next_proms_instruments) == {
            "mhhs",
            "hos_adl",
            "hos_sport",
            "ihot12",
            "vas_pain",
        }
        assert hip.has_calendar

    def test_the_restrictions_of_the_first_days_end_when_the_library_says(self) -> None:
        """Day 5 after surgery: flexion is limited for the first 10 days, abduction, extension
        and external rotation for 21; the last day is the one the library's schedule writes."""
        from chondral.pathway import build_rehab_schedule

        surgery = TODAY - dt.timedelta(days=21)
        day5 = surgery + dt.timedelta(days=4)
        hip = _hip(recovering_document(TODAY), as_of=day5)
        limited = {r.library_text: r.until for r in hip.restrictions_today if r.until}
        assert limited == {
            "Hip flexion no more than 90 degrees": surgery + dt.timedelta(days=9),
            "Abduction no more than 45 degrees, extension no more than 0 degrees, no external"
            " rotation": surgery + dt.timedelta(days=20),
        }
        schedule = build_rehab_schedule(
            "X",
            parse_case(recovering_document(TODAY)).side,
            surgery,
            treated_area_mm2=110.0,
            lcea_deg=31.0,
        )
        written = " ".join(schedule.phases[0].restrictions)
        for until in limited.values():
            assert f"through {until.isoformat()}" in written
        # on day 11 the flexion limit is over; on day 22 both are
        day11 = _hip(recovering_document(TODAY), as_of=surgery + dt.timedelta(days=10))
        assert [r.until for r in day11.restrictions_today if r.until] == [
            surgery + dt.timedelta(days=20)
        ]
        # three weeks after surgery (today) neither is left
        today = _hip(recovering_document(TODAY)).restrictions_today
        assert all(r.until is None for r in today)

    def test_crutches_stay_through_the_review_day_and_phase_two_waits_for_clearance(
        self,
    ) -> None:
        """Worked out by hand: surgery on 30 December 2026 (21 days before 20 January 2027),
        6 protected weeks: the review (the 6-week visit) is on surgery + 42 days, 10 February
        2027. Phase I runs through day 41 (9 February); phase II may start on the review day,
        but the crutches stay through that day, until the team clears the patient. "until" is
        the last day that applies (the review day) for every restriction."""
        surgery = dt.date(2026, 12, 30)
        review = dt.date(2027, 2, 10)
        assert TODAY - dt.timedelta(days=21) == surgery
        assert surgery + dt.timedelta(days=42) == review

        day41 = _hip(recovering_document(TODAY), as_of=surgery + dt.timedelta(days=41))
        assert day41.as_of == dt.date(2027, 2, 9)
        assert day41.protected and day41.weight_bearing.until == review
        assert day41.phase.id == "I" and day41.phase.end == dt.date(2027, 2, 9)
        assert not day41.phase.needs_clearance and day41.phase.entry_criteria == ()
        assert day41.next_visit.label == "6-week visit" and day41.next_visit.date == review

        day42 = _hip(recovering_document(TODAY), as_of=review)
        assert day42.protected, "the crutches stay on the review day until the team clears you"
        assert day42.weight_bearing.until == review
        assert day42.phase.id == "II" and day42.phase.start == review
        assert day42.phase.needs_clearance
        protocol = default_protocol()
        assert tuple(c.library_text for c in day42.phase.entry_criteria) == (
            protocol.phases[0].criteria_to_progress
        )
        assert "Physician clearance (Summit)" in protocol.phases[0].criteria_to_progress
        assert all(plain_words_known(c.library_text) for c in day42.phase.entry_criteria)
        assert {r.library_text for r in day42.restrictions_today} == {
            "No running or impact",
            "Load the repair gradually; avoid compressive or shear loads",
        }
        gradual = next(r for r in day42.restrictions_today if r.library_text.startswith("Load"))
        assert "once your team has told you it is safe" in gradual.text
        assert day42.next_visit.date == review

        day43 = _hip(recovering_document(TODAY), as_of=review + dt.timedelta(days=1))
        assert not day43.protected and day43.weight_bearing is None
        assert day43.phase.id == "II" and day43.phase.needs_clearance
        assert day43.next_visit.date > review


class TestBeforeSurgery:
    @pytest.fixture
    def hip(self, preop_hip: Any) -> Any:
        return preop_hip

    def test_no_restrictions_or_phase_yet(self, hip: Any) -> None:
        assert hip.stage == "pre_operative"
        assert not hip.operated
        assert hip.weight_bearing is None and hip.restrictions_today == ()
        assert hip.phase is None

    def test_the_patients_items_are_pending_with_their_due_dates(self, hip: Any) -> None:
        surgery = TODAY + dt.timedelta(days=21)
        mine = {item.id: item for item in hip.checklist_for_you}
        # a driver home: 7 days before; the two medicines the patient stops
        assert set(mine) == {"driver_home", "stop_ibuprofen", "stop_fish_oil"}
        assert all(not item.done and not item.overdue for item in mine.values())
        assert mine["driver_home"].due == surgery - dt.timedelta(days=7)
        assert mine["driver_home"].text.startswith("Arrange for an adult to drive you home")
        assert mine["stop_ibuprofen"].medicine == "ibuprofen"
        assert mine["stop_fish_oil"].medicine == "fish oil"
        assert mine["driver_home"].source.rule_id == "pathway.checklist.due/1"

    def test_the_team_items_still_to_do(self, hip: Any) -> None:
        surgery = TODAY + dt.timedelta(days=21)
        team = {item.id: item for item in hip.checklist_team}
        # done more than 21 days before surgery in the demo: history, imaging, reviews
        assert "history" not in team and "imaging_mri" not in team
        # dated after today in the demo, so still to do; CT and blood tests were not ordered
        assert set(team) == {
            "anaesthesia_plan",
            "consent",
            "preop_instructions",
            "walking_aid_training",
            "cpm_arranged",
        }
        assert team["consent"].due == surgery - dt.timedelta(days=1)
        assert team["anaesthesia_plan"].due == surgery - dt.timedelta(days=7)
        assert hip.checklist_ready is False

    def test_an_item_past_its_due_date_is_overdue(self) -> None:
        surgery = TODAY + dt.timedelta(days=21)
        hip = _hip(preop_document(TODAY), as_of=surgery - dt.timedelta(days=3))
        mine = {item.id: item for item in hip.checklist_for_you}
        assert mine["driver_home"].overdue

    def test_the_baseline_answered_early_is_not_announced_again(self, hip: Any) -> None:
        # the demo's baseline questionnaires are dated 21 days before surgery (today)
        assert hip.proms_due == ()
        assert hip.next_proms_time_point == "6 months"

    def test_without_a_baseline_the_questionnaires_before_surgery_come_next(self) -> None:
        document = preop_document(TODAY)
        document["proms"] = []
        hip = _hip(document)
        assert hip.next_proms == TODAY + dt.timedelta(days=21)
        assert hip.next_proms_time_point == "before surgery"
        assert len(hip.next_proms_instruments) == 5

    def test_the_planned_hole_count_is_shown_when_known(self, hip: Any) -> None:
        assert (hip.holes.count, hip.holes.done) == (None, False)
        planned = _hip(preop_document(TODAY), planned_hole_count=12).holes
        assert (planned.count, planned.done) == (12, False)


class TestSides:
    def test_a_left_hip_is_left_and_its_directions_hold(self) -> None:
        document = preop_document(TODAY)
        document["hip"]["side"] = "left"
        document["lesions"][0]["center"]["clock"] = "4:30"
        hip = _hip(document)
        assert hip.side == "left"
        (lesion,) = hip.lesions
        assert lesion.direction == "towards the front and the bottom"
        assert lesion.clock_start_words == "half past 4"

    def test_a_range_lesion_on_the_femoral_head(self) -> None:
        document = preop_document(TODAY)
        document["lesions"] = [
            {
                "id": "F1",
                "surface": "femoral_head",
                "clock": {"from": "11:00", "to": "1:00"},
                "rim_distance_mm": {"from": 0, "to": 8},
                "grade": {"system": "icrs", "value": "3"},
            }
        ]
        (lesion,) = _hip(document).lesions
        assert "thigh bone" in lesion.part
        assert (lesion.clock_start_words, lesion.clock_end_words) == ("11 o'clock", "1 o'clock")
        assert lesion.direction == "at the top"
        assert lesion.is_range and lesion.length_mm is None
        assert lesion.area_mm2 is not None and lesion.comparison is None
        assert lesion.sector_end_deg - lesion.sector_start_deg == pytest.approx(60.0)


class TestNoSurgeryDate:
    def test_only_the_hip_is_shown(self) -> None:
        document = preop_document(TODAY)
        document.pop("surgery_date")
        hip = _hip(document)
        assert hip.stage == "assessment" and hip.surgery_date is None
        assert hip.weight_bearing is None and hip.phase is None and hip.next_visit is None
        assert hip.checklist_for_you == () and hip.checklist_team == ()
        assert hip.next_proms is None and not hip.has_calendar
        assert hip.lesions[0].clock_start == "1:30"


class TestWords:
    @pytest.mark.parametrize(
        ("clock_deg", "words"),
        [(0.0, "12 o'clock"), (45.0, "half past 1"), (90.0, "3 o'clock"), (52.5, "1:45")],
    )
    def test_clock_words(self, clock_deg: float, words: str) -> None:
        assert clock_words(clock_deg) == words

    @pytest.mark.parametrize(
        ("clock_deg", "words"),
        [
            (0.0, "at the top"),
            (90.0, "at the front"),
            (180.0, "at the bottom"),
            (270.0, "at the back"),
            (315.0, "towards the back and the top"),
            (350.0, "at the top"),
        ],
    )
    def test_directions_follow_the_clock_face_convention(
        self, clock_deg: float, words: str
    ) -> None:
        assert direction_words(clock_deg) == words

    def test_size_comparisons(self) -> None:
        assert size_comparison(8, 6) == "smaller than a fingernail"
        assert size_comparison(14, 10) == "about the size of a fingernail"
        assert size_comparison(20, 12) == "larger than a fingernail"

    def test_every_text_of_the_default_protocol_has_plain_words(self) -> None:
        protocol = default_protocol()
        texts = [protocol.weight_bearing_restriction]
        for phase in protocol.phases:
            texts += [r.text for r in phase.restrictions] + list(phase.exercises)
            texts += list(phase.criteria_to_progress)
        assert [text for text in texts if not plain_words_known(text)] == []
        assert plain_text("something new") == "something new"
