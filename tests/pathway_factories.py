"""Builders for pathway tests: case documents with pathway sections, and domain records."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from chondral.domain import Case
from chondral.io.casefile import parse_case
from chondral.pathway import checklist_template, default_rts_criteria, recorded_criterion_ids

from factories import case_document

SURGERY = dt.date(2025, 3, 3)

OPERATIVE: dict[str, Any] = {
    "date": "2025-03-03",
    "side": "right",
    "surgeon": "Dr A. Example",
    "anaesthesia": {"type": "general", "block": "lumbar_plexus"},
    "traction": [{"start": "08:50", "stop": "09:55", "force_kg": 41}],
    "distraction_mm": 10,
    "portals": ["anterolateral", "mid_anterior"],
    "lesions": [
        {
            "id": "L1",
            "surface": "acetabulum",
            "center": {"clock": "1:30", "rim_distance_mm": 6},
            "size_mm": {"length": 14, "width": 10},
            "grade": {"system": "icrs", "value": "4"},
            "contained": True,
        }
    ],
    "microfracture": [
        {
            "lesion_id": "L1",
            "hole_count": 9,
            "calcified_layer_removed": True,
            "awl_angles_deg": [45, 90],
            "depth_mm": 3,
            "marrow_seen": True,
            "debris_cleared": True,
        }
    ],
    "concomitant": ["labral_repair", "femoroplasty"],
    "complications": [],
}


def _passing(criterion: Any) -> Any:
    if criterion.test == "pass":
        return True
    # at_least: the threshold itself meets it; above: one more than the threshold
    return criterion.threshold + (1 if criterion.test == "above" else 0)


PASSING_RESULTS: dict[str, Any] = {
    criterion.id: _passing(criterion)
    for criterion in default_rts_criteria()
    if criterion.id in recorded_criterion_ids()
}
"""Every recorded return-to-sport criterion met with a plausible result (the threshold, or one
above it for a strict criterion)."""


def all_done_checklist() -> dict[str, Any]:
    """Every template item done (when-ordered items ordered and done)."""
    entries: dict[str, Any] = {}
    for item in checklist_template():
        entries[item.id] = {"state": "done"}
        if item.required.value == "when_ordered":
            entries[item.id]["ordered"] = True
    return entries


def pathway_document(**changes: Any) -> dict[str, Any]:
    """A valid case document with a surgery date, a full checklist, medicines, allergies and an
    operative record (no return-to-sport record); ``changes`` as for ``case_document``."""
    document = case_document()
    document["surgery_date"] = SURGERY.isoformat()
    document["checklist"] = all_done_checklist()
    document["medications"] = []
    document["allergies"] = {"medicines": [], "anaesthesia": [], "latex": False}
    document["operative"] = copy.deepcopy(OPERATIVE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key: Any = int(last) if isinstance(node, list) else last
        node[key] = value
    return document


def pathway_case(**changes: Any) -> Case:
    """The parsed ``Case`` of ``pathway_document(**changes)``."""
    return parse_case(pathway_document(**changes))
