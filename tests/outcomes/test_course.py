"""A case's course: baseline, follow-ups, change and MCID/PASS/SCB flags at exact thresholds."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError
from chondral.io.outcomes_json import outcome_summary_to_dict
from chondral.io.threshold_set import threshold_set_to_dict
from chondral.outcomes import (
    Measure,
    ScoringRules,
    label_time_point,
    parse_threshold_set,
    summarise_outcomes,
)

SURGERY = dt.date(2024, 3, 1)


def on(days: int) -> dt.date:
    """The date ``days`` after surgery (negative: before)."""
    return SURGERY + dt.timedelta(days=days)


def ihot(days: int, mark: float | None) -> PromResponse:
    """An iHOT-12 form with every item at ``mark`` (its score is ``mark``)."""
    return PromResponse("ihot12", on(days), {f"q{i}": mark for i in range(1, 13)})


def vas(days: int, pain: float) -> PromResponse:
    return PromResponse("vas_pain", on(days), {"pain": pain})


def vas_thresholds() -> Any:
    """A test set with VAS thresholds (lower is better) at 12 months."""
    row = {"instrument": "vas_pain", "time_point_months": 12, "source": "test"}
    return parse_threshold_set(
        {
            "schema": "chondral.thresholds/1",
            "id": "vas-test",
            "version": "1",
            "source": "test",
            "thresholds": [
                {**row, "measure": "mcid", "basis": "change", "value": 2},
                {**row, "measure": "pass", "basis": "score", "value": 3.0},
                {**row, "measure": "scb", "basis": "change", "value": 4.5},
            ],
        }
    )


class TestBaselineAndFollowUps:
    def test_baseline_is_the_latest_response_on_or_before_surgery(self) -> None:
        summary = summarise_outcomes(
            [ihot(30, 60), ihot(-90, 40), ihot(0, 45), ihot(-10, 42)], SURGERY
        )
        course = summary.course("ihot12")
        assert course is not None
        assert [r.days_from_surgery for r in course.pre_operative] == [-90, -10, 0]
        assert course.baseline is not None and course.baseline.days_from_surgery == 0
        (follow_up,) = course.follow_ups
        assert follow_up.scored.days_from_surgery == 30
        assert follow_up.change == Decimal("15.0")

    def test_no_baseline(self) -> None:
        summary = summarise_outcomes([ihot(365, 90)], SURGERY)
        course = summary.course("ihot12")
        assert course is not None and course.baseline is None
        (follow_up,) = course.follow_ups
        assert follow_up.change is None
        assert follow_up.mcid_achieved is None
        assert follow_up.check(Measure.MCID).reason == "no pre-operative baseline response"
        assert follow_up.pass_achieved is True  # 90 >= 69.1: PASS needs no baseline

    def test_unscorable_baseline_gives_null_change_flags(self) -> None:
        baseline = PromResponse("ihot12", on(-5), {"q1": 50})
        summary = summarise_outcomes([baseline, ihot(365, 90)], SURGERY)
        course = summary.course("ihot12")
        assert course is not None
        (follow_up,) = course.follow_ups
        assert follow_up.mcid_achieved is None
        assert follow_up.check(Measure.MCID).reason == (
            "the baseline response of 2024-02-25 is not scorable"
        )

    def test_unscorable_follow_up(self) -> None:
        summary = summarise_outcomes([ihot(-5, 50), ihot(365, None)], SURGERY)
        course = summary.course("ihot12")
        assert course is not None
        (follow_up,) = course.follow_ups
        assert follow_up.change is None
        assert [c.achieved for c in follow_up.checks] == [None, None, None]
        assert follow_up.check(Measure.PASS).reason == "the follow-up is not scorable"

    def test_instruments_in_definition_order_and_absent_ones_left_out(self) -> None:
        summary = summarise_outcomes([vas(-1, 6), ihot(-1, 40)], SURGERY)
        assert [c.instrument for c in summary.instruments] == ["ihot12", "vas_pain"]
        assert summary.course("mhhs") is None

    def test_time_point_labels(self) -> None:
        summary = summarise_outcomes([ihot(d, 50) for d in (42, 91, 183, 365, 730)], SURGERY)
        course = summary.course("ihot12")
        assert course is not None
        assert [f.time_point for f in course.follow_ups] == [
            "6 weeks",
            "3 months",
            "6 months",
            "1 year",
            "2 years",
        ]


class TestFlagsAtExactThresholds:
    """iHOT-12, default set at 1 year: MCID 15.1 (change), PASS 69.1, SCB 72.6 (scores)."""

    def follow_up(self, baseline: float, score: float, days: int = 365) -> Any:
        summary = summarise_outcomes([ihot(-7, baseline), ihot(days, score)], SURGERY)
        course = summary.course("ihot12")
        assert course is not None
        return course.follow_ups[0]

    def test_change_equal_to_mcid_is_achieved(self) -> None:
        # 45.3 - 30.2 = 15.1 exactly; in binary floats it is 15.0999..., which would fail
        follow_up = self.follow_up(30.2, 45.3)
        assert follow_up.change == Decimal("15.1")
        assert follow_up.mcid_achieved is True
        assert follow_up.check(Measure.MCID).compared == Decimal("15.1")
        assert follow_up.threshold_time_point_months == 12

    def test_change_just_below_mcid_is_not_achieved(self) -> None:
        assert self.follow_up(30.2, 45.2).mcid_achieved is False

    def test_pass_at_and_below_the_line(self) -> None:
        assert self.follow_up(30, 69.1).pass_achieved is True
        assert self.follow_up(30, 69.0).pass_achieved is False

    def test_scb_at_and_below_the_line(self) -> None:
        assert self.follow_up(30, 72.6).scb_achieved is True
        assert self.follow_up(30, 72.5).scb_achieved is False

    def test_two_year_values_apply_from_18_months(self) -> None:
        # at 548 days the 2-year MCID (13.9) applies: 13.9 reaches it, though below 15.1
        follow_up = self.follow_up(50, 63.9, days=548)
        assert follow_up.threshold_time_point_months == 24
        assert follow_up.mcid_achieved is True
        assert self.follow_up(50, 63.9, days=547).mcid_achieved is False

    def test_worse_is_not_an_improvement(self) -> None:
        follow_up = self.follow_up(80, 60)
        assert follow_up.change == Decimal("-20.0") == follow_up.improvement
        assert follow_up.mcid_achieved is False


class TestLowerIsBetter:
    def test_vas_has_no_default_thresholds_so_flags_are_null(self) -> None:
        summary = summarise_outcomes([vas(-3, 7), vas(365, 1)], SURGERY)
        course = summary.course("vas_pain")
        assert course is not None
        (follow_up,) = course.follow_ups
        assert follow_up.change == Decimal("-6.0") and follow_up.improvement == Decimal("6.0")
        assert (follow_up.mcid_achieved, follow_up.pass_achieved, follow_up.scb_achieved) == (
            None,
            None,
            None,
        )
        assert follow_up.check(Measure.MCID).reason == (
            "threshold set nwachukwu-2020 (version 1) has no values for vas_pain"
        )

    @pytest.mark.parametrize(
        ("follow_up_pain", "mcid", "pass_", "scb"),
        [
            (4.0, True, False, False),  # improvement 2.0 = MCID; 4.0 > PASS 3.0
            (4.1, False, False, False),  # improvement 1.9
            (3.0, True, True, False),  # at the PASS line
            (1.5, True, True, True),  # improvement 4.5 = SCB
            (1.6, True, True, False),
            (8.0, False, False, False),  # worse
        ],
    )
    def test_vas_flags_run_the_other_way(
        self, follow_up_pain: float, mcid: bool, pass_: bool, scb: bool
    ) -> None:
        summary = summarise_outcomes(
            [vas(-3, 6), vas(365, follow_up_pain)], SURGERY, thresholds=vas_thresholds()
        )
        course = summary.course("vas_pain")
        assert course is not None
        (follow_up,) = course.follow_ups
        assert (follow_up.mcid_achieved, follow_up.pass_achieved, follow_up.scb_achieved) == (
            mcid,
            pass_,
            scb,
        )


class TestMissingThresholds:
    def test_nahs_flags_are_null_not_false(self) -> None:
        forms = [
            PromResponse("nahs", on(-2), {f"n{i}": 2 for i in range(1, 21)}),
            PromResponse("nahs", on(400), {f"n{i}": 4 for i in range(1, 21)}),
        ]
        course = summarise_outcomes(forms, SURGERY).course("nahs")
        assert course is not None
        follow_up = course.follow_ups[0]
        assert follow_up.change == Decimal("50.0")
        assert [c.achieved for c in follow_up.checks] == [None, None, None]
        assert follow_up.threshold_time_point_months is None

    def test_measure_missing_at_the_chosen_time_point(self) -> None:
        thresholds = vas_thresholds()
        only_mcid = parse_threshold_set(
            {
                **threshold_set_to_dict(thresholds),
                "thresholds": [threshold_set_to_dict(thresholds)["thresholds"][0]],
            }
        )
        summary = summarise_outcomes([vas(-3, 6), vas(365, 1)], SURGERY, thresholds=only_mcid)
        course = summary.course("vas_pain")
        assert course is not None
        follow_up = course.follow_ups[0]
        assert follow_up.mcid_achieved is True
        assert follow_up.pass_achieved is None
        assert follow_up.check(Measure.PASS).reason == (
            "threshold set vas-test (version 1) has no PASS for vas_pain at 12 months"
        )


class TestInputErrors:
    def test_surgery_date_is_required(self) -> None:
        with pytest.raises(InputDataError) as error:
            summarise_outcomes([ihot(10, 50)], None)
        assert error.value.field == "surgery_date"

    def test_bad_response_is_named_by_position(self) -> None:
        bad = PromResponse("hos_adl", on(10), {"adl_4": 7})
        with pytest.raises(InputDataError) as error:
            summarise_outcomes([ihot(10, 50), bad], SURGERY)
        assert error.value.field == "proms[1].answers.adl_4"

    def test_two_forms_of_one_instrument_on_one_date(self) -> None:
        with pytest.raises(InputDataError) as error:
            summarise_outcomes([ihot(10, 50), vas(10, 3), ihot(10, 60)], SURGERY)
        assert error.value.field == "proms[2].date"
        assert "a second ihot12 response dated 2024-03-11" in error.value.problem

    def test_rules_are_passed_on(self) -> None:
        form = PromResponse("hos_sport", on(-1), {"sport_1": 4})
        strict = summarise_outcomes([form], SURGERY).course("hos_sport")
        lenient = summarise_outcomes(
            [form], SURGERY, rules=ScoringRules(hos_sport_min_answered=1)
        ).course("hos_sport")
        assert strict is not None and lenient is not None
        assert strict.pre_operative[0].result.score is None
        assert lenient.pre_operative[0].result.score == Decimal("100.0")


class TestJson:
    def test_summary_as_dict_is_json_ready(self) -> None:
        summary = summarise_outcomes(
            [ihot(-7, 30.2), ihot(365, 45.3)], SURGERY, case_id="C-1", side="left"
        )
        document = json.loads(json.dumps(outcome_summary_to_dict(summary)))
        assert document["case_id"] == "C-1" and document["side"] == "left"
        assert document["threshold_set"]["id"] == "nwachukwu-2020"
        (course,) = document["instruments"]
        assert course["baseline"]["score"] == 30.2
        assert course["baseline"]["days_from_surgery"] == -7
        follow_up = course["follow_ups"][0]
        assert follow_up["change"] == 15.1 and follow_up["improvement"] == 15.1
        assert follow_up["mcid_achieved"] is True
        assert follow_up["checks"]["mcid"]["threshold"]["value"] == 15.1
        assert follow_up["checks"]["mcid"]["compared"] == 15.1
        assert follow_up["checks"]["pass"]["achieved"] is False
        assert follow_up["time_point"] == "1 year"

    def test_no_baseline_and_no_side(self) -> None:
        document = outcome_summary_to_dict(summarise_outcomes([ihot(30, 50)], SURGERY))
        assert document["side"] is None
        assert document["instruments"][0]["baseline"] is None
        checks = document["instruments"][0]["follow_ups"][0]["checks"]
        assert checks["mcid"]["compared"] is None


class TestLabelTimePoint:
    @pytest.mark.parametrize(
        ("days", "label"),
        [
            (1, "1 day"),
            (13, "13 days"),
            (14, "2 weeks"),
            (17, "2 weeks"),
            (18, "3 weeks"),  # 18 / 7 = 2.57
            (90, "13 weeks"),
            (91, "3 months"),
            (365, "1 year"),
            (548, "18 months"),
            (730, "2 years"),
            (1826, "5 years"),
        ],
    )
    def test_labels(self, days: int, label: str) -> None:
        assert label_time_point(days) == label
