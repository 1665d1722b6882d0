from __future__ import annotations

import math

import numpy as np
import pytest

from chondral.anatomy import TemplateHip, default_head_diameter_mm
from chondral.anatomy.template_hip import ACETABULAR_CARTILAGE_MM, FEMORAL_CARTILAGE_MM
from chondral.domain import Hip, RadiographicMeasurements, Sex, Side, Surface
from chondral.errors import GeometryError


class TestDefaults:
    @pytest.mark.parametrize(
        ("sex", "diameter_mm"),
        [(Sex.FEMALE, 43.25), (Sex.MALE, 48.50), (Sex.OTHER, 45.5), (Sex.UNKNOWN, 45.5)],
    )
    def test_head_diameter_by_sex(self, sex: Sex, diameter_mm: float) -> None:
        assert default_head_diameter_mm(sex) == diameter_mm
        template = TemplateHip.from_hip(Hip(side=Side.LEFT), sex)
        assert template.head_radius_mm == diameter_mm / 2

    def test_acetabulum_is_concentric_at_head_plus_cartilage(self) -> None:
        template = TemplateHip.from_parameters(side=Side.RIGHT, head_diameter_mm=50.0)
        assert template.acetabular_radius_mm == pytest.approx(
            25.0 + FEMORAL_CARTILAGE_MM + ACETABULAR_CARTILAGE_MM
        )
        assert (FEMORAL_CARTILAGE_MM, ACETABULAR_CARTILAGE_MM) == (1.40, 1.26)


class TestRimFromLcea:
    @pytest.mark.parametrize("side", list(Side))
    @pytest.mark.parametrize("lcea_deg", [15.0, 25.0, 35.0, 45.0])
    def test_rim_passes_through_the_sourcil_edge(self, side: Side, lcea_deg: float) -> None:
        hip = Hip(side=side, radiographic=RadiographicMeasurements(lcea_deg=lcea_deg))
        template = TemplateHip.from_hip(hip, Sex.UNKNOWN)
        lcea = math.radians(lcea_deg)
        edge = np.array([side.lateral_sign_x * math.sin(lcea), 0.0, math.cos(lcea)])
        angle_deg = math.degrees(math.acos(edge @ template.basis.apex))
        assert angle_deg == pytest.approx(template.rim_angle_deg)

    def test_more_coverage_with_a_larger_lcea(self) -> None:
        small = TemplateHip.from_parameters(side=Side.LEFT, head_diameter_mm=45.0, lcea_deg=20.0)
        large = TemplateHip.from_parameters(side=Side.LEFT, head_diameter_mm=45.0, lcea_deg=40.0)
        assert large.rim_angle_deg > small.rim_angle_deg

    def test_no_lunate_surface_is_refused(self) -> None:
        with pytest.raises(GeometryError, match="LCEA"):
            TemplateHip.from_parameters(side=Side.LEFT, head_diameter_mm=45.0, lcea_deg=-60.0)


class TestMeshes:
    def test_lunate_mesh_area_matches_the_horseshoe_formula(self, template: TemplateHip) -> None:
        mesh = template.lunate_mesh(resolution_deg=0.5)
        radius = template.acetabular_radius_mm
        fossa, rim = math.radians(template.fossa_angle_deg), math.radians(template.rim_angle_deg)
        fraction = 1.0 - 2.0 * template.notch_half_width_deg / 360.0
        exact = 2.0 * math.pi * radius**2 * (math.cos(fossa) - math.cos(rim)) * fraction
        assert mesh.area == pytest.approx(exact, rel=0.005)

    def test_lunate_normals_face_the_head(self, template: TemplateHip) -> None:
        mesh = template.lunate_mesh()
        radial = np.einsum("ij,ij->i", mesh.face_normals, mesh.triangles_center)
        assert np.all(radial < 0.0)

    def test_head_mesh_is_a_closed_sphere_of_the_head_radius(self, template: TemplateHip) -> None:
        mesh = template.femoral_head_mesh()
        assert mesh.is_watertight and mesh.volume > 0.0
        np.testing.assert_allclose(
            np.linalg.norm(mesh.vertices, axis=1), template.head_radius_mm, rtol=1e-9
        )
        assert template.surface_radius_mm(Surface.FEMORAL_HEAD) == template.head_radius_mm
