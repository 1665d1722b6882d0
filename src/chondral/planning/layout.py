"""Lay out microfracture holes on a planned region: peripheral ring first, then the interior.

Every distance is geodesic (see ``surface_patch``); holes sit on patch vertices, which the patch
keeps within a few tenths of a millimetre of any spot (``PATCH_EDGE_MM``).

1. **Peripheral ring.** The level curve at ``rim_inset_mm`` from the wall is divided into the
   most equal arcs whose holes stay ``spacing_min_mm`` apart. Crawford: holes first around the
   periphery, right next to the healthy rim; Steadman: as close as possible without breaking
   into one another (clinical-reference.md section 3.3).
2. **Interior, geodesic farthest-point sampling.** A hole goes to the point farthest from all
   holes so far while that point is at least ``spacing_min_mm`` away, so the minimum spacing
   holds by construction.
3. **Farthest-point optimisation** (Schloemer, Heck & Deussen 2011). Each interior hole in turn
   moves to the point farthest from all the others; the smallest spacing never shrinks and the
   holes spread toward an even, near-hexagonal layout. Then one more hole is tried where the
   region is least covered and the optimisation repeated; it is kept only if every spacing
   still meets the minimum.
4. **Coverage repair.** While some point lies farther than ``coverage_target_mm`` from every
   hole: move a nearby hole (ring holes along the ring band, interior holes anywhere inside the
   inset) to where the worst distance shrinks most without breaking the minimum spacing, or
   add a hole within reach of the point where one fits.

Whatever cannot be met is left to the plan's warnings; the minimum spacing and the wall
clearance are never traded away.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from chondral.errors import GeometryError
from chondral.planning.contours import iso_curves, resample_closed
from chondral.planning.debridement import PatchRegion
from chondral.planning.parameters import PlanParameters
from chondral.planning.plan import Ring
from chondral.planning.surface_patch import SurfacePatch, densify

__all__ = ["Layout", "lay_out_holes"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

RING_PHASES = 6
"""Start positions tried along the ring for each hole count (snapping to vertices can make a
count fit at one start and not at another)."""

MAX_EXTRA_HOLES = 12
"""Holes tried beyond what farthest-point sampling places at once; design choice."""

OPTIMISATION_PASSES = 4
"""Passes over the interior holes in one farthest-point optimisation; design choice."""

OPTIMISATION_GAIN_MM = 0.05
"""A hole moves only when that widens its room by more than this (stops endless shuffling)."""

RING_BAND_MM = 0.5
"""Ring holes stay within this distance inward of the ring level when they move."""

MOVE_REACH_MM = 2.0
"""How far the coverage repair may move one hole in one step; design choice."""

REPAIR_STEPS = 30
"""Coverage repair steps, at most; design choice."""

REPAIR_PATIENCE = 5
"""The repair stops after this many poorly covered spots in a row that it could not help."""

COVER_SLACK_MM = 0.03
"""The repair aims this much inside the coverage target: between the vertices it looks at, the
distance to the nearest hole can peak a few hundredths higher."""

HOPELESS_RADIUS_MM = 0.3
"""Around a spot the repair could not help, nothing is tried again."""

CORNER_WINDOW_MM = 1.0
"""Arc length before and after a ring point over which its turning angle is measured."""

CORNER_ANGLE_DEG = 35.0
"""A ring point turning more than this (and twice the loop's median) is a corner of the ring;
a hole goes there so that the region's corner is covered (design choice)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Hole vertices in making order (ring first, then interior from the wall inward)."""

    vertex_ids: IntArray
    rings: tuple[Ring, ...]


def _pairs_apart(patch: SurfacePatch, members: list[int], spacing_mm: float) -> bool:
    """Whether every pair of ``members`` is at least ``spacing_mm`` apart along the surface.
    Only pairs closer than that in a straight line plus a margin are measured: the surface
    distance is never shorter than the straight line."""
    points = patch.vertices_mm[np.array(members, dtype=np.int64)]
    chord = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    first, second = np.nonzero(np.triu(chord < spacing_mm + 0.5, k=1))
    if len(first) == 0:
        return True
    pairs = np.stack([np.array(members)[first], np.array(members)[second]], axis=1)
    return bool(patch.pair_distances(pairs).min() >= spacing_mm)


def _place_ring(
    patch: SurfacePatch,
    loop_mm: FloatArray,
    count: int,
    candidate_ids: IntArray,
    candidate_points: FloatArray,
    ring: list[int],
    parameters: PlanParameters,
) -> bool:
    """Add ``count`` equally spaced holes along ``loop_mm`` to ``ring`` if some start position
    keeps every pair at least the minimum apart; report whether it did."""
    for phase in np.arange(RING_PHASES) / RING_PHASES:
        targets = resample_closed(loop_mm, count, phase=float(phase))
        chosen = [int(candidate_ids[i]) for i in cKDTree(candidate_points).query(targets)[1]]
        members = ring + chosen
        if len(set(members)) != len(members):
            continue
        if _pairs_apart(patch, members, parameters.spacing_min_mm):
            ring.extend(chosen)
            return True
    return False


def _arc_lengths(points_mm: FloatArray) -> FloatArray:
    closed = np.vstack([points_mm, points_mm[:1]])
    return np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(closed, axis=0), axis=1))])


def _along(points_mm: FloatArray, arc: FloatArray, positions_mm: FloatArray) -> FloatArray:
    closed = np.vstack([points_mm, points_mm[:1]])
    target = np.mod(positions_mm, arc[-1])
    return np.stack([np.interp(target, arc, closed[:, axis]) for axis in range(3)], axis=1)


def _corners(points_mm: FloatArray) -> list[float]:
    """Arc positions (mm) of the corners of a closed polyline, in order along it."""
    arc = _arc_lengths(points_mm)
    total = float(arc[-1])
    if total < 4.0 * CORNER_WINDOW_MM or len(points_mm) < 8:
        return []
    position = arc[:-1]
    before = points_mm - _along(points_mm, arc, position - CORNER_WINDOW_MM)
    after = _along(points_mm, arc, position + CORNER_WINDOW_MM) - points_mm
    cosine = np.einsum("ij,ij->i", before, after) / (
        np.linalg.norm(before, axis=1) * np.linalg.norm(after, axis=1) + 1e-12
    )
    turning = np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0)))
    sharp = turning > max(CORNER_ANGLE_DEG, 2.0 * float(np.median(turning)))
    corners: list[float] = []
    for index in np.argsort(-turning):
        if not sharp[index]:
            break
        gaps = [abs(float(position[index]) - c) for c in corners]
        if all(min(g, total - g) > 2.0 * CORNER_WINDOW_MM for g in gaps):
            corners.append(float(position[index]))
    return sorted(corners)


def _place_ring_with_corners(
    patch: SurfacePatch,
    loop_mm: FloatArray,
    corners: list[float],
    candidate_ids: IntArray,
    candidate_points: FloatArray,
    ring: list[int],
    parameters: PlanParameters,
) -> bool:
    """A hole at each corner of the ring and each side divided as finely as the minimum
    spacing allows; report whether it fitted."""
    arc = _arc_lengths(loop_mm)
    total = float(arc[-1])
    for step_mm in np.arange(0.0, 1.01, 0.1):
        spacing_mm = parameters.spacing_min_mm + step_mm
        positions: list[float] = []
        for k, start in enumerate(corners):
            length = (corners[(k + 1) % len(corners)] - start) % total or total
            pieces = max(1, int(np.floor(length / spacing_mm)))
            positions.extend(start + length * np.arange(pieces) / pieces)
        targets = _along(loop_mm, arc, np.array(positions))
        chosen = [int(candidate_ids[i]) for i in cKDTree(candidate_points).query(targets)[1]]
        members = ring + chosen
        if len(chosen) < 3 or len(set(members)) != len(members):
            continue
        if _pairs_apart(patch, members, parameters.spacing_min_mm):
            ring.extend(chosen)
            return True
    return False


def _ring(
    patch: SurfacePatch,
    region: PatchRegion,
    candidates: NDArray[np.bool_],
    parameters: PlanParameters,
) -> list[int]:
    field_mm = np.where(region.inside, region.wall_distance_mm, -region.wall_distance_mm)
    loops = [
        curve
        for curve in iso_curves(patch.vertices_mm, patch.faces, field_mm, parameters.rim_inset_mm)
        if curve.closed
    ]
    loops.sort(key=lambda curve: -curve.length_mm)
    candidate_ids = np.flatnonzero(candidates)
    candidate_points = patch.vertices_mm[candidate_ids]
    ring: list[int] = []
    for loop in loops:
        corners = _corners(loop.points_mm)
        if len(corners) >= 2 and _place_ring_with_corners(
            patch, loop.points_mm, corners, candidate_ids, candidate_points, ring, parameters
        ):
            continue
        count = int(np.floor(loop.length_mm / parameters.spacing_min_mm))
        while count >= 3 and not _place_ring(
            patch, loop.points_mm, count, candidate_ids, candidate_points, ring, parameters
        ):
            count -= 1
    return ring


def lay_out_holes(patch: SurfacePatch, region: PatchRegion, parameters: PlanParameters) -> Layout:
    """Holes for ``region`` (see the module docstring). Raises ``GeometryError`` when the region
    has no point at least ``rim_inset_mm`` from its wall."""
    distance_mm = region.wall_distance_mm
    candidates = region.inside & (distance_mm >= parameters.rim_inset_mm)
    if not candidates.any():
        deepest = float(distance_mm[region.inside].max()) if region.inside.any() else 0.0
        raise GeometryError(
            f"the debrided region is too small for one hole: its deepest point is"
            f" {deepest:.1f} mm from the wall, less than rim_inset_mm"
            f" {parameters.rim_inset_mm:g} mm"
        )
    ring = _ring(patch, region, candidates, parameters)
    if ring:
        holes = list(ring)
        fields = patch.distances_from(np.array(ring, dtype=np.int64))
    else:  # no ring fits: start from the deepest point of the region
        deepest_id = int(np.flatnonzero(candidates)[np.argmax(distance_mm[candidates])])
        holes = [deepest_id]
        fields = patch.distances_from(np.array(holes, dtype=np.int64))
    holes, fields = _insert(patch, candidates, holes, fields, parameters.spacing_min_mm)
    holes, fields = _optimise(patch, candidates, holes, fields, len(ring))
    for _ in range(MAX_EXTRA_HOLES):
        if _coverage(fields, region) <= parameters.coverage_target_mm:
            break
        trial, trial_fields = _insert(patch, candidates, holes, fields, 0.0, limit=1)
        trial, trial_fields = _optimise(patch, candidates, trial, trial_fields, len(ring))
        if _min_spacing(trial_fields, trial) < parameters.spacing_min_mm:
            break
        holes, fields = _insert(patch, candidates, trial, trial_fields, parameters.spacing_min_mm)
    holes, fields = _repair(patch, region, candidates, holes, fields, len(ring), parameters)
    interior = holes[len(ring) :]
    interior.sort(key=lambda vertex: (distance_mm[vertex], vertex))
    ordered = holes[: len(ring)] + interior
    rings = tuple([Ring.PERIPHERAL] * len(ring) + [Ring.INTERIOR] * len(interior))
    return Layout(np.array(ordered, dtype=np.int64), rings)


def _coverage(fields: FloatArray, region: PatchRegion) -> float:
    return float(fields[:, region.inside].min(axis=0).max())


@dataclass(slots=True)
class _Repair:
    """The coverage repair's working state: the surface, the region and where holes may go
    (fixed for the run), and the holes with their distance fields (updated as holes move or
    are added; ``holes[i]`` is the vertex of hole i, ``fields[i]`` its distances to every
    vertex, and the first ``n_ring`` holes are the peripheral ring)."""

    patch: SurfacePatch
    region: PatchRegion
    parameters: PlanParameters
    candidates: NDArray[np.bool_]
    ring_band: NDArray[np.bool_]
    inside_ids: IntArray
    n_ring: int
    holes: list[int]
    fields: FloatArray


@dataclass(frozen=True, slots=True)
class _Spot:
    """A poorly covered spot: the vertex at (or nearest to) it, its distance to the nearest
    hole, and the distance from it to every vertex (``reach``)."""

    vertex: int
    distance_mm: float
    reach: FloatArray


def _repair(
    patch: SurfacePatch,
    region: PatchRegion,
    candidates: NDArray[np.bool_],
    holes: list[int],
    fields: FloatArray,
    n_ring: int,
    parameters: PlanParameters,
) -> tuple[list[int], FloatArray]:
    """Coverage repair (step 4 of the module docstring). The worst point is looked for among
    the region's vertices and along its wall (sampled finely: between the outermost vertices
    and the wall the distance to a hole grows by up to a patch edge). Holes added here are kept
    in place (right after the ring) while the other interior holes make room for them."""
    distance_mm = region.wall_distance_mm
    inside_ids = np.flatnonzero(region.inside)
    state = _Repair(
        patch=patch,
        region=region,
        parameters=parameters,
        candidates=candidates,
        ring_band=candidates & (distance_mm <= parameters.rim_inset_mm + RING_BAND_MM),
        inside_ids=inside_ids,
        n_ring=n_ring,
        holes=list(holes),
        fields=fields.copy(),
    )
    n_fixed = n_ring
    target_mm = parameters.coverage_target_mm - COVER_SLACK_MM
    hopeless = np.zeros(len(distance_mm), dtype=bool)
    wall = np.vstack([densify(w.points_mm, closed=w.closed) for w in region.walls])
    wall = wall[:: max(1, len(wall) // 400)]
    wall_vertex = inside_ids[cKDTree(patch.vertices_mm[inside_ids]).query(wall)[1]]
    all_vertices = np.arange(len(distance_mm))
    failures = 0
    for _ in range(REPAIR_STEPS):
        if failures >= REPAIR_PATIENCE:
            break
        nearest = state.fields.min(axis=0)
        open_points = region.inside & ~hopeless & (nearest > target_mm)
        wall_mm = patch.screen_point_distances(np.array(state.holes), wall)
        wall_open = ~hopeless[wall_vertex] & (wall_mm > target_mm)
        vertex_worst = float(np.max(np.where(open_points, nearest, -np.inf)))
        wall_worst = float(np.max(np.where(wall_open, wall_mm, -np.inf)))
        if not np.isfinite(max(vertex_worst, wall_worst)):
            break
        if wall_worst > vertex_worst:
            index = int(np.argmax(np.where(wall_open, wall_mm, -np.inf)))
            worst = _Spot(
                int(wall_vertex[index]),
                wall_worst,
                patch.screen_point_distances_to(wall[index], all_vertices),
            )
        else:
            vertex = int(np.argmax(np.where(open_points, nearest, -np.inf)))
            worst = _Spot(
                vertex, vertex_worst, patch.screen_distances(np.array([vertex]), all_vertices)[0]
            )
        within = candidates & (worst.reach <= target_mm)
        usable = within & (nearest >= parameters.spacing_min_mm)
        if usable.any():
            best = int(np.argmax(np.where(usable, nearest, -np.inf)))
            state.holes.insert(n_fixed, best)
            state.fields = np.insert(
                state.fields, n_fixed, patch.distances_from(np.array([best])), axis=0
            )
            n_fixed += 1
            failures = 0
            continue
        if within.any():  # a hole here, the free interior holes make room around it
            best = int(np.argmax(np.where(within, nearest, -np.inf)))
            trial = [*state.holes[:n_fixed], best, *state.holes[n_fixed:]]
            trial_fields = np.insert(
                state.fields, n_fixed, patch.distances_from(np.array([best])), axis=0
            )
            trial, trial_fields = _make_room(
                patch, candidates, trial, trial_fields, n_fixed, parameters.spacing_min_mm
            )
            if (
                (
                    _min_spacing(trial_fields, trial) >= parameters.spacing_min_mm
                    and _coverage(trial_fields, region) <= _coverage(state.fields, region) + 0.01
                    and patch.screen_point_distances(np.array(trial), wall).max()
                    < wall_mm.max() - 0.01
                )
                or _coverage(trial_fields, region) < _coverage(state.fields, region) - 0.01
            ) and _min_spacing(trial_fields, trial) >= parameters.spacing_min_mm:
                state.holes, state.fields, n_fixed = trial, trial_fields, n_fixed + 1
                failures = 0
                continue
        if _move_toward(state, worst):
            failures = 0
        else:
            hopeless |= worst.reach <= HOPELESS_RADIUS_MM
            failures += 1
    return state.holes, state.fields


def _make_room(
    patch: SurfacePatch,
    candidates: NDArray[np.bool_],
    holes: list[int],
    fields: FloatArray,
    new_index: int,
    spacing_min_mm: float,
) -> tuple[list[int], FloatArray]:
    """Move the free interior holes that crowd the new hole ``new_index`` (those after it)
    within ``MOVE_REACH_MM`` to where their nearest other hole is farthest away."""
    holes = list(holes)
    fields = fields.copy()
    crowded = [
        index
        for index in range(new_index + 1, len(holes))
        if fields[new_index, holes[index]] < spacing_min_mm
    ]
    for index in crowded:
        others = np.delete(np.arange(len(holes)), index)
        options = np.flatnonzero(candidates & (fields[index] <= MOVE_REACH_MM))
        room = fields[np.ix_(others, options)].min(axis=0)
        best = int(options[np.argmax(room)])
        if best != holes[index]:
            holes[index] = best
            fields[index] = patch.distances_from(np.array([best], dtype=np.int64))[0]
    return holes, fields


def _move_toward(state: _Repair, worst: _Spot) -> bool:
    """Move the nearby hole whose move most lowers the largest distance near the ``worst``
    spot; report whether a move helped. ``state.holes`` and ``state.fields`` are updated in
    place."""
    holes, fields, reach = state.holes, state.fields, worst.reach
    order = np.argsort(fields[:, worst.vertex])
    best_move: tuple[float, int, int] | None = None
    for index in order[:6]:
        index = int(index)
        allowed = state.ring_band if index < state.n_ring else state.candidates
        others = np.delete(np.arange(len(holes)), index)
        room = fields[others].min(axis=0) if len(others) else np.full(len(reach), np.inf)
        options = np.flatnonzero(
            allowed
            & (fields[index] <= MOVE_REACH_MM)
            & (reach < worst.distance_mm - 0.01)
            & (room >= state.parameters.spacing_min_mm)
        )
        if len(options) == 0:
            continue
        # the cell of hole ``index``: where it is the nearest hole now
        inside_ids = state.inside_ids
        window = inside_ids[fields[index, inside_ids] <= room[inside_ids] + 1e-9]
        window = np.union1d(window, np.array([worst.vertex]))
        if len(options) > 64:  # thin the options evenly; the best region is found all the same
            options = options[:: len(options) // 64 + 1]
        option_fields = state.patch.screen_distances(options, window)
        new_worst = np.minimum(option_fields, room[window]).max(axis=1)
        pick = int(np.argmin(new_worst))
        if new_worst[pick] < worst.distance_mm - 0.01 and (
            best_move is None or new_worst[pick] < best_move[0]
        ):
            best_move = (float(new_worst[pick]), index, int(options[pick]))
    if best_move is None:
        return False
    _, index, vertex = best_move
    holes[index] = vertex
    fields[index] = state.patch.distances_from(np.array([vertex], dtype=np.int64))[0]
    return True


def _min_spacing(fields: FloatArray, holes: list[int]) -> float:
    if len(holes) < 2:
        return float("inf")
    between = fields[:, holes].copy()
    np.fill_diagonal(between, np.inf)
    return float(between.min())


def _insert(
    patch: SurfacePatch,
    candidates: NDArray[np.bool_],
    holes: list[int],
    fields: FloatArray,
    spacing_min_mm: float,
    *,
    limit: int | None = None,
) -> tuple[list[int], FloatArray]:
    """Geodesic farthest-point sampling: a hole at the point farthest from all holes, while
    that point is at least ``spacing_min_mm`` away (so the minimum always holds), at most
    ``limit`` holes."""
    holes = list(holes)
    rows = [fields]
    nearest = fields.min(axis=0)
    added = 0
    while limit is None or added < limit:
        masked = np.where(candidates, nearest, -np.inf)
        best = int(np.argmax(masked))
        if masked[best] < spacing_min_mm or masked[best] <= 0.0:
            break
        added += 1
        row = patch.distances_from(np.array([best], dtype=np.int64))
        holes.append(best)
        rows.append(row)
        nearest = np.minimum(nearest, row[0])
    return holes, np.vstack(rows)


class _TwoNearest:
    """For every candidate vertex, the nearest and second-nearest hole (index and distance),
    updated when one hole moves; gives each hole's "room" without an (holes x vertices) scan."""

    def __init__(self, columns: FloatArray) -> None:
        self.columns = columns  # (holes, candidate vertices)
        self._recompute(np.arange(columns.shape[1]))

    def _recompute(self, where: IntArray) -> None:
        block = self.columns[:, where]
        if not hasattr(self, "first"):
            size = self.columns.shape[1]
            self.first = np.full(size, np.inf)
            self.second = np.full(size, np.inf)
            self.first_index = np.full(size, -1, dtype=np.int64)
            self.second_index = np.full(size, -1, dtype=np.int64)
        if block.shape[0] == 1:
            self.first[where], self.first_index[where] = block[0], 0
            self.second[where], self.second_index[where] = np.inf, -1
            return
        order = np.argpartition(block, 1, axis=0)[:2]
        first_rows, second_rows = order[0], order[1]
        swap = block[first_rows, np.arange(len(where))] > block[second_rows, np.arange(len(where))]
        first_rows, second_rows = (
            np.where(swap, second_rows, first_rows),
            np.where(swap, first_rows, second_rows),
        )
        self.first[where] = block[first_rows, np.arange(len(where))]
        self.second[where] = block[second_rows, np.arange(len(where))]
        self.first_index[where] = first_rows
        self.second_index[where] = second_rows

    def room(self, index: int) -> FloatArray:
        """Distance from each candidate vertex to the nearest hole other than ``index``."""
        result: FloatArray = np.where(self.first_index == index, self.second, self.first)
        return result

    def move(self, index: int, column_values: FloatArray) -> None:
        stale = np.flatnonzero((self.first_index == index) | (self.second_index == index))
        self.columns[index] = column_values
        closer = column_values < self.second
        closer[stale] = False
        best = closer & (column_values < self.first)
        runner_up = closer & ~best
        self.second[best], self.second_index[best] = self.first[best], self.first_index[best]
        self.first[best], self.first_index[best] = column_values[best], index
        self.second[runner_up], self.second_index[runner_up] = column_values[runner_up], index
        if len(stale):
            self._recompute(stale)


def _optimise(
    patch: SurfacePatch,
    candidates: NDArray[np.bool_],
    holes: list[int],
    fields: FloatArray,
    n_fixed: int,
) -> tuple[list[int], FloatArray]:
    """Farthest-point optimisation (Schloemer, Heck & Deussen 2011), geodesic: each interior
    hole in turn moves to the point of the region farthest from all the other holes. The
    smallest spacing never shrinks, and the holes spread toward an even, near-hexagonal layout
    that leaves room for more holes."""
    holes = list(holes)
    fields = fields.copy()
    if len(holes) < 2:
        return holes, fields
    candidate_ids = np.flatnonzero(candidates)
    position = np.full(len(candidates), -1, dtype=np.int64)
    position[candidate_ids] = np.arange(len(candidate_ids))
    nearest = _TwoNearest(fields[:, candidate_ids].copy())
    for _ in range(OPTIMISATION_PASSES):
        moved = False
        for index in range(n_fixed, len(holes)):
            room = nearest.room(index)
            best = int(np.argmax(room))
            current = float(room[position[holes[index]]])
            if float(room[best]) > current + OPTIMISATION_GAIN_MM:
                holes[index] = int(candidate_ids[best])
                fields[index] = patch.distances_from(np.array([holes[index]], dtype=np.int64))[0]
                nearest.move(index, fields[index, candidate_ids])
                moved = True
        if not moved:
            break
    return holes, fields
