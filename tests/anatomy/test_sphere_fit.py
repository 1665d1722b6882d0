from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.anatomy import fit_sphere, fit_sphere_trimmed
from chondral.errors import GeometryError


def _cap_points(rng: np.random.Generator, centre: np.ndarray, radius: float, n: int) -> np.ndarray:
    directions = rng.normal(size=(n, 3))
    directions /= np.linalg.norm(directions, axis=1)[:, None]
    directions[:, 2] = np.abs(directions[:, 2])  # a hemisphere, like a femoral head cap
    return centre + radius * directions


class TestSphereFit:
    @settings(max_examples=20, deadline=None)
    @given(
        centre=st.tuples(*[st.floats(-500.0, 500.0)] * 3),
        radius=st.floats(10.0, 40.0),
        seed=st.integers(0, 1000),
    )
    def test_exact_points_give_the_exact_sphere(
        self, centre: tuple[float, float, float], radius: float, seed: int
    ) -> None:
        points = _cap_points(np.random.default_rng(seed), np.array(centre), radius, 200)
        fit = fit_sphere(points)
        np.testing.assert_allclose(fit.center_mm, centre, atol=1e-6)
        assert fit.radius_mm == pytest.approx(radius, abs=1e-6)
        assert fit.rms_mm < 1e-6

    def test_trimming_removes_outliers(self) -> None:
        rng = np.random.default_rng(4)
        centre = np.array([80.0, -120.0, -830.0])
        head = _cap_points(rng, centre, 24.0, 2000) + rng.normal(scale=0.2, size=(2000, 3))
        neck = centre + rng.uniform(-40.0, 40.0, size=(400, 3)) * [1.0, 1.0, 0.2] - [0, 0, 30.0]
        fit = fit_sphere_trimmed(np.vstack([head, neck]))
        assert np.linalg.norm(fit.center_mm - centre) < 0.1
        assert fit.radius_mm == pytest.approx(24.0, abs=0.1)
        assert fit.inliers[:2000].mean() > 0.95 and fit.inliers[2000:].mean() < 0.05

    def test_too_few_points_are_refused(self) -> None:
        with pytest.raises(GeometryError):
            fit_sphere(np.zeros((3, 3)))
