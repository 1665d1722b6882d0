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

A refused value raises ``PlanParameterError`` (a ``ParameterError``) naming the parameter:
``spacing_min_mm`` when it was given to the use case (the command line shows its flag), or
``plan.spacing_min_mm`` when it came from the case file's ``plan:`` section
(``plan_parameters``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from chondral.domain import PlanSettings
from chondral.errors import ParameterError

__all__ = [
    "AWL_DEPTH_MAX_MM",
    "DEPTH_MAX_MM",
    "DEPTH_MIN_MM",
    "SPACING_FLOOR_MM",
    "PlanParameterError",
    "PlanParameters",
    "plan_parameters",
]

SPACING_FLOOR_MM = 2.0
DEPTH_MIN_MM = 2.0
AWL_DEPTH_MAX_MM = 4.0
DEPTH_MAX_MM = 7.0
_MAX_SPACING_MM = 10.0
_MAX_OFFSET_MM = 5.0
"""Largest wall inset and debridement margin (the case-file schema's limits too)."""


class PlanParameterError(ParameterError):
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

    def check(self) -> None:
        """Refuse impossible values with a ``PlanParameterError`` naming the parameter."""
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise PlanParameterError("must be a number of millimetres", field=field.name)
            if not math.isfinite(value):
                raise PlanParameterError("must be a finite number", field=field.name)
        if self.spacing_min_mm < SPACING_FLOOR_MM:
            raise PlanParameterError(
                f"{self.spacing_min_mm:g} mm is below {SPACING_FLOOR_MM:g} mm: holes would break"
                " into one another (2 mm drill tip, clinical-reference.md section 3.3)",
                field="spacing_min_mm",
            )
        if self.spacing_max_mm > _MAX_SPACING_MM:
            raise PlanParameterError(
                f"{self.spacing_max_mm:g} mm is not a microfracture spacing (3-4 mm, at most"
                f" {_MAX_SPACING_MM:g})",
                field="spacing_max_mm",
            )
        if self.spacing_min_mm > self.spacing_max_mm:
            raise PlanParameterError(
                f"spacing_min_mm {self.spacing_min_mm:g} is larger than spacing_max_mm"
                f" {self.spacing_max_mm:g}",
                field="spacing_min_mm",
            )
        for name, value in (
            ("rim_inset_mm", self.rim_inset_mm),
            ("debridement_margin_mm", self.debridement_margin_mm),
        ):
            if not 0.0 <= value <= _MAX_OFFSET_MM:
                raise PlanParameterError(
                    f"{value:g} mm is outside 0-{_MAX_OFFSET_MM:g} mm", field=name
                )
        if not DEPTH_MIN_MM <= self.depth_mm <= DEPTH_MAX_MM:
            raise PlanParameterError(
                f"{self.depth_mm:g} mm is outside {DEPTH_MIN_MM:g}-{DEPTH_MAX_MM:g} mm"
                f" (awl 2-4 mm, drill stop caps up to 7 mm; clinical-reference.md section 3.3)",
                field="depth_mm",
            )
        if not 0.0 < self.coverage_target_mm <= _MAX_SPACING_MM:
            raise PlanParameterError(
                f"{self.coverage_target_mm:g} mm is outside 0-{_MAX_SPACING_MM:g} mm",
                field="coverage_target_mm",
            )


PARAMETER_NAMES = tuple(field.name for field in dataclasses.fields(PlanParameters))
"""The layout parameters, in order (also the keys of the case file's ``plan:`` lengths)."""


def plan_parameters(
    settings: PlanSettings, overrides: Mapping[str, float] | None = None
) -> PlanParameters:
    """The defaults, overridden by the case file's ``plan:`` values that are set, then by
    ``overrides`` (values given to the use case, e.g. command-line flags).

    A refused value names where it came from: ``plan.<name>`` for the case file, ``<name>`` for
    an override; an unknown override name is refused naming it."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(PARAMETER_NAMES))
    if unknown:
        raise PlanParameterError("not a plan parameter", field=unknown[0])
    from_case = {
        name: value
        for name in PARAMETER_NAMES
        if (value := getattr(settings, name)) is not None and name not in overrides
    }
    try:
        return PlanParameters(**from_case, **overrides)
    except PlanParameterError as error:
        field = error.field or ""
        if field in from_case:
            raise PlanParameterError(error.problem, field=f"plan.{field}") from error
        raise
