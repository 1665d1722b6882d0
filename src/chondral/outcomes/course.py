"""The course of a patient's outcome scores around surgery: baseline, follow-ups, flags.

``summarise_outcomes(proms, surgery_date)`` scores every dated response and arranges them per
instrument:

- **pre-operative** responses are those dated on or before the surgery date (a form filled in on
  the day of surgery is taken to be filled in before it); the **baseline** is the latest of them,
  whether or not it is scorable (a non-scorable baseline gives no change and no change-based
  flags, with a reason; an older form is not silently substituted);
- **follow-ups** are the responses dated after surgery, each with its time point (days after
  surgery, labelled in days, weeks, months or years), its change from the baseline and its flags
  ``mcid_achieved``, ``pass_achieved``, ``scb_achieved``.

A flag is ``True`` or ``False`` only when it can be decided; otherwise it is ``None`` and its
check carries the reason (no threshold for that instrument or time point, no scorable baseline, a
follow-up that cannot be scored). A missing threshold is never read as "not achieved". How
thresholds are chosen and compared is documented in ``chondral.outcomes.thresholds``.

Two responses of the same instrument on the same date are an error: which one counts cannot be
decided without guessing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError
from chondral.outcomes._definitions import Direction, InstrumentDefinition, instrument_definitions
from chondral.outcomes._result import ScoreResult
from chondral.outcomes.instruments import (
    DEFAULT_SCORING_RULES,
    ScoringRules,
    score_response,
    validate_response,
)
from chondral.outcomes.thresholds import (
    DAYS_PER_MONTH,
    Basis,
    Measure,
    Threshold,
    ThresholdSet,
    default_threshold_set,
)

__all__ = [
    "FollowUp",
    "InstrumentCourse",
    "OutcomeSummary",
    "ScoredResponse",
    "ThresholdCheck",
    "label_time_point",
    "summarise_outcomes",
]

_DAYS_PER_WEEK = 7


def label_time_point(days_after_surgery: int) -> str:
    """A follow-up time point in words: ``10 days``, ``6 weeks``, ``3 months``, ``2 years``.

    Under 14 days: days. Under 13 weeks: whole weeks. Otherwise whole months (one month is
    30.4375 days), written as years when they are a whole number of years. Halves round up.
    """
    if days_after_surgery < 14:
        return f"{days_after_surgery} day" + ("" if days_after_surgery == 1 else "s")
    if days_after_surgery < 13 * _DAYS_PER_WEEK:
        weeks = math.floor(Fraction(days_after_surgery, _DAYS_PER_WEEK) + Fraction(1, 2))
        return f"{weeks} weeks"
    months = math.floor(days_after_surgery / DAYS_PER_MONTH + Fraction(1, 2))
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" + ("" if years == 1 else "s")
    return f"{months} months"


@dataclass(frozen=True, slots=True)
class ScoredResponse:
    """One dated, scored form. ``days_from_surgery`` is negative before surgery, 0 on the day."""

    date: dt.date
    days_from_surgery: int
    result: ScoreResult


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    """One flag: whether a follow-up reaches one threshold, or why that cannot be said.

    ``compared`` is the number set against the threshold: the improvement from baseline for
    ``basis: change``, the follow-up score for ``basis: score``.
    """

    measure: Measure
    achieved: bool | None
    threshold: Threshold | None = None
    compared: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One post-operative form with its change from baseline and its flags.

    ``change`` = follow-up - baseline; ``improvement`` is the same change signed so that a
    positive value is better (``-change`` for a lower-is-better instrument).
    """

    scored: ScoredResponse
    time_point: str
    change: Decimal | None
    improvement: Decimal | None
    threshold_time_point_months: int | None
    checks: tuple[ThresholdCheck, ...]

    def check(self, measure: Measure) -> ThresholdCheck:
        """The check for one measure."""
        return next(check for check in self.checks if check.measure is measure)

    @property
    def mcid_achieved(self) -> bool | None:
        """Improvement reached the MCID; ``None`` when that cannot be decided."""
        return self.check(Measure.MCID).achieved

    @property
    def pass_achieved(self) -> bool | None:
        """Score reached the PASS; ``None`` when that cannot be decided."""
        return self.check(Measure.PASS).achieved

    @property
    def scb_achieved(self) -> bool | None:
        """Reached the SCB; ``None`` when that cannot be decided."""
        return self.check(Measure.SCB).achieved


@dataclass(frozen=True, slots=True)
class InstrumentCourse:
    """All of one instrument's responses for a case, in date order."""

    definition: InstrumentDefinition
    pre_operative: tuple[ScoredResponse, ...]
    follow_ups: tuple[FollowUp, ...]

    @property
    def instrument(self) -> str:
        """Instrument code."""
        return self.definition.code

    @property
    def baseline(self) -> ScoredResponse | None:
        """The latest pre-operative response, if any."""
        return self.pre_operative[-1] if self.pre_operative else None


@dataclass(frozen=True, slots=True)
class OutcomeSummary:
    """Every instrument's course for one case, with the threshold set that was applied."""

    surgery_date: dt.date
    thresholds: ThresholdSet
    instruments: tuple[InstrumentCourse, ...]
    case_id: str | None = None
    side: str | None = None

    def course(self, instrument: str) -> InstrumentCourse | None:
        """The course of one instrument, if the case has responses for it."""
        return next((c for c in self.instruments if c.instrument == instrument), None)


def _check(
    measure: Measure,
    *,
    definition: InstrumentDefinition,
    thresholds: ThresholdSet,
    time_point_months: int | None,
    baseline: ScoredResponse | None,
    follow_up: ScoreResult,
    improvement: Decimal | None,
) -> ThresholdCheck:
    code = definition.code
    set_name = f"threshold set {thresholds.id} (version {thresholds.version})"
    if time_point_months is None:
        return ThresholdCheck(measure, None, reason=f"{set_name} has no values for {code}")
    threshold = thresholds.find(code, measure, time_point_months)
    if threshold is None:
        return ThresholdCheck(
            measure,
            None,
            reason=f"{set_name} has no {measure.upper()} for {code} at {time_point_months} months",
        )
    if follow_up.score is None:
        return ThresholdCheck(measure, None, threshold, reason="the follow-up is not scorable")
    if threshold.basis is Basis.SCORE:
        compared = follow_up.score
    elif baseline is None:
        return ThresholdCheck(measure, None, threshold, reason="no pre-operative baseline response")
    elif improvement is None:
        return ThresholdCheck(
            measure,
            None,
            threshold,
            reason=f"the baseline response of {baseline.date.isoformat()} is not scorable",
        )
    else:
        compared = improvement
    return ThresholdCheck(
        measure, threshold.is_achieved(compared, definition.direction), threshold, compared
    )


def _follow_up(
    scored: ScoredResponse,
    *,
    definition: InstrumentDefinition,
    baseline: ScoredResponse | None,
    thresholds: ThresholdSet,
) -> FollowUp:
    result = scored.result
    change: Decimal | None = None
    improvement: Decimal | None = None
    if baseline is not None and baseline.result.score is not None and result.score is not None:
        change = result.score - baseline.result.score
        improvement = -change if definition.direction is Direction.LOWER_IS_BETTER else change
    months = thresholds.nearest_time_point_months(definition.code, scored.days_from_surgery)
    checks = tuple(
        _check(
            measure,
            definition=definition,
            thresholds=thresholds,
            time_point_months=months,
            baseline=baseline,
            follow_up=result,
            improvement=improvement,
        )
        for measure in Measure
    )
    return FollowUp(
        scored=scored,
        time_point=label_time_point(scored.days_from_surgery),
        change=change,
        improvement=improvement,
        threshold_time_point_months=months,
        checks=checks,
    )


def summarise_outcomes(
    proms: Sequence[PromResponse],
    surgery_date: dt.date | None,
    *,
    thresholds: ThresholdSet | None = None,
    rules: ScoringRules = DEFAULT_SCORING_RULES,
    case_id: str | None = None,
    side: str | None = None,
) -> OutcomeSummary:
    """Score a case's dated responses and flag each follow-up against ``thresholds``.

    ``proms`` are the case file's ``proms`` in file order (error fields are ``proms[i]...``);
    ``thresholds`` defaults to Nwachukwu et al. 2020. Raises ``InputDataError`` for an invalid
    response, a missing surgery date (``field="surgery_date"``), or two responses of one
    instrument on one date.
    """
    for position, response in enumerate(proms):
        validate_response(response, f"proms[{position}]")
    if surgery_date is None:
        raise InputDataError(
            "a surgery date is needed to tell baseline from follow-up responses",
            field="surgery_date",
        )
    threshold_set = default_threshold_set() if thresholds is None else thresholds
    courses = []
    for code, definition in instrument_definitions().items():
        dated = sorted(
            (
                (response.date, position)
                for position, response in enumerate(proms)
                if response.instrument == code
            ),
        )
        for (date, _), (next_date, position) in itertools.pairwise(dated):
            if date == next_date:
                raise InputDataError(
                    f"a second {code} response dated {date.isoformat()}; keep one",
                    field=f"proms[{position}].date",
                )
        scored = [
            ScoredResponse(
                date=date,
                days_from_surgery=(date - surgery_date).days,
                result=score_response(
                    code, proms[position].answers, rules=rules, field_prefix=f"proms[{position}]"
                ),
            )
            for date, position in dated
        ]
        if not scored:
            continue
        pre_operative = tuple(s for s in scored if s.days_from_surgery <= 0)
        baseline = pre_operative[-1] if pre_operative else None
        follow_ups = tuple(
            _follow_up(s, definition=definition, baseline=baseline, thresholds=threshold_set)
            for s in scored
            if s.days_from_surgery > 0
        )
        courses.append(InstrumentCourse(definition, pre_operative, follow_ups))
    return OutcomeSummary(
        surgery_date=surgery_date,
        thresholds=threshold_set,
        instruments=tuple(courses),
        case_id=case_id,
        side=side,
    )
