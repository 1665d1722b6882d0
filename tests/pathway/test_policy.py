"""Pathway rules and their parameters: one finding type, range checks that NaN and infinity
never pass, and errors that name the attribute (``InvalidValueError``, never a bare
``ValueError``)."""

import dataclasses
import math

import pytest

from chondral.domain import Finding, RuleKind, Severity, Surface
from chondral.errors import InvalidValueError
from chondral.pathway import (
    DEFAULT_POLICY,
    ChecklistDueParams,
    HoleDistanceParams,
    PathwayRule,
    PlannedHoles,
    RtsCriteriaParams,
    RtsTimeParams,
    StopInterval,
    SurfaceSphere,
    TractionParams,
    WeightBearingParams,
    decide_weight_bearing,
)
from chondral.pathway.policy import Authority, NoParams
from chondral.pathway.return_to_sport import CriterionTest, DatedScore, RtsCriterion

NOT_FINITE = [math.nan, math.inf, -math.inf]


def test_every_rule_of_the_default_policy_is_a_rule_identity():
    for field in dataclasses.fields(DEFAULT_POLICY):
        rule = getattr(DEFAULT_POLICY, field.name)
        if not isinstance(rule, PathwayRule):
            continue
        finding = Finding.of(rule, Severity.INFO, "stated")
        assert finding.rule_id == rule.rule_id == f"pathway.{rule.name}/{rule.version}"
        assert (finding.version, finding.kind, finding.source) == (
            rule.version,
            rule.kind,
            rule.source,
        )
        assert isinstance(rule.kind, RuleKind)


def test_the_traction_limit_is_in_minutes():
    assert DEFAULT_POLICY.traction_time.params.limit_minutes == 120
    assert not hasattr(DEFAULT_POLICY.traction_time.params, "limit_min")


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda v: WeightBearingParams(area_above_mm2=v), "area_above_mm2"),
        (lambda v: WeightBearingParams(lcea_below_deg=v), "lcea_below_deg"),
        (lambda v: HoleDistanceParams(max_mm=v), "max_mm"),
        (lambda v: RtsCriteriaParams(thresholds={"front_plank_s": v}), "thresholds.front_plank_s"),
        (lambda v: SurfaceSphere(Surface.ACETABULUM, v, 100.0), "radius_mm"),
        (lambda v: SurfaceSphere(Surface.ACETABULUM, 25.0, v), "rim_angle_deg"),
        (lambda v: DatedScore(date=None, score=v), "score"),
        (
            lambda v: PlannedHoles(
                lesion_id="L1",
                surface=Surface.ACETABULUM,
                hole_count=0,
                positions=(),
                spacing_max_mm=v,
            ),
            "spacing_max_mm",
        ),
    ],
)
@pytest.mark.parametrize("value", NOT_FINITE)
def test_nan_and_infinity_never_pass(build, field, value):
    with pytest.raises(InvalidValueError) as caught:
        build(value)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)  # still a ValueError for old callers


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: WeightBearingParams(base_weeks=0), "base_weeks"),
        (lambda: WeightBearingParams(base_weeks=8, extended_weeks=6), "base_weeks"),
        (lambda: WeightBearingParams(extended_weeks=27), "extended_weeks"),
        (lambda: WeightBearingParams(area_above_mm2=3000.5), "area_above_mm2"),
        (lambda: WeightBearingParams(lcea_below_deg=91), "lcea_below_deg"),
        (lambda: TractionParams(0), "limit_minutes"),
        (lambda: TractionParams(601), "limit_minutes"),
        (lambda: TractionParams(True), "limit_minutes"),
        (lambda: HoleDistanceParams(max_mm=0.0), "max_mm"),
        (lambda: HoleDistanceParams(max_mm=20.5), "max_mm"),
        (lambda: RtsTimeParams(weeks=0), "weeks"),
        (lambda: RtsTimeParams(weeks=105), "weeks"),
        (
            lambda: RtsCriteriaParams(thresholds={"front_plank_s": 1e308}),
            "thresholds.front_plank_s",
        ),
        (lambda: RtsCriteriaParams(thresholds={"front_plank_s": -1}), "thresholds.front_plank_s"),
        (
            lambda: RtsCriteriaParams(thresholds={"front_plank_s": 60}, omit={"front_plank_s"}),
            "omit",
        ),
        (lambda: StopInterval(61, Authority.CLINIC, "x"), "days"),
        (lambda: StopInterval(0, Authority.CLINIC, "x"), "days"),
        (lambda: ChecklistDueParams(due_days_before={"consent": 366}), "due_days_before.consent"),
        (lambda: PathwayRule("x", 0, "s", RuleKind.DESIGN, NoParams()), "version"),
        (lambda: PathwayRule("", 1, "s", RuleKind.DESIGN, NoParams()), "name"),
        (lambda: PathwayRule("x", 1, "s", "design", NoParams()), "kind"),
        (
            lambda: RtsCriterion("c", "running", "C", CriterionTest.AT_LEAST, threshold=math.inf),
            "threshold",
        ),
        (
            lambda: PlannedHoles(
                lesion_id="L1",
                surface=Surface.ACETABULUM,
                hole_count=1,
                positions=((10.0, 1e9),),
                spacing_max_mm=4.0,
            ),
            "positions[0]",
        ),
        (
            lambda: PlannedHoles(
                lesion_id="L1",
                surface=Surface.ACETABULUM,
                hole_count=1,
                positions=(("a", 2.0),),
                spacing_max_mm=4.0,
            ),
            "positions",
        ),
    ],
)
def test_out_of_range_parameters_name_their_attribute(build, field):
    with pytest.raises(InvalidValueError) as caught:
        build()
    assert caught.value.field == field
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("area", "lcea", "field"),
    [
        (math.nan, 30.0, "treated_area_mm2"),
        (math.inf, 30.0, "treated_area_mm2"),
        (-1.0, 30.0, "treated_area_mm2"),
        (150.0, math.nan, "lcea_deg"),
        (150.0, -math.inf, "lcea_deg"),
    ],
)
def test_a_nan_input_never_shortens_protection(area, lcea, field):
    """NaN compares false with both cut-offs, which would give the shorter 6 weeks: refused."""
    with pytest.raises(InvalidValueError) as caught:
        decide_weight_bearing(area, lcea)
    assert caught.value.field == field


def test_an_infinite_result_never_meets_a_criterion():
    criterion = RtsCriterion("front_plank_s", "running", "Plank", CriterionTest.AT_LEAST, 45.0)
    assert criterion.is_met(45.0) and not criterion.is_met(44.9)
    assert not criterion.is_met(math.inf)
    assert not criterion.is_met(math.nan)
