"""A patch of the patient's subchondral bone, ready for planning.

Two sources: the femoral head of a femur mesh, and the bone face of an acetabular cartilage
layer (the face of the shell that lies on the socket's subchondral bone). The mesh (mm, LPS) is
moved into the hip frame by the rigid transform ``hip_from_patient`` (for the meshes of today, a
translation by minus the femoral head centre: the axes stay parallel to LPS; a CT hip frame may
also rotate them; a reflection would be refused by the winding check that follows). The
lesion, recorded on the clock face, is mapped onto the bone along rays from the head centre, as
the clock face maps both surfaces (product.md section 4). The patch is the connected piece of
bone around the lesion whose triangles face away from the head centre (the head's surface, or
the cartilage's outer face), refined to ``PATCH_EDGE_MM`` by midpoint subdivision, so every patch
vertex lies exactly on the patient's triangles. Its faces are then wound so their normals point
out of the bone into the joint: away from the centre on the head, toward it in the socket.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import trimesh
from numpy.typing import NDArray

from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.mesh_transform import flip_winding, transform_surface
from chondral.domain import Side
from chondral.errors import GeometryError
from chondral.frames import FrameKind, FrameRef, RigidTransform
from chondral.planning.surface_patch import PATCH_EDGE_MM, MeshPatch, SurfaceCurve

__all__ = [
    "FACING_MIN",
    "BonePatch",
    "bone_patch",
    "patient_frame",
    "patient_from_hip_at",
    "project_outline",
]

FloatArray = NDArray[np.float64]

_RADIAL_BAND = (0.75, 1.25)
"""Faces kept must lie within this fraction of the bone sphere's radius from its centre."""

FACING_MIN = 0.5
"""Faces kept must face away from the centre: the radial component of their normal above this
(design choice, as for the cartilage faces in ``chondral.anatomy.cartilage``)."""


def patient_frame(case_id: str) -> FrameRef:
    """The patient's LPS frame of a case's meshes (every mesh of one case shares it)."""
    return FrameRef(FrameKind.PATIENT_LPS, case_id)


def patient_from_hip_at(centre_mm: FloatArray, side: Side, case_id: str) -> RigidTransform:
    """The hip frame of ``side`` placed at the femoral head centre ``centre_mm`` (patient LPS,
    mm) with axes parallel to LPS: a translation."""
    return RigidTransform.translation(
        target=patient_frame(case_id),
        source=hip_frame(side),
        translation_mm=np.asarray(centre_mm, dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class BonePatch:
    """The patch, in the hip frame, and where the hip frame sits in the patient."""

    patch: MeshPatch
    patient_from_hip: RigidTransform


def bone_patch(
    mesh: trimesh.Trimesh,
    *,
    patient_from_hip: RigidTransform,
    radius_mm: float,
    centre_direction: FloatArray,
    cap_radius_mm: float,
    into_joint_outward: bool,
    faces_away_from_centre: bool,
) -> BonePatch:
    """The bone surface of ``mesh`` (patient frame, mm; at about ``radius_mm`` from the hip
    frame's origin) within ``cap_radius_mm`` of ``centre_direction`` (hip frame), moved into the
    hip frame by the inverse of ``patient_from_hip``. ``into_joint_outward``: True for the femoral head
    (the joint lies outside the bone), False for the socket. ``faces_away_from_centre``: whether
    the mesh's triangles on that surface face away from the centre (a femur's head, an
    acetabular cartilage's outer face) or toward it (a femoral cartilage's inner face)."""
    if patient_from_hip.flips_winding:
        raise GeometryError("patient_from_hip is a reflection: a hip frame is a rotation of LPS")
    vertices, faces = transform_surface(
        np.asarray(mesh.vertices, dtype=np.float64),
        np.asarray(mesh.faces, dtype=np.int64),
        patient_from_hip.inverse(),
    )
    centroids = vertices[faces].mean(axis=1)
    distance = np.linalg.norm(centroids, axis=1)
    direction = centroids / np.maximum(distance, 1e-12)[:, None]
    normals = patient_from_hip.inverse().apply_to_directions(
        np.asarray(mesh.face_normals, dtype=np.float64)
    )
    facing = np.einsum("ij,ij->i", normals, direction)
    unit = centre_direction / np.linalg.norm(centre_direction)
    angle_rad = min(math.pi, cap_radius_mm / radius_mm)
    low, high = _RADIAL_BAND
    keep = (
        (direction @ unit >= math.cos(angle_rad))
        & (distance >= low * radius_mm)
        & (distance <= high * radius_mm)
        & ((facing if faces_away_from_centre else -facing) > FACING_MIN)
    )
    if not keep.any():
        raise GeometryError("the mesh has no bone surface where the lesion lies")
    piece = trimesh.Trimesh(vertices, faces[keep], process=False)
    piece.remove_unreferenced_vertices()
    # the connected piece the lesion centre's ray meets
    hit, _, triangle = piece.ray.intersects_location(
        np.zeros((1, 3)), unit[None, :], multiple_hits=False
    )
    if len(hit) == 0:
        raise GeometryError("no bone surface found along the lesion centre's direction")
    labels = trimesh.graph.connected_component_labels(piece.face_adjacency, len(piece.faces))  # type: ignore[no-untyped-call]
    piece = trimesh.Trimesh(
        piece.vertices, piece.faces[labels == labels[int(triangle[0])]], process=False
    )
    piece.remove_unreferenced_vertices()
    fine_vertices, fine_faces = trimesh.remesh.subdivide_to_size(  # type: ignore[no-untyped-call]
        piece.vertices, piece.faces, max_edge=PATCH_EDGE_MM
    )
    fine_vertices = np.asarray(fine_vertices, dtype=np.float64)
    fine_faces = np.asarray(fine_faces, dtype=np.int64)
    fine = trimesh.Trimesh(fine_vertices, fine_faces, process=False)
    fine.merge_vertices()
    outward = np.einsum("ij,ij->i", fine.face_normals, fine.triangles_center)
    faces_out = np.asarray(fine.faces, dtype=np.int64)
    if (float(np.median(outward)) > 0.0) != into_joint_outward:  # turn it around
        faces_out = flip_winding(faces_out)
    patch = MeshPatch(np.asarray(fine.vertices, dtype=np.float64), faces_out)
    return BonePatch(patch=patch, patient_from_hip=patient_from_hip)


def project_outline(patch: MeshPatch, directions: FloatArray, lesion_id: str) -> SurfaceCurve:
    """The recorded outline (unit directions from the head centre) on the patch, by rays."""
    mesh = trimesh.Trimesh(patch.vertices_mm, patch.faces, process=False)
    origins = np.zeros_like(directions)
    locations, rays, triangles = mesh.ray.intersects_location(
        origins, directions, multiple_hits=False
    )
    if len(np.unique(rays)) != len(directions):
        raise GeometryError(
            f"lesion {lesion_id}: part of its outline has no bone surface under it in the mesh"
            " (the recorded position reaches past the edge of the patient's surface; the clock"
            " face's rim comes from the LCEA and may not match the mesh's edge)"
        )
    order = np.argsort(rays)
    return SurfaceCurve(
        np.asarray(locations, dtype=np.float64)[order],
        np.asarray(triangles, dtype=np.int64)[order],
        closed=True,
    )
