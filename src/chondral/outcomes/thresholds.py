"""Clinically important thresholds (MCID, PASS, SCB) as data, each value with its source.

A threshold set (``chondral.thresholds/1``) has an ``id``, a ``version``, a ``source`` and a list
of values; every value names its instrument, measure, basis, time point and source::

    {"instrument": "mhhs", "measure": "mcid", "basis": "change", "time_point_months": 12,
     "value": 6.9, "method": "distribution", "source": "Nwachukwu et al. 2020 ..."}

The default set is Nwachukwu et al. 2020 (``resources/thresholds-nwachukwu-2020.json``). A
replacement set is checked by ``parse_threshold_set`` as strictly as a case file: unknown keys,
unknown instruments, a PASS given as a change, values outside the scale, a repeated value: each
is an ``InputDataError`` naming the field (``thresholds[3].value``).

How "achieved" is decided (``Threshold.is_achieved``)
-----------------------------------------------------
Comparisons are exact, on the one-decimal ``Decimal`` scores that are reported, and the boundary
counts as achieved (``>=``):

- ``basis: change`` (every MCID; an SCB may be either): the *improvement* from the baseline must
  be at least the value. Improvement = follow-up - baseline for higher-is-better instruments and
  baseline - follow-up for lower-is-better ones (VAS pain), so a change value is always a
  positive amount of improvement.
- ``basis: score`` (every PASS; an SCB may be either): the follow-up score must be at least the
  value, or at most the value for a lower-is-better instrument.

Which time point's values apply to a follow-up (``ThresholdSet.nearest_time_point_months``)
------------------------------------------------------------------------------------------
The nearest time point, among those the set gives for that instrument, measured in days
(one month = 365.25 / 12 = 30.4375 days, exactly). When a follow-up lies exactly midway between
two time points, the earlier time point applies: the patient has not yet reached the later one.
The choice is made once per follow-up; a measure missing at that time point gives no flag (it is
not borrowed from another time point).

References
----------
- Nwachukwu BU et al. Am J Sports Med 2020: MCID (distribution method), PASS and SCB for mHHS,
  HOS-ADL, HOS-Sport and iHOT-12 at 1, 2 and 5 years after hip arthroscopy for FAI
  (clinical-reference.md 7.5) [V].
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from chondral.errors import InputDataError, InvalidValueError, quote
from chondral.outcomes._definitions import Direction
from chondral.outcomes.instruments import get_instrument

__all__ = [
    "DAYS_PER_MONTH",
    "DEFAULT_THRESHOLD_SET_ID",
    "MAX_TIME_POINT_MONTHS",
    "SCHEMA",
    "Basis",
    "Measure",
    "Threshold",
    "ThresholdSet",
    "default_threshold_set",
    "parse_threshold_set",
]

SCHEMA: Final = "chondral.thresholds/1"
DEFAULT_THRESHOLD_SET_ID: Final = "nwachukwu-2020"
DAYS_PER_MONTH: Final = Fraction(1461, 48)
"""365.25 / 12 = 30.4375 days, exactly."""
MAX_TIME_POINT_MONTHS: Final = 1200
"""Latest threshold time point accepted: 100 years after surgery."""

_SET_KEYS: Final = frozenset({"schema", "id", "version", "title", "source", "note", "thresholds"})
_SET_REQUIRED: Final = ("schema", "id", "version", "source", "thresholds")
_VALUE_KEYS: Final = frozenset(
    {"instrument", "measure", "basis", "time_point_months", "value", "source", "method", "note"}
)
_VALUE_REQUIRED: Final = ("instrument", "measure", "basis", "time_point_months", "value", "source")


class Measure(StrEnum):
    """What a threshold marks."""

    MCID = "mcid"
    """Minimal clinically important difference: the smallest improvement that matters."""
    PASS = "pass"
    """Patient acceptable symptom state: a follow-up score patients call acceptable."""
    SCB = "scb"
    """Substantial clinical benefit."""


class Basis(StrEnum):
    """What a threshold value is compared with."""

    CHANGE = "change"
    """The improvement from the pre-operative baseline."""
    SCORE = "score"
    """The follow-up score itself."""


_ALLOWED_BASES: Final = {
    Measure.MCID: (Basis.CHANGE,),
    Measure.PASS: (Basis.SCORE,),
    Measure.SCB: (Basis.CHANGE, Basis.SCORE),
}


@dataclass(frozen=True, slots=True)
class Threshold:
    """One threshold value with its provenance."""

    instrument: str
    measure: Measure
    basis: Basis
    time_point_months: int
    value: Decimal
    source: str
    method: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise InvalidValueError(
                f"must be a finite decimal number, got {quote(self.value)}", field="value"
            )
        months = self.time_point_months
        if (
            isinstance(months, bool)
            or not isinstance(months, int)
            or not 1 <= months <= MAX_TIME_POINT_MONTHS
        ):
            raise InvalidValueError(
                f"must be a whole number of months from 1 to {MAX_TIME_POINT_MONTHS}, "
                f"got {quote(months)}",
                field="time_point_months",
            )

    def is_achieved(self, compared: Decimal, direction: Direction) -> bool:
        """Whether ``compared`` reaches this threshold, the boundary included.

        ``compared`` is the improvement from baseline (``basis: change``; positive = better for
        either direction) or the follow-up score (``basis: score``).
        """
        if self.basis is Basis.SCORE and direction is Direction.LOWER_IS_BETTER:
            return compared <= self.value
        return compared >= self.value


@dataclass(frozen=True, slots=True)
class ThresholdSet:
    """A named, versioned set of thresholds."""

    id: str
    version: str
    source: str
    thresholds: tuple[Threshold, ...]
    title: str = ""
    _index: Mapping[tuple[str, Measure, int], Threshold] = field(
        init=False, repr=False, compare=False
    )
    _time_points: Mapping[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(t.instrument, t.measure, t.time_point_months): t for t in self.thresholds}
        if len(index) != len(self.thresholds):
            raise InvalidValueError(
                "holds two values for one instrument, measure and time point", field="thresholds"
            )
        time_points: dict[str, set[int]] = {}
        for threshold in self.thresholds:
            time_points.setdefault(threshold.instrument, set()).add(threshold.time_point_months)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(
            self,
            "_time_points",
            MappingProxyType({code: tuple(sorted(tps)) for code, tps in time_points.items()}),
        )

    def time_points_months(self, instrument: str) -> tuple[int, ...]:
        """The time points (months) with any value for ``instrument``, ascending."""
        return self._time_points.get(instrument, ())

    def find(self, instrument: str, measure: Measure, time_point_months: int) -> Threshold | None:
        """The value for one instrument, measure and time point, if the set has it."""
        return self._index.get((instrument, measure, time_point_months))

    def nearest_time_point_months(self, instrument: str, days_after_surgery: int) -> int | None:
        """The time point whose values apply to a follow-up; ties go to the earlier one.

        ``None`` when the set has nothing for ``instrument``.
        """
        best: int | None = None
        best_distance: Fraction | None = None
        for months in self.time_points_months(instrument):  # ascending: ties keep the earlier
            distance = abs(days_after_surgery - months * DAYS_PER_MONTH)
            if best_distance is None or distance < best_distance:
                best, best_distance = months, distance
        return best


def _fail(problem: str, field: str) -> InputDataError:
    return InputDataError(problem, field=field)


def _check_keys(
    raw: object, allowed: frozenset[str], required: Sequence[str], where: str, what: str
) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _fail(f"must be a mapping ({what})", where or "document")
    for key in raw:
        if key not in allowed:
            name = f"{where}.{key}" if where else str(key)
            raise _fail(f"unknown field; allowed: {', '.join(sorted(allowed))}", name)
    for key in required:
        if key not in raw:
            raise _fail("is required", f"{where}.{key}" if where else key)
    return raw


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise _fail(
            f"must be a non-empty string, got {quote(value)}", f"{where}.{key}" if where else key
        )
    return value


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _fail(f"must be a number, got {quote(value)}", field)
    if isinstance(value, float):
        exact = Decimal(repr(value))  # the decimal the file wrote; "nan"/"inf" stay non-finite
    elif isinstance(value, Decimal):
        exact = value
    else:
        exact = Decimal(value)
    if not exact.is_finite():
        raise _fail(f"must be a finite number, got {quote(value)}", field)
    return exact


def _parse_value(raw_value: object, where: str) -> Threshold:
    raw = _check_keys(raw_value, _VALUE_KEYS, _VALUE_REQUIRED, where, "one threshold value")
    definition = get_instrument(raw["instrument"], field=f"{where}.instrument")
    measure_text = raw["measure"]
    if measure_text not in tuple(Measure):
        raise _fail(
            f"unknown measure {quote(measure_text)}; expected one of mcid, pass, scb",
            f"{where}.measure",
        )
    measure = Measure(measure_text)
    basis_text = raw["basis"]
    allowed = _ALLOWED_BASES[measure]
    if basis_text not in tuple(allowed):
        raise _fail(
            f"a {measure} threshold must have basis {' or '.join(allowed)}, "
            f"got {quote(basis_text)}",
            f"{where}.basis",
        )
    basis = Basis(basis_text)
    months = raw["time_point_months"]
    if (
        isinstance(months, bool)
        or not isinstance(months, int)
        or not 1 <= months <= MAX_TIME_POINT_MONTHS
    ):
        raise _fail(
            f"must be a whole number of months >= 1 and <= {MAX_TIME_POINT_MONTHS}, "
            f"got {quote(months)}",
            f"{where}.time_point_months",
        )
    value = _decimal(raw["value"], f"{where}.value")
    low, high = Decimal(definition.score_minimum), Decimal(definition.score_maximum)
    if basis is Basis.SCORE and not low <= value <= high:
        raise _fail(
            f"a score threshold for {definition.code} must lie from {low} to {high}, got {value}",
            f"{where}.value",
        )
    if basis is Basis.CHANGE and not Decimal(0) < value <= high - low:
        raise _fail(
            f"a change threshold for {definition.code} is an improvement: more than 0 and at "
            f"most {high - low}, got {value}",
            f"{where}.value",
        )
    method = raw.get("method")
    if method is not None:
        method = _text(raw, "method", where)
    return Threshold(
        instrument=definition.code,
        measure=measure,
        basis=basis,
        time_point_months=months,
        value=value,
        source=_text(raw, "source", where),
        method=method,
    )


def parse_threshold_set(document: object) -> ThresholdSet:
    """Check a ``chondral.thresholds/1`` document and build the set.

    Raises ``InputDataError`` naming the first bad field.
    """
    raw = _check_keys(document, _SET_KEYS, _SET_REQUIRED, "", "a chondral.thresholds/1 document")
    if raw["schema"] != SCHEMA:
        raise _fail(f"must be {SCHEMA!r}, got {quote(raw['schema'])}", "schema")
    raw_values = raw["thresholds"]
    if not isinstance(raw_values, list) or not raw_values:
        raise _fail("must be a non-empty list of threshold values", "thresholds")
    thresholds: list[Threshold] = []
    seen: set[tuple[str, Measure, int]] = set()
    for position, raw_value in enumerate(raw_values):
        where = f"thresholds[{position}]"
        threshold = _parse_value(raw_value, where)
        key = (threshold.instrument, threshold.measure, threshold.time_point_months)
        if key in seen:
            raise _fail(
                f"a second {threshold.measure} for {threshold.instrument} at "
                f"{threshold.time_point_months} months",
                where,
            )
        seen.add(key)
        thresholds.append(threshold)
    title = _text(raw, "title", "") if "title" in raw else ""
    return ThresholdSet(
        id=_text(raw, "id", ""),
        version=_text(raw, "version", ""),
        source=_text(raw, "source", ""),
        title=title,
        thresholds=tuple(thresholds),
    )


@functools.cache
def default_threshold_set() -> ThresholdSet:
    """Nwachukwu et al. 2020, read from the packaged resource."""
    name = f"thresholds-{DEFAULT_THRESHOLD_SET_ID}.json"
    text = resources.files(__package__).joinpath("resources", name).read_text("utf-8")
    return parse_threshold_set(json.loads(text, parse_float=Decimal))
