"""Plan quality metrics (product.md section 5), every distance geodesic along the surface.

- nearest neighbour: for each hole, the geodesic distance to its closest other hole;
- coverage radius: the largest distance from any point of the region to the nearest hole,
  taken over the region's vertices, its wall sampled every 0.05 mm and the vertices of the
  holes' Voronoi diagram (where that distance peaks inside the region);
- minimum rim clearance: the smallest distance from a hole to the wall;
- holes per cm2: hole count over the region area.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import SphericalVoronoi

from chondral.planning.debridement import PatchRegion, inside_spherical_polygon
from chondral.planning.plan import PlanMetrics
from chondral.planning.surface_patch import SurfacePatch, densify

__all__ = ["NEIGHBOUR_SLACK_MM", "coverage_probes", "hole_pair_distances", "plan_metrics"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

NEIGHBOUR_SLACK_MM = 0.5
"""A pair is measured along the surface when its straight-line distance is within this of the
straight-line distance from either hole to its closest other hole. The surface distance is
never shorter than the straight line and, over a few millimetres of subchondral bone, longer by
hundredths at most, so every nearest neighbour is among the pairs measured."""


def hole_pair_distances(patch: SurfacePatch, holes: IntArray) -> FloatArray:
    """(k, k) geodesic distances between holes for every pair that may be a nearest
    neighbour (see ``NEIGHBOUR_SLACK_MM``); inf on the diagonal and for the other pairs."""
    count = len(holes)
    result = np.full((count, count), np.inf)
    if count < 2:
        return result
    points = patch.vertices_mm[holes]
    chord = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    np.fill_diagonal(chord, np.inf)
    closest = chord.min(axis=1)
    near = (chord <= closest[:, None] + NEIGHBOUR_SLACK_MM) | (
        chord <= closest[None, :] + NEIGHBOUR_SLACK_MM
    )
    first, second = np.nonzero(np.triu(near, k=1))
    lengths = patch.pair_distances(np.stack([holes[first], holes[second]], axis=1))
    result[first, second] = lengths
    result[second, first] = lengths
    return result


def coverage_probes(patch: SurfacePatch, region: PatchRegion, holes: IntArray) -> FloatArray:
    """Where the distance to the nearest hole can peak between the patch's vertices: the wall,
    sampled every ``densify`` step, and the vertices of the holes' Voronoi diagram (computed on
    the directions from the hip-frame origin, i.e. exactly on a sphere) that lie in the region.
    Inside the region the distance to the nearest hole has its maxima only at such vertices."""
    walls = [densify(wall.points_mm, closed=wall.closed) for wall in region.walls]
    points = [*walls]
    positions = patch.vertices_mm[holes]
    if len(holes) >= 4:
        unit = positions / np.linalg.norm(positions, axis=1)[:, None]
        try:
            voronoi = SphericalVoronoi(unit, radius=1.0, threshold=1e-9)
        except ValueError:  # degenerate (e.g. all holes on one great circle)
            voronoi = None
        if voronoi is not None:
            corners = np.asarray(voronoi.vertices, dtype=np.float64)
            wall = region.walls[0].points_mm
            centre = unit.mean(axis=0)
            centre /= np.linalg.norm(centre)
            inside = inside_spherical_polygon(
                corners, wall / np.linalg.norm(wall, axis=1)[:, None], centre
            )
            radius = float(np.median(np.linalg.norm(positions, axis=1)))
            points.append(radius * corners[inside])
    return np.vstack(points) if points else np.zeros((0, 3))


def plan_metrics(patch: SurfacePatch, region: PatchRegion, holes: IntArray) -> PlanMetrics:
    """Metrics of the holes (patch vertex ids) on ``region``."""
    between = hole_pair_distances(patch, holes)
    if len(holes) >= 2:
        nearest = between.min(axis=1)
        nn_min: float | None = float(nearest.min())
        nn_median: float | None = float(np.median(nearest))
        nn_max: float | None = float(nearest.max())
    else:
        nn_min = nn_median = nn_max = None
    inside_ids = np.flatnonzero(region.inside)
    coverage = float(patch.distance_from_set(holes)[inside_ids].max())
    probes = coverage_probes(patch, region, holes)
    if len(probes):
        coverage = max(coverage, float(patch.probe_distances(holes, probes).max()))
    return PlanMetrics(
        hole_count=len(holes),
        nearest_neighbour_min_mm=nn_min,
        nearest_neighbour_median_mm=nn_median,
        nearest_neighbour_max_mm=nn_max,
        coverage_radius_mm=coverage,
        holes_per_cm2=len(holes) / (region.area_mm2 / 100.0),
        min_rim_clearance_mm=float(region.wall_distance_mm[holes].min()),
        region_area_mm2=region.area_mm2,
    )
