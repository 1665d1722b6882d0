"""NAHS (sum x 1.25, all items) and VAS pain (0-10, lower is better)."""

from __future__ import annotations

from decimal import Decimal

from chondral.outcomes import Direction, nahs, score_nahs, score_vas_pain, vas_pain


def nahs_items(*values: int | None) -> dict[str, int | None]:
    return {f"n{i}": value for i, value in enumerate(values, start=1)}


class TestNahs:
    def test_all_none_is_100(self) -> None:
        assert score_nahs(nahs_items(*[4] * 20)).score == Decimal("100.0")

    def test_tie_rounds_half_up(self) -> None:
        # sum 57 (17 x 3 + 3 x 2): 57 x 1.25 = 71.25 -> 71.3 (a binary round gives 71.2)
        assert score_nahs(nahs_items(*[3] * 17, 2, 2, 2)).score == Decimal("71.3")

    def test_whole_number_sum(self) -> None:
        # sum 40: 50.0
        assert score_nahs(nahs_items(*[2] * 20)).score == Decimal("50.0")

    def test_every_item_is_required(self) -> None:
        result = score_nahs(nahs_items(*[4] * 19))
        assert result.score is None and result.answered == 19
        assert result.reason == "nahs needs all 20 items answered (not answered: n20)"

    def test_version(self) -> None:
        assert nahs.VERSION == "1" and nahs.SCALE_FACTOR * 80 == 100


class TestVasPain:
    def test_integer_mark(self) -> None:
        assert score_vas_pain({"pain": 7}).score == Decimal("7.0")

    def test_tie_rounds_half_up(self) -> None:
        # 3.25 is exact in binary, so round(3.25, 1) gives 3.2 (ties to even); half-up gives 3.3
        assert score_vas_pain({"pain": 3.25}).score == Decimal("3.3")

    def test_blank_is_not_scorable(self) -> None:
        result = score_vas_pain({"pain": None})
        assert result.score is None
        assert result.reason == "vas_pain needs its one item answered (not answered: pain)"

    def test_lower_is_better(self) -> None:
        assert vas_pain.DEFINITION.direction is Direction.LOWER_IS_BETTER
        assert vas_pain.VERSION == "1"
