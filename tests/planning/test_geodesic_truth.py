"""The yardstick itself: the great-circle helpers agree with closed-form spherical geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.geodesic_truth import (
    arc_mm,
    band_samples,
    cap_area_mm2,
    disc_samples,
    distance_to_outline_mm,
    distance_to_sites_mm,
    exp_map,
    log_map,
    nearest_neighbour_mm,
    outline_length_mm,
    parallel_area_mm2,
    slerp_closed,
    voronoi_vertices,
    winding_number,
)
from planning.plan_truths import grown_wall_samples

R = 24.0
OCTANT = np.eye(3) * R  # the spherical triangle x, y, z > 0: three quarter great circles


def circle_outline(colatitude_rad: float, count: int = 720) -> np.ndarray:
    """Points of the small circle at ``colatitude_rad`` around +z, counter-clockwise from +z."""
    phi = 2 * math.pi * np.arange(count) / count
    return R * np.stack(
        [
            math.sin(colatitude_rad) * np.cos(phi),
            math.sin(colatitude_rad) * np.sin(phi),
            np.full(count, math.cos(colatitude_rad)),
        ],
        axis=1,
    )


class TestPointToPoint:
    def test_quarter_and_half_great_circles(self) -> None:
        assert arc_mm(R, np.array([1.0, 0, 0]), np.array([0, 1.0, 0])) == pytest.approx(
            math.pi * R / 2
        )
        assert arc_mm(R, np.array([0, 0, 1.0]), np.array([0, 0, -1.0])) == pytest.approx(
            math.pi * R
        )

    def test_tiny_angles_keep_full_precision(self) -> None:
        angle = 1e-9
        b = np.array([math.cos(angle), math.sin(angle), 0.0])
        assert arc_mm(R, np.array([1.0, 0, 0]), b) == pytest.approx(R * angle, rel=1e-6)

    def test_nearest_neighbour_of_points_along_the_equator(self) -> None:
        longitudes = np.array([0.0, 0.1, 0.25, 0.45])
        points = R * np.stack([np.cos(longitudes), np.sin(longitudes), 0 * longitudes], axis=1)
        assert nearest_neighbour_mm(R, points) == pytest.approx(R * np.array([0.1, 0.1, 0.15, 0.2]))


class TestPointToOutline:
    def test_centre_of_the_octant_is_asin_one_over_root_three_from_each_side(self) -> None:
        centre = np.array([[1.0, 1.0, 1.0]])
        expected = R * math.asin(1 / math.sqrt(3))
        assert distance_to_outline_mm(R, centre, OCTANT) == pytest.approx([expected])

    def test_beyond_the_end_of_an_arc_the_nearest_point_is_the_corner(self) -> None:
        # (1, -1, -0.2): its foot on each of the three great circles lies outside the arc
        point = np.array([[1.0, -1.0, -0.2]])
        expected = arc_mm(R, point[0], np.array([1.0, 0, 0]))
        assert distance_to_outline_mm(R, point, OCTANT) == pytest.approx([expected])

    def test_small_circle_distances_are_differences_of_colatitude(self) -> None:
        alpha = 0.4
        outline = circle_outline(alpha)
        pole = np.array([[0.0, 0.0, 1.0]])
        equator = np.array([[math.cos(0.3), math.sin(0.3), 0.0]])
        # chords of 0.5 deg sag inward by under 1e-5 rad
        assert distance_to_outline_mm(R, pole, outline) == pytest.approx([R * alpha], abs=2e-4)
        assert distance_to_outline_mm(R, equator, outline) == pytest.approx(
            [R * (math.pi / 2 - alpha)], abs=2e-4
        )

    def test_winding_number_tells_inside_from_outside(self) -> None:
        points = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, 2.0, 2.0]])
        assert np.abs(winding_number(points, OCTANT)).tolist() == [1, 0, 0]


class TestSampling:
    def test_slerp_closed_keeps_to_the_sphere_and_the_step(self) -> None:
        dense = slerp_closed(OCTANT, R, 0.05)
        assert np.allclose(np.linalg.norm(dense, axis=1), R)
        steps = arc_mm(R, dense, np.roll(dense, -1, axis=0))
        assert steps.max() <= 0.05 + 1e-12
        assert (
            steps.sum()
            == pytest.approx(outline_length_mm(R, OCTANT))
            == pytest.approx(3 * math.pi * R / 2)
        )

    def test_exp_and_log_maps_are_inverse(self) -> None:
        centre = np.array([0.3, -0.2, 0.9])
        tangent = np.cross(centre, np.array([[1.0, 0, 0], [0, 1.0, 0], [0.3, 0.3, 0.0]]))
        tangent *= 7.0 / np.linalg.norm(tangent, axis=1)[:, None]
        points = exp_map(R, centre, tangent)
        assert np.allclose(arc_mm(R, points, centre), 7.0)
        assert np.allclose(log_map(R, centre, points), tangent)

    def test_disc_and_band_samples_stay_within_their_radius(self) -> None:
        centre = np.array([0.0, 0.0, 1.0])
        disc = disc_samples(R, centre, 3.0, 0.25)
        assert arc_mm(R, disc, centre).max() == pytest.approx(3.0)
        outline = circle_outline(0.3, 240)
        band = band_samples(R, outline, 1.0, 0.25)
        distance = distance_to_outline_mm(R, band, outline)
        assert distance.max() <= 1.0 + 1e-3
        assert distance.max() >= 1.0 - 1e-3

    def test_grown_wall_of_a_disc_is_the_circle_of_radius_r_plus_m(self) -> None:
        alpha = 8.0 / R  # a geodesic disc of radius 8 mm around +z
        outline = circle_outline(alpha, 360)
        wall = grown_wall_samples(R, outline, np.array([0.0, 0.0, R]), 1.0)
        distance = arc_mm(R, wall, np.array([0.0, 0.0, 1.0]))
        assert distance == pytest.approx(np.full(len(wall), 9.0), abs=2e-3)
        longitude = np.sort(np.arctan2(wall[:, 1], wall[:, 0]))
        assert np.diff(longitude).max() < 0.01  # all the way round


class TestAreas:
    def test_a_hemisphere_is_two_pi_r_squared(self) -> None:
        assert cap_area_mm2(R, math.pi * R / 2) == pytest.approx(2 * math.pi * R**2)

    @settings(max_examples=20, deadline=None)
    @given(r=st.floats(1.0, 20.0), m=st.floats(0.0, 3.0))
    def test_steiner_formula_grows_a_cap_into_the_bigger_cap(self, r: float, m: float) -> None:
        grown = parallel_area_mm2(R, cap_area_mm2(R, r), 2 * math.pi * R * math.sin(r / R), m)
        assert grown == pytest.approx(cap_area_mm2(R, r + m), rel=1e-12)

    def test_steiner_formula_is_the_planar_one_on_a_huge_sphere(self) -> None:
        assert parallel_area_mm2(1e4, 100.0, 40.0, 1.0) == pytest.approx(
            100.0 + 40.0 + math.pi, rel=1e-6
        )


class TestVoronoiVertices:
    @settings(max_examples=15, deadline=None)
    @given(seed=st.integers(0, 2**32 - 1), count=st.integers(3, 40))
    def test_each_vertex_is_equidistant_from_its_three_nearest_sites(
        self, seed: int, count: int
    ) -> None:
        rng = np.random.default_rng(seed)
        sites = R * exp_map(1.0, np.array([0.0, 0.0, 1.0]), _cap_tangents(rng, count, 0.4))
        vertices = voronoi_vertices(sites)
        assert len(vertices) >= 1
        distance = np.sort(
            arc_mm(R, vertices[:, None, :], sites[None, :, :] / R), axis=1
        )  # (vertices, sites)
        assert distance[:, 0] == pytest.approx(distance[:, 2], abs=1e-7)
        nearest = distance_to_sites_mm(R, vertices, sites)
        assert nearest == pytest.approx(distance[:, 0], abs=1e-9)


def _cap_tangents(rng: np.random.Generator, count: int, radius: float) -> np.ndarray:
    radial = radius * np.sqrt(rng.uniform(0, 1, count))
    angle = rng.uniform(0, 2 * math.pi, count)
    return np.stack([radial * np.cos(angle), radial * np.sin(angle), np.zeros(count)], axis=1)
