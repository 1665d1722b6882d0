"""iHOT-12: mean of answered 0-100 items, at most two missing, exact decimal arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chondral.errors import InputDataError
from chondral.outcomes import ihot12, score_ihot12


def items(*values: float | None) -> dict[str, float | None]:
    return {f"q{i}": value for i, value in enumerate(values, start=1)}


class TestIhot12Score:
    def test_all_answered(self) -> None:
        # (50 x 11 + 51) / 12 = 50.0833... -> 50.1
        assert score_ihot12(items(*[50] * 11, 51)).score == Decimal("50.1")

    def test_reals_are_read_as_written(self) -> None:
        # mean 72.35 exactly -> 72.4; round(72.35, 1) on the binary float gives 72.3
        result = score_ihot12(items(*[72.35] * 12))
        assert result.score == Decimal("72.4")

    def test_extremes(self) -> None:
        assert score_ihot12(items(*[0] * 12)).score == Decimal("0.0")
        assert score_ihot12(items(*[100] * 12)).score == Decimal("100.0")

    def test_two_missing_is_scorable(self) -> None:
        # 10 answered: (60 x 9 + 65) / 10 = 60.5
        result = score_ihot12(items(*[60] * 9, 65, None))
        assert result.score == Decimal("60.5") and result.answered == 10
        assert result.missing == ("q11", "q12")

    def test_three_missing_is_not_scorable(self) -> None:
        result = score_ihot12(items(*[60] * 9))
        assert result.score is None and result.answered == 9
        assert result.reason == (
            "ihot12 allows at most 2 of 12 items missing, 3 are (not answered: q10, q11, q12)"
        )

    def test_max_missing_is_configurable(self) -> None:
        assert score_ihot12(items(*[60] * 9), max_missing=3).score == Decimal("60.0")
        assert score_ihot12(items(*[60] * 11), max_missing=0).score is None

    @pytest.mark.parametrize("bad", [-1, 12, False, 2.0])
    def test_max_missing_out_of_range_is_refused(self, bad: object) -> None:
        with pytest.raises(InputDataError) as error:
            score_ihot12(items(50), max_missing=bad)  # type: ignore[arg-type]
        assert error.value.field == "max_missing"

    def test_version_and_default(self) -> None:
        assert ihot12.VERSION == "1" and ihot12.DEFAULT_MAX_MISSING == 2
