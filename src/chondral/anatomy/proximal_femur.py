"""Measurements of a proximal femur surface mesh: femoral head sphere, side check, neck-shaft
angle. Everything stays in the mesh's own patient frame (LPS, mm).

Method (all thresholds are design choices, named below):

1. **Head isolation**, side-independent: RANSAC on oriented faces (face centres with outward
   normals, weighted by area) finds the convex sphere of plausible head radius
   (``HEAD_RADIUS_RANGE_MM``) that the largest surface area supports. The head is the only
   large spherical, convex part of a proximal femur.
2. **Sphere fit**: the supporting faces are refined by alternating least-squares fits and
   re-selection (distance within ``SUPPORT_TOLERANCE_MM`` of the sphere, normal within
   ``SUPPORT_NORMAL_DEG`` of radial), then iterative trimming (``fit_sphere_trimmed``).
3. **Side check**: the greater trochanter region is the surface farther than
   ``TROCHANTER_MIN_DISTANCE_RADII`` head radii from the head centre and no lower than
   ``TROCHANTER_MAX_DROP_RADII`` radii below it. In LPS the head of a left femur lies medial
   (smaller x) to it, of a right femur lateral (larger x). A declared side that contradicts
   this raises ``LateralityError``.
4. **Neck-shaft angle**, only when the shaft reaches at least ``SHAFT_MIN_LENGTH_MM`` below
   ``SHAFT_START_BELOW_HEAD_MM`` under the head centre: the shaft axis is the line through the
   centroids of 5 mm slices of the shaft, the neck axis runs from the centroid of the neck
   shell (``NECK_SHELL_RADII`` head radii from the centre) to the head centre; the angle is the
   3-D angle between the neck axis (toward the head) and the shaft axis (distal).

References
----------
- LibHip (Moshfeghifar et al. 2022): hip joint centre as the least-squares sphere-fit centre of
  the femoral head; neck-shaft angle between regression lines of the neck and the shaft.
- clinical-reference.md section 8 (neck-shaft angle 124.7 +/- 6.2 deg, Carmona et al.).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import trimesh
from numpy.typing import NDArray

from chondral.anatomy.sphere_fit import SphereFit, fit_sphere_trimmed, ransac_sphere_from_normals
from chondral.domain import Side
from chondral.errors import GeometryError, InvalidValueError, LateralityError

__all__ = [
    "HEAD_RADIUS_RANGE_MM",
    "FemurMeasurement",
    "check_femur_side",
    "find_femoral_head",
    "measure_proximal_femur",
]

FloatArray = NDArray[np.float64]

HEAD_RADIUS_RANGE_MM = (15.0, 35.0)
"""Design choice: radii accepted for a femoral head (adult heads are about 20-27 mm,
clinical-reference.md section 8; LibHip 22.8-26.1 mm). A femur scaled by 0.4 or stored in
another unit than declared has no head in this range and is refused."""
SUPPORT_TOLERANCE_MM = 1.0
"""Design choice: distance to the sphere within which a face supports it."""
SUPPORT_NORMAL_DEG = 25.0
"""Design choice: largest angle between a supporting face normal and the radial direction."""
TROCHANTER_MIN_DISTANCE_RADII = 2.0
"""Design choice: the trochanter region starts this many head radii from the head centre."""
TROCHANTER_MAX_DROP_RADII = 2.0
"""Design choice: and reaches no lower than this many head radii below the head centre."""
SIDE_MARGIN_MM = 5.0
"""Design choice: the head must lie at least this far medial of the trochanter region in x."""
SHAFT_START_BELOW_HEAD_MM = 60.0
"""Design choice: the shaft is taken from this far below the head centre (below the lesser
trochanter)."""
SHAFT_MIN_LENGTH_MM = 40.0
"""Design choice: shorter shafts give no neck-shaft angle."""
SHAFT_SLICE_MM = 5.0
"""Slice thickness for the shaft centreline."""
SURFACE_SAMPLES = 40_000
"""Area-uniform surface samples used for the shaft and neck axes."""
NECK_SHELL_RADII = (1.2, 1.5)
"""Design choice: the neck is the surface between these multiples of the head radius."""


@dataclass(frozen=True, slots=True)
class FemurMeasurement:
    """Results in the mesh's patient frame (LPS, mm)."""

    side: Side
    head: SphereFit
    trochanter_offset_mm: float
    neck_shaft_angle_deg: float | None
    warnings: tuple[str, ...]


def find_femoral_head(mesh: trimesh.Trimesh, *, seed: int = 0) -> SphereFit:
    """Isolate the femoral head of a proximal femur mesh (mm) and fit its sphere robustly.

    ``InvalidValueError`` naming ``mesh`` when a vertex is NaN or infinite (checked before any
    geometry); ``GeometryError`` when no head of plausible size is found."""
    _require_finite(mesh)
    centres = np.asarray(mesh.triangles_center, dtype=np.float64)
    normals = np.asarray(mesh.face_normals, dtype=np.float64)
    areas = np.asarray(mesh.area_faces, dtype=np.float64)
    centre, radius, support = ransac_sphere_from_normals(
        centres,
        normals,
        areas,
        radius_range_mm=HEAD_RADIUS_RANGE_MM,
        tolerance_mm=SUPPORT_TOLERANCE_MM,
        normal_tolerance_deg=SUPPORT_NORMAL_DEG,
        seed=seed,
    )
    cos_tolerance = math.cos(math.radians(SUPPORT_NORMAL_DEG))
    for _ in range(5):
        fit = fit_sphere_trimmed(centres, initial=support)
        centre, radius = fit.center_mm, fit.radius_mm
        offset = centres - centre
        distance = np.linalg.norm(offset, axis=1)
        radial = np.einsum("ij,ij->i", offset, normals) / np.maximum(distance, 1e-12)
        new_support = (np.abs(distance - radius) <= SUPPORT_TOLERANCE_MM) & (
            radial >= cos_tolerance
        )
        if np.array_equal(new_support, support):
            break
        support = new_support
    final = fit_sphere_trimmed(centres, initial=support)
    low, high = HEAD_RADIUS_RANGE_MM
    if not low <= final.radius_mm <= high:
        raise GeometryError(
            f"the fitted femoral head radius {final.radius_mm:.1f} mm is outside {low:g}-{high:g}"
            " mm: check the declared unit and the mesh's scale"
        )
    return final


def _require_finite(mesh: trimesh.Trimesh) -> None:
    if not np.isfinite(np.asarray(mesh.vertices, dtype=np.float64)).all():
        raise InvalidValueError("the mesh has vertices that are not finite numbers", field="mesh")


def check_femur_side(mesh: trimesh.Trimesh, head: SphereFit, side: Side) -> float:
    """Refuse a declared side that the anatomy contradicts; return the medial offset (mm) of the
    head centre from the trochanter region (positive when consistent with ``side``)."""
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    distance = np.linalg.norm(vertices - head.center_mm, axis=1)
    region = (distance > TROCHANTER_MIN_DISTANCE_RADII * head.radius_mm) & (
        vertices[:, 2] > head.center_mm[2] - TROCHANTER_MAX_DROP_RADII * head.radius_mm
    )
    if not np.any(region):
        raise GeometryError("no greater trochanter found: the side cannot be checked")
    trochanter_x = float(vertices[region, 0].mean())
    # lateral is +x for a left hip: medial offset = (trochanter_x - head_x) * lateral sign
    medial_offset_mm = (trochanter_x - float(head.center_mm[0])) * side.lateral_sign_x
    if medial_offset_mm < SIDE_MARGIN_MM:
        anatomy = side.opposite.value if medial_offset_mm < 0 else "unclear"
        toward = "-x" if float(head.center_mm[0]) < trochanter_x else "+x"
        raise LateralityError(
            f"declared {side.value}, but in LPS the femoral head lies"
            f" {abs(medial_offset_mm):.0f} mm toward {toward} of the greater trochanter, so the"
            f" anatomy says {anatomy} (a {side.value} femur's head lies toward"
            f" {'-x' if side is Side.LEFT else '+x'})",
            field="side",
        )
    return medial_offset_mm


def _surface_samples(mesh: trimesh.Trimesh) -> FloatArray:
    """Area-uniform points on the surface (deterministic), so sparse meshes slice well."""
    samples, _ = trimesh.sample.sample_surface(mesh, SURFACE_SAMPLES, seed=0)
    return np.asarray(samples, dtype=np.float64)


def neck_shaft_angle_deg(mesh: trimesh.Trimesh, head: SphereFit) -> float | None:
    """Neck-shaft angle (deg), or None when the shaft is too short to give an axis."""
    vertices = _surface_samples(mesh)
    top_mm = float(head.center_mm[2]) - SHAFT_START_BELOW_HEAD_MM
    bottom_mm = float(vertices[:, 2].min()) + SHAFT_SLICE_MM  # leave out the cut end
    if top_mm - bottom_mm < SHAFT_MIN_LENGTH_MM:
        return None
    edges = np.arange(bottom_mm, top_mm + 1e-9, SHAFT_SLICE_MM)
    centroids = []
    for low, high in itertools.pairwise(edges):
        in_slice = (vertices[:, 2] >= low) & (vertices[:, 2] < high)
        if in_slice.sum() >= 10:
            centroids.append(vertices[in_slice].mean(axis=0))
    if len(centroids) < 3:
        return None
    points = np.asarray(centroids)
    _, _, right_vectors = np.linalg.svd(points - points.mean(axis=0))
    shaft_distal = right_vectors[0] * (-1.0 if right_vectors[0][2] > 0 else 1.0)
    distance = np.linalg.norm(vertices - head.center_mm, axis=1)
    low_radii, high_radii = NECK_SHELL_RADII
    shell = (distance > low_radii * head.radius_mm) & (distance < high_radii * head.radius_mm)
    if shell.sum() < 10:
        return None
    toward_head = head.center_mm - vertices[shell].mean(axis=0)
    toward_head /= np.linalg.norm(toward_head)
    cosine = float(np.clip(toward_head @ shaft_distal, -1.0, 1.0))
    return math.degrees(math.acos(cosine))


def measure_proximal_femur(mesh: trimesh.Trimesh, side: Side) -> FemurMeasurement:
    """Head sphere, side check and neck-shaft angle of a proximal femur (LPS, mm)."""
    _require_finite(mesh)
    head = find_femoral_head(mesh)
    offset_mm = check_femur_side(mesh, head, side)
    angle_deg = neck_shaft_angle_deg(mesh, head)
    warnings: list[str] = []
    if angle_deg is None:
        warnings.append(
            "neck-shaft angle not measured: the shaft is shorter than"
            f" {SHAFT_START_BELOW_HEAD_MM + SHAFT_MIN_LENGTH_MM:g} mm below the head centre"
        )
    if head.rms_mm > 1.0:
        warnings.append(f"the femoral head is not very spherical (RMS {head.rms_mm:.2f} mm)")
    return FemurMeasurement(
        side=side,
        head=head,
        trochanter_offset_mm=offset_mm,
        neck_shaft_angle_deg=angle_deg,
        warnings=tuple(warnings),
    )
