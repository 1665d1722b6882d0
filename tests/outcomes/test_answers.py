"""Bad answers are refused with the field named: unknown items and codes, ranges, types."""

from __future__ import annotations

import datetime as dt

import pytest

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError
from chondral.outcomes import score_response, validate_response


def refused(instrument: str, answers: object, prefix: str = "") -> InputDataError:
    with pytest.raises(InputDataError) as error:
        score_response(instrument, answers, field_prefix=prefix)  # type: ignore[arg-type]
    return error.value


class TestUnknownItemsAndCodes:
    def test_unknown_item(self) -> None:
        error = refused("mhhs", {"pain": "none", "walking": "fine"})
        assert error.field == "answers.walking"
        assert "unknown item 'walking' for mhhs" in error.problem

    def test_unknown_answer_code(self) -> None:
        error = refused("mhhs", {"pain": "sometimes"})
        assert error.field == "answers.pain"
        assert error.problem == (
            "unknown answer 'sometimes'; expected one of none, slight, mild, moderate, marked, "
            "disabled"
        )

    def test_a_number_for_a_choice_item(self) -> None:
        assert refused("mhhs", {"limp": 11}).field == "answers.limp"

    def test_na_is_not_an_mhhs_answer(self) -> None:
        assert refused("mhhs", {"stairs": "na"}).field == "answers.stairs"

    def test_unknown_instrument(self) -> None:
        error = refused("womac", {})
        assert error.field == "instrument"
        assert error.problem.startswith("unknown instrument 'womac'; known instruments are mhhs")

    def test_answers_must_be_a_mapping(self) -> None:
        error = refused("nahs", [4, 4], prefix="proms[1]")
        assert error.field == "proms[1].answers"


class TestIntegerItems:
    @pytest.mark.parametrize("value", [5, -1])
    def test_out_of_range(self, value: int) -> None:
        error = refused("hos_adl", {"adl_4": value})
        assert error.field == "answers.adl_4"
        assert "out of range; expected a whole number from 0 to 4 or 'na'" in error.problem

    @pytest.mark.parametrize("value", [True, False])
    def test_booleans_are_not_numbers(self, value: bool) -> None:
        error = refused("hos_sport", {"sport_2": value})
        assert error.field == "answers.sport_2"
        assert error.problem == f"expected a whole number from 0 to 4 or 'na', got {value!r}"

    @pytest.mark.parametrize("value", [2.5, 3.0])
    def test_floats_are_not_whole_numbers(self, value: float) -> None:
        assert refused("nahs", {"n3": value}).field == "answers.n3"

    def test_unknown_text(self) -> None:
        error = refused("hos_adl", {"adl_1": "N/A"})
        assert "unknown answer 'N/A'" in error.problem

    def test_nahs_has_no_not_applicable(self) -> None:
        error = refused("nahs", {"n1": "na"})
        assert error.problem == "unknown answer 'na'; expected a whole number from 0 to 4"

    def test_list_is_refused(self) -> None:
        assert refused("hos_adl", {"adl_1": [4]}).field == "answers.adl_1"


class TestRealItems:
    @pytest.mark.parametrize("value", [100.01, -0.1, float("nan"), float("inf"), 101])
    def test_out_of_range_or_not_finite(self, value: float) -> None:
        error = refused("ihot12", {"q7": value})
        assert error.field == "answers.q7"
        assert "expected a number from 0 to 100" in error.problem

    def test_boolean_is_not_a_number(self) -> None:
        assert refused("ihot12", {"q1": True}).field == "answers.q1"

    def test_text_is_not_a_number(self) -> None:
        assert refused("vas_pain", {"pain": "7"}).field == "answers.pain"

    def test_vas_range_is_0_to_10(self) -> None:
        error = refused("vas_pain", {"pain": 11})
        assert error.problem == "11 is out of range; expected a number from 0 to 10"


class TestValidateResponse:
    def test_valid_but_unscorable_passes(self) -> None:
        response = PromResponse("hos_adl", dt.date(2024, 1, 1), {"adl_1": 4})
        validate_response(response, "proms[0]")

    def test_field_names_the_case_file_path(self) -> None:
        response = PromResponse("hos_adl", dt.date(2024, 1, 1), {"adl_4": 9})
        with pytest.raises(InputDataError) as error:
            validate_response(response, "proms[2]")
        assert error.value.field == "proms[2].answers.adl_4"

    def test_unknown_instrument_field(self) -> None:
        response = PromResponse("koos", dt.date(2024, 1, 1), {})
        with pytest.raises(InputDataError) as error:
            validate_response(response, "proms[5]")
        assert error.value.field == "proms[5].instrument"
