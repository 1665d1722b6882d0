"""The JSON form of a pre-operative checklist (``chondral checklist --json``, ``checklist.json``).

Keys: ``case_id``, ``side``, ``surgery_date``, ``as_of``, ``ready``, ``blocking`` (ids of the
required items not done), ``overdue``, ``items`` (one object per item), ``alerts`` and ``policy``
(``id``, ``version``). Dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

from typing import Any

from chondral.pathway import Checklist, ChecklistItem

__all__ = ["checklist_item_to_dict", "checklist_to_dict"]


def checklist_item_to_dict(item: ChecklistItem) -> dict[str, Any]:
    """One item: id, title, owner, due, state, required, overdue, done_date, notes, rule, source."""
    return {
        "id": item.id,
        "title": item.title,
        "owner": item.owner.value,
        "due": item.due.isoformat(),
        "state": item.state.value,
        "required": item.required,
        "overdue": item.overdue,
        "done_date": None if item.done_date is None else item.done_date.isoformat(),
        "notes": list(item.notes),
        "rule_id": item.rule_id,
        "source": item.source,
    }


def checklist_to_dict(checklist: Checklist) -> dict[str, Any]:
    """The checklist: ``ready``, ``items``, ``blocking`` (the issue's shape) and context."""
    return {
        "case_id": checklist.case_id,
        "side": checklist.side.value,
        "surgery_date": checklist.surgery_date.isoformat(),
        "as_of": checklist.as_of.isoformat(),
        "ready": checklist.ready,
        "blocking": list(checklist.blocking),
        "overdue": list(checklist.overdue),
        "items": [checklist_item_to_dict(item) for item in checklist.items],
        "alerts": list(checklist.alerts),
        "policy": {"id": checklist.policy_id, "version": checklist.policy_version},
    }
