from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.anatomy import TemplateHip, geometric_area_mm2, lesion_region, surface_coordinates
from chondral.domain import (
    ClockPosition,
    ClockRange,
    Hip,
    Lesion,
    LesionCenter,
    LesionSize,
    RadiographicMeasurements,
    RimDistanceRange,
    Sex,
    Side,
    Surface,
)
from chondral.errors import GeometryError

TEMPLATES = {side: TemplateHip.from_parameters(side=side, head_diameter_mm=45.5) for side in Side}


def _range_lesion(
    surface: Surface, start_deg: float, span_deg: float, rim: tuple[float, float]
) -> Lesion:
    return Lesion(
        id="L1",
        surface=surface,
        clock_range=ClockRange(
            ClockPosition.from_degrees(start_deg), ClockPosition.from_degrees(start_deg + span_deg)
        ),
        rim_distance_range=RimDistanceRange(*rim),
    )


def _spherical_rectangle_mm2(
    template: TemplateHip, surface: Surface, span_deg: float, rim: tuple[float, float]
) -> float:
    radius = template.surface_radius_mm(surface)
    psi_rim = math.radians(template.rim_angle_deg)
    near, far = psi_rim - rim[1] / radius, psi_rim - rim[0] / radius
    return radius**2 * math.radians(span_deg) * (math.cos(near) - math.cos(far))


def _cap_mm2(radius_mm: float, geodesic_radius_mm: float) -> float:
    return 2.0 * math.pi * radius_mm**2 * (1.0 - math.cos(geodesic_radius_mm / radius_mm))


class TestRangeRegions:
    @settings(max_examples=25, deadline=None)
    @given(
        side=st.sampled_from(list(Side)),
        surface=st.sampled_from(list(Surface)),
        start_deg=st.floats(-140.0, 90.0),
        span_deg=st.floats(5.0, 60.0),
        rim_start=st.floats(0.0, 10.0),
        rim_width=st.floats(1.0, 9.0),
    )
    def test_area_matches_the_spherical_rectangle(
        self,
        side: Side,
        surface: Surface,
        start_deg: float,
        span_deg: float,
        rim_start: float,
        rim_width: float,
    ) -> None:
        template = TEMPLATES[side]
        rim = (rim_start, rim_start + rim_width)
        region = lesion_region(_range_lesion(surface, start_deg % 360.0, span_deg, rim), template)
        exact = _spherical_rectangle_mm2(template, surface, span_deg, rim)
        assert region.area_mm2 == pytest.approx(exact, rel=0.005)
        assert region.recorded_area_mm2 is None and region.area_difference_mm2 is None

    def test_boundary_is_closed_outline_on_the_range(self, template: TemplateHip) -> None:
        region = lesion_region(_range_lesion(Surface.ACETABULUM, 0.0, 75.0, (0.0, 9.0)), template)
        coordinates = surface_coordinates(template, Surface.ACETABULUM, region.boundary)
        assert coordinates.rim_distance_mm.min() == pytest.approx(0.0, abs=1e-9)
        assert coordinates.rim_distance_mm.max() == pytest.approx(9.0, abs=1e-9)
        assert coordinates.clock_deg.max() == pytest.approx(75.0, abs=1e-6)
        steps = np.linalg.norm(np.diff(region.boundary.xyz_mm, axis=0), axis=1)
        assert steps.max() < 1.0  # no jumps: one closed loop

    def test_range_into_the_fossa_is_refused_naming_the_lesion(self, template: TemplateHip) -> None:
        deep_mm = template.rim_to_fossa_mm(Surface.ACETABULUM) + 2.0
        with pytest.raises(GeometryError, match="lesion L1"):
            lesion_region(_range_lesion(Surface.ACETABULUM, 0.0, 30.0, (5.0, deep_mm)), template)

    def test_range_across_the_notch_is_refused(self, template: TemplateHip) -> None:
        with pytest.raises(GeometryError, match="notch"):
            lesion_region(_range_lesion(Surface.ACETABULUM, 120.0, 60.0, (0.0, 5.0)), template)

    def test_femoral_head_under_the_notch_is_accepted(self, template: TemplateHip) -> None:
        region = lesion_region(
            _range_lesion(Surface.FEMORAL_HEAD, 150.0, 60.0, (0.0, 5.0)), template
        )
        assert region.area_mm2 > 0.0


class TestCentredRegions:
    @pytest.mark.parametrize("area_mm2", [20.0, 150.0, 300.0])
    def test_disc_area_is_the_spherical_cap(self, template: TemplateHip, area_mm2: float) -> None:
        lesion = Lesion(
            id="L2",
            surface=Surface.ACETABULUM,
            center=LesionCenter(ClockPosition.from_label("1:30"), 10.0),
            area_mm2=area_mm2,
        )
        region = lesion_region(lesion, template)
        # the cap whose area is the recorded one: radius R acos(1 - A / 2 pi R^2)
        radius = template.acetabular_radius_mm
        cap_radius = radius * math.acos(1.0 - area_mm2 / (2.0 * math.pi * radius**2))
        assert _cap_mm2(radius, cap_radius) == pytest.approx(area_mm2, rel=1e-12)
        assert region.area_mm2 == pytest.approx(area_mm2, rel=0.005)
        assert abs(region.area_difference_mm2) <= 0.005 * area_mm2
        assert cap_radius > math.sqrt(area_mm2 / math.pi)  # a cap is smaller than pi r^2

    def test_small_ellipse_tends_to_the_plane_ellipse(self, template: TemplateHip) -> None:
        lesion = Lesion(
            id="L3",
            surface=Surface.FEMORAL_HEAD,
            center=LesionCenter(ClockPosition.from_label("12:00"), 8.0),
            size=LesionSize(length_mm=3.0, width_mm=2.0),
        )
        region = lesion_region(lesion, template)
        assert region.area_mm2 == pytest.approx(math.pi / 4 * 3.0 * 2.0, rel=0.005)

    def test_ellipse_axes_run_along_the_rim_and_toward_the_fossa(
        self, template: TemplateHip
    ) -> None:
        lesion = Lesion(
            id="L4",
            surface=Surface.ACETABULUM,
            center=LesionCenter(ClockPosition.from_label("1:30"), 8.0),
            size=LesionSize(length_mm=14.0, width_mm=10.0),
        )
        region = lesion_region(lesion, template)
        coordinates = surface_coordinates(template, Surface.ACETABULUM, region.boundary)
        assert coordinates.rim_distance_mm.min() == pytest.approx(3.0, abs=0.05)
        assert coordinates.rim_distance_mm.max() == pytest.approx(13.0, abs=0.05)
        assert region.warnings == ()

    def test_centre_in_the_notch_is_refused(self, template: TemplateHip) -> None:
        lesion = Lesion(
            id="L5",
            surface=Surface.ACETABULUM,
            center=LesionCenter(ClockPosition.from_label("6:00"), 4.0),
            area_mm2=50.0,
        )
        with pytest.raises(GeometryError, match="lesion L5"):
            lesion_region(lesion, template)

    def test_extent_over_the_rim_is_kept_with_a_warning(self, template: TemplateHip) -> None:
        lesion = Lesion(
            id="L6",
            surface=Surface.ACETABULUM,
            center=LesionCenter(ClockPosition.from_label("12:30"), 5.0),
            area_mm2=330.0,
        )
        region = lesion_region(lesion, template)
        assert any("beyond the acetabular rim" in warning for warning in region.warnings)


class TestGeometricArea:
    def test_uses_the_sex_default_head_when_unmeasured(self) -> None:
        lesion = _range_lesion(Surface.ACETABULUM, 0.0, 75.0, (0.0, 9.0))
        hip = Hip(side=Side.RIGHT, radiographic=RadiographicMeasurements(lcea_deg=35.0))
        female = geometric_area_mm2(lesion, hip, Sex.FEMALE)
        male = geometric_area_mm2(lesion, hip, Sex.MALE)
        template = TemplateHip.from_parameters(side=Side.RIGHT, head_diameter_mm=48.5)
        assert male == pytest.approx(
            _spherical_rectangle_mm2(template, Surface.ACETABULUM, 75.0, (0.0, 9.0)), rel=0.005
        )
        assert female < male

    def test_measured_diameter_wins(self) -> None:
        lesion = _range_lesion(Surface.FEMORAL_HEAD, 0.0, 60.0, (0.0, 5.0))
        hip = Hip(side=Side.LEFT, femoral_head_diameter_mm=50.0)
        template = TemplateHip.from_parameters(side=Side.LEFT, head_diameter_mm=50.0)
        assert geometric_area_mm2(lesion, hip, Sex.FEMALE) == pytest.approx(
            _spherical_rectangle_mm2(template, Surface.FEMORAL_HEAD, 60.0, (0.0, 5.0)), rel=0.005
        )
