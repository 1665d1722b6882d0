"""The acetabular axis and the clock-face basis of a hip, in the hip frame.

Conventions (product.md section 4):

- **Hip frame**: origin at the femoral head centre, axes parallel to LPS. Lateral is -x for a
  right hip and +x for a left hip (``Side.lateral_sign_x``); anterior is -y; superior is +z.
- **Acetabular axis** ``n``: the unit vector out of the socket, from radiographic inclination I
  and anteversion A: lateral component cos(A) sin(I), anterior sin(A), inferior cos(A) cos(I).
- **Clock face**, the same for both sides: looking into the socket along -n, 12:00 is superior,
  3:00 anterior and 6:00 inferior (at the notch). ``clock_deg`` is 0 at 12:00 and grows by 30 per
  hour toward anterior. The in-plane direction of 12:00 is superior projected on the plane normal
  to ``n``; that of 3:00 is the in-plane direction that points anterior. For a right hip
  3:00 = ``twelve x n``; for a left hip ``n x twelve`` (the dial is the mirror image).

References
----------
- product.md section 4 (hip frame, acetabular axis, clock face).
- clinical-reference.md section 2.3 (clock face: 12:00 superior, 3:00 anterior for both sides).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chondral.domain import AcetabularOrientation, Side
from chondral.errors import InvalidValueError
from chondral.frames import FrameKind, FrameRef

__all__ = [
    "ANTERIOR",
    "SUPERIOR",
    "ClockBasis",
    "acetabular_axis",
    "clock_basis",
    "hip_frame",
    "lateral_direction",
]

FloatArray = NDArray[np.float64]

ANTERIOR: FloatArray = np.array([0.0, -1.0, 0.0])
"""Anterior in LPS (and in the hip frame, whose axes are parallel to LPS)."""
SUPERIOR: FloatArray = np.array([0.0, 0.0, 1.0])
"""Superior in LPS and in the hip frame."""


def hip_frame(side: Side) -> FrameRef:
    """The hip frame of one side (a left and a right hip frame are different frames)."""
    return FrameRef(kind=FrameKind.HIP, uid=side.value)


def lateral_direction(side: Side) -> FloatArray:
    """Unit vector pointing lateral for a hip of ``side``: -x for right, +x for left."""
    return np.array([float(side.lateral_sign_x), 0.0, 0.0])


def acetabular_axis(inclination_deg: float, anteversion_deg: float, side: Side) -> FloatArray:
    """Unit vector out of the socket in the hip frame.

    ``n = cos(A) sin(I) lateral + sin(A) anterior + cos(A) cos(I) inferior``.

    >>> np.round(acetabular_axis(90.0, 0.0, Side.LEFT), 6).tolist()
    [1.0, 0.0, 0.0]
    """
    if not 0.0 < inclination_deg < 90.0 + 1e-9:
        raise InvalidValueError(
            f"must be in (0, 90] deg, got {inclination_deg:g}", field="inclination_deg"
        )
    if not -45.0 <= anteversion_deg <= 60.0:
        raise InvalidValueError(
            f"must be in [-45, 60] deg, got {anteversion_deg:g}", field="anteversion_deg"
        )
    inclination_rad = math.radians(inclination_deg)
    anteversion_rad = math.radians(anteversion_deg)
    lateral = math.cos(anteversion_rad) * math.sin(inclination_rad)
    anterior = math.sin(anteversion_rad)
    inferior = math.cos(anteversion_rad) * math.cos(inclination_rad)
    axis = lateral * lateral_direction(side) + anterior * ANTERIOR - inferior * SUPERIOR
    normalised: FloatArray = axis / np.linalg.norm(axis)
    return normalised


@dataclass(frozen=True, slots=True)
class ClockBasis:
    """Orthonormal basis of one hip's clock face, in the hip frame.

    ``axis`` is ``n`` (out of the socket); ``twelve`` and ``three`` are the in-plane unit
    directions of 12:00 (superior) and 3:00 (anterior). A direction at ``clock_deg`` theta in the
    plane is ``cos(theta) twelve + sin(theta) three``.
    """

    side: Side
    axis: FloatArray
    twelve: FloatArray
    three: FloatArray

    def __post_init__(self) -> None:
        for name in ("axis", "twelve", "three"):
            vector = np.array(getattr(self, name), dtype=np.float64)
            vector.setflags(write=False)
            object.__setattr__(self, name, vector)

    @property
    def apex(self) -> FloatArray:
        """The deepest direction of the socket, ``-n``."""
        apex: FloatArray = -self.axis
        return apex


def clock_basis(orientation: AcetabularOrientation, side: Side) -> ClockBasis:
    """The clock-face basis of a hip with this acetabular orientation and side.

    12:00 is superior projected on the plane normal to ``n``; 3:00 is the in-plane direction that
    points anterior, which is ``twelve x n`` for a right hip and ``n x twelve`` for a left hip.
    """
    axis = acetabular_axis(orientation.inclination_deg, orientation.anteversion_deg, side)
    twelve = SUPERIOR - float(SUPERIOR @ axis) * axis
    twelve_norm = float(np.linalg.norm(twelve))
    if twelve_norm < 1e-9:
        raise InvalidValueError(
            "the acetabular axis is vertical: 12:00 is undefined", field="acetabulum"
        )
    twelve = twelve / twelve_norm
    three = float(side.lateral_sign_x) * np.cross(axis, twelve)
    return ClockBasis(side=side, axis=axis, twelve=twelve, three=three)
