"""Plan quality metrics (product.md section 5), every distance geodesic along the surface.

- nearest neighbour: for each hole, the geodesic distance to its closest other hole;
- coverage radius: the largest distance from any point of the region (its vertices and its
  wall) to the nearest hole;
- minimum rim clearance: the smallest distance from a hole to the wall;
- holes per cm2: hole count over the region area.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from chondral.planning.debridement import PatchRegion
from chondral.planning.plan import PlanMetrics
from chondral.planning.surface_patch import SurfacePatch

__all__ = ["NEIGHBOUR_SLACK_MM", "hole_pair_distances", "plan_metrics"]

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
    for wall in region.walls:
        coverage = max(coverage, float(patch.distance_to_vertices(holes, wall).max()))
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
