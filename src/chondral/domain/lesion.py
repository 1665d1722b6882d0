"""A cartilage lesion as a clinician records it (product.md section 4, "Lesion").

Position is given either as a centre (clock, rim distance) or as clock and rim-distance ranges.
Size is length x width (length along the rim, width toward the fossa; an ellipse of area
pi/4 x length x width) or an area in mm2. ``recorded_area_mm2`` is what the record itself says;
the geometric area of a range-only lesion needs the anatomy model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chondral.domain.clock import ClockPosition, clock_span_deg
from chondral.domain.grade import Grade
from chondral.domain.limits import LESION_AREA_MM2, LESION_SIDE_MM, RIM_DISTANCE_MM
from chondral.errors import InvalidValueError
from chondral.units import ellipse_area_mm2

__all__ = [
    "ClockRange",
    "Lesion",
    "LesionCenter",
    "LesionSize",
    "MeasuredAt",
    "RimDistanceRange",
    "Surface",
]


class Surface(StrEnum):
    """Which joint surface the lesion is on."""

    ACETABULUM = "acetabulum"
    FEMORAL_HEAD = "femoral_head"


class MeasuredAt(StrEnum):
    """Whether the size was measured before or after debridement to stable vertical walls."""

    PRE_DEBRIDEMENT = "pre_debridement"
    POST_DEBRIDEMENT = "post_debridement"


@dataclass(frozen=True, slots=True)
class LesionCenter:
    """Centre of the lesion: clock position and rim distance (mm along the surface)."""

    clock: ClockPosition
    rim_distance_mm: float

    def __post_init__(self) -> None:
        RIM_DISTANCE_MM.check(self.rim_distance_mm, "rim_distance_mm")


@dataclass(frozen=True, slots=True)
class ClockRange:
    """Clock extent from ``start`` to ``end`` going toward increasing clock time (may wrap 12:00)."""

    start: ClockPosition
    end: ClockPosition

    def __post_init__(self) -> None:
        if self.span_deg == 0.0:
            raise InvalidValueError("the clock range is empty: 'from' and 'to' are the same time")

    @property
    def span_deg(self) -> float:
        """Angle covered, in degrees, in (0, 360)."""
        return clock_span_deg(self.start, self.end)


@dataclass(frozen=True, slots=True)
class RimDistanceRange:
    """Radial extent from the rim toward the fossa, in mm along the surface; from < to.

    Errors about one end name it (``start_mm``, ``end_mm``); the order of the two names none."""

    start_mm: float
    end_mm: float

    def __post_init__(self) -> None:
        RIM_DISTANCE_MM.check(self.start_mm, "start_mm")
        RIM_DISTANCE_MM.check(self.end_mm, "end_mm")
        if self.end_mm <= self.start_mm:
            raise InvalidValueError(
                f"rim distance 'to' ({self.end_mm:g}) must be greater than 'from'"
                f" ({self.start_mm:g})"
            )


@dataclass(frozen=True, slots=True)
class LesionSize:
    """Length along the rim and width toward the fossa, mm; the ellipse they span."""

    length_mm: float
    width_mm: float

    def __post_init__(self) -> None:
        LESION_SIDE_MM.check(self.length_mm, "length_mm")
        LESION_SIDE_MM.check(self.width_mm, "width_mm")

    @property
    def area_mm2(self) -> float:
        """pi/4 x length x width."""
        return float(ellipse_area_mm2(self.length_mm, self.width_mm))


@dataclass(frozen=True, slots=True)
class Lesion:
    """One focal cartilage lesion. Exactly one of ``center`` or (``clock_range``,
    ``rim_distance_range``) gives its position; at most one of ``size``/``area_mm2`` its size."""

    id: str
    surface: Surface
    grade: Grade | None = None
    center: LesionCenter | None = None
    clock_range: ClockRange | None = None
    rim_distance_range: RimDistanceRange | None = None
    size: LesionSize | None = None
    area_mm2: float | None = None
    contained: bool | None = None
    measured: MeasuredAt | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise InvalidValueError("a lesion needs a non-empty id", field="id")
        has_range = self.clock_range is not None or self.rim_distance_range is not None
        if self.center is not None and has_range:
            raise InvalidValueError("give the position as a center or as ranges, not both")
        if self.center is None and not has_range:
            raise InvalidValueError(
                "a lesion needs a position: a center, or clock and rim-distance ranges"
            )
        if has_range and (self.clock_range is None or self.rim_distance_range is None):
            raise InvalidValueError(
                "a range position needs both the clock and the rim-distance range"
            )
        if self.size is not None and self.area_mm2 is not None:
            raise InvalidValueError("give size_mm or area_mm2, not both")
        if self.area_mm2 is not None:
            LESION_AREA_MM2.check(self.area_mm2, "area_mm2")

    @property
    def recorded_area_mm2(self) -> float | None:
        """Area stated by the record: ``area_mm2`` if given, else pi/4 x length x width, else None."""
        if self.area_mm2 is not None:
            return self.area_mm2
        if self.size is not None:
            return self.size.area_mm2
        return None
