"""A parametric template hip: femoral head sphere, concentric acetabulum, lunate surface.

Everything is in the hip frame (origin at the femoral head centre, axes parallel to LPS) and in
millimetres. Positions on the socket are described by the polar angle ``psi`` from the socket
apex ``-n`` (``n`` = acetabular axis) and the clock angle ``theta`` (``clock_deg``).

Sourced numbers (clinical-reference.md section 8):

- femoral head diameter by sex when not measured: female 43.25 mm, male 48.50 mm, combined
  45.5 mm (Cho et al. 2015, BioMed Res Int, 3-D CT sphere fit, Table 3). The diameter is that
  of the bone (subchondral) sphere.
- femoral head cartilage 1.40 mm and acetabular cartilage 1.26 mm (Rockwood hip textbook ch. 4,
  "elsewhere" values; Armstrong & Gardner 1977).
- LCEA 35 deg when not measured (Jacobsen, 4,151 hips, 35 +/- 7 deg; section 8 "Normal LCEA").

Design choices (NOT sourced; configurable):

- The two cartilage layers touch (no joint gap), so the acetabular subchondral sphere has radius
  ``head radius + 1.40 + 1.26`` mm.
- The acetabular rim is a circle around ``n``. Its polar angle from the apex is chosen so that
  the rim passes through the lateral edge of the sourcil seen at the LCEA in the coronal plane:
  the direction ``cos(LCEA) superior + sin(LCEA) lateral``.
- The cotyloid fossa is a spherical cap around the apex of half-angle
  ``FOSSA_HALF_ANGLE_DEG`` = 35 deg; the acetabular notch is the wedge of clock angles within
  ``NOTCH_HALF_WIDTH_DEG`` = 30 deg of 6:00 (5:00 to 7:00) from the fossa to the rim. The lunate
  (horseshoe) articular surface is what lies between fossa and rim outside the notch. With the
  defaults this gives a lunate area of about 2,200 mm2 for a 45.5 mm head, in the range of the
  LibHip acetabular coverage areas (2,232-2,812 mm2, shared/data/libhip/morphodata), which we
  use as a plausibility check only.

References
----------
- clinical-reference.md section 8 (Cho et al. 2015 Table 3; Rockwood ch. 4; Jacobsen LCEA).
- product.md section 4 (hip frame, acetabular axis, clock face, rim distance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy._spherical import grid_faces
from chondral.anatomy.acetabular_axis import (
    SUPERIOR,
    ClockBasis,
    clock_basis,
    lateral_direction,
)
from chondral.anatomy.mesh_transform import flip_winding
from chondral.domain import AcetabularOrientation, Hip, Sex, Side, Surface
from chondral.errors import GeometryError

if TYPE_CHECKING:
    import trimesh

__all__ = [
    "ACETABULAR_CARTILAGE_MM",
    "DEFAULT_HEAD_DIAMETER_MM",
    "DEFAULT_LCEA_DEG",
    "FEMORAL_CARTILAGE_MM",
    "FOSSA_HALF_ANGLE_DEG",
    "NOTCH_HALF_WIDTH_DEG",
    "TemplateHip",
    "default_head_diameter_mm",
]

FloatArray = NDArray[np.float64]

DEFAULT_HEAD_DIAMETER_MM: dict[Sex, float] = {
    Sex.FEMALE: 43.25,
    Sex.MALE: 48.50,
    Sex.OTHER: 45.5,
    Sex.UNKNOWN: 45.5,
}
"""Femoral head diameter by sex, 3-D CT sphere fit (Cho et al. 2015 BioMed Res Int, Table 3;
clinical-reference.md section 8). Other/unknown use the combined value."""

FEMORAL_CARTILAGE_MM = 1.40
"""Femoral head cartilage thickness away from the thick anteromedial zone (Rockwood ch. 4;
clinical-reference.md section 8)."""

ACETABULAR_CARTILAGE_MM = 1.26
"""Acetabular cartilage thickness away from the thick superolateral zone (Rockwood ch. 4;
clinical-reference.md section 8)."""

DEFAULT_LCEA_DEG = 35.0
"""LCEA used when none was measured: Jacobsen's mean of 4,151 hips (clinical-reference.md
section 8, "Normal LCEA")."""

FOSSA_HALF_ANGLE_DEG = 35.0
"""Design choice (not sourced): half-angle of the fossa cap around the socket apex."""

NOTCH_HALF_WIDTH_DEG = 30.0
"""Design choice (not sourced): the notch spans 6:00 +/- this many clock degrees (5:00-7:00)."""

_MIN_LUNATE_ANGLE_DEG = 10.0
"""Smallest rim-to-fossa polar angle accepted; less is not a socket."""


def default_head_diameter_mm(sex: Sex) -> float:
    """Femoral head diameter for a patient whose head was not measured (Cho et al. 2015)."""
    return DEFAULT_HEAD_DIAMETER_MM[sex]


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateHip:
    """A template hip in its hip frame. Build it with ``TemplateHip.from_hip``.

    ``rim_angle_deg`` and ``fossa_angle_deg`` are polar angles from the socket apex ``-n``;
    ``notch_half_width_deg`` is in clock degrees around 6:00.
    """

    side: Side
    head_radius_mm: float
    basis: ClockBasis
    rim_angle_deg: float
    lcea_deg: float
    femoral_cartilage_mm: float = FEMORAL_CARTILAGE_MM
    acetabular_cartilage_mm: float = ACETABULAR_CARTILAGE_MM
    fossa_angle_deg: float = FOSSA_HALF_ANGLE_DEG
    notch_half_width_deg: float = NOTCH_HALF_WIDTH_DEG

    def __post_init__(self) -> None:
        if self.head_radius_mm <= 0:
            raise GeometryError(f"head_radius_mm must be positive, got {self.head_radius_mm}")
        if self.femoral_cartilage_mm < 0 or self.acetabular_cartilage_mm < 0:
            raise GeometryError("cartilage thicknesses must not be negative")
        if not 0.0 < self.notch_half_width_deg < 90.0:
            raise GeometryError(
                f"notch_half_width_deg must be in (0, 90), got {self.notch_half_width_deg}"
            )
        if not self.fossa_angle_deg > 0.0:
            raise GeometryError(f"fossa_angle_deg must be positive, got {self.fossa_angle_deg}")
        if self.rim_angle_deg - self.fossa_angle_deg < _MIN_LUNATE_ANGLE_DEG:
            raise GeometryError(
                f"an LCEA of {self.lcea_deg:g} deg puts the rim {self.rim_angle_deg:.1f} deg from"
                f" the socket apex, too close to the fossa ({self.fossa_angle_deg:g} deg):"
                " the template cannot model this hip"
            )
        if self.rim_angle_deg >= 180.0:
            raise GeometryError("the rim cannot lie beyond the socket's opposite pole")

    @classmethod
    def from_hip(
        cls,
        hip: Hip,
        sex: Sex,
        *,
        fossa_angle_deg: float = FOSSA_HALF_ANGLE_DEG,
        notch_half_width_deg: float = NOTCH_HALF_WIDTH_DEG,
    ) -> TemplateHip:
        """Template for a patient's hip: measured head diameter, orientation and LCEA where
        recorded, the sourced defaults otherwise."""
        diameter_mm = hip.femoral_head_diameter_mm or default_head_diameter_mm(sex)
        lcea_deg = hip.radiographic.lcea_deg
        return cls.from_parameters(
            side=hip.side,
            head_diameter_mm=diameter_mm,
            orientation=hip.acetabulum,
            lcea_deg=DEFAULT_LCEA_DEG if lcea_deg is None else lcea_deg,
            fossa_angle_deg=fossa_angle_deg,
            notch_half_width_deg=notch_half_width_deg,
        )

    @classmethod
    def from_parameters(
        cls,
        *,
        side: Side,
        head_diameter_mm: float,
        orientation: AcetabularOrientation | None = None,
        lcea_deg: float = DEFAULT_LCEA_DEG,
        fossa_angle_deg: float = FOSSA_HALF_ANGLE_DEG,
        notch_half_width_deg: float = NOTCH_HALF_WIDTH_DEG,
    ) -> TemplateHip:
        """Template from explicit numbers (defaults: I = 45 deg, A = 20 deg, LCEA = 35 deg)."""
        basis = clock_basis(orientation or AcetabularOrientation(), side)
        if not -90.0 < lcea_deg < 90.0:
            raise GeometryError(f"lcea_deg must be in (-90, 90), got {lcea_deg}")
        lcea_rad = math.radians(lcea_deg)
        sourcil_edge = math.cos(lcea_rad) * SUPERIOR + math.sin(lcea_rad) * lateral_direction(side)
        rim_angle_deg = math.degrees(math.acos(float(np.clip(sourcil_edge @ basis.apex, -1, 1))))
        return cls(
            side=side,
            head_radius_mm=head_diameter_mm / 2.0,
            basis=basis,
            rim_angle_deg=rim_angle_deg,
            lcea_deg=lcea_deg,
            fossa_angle_deg=fossa_angle_deg,
            notch_half_width_deg=notch_half_width_deg,
        )

    @property
    def acetabular_radius_mm(self) -> float:
        """Radius of the acetabular subchondral bone: head + both cartilage layers (no gap)."""
        return self.head_radius_mm + self.femoral_cartilage_mm + self.acetabular_cartilage_mm

    def surface_radius_mm(self, surface: Surface) -> float:
        """Radius of the subchondral bone sphere of ``surface``."""
        if surface is Surface.ACETABULUM:
            return self.acetabular_radius_mm
        return self.head_radius_mm

    def rim_to_fossa_mm(self, surface: Surface) -> float:
        """Geodesic rim-to-fossa distance on ``surface`` (on the head: the projected one)."""
        span_rad = math.radians(self.rim_angle_deg - self.fossa_angle_deg)
        return self.surface_radius_mm(surface) * span_rad

    def rim_to_apex_mm(self, surface: Surface) -> float:
        """Geodesic distance from the rim to the socket apex (or its projection on the head)."""
        return self.surface_radius_mm(surface) * math.radians(self.rim_angle_deg)

    def directions(self, psi_deg: FloatArray, clock_deg: FloatArray) -> FloatArray:
        """Unit directions from the head centre at polar angle ``psi_deg`` (from the apex) and
        ``clock_deg``; shape (n, 3)."""
        psi_rad = np.radians(np.asarray(psi_deg, dtype=np.float64)).reshape(-1, 1)
        theta_rad = np.radians(np.asarray(clock_deg, dtype=np.float64)).reshape(-1, 1)
        in_plane = np.cos(theta_rad) * self.basis.twelve + np.sin(theta_rad) * self.basis.three
        result: FloatArray = np.cos(psi_rad) * self.basis.apex + np.sin(psi_rad) * in_plane
        return result

    def femoral_head_mesh(self, subdivisions: int = 5) -> trimesh.Trimesh:
        """The femoral head subchondral sphere, outward normals, in the hip frame (mm)."""
        import trimesh

        mesh: trimesh.Trimesh = trimesh.creation.icosphere(
            subdivisions=subdivisions, radius=self.head_radius_mm
        )
        return mesh

    def lunate_mesh(self, resolution_deg: float = 1.0) -> trimesh.Trimesh:
        """The lunate (horseshoe) articular surface of the acetabular subchondral bone.

        An open grid between fossa and rim, leaving out the notch. Normals point out of the bone,
        toward the head centre.
        """
        import trimesh

        start_deg = 180.0 + self.notch_half_width_deg
        span_deg = 360.0 - 2.0 * self.notch_half_width_deg
        n_clock = max(8, math.ceil(span_deg / resolution_deg)) + 1
        n_psi = max(4, math.ceil((self.rim_angle_deg - self.fossa_angle_deg) / resolution_deg)) + 1
        clock_deg = (start_deg + np.linspace(0.0, span_deg, n_clock)) % 360.0
        psi_deg = np.linspace(self.fossa_angle_deg, self.rim_angle_deg, n_psi)
        psi_grid, clock_grid = np.meshgrid(psi_deg, clock_deg, indexing="ij")
        vertices = self.acetabular_radius_mm * self.directions(psi_grid.ravel(), clock_grid.ravel())
        faces = grid_faces(n_psi, n_clock)
        first = vertices[faces[0]]
        normal = np.cross(first[1] - first[0], first[2] - first[0])
        if float(normal @ first.mean(axis=0)) > 0.0:  # pointing away from the head: flip all
            faces = flip_winding(faces)
        mesh = trimesh.Trimesh(vertices=vertices, faces=np.ascontiguousarray(faces), process=False)
        return mesh
