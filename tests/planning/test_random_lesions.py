"""Property tests: random lesion shapes, sizes, positions, sides, surfaces, debridement timing and
layout parameters. Whatever the lesion, the plan keeps the minimum spacing and the wall
clearance, lies on the sphere, and reports true metrics; a left hip gets the mirror image."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.planning import PlanParameters, plan_on_template
from planning.lesion_strategies import SIDES, lesion_records, plan_parameters
from planning.plan_cases import case_with, parsed
from planning.plan_truths import assert_hard_truths

MIRROR = np.array([-1.0, 1.0, 1.0])


@settings(max_examples=25, deadline=None)
@given(record=lesion_records(), side=st.sampled_from(SIDES))
def test_any_lesion_at_the_defaults_keeps_every_guarantee(
    record: dict[str, Any], side: str
) -> None:
    case = parsed(case_with(record, side=side))
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters())
    assert_hard_truths(plan, case, lesion)


@settings(max_examples=20, deadline=None)
@given(data=st.data(), side=st.sampled_from(SIDES))
def test_any_lesion_with_any_accepted_parameters_keeps_every_guarantee(
    data: st.DataObject, side: str
) -> None:
    parameters = data.draw(plan_parameters(), label="parameters")
    record = data.draw(
        lesion_records(min_extent_mm=2.0 * parameters.rim_inset_mm + 1.0), label="lesion"
    )
    case = parsed(case_with(record, side=side))
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, parameters)
    assert plan.parameters == parameters
    assert_hard_truths(plan, case, lesion)


@settings(max_examples=10, deadline=None)
@given(record=lesion_records())
def test_any_lesion_on_a_left_hip_is_the_mirror_image_of_the_right(record: dict[str, Any]) -> None:
    right = parsed(case_with(record, side="right"))
    left = parsed(case_with(record, side="left"))
    right_plan = plan_on_template(right, right.lesions[0], PlanParameters())
    left_plan = plan_on_template(left, left.lesions[0], PlanParameters())
    assert np.allclose(
        left_plan.hole_positions_mm, right_plan.hole_positions_mm * MIRROR, atol=1e-9
    )
    assert [h.clock for h in left_plan.holes] == [h.clock for h in right_plan.holes]
    assert np.allclose(
        [h.rim_distance_mm for h in left_plan.holes],
        [h.rim_distance_mm for h in right_plan.holes],
        atol=1e-6,
    )
    assert left_plan.metrics == right_plan.metrics
