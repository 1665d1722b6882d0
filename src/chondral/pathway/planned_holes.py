"""What the hole plan says, in the terms an operative record can be compared with.

``PlannedHoles`` is the hand-over from planning to the pathway: the planning service
(``chondral.services.planning.planned_holes_of``) builds it from a plan, and the operative
comparison (``chondral.pathway.operative``) compares the holes actually made with it. Positions
are surface coordinates (product.md section 4): ``(clock_deg, rim_distance_mm)`` per hole, with
``clock_deg`` side-independent (0 at 12:00, +30 per hour toward anterior) and the rim distance
measured along the surface from the acetabular rim toward the fossa.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chondral.domain import Surface
from chondral.errors import InvalidValueError, quote

__all__ = ["PlannedHoles"]

MAX_HOLES = 1000
"""More holes than any lesion on a hip could take (a 3000 mm2 lesion at 3 mm spacing has ~330)."""

MAX_RIM_DISTANCE_MM = 100.0
"""A rim distance beyond this lies past the apex of any hip's joint surface."""

MAX_SPACING_MM = 20.0
"""Largest plan spacing accepted (plans use 3-4 mm; case files allow at most 10 mm)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedHoles:
    """The planned holes of one lesion: count, surface positions and the plan's largest spacing.

    ``positions`` holds one ``(clock_deg, rim_distance_mm)`` pair per hole, so its length is
    ``hole_count``. ``spacing_max_mm`` is the plan's ``spacing_max_mm`` parameter (the largest
    nearest-neighbour spacing the plan allows along the surface); it is the default distance
    beyond which a hole made counts as far from the plan.
    """

    lesion_id: str
    surface: Surface
    hole_count: int
    positions: tuple[tuple[float, float], ...]
    spacing_max_mm: float

    def __post_init__(self) -> None:
        if not self.lesion_id:
            raise InvalidValueError("must not be empty", field="lesion_id")
        if not isinstance(self.surface, Surface):
            raise InvalidValueError(
                f"must be a Surface, got {quote(self.surface)}", field="surface"
            )
        if (
            isinstance(self.hole_count, bool)
            or not isinstance(self.hole_count, int)
            or not 0 <= self.hole_count <= MAX_HOLES
        ):
            raise InvalidValueError(
                f"must be a whole number from 0 to {MAX_HOLES}, got {quote(self.hole_count)}",
                field="hole_count",
            )
        try:
            positions = tuple((float(clock), float(rim)) for clock, rim in self.positions)
        except (TypeError, ValueError) as error:
            raise InvalidValueError(
                "must be (clock_deg, rim_distance_mm) pairs of numbers", field="positions"
            ) from error
        if len(positions) != self.hole_count:
            raise InvalidValueError(
                f"gives {len(positions)} holes but hole_count is {self.hole_count}",
                field="positions",
            )
        for index, (clock_deg, rim_distance_mm) in enumerate(positions):
            if not (math.isfinite(clock_deg) and 0.0 <= clock_deg < 360.0):
                raise InvalidValueError(
                    f"clock_deg must be in [0, 360), got {quote(clock_deg)}",
                    field=f"positions[{index}]",
                )
            if not (math.isfinite(rim_distance_mm) and abs(rim_distance_mm) <= MAX_RIM_DISTANCE_MM):
                raise InvalidValueError(
                    f"rim_distance_mm must be finite and within {MAX_RIM_DISTANCE_MM:g} mm of"
                    f" the rim, got {quote(rim_distance_mm)}",
                    field=f"positions[{index}]",
                )
        if not (
            isinstance(self.spacing_max_mm, int | float)
            and math.isfinite(self.spacing_max_mm)
            and 0 < self.spacing_max_mm <= MAX_SPACING_MM
        ):
            raise InvalidValueError(
                f"must be a finite spacing in (0, {MAX_SPACING_MM:g}] mm, got"
                f" {quote(self.spacing_max_mm)}",
                field="spacing_max_mm",
            )
        object.__setattr__(self, "positions", positions)
