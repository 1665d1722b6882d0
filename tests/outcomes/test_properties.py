"""Property tests: scores stay on their scale, ignore item order, and follow their formulas."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from chondral.outcomes import (
    AnswerKind,
    ItemDefinition,
    get_instrument,
    instrument_definitions,
    score_response,
)


def answer_strategy(item: ItemDefinition) -> st.SearchStrategy[Any]:
    """Any valid answer to ``item``, or blank."""
    answer = item.answer
    if answer.kind is AnswerKind.REAL:
        valid: st.SearchStrategy[Any] = st.one_of(
            st.integers(answer.minimum, answer.maximum),
            st.floats(answer.minimum, answer.maximum, allow_nan=False),
        )
    else:
        valid = st.sampled_from([option.value for option in answer.options])
    return st.one_of(st.none(), valid)


@st.composite
def forms(draw: st.DrawFn, code: str | None = None) -> tuple[str, dict[str, Any]]:
    """(instrument, answers) with a random subset of valid answers, some blank or left out."""
    instrument = code or draw(st.sampled_from(list(instrument_definitions())))
    answers: dict[str, Any] = {}
    for item in get_instrument(instrument).items:
        if draw(st.booleans()) or draw(st.booleans()):  # about three quarters present
            answers[item.code] = draw(answer_strategy(item))
    return instrument, answers


class TestScoreProperties:
    @given(forms())
    def test_score_lies_on_the_scale_with_one_decimal(
        self, form: tuple[str, dict[str, Any]]
    ) -> None:
        instrument, answers = form
        result = score_response(instrument, answers)
        definition = get_instrument(instrument)
        if result.score is None:
            assert result.reason and not result.scorable
        else:
            assert definition.score_minimum <= result.score <= definition.score_maximum
            assert result.score.as_tuple().exponent == -1
            assert result.reason is None
        assert 0 <= result.answered <= len(definition.items)

    @given(forms(), st.randoms(use_true_random=False))
    def test_item_order_does_not_matter(self, form: tuple[str, dict[str, Any]], rng: Any) -> None:
        instrument, answers = form
        shuffled = list(answers.items())
        rng.shuffle(shuffled)
        assert score_response(instrument, dict(shuffled)) == score_response(instrument, answers)

    @given(forms())
    def test_blank_and_absent_are_the_same(self, form: tuple[str, dict[str, Any]]) -> None:
        instrument, answers = form
        present = {code: value for code, value in answers.items() if value is not None}
        assert score_response(instrument, present) == score_response(instrument, answers)

    @given(forms("hos_adl"))
    def test_hos_not_applicable_equals_absent(self, form: tuple[str, dict[str, Any]]) -> None:
        _, answers = form
        without_na = {code: value for code, value in answers.items() if value != "na"}
        assert (
            score_response("hos_adl", answers).score == score_response("hos_adl", without_na).score
        )

    @given(forms("mhhs"))
    def test_mhhs_formula(self, form: tuple[str, dict[str, Any]]) -> None:
        _, answers = form
        result = score_response("mhhs", answers)
        items = get_instrument("mhhs").items
        if all(answers.get(item.code) is not None for item in items):
            raw = sum(item.answer.points_by_value[answers[item.code]] or 0 for item in items)
            assert result.score == min(Decimal(raw) * Decimal("1.1"), Decimal(100))
        else:
            assert result.score is None

    @given(forms("hos_sport"))
    def test_hos_sport_is_scorable_exactly_from_five_answered(
        self, form: tuple[str, dict[str, Any]]
    ) -> None:
        _, answers = form
        answered = sum(1 for value in answers.values() if isinstance(value, int))
        assert score_response("hos_sport", answers).scorable == (answered >= 5)

    @given(forms("ihot12"))
    def test_ihot_is_scorable_with_at_most_two_missing(
        self, form: tuple[str, dict[str, Any]]
    ) -> None:
        _, answers = form
        missing = 12 - sum(1 for value in answers.values() if value is not None)
        assert score_response("ihot12", answers).scorable == (missing <= 2)

    @given(st.lists(st.integers(0, 4), min_size=20, max_size=20), st.integers(0, 19))
    def test_nahs_is_monotonic(self, values: list[int], index: int) -> None:
        answers = {f"n{i}": value for i, value in enumerate(values, start=1)}
        better = dict(answers)
        better[f"n{index + 1}"] = min(4, values[index] + 1)
        before = score_response("nahs", answers).score
        after = score_response("nahs", better).score
        assert before is not None and after is not None and after >= before
