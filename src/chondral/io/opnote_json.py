"""The JSON form of an operative note (``chondral opnote --json``).

Keys: ``warnings`` (every finding of the review of the operative record, in the form of
``chondral.io.finding_json``; info findings too, despite the key's name), ``comparisons`` (plan
versus performed per lesion), ``traction_total_minutes`` (the sum of the traction periods; null
when not recorded) and ``note`` (the text).
"""

from __future__ import annotations

from typing import Any

from chondral.io.finding_json import finding_to_dict
from chondral.pathway import HoleComparison, OperativeNote

__all__ = ["hole_comparison_to_dict", "operative_note_to_dict"]

DISTANCE_DECIMALS = 2
"""Distances from each hole made to the nearest planned hole are written to 0.01 mm."""


def hole_comparison_to_dict(comparison: HoleComparison) -> dict[str, Any]:
    """Plan versus performed for one lesion (hole numbers are 1-based)."""
    nearest = comparison.nearest_planned_mm
    return {
        "lesion_id": comparison.lesion_id,
        "planned_count": comparison.planned_count,
        "performed_count": comparison.performed_count,
        "limit_mm": comparison.limit_mm,
        "nearest_planned_mm": None
        if nearest is None
        else [round(d, DISTANCE_DECIMALS) for d in nearest],
        "far_holes": list(comparison.far_holes),
        "missed_planned": list(comparison.missed_planned),
    }


def operative_note_to_dict(note: OperativeNote) -> dict[str, Any]:
    """The checks, the plan-vs-performed comparisons, the traction total and the note."""
    return {
        "warnings": [finding_to_dict(finding) for finding in note.review.findings],
        "comparisons": [hole_comparison_to_dict(c) for c in note.review.comparisons],
        "traction_total_minutes": note.review.traction_total_minutes,
        "note": note.text,
    }
