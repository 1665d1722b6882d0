"""mHHS: hand-computed scores, the 100.0 cap, every item required."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chondral.outcomes import mhhs, score_mhhs


class TestMhhsScore:
    def test_perfect_raw_91_is_capped_at_100(self, mhhs_best: dict[str, str]) -> None:
        # 91 x 1.1 = 100.1, above the scale: capped to 100.0
        result = score_mhhs(mhhs_best)
        assert result.score == Decimal("100.0")
        assert result.scorable and result.answered == 8 and result.reason is None

    def test_raw_90_is_99_not_capped(self, mhhs_best: dict[str, str]) -> None:
        result = score_mhhs({**mhhs_best, "public_transport": "unable"})
        assert result.score == Decimal("99.0")  # 90 x 1.1

    def test_mixed_answers(self) -> None:
        answers = {
            "pain": "mild",  # 30
            "limp": "slight",  # 8
            "support": "cane_long_walks",  # 7
            "distance": "six_blocks",  # 8
            "stairs": "with_rail",  # 2
            "socks_shoes": "difficult",  # 2
            "sitting": "high_chair_30min",  # 3
            "public_transport": "able",  # 1
        }
        assert score_mhhs(answers).score == Decimal("67.1")  # 61 x 1.1

    def test_worst_answers_score_zero(self) -> None:
        answers = {
            "pain": "disabled",
            "limp": "severe",
            "support": "unable",
            "distance": "bed_chair",
            "stairs": "unable",
            "socks_shoes": "unable",
            "sitting": "unable",
            "public_transport": "unable",
        }
        assert score_mhhs(answers).score == Decimal("0.0")

    @pytest.mark.parametrize(
        ("item", "code", "points"),
        [
            ("pain", "slight", 40),
            ("pain", "moderate", 20),
            ("pain", "marked", 10),
            ("limp", "moderate", 5),
            ("support", "cane_most_time", 5),
            ("support", "one_crutch", 3),
            ("support", "two_canes", 2),
            ("support", "two_crutches", 0),
            ("distance", "two_three_blocks", 5),
            ("distance", "indoors", 2),
            ("stairs", "any_manner", 1),
        ],
    )
    def test_each_answer_code_is_worth_its_points(
        self, mhhs_best: dict[str, str], item: str, code: str, points: int
    ) -> None:
        best = {"pain": 44, "limp": 11, "support": 11, "distance": 11, "stairs": 4}[item]
        raw = 91 - best + points
        expected = min(Decimal(raw) * Decimal("1.1"), Decimal("100.0"))
        assert score_mhhs({**mhhs_best, item: code}).score == expected

    def test_module_declares_version_and_factor(self) -> None:
        assert mhhs.VERSION == mhhs.DEFINITION.version == "1"
        assert Decimal("100.1") == mhhs.SCALE_FACTOR * 91
        assert "References" in (mhhs.__doc__ or "")


class TestMhhsMissingItems:
    def test_a_blank_item_makes_the_form_unscorable(self, mhhs_best: dict[str, str]) -> None:
        del mhhs_best["stairs"]
        mhhs_best["limp"] = None  # type: ignore[assignment]
        result = score_mhhs(mhhs_best)
        assert result.score is None and not result.scorable
        assert result.answered == 6
        assert result.missing == ("limp", "stairs")
        assert result.reason == "mhhs needs all 8 items answered (not answered: limp, stairs)"

    def test_empty_form(self) -> None:
        result = score_mhhs({})
        assert result.score is None and result.answered == 0
