"""Applying rigid transforms (rotations and reflections) to triangle surfaces.

A reflection reverses the orientation of every triangle; ``transform_surface`` (vertices and
faces as arrays) and ``transform_mesh`` (a trimesh mesh) reverse the vertex order of each face
when ``RigidTransform.flips_winding`` is true, so outward normals stay outward and volumes stay
positive. Mirroring a right hip onto a left hip goes through ``mirror_mesh`` or
``transform_surface`` with ``RigidTransform.mirror_x``, never by negating x by hand (style.md,
"Laterality is explicit"). ``flip_winding`` is the one place a face order is reversed, also for
turning a surface around so its normals point the other way (no reflection of space).

trimesh is imported only by ``transform_mesh`` and ``mirror_mesh``, which build trimesh meshes.

References
----------
- product.md section 4 ("Mirroring is a reflection transform that also fixes triangle winding").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from chondral.frames import FrameRef, Points, RigidTransform

if TYPE_CHECKING:
    import trimesh

__all__ = ["flip_winding", "mirror_mesh", "transform_mesh", "transform_surface"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def flip_winding(faces: IntArray) -> IntArray:
    """``faces`` with each triangle's vertex order reversed (its normal turned around)."""
    flipped: IntArray = np.ascontiguousarray(np.asarray(faces, dtype=np.int64)[:, ::-1])
    return flipped


def transform_surface(
    vertices_mm: FloatArray, faces: IntArray, transform: RigidTransform
) -> tuple[FloatArray, IntArray]:
    """Vertices (given in ``transform.source``) mapped into ``transform.target``, and the faces,
    wound again when the transform is a reflection so that normals keep their side."""
    mapped = transform.apply(Points(vertices_mm, transform.source)).xyz_mm
    faces = np.asarray(faces, dtype=np.int64)
    out_faces = flip_winding(faces) if transform.flips_winding else faces.copy()
    return np.array(mapped, dtype=np.float64), out_faces


def transform_mesh(mesh: trimesh.Trimesh, transform: RigidTransform) -> trimesh.Trimesh:
    """A new mesh with vertices mapped by ``transform`` and winding fixed for reflections.

    The caller states the frames through the transform; the input mesh is not modified.
    """
    import trimesh

    vertices, faces = transform_surface(
        np.asarray(mesh.vertices, dtype=np.float64), np.asarray(mesh.faces), transform
    )
    return trimesh.Trimesh(vertices=vertices, faces=faces, process=False)


def mirror_mesh(mesh: trimesh.Trimesh, *, target: FrameRef, source: FrameRef) -> trimesh.Trimesh:
    """Reflect a mesh x -> -x (right hip <-> left hip in the hip frame), keeping outward normals."""
    return transform_mesh(mesh, RigidTransform.mirror_x(target=target, source=source))
