"""The lesion after debridement to stable vertical walls, as a region of a surface patch.

Unstable cartilage is removed until a rim of healthy cartilage with walls perpendicular to the
surface remains (clinical-reference.md section 3.3, Crawford chapter; Voos et al.). A lesion
measured *before* debridement therefore grows: every point within ``margin_mm`` of it, along the
surface, joins the region (the geodesic offset of the lesion). A lesion measured after
debridement is the region as it is.

Everything is computed on the patch's vertices: the signed geodesic distance to the recorded
outline (negative inside), the new wall as the level curve at the margin, the distance of every
vertex to that wall, and the region's area by clipping the patch's triangles at the wall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chondral.errors import GeometryError
from chondral.planning.contours import iso_curves
from chondral.planning.surface_patch import SurfaceCurve, SurfacePatch

__all__ = ["PatchRegion", "debrided_region", "inside_planar_polygon", "inside_spherical_polygon"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class PatchRegion:
    """The planned region on a patch.

    ``inside``: vertices in the region; ``walls``: its closed outline(s), longest first;
    ``wall_distance_mm``: geodesic distance of every vertex to the nearest wall; ``clipped``:
    whether the edge of the articular surface cut the region.
    """

    inside: BoolArray
    walls: tuple[SurfaceCurve, ...]
    wall_distance_mm: FloatArray
    area_mm2: float
    margin_mm: float
    clipped: bool = False


def inside_planar_polygon(points: FloatArray, polygon: FloatArray) -> BoolArray:
    """Which 2-D ``points`` (m, 2) lie inside the closed ``polygon`` (n, 2; first vertex not
    repeated), by the even-odd rule: a ray from the point toward +x crosses the outline an odd
    number of times. Each edge counts for the points whose height lies in its half-open span
    ``[min y, max y)`` (so a ray through a vertex is counted once) and that lie left of where it
    crosses. Points exactly on the outline may fall either way. One pass per edge, each over the
    points within the polygon's bounding box."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    polygon = np.asarray(polygon, dtype=np.float64).reshape(-1, 2)
    result = np.zeros(len(points), dtype=bool)
    if len(polygon) < 3 or len(points) == 0:
        return result
    low, high = polygon.min(axis=0), polygon.max(axis=0)
    boxed = np.flatnonzero(np.all((points >= low) & (points <= high), axis=1))
    x, y = points[boxed, 0], points[boxed, 1]
    inside = np.zeros(len(boxed), dtype=bool)
    start = polygon
    end = np.roll(polygon, -1, axis=0)
    for (x0, y0), (x1, y1) in zip(start, end, strict=True):
        if y0 == y1:
            continue  # a horizontal edge is never crossed by a horizontal ray (half-open rule)
        spans = (y0 <= y) != (y1 <= y)
        crossing_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        inside ^= spans & (x < crossing_x)
    result[boxed] = inside
    return result


def inside_spherical_polygon(
    directions: FloatArray, polygon_directions: FloatArray, centre: FloatArray
) -> BoolArray:
    """Which unit ``directions`` fall inside the spherical polygon (unit vertices, in order).

    The gnomonic projection onto the plane tangent at ``centre`` maps great circles to straight
    lines, so the planar test is exact for great-circle edges (and the polygon is finely
    sampled). Directions more than 90 deg from ``centre`` are outside.
    """
    centre = centre / np.linalg.norm(centre)
    helper = np.array([1.0, 0.0, 0.0]) if abs(centre[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    first = np.cross(centre, helper)
    first /= np.linalg.norm(first)
    second = np.cross(centre, first)

    def project(unit: FloatArray) -> FloatArray:
        depth = unit @ centre
        safe = np.where(depth > 1e-9, depth, 1e-9)
        return np.stack([(unit @ first) / safe, (unit @ second) / safe], axis=1)

    if np.any(polygon_directions @ centre <= 1e-6):
        raise GeometryError("the region is too large: it reaches 90 deg from its centre")
    result: BoolArray = (directions @ centre > 1e-6) & inside_planar_polygon(
        project(directions), project(polygon_directions)
    )
    return result


def _area_below(
    vertices_mm: FloatArray, faces: NDArray[np.int64], values: FloatArray, level: float
) -> float:
    """Area of the part of the mesh where the linear field ``values`` is <= ``level``."""
    below = values[faces] <= level
    corners = vertices_mm[faces]

    def area(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
        result: FloatArray = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=-1)
        return result

    total = float(area(corners[:, 0], corners[:, 1], corners[:, 2])[below.all(axis=1)].sum())
    for face_id in np.flatnonzero(below.any(axis=1) & ~below.all(axis=1)):
        value = values[faces[face_id]]
        points = corners[face_id]
        polygon: list[FloatArray] = []
        for k in range(3):
            a, b = k, (k + 1) % 3
            if value[a] <= level:
                polygon.append(points[a])
            if (value[a] <= level) != (value[b] <= level):
                t = (level - value[a]) / (value[b] - value[a])
                polygon.append(points[a] + t * (points[b] - points[a]))
        for k in range(1, len(polygon) - 1):
            total += float(area(polygon[0], polygon[k], polygon[k + 1]))
    return total


def debrided_region(
    patch: SurfacePatch,
    outline: SurfaceCurve,
    inside_outline: BoolArray,
    margin_mm: float,
    *,
    allowed_signed_mm: FloatArray | None = None,
) -> PatchRegion:
    """The region of ``patch`` after growing the recorded lesion by ``margin_mm``, kept within
    the surface where ``allowed_signed_mm`` (a signed distance per vertex, negative inside) is
    not positive: the articular surface of the socket (see ``chondral.planning.articular``).
    Where that limit cuts the region, its edge becomes part of the wall.

    ``outline`` is the recorded lesion outline on the patch and ``inside_outline`` marks the
    vertices inside it.
    """
    distance_mm = patch.distance_to_curve(outline)
    signed_mm = np.where(inside_outline, -distance_mm, distance_mm) - margin_mm
    clipped = allowed_signed_mm is not None and bool(
        np.any((signed_mm <= 0.0) & (allowed_signed_mm > 0.0))
    )
    if allowed_signed_mm is not None and clipped:
        signed_mm = np.maximum(signed_mm, allowed_signed_mm)
    if margin_mm == 0.0 and not clipped:
        walls: tuple[SurfaceCurve, ...] = (outline,)
        wall_distance_mm = distance_mm
    else:
        curves = [
            curve
            for curve in iso_curves(patch.vertices_mm, patch.faces, signed_mm, 0.0)
            if curve.closed
        ]
        if not curves:
            raise GeometryError(
                f"grown by the {margin_mm:g} mm debridement margin, the region runs off the edge"
                " of the bone surface available (the mesh ends there)"
            )
        curves.sort(key=lambda curve: -curve.length_mm)
        walls = tuple(
            SurfaceCurve(patch.snap(c.points_mm), c.face_ids, closed=True) for c in curves
        )
        wall_distance_mm = np.min([patch.distance_to_curve(wall) for wall in walls], axis=0)
    inside = signed_mm <= 0.0
    if not inside.any():
        raise GeometryError("no part of the lesion lies on articular surface")
    area_mm2 = _area_below(patch.vertices_mm, patch.faces, signed_mm, 0.0)
    return PatchRegion(
        inside=inside,
        walls=walls,
        wall_distance_mm=wall_distance_mm,
        area_mm2=area_mm2,
        margin_mm=margin_mm,
        clipped=clipped,
    )
