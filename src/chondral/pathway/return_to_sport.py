"""The return-to-sport gate: time, objective criteria and the surgeon's recorded approval.

A patient is ``cleared`` on a date only when all three gates pass; each failing one is listed in
``blocking`` by id:

- ``minimum_time``: at least ``weeks`` (16 by default, rule ``pathway.rts.minimum_time``) have
  passed: the date is on or after surgery + 16 x 7 days (that day itself counts);
- each objective criterion (``resources/rts-criteria-ijspt-2022.json``, rule
  ``pathway.rts.criteria``): the latest result recorded on or before the date is met. A criterion
  never recorded blocks (a missing result is not a pass). HOS-ADL and HOS-Sport come from the
  case's PROMs: the latest scored response after surgery and on or before the date;
- ``surgeon_approval``: an approval with the surgeon's name and date is recorded, dated on or
  before the gate date and not before the latest objective result the gate used (the surgeon
  signs off on those results; rule ``pathway.rts.surgeon_approval``).

Tests: ``pass`` needs ``true``; ``at_least`` needs value >= threshold; ``above`` needs value >
threshold (HOS-ADL "> 95%", Y-balance "> 90%" for full participation).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from importlib import resources

from chondral.domain import CriterionValue, ReturnToSportRecord, Side
from chondral.errors import InvalidValueError, quote
from chondral.pathway.calendar_dates import inside_calendar
from chondral.pathway.policy import (
    DEFAULT_POLICY,
    RTS_THRESHOLD_MAX,
    PathwayPolicy,
    RtsCriteriaParams,
)

__all__ = [
    "APPROVAL_CHECK",
    "TIME_CHECK",
    "CriterionTest",
    "DatedScore",
    "GateCheck",
    "RtsCriterion",
    "RtsDecision",
    "default_rts_criteria",
    "evaluate_return_to_sport",
    "recorded_criterion_ids",
    "rts_criteria",
]

TIME_CHECK = "minimum_time"
APPROVAL_CHECK = "surgeon_approval"


class CriterionTest(StrEnum):
    """How a result is compared with its threshold."""

    PASS = "pass"
    AT_LEAST = "at_least"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class RtsCriterion:
    """One objective criterion. ``prom``: the instrument whose score supplies the value."""

    id: str
    stage: str
    title: str
    test: CriterionTest
    threshold: float | None = None
    unit: str | None = None
    prom: str | None = None

    def __post_init__(self) -> None:
        if (self.test is CriterionTest.PASS) != (self.threshold is None):
            raise InvalidValueError(
                f"{self.id}: a pass/fail criterion has no threshold; others need one",
                field="threshold",
            )
        if self.threshold is not None and not (
            math.isfinite(self.threshold) and 0 <= self.threshold <= RTS_THRESHOLD_MAX
        ):
            raise InvalidValueError(
                f"{self.id}: must be finite, 0 to {RTS_THRESHOLD_MAX:g}, got"
                f" {quote(self.threshold)}",
                field="threshold",
            )

    def is_met(self, value: CriterionValue) -> bool:
        """Whether ``value`` meets this criterion (a value of the wrong kind, NaN or infinity
        does not)."""
        if self.test is CriterionTest.PASS:
            return value is True
        if isinstance(value, bool) or not math.isfinite(value):
            return False
        assert self.threshold is not None
        if self.test is CriterionTest.AT_LEAST:
            return value >= self.threshold
        return value > self.threshold

    @property
    def requirement(self) -> str:
        """The requirement in words, e.g. ``>= 45 s``."""
        if self.test is CriterionTest.PASS:
            return "pass"
        sign = ">=" if self.test is CriterionTest.AT_LEAST else ">"
        return f"{sign} {self.threshold:g}" + (f" {self.unit}" if self.unit else "")


@cache
def default_rts_criteria() -> tuple[RtsCriterion, ...]:
    """The IJSPT 2022 criteria, in order."""
    text = (
        resources.files("chondral.pathway") / "resources" / "rts-criteria-ijspt-2022.json"
    ).read_text(encoding="utf-8")
    return tuple(
        RtsCriterion(
            id=item["id"],
            stage=item["stage"],
            title=item["title"],
            test=CriterionTest(item["test"]),
            threshold=None if item.get("threshold") is None else float(item["threshold"]),
            unit=item.get("unit"),
            prom=item.get("prom"),
        )
        for item in json.loads(text)["criteria"]
    )


def recorded_criterion_ids() -> dict[str, CriterionTest]:
    """Criteria a case file records in ``return_to_sport.assessments`` (not those from PROMs)."""
    return {c.id: c.test for c in default_rts_criteria() if c.prom is None}


def rts_criteria(params: RtsCriteriaParams) -> tuple[RtsCriterion, ...]:
    """The default criteria with a policy's changed thresholds and omissions applied."""
    known = {criterion.id: criterion for criterion in default_rts_criteria()}
    for name in sorted({*params.thresholds, *params.omit}):
        if name not in known:
            where = "thresholds" if name in params.thresholds else "omit"
            raise InvalidValueError(
                f"{quote(name)} is not a return-to-sport criterion", field=where
            )
        if name in params.thresholds and known[name].test is CriterionTest.PASS:
            raise InvalidValueError(
                f"{name}: a pass/fail criterion has no threshold to change",
                field="thresholds",
            )
    return tuple(
        replace(c, threshold=float(params.thresholds[c.id])) if c.id in params.thresholds else c
        for c in default_rts_criteria()
        if c.id not in params.omit
    )


@dataclass(frozen=True, slots=True)
class DatedScore:
    """A scored PROM response: ``score`` (0-100) None when the form was not scorable
    (``reason``)."""

    date: dt.date
    score: float | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.score is not None and not (math.isfinite(self.score) and 0 <= self.score <= 100):
            raise InvalidValueError(
                f"must be a finite score 0-100, got {quote(self.score)}", field="score"
            )


@dataclass(frozen=True, slots=True)
class GateCheck:
    """One check of the gate."""

    id: str
    met: bool
    reason: str
    rule_id: str
    stage: str | None = None
    title: str | None = None
    requirement: str | None = None
    value: CriterionValue | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class RtsDecision:
    """The gate's answer on one date."""

    case_id: str
    side: Side
    date: dt.date
    surgery_date: dt.date
    checks: tuple[GateCheck, ...]
    policy_id: str
    policy_version: str
    criteria_source: str

    @property
    def blocking(self) -> tuple[str, ...]:
        """Ids of the checks that fail, in order (time, criteria, approval)."""
        return tuple(check.id for check in self.checks if not check.met)

    @property
    def cleared(self) -> bool:
        """True only when time, every criterion and the approval pass."""
        return not self.blocking

    @property
    def days_since_surgery(self) -> int:
        """Whole days from the surgery day to the gate date."""
        return (self.date - self.surgery_date).days


def _latest_result(
    record: ReturnToSportRecord | None,
    criterion_id: str,
    surgery_date: dt.date,
    date: dt.date,
) -> tuple[CriterionValue, dt.date] | None:
    """The latest result of a criterion after surgery and on or before ``date`` (a result from
    before the operation says nothing about the repaired hip)."""
    best: tuple[CriterionValue, dt.date] | None = None
    for assessment in () if record is None else record.assessments:
        if not surgery_date < assessment.date <= date or criterion_id not in assessment.results:
            continue
        if best is None or assessment.date >= best[1]:
            best = (assessment.results[criterion_id], assessment.date)
    return best


def _latest_score(
    scores: Sequence[DatedScore], surgery_date: dt.date, date: dt.date
) -> DatedScore | None:
    eligible = [score for score in scores if surgery_date < score.date <= date]
    return max(eligible, key=lambda score: score.date) if eligible else None


def _criterion_check(
    criterion: RtsCriterion,
    record: ReturnToSportRecord | None,
    prom_scores: Mapping[str, Sequence[DatedScore]],
    surgery_date: dt.date,
    date: dt.date,
    rule_id: str,
) -> GateCheck:
    def check(
        met: bool, reason: str, value: CriterionValue | None = None, when: dt.date | None = None
    ) -> GateCheck:
        return GateCheck(
            id=criterion.id,
            met=met,
            reason=reason,
            rule_id=rule_id,
            stage=criterion.stage,
            title=criterion.title,
            requirement=criterion.requirement,
            value=value,
            date=when,
        )

    value: CriterionValue
    if criterion.prom is not None:
        score = _latest_score(prom_scores.get(criterion.prom, ()), surgery_date, date)
        if score is None:
            return check(False, f"no {criterion.prom} response after surgery")
        if score.score is None:
            reason = score.reason or "too many items missing"
            return check(
                False,
                f"{criterion.prom} of {score.date.isoformat()} not scorable: {reason}",
                when=score.date,
            )
        value, when = score.score, score.date
    else:
        found = _latest_result(record, criterion.id, surgery_date, date)
        if found is None:
            return check(False, "not recorded")
        value, when = found
    met = criterion.is_met(value)
    shown = ("pass" if value else "fail") if isinstance(value, bool) else f"{value:g}"
    outcome = "met" if met else f"needs {criterion.requirement}"
    return check(met, f"{shown} on {when.isoformat()}: {outcome}", value, when)


def evaluate_return_to_sport(
    case_id: str,
    side: Side,
    surgery_date: dt.date,
    date: dt.date,
    record: ReturnToSportRecord | None,
    prom_scores: Mapping[str, Sequence[DatedScore]],
    *,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> RtsDecision:
    """The gate on ``date`` for surgery on ``surgery_date`` (rules: module docstring).

    ``prom_scores`` maps an instrument code (``hos_adl``, ``hos_sport``) to its scored responses.
    """
    time_rule = policy.rts_time
    with inside_calendar(surgery_date, field="surgery_date", what="the return-to-sport time"):
        earliest = surgery_date + dt.timedelta(weeks=time_rule.params.weeks)
    time_met = date >= earliest
    checks = [
        GateCheck(
            id=TIME_CHECK,
            met=time_met,
            reason=(
                f"{(date - surgery_date).days} days since surgery; needs"
                f" {time_rule.params.weeks} weeks (from {earliest.isoformat()})"
            ),
            rule_id=time_rule.rule_id,
            requirement=f">= {time_rule.params.weeks} weeks",
        )
    ]
    criteria_rule = policy.rts_criteria
    criterion_checks = [
        _criterion_check(c, record, prom_scores, surgery_date, date, criteria_rule.rule_id)
        for c in rts_criteria(criteria_rule.params)
    ]
    checks.extend(criterion_checks)
    checks.append(_approval_check(record, criterion_checks, date, policy))
    return RtsDecision(
        case_id=case_id,
        side=side,
        date=date,
        surgery_date=surgery_date,
        checks=tuple(checks),
        policy_id=policy.id,
        policy_version=policy.version,
        criteria_source=criteria_rule.source,
    )


def _approval_check(
    record: ReturnToSportRecord | None,
    criterion_checks: Sequence[GateCheck],
    date: dt.date,
    policy: PathwayPolicy,
) -> GateCheck:
    rule_id = policy.rts_approval.rule_id
    approval = None if record is None else record.approval
    if approval is None:
        return GateCheck(
            APPROVAL_CHECK, False, "no surgeon's approval recorded", rule_id, requirement="recorded"
        )
    who = f"{approval.surgeon}, {approval.date.isoformat()}"
    if approval.date > date:
        return GateCheck(
            APPROVAL_CHECK, False, f"approval ({who}) is dated after {date.isoformat()}", rule_id
        )
    result_dates = [check.date for check in criterion_checks if check.date is not None]
    latest = max(result_dates, default=None)
    if latest is not None and approval.date < latest:
        return GateCheck(
            APPROVAL_CHECK,
            False,
            f"approval ({who}) predates results of {latest.isoformat()}: the surgeon must"
            " approve after the objective results",
            rule_id,
        )
    return GateCheck(APPROVAL_CHECK, True, f"approved by {who}", rule_id, date=approval.date)
