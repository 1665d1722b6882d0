from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.anatomy import (
    IlizaliturriZone,
    KonanZone,
    TemplateHip,
    hip_frame,
    ilizaliturri_zones,
    is_articular,
    konan_zones,
    locate_points,
    surface_coordinates,
    surface_points,
)
from chondral.domain import ClockPosition, Side, Surface
from chondral.errors import FrameMismatchError, GeometryError
from chondral.frames import FrameKind, FrameRef, Points, RigidTransform

TEMPLATES = {side: TemplateHip.from_parameters(side=side, head_diameter_mm=45.5) for side in Side}


def _clock_difference_deg(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs((a - b + 180.0) % 360.0 - 180.0)


class TestRoundTrip:
    @settings(max_examples=60)
    @given(
        side=st.sampled_from(list(Side)),
        surface=st.sampled_from(list(Surface)),
        clock_deg=st.floats(0.0, 359.999),
        fraction=st.floats(0.0, 0.98),
    )
    def test_clock_rim_to_point_and_back(
        self, side: Side, surface: Surface, clock_deg: float, fraction: float
    ) -> None:
        template = TEMPLATES[side]
        rim_mm = fraction * template.rim_to_apex_mm(surface)
        points = surface_points(template, surface, clock_deg, rim_mm)
        radius_mm = template.surface_radius_mm(surface)
        np.testing.assert_allclose(np.linalg.norm(points.xyz_mm, axis=1), radius_mm)
        back = surface_coordinates(template, surface, points)
        assert back.rim_distance_mm[0] == pytest.approx(rim_mm, abs=1e-6)
        assert _clock_difference_deg(back.clock_deg, np.array([clock_deg]))[0] < 1e-6

    @settings(max_examples=40)
    @given(
        side=st.sampled_from(list(Side)),
        xyz=st.tuples(*[st.floats(-30.0, 30.0)] * 3).filter(lambda v: np.linalg.norm(v) > 1.0),
    )
    def test_point_to_clock_rim_and_back_projects_radially(
        self, side: Side, xyz: tuple[float, float, float]
    ) -> None:
        template = TEMPLATES[side]
        points = Points(np.array(xyz), hip_frame(side))
        coordinates = surface_coordinates(template, Surface.ACETABULUM, points)
        back = surface_points(
            template, Surface.ACETABULUM, coordinates.clock_deg, coordinates.rim_distance_mm
        )
        unit = np.array(xyz) / np.linalg.norm(xyz)
        np.testing.assert_allclose(back.xyz_mm[0], unit * template.acetabular_radius_mm, atol=1e-6)

    def test_vectorised_over_many_points(self, template: TemplateHip) -> None:
        clock_deg = np.linspace(0.0, 359.0, 1000)
        rim_mm = np.linspace(0.0, 15.0, 1000)
        points = surface_points(template, Surface.FEMORAL_HEAD, clock_deg, rim_mm)
        back = surface_coordinates(template, Surface.FEMORAL_HEAD, points)
        np.testing.assert_allclose(back.rim_distance_mm, rim_mm, atol=1e-9)
        assert _clock_difference_deg(back.clock_deg, clock_deg).max() < 1e-9


class TestClockDirections:
    def test_three_oclock_is_anterior_and_twelve_superior_for_both_sides(
        self, template: TemplateHip
    ) -> None:
        rim = surface_points(template, Surface.ACETABULUM, [0.0, 90.0, 180.0, 270.0], 0.0)
        twelve, three, six, nine = rim.xyz_mm
        assert three[1] < nine[1]  # 3:00 anterior (-y), 9:00 posterior
        assert twelve[2] > six[2]  # 12:00 superior, 6:00 inferior

    def test_mirroring_maps_a_right_clock_position_to_the_same_left_one(self) -> None:
        right, left = TEMPLATES[Side.RIGHT], TEMPLATES[Side.LEFT]
        clock_deg = np.array([0.0, 45.0, 90.0, 200.0, 300.0])
        right_points = surface_points(right, Surface.ACETABULUM, clock_deg, 5.0)
        left_from_right = RigidTransform.mirror_x(
            target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT)
        )
        mirrored = left_from_right.apply(right_points)
        np.testing.assert_allclose(
            mirrored.xyz_mm, surface_points(left, Surface.ACETABULUM, clock_deg, 5.0).xyz_mm
        )

    def test_points_of_another_frame_are_refused(self, template: TemplateHip) -> None:
        points = Points(np.array([1.0, 2.0, 3.0]), FrameRef(FrameKind.PATIENT_LPS))
        with pytest.raises(FrameMismatchError):
            surface_coordinates(template, Surface.ACETABULUM, points)

    def test_beyond_the_apex_is_refused(self, template: TemplateHip) -> None:
        with pytest.raises(GeometryError):
            surface_points(template, Surface.ACETABULUM, 0.0, 1000.0)


class TestZones:
    def test_konan_thirds(self, template: TemplateHip) -> None:
        span = template.rim_to_fossa_mm(Surface.ACETABULUM)
        rims = np.array([0.0, 0.32, 0.34, 0.66, 0.68, 1.0, 1.01, -0.01]) * span
        assert konan_zones(template, Surface.ACETABULUM, rims) == [
            KonanZone.A, KonanZone.A, KonanZone.B, KonanZone.B,
            KonanZone.C, KonanZone.C, None, None,
        ]  # fmt: skip

    @pytest.mark.parametrize(
        ("label", "zone"),
        [
            ("12:00", "3"), ("12:59", "3"), ("1:00", "2"), ("2:59", "2"), ("3:00", "1"),
            ("4:59", "1"), ("5:00", "6"), ("6:00", "6"), ("7:00", "5"), ("8:59", "5"),
            ("9:00", "4"), ("10:59", "4"), ("11:00", "3"),
        ],
    )  # fmt: skip
    def test_ilizaliturri_clock_boundaries_same_for_both_sides(
        self, template: TemplateHip, label: str, zone: str
    ) -> None:
        clock_deg = ClockPosition.from_label(label).clock_deg
        assert ilizaliturri_zones(template, Surface.ACETABULUM, clock_deg, 3.0) == [
            IlizaliturriZone(zone)
        ]

    def test_zone_1_is_anterior_inferior_and_5_posterior_inferior(
        self, template: TemplateHip
    ) -> None:
        points = surface_points(template, Surface.ACETABULUM, [120.0, 240.0], 3.0)
        locations = locate_points(template, Surface.ACETABULUM, points)
        zone_1, zone_5 = points.xyz_mm
        assert [loc.ilizaliturri for loc in locations] == [
            IlizaliturriZone.ZONE_1,
            IlizaliturriZone.ZONE_5,
        ]
        assert zone_1[1] < zone_5[1]  # anterior
        assert zone_1[2] < 0.0 and zone_5[2] < 0.0  # inferior

    def test_fossa_and_notch_are_not_articular_on_the_acetabulum(
        self, template: TemplateHip
    ) -> None:
        fossa_mm = template.rim_to_fossa_mm(Surface.ACETABULUM) + 1.0
        assert list(
            is_articular(template, Surface.ACETABULUM, [30.0, 180.0, 30.0], [5.0, 5.0, fossa_mm])
        ) == [True, False, False]
        located = locate_points(
            template,
            Surface.ACETABULUM,
            surface_points(template, Surface.ACETABULUM, [30.0], [fossa_mm]),
        )[0]
        assert located.ilizaliturri is IlizaliturriZone.ZONE_6
        assert located.konan is None and not located.articular
        # the femoral head under the notch is cartilage
        assert bool(is_articular(template, Surface.FEMORAL_HEAD, 180.0, 5.0)[0])
