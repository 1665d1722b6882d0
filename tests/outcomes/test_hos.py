"""HOS-ADL and HOS-Sport: percentages of the answered maximum, N/A handling, minimums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chondral.errors import InputDataError
from chondral.outcomes import hos_adl, hos_sport, score_hos_adl, score_hos_sport


def adl(*values: int | str | None) -> dict[str, int | str | None]:
    """ADL answers for adl_1, adl_2 ... in order."""
    return {f"adl_{i}": value for i, value in enumerate(values, start=1)}


def sport(*values: int | str | None) -> dict[str, int | str | None]:
    return {f"sport_{i}": value for i, value in enumerate(values, start=1)}


class TestHosAdlScore:
    def test_all_no_difficulty_is_100(self) -> None:
        result = score_hos_adl(adl(*[4] * 17))
        assert result.score == Decimal("100.0") and result.answered == 17

    def test_all_unable_is_0(self) -> None:
        assert score_hos_adl(adl(*[0] * 17)).score == Decimal("0.0")

    def test_mixed_answers(self) -> None:
        # sum 4+4+4+3+3+2+2+1+0 + 8 x 3 = 23 + 24 = 47 of 68: 100 x 47 / 68 = 69.117... -> 69.1
        result = score_hos_adl(adl(4, 4, 4, 3, 3, 2, 2, 1, 0, *[3] * 8))
        assert result.score == Decimal("69.1")

    def test_not_applicable_leaves_sum_and_count(self) -> None:
        # 14 answered, all 3: 100 x 42 / 56 = 75.0; the three "na" count nowhere
        result = score_hos_adl(adl("na", 3, "na", *[3] * 12, "na", 3))
        assert result.score == Decimal("75.0")
        assert result.answered == 14
        assert result.not_applicable == ("adl_1", "adl_3", "adl_16")

    def test_not_applicable_equals_blank(self) -> None:
        with_na = score_hos_adl(adl(2, 3, "na", 4, *[1] * 13))
        blank = score_hos_adl(adl(2, 3, None, 4, *[1] * 13))
        assert with_na.score == blank.score

    def test_exact_tie_rounds_half_up(self) -> None:
        # 12 answered, sum 3: 100 x 3 / 48 = 6.25 exactly -> 6.3 (a binary round gives 6.2)
        result = score_hos_adl(adl(1, 1, 1, *[0] * 9))
        assert result.score == Decimal("6.3")


class TestHosAdlMinimum:
    def test_nine_answered_is_scorable(self) -> None:
        # 4+4+4+3+3+2+2+1+0 = 23: 100 x 23 / 36 = 63.88... -> 63.9
        result = score_hos_adl(adl(4, 4, 4, 3, 3, 2, 2, 1, 0))
        assert result.score == Decimal("63.9") and result.answered == 9

    def test_eight_answered_is_not_scorable(self) -> None:
        result = score_hos_adl(adl(4, 4, 4, 3, 3, 2, 2, 1, "na"))
        assert result.score is None and result.answered == 8
        assert result.reason is not None
        assert result.reason.startswith("hos_adl needs at least 9 of 17 items answered, 8 were")
        assert "not applicable: adl_9" in result.reason
        assert "not answered: adl_10, adl_11" in result.reason

    def test_minimum_is_configurable(self) -> None:
        answers = adl(4, 4, 4, 3, 3, 2, 2, 1)
        assert score_hos_adl(answers).score is None
        assert score_hos_adl(answers, min_answered=8).score == Decimal("71.9")  # 23/32

    @pytest.mark.parametrize("bad", [0, 18, True, 9.0])
    def test_minimum_out_of_range_is_refused(self, bad: object) -> None:
        with pytest.raises(InputDataError) as error:
            score_hos_adl(adl(4), min_answered=bad)  # type: ignore[arg-type]
        assert error.value.field == "min_answered"

    def test_default_is_documented_as_ours(self) -> None:
        assert hos_adl.DEFAULT_MIN_ANSWERED == 9
        assert "chondral" in (hos_adl.__doc__ or "") and "References" in (hos_adl.__doc__ or "")


class TestHosSport:
    def test_all_answered(self) -> None:
        # 4+3+2+1+0+4+3+2+1 = 20 of 36 -> 55.555... -> 55.6
        assert score_hos_sport(sport(4, 3, 2, 1, 0, 4, 3, 2, 1)).score == Decimal("55.6")

    def test_five_answered_is_scorable(self) -> None:
        # 4+4+3+3+2 = 16 of 20 -> 80.0
        result = score_hos_sport(sport(4, 4, 3, 3, 2, "na", "na", None))
        assert result.score == Decimal("80.0") and result.answered == 5

    def test_four_answered_is_not_scorable(self) -> None:
        result = score_hos_sport(sport(4, 4, 3, 3, "na", "na", "na", "na", "na"))
        assert result.score is None and result.answered == 4
        assert result.reason is not None and "at least 5 of 9" in result.reason

    def test_exact_tie_rounds_half_up(self) -> None:
        # 8 answered, sum 2: 100 x 2 / 32 = 6.25 -> 6.3
        assert score_hos_sport(sport(1, 1, 0, 0, 0, 0, 0, 0)).score == Decimal("6.3")

    def test_version_and_default(self) -> None:
        assert hos_sport.VERSION == "1" and hos_sport.DEFAULT_MIN_ANSWERED == 5
