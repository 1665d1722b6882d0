"""The outcome use cases take what the caller has read: a document, a Case, a ThresholdSet."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError, InvalidValueError, ParameterError
from chondral.io.json_files import dumps_json
from chondral.io.outcome_chart_json import outcome_chart_to_dict
from chondral.io.outcomes_json import outcome_summary_to_dict
from chondral.io.threshold_set import load_threshold_set
from chondral.outcomes import (
    Basis,
    Measure,
    ScoreResult,
    ScoringRules,
    Threshold,
    ThresholdSet,
    default_threshold_set,
    hos_adl,
    hos_sport,
    summarise_outcomes,
)
from chondral.services import outcomes as service
from chondral.services.outcomes import (
    CHART_DATA_FILENAME,
    draw_case_outcomes,
    score_response_document,
    summarise_case_outcomes,
)

from factories import build_case


def ihot(date: str, mark: float) -> dict[str, Any]:
    return {"instrument": "ihot12", "date": date, "answers": {f"q{i}": mark for i in range(1, 13)}}


CASE_PROMS = [ihot("2024-02-20", 30.2), ihot("2025-03-01", 45.3)]


class TestNoPathsInTheServices:
    def test_no_file_path_parameters(self) -> None:
        for name in ("score_response_document", "summarise_case_outcomes"):
            parameters = inspect.signature(getattr(service, name)).parameters
            assert not any("path" in p for p in parameters), name
        assert not hasattr(service, "score_responses_file")
        assert not hasattr(service, "choose_threshold_set")

    def test_no_flag_names_in_the_service_module(self) -> None:
        source = inspect.getsource(service)
        for flag in ("--plots", "--thresholds", "--min-answered", "--out", "INSTRUMENT"):
            assert flag not in source


class TestScoreResponseDocument:
    def test_scores_a_parsed_document(self, mhhs_best: dict[str, str]) -> None:
        result = score_response_document({"instrument": "mhhs", "answers": mhhs_best}, "mhhs")
        assert result.score == Decimal("100.0")

    def test_rules_are_applied(self) -> None:
        document = {"instrument": "hos_adl", "answers": {f"adl_{i}": 4 for i in range(1, 9)}}
        assert score_response_document(document, "hos_adl").score is None
        rules = ScoringRules.from_min_answered({"hos_adl": 8})
        assert score_response_document(document, "hos_adl", rules=rules).score == Decimal("100.0")

    def test_unknown_instrument_names_the_parameter(self) -> None:
        with pytest.raises(ParameterError) as error:
            score_response_document({"instrument": "mhhs", "answers": {}}, "koos")
        assert error.value.field == "instrument"

    def test_documents_field_is_not_a_parameter(self) -> None:
        with pytest.raises(InputDataError) as error:
            score_response_document({"instrument": "koos", "answers": {}}, "mhhs")
        assert error.value.field == "instrument"
        assert not isinstance(error.value, ParameterError)

    def test_long_key_is_shortened(self) -> None:
        with pytest.raises(InputDataError) as error:
            score_response_document({"instrument": "mhhs", "answers": {}, "x" * 10_000: 1}, "mhhs")
        assert len(str(error.value)) < 400


class TestSummariseCaseOutcomes:
    def test_takes_a_case(self) -> None:
        case = build_case(proms=CASE_PROMS, surgery_date="2024-03-01")
        summary = summarise_case_outcomes(case, default_threshold_set())
        assert summary.case_id == "TEST-001" and summary.side == "right"
        course = summary.course("ihot12")
        assert course is not None
        assert course.follow_ups[0].change == Decimal("15.1")
        assert course.follow_ups[0].mcid_achieved is True

    def test_default_thresholds_and_rules(self) -> None:
        case = build_case(proms=CASE_PROMS, surgery_date="2024-03-01")
        assert summarise_case_outcomes(case).thresholds.id == "nwachukwu-2020"
        form = {"instrument": "hos_sport", "date": "2024-02-01", "answers": {"sport_1": 4}}
        case = build_case(proms=[form], surgery_date="2024-03-01")
        strict = summarise_case_outcomes(case).course("hos_sport")
        rules = ScoringRules.from_min_answered({"hos_sport": 1})
        lenient = summarise_case_outcomes(case, rules=rules).course("hos_sport")
        assert strict is not None and lenient is not None
        assert strict.pre_operative[0].result.score is None
        assert lenient.pre_operative[0].result.score == Decimal("100.0")

    def test_surgery_date_is_needed(self) -> None:
        case = build_case(proms=CASE_PROMS)
        if case.recorded_surgery_date is not None:
            pytest.skip("the factory case records a surgery date")
        with pytest.raises(InputDataError) as error:
            summarise_case_outcomes(case)
        assert error.value.field == "surgery_date"


class TestDrawCaseOutcomes:
    def summary(self) -> Any:
        case = build_case(proms=CASE_PROMS, surgery_date="2024-03-01")
        return summarise_case_outcomes(case)

    def test_writes_pngs_and_the_chart_document(self, tmp_path: Path) -> None:
        summary = self.summary()
        charts = draw_case_outcomes(summary, tmp_path / "plots")
        assert [p.name for p in charts.images] == ["outcomes-ihot12.png"]
        assert charts.data_path == tmp_path / "plots" / CHART_DATA_FILENAME
        written = json.loads(charts.data_path.read_text(encoding="utf-8"))
        assert written == outcome_chart_to_dict(summary) == charts.data

    @pytest.mark.parametrize("field", ["plots_dir", "out_dir"])
    def test_a_file_is_not_a_folder(self, tmp_path: Path, field: str) -> None:
        a_file = tmp_path / "a-file"
        a_file.write_text("x", encoding="utf-8")
        with pytest.raises(ParameterError) as error:
            draw_case_outcomes(self.summary(), a_file, field=field)
        assert error.value.field == field
        assert "\n" not in str(error.value)

    def test_default_field_is_plots_dir(self) -> None:
        if not os.path.exists("/dev/null"):
            pytest.skip("no /dev/null")
        with pytest.raises(ParameterError) as error:
            draw_case_outcomes(self.summary(), Path("/dev/null"))
        assert error.value.field == "plots_dir"

    def test_too_long_a_name(self, tmp_path: Path) -> None:
        with pytest.raises(ParameterError) as error:
            draw_case_outcomes(self.summary(), tmp_path / ("x" * 300))
        assert error.value.field == "plots_dir"
        assert len(str(error.value)) < 300


class TestThresholdFile:
    def test_names_the_file_and_the_field(self, tmp_path: Path) -> None:
        path = tmp_path / "t.json"
        path.write_text(json.dumps({"schema": "chondral.thresholds/1"}), encoding="utf-8")
        with pytest.raises(InputDataError) as error:
            load_threshold_set(path)
        assert error.value.field == "id" and "t.json" in error.value.problem

    @pytest.mark.parametrize("months", [0, 1201, 10**400])
    def test_time_point_has_an_upper_bound(self, tmp_path: Path, months: int) -> None:
        path = tmp_path / "t.yaml"
        path.write_text(
            "schema: chondral.thresholds/1\nid: x\nversion: '1'\nsource: s\nthresholds:\n"
            f"  - {{instrument: ihot12, measure: mcid, basis: change, time_point_months: {months},"
            " value: 10, source: s}\n",
            encoding="utf-8",
        )
        with pytest.raises(InputDataError) as error:
            load_threshold_set(path)
        assert error.value.field == "thresholds[0].time_point_months"


class TestNoNonFiniteNumbers:
    @pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
    def test_threshold_refuses_non_finite_values(self, value: Decimal) -> None:
        with pytest.raises(InvalidValueError) as error:
            Threshold("mhhs", Measure.MCID, Basis.CHANGE, 12, value, "s")
        assert error.value.field == "value"

    def test_threshold_refuses_a_float(self) -> None:
        with pytest.raises(InvalidValueError):
            Threshold("mhhs", Measure.MCID, Basis.CHANGE, 12, float("nan"), "s")  # type: ignore[arg-type]

    def test_threshold_set_refuses_a_repeated_value(self) -> None:
        value = Threshold("mhhs", Measure.MCID, Basis.CHANGE, 12, Decimal("6.9"), "s")
        with pytest.raises(InvalidValueError) as error:
            ThresholdSet("x", "1", "s", (value, value))
        assert error.value.field == "thresholds"

    def test_score_result_refuses_nan(self) -> None:
        with pytest.raises(InvalidValueError) as error:
            ScoreResult("mhhs", "1", Decimal("NaN"), 8)
        assert error.value.field == "score"

    @pytest.mark.parametrize("mark", [float("nan"), float("inf"), -float("inf"), 1e308])
    def test_answers_refuse_non_finite_and_huge_marks(self, mark: float) -> None:
        with pytest.raises(InputDataError) as error:  # the domain record or the scorer refuses
            form = PromResponse("ihot12", dt.date(2024, 2, 20), {"q1": mark})
            summarise_outcomes([form], dt.date(2024, 3, 1))
        assert error.value.field is not None and error.value.field.endswith("answers.q1")

    def test_json_of_a_summary_is_strict(self) -> None:
        case = build_case(proms=CASE_PROMS, surgery_date="2024-03-01")
        text = dumps_json(outcome_summary_to_dict(summarise_case_outcomes(case)))
        assert "NaN" not in text and "Infinity" not in text
        json.loads(text, parse_constant=lambda name: pytest.fail(f"bare {name}"))


class TestHosFold:
    def test_one_implementation_for_both_subscales(self) -> None:
        assert type(hos_adl.SUBSCALE) is type(hos_sport.SUBSCALE)
        assert hos_adl.score_hos_adl.__func__ is hos_sport.score_hos_sport.__func__  # type: ignore[attr-defined]
        assert (hos_adl.DEFINITION.code, hos_sport.DEFINITION.code) == ("hos_adl", "hos_sport")
