"""The JSON form of a rehabilitation schedule (``chondral rehab --json``, ``rehab.json``).

Keys: ``case_id``, ``side``, ``surgery_date``, ``protocol`` (``id``, ``version``, ``source``),
``weight_bearing`` (``restriction``, ``until``, ``weeks``, ``extended``, ``reasons``,
``treated_area_mm2``, ``treated_area_source``, ``lcea_deg``, ``rule_id``, ``source``),
``phases``, ``visits``, ``prom_due``, ``pain_notes`` and ``warnings`` (findings, in the form of
``chondral.io.finding_json``). Dates are ISO ``YYYY-MM-DD``; an open last phase has ``end``
null.
"""

from __future__ import annotations

from typing import Any

from chondral.io.finding_json import finding_to_dict
from chondral.pathway import PromDue, RehabPhase, RehabSchedule, Visit

__all__ = ["rehab_phase_to_dict", "rehab_schedule_to_dict"]


def rehab_phase_to_dict(phase: RehabPhase) -> dict[str, Any]:
    """One dated phase; ``weeks`` reads ``"9-16"`` or ``"17-"`` for the open last phase."""
    weeks = f"{phase.first_week}-" + ("" if phase.last_week is None else str(phase.last_week))
    return {
        "id": phase.id,
        "name": phase.name,
        "start": phase.start.isoformat(),
        "end": None if phase.end is None else phase.end.isoformat(),
        "weeks": weeks,
        "goals": list(phase.goals),
        "restrictions": list(phase.restrictions),
        "exercises": list(phase.exercises),
        "criteria_to_progress": list(phase.criteria_to_progress),
        "source": phase.source,
    }


def _visit(visit: Visit) -> dict[str, Any]:
    return {"label": visit.label, "date": visit.date.isoformat(), "rule_id": visit.rule_id}


def _prom_due(due: PromDue) -> dict[str, Any]:
    return {
        "instrument": due.instrument,
        "date": due.date.isoformat(),
        "time_point": due.time_point,
        "rule_id": due.rule_id,
    }


def rehab_schedule_to_dict(schedule: RehabSchedule) -> dict[str, Any]:
    """The schedule with the issue's keys (``surgery_date``, ``weight_bearing``, ``phases``,
    ``visits``, ``prom_due``) plus context."""
    decision = schedule.weight_bearing
    return {
        "case_id": schedule.case_id,
        "side": schedule.side.value,
        "surgery_date": schedule.surgery_date.isoformat(),
        "protocol": {
            "id": schedule.protocol.id,
            "version": schedule.protocol.version,
            "source": schedule.protocol.source,
        },
        "weight_bearing": {
            "restriction": schedule.weight_bearing_restriction,
            "until": schedule.weight_bearing_until.isoformat(),
            "weeks": decision.weeks,
            "extended": decision.extended,
            "reasons": list(decision.reasons),
            "treated_area_mm2": decision.treated_area_mm2,
            "treated_area_source": schedule.treated_area_source,
            "lcea_deg": decision.lcea_deg,
            "rule_id": decision.rule_id,
            "source": decision.source,
        },
        "phases": [rehab_phase_to_dict(phase) for phase in schedule.phases],
        "visits": [_visit(visit) for visit in schedule.visits],
        "prom_due": [_prom_due(due) for due in schedule.prom_due],
        "pain_notes": [finding_to_dict(note) for note in schedule.pain_notes],
        "warnings": [finding_to_dict(finding) for finding in schedule.findings],
    }
