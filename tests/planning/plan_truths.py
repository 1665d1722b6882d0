"""What a template plan must satisfy, measured with the great-circle yardstick.

``measure`` computes, without the planner, the hole spacings, each hole's distance to the
debrided wall, and the coverage radius over a dense sample of the debrided region:

- measured after debridement (or not said): the wall is the recorded outline
  (``lesion_region(...).boundary``, joined by great-circle arcs) and the region is the recorded
  one (its triangulation vertices plus its outline);
- measured before debridement: the region is every point within the margin of the recorded
  lesion (the recorded region plus a band of geodesic discs around its outline), and the wall
  is sampled as the points exactly the margin away from the recorded lesion (on the outer side).

On the acetabulum the planner keeps the region on the lunate (articular) surface: where the
recorded lesion or its margin reaches past the rim, into the fossa or into the notch, the edge
of the lunate surface becomes wall. ``lunate_edge_mm`` measures the signed distance to that
edge here on its own terms (the notch edges as great-circle planes through the socket axis),
and ``measure`` takes the nearer of the two walls and keeps only articular region points.

``assert_hard_truths`` then checks every guarantee of the planner against those numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from chondral.anatomy import (
    LesionRegion,
    TemplateHip,
    lesion_region,
    surface_coordinates,
    surface_points,
)
from chondral.anatomy.acetabular_axis import hip_frame
from chondral.domain import Case, Lesion, MeasuredAt, Surface
from chondral.frames import Points
from chondral.planning import HolePlan, Ring
from planning.geodesic_truth import (
    band_samples,
    distance_to_outline_mm,
    distance_to_sites_mm,
    nearest_neighbour_mm,
    slerp_closed,
    unit_rows,
    voronoi_vertices,
    winding_number,
)

FloatArray = NDArray[np.float64]

SPACING_TOLERANCE_MM = 1e-9
"""Holes sit on exact sphere points and the planner measures spacings exactly: only rounding."""

WALL_TOLERANCE_MM = 0.025
"""Clearance slack against the recorded outline: the planner measures distances to wall samples
0.05 mm apart, so a hole next to the wall may read up to half a step (0.025 mm) farther."""

LUNATE_EDGE_TOLERANCE_MM = 0.02
"""A region point this close outside the lunate edge still counts as on it (rounding of points
computed on the edge)."""

GROWN_WALL_TOLERANCE_MM = 0.05
"""Clearance slack against a wall grown by the debridement margin (a level curve of a distance
field on a 0.4 mm mesh, sampled here to about 0.05 mm)."""

COVERAGE_BELOW_MM = 0.05
"""How far the reported coverage radius may fall below the measured one."""

COVERAGE_ABOVE_MM = 0.3
"""How far it may lie above (the planner's region is its 0.4 mm mesh, whose boundary vertices
may stand a little outside the true wall)."""


RING_DEPTH_MM = 1.0
"""How much deeper than ``rim_inset_mm`` a peripheral hole may sit: the ring is laid on the
level curve at the inset, snapped to a mesh vertex (edges <= 0.4 mm) and moved at most 0.5 mm
inward by the coverage repair."""

RULE_ID = re.compile(r"^[a-z][a-z0-9_.]*/\d+$")
"""A rule id with its version: ``plan.coverage/1``."""


def approx(expected: float, rel: float = 0.0) -> object:
    """``pytest.approx`` to 1e-6 mm (absolute) unless ``rel`` is given."""
    return pytest.approx(expected, rel=rel, abs=0.0 if rel else 1e-6)


def template_of(case: Case) -> TemplateHip:
    """The case's own template hip (its side, head, orientation and LCEA)."""
    return TemplateHip.from_hip(case.hip, case.patient.sex)


def recorded_region(case: Case, lesion: Lesion) -> LesionRegion:
    """The lesion as recorded, on the case's template (the hip of the case's side)."""
    return lesion_region(lesion, template_of(case))


def lunate_edge_mm(template: TemplateHip, points_mm: FloatArray) -> FloatArray:
    """Signed distance (negative on the lunate surface) of hip-frame points on the acetabular
    sphere to the edge of the lunate surface: rim and fossa circles along the meridian, notch
    edges as the great circles through the socket axis at 6:00 +- the notch half-width."""
    radius_mm = template.surface_radius_mm(Surface.ACETABULUM)
    coordinates = surface_coordinates(
        template, Surface.ACETABULUM, Points(points_mm, hip_frame(template.side))
    )
    rim_mm = coordinates.rim_distance_mm
    outside_rim = -rim_mm
    inside_fossa = rim_mm - template.rim_to_fossa_mm(Surface.ACETABULUM)
    unit = unit_rows(points_mm)
    apex = template.basis.apex
    edge_distances = []
    for edge_clock in (
        180.0 - template.notch_half_width_deg,
        180.0 + template.notch_half_width_deg,
    ):
        theta = math.radians(edge_clock)
        edge = math.cos(theta) * template.basis.twelve + math.sin(theta) * template.basis.three
        plane = np.cross(apex, edge)
        plane /= np.linalg.norm(plane)
        to_circle = radius_mm * np.arcsin(np.clip(np.abs(unit @ plane), 0.0, 1.0))
        to_apex = radius_mm * np.arccos(np.clip(unit @ apex, -1.0, 1.0))
        # the edge is the half great circle on the edge's side of the socket axis
        edge_distances.append(np.where(unit @ edge > 0.0, to_circle, to_apex))
    offset = np.abs(coordinates.clock_deg % 360.0 - 180.0)
    in_notch = offset < template.notch_half_width_deg
    to_notch = np.minimum(edge_distances[0], edge_distances[1])
    notch = np.where(in_notch, to_notch, -to_notch)
    result: FloatArray = np.maximum(np.maximum(outside_rim, inside_fossa), notch)
    return result


def margin_of(lesion: Lesion, margin_mm: float) -> float:
    """How far the planner must grow the lesion: the margin only before debridement."""
    return margin_mm if lesion.measured is MeasuredAt.PRE_DEBRIDEMENT else 0.0


def _outline_orientation(outline: FloatArray, inside_point: FloatArray) -> int:
    """+1 when the outline runs counter-clockwise seen from outside the sphere, -1 if not."""
    turns = int(winding_number(inside_point[None, :], outline)[0])
    assert turns in (-1, 1), "the lesion centre must lie inside its own outline"
    return turns


def grown_wall_samples(
    radius_mm: float, outline: FloatArray, inside_point: FloatArray, margin_mm: float
) -> FloatArray:
    """Points exactly ``margin_mm`` from the recorded lesion (outside it): for every outline
    point, the half circle of radius ``margin_mm`` on its outer side, kept where no other part
    of the outline is closer than the margin."""
    dense = slerp_closed(outline, radius_mm, 0.1)
    orientation = _outline_orientation(outline, inside_point)
    units = unit_rows(dense)
    tangent = np.roll(units, -1, axis=0) - np.roll(units, 1, axis=0)
    tangent -= np.einsum("ij,ij->i", tangent, units)[:, None] * units
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    outward = orientation * np.cross(tangent, units)  # left of travel is inside when CCW
    side = np.cross(units, outward)
    steps = 2 * max(4, math.ceil(math.pi * margin_mm / 0.1))  # even: the normal is sampled
    phi = np.linspace(-math.pi / 2, math.pi / 2, steps + 1)
    angle = margin_mm / radius_mm
    direction = (
        np.cos(phi)[None, :, None] * outward[:, None, :]
        + np.sin(phi)[None, :, None] * side[:, None, :]
    )
    points = radius_mm * (
        math.cos(angle) * units[:, None, :] + math.sin(angle) * direction
    ).reshape(-1, 3)
    fine = slerp_closed(outline, radius_mm, 0.02)
    chord, _ = cKDTree(fine).query(points)
    distance = 2.0 * radius_mm * np.arcsin(np.clip(chord / (2.0 * radius_mm), 0.0, 1.0))
    kept: FloatArray = points[distance >= margin_mm - 0.001]
    return kept


@dataclass(frozen=True, slots=True)
class Truth:
    """Independent measurements of one template plan."""

    radius_mm: float
    positions_mm: FloatArray
    nearest_neighbour_mm: FloatArray
    wall_distance_mm: FloatArray
    recorded_outline_distance_mm: FloatArray
    coverage_radius_mm: float
    inside_recorded: NDArray[np.bool_]
    recorded: LesionRegion
    margin_mm: float
    clipped: bool = False


def measure(plan: HolePlan, case: Case, lesion: Lesion) -> Truth:
    """Measure ``plan`` of ``lesion`` with great circles (see the module docstring)."""
    radius_mm = plan.surface_model.radius_mm
    positions = plan.hole_positions_mm
    recorded = recorded_region(case, lesion)
    outline = recorded.boundary.xyz_mm
    margin_mm = margin_of(lesion, plan.parameters.debridement_margin_mm)
    inside_point = recorded.vertices.xyz_mm[0] if lesion.center is not None else None
    if inside_point is None:  # a range lesion: the middle of its region
        inside_point = unit_rows(recorded.vertices.xyz_mm.mean(axis=0))[0] * radius_mm
    to_outline = distance_to_outline_mm(radius_mm, positions, outline)
    inside = winding_number(positions, outline) != 0
    region_points = [recorded.vertices.xyz_mm, slerp_closed(outline, radius_mm, 0.05)]
    if margin_mm > 0.0:
        wall = grown_wall_samples(radius_mm, outline, inside_point, margin_mm)
        wall_distance = distance_to_sites_mm(radius_mm, positions, wall)
        region_points += [band_samples(radius_mm, outline, margin_mm, 0.25), wall]
    else:
        wall_distance = to_outline
    peaks = radius_mm * voronoi_vertices(positions)
    if len(peaks):
        in_region = winding_number(peaks, outline) != 0
        if margin_mm > 0.0:
            in_region |= distance_to_outline_mm(radius_mm, peaks, outline) <= margin_mm
        region_points.append(peaks[in_region])
    clipped = False
    if lesion.surface is Surface.ACETABULUM:
        template = template_of(case)
        wall_distance = np.minimum(wall_distance, -lunate_edge_mm(template, positions))
        every_point = np.vstack(region_points)
        edge = lunate_edge_mm(template, every_point)
        on_lunate = edge <= 0.0
        # a region that only touches the edge (a range from the rim, from a notch edge) is not
        # cut: allow the rounding of points computed on the edge itself
        clipped = bool(np.any(edge > LUNATE_EDGE_TOLERANCE_MM))
        region_points = [every_point[on_lunate]]
    nearest = nearest_neighbour_mm(radius_mm, positions) if len(positions) > 1 else np.array([])
    coverage = float(distance_to_sites_mm(radius_mm, np.vstack(region_points), positions).max())
    return Truth(
        radius_mm=radius_mm,
        positions_mm=positions,
        nearest_neighbour_mm=nearest,
        wall_distance_mm=wall_distance,
        recorded_outline_distance_mm=to_outline,
        coverage_radius_mm=coverage,
        inside_recorded=inside,
        recorded=recorded,
        margin_mm=margin_mm,
        clipped=clipped,
    )


def assert_hard_truths(plan: HolePlan, case: Case, lesion: Lesion) -> Truth:
    """Every guarantee of a template plan, checked against ``measure``; returns the truth."""
    truth = measure(plan, case, lesion)
    parameters = plan.parameters
    metrics = plan.metrics
    radius_mm = truth.radius_mm
    positions = truth.positions_mm
    count = len(plan.holes)
    assert count >= 1

    # on the subchondral sphere, perpendicular to the bone, out of the bone into the joint
    assert np.allclose(np.linalg.norm(positions, axis=1), radius_mm, rtol=0.0, atol=1e-9)
    normals = np.array([hole.normal for hole in plan.holes])
    outward = 1.0 if plan.surface is Surface.FEMORAL_HEAD else -1.0
    assert np.allclose(normals, outward * positions / radius_mm, atol=1e-9)

    # spacing: no two holes closer than the minimum, along the surface
    if count > 1:
        assert truth.nearest_neighbour_mm.min() >= parameters.spacing_min_mm - SPACING_TOLERANCE_MM

    # clearance from the wall, and inside the region
    tolerance = GROWN_WALL_TOLERANCE_MM if truth.margin_mm > 0 else WALL_TOLERANCE_MM
    assert truth.wall_distance_mm.min() >= parameters.rim_inset_mm - tolerance
    if truth.margin_mm == 0.0:
        assert truth.inside_recorded.all(), "every hole lies inside the recorded outline"
    else:
        grown = truth.inside_recorded | (
            truth.recorded_outline_distance_mm <= truth.margin_mm + GROWN_WALL_TOLERANCE_MM
        )
        assert grown.all(), "every hole lies inside the lesion grown by the margin"

    # the metrics are what they claim
    assert metrics.hole_count == count
    if count > 1:
        assert metrics.nearest_neighbour_min_mm is not None
        assert metrics.nearest_neighbour_median_mm is not None
        assert metrics.nearest_neighbour_max_mm is not None
        assert metrics.nearest_neighbour_min_mm == approx(truth.nearest_neighbour_mm.min())
        assert metrics.nearest_neighbour_median_mm == approx(
            float(np.median(truth.nearest_neighbour_mm))
        )
        assert metrics.nearest_neighbour_max_mm == approx(truth.nearest_neighbour_mm.max())
    else:
        assert metrics.nearest_neighbour_min_mm is None
        assert metrics.nearest_neighbour_max_mm is None
    assert abs(metrics.min_rim_clearance_mm - truth.wall_distance_mm.min()) <= tolerance
    assert metrics.coverage_radius_mm <= truth.coverage_radius_mm + COVERAGE_ABOVE_MM
    assert metrics.region_area_mm2 == plan.region.area_mm2
    assert metrics.holes_per_cm2 == approx(count / (metrics.region_area_mm2 / 100.0))
    clipped_warning = "plan.region.articular/1" in [w.rule_id for w in plan.warnings]
    if truth.clipped:
        # cut at the edge of the lunate surface: smaller than the grown lesion, and said so
        assert clipped_warning
    elif truth.margin_mm == 0.0:
        assert metrics.region_area_mm2 == approx(truth.recorded.area_mm2, rel=0.005)
    else:
        assert metrics.region_area_mm2 > truth.recorded.area_mm2

    # making order: 1..n, hole ids follow it, the peripheral ring before the interior
    assert [hole.order for hole in plan.holes] == list(range(1, count + 1))
    assert len({hole.id for hole in plan.holes}) == count
    rings = [hole.ring for hole in plan.holes]
    peripheral = rings.count(Ring.PERIPHERAL)
    assert rings == [Ring.PERIPHERAL] * peripheral + [Ring.INTERIOR] * (count - peripheral)
    # the ring hugs the wall (Crawford: right next to the healthy rim) and the interior is
    # made from the wall inward
    ring_depth = truth.wall_distance_mm[:peripheral]
    assert np.all(ring_depth <= parameters.rim_inset_mm + RING_DEPTH_MM)
    interior_depth = truth.wall_distance_mm[peripheral:]
    assert np.all(np.diff(interior_depth) >= -2 * tolerance)
    assert all(hole.depth_mm == parameters.depth_mm for hole in plan.holes)

    # each hole's clock and rim distance are those of its position on this hip
    template = template_of(case)
    coordinates = surface_coordinates(
        template, plan.surface, Points(positions, hip_frame(template.side))
    )
    assert np.allclose([hole.clock_deg for hole in plan.holes], coordinates.clock_deg, atol=1e-6)
    assert np.allclose(
        [hole.rim_distance_mm for hole in plan.holes], coordinates.rim_distance_mm, atol=1e-6
    )

    # targets not met are warned, and only then; every warning names its rule and source
    rule_ids = [warning.rule_id for warning in plan.warnings]
    coverage_missed = metrics.coverage_radius_mm > parameters.coverage_target_mm
    assert ("plan.coverage/1" in rule_ids) == coverage_missed
    spacing_missed = (
        metrics.nearest_neighbour_max_mm is not None
        and metrics.nearest_neighbour_max_mm > parameters.spacing_max_mm
    )
    assert ("plan.spacing.max/1" in rule_ids) == spacing_missed
    for warning in plan.warnings:
        assert RULE_ID.match(warning.rule_id), warning.rule_id
        assert warning.source.strip() and warning.message.strip()
    return truth


def assert_coverage_reported_truly(plan: HolePlan, truth: Truth) -> None:
    """The reported coverage radius is not smaller than the true one (beyond the slack): no
    point of the region lies farther from every hole than the plan says. Kept apart from
    ``assert_hard_truths`` because the planner breaks it (see test_coverage_metric.py)."""
    assert plan.metrics.coverage_radius_mm >= truth.coverage_radius_mm - COVERAGE_BELOW_MM, (
        f"reported coverage {plan.metrics.coverage_radius_mm:.3f} mm, but a point of the region"
        f" lies {truth.coverage_radius_mm:.3f} mm from the nearest hole"
    )


def ellipse_axes(
    template: TemplateHip, surface: Surface, clock_deg: float, rim_distance_mm: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Centre direction and the unit tangents along the rim (increasing clock) and toward the
    fossa (increasing rim distance), by finite differences of the clock-face map."""

    def at(clock: float, rim: float) -> FloatArray:
        return np.asarray(surface_points(template, surface, clock, rim).xyz_mm[0])

    centre = at(clock_deg, rim_distance_mm)
    along = at(clock_deg + 1e-4, rim_distance_mm) - at(clock_deg - 1e-4, rim_distance_mm)
    fossa = at(clock_deg, rim_distance_mm + 1e-4) - at(clock_deg, rim_distance_mm - 1e-4)
    unit = centre / np.linalg.norm(centre)
    along -= (along @ unit) * unit
    fossa -= (fossa @ unit) * unit
    return unit, along / np.linalg.norm(along), fossa / np.linalg.norm(fossa)
