"""Builders of valid case documents and domain objects for tests (one place, many tests)."""

from __future__ import annotations

import copy
from typing import Any

from chondral.domain import Case
from chondral.io.casefile import parse_case

_BASE: dict[str, Any] = {
    "schema": "chondral.case/1",
    "case_id": "TEST-001",
    "patient": {
        "age_years": 28,
        "sex": "female",
        "height_cm": 168,
        "weight_kg": 61,
        "activity": {"tegner": 7, "ucla": 9, "sport": "soccer"},
    },
    "hip": {
        "side": "right",
        "femoral_head_diameter_mm": 48,
        "radiographic": {
            "lcea_deg": 31,
            "tonnis_grade": 0,
            "joint_space_width_mm": 4.1,
            "tonnis_angle_deg": 6,
            "alpha_angle_deg": 62,
        },
        "instability": False,
    },
    "lesions": [
        {
            "id": "L1",
            "surface": "acetabulum",
            "center": {"clock": "1:30", "rim_distance_mm": 6},
            "size_mm": {"length": 14, "width": 10},
            "grade": {"system": "icrs", "value": "4"},
            "contained": True,
            "measured": "post_debridement",
        }
    ],
    "rehab_commitment": True,
}


def case_document(**changes: Any) -> dict[str, Any]:
    """A valid, candidate-verdict case document; ``changes`` set dotted paths.

    ``case_document(**{"hip.radiographic.lcea_deg": 20})``; a value of ``DELETE`` removes the
    field; list items are addressed as ``lesions.0.area_mm2``.
    """
    document = copy.deepcopy(_BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key: Any = int(last) if isinstance(node, list) else last
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return document


DELETE = object()


def build_case(**changes: Any) -> Case:
    """The parsed ``Case`` of ``case_document(**changes)``."""
    return parse_case(case_document(**changes))
