"""Lesion records turned into regions on the subchondral bone surface of the template hip.

Each recorded form becomes a triangulated region on the subchondral sphere of its surface
(acetabulum or femoral head), with its true surface area and its closed boundary polyline, both
in the hip frame (mm):

- **ranges** (clock from-to, rim distance from-to): the spherical "rectangle" between the two
  clock meridians and the two rim-distance circles;
- **centre + size** (length along the rim, width toward the fossa): a geodesic ellipse. The
  tangent-plane ellipse with full axes length (along increasing clock) and width (toward the
  fossa) is wrapped onto the sphere by the exponential map at the centre, so both axes keep
  their length along the surface;
- **centre + area**: a geodesic disc (a spherical cap) whose true area on the surface is the
  recorded area: its radius along the surface is ``R acos(1 - area / (2 pi R^2))``, a little
  longer than ``sqrt(area / pi)`` because a cap is smaller than the flat disc of the same radius.

Areas are sums of exact geodesic-triangle areas (Van Oosterom & Strackee) over a fine
triangulation, so they converge to the true spherical area; the difference to the recorded area
(pi/4 x length x width, or the recorded area) is reported, never hidden.

Safety (product.md section 8): the acetabular fossa and notch are not articular surface. An
acetabular lesion whose position (range, or centre) lies in the fossa or the notch is refused
with a ``GeometryError`` naming the lesion. An ellipse or disc whose centre is articular but
whose extent crosses the rim, the fossa or the notch is kept unclipped and carries a warning.

References
----------
- product.md section 4 ("Lesion": forms and the ellipse area pi/4 x length x width).
- clinical-reference.md section 2.4 (how lesion size is recorded) and section 8 (template
  dimensions, via ``TemplateHip``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy._spherical import grid_faces, spherical_triangle_areas_mm2
from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.clock_face import is_articular, surface_coordinates
from chondral.anatomy.template_hip import TemplateHip
from chondral.domain import Hip, Lesion, Sex, Surface
from chondral.errors import GeometryError
from chondral.frames import Points

__all__ = [
    "LesionRegion",
    "cap_radius_mm",
    "geometric_area_mm2",
    "lesion_region",
]

FloatArray = NDArray[np.float64]

SAMPLE_SPACING_MM = 0.25
"""Target spacing of the region triangulation along the surface (area error well below 0.1%)."""

_MIN_SAMPLES = 24
_RIM_TOLERANCE_MM = 1e-6


@dataclass(frozen=True, slots=True, kw_only=True)
class LesionRegion:
    """A lesion as a triangulated region of a subchondral sphere, in the hip frame (mm).

    ``vertices`` and ``faces`` triangulate the region; ``boundary`` is the closed outline
    (first point not repeated). ``area_mm2`` is the geometric area on the surface;
    ``recorded_area_mm2`` what the record states (None for ranges), and
    ``area_difference_mm2`` = geometric - recorded (None when nothing was recorded).
    """

    lesion_id: str
    surface: Surface
    radius_mm: float
    vertices: Points
    faces: NDArray[np.int64]
    boundary: Points
    area_mm2: float
    recorded_area_mm2: float | None
    warnings: tuple[str, ...] = ()

    @property
    def area_difference_mm2(self) -> float | None:
        """Geometric minus recorded area, mm2 (None when no area was recorded)."""
        if self.recorded_area_mm2 is None:
            return None
        return self.area_mm2 - self.recorded_area_mm2


def cap_radius_mm(sphere_radius_mm: float, area_mm2: float) -> float:
    """Geodesic radius of the spherical cap of ``area_mm2`` on a sphere of ``sphere_radius_mm``
    (from 2 pi R^2 (1 - cos(r / R)) = area)."""
    ratio = area_mm2 / (2.0 * math.pi * sphere_radius_mm**2)
    if not 0.0 < ratio < 2.0:
        raise GeometryError(
            f"an area of {area_mm2:g} mm2 does not fit on a sphere of radius {sphere_radius_mm:g} mm"
        )
    return sphere_radius_mm * math.acos(1.0 - ratio)


def geometric_area_mm2(lesion: Lesion, hip: Hip, sex: Sex) -> float:
    """True area in mm2 of ``lesion`` on the subchondral surface of the template of ``hip``.

    Raises ``GeometryError`` (naming the lesion) for an acetabular lesion in the fossa or notch.
    """
    return lesion_region(lesion, TemplateHip.from_hip(hip, sex)).area_mm2


def lesion_region(lesion: Lesion, template: TemplateHip) -> LesionRegion:
    """The region of ``lesion`` on the template's subchondral surface (see module docstring)."""
    if lesion.center is None:
        return _range_region(lesion, template)
    return _centred_region(lesion, template)


def _refuse(lesion: Lesion, problem: str) -> GeometryError:
    return GeometryError(f"lesion {lesion.id} ({lesion.surface.value}): {problem}")


def _range_region(lesion: Lesion, template: TemplateHip) -> LesionRegion:
    clock_range = lesion.clock_range
    rim_range = lesion.rim_distance_range
    if clock_range is None or rim_range is None:
        raise _refuse(lesion, "a range position needs clock and rim-distance ranges")
    surface = lesion.surface
    radius_mm = template.surface_radius_mm(surface)
    limit_mm = (
        template.rim_to_fossa_mm(surface)
        if surface is Surface.ACETABULUM
        else template.rim_to_apex_mm(surface)
    )
    if rim_range.end_mm > limit_mm + _RIM_TOLERANCE_MM:
        where = "into the fossa" if surface is Surface.ACETABULUM else "past the socket apex"
        raise _refuse(
            lesion,
            f"rim distance {rim_range.end_mm:g} mm reaches {where}"
            f" (rim-to-fossa {template.rim_to_fossa_mm(surface):.1f} mm on this hip)",
        )
    span_deg = clock_range.span_deg
    n_clock = _sample_count(math.radians(span_deg) * radius_mm)
    n_rim = _sample_count(rim_range.end_mm - rim_range.start_mm)
    clock_deg = (clock_range.start.clock_deg + np.linspace(0.0, span_deg, n_clock)) % 360.0
    rim_mm = np.linspace(rim_range.start_mm, rim_range.end_mm, n_rim)
    if surface is Surface.ACETABULUM:
        # the notch is refused wherever the clock range meets it, whatever the rim distance
        articular = is_articular(template, surface, clock_deg, rim_range.start_mm)
        if not np.all(articular):
            raise _refuse(lesion, "the clock range crosses the acetabular notch")
    rim_grid, clock_grid = np.meshgrid(rim_mm, clock_deg, indexing="ij")
    directions = _directions_at(template, surface, clock_grid.ravel(), rim_grid.ravel())
    faces = grid_faces(n_rim, n_clock)
    outline = np.concatenate(
        [
            np.arange(n_clock),  # rim side, increasing clock
            np.arange(1, n_rim) * n_clock + n_clock - 1,  # end meridian toward the fossa
            (n_rim - 1) * n_clock + np.arange(n_clock - 2, -1, -1),  # fossa side, back
            np.arange(n_rim - 2, 0, -1) * n_clock,  # start meridian back to the rim
        ]
    )
    return _region(lesion, template, directions, faces, outline, warnings=())


def _centred_region(lesion: Lesion, template: TemplateHip) -> LesionRegion:
    center = lesion.center
    if center is None:
        raise _refuse(lesion, "no centre")
    surface = lesion.surface
    if lesion.size is not None:
        half_length_mm = lesion.size.length_mm / 2.0
        half_width_mm = lesion.size.width_mm / 2.0
    elif lesion.area_mm2 is not None:
        half_length_mm = half_width_mm = cap_radius_mm(
            template.surface_radius_mm(lesion.surface), lesion.area_mm2
        )
    else:
        raise _refuse(lesion, "a centre without size_mm or area_mm2 has no extent")
    clock_deg = center.clock.clock_deg
    if not bool(is_articular(template, surface, clock_deg, center.rim_distance_mm)[0]):
        raise _refuse(
            lesion,
            f"the centre ({center.clock.label}, {center.rim_distance_mm:g} mm from the rim) is"
            " not on articular surface (acetabular fossa, notch, or beyond the rim)",
        )
    radius_mm = template.surface_radius_mm(surface)
    centre = _directions_at(template, surface, np.array([clock_deg]), center.rim_distance_mm)[0]
    psi_rad = math.radians(template.rim_angle_deg) - center.rim_distance_mm / radius_mm
    if math.sin(psi_rad) < 1e-6:
        raise _refuse(lesion, "the centre is at the socket apex, where the clock is undefined")
    theta_rad = math.radians(clock_deg)
    basis = template.basis
    along_rim = -math.sin(theta_rad) * basis.twelve + math.cos(theta_rad) * basis.three
    in_plane = math.cos(theta_rad) * basis.twelve + math.sin(theta_rad) * basis.three
    toward_fossa = math.sin(psi_rad) * basis.apex - math.cos(psi_rad) * in_plane
    n_angle = _sample_count(math.pi * (half_length_mm + half_width_mm), minimum=48)
    n_ring = _sample_count(max(half_length_mm, half_width_mm))
    angle_rad = np.linspace(0.0, 2.0 * math.pi, n_angle, endpoint=False)
    ring = np.linspace(0.0, 1.0, n_ring)[1:]
    tangent = (
        np.outer(ring, half_length_mm * np.cos(angle_rad))[..., None] * along_rim
        + np.outer(ring, half_width_mm * np.sin(angle_rad))[..., None] * toward_fossa
    ).reshape(-1, 3)
    distance_rad = np.linalg.norm(tangent, axis=1) / radius_mm
    unit = tangent / np.linalg.norm(tangent, axis=1)[:, None]
    directions = np.vstack(
        [
            centre,
            np.cos(distance_rad)[:, None] * centre + np.sin(distance_rad)[:, None] * unit,
        ]
    )
    faces = _disc_faces(n_ring - 1, n_angle)
    outline = 1 + (n_ring - 2) * n_angle + np.arange(n_angle)
    region = _region(lesion, template, directions, faces, outline, warnings=())
    warnings = _extent_warnings(lesion, template, region)
    return LesionRegion(
        lesion_id=region.lesion_id,
        surface=region.surface,
        radius_mm=region.radius_mm,
        vertices=region.vertices,
        faces=region.faces,
        boundary=region.boundary,
        area_mm2=region.area_mm2,
        recorded_area_mm2=region.recorded_area_mm2,
        warnings=warnings,
    )


def _extent_warnings(
    lesion: Lesion, template: TemplateHip, region: LesionRegion
) -> tuple[str, ...]:
    coordinates = surface_coordinates(template, lesion.surface, region.boundary)
    warnings: list[str] = []
    outside_mm = -float(coordinates.rim_distance_mm.min())
    if outside_mm > _RIM_TOLERANCE_MM:
        warnings.append(
            f"lesion {lesion.id} extends {outside_mm:.1f} mm beyond the acetabular rim"
            + (" (uncovered head in neutral)" if lesion.surface is Surface.FEMORAL_HEAD else "")
        )
    if lesion.surface is Surface.ACETABULUM:
        inside = ~is_articular(
            template,
            lesion.surface,
            coordinates.clock_deg,
            np.clip(coordinates.rim_distance_mm, 0.0, None),
        )
        if np.any(inside):
            warnings.append(
                f"lesion {lesion.id} extends into the acetabular fossa or notch"
                " (not articular surface): check the recorded size"
            )
    return tuple(warnings)


def _sample_count(length_mm: float, minimum: int = _MIN_SAMPLES) -> int:
    return max(minimum, math.ceil(length_mm / SAMPLE_SPACING_MM) + 1)


def _directions_at(
    template: TemplateHip,
    surface: Surface,
    clock_deg: FloatArray,
    rim_distance_mm: FloatArray | float,
) -> FloatArray:
    radius_mm = template.surface_radius_mm(surface)
    psi_deg = template.rim_angle_deg - np.degrees(np.asarray(rim_distance_mm) / radius_mm)
    psi_deg = np.broadcast_to(psi_deg, np.shape(clock_deg))
    return template.directions(psi_deg, clock_deg)


def _disc_faces(n_rings: int, n_angle: int) -> NDArray[np.int64]:
    """Faces of a polar grid: vertex 0 is the centre, ring k (0-based) starts at 1 + k*n_angle."""
    angle = np.arange(n_angle)
    following = (angle + 1) % n_angle
    fan = np.stack([np.zeros(n_angle, dtype=np.int64), 1 + angle, 1 + following], axis=1)
    blocks = [fan]
    for ring in range(n_rings - 1):
        inner = 1 + ring * n_angle
        outer = inner + n_angle
        blocks.append(np.stack([inner + angle, outer + angle, outer + following], axis=1))
        blocks.append(np.stack([inner + angle, outer + following, inner + following], axis=1))
    return np.concatenate(blocks).astype(np.int64)


def _region(
    lesion: Lesion,
    template: TemplateHip,
    directions: FloatArray,
    faces: NDArray[np.int64],
    outline: NDArray[np.int64],
    *,
    warnings: tuple[str, ...],
) -> LesionRegion:
    radius_mm = template.surface_radius_mm(lesion.surface)
    area_mm2 = float(spherical_triangle_areas_mm2(directions, faces, radius_mm).sum())
    frame = hip_frame(template.side)
    return LesionRegion(
        lesion_id=lesion.id,
        surface=lesion.surface,
        radius_mm=radius_mm,
        vertices=Points(radius_mm * directions, frame),
        faces=faces,
        boundary=Points(radius_mm * directions[outline], frame),
        area_mm2=area_mm2,
        recorded_area_mm2=lesion.recorded_area_mm2,
        warnings=warnings,
    )
