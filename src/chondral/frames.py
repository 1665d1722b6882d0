"""Coordinate frames, points that carry their frame, and rigid transforms between frames.

Conventions (product.md section 4):

- **Patient frame**: DICOM LPS in millimetres: +x toward the patient's left, +y posterior,
  +z superior. NIfTI RAS is converted to LPS in exactly one function in ``chondral.imaging``.
- **Hip frame** of a hip of side ``s``: origin at the femoral head centre, axes parallel to LPS.
  Lateral is -x for a right hip and +x for a left hip; anterior is -y; superior is +z.
- Transforms are named ``<to>_from_<from>`` and compose right to left::

      patient_from_template = patient_from_hip @ hip_from_template

  Composing transforms whose frames do not chain raises ``FrameMismatchError``; so does
  applying a transform to points in another frame.
- A transform is a 4 x 4 homogeneous matrix whose upper-left 3 x 3 block is orthonormal
  (a rotation, or a reflection when its determinant is -1: left/right mirroring). Anything else
  is refused at construction. Translations are in millimetres.
- A reflection reverses the orientation of triangles; ``RigidTransform.flips_winding`` says so,
  and mesh code must reverse face order when it is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from chondral.errors import FrameMismatchError, InvalidValueError

__all__ = [
    "ORTHONORMAL_TOLERANCE",
    "FrameKind",
    "FrameRef",
    "Points",
    "RigidTransform",
]

ORTHONORMAL_TOLERANCE = 1e-6
"""Largest |R^T R - I| entry accepted for the linear part of a rigid transform."""

FloatArray = NDArray[np.float64]


class FrameKind(StrEnum):
    """What a frame is anchored to."""

    VOXEL_IJK = "voxel_ijk"
    PATIENT_LPS = "patient_lps"
    HIP = "hip"
    TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class FrameRef:
    """A named frame. Two frames are the same only if kind and uid are equal.

    ``uid`` distinguishes frames of the same kind (two CT scans of one patient are different
    patient frames until registered; a left and a right hip frame are different hip frames).
    """

    kind: FrameKind
    uid: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.uid}" if self.uid else self.kind.value


def _as_points_array(xyz_mm: object) -> FloatArray:
    array = np.asarray(xyz_mm, dtype=np.float64)
    if array.ndim == 1 and array.shape == (3,):
        array = array.reshape(1, 3)
    if array.ndim != 2 or array.shape[1] != 3:
        raise InvalidValueError(f"points must have shape (n, 3), got {array.shape}", field="xyz_mm")
    if not np.all(np.isfinite(array)):
        raise InvalidValueError("points must be finite", field="xyz_mm")
    return array


@dataclass(frozen=True, slots=True)
class Points:
    """An (n, 3) array of positions in millimetres, tagged with the frame it is expressed in."""

    xyz_mm: FloatArray
    frame: FrameRef

    def __post_init__(self) -> None:
        array = _as_points_array(self.xyz_mm)
        array.setflags(write=False)
        object.__setattr__(self, "xyz_mm", array)

    def __len__(self) -> int:
        return int(self.xyz_mm.shape[0])


@dataclass(frozen=True, slots=True)
class RigidTransform:
    """A rigid motion (rotation or reflection plus translation) from ``source`` to ``target``.

    Build one with ``RigidTransform(target=..., source=..., matrix=...)`` and name the variable
    ``<target>_from_<source>``.
    """

    target: FrameRef
    source: FrameRef
    matrix: FloatArray = field(default_factory=lambda: np.eye(4))

    def __post_init__(self) -> None:
        matrix = np.array(self.matrix, dtype=np.float64)
        if matrix.shape != (4, 4):
            raise InvalidValueError(
                f"a rigid transform is a 4 x 4 matrix, got shape {matrix.shape}", field="matrix"
            )
        if not np.all(np.isfinite(matrix)):
            raise InvalidValueError("a rigid transform must be finite", field="matrix")
        if not np.allclose(matrix[3], [0.0, 0.0, 0.0, 1.0], atol=ORTHONORMAL_TOLERANCE):
            raise InvalidValueError(
                "the last row of a rigid transform must be [0, 0, 0, 1]", field="matrix"
            )
        linear = matrix[:3, :3]
        error = np.abs(linear.T @ linear - np.eye(3)).max()
        if error > ORTHONORMAL_TOLERANCE:
            raise InvalidValueError(
                f"the linear part is not orthonormal (max error {error:.2e})", field="matrix"
            )
        matrix.setflags(write=False)
        object.__setattr__(self, "matrix", matrix)

    @classmethod
    def from_rotation_translation(
        cls,
        *,
        target: FrameRef,
        source: FrameRef,
        rotation: FloatArray,
        translation_mm: FloatArray,
    ) -> RigidTransform:
        """Assemble from a 3 x 3 orthonormal matrix and a translation in millimetres."""
        matrix = np.eye(4)
        matrix[:3, :3] = np.asarray(rotation, dtype=np.float64)
        matrix[:3, 3] = np.asarray(translation_mm, dtype=np.float64)
        return cls(target=target, source=source, matrix=matrix)

    @classmethod
    def translation(
        cls, *, target: FrameRef, source: FrameRef, translation_mm: FloatArray
    ) -> RigidTransform:
        """A pure translation (millimetres): the two frames have parallel axes."""
        return cls.from_rotation_translation(
            target=target, source=source, rotation=np.eye(3), translation_mm=translation_mm
        )

    @classmethod
    def identity(cls, *, target: FrameRef, source: FrameRef) -> RigidTransform:
        """Identity matrix between two frames that coincide (e.g. hip frame axes = LPS)."""
        return cls(target=target, source=source, matrix=np.eye(4))

    @classmethod
    def mirror_x(cls, *, target: FrameRef, source: FrameRef) -> RigidTransform:
        """Reflection x -> -x about the y-z plane: maps a right hip onto a left hip in the hip
        frame (axes parallel to LPS, origin at the head centre)."""
        matrix = np.diag([-1.0, 1.0, 1.0, 1.0])
        return cls(target=target, source=source, matrix=matrix)

    @property
    def rotation(self) -> FloatArray:
        """The 3 x 3 linear part (a copy)."""
        return np.array(self.matrix[:3, :3])

    @property
    def translation_mm(self) -> FloatArray:
        """The translation in millimetres (a copy)."""
        return np.array(self.matrix[:3, 3])

    @property
    def is_translation(self) -> bool:
        """True when the linear part is the identity (within ``ORTHONORMAL_TOLERANCE``): the
        source frame's axes are parallel to the target's."""
        return bool(np.abs(self.matrix[:3, :3] - np.eye(3)).max() <= ORTHONORMAL_TOLERANCE)

    @property
    def flips_winding(self) -> bool:
        """True for a reflection: triangle vertex order must be reversed after applying it."""
        return bool(np.linalg.det(self.matrix[:3, :3]) < 0.0)

    def inverse(self) -> RigidTransform:
        """The transform from ``target`` back to ``source``."""
        linear_inverse = self.matrix[:3, :3].T
        matrix = np.eye(4)
        matrix[:3, :3] = linear_inverse
        matrix[:3, 3] = -linear_inverse @ self.matrix[:3, 3]
        return RigidTransform(target=self.source, source=self.target, matrix=matrix)

    def __matmul__(self, other: RigidTransform) -> RigidTransform:
        """``a_from_b @ b_from_c`` -> ``a_from_c``; refuses frames that do not chain."""
        if not isinstance(other, RigidTransform):
            return NotImplemented
        if other.target != self.source:
            raise FrameMismatchError(
                f"cannot compose {self.target}<-{self.source} with {other.target}<-{other.source}:"
                f" {other.target} is not {self.source}"
            )
        return RigidTransform(
            target=self.target, source=other.source, matrix=self.matrix @ other.matrix
        )

    def apply(self, points: Points) -> Points:
        """Map points expressed in ``source`` into ``target``."""
        if points.frame != self.source:
            raise FrameMismatchError(
                f"points are in {points.frame}, but this transform maps from {self.source}"
            )
        xyz = points.xyz_mm @ self.matrix[:3, :3].T + self.matrix[:3, 3]
        return Points(xyz, self.target)

    def apply_to_directions(self, directions: FloatArray) -> FloatArray:
        """Map direction vectors (normals, axes): rotation/reflection only, no translation."""
        array = _as_points_array(directions)
        result: FloatArray = array @ self.matrix[:3, :3].T
        return result
