"""Debridement and round lesions, where the truth is closed-form.

A lesion recorded as centre + ``area_mm2`` is the spherical cap of that area about its centre
(geodesic radius r = R acos(1 - area / 2 pi R^2)). Measured after debridement its wall is that circle; measured before, the wall
is the circle of radius r + m (m = ``debridement_margin_mm``). So a hole's clearance is
r + m - (its distance from the centre), and the region's area is the spherical cap
2 pi R^2 (1 - cos((r + m) / R)). A convex lesion grown by m has the area of the spherical
Steiner formula.
"""

from __future__ import annotations

import numpy as np
import pytest

from chondral.anatomy import surface_points
from chondral.domain import Surface
from chondral.planning import PlanParameters, plan_on_template
from planning.geodesic_truth import (
    arc_mm,
    cap_area_mm2,
    disc_radius_mm,
    distance_to_outline_mm,
    outline_length_mm,
    parallel_area_mm2,
    winding_number,
)
from planning.plan_cases import case_with, lesion_record, parsed
from planning.plan_truths import (
    COVERAGE_BELOW_MM,
    assert_hard_truths,
    recorded_region,
    template_of,
)

ROUND_AREAS_MM2 = {"acetabulum": (150.0, 120.0), "femoral_head": (200.0, 400.0)}
"""Round lesions that stay on the articular surface when centred ``RIM_DISTANCE_MM`` from the
rim: the template's lunate surface is about 20.6 mm from rim to fossa (48 mm head), so a
larger acetabular disc would be cut at the fossa (tested in test_articular_clipping.py)."""

RIM_DISTANCE_MM = {"acetabulum": 10.3, "femoral_head": 12.0}

ROUND = [
    pytest.param(surface, area, clock, id=f"{surface}-{area:g}mm2-{clock:g}deg")
    for surface in ("acetabulum", "femoral_head")
    for area, clock in zip(ROUND_AREAS_MM2[surface], (300.0, 60.0), strict=True)
]


def _round_plan(
    surface: str,
    area_mm2: float,
    clock_deg: float,
    measured: str,
    side: str = "right",
    parameters: PlanParameters | None = None,
):  # type: ignore[no-untyped-def]
    case = parsed(
        case_with(
            lesion_record(
                surface,
                clock_deg=clock_deg,
                rim_distance_mm=RIM_DISTANCE_MM[surface],
                area_mm2=area_mm2,
                measured=measured,
            ),
            side=side,
        )
    )
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, parameters or PlanParameters())
    centre = surface_points(
        template_of(case), lesion.surface, clock_deg, RIM_DISTANCE_MM[surface]
    ).xyz_mm[0]
    return case, plan, centre


@pytest.mark.parametrize(("surface", "area_mm2", "clock_deg"), ROUND)
def test_round_lesions_are_covered_within_2_6_mm_and_any_excess_is_warned(
    surface: str, area_mm2: float, clock_deg: float
) -> None:
    """At the defaults no point of a round lesion (acetabulum 120-150 mm2, head 200-400 mm2)
    lies more than 2.6 mm from a hole (docs/planning.md: the layout reaches the 2.5 mm aim give or take a few hundredths),
    and the plan warns exactly when the 2.5 mm target is exceeded."""
    case, plan, _ = _round_plan(surface, area_mm2, clock_deg, "post_debridement")
    truth = assert_hard_truths(plan, case, case.lesions[0])
    assert truth.coverage_radius_mm <= 2.6
    assert plan.metrics.coverage_radius_mm >= truth.coverage_radius_mm - COVERAGE_BELOW_MM
    warned = "plan.coverage/1" in [warning.rule_id for warning in plan.warnings]
    assert warned == (plan.metrics.coverage_radius_mm > plan.parameters.coverage_target_mm)


@pytest.mark.parametrize(("surface", "area_mm2", "clock_deg"), ROUND)
@pytest.mark.parametrize("measured", ["post_debridement", "pre_debridement"])
def test_round_lesion_clearance_and_area_are_those_of_the_disc_grown_by_the_margin(
    surface: str, area_mm2: float, clock_deg: float, measured: str
) -> None:
    _, plan, centre = _round_plan(surface, area_mm2, clock_deg, measured)
    radius_mm = plan.surface_model.radius_mm
    margin_mm = 1.0 if measured == "pre_debridement" else 0.0
    wall_mm = disc_radius_mm(radius_mm, area_mm2) + margin_mm
    from_centre = arc_mm(radius_mm, plan.hole_positions_mm, centre)
    clearance = wall_mm - from_centre
    assert clearance.min() >= plan.parameters.rim_inset_mm - 0.02
    assert plan.metrics.min_rim_clearance_mm == pytest.approx(clearance.min(), abs=0.02)
    assert plan.metrics.region_area_mm2 == pytest.approx(
        cap_area_mm2(radius_mm, wall_mm), rel=0.005
    )
    assert plan.region.margin_mm == margin_mm
    # the wall the plan reports is the circle of radius r + m
    wall = arc_mm(radius_mm, plan.region.boundary_mm, centre)
    assert wall == pytest.approx(np.full(len(wall), wall_mm), abs=0.02)


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
@pytest.mark.parametrize("margin_mm", [0.5, 1.0, 2.0])
def test_pre_debridement_holes_keep_the_inset_from_the_grown_wall_not_the_recorded_one(
    surface: str, margin_mm: float
) -> None:
    """Growing the lesion moves the wall out by the margin: the ring keeps ``rim_inset_mm``
    from the new wall, so it sits ``rim_inset_mm - margin`` from the recorded outline (holes
    may stand outside the recorded outline once the margin exceeds the inset)."""
    parameters = PlanParameters(debridement_margin_mm=margin_mm)
    area_mm2 = 120.0 if surface == "acetabulum" else 300.0
    case, plan, centre = _round_plan(surface, area_mm2, 30.0, "pre_debridement", "left", parameters)
    radius_mm = plan.surface_model.radius_mm
    recorded_mm = disc_radius_mm(radius_mm, area_mm2)
    from_centre = arc_mm(radius_mm, plan.hole_positions_mm, centre)
    assert from_centre.max() <= recorded_mm + margin_mm - parameters.rim_inset_mm + 0.02
    nearest_ring = recorded_mm - from_centre.max()
    assert nearest_ring == pytest.approx(parameters.rim_inset_mm - margin_mm, abs=0.1)
    assert plan.metrics.region_area_mm2 == pytest.approx(
        cap_area_mm2(radius_mm, recorded_mm + margin_mm), rel=0.005
    )
    assert_hard_truths(plan, case, case.lesions[0])


@pytest.mark.parametrize(
    ("surface", "size_mm", "clock_deg"),
    [
        ("acetabulum", (18.0, 8.0), 30.0),
        ("acetabulum", (9.0, 10.0), 250.0),
        ("femoral_head", (22.0, 6.0), 200.0),
        ("femoral_head", (12.0, 12.0), 100.0),
    ],
)
def test_a_convex_lesion_grows_by_the_spherical_steiner_formula(
    surface: str, size_mm: tuple[float, float], clock_deg: float
) -> None:
    """Area after growing a convex region of area A and perimeter L by m on a sphere of
    radius R: R^2 (2 pi - (2 pi - A/R^2) cos(m/R)) + L R sin(m/R)."""
    case = parsed(
        case_with(
            lesion_record(surface, clock_deg=clock_deg, size_mm=size_mm, measured="pre_debridement")
        )
    )
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters())
    recorded = recorded_region(case, lesion)
    radius_mm = plan.surface_model.radius_mm
    perimeter = outline_length_mm(radius_mm, recorded.boundary.xyz_mm)
    expected = parallel_area_mm2(radius_mm, recorded.area_mm2, perimeter, 1.0)
    assert plan.metrics.region_area_mm2 == pytest.approx(expected, rel=0.005)
    # the grown wall is one margin outside the recorded outline, all the way round
    wall = plan.region.boundary_mm
    offset = distance_to_outline_mm(radius_mm, wall, recorded.boundary.xyz_mm)
    assert offset == pytest.approx(np.full(len(wall), 1.0), abs=0.02)
    assert not np.any(winding_number(wall, recorded.boundary.xyz_mm))
    assert_hard_truths(plan, case, lesion)


@pytest.mark.parametrize("surface", [Surface.ACETABULUM, Surface.FEMORAL_HEAD])
def test_a_lesion_measured_after_debridement_is_planned_as_recorded(surface: Surface) -> None:
    case = parsed(case_with(lesion_record(surface.value, size_mm=(16.0, 9.0))))
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters(debridement_margin_mm=2.0))
    recorded = recorded_region(case, lesion)
    assert plan.region.margin_mm == 0.0
    assert plan.metrics.region_area_mm2 == pytest.approx(recorded.area_mm2, rel=0.005)
    assert np.allclose(plan.region.boundary_mm, recorded.boundary.xyz_mm, atol=1e-9)


def test_a_lesion_without_measurement_timing_is_planned_as_recorded_and_warned() -> None:
    case = parsed(case_with(lesion_record("acetabulum", measured=None)))
    lesion = case.lesions[0]
    plan = plan_on_template(case, lesion, PlanParameters())
    assert plan.region.margin_mm == 0.0
    assert plan.metrics.region_area_mm2 == pytest.approx(
        recorded_region(case, lesion).area_mm2, rel=0.005
    )
    assert "plan.debridement.unknown_timing/1" in [w.rule_id for w in plan.warnings]
    assert_hard_truths(plan, case, lesion)
