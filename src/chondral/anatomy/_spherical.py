"""Private helpers for triangulated pieces of a sphere: grid faces and exact triangle areas."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def grid_faces(n_rows: int, n_columns: int) -> NDArray[np.int64]:
    """Two triangles per cell of a row-major (n_rows x n_columns) vertex grid."""
    rows, columns = np.meshgrid(np.arange(n_rows - 1), np.arange(n_columns - 1), indexing="ij")
    corner = (rows * n_columns + columns).ravel()
    first = np.stack([corner, corner + n_columns, corner + 1], axis=1)
    second = np.stack([corner + 1, corner + n_columns, corner + n_columns + 1], axis=1)
    return np.concatenate([first, second]).astype(np.int64)


def spherical_triangle_areas_mm2(
    directions: FloatArray, faces: NDArray[np.int64], radius_mm: float
) -> FloatArray:
    """Areas of the geodesic triangles spanned by unit ``directions`` on a sphere.

    Van Oosterom & Strackee (1983): tan(E/2) = |a.(b x c)| / (1 + a.b + b.c + c.a), area = E R^2.
    """
    a = directions[faces[:, 0]]
    b = directions[faces[:, 1]]
    c = directions[faces[:, 2]]
    triple = np.abs(np.einsum("ij,ij->i", a, np.cross(b, c)))
    denominator = (1.0 + np.einsum("ij,ij->i", a, b) + np.einsum("ij,ij->i", b, c)) + np.einsum(
        "ij,ij->i", c, a
    )
    excess_rad = 2.0 * np.arctan2(triple, denominator)
    areas: FloatArray = excess_rad * radius_mm * radius_mm
    return areas
