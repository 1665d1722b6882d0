"""The machine form of a case's outcome summary (``chondral outcomes --json``, demo
``outcomes.json``).

Top level: ``case_id``, ``side``, ``surgery_date``, ``threshold_set`` (its identity) and
``instruments``, one per instrument with responses: ``instrument``, ``title``, ``version``,
``direction``, ``score_range``, ``baseline``, ``pre_operative`` and ``follow_ups``. A response
carries ``date``, ``days_from_surgery`` and the score fields of ``chondral.io.score_json``
(including ``answered_rule`` where the minimum answered is chondral's choice); a follow-up adds
``time_point``, ``change``, ``improvement``, ``threshold_time_point_months``, the three flags and
``checks`` (per measure: ``achieved``, ``threshold``, ``compared``, ``reason``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chondral.io.score_json import score_result_to_dict
from chondral.io.threshold_set import threshold_set_identity, threshold_to_dict
from chondral.outcomes import (
    FollowUp,
    InstrumentCourse,
    InstrumentDefinition,
    OutcomeSummary,
    ScoredResponse,
    ThresholdCheck,
)

__all__ = ["instrument_to_dict", "outcome_summary_to_dict"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _response(response: ScoredResponse) -> dict[str, Any]:
    return {
        "date": response.date.isoformat(),
        "days_from_surgery": response.days_from_surgery,
        **score_result_to_dict(response.result),
    }


def _check(check: ThresholdCheck) -> dict[str, Any]:
    return {
        "achieved": check.achieved,
        "threshold": None if check.threshold is None else threshold_to_dict(check.threshold),
        "compared": _number(check.compared),
        "reason": check.reason,
    }


def _follow_up(follow_up: FollowUp) -> dict[str, Any]:
    return {
        **_response(follow_up.scored),
        "time_point": follow_up.time_point,
        "change": _number(follow_up.change),
        "improvement": _number(follow_up.improvement),
        "threshold_time_point_months": follow_up.threshold_time_point_months,
        "mcid_achieved": follow_up.mcid_achieved,
        "pass_achieved": follow_up.pass_achieved,
        "scb_achieved": follow_up.scb_achieved,
        "checks": {str(check.measure): _check(check) for check in follow_up.checks},
    }


def instrument_to_dict(definition: InstrumentDefinition) -> dict[str, Any]:
    """Which instrument (code, title, version), which way is better, and its score range: the
    head of every per-instrument object in the outcome documents."""
    return {
        "instrument": definition.code,
        "title": definition.title,
        "version": definition.version,
        "direction": str(definition.direction),
        "score_range": {"minimum": definition.score_minimum, "maximum": definition.score_maximum},
    }


def _course(course: InstrumentCourse) -> dict[str, Any]:
    baseline = course.baseline
    return {
        **instrument_to_dict(course.definition),
        "baseline": None if baseline is None else _response(baseline),
        "pre_operative": [_response(response) for response in course.pre_operative],
        "follow_ups": [_follow_up(follow_up) for follow_up in course.follow_ups],
    }


def outcome_summary_to_dict(summary: OutcomeSummary) -> dict[str, Any]:
    """One JSON-serialisable object; keys as documented in docs/outcomes.md."""
    return {
        "case_id": summary.case_id,
        "side": None if summary.side is None else str(summary.side),
        "surgery_date": summary.surgery_date.isoformat(),
        "threshold_set": threshold_set_identity(summary.thresholds),
        "instruments": [_course(course) for course in summary.instruments],
    }
