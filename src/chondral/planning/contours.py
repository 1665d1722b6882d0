"""Level curves of a per-vertex field on a triangle mesh (marching triangles) and resampling.

A vertex counts as "above" when its value is strictly greater than the level, so a vertex
exactly at the level never creates a degenerate crossing. Each crossing point lies on an edge;
consecutive points of a curve share a face, and the face is recorded with every point so that
curves can be handed to surface-distance solvers.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from chondral.planning.surface_patch import SurfaceCurve

__all__ = ["iso_curves", "resample_closed"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def iso_curves(
    vertices_mm: FloatArray, faces: IntArray, values: FloatArray, level: float
) -> list[SurfaceCurve]:
    """The curves where ``values`` (one per vertex, linear in each face) equals ``level``.

    Closed curves come back closed; a curve cut by the edge of the mesh comes back open.
    """
    above = values > level
    corner_above = above[faces]
    crossing = corner_above.any(axis=1) & ~corner_above.all(axis=1)
    links: dict[tuple[int, int], list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    points: dict[tuple[int, int], FloatArray] = {}
    for face_id in np.flatnonzero(crossing):
        face = faces[face_id]
        edges = []
        for k in range(3):
            a, b = int(face[k]), int(face[(k + 1) % 3])
            if above[a] != above[b]:
                key = (a, b) if a < b else (b, a)
                if key not in points:
                    t = (level - values[a]) / (values[b] - values[a])
                    points[key] = vertices_mm[a] + t * (vertices_mm[b] - vertices_mm[a])
                edges.append(key)
        first, second = edges
        links[first].append((int(face_id), second))
        links[second].append((int(face_id), first))
    curves: list[SurfaceCurve] = []
    visited: set[tuple[int, int]] = set()
    # open curves start at an edge with one link (the mesh border), closed ones anywhere
    starts = [key for key, neighbours in links.items() if len(neighbours) == 1]
    starts += [key for key in links if key not in starts]
    for start in starts:
        if start in visited:
            continue
        chain = [start]
        chain_faces: list[int] = []
        visited.add(start)
        current = start
        closed = False
        while True:
            step = next(
                ((face, nxt) for face, nxt in links[current] if face not in chain_faces),
                None,
            )
            if step is None:
                break
            face, nxt = step
            chain_faces.append(face)
            if nxt == start:
                closed = True
                break
            if nxt in visited:
                break
            visited.add(nxt)
            chain.append(nxt)
            current = nxt
        # each point is recorded with a face that contains it: the face leading to it
        face_of_point = [chain_faces[0], *chain_faces[: len(chain) - 1]]
        curves.append(
            SurfaceCurve(
                points_mm=np.array([points[key] for key in chain], dtype=np.float64),
                face_ids=np.array(face_of_point, dtype=np.int64),
                closed=closed,
            )
        )
    return curves


def resample_closed(points_mm: FloatArray, count: int, *, phase: float = 0.0) -> FloatArray:
    """``count`` points at equal arc length along a closed polyline; the first lies ``phase``
    (a fraction of one step, 0 to 1) past the polyline's first vertex."""
    loop = points_mm
    loop = np.vstack([loop, loop[:1]])
    lengths = np.linalg.norm(np.diff(loop, axis=0), axis=1)
    cumulative = np.concatenate([[0.0], np.cumsum(lengths)])
    targets = (np.arange(count) + phase) * cumulative[-1] / count
    result = np.empty((count, 3))
    for axis in range(3):
        result[:, axis] = np.interp(targets, cumulative, loop[:, axis])
    return result
