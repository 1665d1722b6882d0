from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.anatomy import acetabular_axis, clock_basis
from chondral.domain import AcetabularOrientation, Side

ANTERIOR = np.array([0.0, -1.0, 0.0])


class TestAcetabularAxis:
    @pytest.mark.parametrize("side", list(Side))
    def test_components_follow_the_convention(self, side: Side) -> None:
        axis = acetabular_axis(45.0, 20.0, side)
        lateral = side.lateral_sign_x * axis[0]
        assert lateral == pytest.approx(math.cos(math.radians(20)) * math.sin(math.radians(45)))
        assert -axis[1] == pytest.approx(math.sin(math.radians(20)))  # anterior is -y
        assert -axis[2] == pytest.approx(math.cos(math.radians(20)) * math.cos(math.radians(45)))

    def test_right_is_the_mirror_of_left(self) -> None:
        right = acetabular_axis(40.0, 15.0, Side.RIGHT)
        left = acetabular_axis(40.0, 15.0, Side.LEFT)
        np.testing.assert_allclose(right * [-1, 1, 1], left)

    def test_refuses_impossible_angles(self) -> None:
        with pytest.raises(ValueError):
            acetabular_axis(0.0, 20.0, Side.LEFT)


class TestClockBasis:
    @given(
        inclination_deg=st.floats(20.0, 70.0),
        anteversion_deg=st.floats(-10.0, 40.0),
        side=st.sampled_from(list(Side)),
    )
    def test_orthonormal_and_three_oclock_anterior(
        self, inclination_deg: float, anteversion_deg: float, side: Side
    ) -> None:
        basis = clock_basis(AcetabularOrientation(inclination_deg, anteversion_deg), side)
        matrix = np.stack([basis.axis, basis.twelve, basis.three])
        np.testing.assert_allclose(matrix @ matrix.T, np.eye(3), atol=1e-12)
        assert basis.twelve[2] > 0.0  # 12:00 superior
        assert basis.three @ ANTERIOR > 0.0  # 3:00 anterior (-y) for both sides

    def test_three_oclock_is_exactly_anterior_without_anteversion(self) -> None:
        for side in Side:
            basis = clock_basis(AcetabularOrientation(45.0, 0.0), side)
            np.testing.assert_allclose(basis.three, ANTERIOR, atol=1e-12)

    def test_dial_is_mirrored_for_a_left_hip(self) -> None:
        """Looking along -n with 12:00 up, screen-right is (-n) x up: 3:00 for a right hip,
        9:00 for a left hip (the left dial is the mirror image)."""
        for side, screen_right_hour in ((Side.RIGHT, "three"), (Side.LEFT, "nine")):
            basis = clock_basis(AcetabularOrientation(), side)
            screen_right = np.cross(-basis.axis, basis.twelve)
            expected = basis.three if screen_right_hour == "three" else -basis.three
            np.testing.assert_allclose(screen_right, expected, atol=1e-12)
