"""Minimum answered items: chondral's (unpublished) defaults, said in every result, and set per
instrument (issue 10, item 7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chondral.errors import InputDataError, InvalidValueError, ParameterError
from chondral.io.score_json import score_result_to_dict
from chondral.outcomes import (
    CONFIGURABLE_MINIMUM,
    DEFAULT_SCORING_RULES,
    AnsweredRule,
    ScoringRules,
    hos_adl,
    hos_sport,
    nahs,
    parse_min_answered,
    score_hos_adl,
    score_ihot12,
    score_nahs,
    score_response,
)


def answers(prefix: str, count: int, value: float = 3) -> dict[str, float]:
    return {f"{prefix}{i}": value for i in range(1, count + 1)}


class TestResultsCarryTheRule:
    @pytest.mark.parametrize(
        ("instrument", "form", "minimum", "items"),
        [
            ("hos_adl", answers("adl_", 17), 9, 17),
            ("hos_sport", answers("sport_", 9), 5, 9),
            ("ihot12", answers("q", 12, 50), 10, 12),
            ("nahs", answers("n", 20), 20, 20),
        ],
    )
    def test_default_rule_is_said_to_be_chondrals(
        self, instrument: str, form: dict[str, float], minimum: int, items: int
    ) -> None:
        result = score_response(instrument, form)
        rule = result.answered_rule
        assert rule == AnsweredRule(min_answered=minimum, item_count=items, default=minimum)
        assert not rule.published and not rule.configured
        document = score_result_to_dict(result)
        assert document["answered_rule"] == {
            "min_answered": minimum,
            "item_count": items,
            "default": minimum,
            "published": False,
            "note": rule.note,
        }
        assert "design choice" in rule.note and "no minimum" in rule.note
        assert "chondral's default, not a published rule" in rule.describe()

    def test_mhhs_and_vas_have_no_configurable_rule(self, mhhs_best: dict[str, str]) -> None:
        assert score_response("mhhs", mhhs_best).answered_rule is None
        assert score_response("vas_pain", {"pain": 2}).answered_rule is None
        assert "answered_rule" not in score_result_to_dict(score_response("vas_pain", {}))

    def test_configured_rule_is_said_to_be_set(self) -> None:
        rule = score_hos_adl(answers("adl_", 17), min_answered=12).answered_rule
        assert rule is not None and rule.configured and rule.default == 9
        assert "set for this run" in rule.describe()


class TestBoundaries:
    """At the minimum: scorable; one fewer: not. Known answers computed by hand."""

    @pytest.mark.parametrize(
        ("minimum", "answered", "expected"),
        [(1, 1, "75.0"), (17, 17, "75.0"), (17, 16, None), (12, 12, "75.0"), (12, 11, None)],
    )
    def test_hos_adl(self, minimum: int, answered: int, expected: str | None) -> None:
        rules = ScoringRules.from_min_answered({"hos_adl": minimum})
        result = score_response("hos_adl", answers("adl_", answered), rules=rules)
        assert result.score == (None if expected is None else Decimal(expected))

    @pytest.mark.parametrize(
        ("minimum", "answered", "expected"),
        [(12, 12, "50.0"), (12, 11, None), (1, 1, "50.0"), (10, 10, "50.0"), (10, 9, None)],
    )
    def test_ihot12(self, minimum: int, answered: int, expected: str | None) -> None:
        rules = ScoringRules.from_min_answered({"ihot12": minimum})
        assert rules.ihot12_max_missing == 12 - minimum
        result = score_response("ihot12", answers("q", answered, 50), rules=rules)
        assert result.score == (None if expected is None else Decimal(expected))

    def test_nahs_default_needs_every_item(self) -> None:
        assert score_nahs(answers("n", 19)).score is None
        assert score_nahs(answers("n", 20)).score == Decimal("75.0")  # 60 x 1.25

    def test_nahs_with_a_lower_minimum_prorates(self) -> None:
        # 18 answered, all 3: 100 x 54 / 72 = 75.0 (the mean item on the 0-100 scale)
        result = score_nahs(answers("n", 18), min_answered=18)
        assert result.score == Decimal("75.0") and result.missing == ("n19", "n20")
        # 18 answered, sum 53: 100 x 53 / 72 = 73.611... -> 73.6
        uneven = {**answers("n", 18), "n1": 2}
        assert score_nahs(uneven, min_answered=18).score == Decimal("73.6")
        assert score_nahs(answers("n", 17), min_answered=18).reason == (
            "nahs needs at least 18 of 20 items answered, 17 were (not answered: n18, n19, n20)"
        )

    def test_nahs_complete_forms_score_the_same_under_any_minimum(self) -> None:
        form = {**answers("n", 20), "n1": 2}  # sum 59: 73.75 -> 73.8
        scores = {score_nahs(form, min_answered=n).score for n in (1, 10, 20)}
        assert scores == {Decimal("73.8")}

    def test_nahs_minimum_reaches_the_scorer(self) -> None:
        rules = ScoringRules.from_min_answered({"nahs": 19})
        assert rules.nahs_min_answered == 19
        assert score_response("nahs", answers("n", 19), rules=rules).score == Decimal("75.0")

    def test_defaults_are_unchanged(self) -> None:
        assert ScoringRules.from_min_answered({}) == DEFAULT_SCORING_RULES
        assert [DEFAULT_SCORING_RULES.min_answered(code) for code in CONFIGURABLE_MINIMUM] == [
            hos_adl.DEFAULT_MIN_ANSWERED,
            hos_sport.DEFAULT_MIN_ANSWERED,
            10,
            nahs.DEFAULT_MIN_ANSWERED,
        ]
        assert DEFAULT_SCORING_RULES.min_answered("mhhs") is None

    def test_ihot12_max_missing_and_min_answered_agree(self) -> None:
        form = answers("q", 9, 50)
        assert score_ihot12(form, max_missing=3).answered_rule == AnsweredRule(9, 12, 10)


class TestParseMinAnswered:
    def test_entries(self) -> None:
        assert parse_min_answered(["hos_adl=8", " nahs = 18 ", "ihot12=12"]) == {
            "hos_adl": 8,
            "nahs": 18,
            "ihot12": 12,
        }
        assert parse_min_answered([]) == {}

    @pytest.mark.parametrize(
        ("entries", "problem"),
        [
            (["hos_adl"], "expected INSTRUMENT=N"),
            (["hos_adl=8.0"], "expected INSTRUMENT=N"),
            (["hos_adl=-1"], "expected INSTRUMENT=N"),
            (["hos_adl=x"], "expected INSTRUMENT=N"),
            (["hos_adl=" + "9" * 5000], "expected INSTRUMENT=N"),
            (["koos=3"], "unknown instrument 'koos'"),
            (["mhhs=7"], "mhhs has no configurable minimum"),
            (["vas_pain=1"], "vas_pain has no configurable minimum"),
            (["hos_adl=8", "hos_adl=9"], "hos_adl is given more than once"),
            (["hos_adl=8\nboom"], "expected INSTRUMENT=N"),
        ],
    )
    def test_refused_naming_the_parameter(self, entries: list[str], problem: str) -> None:
        with pytest.raises(ParameterError) as error:
            parse_min_answered(entries)
        assert error.value.field == "min_answered"
        assert problem in error.value.problem
        assert "\n" not in str(error.value) and len(error.value.problem) < 300

    @pytest.mark.parametrize(
        ("chosen", "problem"),
        [
            ({"hos_adl": 0}, "hos_adl has 17 items: N must be a whole number from 1 to 17, got 0"),
            ({"hos_adl": 18}, "from 1 to 17, got 18"),
            ({"hos_sport": 10}, "hos_sport has 9 items"),
            ({"ihot12": 13}, "from 1 to 12, got 13"),
            ({"ihot12": 0}, "from 1 to 12, got 0"),
            ({"nahs": 21}, "from 1 to 20, got 21"),
            ({"nahs": True}, "got True"),
            ({"nahs": 19.0}, "got 19.0"),
        ],
    )
    def test_out_of_range_is_refused(self, chosen: dict[str, object], problem: str) -> None:
        with pytest.raises(ParameterError) as error:
            ScoringRules.from_min_answered(chosen)
        assert error.value.field == "min_answered" and problem in error.value.problem


class TestRulesRefuseImpossibleValues:
    @pytest.mark.parametrize("bad", [0, 21, True, 20.0])
    def test_nahs_minimum(self, bad: object) -> None:
        with pytest.raises(InvalidValueError) as error:
            score_nahs(answers("n", 20), min_answered=bad)  # type: ignore[arg-type]
        assert error.value.field == "min_answered"
        assert isinstance(error.value, InputDataError) and isinstance(error.value, ValueError)

    def test_nahs_min_answered_field(self) -> None:
        with pytest.raises(InputDataError) as error:
            ScoringRules(nahs_min_answered=0)
        assert error.value.field == "nahs_min_answered"

    def test_answered_rule_invariants(self) -> None:
        with pytest.raises(InvalidValueError):
            AnsweredRule(min_answered=0, item_count=9, default=5)
        with pytest.raises(InvalidValueError):
            AnsweredRule(min_answered=5, item_count=9, default=10)
