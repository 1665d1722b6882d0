"""The plan's bone surface patch as binary STL (``plan-surface.stl``).

Frame: the export frame of the 3D Slicer markups (``chondral.io.slicer_markups``): the patient's
LPS frame through ``HolePlan.patient_from_hip`` when known, else the hip frame (LPS axes), mm,
float32 as the format requires. The 80-byte header carries ``SPACE=LPS`` so 3D Slicer loads it
without an RAS flip and it overlays the markups. Faces keep their winding (normals out of the
bone), checked against the hole normals; moving into the patient frame goes through
``transform_surface``, which would fix the winding for a reflection.

References
----------
- 3D Slicer model files: ``vtkMRMLModelStorageNode.cxx`` reads ``SPACE=LPS`` or ``SPACE=RAS``
  from the STL header; without it, Slicer >= 4.11 assumes LPS.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy.mesh_transform import transform_surface
from chondral.domain import Side
from chondral.errors import GeometryError, MissingDependencyError, ParameterError, quote
from chondral.planning.plan import HolePlan

__all__ = ["STL_HEADER_SPACE", "write_surface_stl"]

STL_HEADER_SPACE = "SPACE=LPS"
"""Tag in the 80-byte STL header telling 3D Slicer the vertices are LPS (not RAS)."""

FloatArray = NDArray[np.float64]


def _face_normals(vertices: FloatArray, faces: NDArray[np.int64]) -> FloatArray:
    triangles = vertices[faces]
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    unit: FloatArray = np.divide(normals, lengths, out=np.zeros_like(normals), where=lengths > 0)
    return unit


def _check_outward_winding(plan: HolePlan, vertices: FloatArray, faces: NDArray[np.int64]) -> None:
    """Refuse a surface whose faces are wound against the hole normals (out of the bone)."""
    if not plan.holes:
        return
    normals = _face_normals(vertices, faces)
    centroids = vertices[faces].mean(axis=1)
    agreement = []
    for hole in plan.holes:
        position = np.asarray(hole.position_mm, dtype=np.float64)
        nearest = int(np.argmin(np.einsum("ij,ij->i", centroids - position, centroids - position)))
        agreement.append(float(normals[nearest] @ np.asarray(hole.normal, dtype=np.float64)))
    if float(np.median(agreement)) <= 0.0:
        raise GeometryError(
            "surface_mesh: faces are wound into the bone (against the hole normals); the STL"
            " would show the bone inside out"
        )


def _export_surface(
    plan: HolePlan, vertices: FloatArray, faces: NDArray[np.int64]
) -> tuple[FloatArray, NDArray[np.int64]]:
    if plan.patient_from_hip is None:
        return vertices, faces
    return transform_surface(vertices, faces, plan.patient_from_hip)


def write_surface_stl(path: Path | str, plan: HolePlan, *, field: str = "out_dir") -> Path:
    """Write the plan's surface patch as binary STL in the markups' frame; returns the path.

    ``GeometryError`` for a surface that is not finite, has no faces or is wound inward;
    ``ParameterError`` naming ``field`` when the file cannot be written.
    """
    try:
        import trimesh
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "writing STL needs trimesh: pip install 'chondral[mesh]'"
        ) from error
    vertices = np.asarray(plan.surface_mesh.vertices_mm, dtype=np.float64)
    faces = np.asarray(plan.surface_mesh.faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or not np.all(np.isfinite(vertices)):
        raise GeometryError("surface_mesh.vertices_mm must be finite (n, 3) coordinates")
    if faces.ndim != 2 or faces.shape[1] != 3 or len(faces) == 0:
        raise GeometryError("surface_mesh.faces must be a non-empty (m, 3) index array")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise GeometryError("surface_mesh.faces index vertices that do not exist")
    _check_outward_winding(plan, vertices, faces)
    export_vertices, export_faces = _export_surface(plan, vertices, faces)
    mesh = trimesh.Trimesh(
        vertices=export_vertices, faces=export_faces, process=False, validate=False
    )
    payload = bytearray(trimesh.exchange.stl.export_stl(mesh))
    header = (
        f"chondral plan surface {Side(plan.side).value} hip {STL_HEADER_SPACE} UNITS=mm"
    ).encode("ascii")
    payload[:80] = header.ljust(80, b" ")
    target = Path(path)
    try:
        target.write_bytes(bytes(payload))
    except OSError as error:
        raise ParameterError(
            f"cannot write {quote(str(target))}: {error.strerror or error}", field=field
        ) from error
    return target
