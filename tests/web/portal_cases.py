"""Cases for the portal tests, dated around a given day (the server uses the real today).

Both come from the demo case (a right hip, acetabular lesion at 1:30, ten holes made) with every
date moved so that its surgery falls where the test needs it, then trimmed of what cannot have
happened yet:

``recovering_document(today)``
    operated three weeks ago (protected weight bearing still on, phase I, baseline
    questionnaires answered before surgery, the 6-week ones not yet due);
``preop_document(today)``
    surgery in three weeks: the operative record and post-operative questionnaires removed, and
    checklist steps dated after today left to do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from web.conftest import example_document

DEMO_SURGERY = dt.date(2025, 3, 3)


def _shift(value: Any, days: int) -> Any:
    """``value`` with every ISO date string in it moved by ``days``."""
    if isinstance(value, dict):
        return {key: _shift(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, days) for item in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
        except ValueError:
            return value
    return value


def _dated_around(surgery: dt.date, today: dt.date, case_id: str) -> dict[str, Any]:
    document = _shift(example_document(), (surgery - DEMO_SURGERY).days)
    document["case_id"] = case_id
    document.pop("return_to_sport", None)
    document["proms"] = [
        entry for entry in document["proms"] if dt.date.fromisoformat(entry["date"]) <= today
    ]
    return dict(document)


def recovering_document(today: dt.date, *, case_id: str = "PORTAL-REC") -> dict[str, Any]:
    """The demo case operated 21 days before ``today``."""
    return _dated_around(today - dt.timedelta(days=21), today, case_id)


def preop_document(
    today: dt.date, *, case_id: str = "PORTAL-PRE", days_to_surgery: int = 21
) -> dict[str, Any]:
    """The demo case with surgery ``days_to_surgery`` days after ``today``."""
    document = _dated_around(today + dt.timedelta(days=days_to_surgery), today, case_id)
    document.pop("operative", None)
    checklist = {}
    for item, entry in document["checklist"].items():
        date = entry.get("date")
        checklist[item] = (
            {"state": "pending"} if date and dt.date.fromisoformat(date) > today else entry
        )
    document["checklist"] = checklist
    for medication in document["medications"]:
        stopped = medication.get("stopped_on")
        if stopped and dt.date.fromisoformat(stopped) > today:
            del medication["stopped_on"]
    return document
