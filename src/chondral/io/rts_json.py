"""The JSON form of a return-to-sport decision (``chondral rts --json``,
``return-to-sport.json``).

Keys: ``case_id``, ``side``, ``date``, ``surgery_date``, ``time_since_surgery`` (``weeks``,
``days``), ``cleared``, ``blocking`` (ids of the failing checks, in order), ``checks`` (one
object per check: time, each criterion, the surgeon's approval), ``criteria_source`` and
``policy`` (``id``, ``version``).
"""

from __future__ import annotations

from typing import Any

from chondral.pathway import GateCheck, RtsDecision

__all__ = ["gate_check_to_dict", "rts_decision_to_dict"]


def gate_check_to_dict(check: GateCheck) -> dict[str, Any]:
    """One check: id, met, stage, title, requirement, value, date, reason, rule_id."""
    return {
        "id": check.id,
        "met": check.met,
        "stage": check.stage,
        "title": check.title,
        "requirement": check.requirement,
        "value": check.value,
        "date": None if check.date is None else check.date.isoformat(),
        "reason": check.reason,
        "rule_id": check.rule_id,
    }


def rts_decision_to_dict(decision: RtsDecision) -> dict[str, Any]:
    """The decision: ``cleared`` and ``blocking`` (the issue's shape) plus every check."""
    weeks, days = divmod(decision.days_since_surgery, 7)
    return {
        "case_id": decision.case_id,
        "side": decision.side.value,
        "date": decision.date.isoformat(),
        "surgery_date": decision.surgery_date.isoformat(),
        "time_since_surgery": {"weeks": weeks, "days": days},
        "cleared": decision.cleared,
        "blocking": list(decision.blocking),
        "checks": [gate_check_to_dict(check) for check in decision.checks],
        "criteria_source": decision.criteria_source,
        "policy": {"id": decision.policy_id, "version": decision.policy_version},
    }
