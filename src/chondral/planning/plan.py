"""The hole plan: what the planner produces and every export reads.

Coordinates are in the hip frame of the plan's side (origin at the femoral head centre), mm.
``HolePlan.patient_from_hip`` is the rigid transform from that frame into the patient's LPS frame
(the frame of the meshes planned on), or None on the template hip, which has no patient frame.
Meshes measured so far give a hip frame whose axes are parallel to LPS (a pure translation to the
head centre); a CT hip frame need not be, and the transform carries its rotation.
Each hole's ``normal`` is the unit normal of the subchondral bone surface pointing out of the
bone into the joint; the awl or drill advances along ``-normal`` to ``depth_mm``. On the femoral
head that is away from the head centre; on the acetabulum it is toward the head centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy.acetabular_axis import hip_frame
from chondral.domain import ClockPosition, Finding, MeasuredAt, Side, Surface
from chondral.errors import FrameMismatchError
from chondral.frames import FrameKind, FrameRef, Points, RigidTransform
from chondral.planning.parameters import PlanParameters

__all__ = [
    "Hole",
    "HolePlan",
    "PlanMetrics",
    "PlannedRegion",
    "Ring",
    "SurfaceMesh",
    "SurfaceModel",
    "SurfaceModelKind",
]

FloatArray = NDArray[np.float64]


class Ring(StrEnum):
    """Where a hole belongs in the making order: the peripheral ring first, then the interior."""

    PERIPHERAL = "peripheral"
    INTERIOR = "interior"


class SurfaceModelKind(StrEnum):
    """What the holes were laid out on."""

    TEMPLATE_SPHERE = "template_sphere"
    MESH = "mesh"


@dataclass(frozen=True, slots=True, kw_only=True)
class SurfaceModel:
    """The bone surface model: a template sphere or the patient's mesh (``source`` says which)."""

    kind: SurfaceModelKind
    radius_mm: float
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Hole:
    """One planned microfracture hole."""

    id: str
    order: int
    position_mm: tuple[float, float, float]
    normal: tuple[float, float, float]
    ring: Ring
    depth_mm: float
    clock_deg: float
    rim_distance_mm: float

    @property
    def clock(self) -> str:
        """Clock-face label "h:mm" of the hole (same convention for both sides)."""
        return ClockPosition(self.clock_deg).label


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanMetrics:
    """Plan quality; every distance is geodesic (along the bone surface), mm."""

    hole_count: int
    nearest_neighbour_min_mm: float | None
    nearest_neighbour_median_mm: float | None
    nearest_neighbour_max_mm: float | None
    coverage_radius_mm: float
    holes_per_cm2: float
    min_rim_clearance_mm: float
    region_area_mm2: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedRegion:
    """The lesion after debridement to stable vertical walls.

    ``boundary_mm`` is the wall outline (closed, first point not repeated) in the hip frame;
    ``boundary_clock_deg`` and ``boundary_rim_distance_mm`` are its clock-face coordinates.
    ``recorded_area_mm2`` is what the record states (None for ranges); ``margin_mm`` how far a
    pre-debridement lesion was grown (0 when measured after debridement).
    """

    lesion_id: str
    area_mm2: float
    boundary_mm: FloatArray
    boundary_clock_deg: FloatArray
    boundary_rim_distance_mm: FloatArray
    recorded_area_mm2: float | None
    measured: MeasuredAt | None
    margin_mm: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SurfaceMesh:
    """The triangulated bone surface patch the plan lies on, hip frame, mm (for STL and 3D)."""

    vertices_mm: FloatArray
    faces: NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class HolePlan:
    """A microfracture plan for one lesion of one hip.

    ``warnings`` are the planner's findings (``chondral.planning.rules``): targets the plan could
    not meet and what the surgeon must know. ``patient_from_hip`` maps the plan's hip frame
    (``hip_frame``) into the patient's LPS frame, or is None (template hip).
    """

    case_id: str
    side: Side
    surface: Surface
    patient_from_hip: RigidTransform | None
    surface_model: SurfaceModel
    parameters: PlanParameters
    region: PlannedRegion
    holes: tuple[Hole, ...]
    metrics: PlanMetrics
    warnings: tuple[Finding, ...]
    surface_mesh: SurfaceMesh

    def __post_init__(self) -> None:
        transform = self.patient_from_hip
        if transform is None:
            return
        if transform.source != self.hip_frame:
            raise FrameMismatchError(
                f"patient_from_hip maps from {transform.source}, not from the plan's hip frame"
                f" {self.hip_frame}"
            )
        if transform.target.kind is not FrameKind.PATIENT_LPS:
            raise FrameMismatchError(
                f"patient_from_hip maps into {transform.target}, not a patient LPS frame"
            )

    @property
    def hip_frame(self) -> FrameRef:
        """The frame the plan's coordinates are in: the hip frame of its side."""
        return hip_frame(self.side)

    @property
    def hole_positions_mm(self) -> FloatArray:
        """(n, 3) hole positions in the hip frame, in making order."""
        return np.array([hole.position_mm for hole in self.holes], dtype=np.float64).reshape(-1, 3)

    @property
    def axes_are_lps(self) -> bool:
        """Whether the hip frame's axes are parallel to LPS: always on the template hip, and
        for a patient frame whose ``patient_from_hip`` is a pure translation."""
        return self.patient_from_hip is None or self.patient_from_hip.is_translation

    def export_points_mm(self, points_mm: FloatArray) -> FloatArray:
        """Hip-frame points in the export frame (3D Slicer markups and STL): the patient's LPS
        frame through ``patient_from_hip``, or the hip frame itself (LPS axes) on the template."""
        points = np.asarray(points_mm, dtype=np.float64).reshape(-1, 3)
        if self.patient_from_hip is None:
            return np.array(points)
        moved: FloatArray = np.array(
            self.patient_from_hip.apply(Points(points, self.hip_frame)).xyz_mm
        )
        return moved

    def export_directions(self, directions: FloatArray) -> FloatArray:
        """Hip-frame unit vectors (normals) in the export frame (rotation only)."""
        vectors = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
        if self.patient_from_hip is None:
            return np.array(vectors)
        return self.patient_from_hip.apply_to_directions(vectors)
