"""(clock, rim distance) <-> 3-D points on the template's subchondral surfaces, and zones.

Positions on a joint surface are ``(clock_deg, rim_distance_mm)`` (product.md section 4):

- ``clock_deg`` is side-independent: 0 at 12:00, +30 per hour toward anterior (3:00 anterior,
  i.e. toward -y, for right AND left hips);
- ``rim_distance_mm`` is the geodesic distance along the surface from the acetabular rim toward
  the fossa. On a sphere around the acetabular axis the shortest path from a point to the rim
  circle is the meridian, so ``rim_distance_mm = R * (psi_rim - psi)`` with ``psi`` the polar
  angle from the socket apex and ``R`` the surface radius. Negative values lie outside the rim.
- The femoral head uses the same coordinates with the hip in neutral: the acetabular rim,
  fossa and notch are projected onto the head along rays from the head centre, and rim
  distances are measured on the head sphere.

Zones:

- **Konan** radial zones (clinical-reference.md section 2.2): with ``f`` = rim distance divided
  by the rim-to-fossa distance, A for ``0 <= f < 1/3``, B for ``1/3 <= f <= 2/3``, C for
  ``2/3 < f <= 1``; no zone outside the rim or inside the fossa.
- **Ilizaliturri** zones (clinical-reference.md section 2.3) are drawn by two vertical lines
  through the anterior and posterior limits of the notch and a horizontal line through its
  superior limit. In the template the notch spans ``6:00 +/- w`` (``w`` =
  ``notch_half_width_deg``, 30 deg by default) and opens into the fossa around the socket
  centre, so the vertical lines cut the rim at ``6:00 +/- w`` and ``12:00 +/- w`` and the
  horizontal line at 3:00 and 9:00. We use the radial clock lines through these rim intercepts,
  so a zone depends on the clock only (how surgeons report it). With w = 30 deg:
  zone 3 superior [11:00, 1:00), zone 2 anterior-superior [1:00, 3:00), zone 1
  anterior-inferior [3:00, 5:00), zone 6 notch [5:00, 7:00), zone 5 posterior-inferior
  [7:00, 9:00), zone 4 posterior-superior [9:00, 11:00); the fossa is zone 6 too. Each zone
  owns its start boundary. The numbering is the same for both sides because ``clock_deg`` is.

References
----------
- product.md section 4 (clock face, rim distance, femoral head coordinates).
- clinical-reference.md section 2.2 (Konan et al. 2011 radial zones A/B/C) and 2.3
  (Ilizaliturri et al. 2008 geographic zones; clock-face conventions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.template_hip import TemplateHip
from chondral.domain import ClockPosition, Surface
from chondral.errors import FrameMismatchError, GeometryError
from chondral.frames import Points

__all__ = [
    "IlizaliturriZone",
    "KonanZone",
    "PointLocation",
    "SurfaceCoordinates",
    "ilizaliturri_zones",
    "is_articular",
    "konan_zones",
    "locate_points",
    "surface_coordinates",
    "surface_points",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


class KonanZone(StrEnum):
    """Konan radial zone: rim, middle or inner third of the rim-to-fossa distance."""

    A = "A"
    B = "B"
    C = "C"


class IlizaliturriZone(StrEnum):
    """Ilizaliturri geographic zone 1-6 (6 = the notch, and here also the fossa)."""

    ZONE_1 = "1"
    ZONE_2 = "2"
    ZONE_3 = "3"
    ZONE_4 = "4"
    ZONE_5 = "5"
    ZONE_6 = "6"


@dataclass(frozen=True, slots=True)
class SurfaceCoordinates:
    """Clock angles (deg, [0, 360)) and rim distances (mm) of n points."""

    clock_deg: FloatArray
    rim_distance_mm: FloatArray


@dataclass(frozen=True, slots=True)
class PointLocation:
    """Where one point lies: clock, rim distance, zones, and whether it is articular."""

    clock: ClockPosition
    rim_distance_mm: float
    konan: KonanZone | None
    ilizaliturri: IlizaliturriZone
    articular: bool


def _as_float_array(values: ArrayLike) -> FloatArray:
    return np.atleast_1d(np.asarray(values, dtype=np.float64))


def surface_points(
    template: TemplateHip,
    surface: Surface,
    clock_deg: ArrayLike,
    rim_distance_mm: ArrayLike,
) -> Points:
    """3-D points in the hip frame at these (clock, rim distance) pairs on ``surface``.

    Vectorised: ``clock_deg`` and ``rim_distance_mm`` broadcast against each other. Raises
    ``GeometryError`` for positions beyond the socket apex or the opposite pole.
    """
    clock_array, rim_array = np.broadcast_arrays(
        _as_float_array(clock_deg), _as_float_array(rim_distance_mm)
    )
    radius_mm = template.surface_radius_mm(surface)
    psi_deg = template.rim_angle_deg - np.degrees(rim_array / radius_mm)
    if np.any(psi_deg < -1e-9) or np.any(psi_deg > 180.0):
        raise GeometryError(
            f"rim distance outside the {surface.value} sphere: it must lie between"
            f" {template.rim_to_apex_mm(surface) - math.pi * radius_mm:.1f} and"
            f" {template.rim_to_apex_mm(surface):.1f} mm"
        )
    xyz_mm = radius_mm * template.directions(np.clip(psi_deg, 0.0, 180.0), clock_array)
    return Points(xyz_mm, hip_frame(template.side))


def surface_coordinates(
    template: TemplateHip, surface: Surface, points: Points
) -> SurfaceCoordinates:
    """(clock, rim distance) of points in the hip frame, projected radially onto ``surface``."""
    if points.frame != hip_frame(template.side):
        raise FrameMismatchError(
            f"points are in {points.frame}, the template is in {hip_frame(template.side)}"
        )
    norms = np.linalg.norm(points.xyz_mm, axis=1)
    if np.any(norms < 1e-9):
        raise GeometryError("the head centre has no clock position")
    unit = points.xyz_mm / norms[:, None]
    basis = template.basis
    psi_deg = np.degrees(np.arccos(np.clip(unit @ basis.apex, -1.0, 1.0)))
    clock_deg = np.degrees(np.arctan2(unit @ basis.three, unit @ basis.twelve)) % 360.0
    clock_deg = np.where(clock_deg >= 360.0, 0.0, clock_deg)
    rim_distance_mm = template.surface_radius_mm(surface) * np.radians(
        template.rim_angle_deg - psi_deg
    )
    return SurfaceCoordinates(clock_deg=clock_deg, rim_distance_mm=rim_distance_mm)


def _in_notch(template: TemplateHip, clock_deg: FloatArray) -> BoolArray:
    offset_deg = np.abs(clock_deg % 360.0 - 180.0)
    in_notch: BoolArray = offset_deg < template.notch_half_width_deg
    return in_notch | np.isclose(clock_deg % 360.0, 180.0 - template.notch_half_width_deg)


def is_articular(
    template: TemplateHip, surface: Surface, clock_deg: ArrayLike, rim_distance_mm: ArrayLike
) -> BoolArray:
    """True where the position is on articular cartilage.

    Acetabulum: between rim and fossa and outside the notch (the lunate surface). Femoral head:
    anywhere from the projected rim to the projected apex (the head is cartilage-covered there).
    """
    clock_array, rim_array = np.broadcast_arrays(
        _as_float_array(clock_deg), _as_float_array(rim_distance_mm)
    )
    if surface is Surface.FEMORAL_HEAD:
        within: BoolArray = (rim_array >= 0.0) & (rim_array <= template.rim_to_apex_mm(surface))
        return within
    lunate: BoolArray = (rim_array >= 0.0) & (rim_array <= template.rim_to_fossa_mm(surface))
    return lunate & ~_in_notch(template, clock_array)


def konan_zones(
    template: TemplateHip, surface: Surface, rim_distance_mm: ArrayLike
) -> list[KonanZone | None]:
    """Konan radial zone of each rim distance; None outside the rim or inside the fossa."""
    fraction = _as_float_array(rim_distance_mm) / template.rim_to_fossa_mm(surface)
    zones: list[KonanZone | None] = []
    for value in fraction:
        if value < 0.0 or value > 1.0:
            zones.append(None)
        elif value < 1.0 / 3.0:
            zones.append(KonanZone.A)
        elif value <= 2.0 / 3.0:
            zones.append(KonanZone.B)
        else:
            zones.append(KonanZone.C)
    return zones


def ilizaliturri_zones(
    template: TemplateHip, surface: Surface, clock_deg: ArrayLike, rim_distance_mm: ArrayLike
) -> list[IlizaliturriZone]:
    """Ilizaliturri zone of each position (boundaries: see the module docstring)."""
    clock_array, rim_array = np.broadcast_arrays(
        _as_float_array(clock_deg) % 360.0, _as_float_array(rim_distance_mm)
    )
    w = template.notch_half_width_deg
    # (start_deg, zone) in increasing clock order; each zone runs to the next start.
    starts = [
        (0.0, IlizaliturriZone.ZONE_3),
        (w, IlizaliturriZone.ZONE_2),
        (90.0, IlizaliturriZone.ZONE_1),
        (180.0 - w, IlizaliturriZone.ZONE_6),
        (180.0 + w, IlizaliturriZone.ZONE_5),
        (270.0, IlizaliturriZone.ZONE_4),
        (360.0 - w, IlizaliturriZone.ZONE_3),
    ]
    start_values = np.array([start for start, _ in starts])
    index = np.searchsorted(start_values, clock_array + 1e-9, side="right") - 1
    in_fossa = rim_array > template.rim_to_fossa_mm(surface)
    return [
        IlizaliturriZone.ZONE_6 if fossa else starts[int(i)][1]
        for i, fossa in zip(index, in_fossa, strict=True)
    ]


def locate_points(template: TemplateHip, surface: Surface, points: Points) -> list[PointLocation]:
    """Clock, rim distance, Konan and Ilizaliturri zone of each point (hip frame)."""
    coordinates = surface_coordinates(template, surface, points)
    konan = konan_zones(template, surface, coordinates.rim_distance_mm)
    ilizaliturri = ilizaliturri_zones(
        template, surface, coordinates.clock_deg, coordinates.rim_distance_mm
    )
    articular = is_articular(template, surface, coordinates.clock_deg, coordinates.rim_distance_mm)
    return [
        PointLocation(
            clock=ClockPosition.from_degrees(float(clock)),
            rim_distance_mm=float(rim),
            konan=None if surface is Surface.ACETABULUM and not bool(ok) else zone,
            ilizaliturri=iz,
            articular=bool(ok),
        )
        for clock, rim, zone, iz, ok in zip(
            coordinates.clock_deg,
            coordinates.rim_distance_mm,
            konan,
            ilizaliturri,
            articular,
            strict=True,
        )
    ]
