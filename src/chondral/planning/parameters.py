"""Hole-layout parameters: defaults with their sources, and the checks that refuse impossible ones.

Sourced values (clinical-reference.md section 3.3):

- spacing 3-4 mm centre to centre (Atilla et al. 2017 Arthrosc Tech; Steadman abstract), so
  ``spacing_min_mm`` = 3.0 and ``spacing_max_mm`` = 4.0;
- depth 3-4 mm (Atilla) or 2-4 mm (Voos); drill stop caps reach 7 mm (Stryker, via Voos), so
  ``depth_mm`` = 3.0 with 2-4 mm for an awl and up to 7 mm only with a drill.

Design choices (NOT sourced; configurable):

- ``rim_inset_mm`` = 1.5: the reference suggests an inset of about s/2 from the vertical wall
  and says the value is not found in sources; 1.5 mm is half the minimum spacing.
- ``debridement_margin_mm`` = 1.0: how far a lesion measured before debridement grows when the
  unstable edge is taken back to vertical walls (issue 4 default; not a sourced number).
- ``coverage_target_mm`` = 2.5: no point of the region should lie farther than this from a hole
  (issue 4's aim at the default spacing).
- ``SPACING_FLOOR_MM`` = 2.0: below it neighbouring holes would break into one another with a
  2 mm drill tip (Voos: Stryker tip 2 mm), so the plan is refused.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

from chondral.domain import PlanSettings
from chondral.errors import InputDataError

__all__ = [
    "AWL_DEPTH_MAX_MM",
    "DEPTH_MAX_MM",
    "DEPTH_MIN_MM",
    "SPACING_FLOOR_MM",
    "PlanParameterError",
    "PlanParameters",
]

SPACING_FLOOR_MM = 2.0
DEPTH_MIN_MM = 2.0
AWL_DEPTH_MAX_MM = 4.0
DEPTH_MAX_MM = 7.0
_MAX_SPACING_MM = 10.0
_MAX_OFFSET_MM = 5.0
"""Largest wall inset and debridement margin (the case-file schema's limits too)."""


class PlanParameterError(InputDataError):
    """A layout parameter that no plan can honour (the field is named)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanParameters:
    """Settings of one hole layout, lengths along the surface in mm."""

    spacing_min_mm: float = 3.0
    spacing_max_mm: float = 4.0
    rim_inset_mm: float = 1.5
    depth_mm: float = 3.0
    debridement_margin_mm: float = 1.0
    coverage_target_mm: float = 2.5

    def __post_init__(self) -> None:
        self.check()

    def check(self, prefix: str = "plan") -> None:
        """Refuse impossible values with a ``PlanParameterError`` naming the field."""
        for name, value in asdict(self).items():
            if not math.isfinite(value):
                raise PlanParameterError("must be a finite number", field=f"{prefix}.{name}")
        if self.spacing_min_mm < SPACING_FLOOR_MM:
            raise PlanParameterError(
                f"{self.spacing_min_mm:g} mm is below {SPACING_FLOOR_MM:g} mm: holes would break"
                " into one another (2 mm drill tip, clinical-reference.md section 3.3)",
                field=f"{prefix}.spacing_min_mm",
            )
        if self.spacing_max_mm > _MAX_SPACING_MM:
            raise PlanParameterError(
                f"{self.spacing_max_mm:g} mm is not a microfracture spacing (3-4 mm, at most"
                f" {_MAX_SPACING_MM:g})",
                field=f"{prefix}.spacing_max_mm",
            )
        if self.spacing_min_mm > self.spacing_max_mm:
            raise PlanParameterError(
                f"spacing_min_mm {self.spacing_min_mm:g} is larger than spacing_max_mm"
                f" {self.spacing_max_mm:g}",
                field=f"{prefix}.spacing_min_mm",
            )
        for name, value in (
            ("rim_inset_mm", self.rim_inset_mm),
            ("debridement_margin_mm", self.debridement_margin_mm),
        ):
            if not 0.0 <= value <= _MAX_OFFSET_MM:
                raise PlanParameterError(
                    f"{value:g} mm is outside 0-{_MAX_OFFSET_MM:g} mm", field=f"{prefix}.{name}"
                )
        if not DEPTH_MIN_MM <= self.depth_mm <= DEPTH_MAX_MM:
            raise PlanParameterError(
                f"{self.depth_mm:g} mm is outside {DEPTH_MIN_MM:g}-{DEPTH_MAX_MM:g} mm"
                f" (awl 2-4 mm, drill stop caps up to 7 mm; clinical-reference.md section 3.3)",
                field=f"{prefix}.depth_mm",
            )
        if not 0.0 < self.coverage_target_mm <= _MAX_SPACING_MM:
            raise PlanParameterError(
                f"{self.coverage_target_mm:g} mm is outside 0-{_MAX_SPACING_MM:g} mm",
                field=f"{prefix}.coverage_target_mm",
            )

    def with_settings(self, settings: PlanSettings) -> PlanParameters:
        """These parameters overridden by the case file's ``plan:`` values that are set."""
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("spacing_min_mm", settings.spacing_min_mm),
                ("spacing_max_mm", settings.spacing_max_mm),
                ("rim_inset_mm", settings.rim_inset_mm),
                ("depth_mm", settings.depth_mm),
                ("debridement_margin_mm", settings.debridement_margin_mm),
                ("coverage_target_mm", settings.coverage_target_mm),
            )
            if value is not None
        }
        return replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        """Plain mapping for plan.json ``parameters``."""
        return asdict(self)
