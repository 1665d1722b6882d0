"""Scoring by instrument code, and the configurable missing-item rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chondral.errors import InputDataError
from chondral.io.score_json import score_result_to_dict
from chondral.outcomes import DEFAULT_SCORING_RULES, Instrument, ScoringRules, score_response


class TestScoreResponse:
    @pytest.mark.parametrize(
        ("instrument", "answers", "expected"),
        [
            ("hos_adl", {f"adl_{i}": 4 for i in range(1, 18)}, "100.0"),
            ("hos_sport", {f"sport_{i}": 2 for i in range(1, 10)}, "50.0"),
            ("ihot12", {f"q{i}": 80 for i in range(1, 13)}, "80.0"),
            ("nahs", {f"n{i}": 1 for i in range(1, 21)}, "25.0"),
            ("vas_pain", {"pain": 0}, "0.0"),
        ],
    )
    def test_dispatches_to_the_instrument(
        self, instrument: str, answers: dict[str, int], expected: str
    ) -> None:
        result = score_response(instrument, answers)
        assert result.instrument == instrument
        assert result.score == Decimal(expected)

    def test_mhhs(self, mhhs_best: dict[str, str]) -> None:
        assert score_response(Instrument.MHHS, mhhs_best).score == Decimal("100.0")

    def test_rules_reach_the_scorers(self) -> None:
        rules = ScoringRules(
            hos_adl_min_answered=2, hos_sport_min_answered=1, ihot12_max_missing=11
        )
        assert score_response("hos_adl", {"adl_1": 4, "adl_2": 2}, rules=rules).score == Decimal(
            "75.0"
        )
        assert score_response("hos_sport", {"sport_9": 1}, rules=rules).score == Decimal("25.0")
        assert score_response("ihot12", {"q3": 33.3}, rules=rules).score == Decimal("33.3")
        assert score_response("hos_adl", {"adl_1": 4}).score is None

    def test_as_dict_has_exactly_the_published_fields(self) -> None:
        result = score_response("vas_pain", {"pain": 4.5})
        assert score_result_to_dict(result) == {
            "instrument": "vas_pain",
            "version": "1",
            "score": 4.5,
            "scorable": True,
            "answered": 1,
            "reason": None,
        }
        unscorable = score_result_to_dict(score_response("vas_pain", {}))
        assert unscorable["score"] is None and unscorable["scorable"] is False
        assert unscorable["reason"] == "vas_pain needs its one item answered (not answered: pain)"


class TestScoringRules:
    def test_defaults(self) -> None:
        assert ScoringRules(9, 5, 2) == DEFAULT_SCORING_RULES

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"hos_adl_min_answered": 0}, "hos_adl_min_answered"),
            ({"hos_adl_min_answered": 18}, "hos_adl_min_answered"),
            ({"hos_sport_min_answered": 10}, "hos_sport_min_answered"),
            ({"hos_sport_min_answered": "5"}, "hos_sport_min_answered"),
            ({"ihot12_max_missing": 12}, "ihot12_max_missing"),
            ({"ihot12_max_missing": -1}, "ihot12_max_missing"),
        ],
    )
    def test_impossible_rules_are_refused(self, changes: dict[str, object], field: str) -> None:
        with pytest.raises(InputDataError) as error:
            ScoringRules(**changes)  # type: ignore[arg-type]
        assert error.value.field == field
