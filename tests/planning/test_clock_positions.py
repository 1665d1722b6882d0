"""Holes are where the lesion is on the clock face, and the notch is refused.

A hole's clock and rim distance are those of its position on the case's hip; a lesion centred
at clock c has its holes within its own clock span (for the 14 x 10 mm lesion, within an hour
of c); and every hole lies inside the recorded ellipse, tested in the lesion's own tangent
plane: (u / (length/2))^2 + (v / (width/2))^2 <= 1, with u along the rim and v toward the
fossa (axes taken from the clock-face map by finite differences, not from the lesion region).
"""

from __future__ import annotations

import numpy as np
import pytest

from chondral.anatomy import surface_coordinates
from chondral.anatomy.acetabular_axis import hip_frame
from chondral.domain import Surface
from chondral.errors import GeometryError
from chondral.frames import Points
from chondral.planning import PlanParameters, plan_on_template
from planning.geodesic_truth import log_map
from planning.plan_cases import (
    SWEEP_CLOCK_DEG,
    case_with,
    clock_label,
    lesion_record,
    parsed,
    sweep_plan,
)
from planning.plan_truths import ellipse_axes, recorded_region, template_of

POSITIONS = [
    pytest.param(surface, clock, side, id=f"{surface}-{clock_label(clock)}-{side}")
    for surface, clocks in (
        ("acetabulum", SWEEP_CLOCK_DEG),
        ("femoral_head", (*SWEEP_CLOCK_DEG, 180.0)),
    )
    for clock in clocks
    for side in ("right", "left")
]


def _offset_deg(clock_deg: np.ndarray, centre_deg: float) -> np.ndarray:
    """Signed clock difference in degrees, in [-180, 180)."""
    result: np.ndarray = (np.asarray(clock_deg) - centre_deg + 180.0) % 360.0 - 180.0
    return result


@pytest.mark.parametrize(("surface", "clock_deg", "side"), POSITIONS)
def test_holes_lie_within_the_clock_span_of_their_lesion(
    surface: str, clock_deg: float, side: str
) -> None:
    case, plan = sweep_plan(surface, clock_deg, side)
    recorded = recorded_region(case, case.lesions[0])
    template = template_of(case)
    outline_clock = surface_coordinates(template, plan.surface, recorded.boundary).clock_deg
    span = _offset_deg(outline_clock, clock_deg)
    holes = _offset_deg(np.array([hole.clock_deg for hole in plan.holes]), clock_deg)
    assert holes.min() >= span.min() and holes.max() <= span.max()
    assert np.abs(holes).max() < 30.0  # a 14 mm lesion 6 mm from the rim: within the hour


@pytest.mark.parametrize(("surface", "clock_deg", "side"), POSITIONS)
def test_holes_lie_inside_the_recorded_ellipse(surface: str, clock_deg: float, side: str) -> None:
    case, plan = sweep_plan(surface, clock_deg, side)
    centre, along_rim, toward_fossa = ellipse_axes(
        template_of(case), Surface(surface), clock_deg, 6.0
    )
    tangent = log_map(plan.surface_model.radius_mm, centre, plan.hole_positions_mm)
    u = tangent @ along_rim / 7.0
    v = tangent @ toward_fossa / 5.0
    assert np.all(u**2 + v**2 <= 1.0)


@pytest.mark.parametrize("side", ["right", "left"])
def test_hole_clock_labels_are_those_of_their_positions(side: str) -> None:
    case, plan = sweep_plan("acetabulum", 315.0, side)
    template = template_of(case)
    coordinates = surface_coordinates(
        template, plan.surface, Points(plan.hole_positions_mm, hip_frame(template.side))
    )
    for hole, clock in zip(plan.holes, coordinates.clock_deg, strict=True):
        hours, minutes = divmod(round(float(clock) * 2) % 720, 60)
        assert hole.clock == f"{hours or 12}:{minutes:02d}"


@pytest.mark.parametrize("clock", ["5:01", "5:30", "6:00", "6:30", "6:59"])
def test_an_acetabular_lesion_centred_in_the_notch_is_refused(clock: str) -> None:
    record = lesion_record("acetabulum")
    record["center"]["clock"] = clock
    case = parsed(case_with(record))
    with pytest.raises(GeometryError, match="not on articular surface"):
        plan_on_template(case, case.lesions[0], PlanParameters())


def test_an_acetabular_lesion_centred_in_the_fossa_is_refused() -> None:
    case = parsed(case_with(lesion_record("acetabulum", clock_deg=0.0, rim_distance_mm=22.0)))
    with pytest.raises(GeometryError, match="L1"):
        plan_on_template(case, case.lesions[0], PlanParameters())


def test_an_acetabular_range_crossing_the_notch_is_refused() -> None:
    record = lesion_record("acetabulum")
    del record["center"], record["size_mm"]
    record["clock"] = {"from": "4:00", "to": "5:30"}
    record["rim_distance_mm"] = {"from": 2, "to": 8}
    case = parsed(case_with(record))
    with pytest.raises(GeometryError, match="notch"):
        plan_on_template(case, case.lesions[0], PlanParameters())
