"""Layout parameters: sourced defaults, refusals that name the field, warnings, and plans that
honour whatever accepted values they are given."""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace
from typing import Any

import pytest

from chondral.domain import PlanSettings
from chondral.errors import GeometryError, InputDataError, ParameterError
from chondral.planning import PlanParameterError, PlanParameters, plan_on_template, plan_parameters
from planning.plan_cases import case_with, lesion_record, parsed
from planning.plan_truths import assert_hard_truths


def test_defaults_are_the_sourced_and_issue_values() -> None:
    """3-4 mm spacing (Atilla 2017), 3 mm deep (2-4 awl), inset 1.5, margin 1, coverage 2.5."""
    assert dataclasses.asdict(PlanParameters()) == {
        "spacing_min_mm": 3.0,
        "spacing_max_mm": 4.0,
        "rim_inset_mm": 1.5,
        "depth_mm": 3.0,
        "debridement_margin_mm": 1.0,
        "coverage_target_mm": 2.5,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"spacing_min_mm": 1.99}, "spacing_min_mm"),
        ({"spacing_min_mm": 0.0}, "spacing_min_mm"),
        ({"spacing_min_mm": 3.5, "spacing_max_mm": 3.4}, "spacing_min_mm"),
        ({"depth_mm": 1.9}, "depth_mm"),
        ({"depth_mm": 7.1}, "depth_mm"),
        ({"rim_inset_mm": -0.1}, "rim_inset_mm"),
        ({"debridement_margin_mm": -0.5}, "debridement_margin_mm"),
        ({"coverage_target_mm": 0.0}, "coverage_target_mm"),
        ({"spacing_max_mm": math.nan}, "spacing_max_mm"),
        ({"depth_mm": math.inf}, "depth_mm"),
        ({"spacing_max_mm": 10.5}, "spacing_max_mm"),
        ({"rim_inset_mm": 5.5}, "rim_inset_mm"),
        ({"coverage_target_mm": math.inf}, "coverage_target_mm"),
    ],
)
def test_impossible_parameters_are_refused_naming_the_field(
    changes: dict[str, float], field: str
) -> None:
    """A ``PlanParameterError`` is a ``ParameterError`` naming the parameter; read from the case
    file's ``plan:`` section, the same value names its field there, ``plan.<name>``."""
    with pytest.raises(PlanParameterError) as raised:
        PlanParameters(**changes)
    assert isinstance(raised.value, ParameterError)
    assert isinstance(raised.value, InputDataError)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")
    with pytest.raises(PlanParameterError) as from_case:
        plan_parameters(_settings(**changes))
    assert from_case.value.field == f"plan.{field}"
    assert str(from_case.value).startswith(f"plan.{field}: ")
    with pytest.raises(PlanParameterError) as from_override:
        plan_parameters(PlanSettings(), changes)
    assert from_override.value.field == field


def _settings(**values: float) -> Any:
    """A ``plan:`` section holding ``values``, unchecked (PlanSettings itself refuses values out
    of its plausibility range, so the planner's own check is reached through this stand-in)."""
    names = [field.name for field in dataclasses.fields(PlanSettings)]
    return SimpleNamespace(**{name: None for name in names} | values)


def test_settings_that_are_each_plausible_but_together_impossible_name_the_case_field() -> None:
    with pytest.raises(PlanParameterError) as raised:
        plan_parameters(PlanSettings(spacing_min_mm=3.8, spacing_max_mm=3.2))
    assert raised.value.field == "plan.spacing_min_mm"


def test_overrides_replace_the_case_files_values_before_any_check() -> None:
    """A flag that corrects the case file's value is used, not refused with it."""
    settings = PlanSettings(spacing_min_mm=3.2, rim_inset_mm=1.0)
    parameters = plan_parameters(settings, {"spacing_min_mm": 3.5, "spacing_max_mm": 4.5})
    assert (parameters.spacing_min_mm, parameters.spacing_max_mm) == (3.5, 4.5)
    assert parameters.rim_inset_mm == 1.0
    assert plan_parameters(PlanSettings()) == PlanParameters()


def test_an_unknown_override_is_refused_naming_it() -> None:
    with pytest.raises(PlanParameterError) as raised:
        plan_parameters(PlanSettings(), {"spacing_mm": 3.0})
    assert raised.value.field == "spacing_mm"


@pytest.mark.parametrize(
    "changes",
    [
        {"spacing_min_mm": 2.0, "spacing_max_mm": 2.0},
        {"depth_mm": 2.0},
        {"depth_mm": 7.0},
        {"rim_inset_mm": 0.0, "debridement_margin_mm": 0.0},
    ],
)
def test_limits_themselves_are_accepted(changes: dict[str, float]) -> None:
    assert dataclasses.asdict(PlanParameters(**changes)).items() >= changes.items()


@pytest.mark.parametrize(
    ("depth_mm", "drill"), [(2.0, False), (3.0, False), (4.0, False), (4.5, True), (7.0, True)]
)
def test_a_depth_beyond_an_awl_warns_that_it_needs_a_drill(depth_mm: float, drill: bool) -> None:
    """An awl reaches 2-4 mm; 4-7 mm needs a drill with a stop cap (Voos; Stryker)."""
    case = parsed(case_with(lesion_record("femoral_head")))
    plan = plan_on_template(case, case.lesions[0], PlanParameters(depth_mm=depth_mm))
    assert ("plan.depth.drill/1" in [w.rule_id for w in plan.warnings]) is drill
    assert {hole.depth_mm for hole in plan.holes} == {depth_mm}


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
def test_a_region_too_small_for_one_hole_is_refused_saying_so(surface: str) -> None:
    """A 2.8 mm wide lesion: no point is 1.5 mm (the inset) from its wall."""
    case = parsed(case_with(lesion_record(surface, size_mm=(12.0, 2.8))))
    with pytest.raises(GeometryError, match="too small for one hole") as raised:
        plan_on_template(case, case.lesions[0], PlanParameters())
    assert "rim_inset_mm" in str(raised.value)


def test_the_same_narrow_lesion_plans_with_a_smaller_inset() -> None:
    case = parsed(case_with(lesion_record("acetabulum", size_mm=(12.0, 2.8))))
    parameters = PlanParameters(rim_inset_mm=1.0)
    plan = plan_on_template(case, case.lesions[0], parameters)
    assert_hard_truths(plan, case, case.lesions[0])


def test_a_lesion_grown_by_debridement_can_hold_holes_it_could_not_before() -> None:
    record = lesion_record("acetabulum", size_mm=(12.0, 2.8), measured="pre_debridement")
    case = parsed(case_with(record))
    plan = plan_on_template(case, case.lesions[0], PlanParameters())
    assert_hard_truths(plan, case, case.lesions[0])


@pytest.mark.parametrize(
    "changes",
    [
        {"spacing_min_mm": 3.5, "spacing_max_mm": 4.5},
        {"spacing_min_mm": 2.0, "spacing_max_mm": 2.5},
        {"rim_inset_mm": 2.5},
        {"rim_inset_mm": 0.0},
        {"debridement_margin_mm": 2.0},
        {"coverage_target_mm": 4.0},
    ],
    ids=lambda changes: ",".join(f"{k}={v:g}" for k, v in changes.items()),
)
@pytest.mark.parametrize("measured", ["post_debridement", "pre_debridement"])
def test_plans_honour_the_parameters_they_are_given(
    changes: dict[str, float], measured: str
) -> None:
    case = parsed(case_with(lesion_record("femoral_head", size_mm=(18.0, 12.0), measured=measured)))
    parameters = PlanParameters(**changes)
    plan = plan_on_template(case, case.lesions[0], parameters)
    assert plan.parameters == parameters
    assert_hard_truths(plan, case, case.lesions[0])


def test_a_wider_minimum_spacing_leaves_no_pair_closer_than_it() -> None:
    case = parsed(case_with(lesion_record("acetabulum", clock_deg=45.0)))
    wide = plan_on_template(case, case.lesions[0], PlanParameters(spacing_min_mm=3.8))
    truth = assert_hard_truths(wide, case, case.lesions[0])
    assert truth.nearest_neighbour_mm.min() >= 3.8
