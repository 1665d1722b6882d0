"""Exact half-up rounding to one decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.outcomes._rounding import exact_decimal, exact_sum, round_half_up_tenths


class TestRoundHalfUpTenths:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Fraction(1, 4), "0.3"),
            (Fraction(-1, 4), "-0.3"),
            (Fraction(3, 20), "0.2"),
            (Fraction(1449, 20), "72.5"),
            (Fraction(1001, 10), "100.1"),
            (Fraction(0), "0.0"),
            (Fraction(2, 3), "0.7"),
            (Fraction(1, 3), "0.3"),
            (Fraction(249, 1000), "0.2"),
        ],
    )
    def test_known_values(self, value: Fraction, expected: str) -> None:
        rounded = round_half_up_tenths(value)
        assert rounded == Decimal(expected)
        assert str(rounded) == expected  # always exactly one decimal

    @given(st.integers(-(10**9), 10**9), st.integers(1, 10**6))
    def test_matches_decimal_round_half_up(self, numerator: int, denominator: int) -> None:
        with localcontext() as context:
            context.prec = 60  # enough digits that no tie is lost for these sizes
            expected = (Decimal(numerator) / Decimal(denominator)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        assert round_half_up_tenths(Fraction(numerator, denominator)) == expected


class TestExactArithmetic:
    def test_float_is_read_as_its_decimal(self) -> None:
        assert exact_decimal(72.35) == Decimal("72.35")
        assert exact_decimal(0.1) == Decimal("0.1")

    def test_sum_keeps_every_digit(self) -> None:
        # 28-digit default precision would lose the tiny term; the exact sum keeps it
        assert exact_sum([50, exact_decimal(5e-300)]) == Fraction(50) + Fraction(5, 10**300)
        assert exact_sum([1, 2, Decimal("0.25")]) == Fraction(13, 4)
        assert exact_sum([]) == 0
