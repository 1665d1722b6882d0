"""Hole plans built by hand on the template spheres, with analytically known positions.

Holes are placed with ``surface_points`` at chosen (clock, rim distance) pairs on a template hip
with a 48 mm femoral head (head sphere radius 24 mm), so each hole's clock, rim distance,
anatomical direction and normal are known exactly. Used by the export and figure tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import trimesh

from chondral.anatomy import TemplateHip, hip_frame, surface_points
from chondral.domain import Finding, MeasuredAt, Severity, Side, Surface
from chondral.frames import FrameKind, FrameRef, RigidTransform
from chondral.planning import rules
from chondral.planning.parameters import PlanParameters
from chondral.planning.plan import (
    Hole,
    HolePlan,
    PlanMetrics,
    PlannedRegion,
    Ring,
    SurfaceMesh,
    SurfaceModel,
    SurfaceModelKind,
)

HEAD_DIAMETER_MM = 48.0
HEAD_RADIUS_MM = 24.0

DEFAULT_HOLES: tuple[tuple[float, float, Ring], ...] = (
    (75.0, 5.0, Ring.PERIPHERAL),
    (90.0, 5.0, Ring.PERIPHERAL),
    (105.0, 5.0, Ring.PERIPHERAL),
    (90.0, 9.0, Ring.INTERIOR),
)
"""(clock_deg, rim_distance_mm, ring) in making order: three rim holes 2:30-3:30, one inside."""


def template_for(side: Side) -> TemplateHip:
    return TemplateHip.from_parameters(side=side, head_diameter_mm=HEAD_DIAMETER_MM)


def outward_normals(surface: Surface, positions_mm: np.ndarray) -> np.ndarray:
    """Unit normals out of the bone: away from the head centre on the head, toward it in the
    socket."""
    unit = positions_mm / np.linalg.norm(positions_mm, axis=1, keepdims=True)
    return unit if surface is Surface.FEMORAL_HEAD else -unit


def boundary_clock_rim(
    clock_from_deg: float = 60.0,
    clock_to_deg: float = 120.0,
    rim_from_mm: float = 2.0,
    rim_to_mm: float = 12.0,
    per_edge: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """The (clock, rim) outline of a range lesion, counter-clockwise in (clock, rim)."""
    clocks = np.linspace(clock_from_deg, clock_to_deg, per_edge, endpoint=False)
    rims = np.linspace(rim_from_mm, rim_to_mm, per_edge, endpoint=False)
    clock = np.concatenate(
        [
            clocks,
            np.full(per_edge, clock_to_deg),
            clocks[::-1] + (clocks[1] - clocks[0]),
            np.full(per_edge, clock_from_deg),
        ]
    )
    rim = np.concatenate(
        [
            np.full(per_edge, rim_from_mm),
            rims,
            np.full(per_edge, rim_to_mm),
            rims[::-1] + (rims[1] - rims[0]),
        ]
    )
    return clock, rim


def surface_mesh(template: TemplateHip, surface: Surface) -> SurfaceMesh:
    """The whole template surface, faces wound with normals out of the bone."""
    mesh: trimesh.Trimesh = (
        template.femoral_head_mesh(subdivisions=3)
        if surface is Surface.FEMORAL_HEAD
        else template.lunate_mesh(resolution_deg=4.0)
    )
    return SurfaceMesh(
        vertices_mm=np.asarray(mesh.vertices, dtype=np.float64),
        faces=np.asarray(mesh.faces, dtype=np.int64),
    )


def patient_frame(case_id: str = "C-plan-1") -> FrameRef:
    """The patient LPS frame of a hand-built plan."""
    return FrameRef(FrameKind.PATIENT_LPS, case_id)


def translation_from_hip(
    side: Side, offset_mm: tuple[float, float, float], case_id: str = "C-plan-1"
) -> RigidTransform:
    """The hip frame of ``side`` at ``offset_mm`` in the patient, axes parallel to LPS."""
    return RigidTransform.translation(
        target=patient_frame(case_id), source=hip_frame(side), translation_mm=np.array(offset_mm)
    )


def rotation_about(axis: Sequence[float], angle_deg: float) -> np.ndarray:
    """The rotation by ``angle_deg`` about ``axis`` (Rodrigues)."""
    unit = np.asarray(axis, dtype=np.float64) / np.linalg.norm(axis)
    angle = np.radians(angle_deg)
    k = np.array([[0, -unit[2], unit[1]], [unit[2], 0, -unit[0]], [-unit[1], unit[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


def rotated_from_hip(
    side: Side,
    offset_mm: tuple[float, float, float] = (-87.5, 12.25, -140.0),
    *,
    axis: Sequence[float] = (1.0, 2.0, 3.0),
    angle_deg: float = 30.0,
    case_id: str = "C-plan-1",
) -> RigidTransform:
    """A hip frame of ``side`` rotated from LPS (as a CT hip frame may be), at ``offset_mm``."""
    return RigidTransform.from_rotation_translation(
        target=patient_frame(case_id),
        source=hip_frame(side),
        rotation=rotation_about(axis, angle_deg),
        translation_mm=np.array(offset_mm),
    )


def great_circle_nn_mm(positions_mm: np.ndarray, radius_mm: float) -> list[float]:
    unit = positions_mm / np.linalg.norm(positions_mm, axis=1, keepdims=True)
    angles = np.arccos(np.clip(unit @ unit.T, -1.0, 1.0))
    np.fill_diagonal(angles, np.inf)
    return (radius_mm * angles.min(axis=1)).tolist()


def build_plan(
    *,
    side: Side = Side.RIGHT,
    surface: Surface = Surface.FEMORAL_HEAD,
    holes_at: Sequence[tuple[float, float, Ring]] = DEFAULT_HOLES,
    patient_from_hip_mm: tuple[float, float, float] | None = None,
    case_id: str = "C-plan-1",
    depth_mm: float = 3.0,
    patient_from_hip: RigidTransform | None = None,
) -> HolePlan:
    """A plan with holes at exactly ``holes_at`` on the template of ``side``, placed in the
    patient by ``patient_from_hip`` or, given ``patient_from_hip_mm``, by that translation."""
    if patient_from_hip is None and patient_from_hip_mm is not None:
        patient_from_hip = translation_from_hip(side, patient_from_hip_mm, case_id)
    template = template_for(side)
    radius_mm = template.surface_radius_mm(surface)
    clocks = np.array([c for c, _, _ in holes_at], dtype=np.float64)
    rims = np.array([r for _, r, _ in holes_at], dtype=np.float64)
    positions = surface_points(template, surface, clocks, rims).xyz_mm
    normals = outward_normals(surface, positions)
    holes = tuple(
        Hole(
            id=f"H{index + 1}",
            order=index + 1,
            position_mm=tuple(float(v) for v in positions[index]),  # type: ignore[arg-type]
            normal=tuple(float(v) for v in normals[index]),  # type: ignore[arg-type]
            ring=ring,
            depth_mm=depth_mm,
            clock_deg=float(clock % 360.0),
            rim_distance_mm=float(rim),
        )
        for index, (clock, rim, ring) in enumerate(holes_at)
    )
    outline_clock, outline_rim = boundary_clock_rim()
    boundary = surface_points(template, surface, outline_clock, outline_rim).xyz_mm
    nn = great_circle_nn_mm(positions, radius_mm) if len(holes) > 1 else []
    area_mm2 = 180.0
    metrics = PlanMetrics(
        hole_count=len(holes),
        nearest_neighbour_min_mm=min(nn) if nn else None,
        nearest_neighbour_median_mm=float(np.median(nn)) if nn else None,
        nearest_neighbour_max_mm=max(nn) if nn else None,
        coverage_radius_mm=2.4,
        holes_per_cm2=len(holes) / area_mm2 * 100.0,
        min_rim_clearance_mm=1.5,
        region_area_mm2=area_mm2,
    )
    return HolePlan(
        case_id=case_id,
        side=side,
        surface=surface,
        patient_from_hip=patient_from_hip,
        surface_model=SurfaceModel(
            kind=SurfaceModelKind.TEMPLATE_SPHERE,
            radius_mm=radius_mm,
            source=f"template hip, head diameter {HEAD_DIAMETER_MM:g} mm",
        ),
        parameters=PlanParameters(),
        region=PlannedRegion(
            lesion_id="L1",
            area_mm2=area_mm2,
            boundary_mm=boundary,
            boundary_clock_deg=np.asarray(outline_clock, dtype=np.float64),
            boundary_rim_distance_mm=np.asarray(outline_rim, dtype=np.float64),
            recorded_area_mm2=None,
            measured=MeasuredAt.PRE_DEBRIDEMENT,
            margin_mm=1.0,
        ),
        holes=holes,
        metrics=metrics,
        warnings=(
            Finding.of(
                rules.COVERAGE,
                Severity.INFO,
                "coverage radius 2.4 mm is within the 2.5 mm target",
                {"coverage_radius_mm": 2.4},
            ),
        ),
        surface_mesh=surface_mesh(template, surface),
    )
