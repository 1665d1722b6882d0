"""Plans on the template sphere around the clock, both surfaces, both sides, before and after
debridement: every guarantee holds against an independent great-circle measurement."""

from __future__ import annotations

import numpy as np
import pytest

from chondral.domain import Surface
from planning.plan_cases import (
    ACETABULAR_RADIUS_MM,
    HEAD_RADIUS_MM,
    SWEEP_CLOCK_DEG,
    clock_label,
    sweep_plan,
)
from planning.plan_truths import assert_coverage_reported_truly, assert_hard_truths

SWEEP = [
    pytest.param(surface, clock, side, measured, id=f"{surface}-{clock_label(clock)}-{side}-{m}")
    for surface, clocks in (
        ("acetabulum", SWEEP_CLOCK_DEG),
        ("femoral_head", (*SWEEP_CLOCK_DEG, 180.0)),  # the head has no notch
    )
    for clock in clocks
    for side in ("right", "left")
    for measured, m in (("post_debridement", "post"), ("pre_debridement", "pre"))
]


@pytest.mark.parametrize(("surface", "clock_deg", "side", "measured"), SWEEP)
def test_spacing_clearance_coverage_and_metrics_hold_around_the_clock(
    surface: str, clock_deg: float, side: str, measured: str
) -> None:
    case, plan = sweep_plan(surface, clock_deg, side, measured)
    truth = assert_hard_truths(plan, case, case.lesions[0])
    assert_coverage_reported_truly(plan, truth)


@pytest.mark.parametrize(
    ("surface", "radius_mm"),
    [("acetabulum", ACETABULAR_RADIUS_MM), ("femoral_head", HEAD_RADIUS_MM)],
)
def test_the_surface_is_the_subchondral_sphere_of_the_measured_head(
    surface: str, radius_mm: float
) -> None:
    _, plan = sweep_plan(surface, 45.0, "right")
    assert plan.surface_model.kind.value == "template_sphere"
    assert plan.surface_model.radius_mm == pytest.approx(radius_mm, abs=1e-9)
    assert plan.patient_from_hip is None
    assert plan.surface is Surface(surface)
    vertices = plan.surface_mesh.vertices_mm
    assert np.allclose(np.linalg.norm(vertices, axis=1), radius_mm, atol=1e-9)


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
@pytest.mark.parametrize("side", ["right", "left"])
def test_surface_mesh_faces_point_out_of_the_bone(surface: str, side: str) -> None:
    """Away from the centre on the head, toward it in the socket (STL and 3-D view rely on it),
    on the left hip too, where the mirrored mesh must have its winding reversed."""
    _, plan = sweep_plan(surface, 45.0, side)
    vertices, faces = plan.surface_mesh.vertices_mm, plan.surface_mesh.faces
    corners = vertices[faces]
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    outward = np.einsum("ij,ij->i", normals, corners.mean(axis=1))
    expected = 1.0 if surface == "femoral_head" else -1.0
    assert np.all(expected * outward > 0)


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
def test_the_plan_lies_on_the_surface_mesh_it_ships(surface: str) -> None:
    _, plan = sweep_plan(surface, 90.0, "left")
    vertices = plan.surface_mesh.vertices_mm
    for position in plan.hole_positions_mm:
        assert np.min(np.linalg.norm(vertices - position, axis=1)) < 1e-9
