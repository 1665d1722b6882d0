"""Applying rigid transforms (rotations and reflections) to trimesh meshes.

A reflection reverses the orientation of every triangle; ``transform_mesh`` reverses the vertex
order of each face when ``RigidTransform.flips_winding`` is true, so outward normals stay
outward and volumes stay positive. Mirroring a right hip onto a left hip goes through
``mirror_mesh``, never by negating x by hand (style.md, "Laterality is explicit").

References
----------
- product.md section 4 ("Mirroring is a reflection transform that also fixes triangle winding").
"""

from __future__ import annotations

import numpy as np
import trimesh

from chondral.frames import FrameRef, RigidTransform

__all__ = ["mirror_mesh", "transform_mesh"]


def transform_mesh(mesh: trimesh.Trimesh, transform: RigidTransform) -> trimesh.Trimesh:
    """A new mesh with vertices mapped by ``transform`` and winding fixed for reflections.

    The caller states the frames through the transform; the input mesh is not modified.
    """
    vertices = np.asarray(mesh.vertices, dtype=np.float64)
    mapped = vertices @ transform.matrix[:3, :3].T + transform.matrix[:3, 3]
    faces = np.asarray(mesh.faces, dtype=np.int64)
    if transform.flips_winding:
        faces = faces[:, ::-1]
    return trimesh.Trimesh(vertices=mapped, faces=faces.copy(), process=False)


def mirror_mesh(mesh: trimesh.Trimesh, *, target: FrameRef, source: FrameRef) -> trimesh.Trimesh:
    """Reflect a mesh x -> -x (right hip <-> left hip in the hip frame), keeping outward normals."""
    return transform_mesh(mesh, RigidTransform.mirror_x(target=target, source=source))
