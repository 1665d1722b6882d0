"""Case records for the planning tests: lesions written as a clinician records them.

Cases go through the real case-file parser (``factories.case_document``), so every lesion here
is one a case file can hold. The base case has a measured 48 mm femoral head (head sphere
radius 24 mm; acetabular subchondral sphere 24 + 1.40 + 1.26 = 26.66 mm).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chondral.domain import Case, ClockPosition
from chondral.io.casefile import parse_case
from chondral.planning import HolePlan, PlanParameters, plan_on_template

from factories import case_document

HEAD_RADIUS_MM = 24.0
ACETABULAR_RADIUS_MM = 24.0 + 1.40 + 1.26
"""Subchondral sphere radii of the base case (48 mm head, template cartilage 1.40 + 1.26 mm)."""

NOTCH_CLOCK_DEG = (150.0, 210.0)
"""The acetabular notch, 5:00 to 7:00: acetabular lesions centred here are refused."""

SWEEP_CLOCK_DEG = (0.0, 45.0, 90.0, 135.0, 225.0, 270.0, 315.0)
"""Lesion centres every 1.5 h around the clock, skipping the notch (6:00)."""


def clock_label(clock_deg: float) -> str:
    """``h:mm`` of an angle (0 deg = 12:00, +30 deg per hour)."""
    return ClockPosition.from_degrees(clock_deg).label


def lesion_record(
    surface: str,
    *,
    lesion_id: str = "L1",
    clock_deg: float = 45.0,
    rim_distance_mm: float = 6.0,
    size_mm: tuple[float, float] | None = (14.0, 10.0),
    area_mm2: float | None = None,
    measured: str | None = "post_debridement",
) -> dict[str, Any]:
    """A lesion given by its centre and either ``size_mm`` (length, width) or ``area_mm2``."""
    record: dict[str, Any] = {
        "id": lesion_id,
        "surface": surface,
        "center": {"clock": clock_label(clock_deg), "rim_distance_mm": rim_distance_mm},
        "grade": {"system": "icrs", "value": "4"},
        "contained": True,
    }
    if area_mm2 is not None:
        record["area_mm2"] = area_mm2
    elif size_mm is not None:
        record["size_mm"] = {"length": size_mm[0], "width": size_mm[1]}
    if measured is not None:
        record["measured"] = measured
    return record


def range_lesion_record(
    surface: str,
    *,
    clock_from_deg: float,
    clock_to_deg: float,
    rim_from_mm: float,
    rim_to_mm: float,
    lesion_id: str = "L1",
    measured: str | None = "post_debridement",
) -> dict[str, Any]:
    """A lesion given by clock and rim-distance ranges (a spherical "rectangle")."""
    record: dict[str, Any] = {
        "id": lesion_id,
        "surface": surface,
        "clock": {"from": clock_label(clock_from_deg), "to": clock_label(clock_to_deg)},
        "rim_distance_mm": {"from": rim_from_mm, "to": rim_to_mm},
        "grade": {"system": "icrs", "value": "4"},
        "contained": True,
    }
    if measured is not None:
        record["measured"] = measured
    return record


def case_with(
    *lesions: dict[str, Any],
    side: str = "right",
    plan: dict[str, Any] | None = None,
    imaging: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A valid case document holding ``lesions`` on a hip of ``side``."""
    changes: dict[str, Any] = {"lesions": list(lesions), "hip.side": side}
    if plan is not None:
        changes["plan"] = plan
    if imaging is not None:
        changes["imaging"] = imaging
    return case_document(**changes)


def parsed(document: dict[str, Any]) -> Case:
    """The ``Case`` of a case document."""
    return parse_case(document)


@lru_cache(maxsize=128)
def sweep_plan(
    surface: str, clock_deg: float, side: str, measured: str = "post_debridement"
) -> tuple[Case, HolePlan]:
    """The default 14 x 10 mm lesion 6 mm from the rim at ``clock_deg``, planned at the
    defaults (cached: the sweep, mirror and clock tests share these plans)."""
    case = parsed(
        case_with(
            lesion_record(surface, clock_deg=clock_deg, measured=measured),
            side=side,
        )
    )
    return case, plan_on_template(case, case.lesions[0], PlanParameters())
