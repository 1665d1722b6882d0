"""Physical units used everywhere in chondral.

Conventions (no exceptions):

- lengths are millimetres (``_mm``), areas square millimetres (``_mm2``), angles degrees
  (``_deg``), masses kilograms (``_kg``), durations days or weeks (``_days``, ``_weeks``);
- the unit is part of every name: Python identifiers, JSON fields, CLI flags, DB columns;
- radians exist only inside a geometry function, at the trigonometric call, and never cross a
  function boundary.

The ``NewType`` aliases below document public signatures for mypy; at run time they are plain
floats.
"""

from __future__ import annotations

import math
from typing import NewType

from chondral.errors import InvalidValueError

__all__ = [
    "MM_PER_CM",
    "Degrees",
    "Kilograms",
    "Millimetres",
    "SquareMillimetres",
    "bmi_kg_m2",
    "ellipse_area_mm2",
]

Millimetres = NewType("Millimetres", float)
SquareMillimetres = NewType("SquareMillimetres", float)
Degrees = NewType("Degrees", float)
Kilograms = NewType("Kilograms", float)

MM_PER_CM = 10.0
"""Millimetres in one centimetre."""


def ellipse_area_mm2(length_mm: float, width_mm: float) -> SquareMillimetres:
    """Area of an ellipse with full axes ``length_mm`` and ``width_mm``: pi/4 x length x width.

    This is how a lesion recorded as length x width (measured with a calibrated probe) is turned
    into an area (clinical-reference.md section 2.4).

    >>> round(ellipse_area_mm2(14.0, 10.0), 3)
    109.956
    """
    for name, value in (("length_mm", length_mm), ("width_mm", width_mm)):
        if not (math.isfinite(value) and value >= 0):
            raise InvalidValueError(f"must be a finite length >= 0 mm, got {value}", field=name)
    return SquareMillimetres(math.pi / 4.0 * length_mm * width_mm)


def bmi_kg_m2(weight_kg: float, height_cm: float) -> float:
    """Body-mass index in kg/m2 from weight in kilograms and height in centimetres.

    >>> round(bmi_kg_m2(61.0, 168.0), 2)
    21.61
    """
    for name, value in (("weight_kg", weight_kg), ("height_cm", height_cm)):
        if not (math.isfinite(value) and value > 0):
            raise InvalidValueError(f"must be a finite number > 0, got {value}", field=name)
    height_m = height_cm / 100.0
    return weight_kg / (height_m * height_m)
