import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.errors import InvalidValueError
from chondral.units import bmi_kg_m2, ellipse_area_mm2


class TestEllipseArea:
    def test_circle_of_diameter_10_has_area_25_pi(self):
        assert ellipse_area_mm2(10.0, 10.0) == pytest.approx(25.0 * math.pi, rel=1e-12)

    def test_issue_example_14_by_10(self):
        assert ellipse_area_mm2(14.0, 10.0) == pytest.approx(math.pi / 4 * 140.0, rel=1e-12)

    def test_negative_axis_is_refused(self):
        with pytest.raises(ValueError):
            ellipse_area_mm2(-1.0, 5.0)

    @given(st.floats(0, 100), st.floats(0, 100))
    def test_symmetric_in_its_axes(self, a, b):
        assert ellipse_area_mm2(a, b) == pytest.approx(ellipse_area_mm2(b, a))


class TestBmi:
    def test_known_value(self):
        # 80 kg at 200 cm: 80 / 2.0^2 = 20 exactly
        assert bmi_kg_m2(80.0, 200.0) == pytest.approx(20.0)

    @pytest.mark.parametrize(("weight", "height"), [(0, 170), (70, 0), (-1, 170)])
    def test_non_positive_inputs_refused(self, weight, height):
        with pytest.raises(ValueError):
            bmi_kg_m2(weight, height)


class TestRefusals:
    @pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
    def test_an_ellipse_axis_must_be_a_finite_length(self, bad):
        with pytest.raises(InvalidValueError) as refused:
            ellipse_area_mm2(bad, 10.0)
        assert refused.value.field == "length_mm"

    @pytest.mark.parametrize("bad", [0.0, -60.0, math.nan, math.inf])
    def test_bmi_needs_a_finite_positive_weight(self, bad):
        with pytest.raises(InvalidValueError) as refused:
            bmi_kg_m2(bad, 170.0)
        assert refused.value.field == "weight_kg"
