"""Plan one lesion: region on the bone surface, debridement, hole layout, metrics, warnings.

On the template hip the plan is computed for a right hip and, for a left one, carried into the
left hip frame by the reflection ``left_from_right`` (``RigidTransform.mirror_x``: x -> -x, with
the surface's winding fixed by ``transform_surface``): the clock face is side-independent
(product.md section 4), so the same record gives exactly mirrored plans, and the clock positions
of the reflected holes are then read back from the left template as a check. A patient mesh is
planned as it is, in the hip frame that ``patient_from_hip`` places in the patient.

Every finding comes from a rule of ``chondral.planning.rules``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.clock_face import surface_coordinates
from chondral.anatomy.lesion_region import LesionRegion, lesion_region
from chondral.anatomy.mesh_transform import transform_surface
from chondral.anatomy.sphere_fit import SphereFit
from chondral.anatomy.template_hip import (
    ACETABULAR_CARTILAGE_MM,
    FEMORAL_CARTILAGE_MM,
    TemplateHip,
)
from chondral.domain import Case, Finding, Lesion, MeasuredAt, Severity, Side, Surface
from chondral.errors import GeometryError, InputDataError, ParameterError, quote
from chondral.frames import Points, RigidTransform
from chondral.planning import rules
from chondral.planning.articular import socket_signed_distance_mm
from chondral.planning.debridement import PatchRegion, debrided_region, inside_spherical_polygon
from chondral.planning.layout import Layout, lay_out_holes
from chondral.planning.metrics import hole_pair_distances, plan_metrics
from chondral.planning.parameters import AWL_DEPTH_MAX_MM, PlanParameters
from chondral.planning.patient_mesh import bone_patch, patient_from_hip_at, project_outline
from chondral.planning.plan import (
    Hole,
    HolePlan,
    PlanMetrics,
    PlannedRegion,
    SurfaceMesh,
    SurfaceModel,
    SurfaceModelKind,
)
from chondral.planning.surface_patch import SpherePatch, SurfaceCurve, SurfacePatch

if TYPE_CHECKING:
    import trimesh

__all__ = [
    "PATCH_MARGIN_MM",
    "choose_lesion",
    "plan_on_bone_mesh",
    "plan_on_cartilage",
    "plan_on_femur_mesh",
    "plan_on_template",
    "planning_margin_mm",
    "quality_warnings",
    "treated_area_on_template",
]

FloatArray = NDArray[np.float64]

PATCH_MARGIN_MM = 3.0
"""Healthy surface kept around the debrided region in the patch (for the wall and the figures)."""

_LAYER_WORDS = {Surface.ACETABULUM: "acetabular", Surface.FEMORAL_HEAD: "femoral head"}


def choose_lesion(case: Case, lesion_id: str | None) -> Lesion:
    """The lesion to plan: the one named, the case file's ``plan.lesion_id``, or the only one."""
    wanted = lesion_id or case.plan.lesion_id
    if not case.lesions:
        raise InputDataError("the case has no lesion to plan", field="lesions")
    if wanted is None:
        if len(case.lesions) > 1:
            ids = ", ".join(lesion.id for lesion in case.lesions)
            raise InputDataError(
                f"the case has several lesions ({ids}): choose one (lesion_id, or plan.lesion_id"
                " in the case file)",
                field="lesions",
            )
        return case.lesions[0]
    for lesion in case.lesions:
        if lesion.id == wanted:
            return lesion
    ids = ", ".join(lesion.id for lesion in case.lesions)
    problem = f"{quote(wanted)} is not a lesion of the case ({ids})"
    if lesion_id:
        raise ParameterError(problem, field="lesion_id")
    raise InputDataError(problem, field="plan.lesion_id")


def planning_margin_mm(lesion: Lesion, parameters: PlanParameters) -> float:
    """Growth applied to the recorded lesion: the margin before debridement, else none."""
    if lesion.measured is MeasuredAt.PRE_DEBRIDEMENT:
        return parameters.debridement_margin_mm
    return 0.0


def _warning(rule: rules.PlanRule, message: str, **evidence: float | int | str | None) -> Finding:
    return Finding.of(rule, Severity.WARNING, message, evidence)


def _record_warnings(lesion: Lesion, region: LesionRegion) -> list[Finding]:
    warnings = [
        _warning(rules.LESION_EXTENT, text, lesion_id=lesion.id) for text in region.warnings
    ]
    if lesion.measured is None:
        warnings.append(
            _warning(
                rules.DEBRIDEMENT_UNKNOWN_TIMING,
                f"lesion {lesion.id} does not say whether it was measured before or after"
                " debridement; it is planned as measured after (no margin added): record"
                " 'measured'",
                lesion_id=lesion.id,
            )
        )
    return warnings


def _mm(value: float, limit: float) -> str:
    """``value`` to 2 decimals, or 3 when 2 would hide its difference from ``limit``."""
    text = f"{value:.2f}"
    return f"{value:.3f}" if float(text) == round(limit, 2) else text


def quality_warnings(metrics: PlanMetrics, parameters: PlanParameters) -> list[Finding]:
    """Warnings for the targets a plan does not meet (each with its rule and source)."""
    warnings: list[Finding] = []
    if metrics.coverage_radius_mm > parameters.coverage_target_mm + 1e-9:
        warnings.append(
            _warning(
                rules.COVERAGE,
                f"a point of the region lies"
                f" {_mm(metrics.coverage_radius_mm, parameters.coverage_target_mm)} mm from the"
                f" nearest hole, more than the {parameters.coverage_target_mm:g} mm target",
                coverage_radius_mm=metrics.coverage_radius_mm,
                coverage_target_mm=parameters.coverage_target_mm,
            )
        )
    if (
        metrics.nearest_neighbour_max_mm is not None
        and metrics.nearest_neighbour_max_mm > parameters.spacing_max_mm + 1e-9
    ):
        warnings.append(
            _warning(
                rules.SPACING_MAX,
                f"a hole's nearest neighbour is"
                f" {_mm(metrics.nearest_neighbour_max_mm, parameters.spacing_max_mm)} mm"
                f" away, more than spacing_max_mm {parameters.spacing_max_mm:g}",
                nearest_neighbour_max_mm=metrics.nearest_neighbour_max_mm,
                spacing_max_mm=parameters.spacing_max_mm,
            )
        )
    if metrics.hole_count == 1:
        warnings.append(
            _warning(
                rules.SINGLE_HOLE,
                "the debrided region holds a single hole at these settings",
                hole_count=1,
            )
        )
    if parameters.depth_mm > AWL_DEPTH_MAX_MM:
        warnings.append(
            _warning(
                rules.DEPTH_DRILL,
                f"depth {parameters.depth_mm:g} mm is beyond an awl's 2-4 mm: it needs a"
                " drill with a stop cap (4-7 mm)",
                depth_mm=parameters.depth_mm,
                awl_depth_max_mm=AWL_DEPTH_MAX_MM,
            )
        )
    return warnings


def _patch_for(
    region: LesionRegion, margin_mm: float, radius_mm: float, outward: bool
) -> SpherePatch:
    directions = region.boundary.xyz_mm / np.linalg.norm(region.boundary.xyz_mm, axis=1)[:, None]
    centre = directions.mean(axis=0)
    centre /= np.linalg.norm(centre)
    reach_mm = float(np.max(np.arccos(np.clip(directions @ centre, -1.0, 1.0)))) * radius_mm
    return SpherePatch(
        radius_mm=radius_mm,
        centre_direction=centre,
        cap_radius_mm=reach_mm + margin_mm + PATCH_MARGIN_MM,
        outward=outward,
    )


def _enforce_minimum(
    patch: SurfacePatch, layout: Layout, parameters: PlanParameters
) -> tuple[Layout, list[Finding]]:
    """Check every spacing with the patch's most exact geodesic and drop holes, the later made
    of the closest pair first, until none is below the minimum. On a sphere this never drops anything; on a
    mesh the layout used heat-method fields and the exact check may disagree by hundredths."""
    ids = list(layout.vertex_ids)
    rings = list(layout.rings)
    dropped = 0
    while len(ids) >= 2:
        between = hole_pair_distances(patch, np.array(ids, dtype=np.int64))
        first, second = np.unravel_index(int(np.argmin(between)), between.shape)
        if between[first, second] >= parameters.spacing_min_mm:
            break
        drop = max(int(first), int(second))
        del ids[drop]
        del rings[drop]
        dropped += 1
    warnings = []
    if dropped:
        warnings.append(
            _warning(
                rules.SPACING_MIN,
                f"{dropped} hole(s) left out: measured exactly along the surface they came"
                f" closer than spacing_min_mm {parameters.spacing_min_mm:g}",
                dropped=dropped,
                spacing_min_mm=parameters.spacing_min_mm,
            )
        )
    return Layout(np.array(ids, dtype=np.int64), tuple(rings)), warnings


@dataclass(frozen=True, slots=True)
class _Placed:
    """A laid-out plan before it is put in the patient's or the mirrored frame."""

    patch: SurfacePatch
    region: PatchRegion
    layout: Layout
    metrics: PlanMetrics
    warnings: list[Finding]


def _lay_out(
    patch: SurfacePatch,
    outline: SurfaceCurve,
    inside: NDArray[np.bool_],
    lesion: Lesion,
    parameters: PlanParameters,
    template: TemplateHip,
) -> _Placed:
    margin_mm = planning_margin_mm(lesion, parameters)
    allowed = (
        socket_signed_distance_mm(template, patch.vertices_mm)
        if lesion.surface is Surface.ACETABULUM
        else None
    )
    try:
        region = debrided_region(patch, outline, inside, margin_mm, allowed_signed_mm=allowed)
        layout = lay_out_holes(patch, region, parameters)
    except GeometryError as error:
        raise GeometryError(f"lesion {lesion.id} ({lesion.surface.value}): {error}") from error
    clip_warnings = []
    if region.clipped:
        clip_warnings.append(
            _warning(
                rules.REGION_ARTICULAR,
                f"lesion {lesion.id}{' grown by the debridement margin' if margin_mm else ''}"
                " reaches past the rim, into the fossa or into the notch: the planned region"
                " stops at the edge of the articular (lunate) surface, which holes keep the"
                " inset from",
                lesion_id=lesion.id,
            )
        )
    layout, warnings = _enforce_minimum(patch, layout, parameters)
    metrics = plan_metrics(patch, region, layout.vertex_ids)
    return _Placed(
        patch,
        region,
        layout,
        metrics,
        clip_warnings + warnings + quality_warnings(metrics, parameters),
    )


def _holes(
    placed: _Placed,
    positions: FloatArray,
    normals: FloatArray,
    template: TemplateHip,
    surface: Surface,
    parameters: PlanParameters,
) -> tuple[Hole, ...]:
    coordinates = surface_coordinates(
        template, surface, Points(positions, hip_frame(template.side))
    )
    return tuple(
        Hole(
            id=f"H{order}",
            order=order,
            position_mm=(float(p[0]), float(p[1]), float(p[2])),
            normal=(float(n[0]), float(n[1]), float(n[2])),
            ring=ring,
            depth_mm=parameters.depth_mm,
            clock_deg=float(clock),
            rim_distance_mm=float(rim),
        )
        for order, (p, n, ring, clock, rim) in enumerate(
            zip(
                positions,
                normals,
                placed.layout.rings,
                coordinates.clock_deg,
                coordinates.rim_distance_mm,
                strict=True,
            ),
            start=1,
        )
    )


def _boundary_coordinates(
    template: TemplateHip, surface: Surface, boundary: FloatArray
) -> tuple[FloatArray, FloatArray]:
    coordinates = surface_coordinates(template, surface, Points(boundary, hip_frame(template.side)))
    return coordinates.clock_deg, coordinates.rim_distance_mm


def _assemble(
    case: Case,
    lesion: Lesion,
    parameters: PlanParameters,
    placed: _Placed,
    template: TemplateHip,
    recorded: LesionRegion,
    *,
    positions: FloatArray,
    normals: FloatArray,
    boundary: FloatArray,
    mesh: SurfaceMesh,
    surface_model: SurfaceModel,
    patient_from_hip: RigidTransform | None,
    warnings: list[Finding],
) -> HolePlan:
    """The ``HolePlan`` of a laid-out lesion, in the frame ``positions`` are given in."""
    clock_deg, rim_mm = _boundary_coordinates(template, lesion.surface, boundary)
    return HolePlan(
        case_id=case.case_id,
        side=case.side,
        surface=lesion.surface,
        patient_from_hip=patient_from_hip,
        surface_model=surface_model,
        parameters=parameters,
        region=PlannedRegion(
            lesion_id=lesion.id,
            area_mm2=placed.region.area_mm2,
            boundary_mm=boundary,
            boundary_clock_deg=clock_deg,
            boundary_rim_distance_mm=rim_mm,
            recorded_area_mm2=recorded.recorded_area_mm2,
            measured=lesion.measured,
            margin_mm=placed.region.margin_mm,
        ),
        holes=_holes(placed, positions, normals, template, lesion.surface, parameters),
        metrics=placed.metrics,
        warnings=tuple(warnings),
        surface_mesh=mesh,
    )


def plan_on_template(case: Case, lesion: Lesion, parameters: PlanParameters) -> HolePlan:
    """Plan ``lesion`` on the template hip of ``case`` (see the module docstring)."""
    side = case.side
    right = TemplateHip.from_hip(dataclasses.replace(case.hip, side=Side.RIGHT), case.patient.sex)
    template = TemplateHip.from_hip(case.hip, case.patient.sex)
    recorded = lesion_region(lesion, right)
    surface = lesion.surface
    radius_mm = right.surface_radius_mm(surface)
    margin_mm = planning_margin_mm(lesion, parameters)
    patch = _patch_for(recorded, margin_mm, radius_mm, outward=surface is Surface.FEMORAL_HEAD)
    outline_points = recorded.boundary.xyz_mm
    outline = SurfaceCurve(outline_points, np.zeros(len(outline_points), dtype=np.int64))
    inside = inside_spherical_polygon(
        patch.vertices_mm / radius_mm, outline_points / radius_mm, patch.centre_direction
    )
    placed = _lay_out(patch, outline, inside, lesion, parameters, right)
    positions = patch.vertices_mm[placed.layout.vertex_ids]
    normals = patch.normals[placed.layout.vertex_ids]
    boundary = placed.region.walls[0].points_mm
    vertices, faces = patch.vertices_mm, patch.faces
    if side is Side.LEFT:
        left_from_right = RigidTransform.mirror_x(
            target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT)
        )
        positions = _moved(left_from_right, positions)
        normals = left_from_right.apply_to_directions(normals)
        boundary = _moved(left_from_right, boundary)
        vertices, faces = transform_surface(vertices, faces, left_from_right)
    warnings = _record_warnings(lesion, recorded) + placed.warnings
    warnings.append(
        _warning(
            rules.TEMPLATE_SURFACE,
            "planned on the template hip (a sphere scaled to the head diameter), not on the"
            " patient's own bone: positions are relative to the clock face",
        )
    )
    return _assemble(
        case,
        lesion,
        parameters,
        placed,
        template,
        recorded,
        positions=positions,
        normals=normals,
        boundary=boundary,
        mesh=SurfaceMesh(vertices_mm=vertices, faces=faces),
        surface_model=SurfaceModel(
            kind=SurfaceModelKind.TEMPLATE_SPHERE,
            radius_mm=radius_mm,
            source=(
                f"template hip: head diameter {2 * template.head_radius_mm:g} mm"
                f" ({'measured' if case.hip.femoral_head_diameter_mm else 'default by sex'}),"
                f" LCEA {template.lcea_deg:g} deg"
            ),
        ),
        patient_from_hip=None,
        warnings=warnings,
    )


def _moved(transform: RigidTransform, points_mm: FloatArray) -> FloatArray:
    moved: FloatArray = np.array(transform.apply(Points(points_mm, transform.source)).xyz_mm)
    return moved


def plan_on_femur_mesh(
    case: Case,
    lesion: Lesion,
    parameters: PlanParameters,
    mesh: trimesh.Trimesh,
    head: SphereFit,
    source: str,
) -> HolePlan:
    """Plan a femoral-head ``lesion`` on the patient's femur ``mesh`` (mm, LPS) whose head
    sphere is ``head``. The clock face comes from the case's acetabular orientation."""
    if lesion.surface is not Surface.FEMORAL_HEAD:
        raise GeometryError(
            f"lesion {lesion.id} is on the {lesion.surface.value}: a femur mesh holds only the"
            " femoral head"
        )
    return plan_on_bone_mesh(
        case,
        lesion,
        parameters,
        mesh,
        patient_from_hip=patient_from_hip_at(head.center_mm, case.side, case.case_id),
        bone_radius_mm=head.radius_mm,
        source=(
            f"patient femur mesh {source}; head sphere fit radius {head.radius_mm:.2f} mm,"
            f" RMS {head.rms_mm:.2f} mm"
        ),
    )


def plan_on_cartilage(
    case: Case,
    lesion: Lesion,
    parameters: PlanParameters,
    mesh: trimesh.Trimesh,
    layer: Surface,
    bone_sphere: SphereFit,
    source: str,
    *,
    head_centre_mm: FloatArray | None = None,
) -> HolePlan:
    """Plan ``lesion`` on the bone face of the patient's cartilage layer ``mesh`` (mm, LPS) of
    ``layer``: the inner face of the femoral-head cartilage, or the outer face of the acetabular
    cartilage, whose sphere is ``bone_sphere``. The hip frame's origin is ``head_centre_mm``
    (from a femur mesh) when given, else the bone sphere's centre (head and socket are
    concentric to within a millimetre or so)."""
    if lesion.surface is not layer:
        raise GeometryError(
            f"lesion {lesion.id} is on the {lesion.surface.value}: the"
            f" {_LAYER_WORDS[layer]} cartilage layer does not cover it"
        )
    centre = (
        np.asarray(bone_sphere.center_mm, dtype=np.float64)
        if head_centre_mm is None
        else np.asarray(head_centre_mm, dtype=np.float64)
    )
    origin = "the femoral head centre" if head_centre_mm is not None else "its own centre"
    return plan_on_bone_mesh(
        case,
        lesion,
        parameters,
        mesh,
        patient_from_hip=patient_from_hip_at(centre, case.side, case.case_id),
        bone_radius_mm=bone_sphere.radius_mm,
        source=(
            f"bone face of the patient's {_LAYER_WORDS[layer]} cartilage {source};"
            f" sphere fit radius {bone_sphere.radius_mm:.2f} mm, RMS {bone_sphere.rms_mm:.2f} mm;"
            f" origin at {origin}"
        ),
        faces_away_from_centre=layer is Surface.ACETABULUM,
    )


def plan_on_bone_mesh(
    case: Case,
    lesion: Lesion,
    parameters: PlanParameters,
    mesh: trimesh.Trimesh,
    *,
    patient_from_hip: RigidTransform,
    bone_radius_mm: float,
    source: str,
    faces_away_from_centre: bool = True,
) -> HolePlan:
    """Plan ``lesion`` on the patient's subchondral bone in ``mesh`` (mm, patient LPS frame):
    the femoral head surface, or the socket's bone as the outer face of an acetabular cartilage
    layer. ``patient_from_hip`` places the hip frame of the case's side in the mesh's frame: its
    origin is the head centre, about which the bone surface is a sphere of ``bone_radius_mm``;
    the clock face comes from the case's acetabular orientation, in the hip frame's axes."""
    if patient_from_hip.source != hip_frame(case.side):
        raise GeometryError(
            f"patient_from_hip maps from {patient_from_hip.source}, not from the"
            f" {case.side.value} hip frame"
        )
    surface = lesion.surface
    if surface is Surface.FEMORAL_HEAD:
        head_diameter_mm = 2.0 * bone_radius_mm
    else:  # the socket's bone sphere is the head plus both cartilage layers (template model)
        head_diameter_mm = 2.0 * (bone_radius_mm - FEMORAL_CARTILAGE_MM - ACETABULAR_CARTILAGE_MM)
    hip = dataclasses.replace(case.hip, femoral_head_diameter_mm=head_diameter_mm)
    template = TemplateHip.from_hip(hip, case.patient.sex)
    recorded = lesion_region(lesion, template)
    directions = (
        recorded.boundary.xyz_mm / np.linalg.norm(recorded.boundary.xyz_mm, axis=1)[:, None]
    )
    centre = directions.mean(axis=0)
    centre /= np.linalg.norm(centre)
    reach_mm = float(np.max(np.arccos(np.clip(directions @ centre, -1.0, 1.0)))) * bone_radius_mm
    margin_mm = planning_margin_mm(lesion, parameters)
    located = bone_patch(
        mesh,
        patient_from_hip=patient_from_hip,
        radius_mm=bone_radius_mm,
        centre_direction=centre,
        cap_radius_mm=reach_mm + margin_mm + PATCH_MARGIN_MM,
        into_joint_outward=surface is Surface.FEMORAL_HEAD,
        faces_away_from_centre=faces_away_from_centre,
    )
    patch = located.patch
    outline = project_outline(patch, directions, lesion.id)
    unit = patch.vertices_mm / np.linalg.norm(patch.vertices_mm, axis=1)[:, None]
    inside = inside_spherical_polygon(unit, directions, centre)
    placed = _lay_out(patch, outline, inside, lesion, parameters, template)
    positions = patch.vertices_mm[placed.layout.vertex_ids]
    normals = patch.normals[placed.layout.vertex_ids]
    boundary = placed.region.walls[0].points_mm
    return _assemble(
        case,
        lesion,
        parameters,
        placed,
        template,
        recorded,
        positions=positions,
        normals=normals,
        boundary=boundary,
        mesh=SurfaceMesh(vertices_mm=patch.vertices_mm, faces=patch.faces),
        surface_model=SurfaceModel(
            kind=SurfaceModelKind.MESH, radius_mm=bone_radius_mm, source=source
        ),
        patient_from_hip=located.patient_from_hip,
        warnings=_record_warnings(lesion, recorded) + placed.warnings,
    )


def treated_area_on_template(case: Case, lesion: Lesion, parameters: PlanParameters) -> float:
    """Area (mm2) of ``lesion`` after debridement on the template hip, without laying out holes."""
    right = TemplateHip.from_hip(dataclasses.replace(case.hip, side=Side.RIGHT), case.patient.sex)
    recorded = lesion_region(lesion, right)
    margin_mm = planning_margin_mm(lesion, parameters)
    radius_mm = right.surface_radius_mm(lesion.surface)
    patch = _patch_for(
        recorded, margin_mm, radius_mm, outward=lesion.surface is Surface.FEMORAL_HEAD
    )
    outline_points = recorded.boundary.xyz_mm
    outline = SurfaceCurve(outline_points, np.zeros(len(outline_points), dtype=np.int64))
    inside = inside_spherical_polygon(
        patch.vertices_mm / radius_mm, outline_points / radius_mm, patch.centre_direction
    )
    allowed = (
        socket_signed_distance_mm(right, patch.vertices_mm)
        if lesion.surface is Surface.ACETABULUM
        else None
    )
    return debrided_region(patch, outline, inside, margin_mm, allowed_signed_mm=allowed).area_mm2
