"""The rehabilitation schedule: the 6/8-week rule at its boundaries, dated phases, visits,
PROMs, the pain note. Expected dates are computed by hand from the calendar."""

import dataclasses
import datetime as dt
import itertools

import pytest

from chondral.domain import ConcomitantProcedure, RuleKind, Side
from chondral.errors import InputDataError
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.pathway import (
    DEFAULT_POLICY,
    PathwayRule,
    WeightBearingParams,
    build_rehab_schedule,
    decide_weight_bearing,
)
from pathway_factories import pathway_case

MONDAY = dt.date(2025, 3, 3)


def schedule(area=150.0, lcea=31.0, surgery=MONDAY, **kwargs):
    return build_rehab_schedule(
        "T-1", Side.LEFT, surgery, treated_area_mm2=area, lcea_deg=lcea, **kwargs
    )


class TestWeightBearingRule:
    """'exceeds 200 mm2': 200 itself is 6 weeks. 'LCEA < 25': 25 itself is 6 weeks."""

    @pytest.mark.parametrize(
        ("area", "lcea", "weeks"),
        [
            (200.0, 25.0, 6),  # both exactly at the boundary: neither crossed
            (199.99, 25.0, 6),
            (200.0, 30.0, 6),
            (200.01, 30.0, 8),  # area just above
            (100.0, 24.99, 8),  # LCEA just below
            (100.0, 25.0, 6),
            (250.0, 20.0, 8),  # both
            (50.0, 40.0, 6),
        ],
    )
    def test_boundaries(self, area, lcea, weeks):
        decision = decide_weight_bearing(area, lcea)
        assert decision.weeks == weeks
        assert decision.extended is (weeks == 8)
        assert decision.rule_id == "pathway.weight_bearing.extended/1"
        assert not decision.findings

    def test_reasons_state_each_comparison(self):
        decision = decide_weight_bearing(200.0, 25.0)
        assert decision.reasons == (
            "treated area 200.0 mm2 does not exceed 200 mm2",
            "LCEA 25 deg is not below 25 deg",
        )

    @pytest.mark.parametrize("lcea", [24.0, 25.0, 40.0, None])
    def test_an_unknown_area_never_shortens_protection(self, lcea):
        """Unknown inputs are not guessed: the longer protection holds until they are known."""
        decision = decide_weight_bearing(None, lcea)
        assert decision.weeks == 8 and decision.extended
        messages = [f.message for f in decision.findings]
        assert any("treated area unknown" in m and "longer 8 weeks" in m for m in messages)
        assert all(f.rule_id == "pathway.weight_bearing.extended/1" for f in decision.findings)

    @pytest.mark.parametrize("area", [201.0, 200.0, 50.0])
    def test_an_unknown_lcea_never_shortens_protection(self, area):
        decision = decide_weight_bearing(area, None)
        assert decision.weeks == 8
        assert any("LCEA not measured" in f.message for f in decision.findings)

    def test_both_unknown_says_the_surgeon_must_decide(self):
        decision = decide_weight_bearing(None, None)
        assert decision.weeks == 8 and decision.extended
        assert len(decision.findings) == 3
        assert "surgeon must set" in decision.findings[-1].message

    def test_configurable(self):
        rule = PathwayRule(
            "weight_bearing.extended",
            2,
            "unit policy",
            RuleKind.POLICY,
            WeightBearingParams(base_weeks=5, extended_weeks=10, area_above_mm2=300),
        )
        assert decide_weight_bearing(300.0, 30.0, rule).weeks == 5
        assert decide_weight_bearing(300.5, 30.0, rule).weeks == 10
        assert (
            decide_weight_bearing(300.5, 30.0, rule).rule_id == "pathway.weight_bearing.extended/2"
        )

    def test_params_are_checked(self):
        with pytest.raises(ValueError, match="base_weeks"):
            WeightBearingParams(base_weeks=8, extended_weeks=6)


class TestPhases:
    def test_six_weeks(self):
        phases = schedule(area=150.0).phases
        assert [p.id for p in phases] == ["I", "II", "III", "IV"]
        assert [(p.start, p.end) for p in phases] == [
            (dt.date(2025, 3, 3), dt.date(2025, 4, 13)),  # days 0-41
            (dt.date(2025, 4, 14), dt.date(2025, 4, 27)),  # weeks 7-8
            (dt.date(2025, 4, 28), dt.date(2025, 6, 22)),  # weeks 9-16
            (dt.date(2025, 6, 23), None),  # week 17 onward
        ]
        assert [(p.first_week, p.last_week) for p in phases] == [
            (1, 6),
            (7, 8),
            (9, 16),
            (17, None),
        ]

    def test_eight_weeks_shift_phases_ii_and_iii_but_not_iv(self):
        phases = schedule(area=250.0).phases
        assert [(p.first_week, p.last_week) for p in phases] == [
            (1, 8),
            (9, 10),
            (11, 16),
            (17, None),
        ]
        assert phases[0].end == dt.date(2025, 4, 27)
        assert phases[1].start == dt.date(2025, 4, 28)

    def test_phases_are_contiguous(self):
        phases = schedule(area=250.0).phases
        for earlier, later in itertools.pairwise(phases):
            assert later.start - earlier.end == dt.timedelta(days=1)

    def test_weight_bearing_until_is_the_review_day_and_phase_ii_starts_then(self):
        result = schedule(area=250.0)
        assert result.weight_bearing_until == dt.date(2025, 4, 28)  # 56 days
        assert result.phases[1].start == result.weight_bearing_until
        first = result.phases[0].restrictions[0]
        assert "20 lb (9 kg) foot-flat" in first and "for 8 weeks" in first
        assert "2025-04-28" in first

    def test_limited_restrictions_give_their_last_day(self):
        restrictions = schedule().phases[0].restrictions
        flexion = next(r for r in restrictions if "flexion no more than 90" in r)
        assert "first 10 days, through 2025-03-12" in flexion  # days 0-9
        abduction = next(r for r in restrictions if "Abduction" in r)
        assert "through 2025-03-23" in abduction  # 21 days: days 0-20

    @staticmethod
    def _policy(extended_weeks):
        rule = dataclasses.replace(
            DEFAULT_POLICY.weight_bearing,
            params=WeightBearingParams(base_weeks=6, extended_weeks=extended_weeks),
        )
        return dataclasses.replace(DEFAULT_POLICY, weight_bearing=rule)

    def test_long_protection_shortens_phase_iii(self):
        phases = schedule(area=250.0, policy=self._policy(13)).phases
        assert [(p.first_week, p.last_week) for p in phases] == [
            (1, 13),
            (14, 15),
            (16, 16),
            (17, None),
        ]

    def test_protection_too_long_for_the_protocol_is_refused(self):
        with pytest.raises(InputDataError, match="leaves no time") as error:
            schedule(area=250.0, policy=self._policy(14))
        assert error.value.field == "weight_bearing.extended"


class TestVisitsAndProms:
    def test_visits_from_a_month_end_in_a_leap_year(self):
        result = schedule(surgery=dt.date(2023, 11, 30))
        visits = {v.label: v.date for v in result.visits}
        assert visits == {
            "2-week visit (wound check)": dt.date(2023, 12, 14),
            "6-week visit": dt.date(2024, 1, 11),
            "3-month visit": dt.date(2024, 2, 29),  # 30 Nov + 3 months, leap year
            "6-month visit": dt.date(2024, 5, 30),
            "1-year visit": dt.date(2024, 11, 30),
            "2-year visit": dt.date(2025, 11, 30),
        }

    def test_visits_from_31_august(self):
        result = schedule(surgery=dt.date(2025, 8, 31))
        visits = {v.label: v.date for v in result.visits}
        assert visits["3-month visit"] == dt.date(2025, 11, 30)
        assert visits["6-month visit"] == dt.date(2026, 2, 28)

    def test_six_week_protection_ends_at_the_six_week_visit(self):
        result = schedule(area=150.0)
        assert len(result.visits) == 6
        assert dt.date(2025, 4, 14) in [v.date for v in result.visits]

    def test_eight_week_protection_adds_a_review_visit(self):
        result = schedule(area=250.0)
        review = [v for v in result.visits if "end of protected weight bearing" in v.label]
        assert [(v.label, v.date) for v in review] == [
            ("8-week review: end of protected weight bearing", dt.date(2025, 4, 28))
        ]
        assert review[0].rule_id == "pathway.followup.weight_bearing_review/1"
        assert [v.date for v in result.visits] == sorted(v.date for v in result.visits)

    def test_visit_rule_says_it_is_a_design_suggestion(self):
        result = schedule()
        assert {v.rule_id for v in result.visits} == {"pathway.followup.visits/1"}
        assert "NOT sourced" in result.protocol.visits_rule.source
        assert result.protocol.visits_rule.kind is RuleKind.DESIGN

    def test_proms_before_surgery_and_at_6_months_1_2_5_years(self):
        result = schedule(surgery=dt.date(2024, 2, 29))
        by_point = {}
        for due in result.prom_due:
            by_point.setdefault(due.time_point, set()).add(due.date)
        assert by_point == {
            "before surgery": {dt.date(2024, 2, 29)},
            "6 months": {dt.date(2024, 8, 29)},
            "1 year": {dt.date(2025, 2, 28)},
            "2 years": {dt.date(2026, 2, 28)},
            "5 years": {dt.date(2029, 2, 28)},
        }
        instruments = {d.instrument for d in result.prom_due}
        assert instruments == {"mhhs", "hos_adl", "hos_sport", "ihot12", "vas_pain"}
        assert len(result.prom_due) == 25


class TestPainNote:
    def test_nsaid_question_is_flagged_never_prescribed(self):
        notes = schedule().pain_notes
        assert len(notes) == 1
        assert notes[0].rule_id == "pathway.pain.nsaid_question/1"
        assert "FOR THE SURGEON TO DECIDE" in notes[0].message
        assert "not prescribed" in notes[0].message

    def test_mixed_fai_resection_is_mentioned(self):
        case = pathway_case(**{"operative.concomitant": ["femoroplasty", "acetabuloplasty"]})
        assert set(case.operative.concomitant) == {
            ConcomitantProcedure.FEMOROPLASTY,
            ConcomitantProcedure.ACETABULOPLASTY,
        }
        with_both = schedule(operative=case.operative).pain_notes[0].message
        assert "mixed-type FAI resection" in with_both
        only_cam = pathway_case(**{"operative.concomitant": ["femoroplasty"]})
        assert "mixed-type" not in schedule(operative=only_cam.operative).pain_notes[0].message


class TestJson:
    def test_issue_shape(self):
        document = rehab_schedule_to_dict(schedule(area=250.0))
        assert document["surgery_date"] == "2025-03-03"
        assert document["side"] == "left"
        assert {"restriction", "until"} <= set(document["weight_bearing"])
        assert document["weight_bearing"]["until"] == "2025-04-28"
        for phase in document["phases"]:
            assert {"name", "start", "end", "goals", "restrictions", "criteria_to_progress"} <= set(
                phase
            )
        assert document["phases"][-1]["end"] is None
        assert all(set(v) >= {"label", "date"} for v in document["visits"])
        assert all(set(p) >= {"instrument", "date"} for p in document["prom_due"])
