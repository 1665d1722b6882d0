"""Independent great-circle geometry, the yardstick the planning tests measure plans with.

Nothing here imports the planner. Every distance is along a sphere centred on the origin:

- point to point: ``R * atan2(|u x v|, u . v)`` (accurate at every angle, unlike ``acos``);
- point to a closed outline: the exact distance to each great-circle arc between consecutive
  outline points (foot of the perpendicular when it falls on the arc, else the nearer end);
- areas: the spherical cap ``2 pi R^2 (1 - cos(r / R))`` and the spherical Steiner formula for
  the parallel body of a convex region at distance ``t`` (unit sphere):
  ``A_t = 2 pi - (2 pi - A) cos t + L sin t`` (exact for caps; holds for convex regions).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull

FloatArray = NDArray[np.float64]


def unit_rows(points: FloatArray) -> FloatArray:
    """Each row divided by its length."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    result: FloatArray = points / np.linalg.norm(points, axis=1)[:, None]
    return result


def arc_mm(radius_mm: float, first: FloatArray, second: FloatArray) -> FloatArray:
    """Great-circle distance between directions ``first`` and ``second`` (broadcasting)."""
    a = np.asarray(first, dtype=np.float64)
    b = np.asarray(second, dtype=np.float64)
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    sine = np.linalg.norm(np.cross(a, b), axis=-1)
    cosine = np.sum(a * b, axis=-1)
    result: FloatArray = radius_mm * np.arctan2(sine, cosine)
    return result


def pairwise_arc_mm(radius_mm: float, points: FloatArray) -> FloatArray:
    """(n, n) great-circle distances, ``inf`` on the diagonal."""
    units = unit_rows(points)
    result = arc_mm(radius_mm, units[:, None, :], units[None, :, :])
    np.fill_diagonal(result, np.inf)
    return result


def nearest_neighbour_mm(radius_mm: float, points: FloatArray) -> FloatArray:
    """For each point, the great-circle distance to its closest other point."""
    result: FloatArray = pairwise_arc_mm(radius_mm, points).min(axis=1)
    return result


def distance_to_sites_mm(radius_mm: float, points: FloatArray, sites: FloatArray) -> FloatArray:
    """For each point, the great-circle distance to the nearest site."""
    a = unit_rows(points)
    b = unit_rows(sites)
    result = np.empty(len(a))
    for start in range(0, len(a), 4096):
        block = a[start : start + 4096]
        result[start : start + len(block)] = arc_mm(
            radius_mm, block[:, None, :], b[None, :, :]
        ).min(axis=1)
    return result


def voronoi_vertices(sites: FloatArray) -> FloatArray:
    """Unit directions equidistant from three sites with no site closer: the spherical Voronoi
    vertices of the sites (circumcentres of the upper faces of their convex hull with the
    origin), where the distance to the nearest site has its interior local maxima."""
    units = unit_rows(sites)
    if len(units) < 3:
        return np.zeros((0, 3))
    hull = ConvexHull(np.vstack([np.zeros((1, 3)), units]))
    upper = ~np.any(hull.simplices == 0, axis=1)
    normals = hull.equations[upper, :3]
    result: FloatArray = unit_rows(normals)
    return result


def distance_to_outline_mm(radius_mm: float, points: FloatArray, outline: FloatArray) -> FloatArray:
    """Exact great-circle distance from each point to a closed outline whose consecutive points
    are joined by the shorter great-circle arc."""
    p = unit_rows(points)
    a = unit_rows(outline)
    b = np.roll(a, -1, axis=0)
    normal = np.cross(a, b)
    length = np.linalg.norm(normal, axis=1)
    keep = length > 1e-15
    a, b, normal = a[keep], b[keep], normal[keep] / length[keep][:, None]
    result = np.empty(len(p))
    for start in range(0, len(p), 2048):
        block = p[start : start + 2048]
        height = block @ normal.T  # (k, m): sine of the angle off each great circle
        foot = block[:, None, :] - height[..., None] * normal[None, :, :]
        # the foot lies on the arc when it is on the inner side of both end meridians
        on_arc = (np.einsum("kmi,mi->km", foot, np.cross(normal, a)) >= 0.0) & (
            np.einsum("kmi,mi->km", foot, np.cross(b, normal)) >= 0.0
        )
        perpendicular = np.arctan2(np.abs(height), np.linalg.norm(foot, axis=2))
        ends = np.minimum(
            arc_mm(1.0, block[:, None, :], a[None, :, :]),
            arc_mm(1.0, block[:, None, :], b[None, :, :]),
        )
        result[start : start + len(block)] = radius_mm * np.where(on_arc, perpendicular, ends).min(
            axis=1
        )
    return result


def slerp_closed(outline: FloatArray, radius_mm: float, step_mm: float) -> FloatArray:
    """Points along a closed outline (great-circle arcs between its points) at most
    ``step_mm`` apart, on the sphere of ``radius_mm``."""
    a = unit_rows(outline)
    b = np.roll(a, -1, axis=0)
    pieces = []
    for start, end in zip(a, b, strict=True):
        angle = float(np.arctan2(np.linalg.norm(np.cross(start, end)), start @ end))
        steps = max(1, math.ceil(angle * radius_mm / step_mm))
        t = np.arange(steps) / steps
        if angle < 1e-12:
            pieces.append(start[None, :])
            continue
        weights_start = np.sin((1.0 - t) * angle) / math.sin(angle)
        weights_end = np.sin(t * angle) / math.sin(angle)
        pieces.append(weights_start[:, None] * start + weights_end[:, None] * end)
    return radius_mm * unit_rows(np.vstack(pieces))


def outline_length_mm(radius_mm: float, outline: FloatArray) -> float:
    """Length of a closed outline made of great-circle arcs."""
    a = unit_rows(outline)
    return float(arc_mm(radius_mm, a, np.roll(a, -1, axis=0)).sum())


def tangent_basis(direction: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Two unit vectors spanning the plane tangent to the sphere at ``direction``."""
    centre = unit_rows(direction)[0]
    helper = np.array([1.0, 0.0, 0.0]) if abs(centre[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    first = np.cross(centre, helper)
    first /= np.linalg.norm(first)
    return first, np.cross(centre, first)


def exp_map(
    radius_mm: float, centre: FloatArray, tangent_mm: FloatArray
) -> FloatArray:  # (n, 3) tangent vectors at ``centre`` -> points on the sphere
    """Walk from ``centre`` along each tangent vector for its length, along the sphere."""
    c = unit_rows(centre)[0]
    tangent = np.asarray(tangent_mm, dtype=np.float64).reshape(-1, 3)
    length = np.linalg.norm(tangent, axis=1)
    direction = np.where(length[:, None] > 0, tangent / np.maximum(length, 1e-300)[:, None], 0.0)
    angle = length / radius_mm
    result: FloatArray = radius_mm * (
        np.cos(angle)[:, None] * c + np.sin(angle)[:, None] * direction
    )
    return result


def log_map(radius_mm: float, centre: FloatArray, points: FloatArray) -> FloatArray:
    """Inverse of ``exp_map``: the tangent vector at ``centre`` (mm) that reaches each point."""
    c = unit_rows(centre)[0]
    p = unit_rows(points)
    along = p - (p @ c)[:, None] * c
    norm = np.linalg.norm(along, axis=1)
    angle = np.arctan2(norm, p @ c)
    result: FloatArray = radius_mm * angle[:, None] * along / np.maximum(norm, 1e-300)[:, None]
    return result


def disc_samples(
    radius_mm: float, centre: FloatArray, disc_radius_mm: float, step_mm: float
) -> FloatArray:
    """Points of the geodesic disc (centre, radius) at about ``step_mm`` spacing, its edge
    circle included."""
    first, second = tangent_basis(centre)
    rings = [np.zeros((1, 3))]
    count = max(1, math.ceil(disc_radius_mm / step_mm))
    for r in np.linspace(0.0, disc_radius_mm, count + 1)[1:]:
        n = max(6, math.ceil(2.0 * math.pi * r / step_mm))
        angle = 2.0 * math.pi * np.arange(n) / n
        rings.append(r * (np.cos(angle)[:, None] * first + np.sin(angle)[:, None] * second))
    return exp_map(radius_mm, centre, np.vstack(rings))


def band_samples(
    radius_mm: float, outline: FloatArray, width_mm: float, step_mm: float
) -> FloatArray:
    """Points within ``width_mm`` (along the sphere) of a closed outline: the union of small
    geodesic discs around points of the outline (``step_mm`` apart)."""
    if width_mm <= 0.0:
        return np.zeros((0, 3))
    return np.vstack(
        [
            disc_samples(radius_mm, q, width_mm, step_mm)
            for q in slerp_closed(outline, radius_mm, step_mm)
        ]
    )


def winding_number(points: FloatArray, outline: FloatArray) -> NDArray[np.int64]:
    """How many times the closed outline winds around each point, seen from outside the
    sphere along the point's direction (0 outside; +-1 inside a simple outline). The outline
    is projected onto each point's tangent plane; the outline must lie within 90 deg."""
    p = unit_rows(points)
    o = unit_rows(outline)
    result = np.empty(len(p), dtype=np.int64)
    for k, point in enumerate(p):
        first, second = tangent_basis(point)
        x, y = o @ first, o @ second
        angles = np.arctan2(y, x)
        turns = np.diff(np.concatenate([angles, angles[:1]]))
        turns = (turns + math.pi) % (2.0 * math.pi) - math.pi
        result[k] = round(float(turns.sum()) / (2.0 * math.pi))
    return result


def cap_area_mm2(radius_mm: float, cap_radius_mm: float) -> float:
    """Area of the geodesic disc (spherical cap) of radius ``cap_radius_mm``."""
    return 2.0 * math.pi * radius_mm**2 * (1.0 - math.cos(cap_radius_mm / radius_mm))


def parallel_area_mm2(
    radius_mm: float, area_mm2: float, perimeter_mm: float, distance_mm: float
) -> float:
    """Area of a convex spherical region grown by ``distance_mm`` (spherical Steiner formula)."""
    t = distance_mm / radius_mm
    a = area_mm2 / radius_mm**2
    p = perimeter_mm / radius_mm
    return radius_mm**2 * (2.0 * math.pi - (2.0 * math.pi - a) * math.cos(t) + p * math.sin(t))


def disc_radius_mm(radius_mm: float, area_mm2: float) -> float:
    """Geodesic radius of the spherical cap whose area is ``area_mm2`` (closed form)."""
    return radius_mm * math.acos(1.0 - area_mm2 / (2.0 * math.pi * radius_mm**2))
