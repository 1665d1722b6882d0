"""The same lesion record on a left and a right hip gives mirrored plans.

The clock face is side-independent (product.md section 4) and the left template is the
reflection x -> -x of the right one, so the left plan must be the right plan reflected: hole
positions, normals and the wall mirrored in the same making order, with identical clock labels,
rim distances and metrics.
"""

from __future__ import annotations

import numpy as np
import pytest

from chondral.domain import Side
from planning.plan_cases import SWEEP_CLOCK_DEG, clock_label, sweep_plan

MIRROR = np.array([-1.0, 1.0, 1.0])

PAIRS = [
    pytest.param(surface, clock, measured, id=f"{surface}-{clock_label(clock)}-{measured[:3]}")
    for surface, clocks in (
        ("acetabulum", SWEEP_CLOCK_DEG),
        ("femoral_head", (*SWEEP_CLOCK_DEG, 180.0)),
    )
    for clock in clocks
    for measured in ("post_debridement", "pre_debridement")
]


@pytest.mark.parametrize(("surface", "clock_deg", "measured"), PAIRS)
def test_a_left_hip_plan_is_the_x_mirror_of_the_right_hip_plan(
    surface: str, clock_deg: float, measured: str
) -> None:
    _, right = sweep_plan(surface, clock_deg, "right", measured)
    _, left = sweep_plan(surface, clock_deg, "left", measured)
    assert right.side is Side.RIGHT and left.side is Side.LEFT
    assert len(left.holes) == len(right.holes)
    assert np.allclose(left.hole_positions_mm, right.hole_positions_mm * MIRROR, atol=1e-9)
    left_normals = np.array([hole.normal for hole in left.holes])
    right_normals = np.array([hole.normal for hole in right.holes])
    assert np.allclose(left_normals, right_normals * MIRROR, atol=1e-12)
    for mine, theirs in zip(left.holes, right.holes, strict=True):
        assert (mine.id, mine.order, mine.ring, mine.depth_mm) == (
            theirs.id,
            theirs.order,
            theirs.ring,
            theirs.depth_mm,
        )
        assert mine.clock == theirs.clock
        assert mine.clock_deg == pytest.approx(theirs.clock_deg, abs=1e-6)
        assert mine.rim_distance_mm == pytest.approx(theirs.rim_distance_mm, abs=1e-6)
    assert left.metrics == right.metrics
    assert np.allclose(left.region.boundary_mm, right.region.boundary_mm * MIRROR, atol=1e-9)
    assert left.region.area_mm2 == right.region.area_mm2
    assert [w.rule_id for w in left.warnings] == [w.rule_id for w in right.warnings]
    assert np.allclose(
        left.surface_mesh.vertices_mm, right.surface_mesh.vertices_mm * MIRROR, atol=1e-9
    )


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
def test_anterior_holes_are_toward_minus_y_on_both_sides(surface: str) -> None:
    """A 3:00 lesion is anterior (-y in LPS) on both hips, and lateral is -x on the right hip
    and +x on the left: the mirror acts on x only."""
    _, right = sweep_plan(surface, 90.0, "right")
    _, left = sweep_plan(surface, 90.0, "left")
    for plan in (right, left):
        assert np.all(plan.hole_positions_mm[:, 1] < 0)
    centre_x = right.hole_positions_mm[:, 0].mean()
    assert left.hole_positions_mm[:, 0].mean() == pytest.approx(-centre_x, abs=1e-9)


def _face_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    corners = vertices[faces]
    normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    return normals / np.linalg.norm(normals, axis=1)[:, None]


@pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
def test_the_left_surface_is_the_reflection_with_its_winding_fixed(surface: str) -> None:
    """A reflection turns every triangle inside out; the mirrored patch is rewound, so its face
    normals are the reflected right-hip normals and still point out of the bone into the joint
    (away from the head centre on the head, toward it in the socket), like the holes'."""
    _, right = sweep_plan(surface, 45.0, "right")
    _, left = sweep_plan(surface, 45.0, "left")
    right_normals = _face_normals(right.surface_mesh.vertices_mm, right.surface_mesh.faces)
    left_normals = _face_normals(left.surface_mesh.vertices_mm, left.surface_mesh.faces)
    np.testing.assert_allclose(left_normals, right_normals * MIRROR, atol=1e-9)
    np.testing.assert_array_equal(left.surface_mesh.faces, right.surface_mesh.faces[:, ::-1])
    into_joint = 1.0 if surface == "femoral_head" else -1.0
    for plan, normals in ((right, right_normals), (left, left_normals)):
        centroids = plan.surface_mesh.vertices_mm[plan.surface_mesh.faces].mean(axis=1)
        radial = centroids / np.linalg.norm(centroids, axis=1)[:, None]
        assert np.all(into_joint * np.einsum("ij,ij->i", normals, radial) > 0.99)
