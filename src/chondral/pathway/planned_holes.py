"""What the hole plan says, in the terms an operative record can be compared with.

``PlannedHoles`` is the hand-over from planning to the pathway: the planning service
(``chondral.services.planning.planned_holes``) builds it from a plan, and the operative
comparison (``chondral.pathway.operative``) compares the holes actually made with it. Positions
are surface coordinates (product.md section 4): ``(clock_deg, rim_distance_mm)`` per hole, with
``clock_deg`` side-independent (0 at 12:00, +30 per hour toward anterior) and the rim distance
measured along the surface from the acetabular rim toward the fossa.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chondral.domain import Surface

__all__ = ["PlannedHoles"]


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
            raise ValueError("lesion_id must not be empty")
        if not isinstance(self.surface, Surface):
            raise ValueError(f"surface must be a Surface, got {self.surface!r}")
        if self.hole_count < 0:
            raise ValueError(f"hole_count must not be negative, got {self.hole_count}")
        positions = tuple((float(clock), float(rim)) for clock, rim in self.positions)
        if len(positions) != self.hole_count:
            raise ValueError(
                f"positions gives {len(positions)} holes but hole_count is {self.hole_count}"
            )
        for index, (clock_deg, rim_distance_mm) in enumerate(positions):
            if not (math.isfinite(clock_deg) and 0.0 <= clock_deg < 360.0):
                raise ValueError(f"positions[{index}]: clock_deg must be in [0, 360)")
            if not math.isfinite(rim_distance_mm):
                raise ValueError(f"positions[{index}]: rim_distance_mm must be finite")
        if not (math.isfinite(self.spacing_max_mm) and self.spacing_max_mm > 0):
            raise ValueError(f"spacing_max_mm must be positive, got {self.spacing_max_mm}")
        object.__setattr__(self, "positions", positions)
