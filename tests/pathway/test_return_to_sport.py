"""The return-to-sport gate: cleared only with time, every criterion and the approval."""

import dataclasses
import datetime as dt
import itertools

import pytest

from chondral.domain import ReturnToSportRecord, RtsAssessment, Side, SurgeonApproval
from chondral.io.rts_json import rts_decision_to_dict
from chondral.pathway import (
    DEFAULT_POLICY,
    DatedScore,
    RtsCriteriaParams,
    RtsTimeParams,
    default_rts_criteria,
    evaluate_return_to_sport,
    rts_criteria,
)
from pathway_factories import PASSING_RESULTS, SURGERY

EARLIEST = dt.date(2025, 6, 23)  # 16 x 7 days after 2025-03-03
TESTED = dt.date(2025, 7, 7)
APPROVED = dt.date(2025, 7, 10)
GOOD_HOS = {"hos_adl": [DatedScore(TESTED, 97.1)], "hos_sport": [DatedScore(TESTED, 94.4)]}


def record(results=None, tested=TESTED, approval=APPROVED):
    assessments = (RtsAssessment(date=tested, results=results or PASSING_RESULTS),)
    approved = None if approval is None else SurgeonApproval(surgeon="Dr A", date=approval)
    return ReturnToSportRecord(assessments=assessments, approval=approved)


def gate(date=dt.date(2025, 7, 14), rts=None, scores=None, policy=DEFAULT_POLICY):
    return evaluate_return_to_sport(
        "T-1",
        Side.RIGHT,
        SURGERY,
        date,
        record() if rts is None else rts,
        GOOD_HOS if scores is None else scores,
        policy=policy,
    )


def check(decision, check_id):
    return next(c for c in decision.checks if c.id == check_id)


class TestCleared:
    def test_everything_met(self):
        decision = gate()
        assert decision.cleared and decision.blocking == ()
        ids = [c.id for c in decision.checks]
        assert (ids[0], ids[-1]) == ("minimum_time", "surgeon_approval")
        assert len(decision.checks) == len(default_rts_criteria()) + 2

    def test_json(self):
        document = rts_decision_to_dict(gate())
        assert document["cleared"] is True and document["blocking"] == []
        assert document["time_since_surgery"] == {"weeks": 19, "days": 0}
        assert document["side"] == "right"


class TestTime:
    def test_exactly_16_weeks_counts(self):
        rts = record(tested=EARLIEST, approval=EARLIEST)
        scores = {k: [DatedScore(EARLIEST, 99.0)] for k in GOOD_HOS}
        assert gate(EARLIEST, rts, scores).cleared

    def test_one_day_short_blocks_on_time_only(self):
        day = EARLIEST - dt.timedelta(days=1)
        rts = record(tested=day, approval=day)
        scores = {k: [DatedScore(day, 99.0)] for k in GOOD_HOS}
        decision = gate(day, rts, scores)
        assert decision.blocking == ("minimum_time",)
        assert "from 2025-06-23" in check(decision, "minimum_time").reason

    def test_configurable(self):
        rule = dataclasses.replace(DEFAULT_POLICY.rts_time, params=RtsTimeParams(weeks=20))
        policy = dataclasses.replace(DEFAULT_POLICY, rts_time=rule)
        assert gate(policy=policy).blocking == ("minimum_time",)


class TestCriteria:
    @pytest.mark.parametrize("criterion", [c for c in default_rts_criteria() if c.prom is None])
    def test_each_recorded_criterion_can_block(self, criterion):
        results = dict(PASSING_RESULTS)
        results[criterion.id] = False if criterion.threshold is None else criterion.threshold - 1
        decision = gate(rts=record(results))
        assert decision.blocking == (criterion.id,)
        assert "needs" in check(decision, criterion.id).reason

    @pytest.mark.parametrize("criterion", [c for c in default_rts_criteria() if c.prom is None])
    def test_each_missing_criterion_blocks(self, criterion):
        results = {k: v for k, v in PASSING_RESULTS.items() if k != criterion.id}
        decision = gate(rts=record(results))
        assert decision.blocking == (criterion.id,)
        assert check(decision, criterion.id).reason == "not recorded"

    @pytest.mark.parametrize(
        ("criterion_id", "value", "met"),
        [
            ("front_plank_s", 45, True),  # at least 45 s: 45 itself passes
            ("front_plank_s", 44.9, False),
            ("lateral_step_down_reps", 10, True),
            ("y_balance_symmetry_pct", 90, False),  # full participation: > 90%
            ("y_balance_symmetry_pct", 90.1, True),
            ("strength_mmt_grade", 4, False),
        ],
    )
    def test_threshold_boundaries(self, criterion_id, value, met):
        results = {**PASSING_RESULTS, criterion_id: value}
        assert check(gate(rts=record(results)), criterion_id).met is met

    @pytest.mark.parametrize(("adl", "met"), [(95.0, False), (95.1, True)])
    def test_hos_adl_above_95(self, adl, met):
        scores = {**GOOD_HOS, "hos_adl": [DatedScore(TESTED, adl)]}
        assert check(gate(scores=scores), "hos_adl_pct").met is met

    @pytest.mark.parametrize(("sport", "met"), [(90.0, False), (90.1, True)])
    def test_hos_sport_above_90(self, sport, met):
        scores = {**GOOD_HOS, "hos_sport": [DatedScore(TESTED, sport)]}
        assert check(gate(scores=scores), "hos_sport_pct").met is met

    def test_pre_operative_hos_does_not_count(self):
        scores = {**GOOD_HOS, "hos_adl": [DatedScore(SURGERY, 100.0)]}
        decision = gate(scores=scores)
        assert decision.blocking == ("hos_adl_pct",)
        assert check(decision, "hos_adl_pct").reason == "no hos_adl response after surgery"

    def test_pre_operative_test_results_do_not_count(self):
        """Results dated on or before the surgery say nothing about the repaired hip."""
        before = RtsAssessment(date=SURGERY - dt.timedelta(days=4), results=PASSING_RESULTS)
        rts = ReturnToSportRecord(assessments=(before,), approval=record().approval)
        decision = gate(rts=rts)
        assert not decision.cleared
        assert "rom_symmetric" in decision.blocking

    def test_unscorable_hos_blocks_with_its_reason(self):
        scores = {**GOOD_HOS, "hos_sport": [DatedScore(TESTED, None, "too few items")]}
        reason = check(gate(scores=scores), "hos_sport_pct").reason
        assert "not scorable: too few items" in reason

    def test_latest_result_on_or_before_the_date_is_used(self):
        rts = ReturnToSportRecord(
            assessments=(
                RtsAssessment(date=TESTED, results={**PASSING_RESULTS, "hop_battery": False}),
                RtsAssessment(date=TESTED + dt.timedelta(days=1), results={"hop_battery": True}),
                RtsAssessment(date=dt.date(2025, 8, 1), results={"hop_battery": False}),
            ),
            approval=SurgeonApproval(surgeon="Dr A", date=APPROVED),
        )
        assert gate(rts=rts).cleared  # 8 Aug result is after the gate date
        later = gate(dt.date(2025, 8, 2), rts)
        # the newer failing result counts, and the approval now predates a result it rests on
        assert later.blocking == ("hop_battery", "surgeon_approval")

    def test_policy_can_omit_and_change_criteria(self):
        results = {**PASSING_RESULTS, "front_plank_s": 50}
        params = RtsCriteriaParams(thresholds={"front_plank_s": 60}, omit={"hop_battery"})
        rule = dataclasses.replace(DEFAULT_POLICY.rts_criteria, params=params)
        policy = dataclasses.replace(DEFAULT_POLICY, rts_criteria=rule)
        results.pop("hop_battery")
        decision = gate(rts=record(results), policy=policy)
        assert decision.blocking == ("front_plank_s",)
        assert "hop_battery" not in [c.id for c in decision.checks]

    def test_unknown_or_pass_fail_changes_are_refused(self):
        with pytest.raises(ValueError, match="not a return-to-sport criterion"):
            rts_criteria(RtsCriteriaParams(omit={"juggling"}))
        with pytest.raises(ValueError, match="no threshold"):
            rts_criteria(RtsCriteriaParams(thresholds={"hop_battery": 1}))


class TestApproval:
    def test_missing_approval_blocks(self):
        decision = gate(rts=record(approval=None))
        assert decision.blocking == ("surgeon_approval",)
        assert check(decision, "surgeon_approval").reason == "no surgeon's approval recorded"

    def test_approval_after_the_gate_date_does_not_count(self):
        assert gate(dt.date(2025, 7, 9)).blocking == ("surgeon_approval",)

    def test_approval_must_follow_the_objective_results(self):
        decision = gate(rts=record(approval=TESTED - dt.timedelta(days=1)))
        assert decision.blocking == ("surgeon_approval",)
        assert "predates results of 2025-07-07" in check(decision, "surgeon_approval").reason

    def test_approval_on_the_day_of_the_last_result_counts(self):
        assert gate(rts=record(approval=TESTED)).cleared


@pytest.mark.parametrize(
    ("time_ok", "criteria_ok", "approval_ok"), list(itertools.product([True, False], repeat=3))
)
def test_every_combination_of_the_three_gates(time_ok, criteria_ok, approval_ok):
    date = dt.date(2025, 7, 14) if time_ok else dt.date(2025, 6, 16)
    tested = dt.date(2025, 6, 10)
    results = PASSING_RESULTS if criteria_ok else {**PASSING_RESULTS, "walk_15_min": False}
    rts = record(results, tested=tested, approval=dt.date(2025, 6, 12) if approval_ok else None)
    scores = {k: [DatedScore(tested, 99.0)] for k in GOOD_HOS}
    decision = gate(date, rts, scores)
    expected = (
        (() if time_ok else ("minimum_time",))
        + (() if criteria_ok else ("walk_15_min",))
        + (() if approval_ok else ("surgeon_approval",))
    )
    assert decision.blocking == expected
    assert decision.cleared is (time_ok and criteria_ok and approval_ok)
