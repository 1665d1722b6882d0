"""Debridement's point-in-polygon tests (numpy, no matplotlib) against known answers.

Planar: squares, a concave step, a ray through vertices, a regular polygon inscribed in a
circle (inside its inner circle, outside the circle). Spherical: a finely sampled circle on the
sphere (a cap of known angular radius) through the gnomonic projection.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.errors import GeometryError
from chondral.planning.debridement import inside_planar_polygon, inside_spherical_polygon

SQUARE = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]])
STEP = np.array([[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0], [1.0, 2.0], [0.0, 2.0]])
"""An L: the square [0, 2]^2 without its upper right quarter."""
DIAMOND = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]])


@pytest.mark.parametrize("polygon", [SQUARE, SQUARE[::-1]], ids=["ccw", "cw"])
def test_a_square_either_way_round(polygon: np.ndarray) -> None:
    points = np.array([[1.0, 1.0], [0.1, 1.9], [1.99, 0.01], [3.0, 1.0], [-1.0, 1.0], [1.0, 2.5]])
    assert inside_planar_polygon(points, polygon).tolist() == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_notch_of_a_concave_polygon_is_outside() -> None:
    points = np.array([[0.5, 0.5], [1.5, 0.5], [0.5, 1.5], [1.5, 1.5], [0.5, 1.0], [-0.5, 1.0]])
    # (0.5, 1.0) lies at the height of the horizontal edge y = 1 and is inside; the ray from
    # (-0.5, 1.0) runs along that edge's line and crosses the outline twice: outside
    assert inside_planar_polygon(points, STEP).tolist() == [True, True, True, False, True, False]


def test_a_ray_through_a_vertex_is_counted_once() -> None:
    points = np.array([[-0.5, 0.0], [0.5, 0.0], [-2.0, 0.0], [2.0, 0.0], [0.0, 0.99], [0.0, 1.5]])
    assert inside_planar_polygon(points, DIAMOND).tolist() == [
        True,
        True,
        False,
        False,
        True,
        False,
    ]


@settings(max_examples=40, deadline=None)
@given(
    sides=st.integers(3, 64),
    radius=st.floats(0.5, 50.0),
    turn=st.floats(0.0, 2.0 * math.pi),
    seed=st.integers(0, 2**16),
)
def test_a_regular_polygon_holds_its_inner_circle_and_nothing_beyond_its_circle(
    sides: int, radius: float, turn: float, seed: int
) -> None:
    angles = turn + 2.0 * math.pi * np.arange(sides) / sides
    polygon = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    rng = np.random.default_rng(seed)
    directions = rng.uniform(0.0, 2.0 * math.pi, 200)
    unit = np.column_stack([np.cos(directions), np.sin(directions)])
    inner = radius * math.cos(math.pi / sides)
    near = unit * (inner * rng.uniform(0.0, 0.999, 200))[:, None]
    far = unit * (radius * rng.uniform(1.001, 3.0, 200))[:, None]
    assert inside_planar_polygon(near, polygon).all()
    assert not inside_planar_polygon(far, polygon).any()


def test_degenerate_inputs() -> None:
    assert inside_planar_polygon(np.zeros((0, 2)), SQUARE).shape == (0,)
    assert not inside_planar_polygon(np.array([[0.5, 0.5]]), SQUARE[:2]).any()


def test_agrees_with_matplotlib_where_it_is_installed() -> None:
    """An independent implementation (matplotlib's C++ test) on random star polygons."""
    path = pytest.importorskip("matplotlib.path")
    rng = np.random.default_rng(7)
    for _ in range(20):
        count = int(rng.integers(5, 40))
        angles = np.sort(rng.uniform(0.0, 2.0 * math.pi, count))
        polygon = rng.uniform(0.3, 2.0, count)[:, None] * np.column_stack(
            [np.cos(angles), np.sin(angles)]
        )
        points = rng.uniform(-2.2, 2.2, (2000, 2))
        expected = path.Path(polygon).contains_points(points)
        np.testing.assert_array_equal(inside_planar_polygon(points, polygon), expected)


def _cap_outline(centre: np.ndarray, angle_rad: float, count: int = 720) -> np.ndarray:
    helper = np.array([0.0, 0.0, 1.0]) if abs(centre[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    first = np.cross(centre, helper)
    first /= np.linalg.norm(first)
    second = np.cross(centre, first)
    theta = 2.0 * math.pi * np.arange(count) / count
    ring = np.cos(theta)[:, None] * first + np.sin(theta)[:, None] * second
    return math.cos(angle_rad) * centre + math.sin(angle_rad) * ring


@pytest.mark.parametrize("cap_deg", [5.0, 30.0, 60.0])
def test_a_spherical_cap_holds_the_directions_within_its_angle(cap_deg: float) -> None:
    centre = np.array([1.0, -2.0, 2.0]) / 3.0
    outline = _cap_outline(centre, math.radians(cap_deg))
    rng = np.random.default_rng(3)
    directions = rng.normal(size=(4000, 3))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    angle = np.degrees(np.arccos(np.clip(directions @ centre, -1.0, 1.0)))
    inside = inside_spherical_polygon(directions, outline, centre)
    clear = np.abs(angle - cap_deg) > 0.05  # the sampled outline is within 0.01 deg of the circle
    np.testing.assert_array_equal(inside[clear], (angle < cap_deg)[clear])
    assert not inside[angle > 90.0].any()  # the far hemisphere is never inside


def test_a_region_reaching_90_degrees_from_its_centre_is_refused() -> None:
    centre = np.array([0.0, 0.0, 1.0])
    with pytest.raises(GeometryError, match="too large"):
        inside_spherical_polygon(centre[None, :], _cap_outline(centre, math.radians(90.0)), centre)
