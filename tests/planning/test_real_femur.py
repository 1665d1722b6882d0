"""Plans on a real femoral head: LibHip m4 femurs (../shared/data/libhip/femur, mm, LPS).

Known truths, measured without the planner's own distance code:

- every hole, moved back into the patient frame by ``patient_from_hip``, is a point of the
  original femur mesh (``trimesh.proximity.closest_point`` < 0.1 mm);
- holes are vertices of the plan's surface mesh, and no two are closer than ``spacing_min_mm``
  along it: exact polyhedral geodesics by edge flips (potpourri3d), 0.02 mm slack; pairs whose
  straight-line distance already reaches the minimum need no geodesic (the surface path is
  never shorter than the chord);
- every hole is at least ``rim_inset_mm`` - 0.15 from the wall in a straight line (a lower
  bound of the surface distance) and lies inside the wall, seen from the head centre;
- normals are unit, point away from the head centre and are perpendicular to the bone: within
  5 deg of the normal of the femur triangle the hole lies on (a hole on a triangle's edge or
  corner takes the mean normal of the triangles there, which differ by a few degrees);
- the reported nearest-neighbour distances are the edge-flip geodesics, and the reported wall
  clearance lies between its straight-line lower bound and a geodesic upper bound.

Two tests here once reproduced planner defects (coverage and wall clearance read from
approximate distance fields, off by 0.1-0.15 mm in the unsafe direction); they now hold because
the planner measures the wall by straight lines (a lower bound of the distance along the bone)
and reports coverage as the larger of the heat-method and straight-line distances.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import potpourri3d as pp3d
import pytest
import trimesh
from scipy.spatial import cKDTree

from chondral.anatomy import SphereFit, TemplateHip, lesion_region, surface_coordinates
from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.proximal_femur import find_femoral_head
from chondral.domain import Case
from chondral.errors import GeometryError
from chondral.frames import Points
from chondral.io.meshes import FEMUR_EXTENT_MM, LengthUnit, load_mesh
from chondral.planning import HolePlan, PlanParameters, plan_on_femur_mesh
from planning.geodesic_truth import winding_number
from planning.plan_cases import case_with, lesion_record, parsed

pytestmark = pytest.mark.data

FEMURS = {"right": "m4_rfemur_mm.stl", "left": "m4_lfemur_mm.stl"}

LESIONS = {
    "1:30-14x10-post": lesion_record("femoral_head"),
    "3:00-14x10-pre": lesion_record(
        "femoral_head", clock_deg=90.0, rim_distance_mm=10.0, measured="pre_debridement"
    ),
    "10:30-250mm2-post": lesion_record(
        "femoral_head", clock_deg=315.0, rim_distance_mm=12.0, area_mm2=250.0
    ),
}


@dataclass(frozen=True)
class Femur:
    """A loaded femur mesh (mm, LPS), its fitted head sphere and its file name."""

    mesh: trimesh.Trimesh
    head: SphereFit
    name: str


@pytest.fixture(scope="module")
def femurs(shared_data: Path) -> dict[str, Femur]:
    loaded = {}
    for side, name in FEMURS.items():
        mesh = load_mesh(
            shared_data / "libhip" / "femur" / name,
            LengthUnit("mm"),
            plausible_extent_mm=FEMUR_EXTENT_MM,
            what="proximal femur",
        )
        loaded[side] = Femur(mesh, find_femoral_head(mesh), name)
    return loaded


@pytest.fixture(scope="module")
def plans(femurs: dict[str, Femur]) -> dict[tuple[str, str], tuple[Case, HolePlan]]:
    result = {}
    for side, femur in femurs.items():
        for key, record in LESIONS.items():
            case = parsed(case_with(record, side=side))
            plan = plan_on_femur_mesh(
                case, case.lesions[0], PlanParameters(), femur.mesh, femur.head, femur.name
            )
            result[(side, key)] = (case, plan)
    return result


CASES = [pytest.param(side, key, id=f"{side}-{key}") for side in FEMURS for key in LESIONS]


def _hole_vertices(plan: HolePlan) -> np.ndarray:
    distance, index = cKDTree(plan.surface_mesh.vertices_mm).query(plan.hole_positions_mm)
    assert distance.max() < 1e-9, "every hole is a vertex of the plan's surface mesh"
    return np.asarray(index, dtype=np.int64)


def _geodesic_mm(solver: Any, start: int, end: int) -> float:
    path = np.asarray(solver.find_geodesic_path(int(start), int(end)))
    return float(np.linalg.norm(np.diff(path, axis=0), axis=1).sum())


def _geodesic_nearest_neighbours(plan: HolePlan) -> np.ndarray:
    """Each hole's geodesic distance to its closest other hole. A pair is measured when its
    chord is within 1 mm of the hole's closest chord (over a few mm the geodesic exceeds the
    chord by hundredths, so the closest hole along the surface is among them)."""
    index = _hole_vertices(plan)
    points = plan.hole_positions_mm
    chord = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    np.fill_diagonal(chord, np.inf)
    solver = pp3d.EdgeFlipGeodesicSolver(plan.surface_mesh.vertices_mm, plan.surface_mesh.faces)
    nearest = np.full(len(points), np.inf)
    for i in range(len(points)):
        for j in np.flatnonzero(chord[i] <= chord[i].min() + 1.0):
            nearest[i] = min(nearest[i], _geodesic_mm(solver, index[i], index[j]))
    return nearest


def _segment_distance_mm(points: np.ndarray, polyline: np.ndarray) -> np.ndarray:
    """Straight-line distance from each point to a closed polyline (exact, segment by segment)."""
    start = polyline
    step = np.roll(polyline, -1, axis=0) - start
    offset = points[:, None, :] - start[None, :, :]
    t = np.clip(
        np.einsum("kmi,mi->km", offset, step) / np.maximum(np.sum(step * step, axis=1), 1e-30),
        0.0,
        1.0,
    )
    closest = start[None, :, :] + t[..., None] * step[None, :, :]
    result: np.ndarray = np.linalg.norm(points[:, None, :] - closest, axis=2).min(axis=1)
    return result


def in_patient(plan: HolePlan, points_mm: np.ndarray) -> np.ndarray:
    """Hip-frame points of ``plan`` in the patient's frame (the mesh's)."""
    assert plan.patient_from_hip is not None
    return plan.patient_from_hip.apply(Points(points_mm, plan.hip_frame)).xyz_mm


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_holes_lie_on_the_patients_femur(
    femurs: dict[str, Femur], plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    femur = femurs[side]
    assert plan.surface_model.kind.value == "mesh"
    transform = plan.patient_from_hip
    assert transform is not None and transform.is_translation
    assert tuple(transform.translation_mm) == pytest.approx(tuple(femur.head.center_mm), abs=1e-9)
    assert plan.surface_model.radius_mm == pytest.approx(femur.head.radius_mm)
    patient = in_patient(plan, plan.hole_positions_mm)
    _, distance, _ = trimesh.proximity.closest_point(femur.mesh, patient)
    assert distance.max() < 0.1
    # and so does the wall
    wall = in_patient(plan, plan.region.boundary_mm)
    _, wall_distance, _ = trimesh.proximity.closest_point(femur.mesh, wall)
    assert wall_distance.max() < 0.1


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_no_two_holes_are_closer_than_the_minimum_along_the_bone(
    plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    spacing_mm = plan.parameters.spacing_min_mm
    index = _hole_vertices(plan)
    points = plan.hole_positions_mm
    solver = pp3d.EdgeFlipGeodesicSolver(plan.surface_mesh.vertices_mm, plan.surface_mesh.faces)
    chord = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    first, second = np.nonzero(np.triu(chord < spacing_mm + 0.5, k=1))
    for i, j in zip(first, second, strict=True):
        assert _geodesic_mm(solver, index[i], index[j]) >= spacing_mm - 0.02


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_nearest_neighbour_metrics_are_the_geodesic_ones(
    plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    nearest = _geodesic_nearest_neighbours(plan)
    metrics = plan.metrics
    assert metrics.hole_count == len(plan.holes)
    assert metrics.nearest_neighbour_min_mm == pytest.approx(nearest.min(), abs=0.02)
    assert metrics.nearest_neighbour_median_mm == pytest.approx(np.median(nearest), abs=0.02)
    assert metrics.nearest_neighbour_max_mm == pytest.approx(nearest.max(), abs=0.02)
    assert metrics.holes_per_cm2 == pytest.approx(
        len(plan.holes) / (metrics.region_area_mm2 / 100.0)
    )


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_holes_keep_the_inset_from_the_wall_and_lie_inside_it(
    plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    wall = plan.region.boundary_mm
    chord = _segment_distance_mm(plan.hole_positions_mm, wall)
    assert chord.min() >= plan.parameters.rim_inset_mm - 0.15
    assert np.all(winding_number(plan.hole_positions_mm, wall) != 0)


def _clearance_upper_bound_mm(plan: HolePlan) -> float:
    """An upper bound of the smallest geodesic distance from a hole to the wall: for a wall
    point w in face f, the way from a hole through a corner v of f is no longer than the
    exact geodesic to v plus the straight segment v-w inside f. Holes and wall points are
    visited nearest first (their chord is a lower bound), so only the candidates are measured."""
    vertices, faces = plan.surface_mesh.vertices_mm, plan.surface_mesh.faces
    surface = trimesh.Trimesh(vertices, faces, process=False)
    wall = plan.region.boundary_mm
    _, _, wall_faces = trimesh.proximity.closest_point(surface, wall)
    index = _hole_vertices(plan)
    solver = pp3d.EdgeFlipGeodesicSolver(vertices, faces)
    chord = _segment_distance_mm(plan.hole_positions_mm, wall)
    best = np.inf
    for hole in np.argsort(chord):
        if chord[hole] >= best:
            break
        reach = np.linalg.norm(wall - plan.hole_positions_mm[hole], axis=1)
        for point in np.argsort(reach):
            if reach[point] >= best:
                break
            for corner in faces[wall_faces[point]]:
                along = 0.0 if corner == index[hole] else _geodesic_mm(solver, index[hole], corner)
                best = min(best, along + float(np.linalg.norm(vertices[corner] - wall[point])))
    return best


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_the_reported_clearance_is_the_geodesic_one(
    plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    chord = _segment_distance_mm(plan.hole_positions_mm, plan.region.boundary_mm).min()
    assert chord - 0.02 <= plan.metrics.min_rim_clearance_mm
    assert plan.metrics.min_rim_clearance_mm <= _clearance_upper_bound_mm(plan) + 0.02


def test_the_reported_clearance_is_the_geodesic_one_for_a_large_lesion_near_the_notch(
    femurs: dict[str, Femur],
) -> None:
    """Reproducer: a 268 mm2 round femoral head lesion at 4:56, 15 mm from the rim, measured
    before debridement, right hip, m4 right femur, default parameters."""
    record = lesion_record(
        "femoral_head",
        clock_deg=148.0,
        rim_distance_mm=15.0,
        area_mm2=268.0,
        measured="pre_debridement",
    )
    case = parsed(case_with(record))
    femur = femurs["right"]
    plan = plan_on_femur_mesh(
        case, case.lesions[0], PlanParameters(), femur.mesh, femur.head, femur.name
    )
    assert plan.metrics.min_rim_clearance_mm <= _clearance_upper_bound_mm(plan) + 0.02


@pytest.mark.parametrize(("side", "lesion"), CASES)
def test_normals_are_unit_out_of_the_head_and_perpendicular_to_the_bone(
    femurs: dict[str, Femur], plans: dict[Any, Any], side: str, lesion: str
) -> None:
    _, plan = plans[(side, lesion)]
    normals = np.array([hole.normal for hole in plan.holes])
    positions = plan.hole_positions_mm
    assert np.allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-9)
    assert np.all(np.einsum("ij,ij->i", normals, positions) > 0)
    patient = in_patient(plan, positions)
    _, _, triangle = trimesh.proximity.closest_point(femurs[side].mesh, patient)
    face_normals = femurs[side].mesh.face_normals[triangle]
    patient_normals = plan.patient_from_hip.apply_to_directions(normals)
    assert np.all(np.einsum("ij,ij->i", patient_normals, face_normals) > np.cos(np.radians(5.0)))


@pytest.mark.parametrize(("side", "lesion"), [c for c in CASES if c.id.endswith("post")])
def test_holes_carry_their_clock_position_and_lie_in_the_lesions_clock_span(
    femurs: dict[str, Femur], plans: dict[Any, Any], side: str, lesion: str
) -> None:
    """Clock and rim distance on the template whose head is the fitted sphere of this femur;
    the lesion's outline is mapped onto the bone along rays from the head centre, so its holes
    lie within the outline's clock span."""
    case, plan = plans[(side, lesion)]
    template = _template_with_head(case, femurs[side].head.radius_mm)
    coordinates = surface_coordinates(
        template, plan.surface, Points(plan.hole_positions_mm, hip_frame(template.side))
    )
    assert np.allclose([h.clock_deg for h in plan.holes], coordinates.clock_deg, atol=1e-6)
    assert np.allclose(
        [h.rim_distance_mm for h in plan.holes], coordinates.rim_distance_mm, atol=1e-6
    )
    outline = lesion_region(case.lesions[0], template).boundary
    centre = case.lesions[0].center.clock.clock_deg
    span = (surface_coordinates(template, plan.surface, outline).clock_deg - centre + 180) % 360
    holes = (coordinates.clock_deg - centre + 180) % 360
    assert span.min() <= holes.min() and holes.max() <= span.max()


def _template_with_head(case: Case, radius_mm: float) -> TemplateHip:
    hip = dataclasses.replace(case.hip, femoral_head_diameter_mm=2.0 * radius_mm)
    return TemplateHip.from_hip(hip, case.patient.sex)


def test_an_acetabular_lesion_cannot_be_planned_on_a_femur(femurs: dict[str, Femur]) -> None:
    case = parsed(case_with(lesion_record("acetabulum")))
    femur = femurs["right"]
    with pytest.raises(GeometryError, match="femoral head"):
        plan_on_femur_mesh(
            case, case.lesions[0], PlanParameters(), femur.mesh, femur.head, femur.name
        )


@pytest.mark.parametrize(
    ("side", "measured"),
    [("right", "post_debridement"), ("right", "pre_debridement"), ("left", "post_debridement")],
)
def test_the_reported_coverage_reaches_every_point_of_the_wall(
    femurs: dict[str, Femur], side: str, measured: str
) -> None:
    """Reproducer: a 14 x 10 mm femoral head lesion at 12:00, 10 mm from the rim, on the m4
    femur of its side, default parameters. Reported coverage 2.571 mm (right, after
    debridement); a point of the wall lies 2.691 mm in a straight line from every hole."""
    record = lesion_record("femoral_head", clock_deg=0.0, rim_distance_mm=10.0, measured=measured)
    case = parsed(case_with(record, side=side))
    femur = femurs[side]
    plan = plan_on_femur_mesh(
        case, case.lesions[0], PlanParameters(), femur.mesh, femur.head, femur.name
    )
    reach = cKDTree(plan.hole_positions_mm).query(plan.region.boundary_mm)[0]
    assert plan.metrics.coverage_radius_mm >= reach.max() - 0.05
