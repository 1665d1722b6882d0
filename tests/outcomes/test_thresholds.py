"""Threshold sets: the default data, strict parsing, time-point choice, exact comparisons."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from chondral.errors import InputDataError
from chondral.io.threshold_set import threshold_set_identity, threshold_set_to_dict
from chondral.outcomes import (
    Basis,
    Direction,
    Measure,
    Threshold,
    default_threshold_set,
    parse_threshold_set,
)

SOURCE = "test source"


def value(**changes: Any) -> dict[str, Any]:
    base = {
        "instrument": "mhhs",
        "measure": "mcid",
        "basis": "change",
        "time_point_months": 12,
        "value": 8,
        "source": SOURCE,
    }
    return {**base, **changes}


def document(*values: dict[str, Any], **changes: Any) -> dict[str, Any]:
    base = {
        "schema": "chondral.thresholds/1",
        "id": "test-set",
        "version": "1",
        "source": SOURCE,
        "thresholds": list(values) or [value()],
    }
    return {**base, **changes}


class TestDefaultSet:
    def test_identity(self) -> None:
        thresholds = default_threshold_set()
        assert (thresholds.id, thresholds.version) == ("nwachukwu-2020", "1")
        assert "Nwachukwu" in thresholds.source
        assert all("Nwachukwu" in t.source for t in thresholds.thresholds)

    @pytest.mark.parametrize(
        ("instrument", "mcid", "pass_", "scb"),
        [
            ("mhhs", ("6.9", "9.2", "11.4"), ("84.8", "83.3", "83.6"), ("86.9", "85.8", "94.4")),
            ("hos_adl", ("8.8", "9.7", "10.2"), ("89.7", "88.2", "99.2"), ("89.7", "91.9", "94.6")),
            (
                "hos_sport",
                ("13.9", "14.3", "15.2"),
                ("72.2", "76.4", "80.9"),
                ("78.1", "77.9", "85.8"),
            ),
            (
                "ihot12",
                ("15.1", "13.9", "15.1"),
                ("69.1", "72.2", "74.3"),
                ("72.6", "76.8", "87.5"),
            ),
        ],
    )
    def test_values_match_clinical_reference_7_5(
        self, instrument: str, mcid: tuple[str, ...], pass_: tuple[str, ...], scb: tuple[str, ...]
    ) -> None:
        thresholds = default_threshold_set()
        assert thresholds.time_points_months(instrument) == (12, 24, 60)
        for measure, expected in ((Measure.MCID, mcid), (Measure.PASS, pass_), (Measure.SCB, scb)):
            found = [thresholds.find(instrument, measure, months) for months in (12, 24, 60)]
            assert [t.value for t in found if t] == [Decimal(v) for v in expected]

    def test_bases(self) -> None:
        for threshold in default_threshold_set().thresholds:
            expected = Basis.CHANGE if threshold.measure is Measure.MCID else Basis.SCORE
            assert threshold.basis is expected

    @pytest.mark.parametrize("instrument", ["nahs", "vas_pain"])
    def test_nothing_is_invented_for_nahs_and_vas(self, instrument: str) -> None:
        assert default_threshold_set().time_points_months(instrument) == ()

    def test_round_trip_through_as_dict(self) -> None:
        thresholds = default_threshold_set()
        again = parse_threshold_set(threshold_set_to_dict(thresholds))
        assert again.thresholds == thresholds.thresholds


class TestNearestTimePoint:
    @pytest.mark.parametrize(
        ("days", "months"),
        [
            (1, 12),
            (365, 12),
            (547, 12),  # 18 months = 547.875 days is the 12/24 boundary
            (548, 24),
            (1278, 24),  # 42 months = 1278.375 days
            (1279, 60),
            (4000, 60),
        ],
    )
    def test_default_set(self, days: int, months: int) -> None:
        assert default_threshold_set().nearest_time_point_months("mhhs", days) == months

    def test_exact_tie_goes_to_the_earlier_time_point(self) -> None:
        # 12 and 20 months: the midpoint is 16 months = 16 x 30.4375 = 487 days exactly
        thresholds = parse_threshold_set(
            document(value(time_point_months=20), value(time_point_months=12))
        )
        assert thresholds.time_points_months("mhhs") == (12, 20)
        assert thresholds.nearest_time_point_months("mhhs", 486) == 12
        assert thresholds.nearest_time_point_months("mhhs", 487) == 12
        assert thresholds.nearest_time_point_months("mhhs", 488) == 20

    def test_instrument_without_values(self) -> None:
        assert default_threshold_set().nearest_time_point_months("nahs", 365) is None


class TestIsAchieved:
    def threshold(self, basis: Basis, amount: str) -> Threshold:
        return Threshold("mhhs", Measure.SCB, basis, 12, Decimal(amount), SOURCE)

    def test_change_boundary_is_achieved(self) -> None:
        mcid = self.threshold(Basis.CHANGE, "6.9")
        assert mcid.is_achieved(Decimal("6.9"), Direction.HIGHER_IS_BETTER)
        assert not mcid.is_achieved(Decimal("6.8"), Direction.HIGHER_IS_BETTER)
        # an improvement is already signed: the same rule for lower-is-better instruments
        assert mcid.is_achieved(Decimal("6.9"), Direction.LOWER_IS_BETTER)
        assert not mcid.is_achieved(Decimal("-7.0"), Direction.LOWER_IS_BETTER)

    def test_score_boundary_is_achieved(self) -> None:
        pass_ = self.threshold(Basis.SCORE, "3.0")
        assert pass_.is_achieved(Decimal("3.0"), Direction.HIGHER_IS_BETTER)
        assert not pass_.is_achieved(Decimal("2.9"), Direction.HIGHER_IS_BETTER)
        assert pass_.is_achieved(Decimal("3.0"), Direction.LOWER_IS_BETTER)
        assert pass_.is_achieved(Decimal("2.9"), Direction.LOWER_IS_BETTER)
        assert not pass_.is_achieved(Decimal("3.1"), Direction.LOWER_IS_BETTER)


class TestParseStrictly:
    def test_minimal_set(self) -> None:
        thresholds = parse_threshold_set(document(value(method="anchor"), title="Test thresholds"))
        assert thresholds.title == "Test thresholds"
        assert thresholds.thresholds[0].value == Decimal(8)
        assert thresholds.thresholds[0].method == "anchor"
        assert threshold_set_identity(thresholds) == {
            "id": "test-set",
            "version": "1",
            "title": "Test thresholds",
            "source": SOURCE,
        }

    def test_float_values_are_read_as_written(self) -> None:
        thresholds = parse_threshold_set(document(value(value=6.9)))
        assert thresholds.thresholds[0].value == Decimal("6.9")

    def test_decimal_values_are_kept(self) -> None:
        thresholds = parse_threshold_set(document(value(value=Decimal("6.90"))))
        assert thresholds.thresholds[0].value == Decimal("6.9")

    @pytest.mark.parametrize(
        ("doc", "field", "problem"),
        [
            ([], "document", "must be a mapping"),
            (document(extra=1), "extra", "unknown field"),
            ({k: v for k, v in document().items() if k != "id"}, "id", "is required"),
            (document(schema="chondral.thresholds/2"), "schema", "must be"),
            (document(id=""), "id", "non-empty string"),
            (document(version=1), "version", "non-empty string"),
            (document(title=5), "title", "non-empty string"),
            (document(thresholds=[]), "thresholds", "non-empty list"),
            (document(thresholds={"a": 1}), "thresholds", "non-empty list"),
            (document(thresholds=[7]), "thresholds[0]", "must be a mapping"),
            (document(value(colour="red")), "thresholds[0].colour", "unknown field"),
            (document(value(), {"instrument": "mhhs"}), "thresholds[1].measure", "is required"),
            (document(value(instrument="womac")), "thresholds[0].instrument", "unknown instrument"),
            (document(value(measure="moi")), "thresholds[0].measure", "unknown measure"),
            (document(value(basis="score")), "thresholds[0].basis", "must have basis change"),
            (document(value(measure="pass")), "thresholds[0].basis", "must have basis score"),
            (document(value(measure="scb", basis="delta")), "thresholds[0].basis", "change or"),
            (document(value(time_point_months=0)), "thresholds[0].time_point_months", ">= 1"),
            (document(value(time_point_months=12.0)), "thresholds[0].time_point_months", "whole"),
            (document(value(time_point_months=True)), "thresholds[0].time_point_months", "whole"),
            (document(value(value="6.9")), "thresholds[0].value", "must be a number"),
            (document(value(value=True)), "thresholds[0].value", "must be a number"),
            (document(value(value=float("nan"))), "thresholds[0].value", "finite"),
            (document(value(value=Decimal("Infinity"))), "thresholds[0].value", "finite"),
            (document(value(value=0)), "thresholds[0].value", "more than 0"),
            (document(value(value=-3)), "thresholds[0].value", "more than 0"),
            (document(value(value=101)), "thresholds[0].value", "at most 100"),
            (document(value(instrument="vas_pain", value=10.5)), "thresholds[0].value", "at most"),
            (
                document(value(measure="pass", basis="score", value=100.1)),
                "thresholds[0].value",
                "must lie from 0 to 100",
            ),
            (document(value(source=" ")), "thresholds[0].source", "non-empty string"),
            (document(value(method=3)), "thresholds[0].method", "non-empty string"),
            (
                document(value(), value(value=9)),
                "thresholds[1]",
                "a second mcid for mhhs at 12 months",
            ),
        ],
    )
    def test_errors_name_the_field(self, doc: Any, field: str, problem: str) -> None:
        with pytest.raises(InputDataError) as error:
            parse_threshold_set(copy.deepcopy(doc))
        assert error.value.field == field
        assert problem in error.value.problem
