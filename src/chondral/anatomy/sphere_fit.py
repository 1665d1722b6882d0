"""Robust sphere fitting: algebraic least squares, geometric refinement, iterative trimming,
and RANSAC from oriented points (points with surface normals).

All inputs and outputs are in millimetres. The geometric residual of a point is
``|p - c| - r``; ``rms_mm`` is the root mean square of the residuals of the kept points.

References
----------
- Least-squares sphere fit of the femoral head, as used for the hip joint centre by LibHip
  (Moshfeghifar et al. 2022, shared/data/libhip/morphodata/README.md).
- Fischler & Bolles 1981, RANSAC.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from chondral.errors import GeometryError

__all__ = [
    "SphereFit",
    "fit_sphere",
    "fit_sphere_trimmed",
    "ransac_sphere_from_normals",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

TRIM_FACTOR = 3.0
"""Points whose |residual| exceeds this many robust standard deviations are dropped."""
MIN_TRIM_MM = 0.3
"""Never trim closer than this: residuals below it are mesh noise, not outliers."""


@dataclass(frozen=True, slots=True)
class SphereFit:
    """A fitted sphere: centre and radius (mm), RMS residual of the kept points (mm), and which
    input points were kept (``inliers``)."""

    center_mm: FloatArray
    radius_mm: float
    rms_mm: float
    inliers: BoolArray

    @property
    def n_points(self) -> int:
        """Number of points the final fit used."""
        return int(self.inliers.sum())


def _algebraic_fit(points_mm: FloatArray) -> tuple[FloatArray, float]:
    design = np.column_stack([2.0 * points_mm, np.ones(len(points_mm))])
    target = np.sum(points_mm * points_mm, axis=1)
    solution, *_ = np.linalg.lstsq(design, target, rcond=None)
    center = solution[:3]
    radius_squared = float(solution[3] + center @ center)
    if radius_squared <= 0.0:
        raise GeometryError("the points do not lie on a sphere")
    return center, float(np.sqrt(radius_squared))


def fit_sphere(points_mm: FloatArray) -> SphereFit:
    """Least-squares sphere through all points: algebraic start, geometric refinement."""
    points = np.asarray(points_mm, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 3 or len(points) < 4:
        raise GeometryError(f"a sphere fit needs at least 4 points (n, 3); got {points.shape}")
    center0, radius0 = _algebraic_fit(points)

    def residuals(parameters: FloatArray) -> FloatArray:
        distances: FloatArray = np.linalg.norm(points - parameters[:3], axis=1) - parameters[3]
        return distances

    from scipy.optimize import least_squares

    result = least_squares(residuals, np.append(center0, radius0), method="lm")
    center = np.asarray(result.x[:3], dtype=np.float64)
    radius = float(abs(result.x[3]))
    rms = float(np.sqrt(np.mean(residuals(np.append(center, radius)) ** 2)))
    return SphereFit(center, radius, rms, np.ones(len(points), dtype=bool))


def fit_sphere_trimmed(
    points_mm: FloatArray, *, max_iterations: int = 10, initial: BoolArray | None = None
) -> SphereFit:
    """Least-squares fit with iterative trimming of outliers.

    Starting from ``initial`` (all points by default), refit and keep the points whose residual
    lies within ``TRIM_FACTOR`` robust standard deviations (1.4826 x MAD, at least
    ``MIN_TRIM_MM``) until the kept set stops changing.
    """
    points = np.asarray(points_mm, dtype=np.float64)
    keep = np.ones(len(points), dtype=bool) if initial is None else np.asarray(initial, bool)
    fit = fit_sphere(points[keep])
    for _ in range(max_iterations):
        residual = np.linalg.norm(points - fit.center_mm, axis=1) - fit.radius_mm
        sigma = 1.4826 * float(np.median(np.abs(residual[keep])))
        new_keep = np.abs(residual) <= max(TRIM_FACTOR * sigma, MIN_TRIM_MM)
        if new_keep.sum() < 4:
            break
        if np.array_equal(new_keep, keep):
            break
        keep = new_keep
        fit = fit_sphere(points[keep])
    return SphereFit(fit.center_mm, fit.radius_mm, fit.rms_mm, keep)


def ransac_sphere_from_normals(
    points_mm: FloatArray,
    normals: FloatArray,
    weights: FloatArray,
    *,
    radius_range_mm: tuple[float, float],
    tolerance_mm: float = 1.0,
    normal_tolerance_deg: float = 20.0,
    iterations: int = 400,
    seed: int = 0,
) -> tuple[FloatArray, float, BoolArray]:
    """Best convex sphere by RANSAC on oriented points (deterministic for a given ``seed``).

    Two oriented points define a candidate: the centre is the closest approach of the two lines
    ``p - t n``. A point supports a candidate when its distance to the sphere is within
    ``tolerance_mm`` and its outward normal points away from the centre within
    ``normal_tolerance_deg``; support is the sum of ``weights`` (e.g. face areas). Returns the
    centre, radius and supporting mask of the best candidate whose radius is in range.
    """
    rng = np.random.default_rng(seed)
    n_points = len(points_mm)
    if n_points < 2:
        raise GeometryError("RANSAC needs at least two oriented points")
    cos_tolerance = float(np.cos(np.radians(normal_tolerance_deg)))
    first = rng.integers(0, n_points, iterations)
    second = rng.integers(0, n_points, iterations)
    p1, n1, p2, n2 = points_mm[first], normals[first], points_mm[second], normals[second]
    cross_dot = np.einsum("ij,ij->i", n1, n2)
    denominator = 1.0 - cross_dot**2
    valid = denominator > 1e-3
    offset = p2 - p1
    b1 = np.einsum("ij,ij->i", n1, offset)
    b2 = np.einsum("ij,ij->i", n2, offset)
    safe = np.where(valid, denominator, 1.0)
    t1 = (b1 - cross_dot * b2) / safe
    t2 = (cross_dot * b1 - b2) / safe
    centre_1 = p1 + t1[:, None] * n1
    centre_2 = p2 + t2[:, None] * n2
    centres = 0.5 * (centre_1 + centre_2)
    radii = 0.5 * (np.abs(t1) + np.abs(t2))
    agree = np.linalg.norm(centre_1 - centre_2, axis=1) < 2.0 * tolerance_mm
    low, high = radius_range_mm
    candidates = np.flatnonzero(
        valid & agree & (t1 < 0) & (t2 < 0) & (radii >= low) & (radii <= high)
    )
    # t < 0: the centre lies behind both surfaces (inside a convex sphere); p - |t| n.
    best_support = -1.0
    best: tuple[FloatArray, float, BoolArray] | None = None
    for index in candidates:
        support_mask = _support(
            points_mm, normals, centres[index], radii[index], tolerance_mm, cos_tolerance
        )
        support = float(weights[support_mask].sum())
        if support > best_support:
            best_support = support
            best = (centres[index], float(radii[index]), support_mask)
    if best is None:
        raise GeometryError(
            f"no sphere with a radius of {low:g}-{high:g} mm was found on the surface"
        )
    return best


def _support(
    points_mm: FloatArray,
    normals: FloatArray,
    centre: FloatArray,
    radius_mm: float,
    tolerance_mm: float,
    cos_tolerance: float,
) -> BoolArray:
    offset = points_mm - centre
    distance = np.linalg.norm(offset, axis=1)
    radial = offset / np.maximum(distance, 1e-12)[:, None]
    aligned = np.einsum("ij,ij->i", radial, normals) >= cos_tolerance
    mask: BoolArray = (np.abs(distance - radius_mm) <= tolerance_mm) & aligned
    return mask
