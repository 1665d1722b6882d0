"""The arthroscopic clock face, stored side-independently.

Looking into the socket, 12:00 is superior, 3:00 anterior and 6:00 inferior (at the acetabular
notch) for right AND left hips (product.md section 4; clinical-reference.md section 2.3). We store
``clock_deg``: 0 at 12:00, +30 per hour toward anterior, in [0, 360). One clock minute is half a
degree. Labels are ``h:mm`` with h from 1 to 12 and mm from 00 to 59; "13:00" or "0:30" are not
clock times and are refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from chondral.errors import InvalidValueError, quote

__all__ = ["CLOCK_LABEL_PATTERN", "ClockPosition", "ClockReference", "clock_span_deg"]

CLOCK_LABEL_PATTERN = r"^(?:[1-9]|1[0-2]):[0-5][0-9]$"
"""Regular expression of a valid ``h:mm`` clock label (also used by the case-file JSON Schema)."""

_LABEL = re.compile(CLOCK_LABEL_PATTERN)
DEG_PER_HOUR = 30.0
MINUTES_PER_DEG = 2.0


class ClockReference(StrEnum):
    """Which landmark the clinician used to set the dial (clinical-reference.md section 2.3)."""

    GEOMETRIC = "geometric"  # 6:00 at the notch midpoint, 12:00 superior (our default)
    PSOAS_U = "psoas_u"  # Philippon et al. 2014: the psoas-U at 3:00
    TAL = "tal"  # midpoint of the transverse acetabular ligament at 6:00


@dataclass(frozen=True, slots=True, order=True)
class ClockPosition:
    """A side-independent angle on the clock face: 0 deg at 12:00, +30 deg per hour anterior."""

    clock_deg: float

    def __post_init__(self) -> None:
        value = self.clock_deg
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not 0.0 <= value < 360.0
        ):
            raise InvalidValueError(
                f"must be a finite angle in [0, 360) deg, got {quote(value)}", field="clock_deg"
            )

    @classmethod
    def from_label(cls, label: str) -> ClockPosition:
        """Parse ``h:mm``; ``InvalidValueError`` (a ``ValueError``) names the accepted form."""
        if not isinstance(label, str) or not _LABEL.match(label):
            raise InvalidValueError(f"not a clock time h:mm from 1:00 to 12:59: {quote(label)}")
        hours_text, minutes_text = label.split(":")
        hours = int(hours_text) % 12
        minutes = int(minutes_text)
        return cls(hours * DEG_PER_HOUR + minutes / MINUTES_PER_DEG)

    @classmethod
    def from_degrees(cls, clock_deg: float) -> ClockPosition:
        """Wrap any finite angle in degrees into [0, 360)."""
        if not math.isfinite(clock_deg):
            raise InvalidValueError(
                f"must be a finite angle, got {quote(clock_deg)}", field="clock_deg"
            )
        wrapped = clock_deg % 360.0
        return cls(0.0 if wrapped >= 360.0 else wrapped)

    @property
    def label(self) -> str:
        """The nearest ``h:mm`` label (to the minute; 12:00 for 0 deg)."""
        total_minutes = round(self.clock_deg * MINUTES_PER_DEG) % (12 * 60)
        hours, minutes = divmod(total_minutes, 60)
        return f"{hours if hours else 12}:{minutes:02d}"

    def __str__(self) -> str:
        return self.label


def clock_span_deg(start: ClockPosition, end: ClockPosition) -> float:
    """Angle swept going from ``start`` to ``end`` in the direction of increasing clock time."""
    return (end.clock_deg - start.clock_deg) % 360.0
