"""The coverage radius a plan reports must not understate the true one.

The true coverage radius is the largest great-circle distance from a point of the debrided
region to its nearest hole. Its maximum lies either on the wall or at a spherical Voronoi
vertex of the holes inside the region, so the yardstick samples the wall every 0.05 mm and adds
the Voronoi vertices: it is exact to a few thousandths of a millimetre.

The planner measures coverage only at its mesh vertices (0.4 mm apart) and at the points of the
wall polyline, and misses the peaks between them: the reported radius falls short of the true
one by up to about 0.12 mm (in about a third of random lesions by more than the 0.05 mm slack),
and a plan can claim to meet the 2.5 mm target while a spot of the region lies farther than
that from every hole, without the ``plan.coverage/1`` warning.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from chondral.planning import PlanParameters, plan_on_template
from planning.lesion_strategies import SIDES, lesion_records
from planning.plan_cases import case_with, lesion_record, parsed
from planning.plan_truths import assert_coverage_reported_truly, assert_hard_truths, measure

UNDERSTATED = pytest.mark.xfail(
    strict=True,
    reason=(
        "planner bug: metrics.coverage_radius_mm is the maximum over mesh vertices and wall"
        " polyline points only, so it understates the true coverage radius by up to ~0.12 mm"
        " (peaks between samples: on the wall and at interior Voronoi vertices of the holes)"
    ),
)


@UNDERSTATED
def test_a_200_mm2_round_lesion_reported_covered_is_not_covered_within_2_5_mm() -> None:
    """Reproducer: a 200 mm2 round acetabular lesion at 10:00, 12 mm from the rim, right hip,
    measured after debridement, default parameters. The plan reports coverage 2.459 mm and no
    coverage warning; a point of its wall lies 2.515 mm from the nearest hole."""
    case = parsed(
        case_with(
            lesion_record("acetabulum", clock_deg=300.0, rim_distance_mm=12.0, area_mm2=200.0)
        )
    )
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters())
    truth = assert_hard_truths(plan, case, lesion)
    warned = "plan.coverage/1" in [warning.rule_id for warning in plan.warnings]
    assert warned or truth.coverage_radius_mm <= plan.parameters.coverage_target_mm
    assert_coverage_reported_truly(plan, truth)


@UNDERSTATED
@settings(max_examples=25, deadline=None, derandomize=True, phases=[Phase.generate])
@given(record=lesion_records(), side=st.sampled_from(SIDES))
def test_the_reported_coverage_radius_is_never_below_the_true_one(
    record: dict[str, Any], side: str
) -> None:
    case = parsed(case_with(record, side=side))
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters())
    assert_coverage_reported_truly(plan, measure(plan, case, lesion))
