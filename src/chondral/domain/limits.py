"""Plausibility limits of what a case records: one named range per measure, in one place.

The case-file schema (``chondral.io.case_schema``) publishes these ranges and the domain objects
check them again on construction, so a ``Case`` built by any route (a file, the web app, a test)
never holds NaN, infinity or a value no patient can have. Values outside a range are refused,
never clamped.

These are **plausibility limits, chosen by design**, not clinical thresholds: they are wide
enough for every real patient and narrow enough to catch entry errors (a height in metres, a
weight in pounds, a grade typed as a percentage). Each constant says why it is where it is.
Clinical thresholds (what counts as dysplasia, a large lesion ...) live in the rule sets.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from chondral.errors import InvalidValueError, quote

__all__ = [
    "AGE_YEARS",
    "ALPHA_ANGLE_DEG",
    "ANTEVERSION_DEG",
    "AWL_ANGLE_DEG",
    "BMI_KG_M2",
    "DEBRIDEMENT_MARGIN_MM",
    "DISTRACTION_MM",
    "EARLIEST_DATE",
    "FEMORAL_HEAD_DIAMETER_MM",
    "HEIGHT_CM",
    "HOLE_COUNT",
    "HOLE_DEPTH_MM",
    "INCLINATION_DEG",
    "JOINT_SPACE_WIDTH_MM",
    "LATEST_DATE",
    "LCEA_DEG",
    "LESION_AREA_MM2",
    "LESION_SIDE_MM",
    "MAX_LIST_ITEMS",
    "MAX_TEXT_CHARS",
    "PLAN_COVERAGE_TARGET_MM",
    "PLAN_DEPTH_MM",
    "PLAN_RIM_INSET_MM",
    "PLAN_SPACING_MM",
    "RIM_DISTANCE_MM",
    "RTS_RESULT_ANY",
    "RTS_RESULT_BY_UNIT",
    "TEGNER",
    "TONNIS_ANGLE_DEG",
    "TONNIS_GRADE",
    "TRACTION_FORCE_KG",
    "TRACTION_FORCE_LB",
    "UCLA",
    "WEIGHT_KG",
    "Range",
    "check_date",
    "check_optional",
    "check_whole",
]


@dataclass(frozen=True, slots=True)
class Range:
    """A closed range ``[low, high]`` (``low_open``: ``(low, high]``) of finite numbers.

    ``whole``: only whole numbers (``int``, never ``bool``). ``unit`` is used in messages."""

    low: float
    high: float
    unit: str = ""
    low_open: bool = False
    whole: bool = False

    def contains(self, value: object) -> bool:
        """Whether ``value`` is a number of the right kind, finite, and inside the range."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.whole and not isinstance(value, int):
            return False
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def describe(self) -> str:
        """``"a whole number from 0 to 120"``, ``"a finite number above 0 to 60 mm"``."""
        kind = "a whole number" if self.whole else "a finite number"
        start = "above" if self.low_open else "from"
        unit = f" {self.unit}" if self.unit else ""
        return f"{kind} {start} {self.low:g} to {self.high:g}{unit}"

    def check(self, value: object, field: str) -> None:
        """``InvalidValueError`` naming ``field`` unless the range ``contains`` ``value``."""
        if not self.contains(value):
            raise InvalidValueError(f"must be {self.describe()}, got {quote(value)}", field=field)


def check_optional(record: object, **ranges: Range) -> None:
    """Check each named attribute of ``record`` that is not None against its range; the
    ``InvalidValueError`` names the attribute."""
    for name, limits in ranges.items():
        value = getattr(record, name)
        if value is not None:
            limits.check(value, name)


def check_whole(value: object, field: str, low: int, high: int) -> None:
    """``InvalidValueError`` naming ``field`` unless ``value`` is a whole number in [low, high]."""
    Range(low, high, whole=True).check(value, field)


EARLIEST_DATE = dt.date(1900, 1, 1)
"""Design choice: no date in a case file is earlier. A patient alive today was born after it
(ages are at most 120, see ``AGE_YEARS``), and nothing older than the patient can be recorded."""
LATEST_DATE = dt.date(2100, 12, 31)
"""Design choice: no date in a case file is later. It leaves every schedule the pathway
computes (at most a few years after surgery) thousands of years inside Python's calendar
(``date.max`` is 9999-12-31), so date arithmetic cannot overflow, and catches typed years such
as 2205 or 9999."""


def check_date(day: dt.date, field: str) -> None:
    """``InvalidValueError`` naming ``field`` unless ``EARLIEST_DATE <= day <= LATEST_DATE``.

    The one message for a date out of range, for case files, flags and form fields alike."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidValueError(
            f"{day.isoformat()} is outside the dates chondral accepts"
            f" ({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
            field=field,
        )


# --- the patient -------------------------------------------------------------------------------

AGE_YEARS = Range(0, 120, "years", whole=True)
"""Plausibility: the oldest documented human lived 122 years."""
HEIGHT_CM = Range(50.0, 250.0, "cm")
"""Plausibility: a newborn is about 50 cm; few adults exceed 250 cm. A height in metres (1.68)
falls below and is refused."""
WEIGHT_KG = Range(20.0, 350.0, "kg")
"""Plausibility: a young child weighs about 20 kg; 350 kg is beyond almost every adult."""
BMI_KG_M2 = Range(10.0, 100.0, "kg/m2")
"""Plausibility of height and weight *together*: a body-mass index below 10 kg/m2 is not
survivable for long (severe starvation is reported around 12), one above 100 is exceedingly
rare. A height and a weight that are each possible but not together (250 cm and 20 kg: BMI 3.2)
are an entry error (swapped fields, a unit mix-up) and are refused."""
TEGNER = Range(0, 10, whole=True)
"""The Tegner activity scale has 11 levels, 0-10 (clinical-reference.md section 7.4)."""
UCLA = Range(1, 10, whole=True)
"""The UCLA activity scale runs from 1 (wholly inactive) to 10 (section 7.4)."""

# --- the hip -------------------------------------------------------------------------------------

FEMORAL_HEAD_DIAMETER_MM = Range(30.0, 70.0, "mm")
"""Plausibility: adult femoral heads measure about 40-58 mm (clinical-reference.md section 8)."""
LCEA_DEG = Range(-60.0, 90.0, "deg")
"""Plausibility: negative in severe dysplasia; 90 deg would be a fully roofed head."""
TONNIS_GRADE = Range(0, 3, whole=True)
"""The Tönnis osteoarthritis grade has four levels, 0-3."""
JOINT_SPACE_WIDTH_MM = Range(0.0, 15.0, "mm")
"""Plausibility: a normal hip joint space is about 4 mm."""
TONNIS_ANGLE_DEG = Range(-40.0, 60.0, "deg")
"""Plausibility: normal is 0-10 deg; dysplastic hips reach the 30s."""
ALPHA_ANGLE_DEG = Range(20.0, 130.0, "deg")
"""Plausibility: normal is below 55 deg; severe cam deformities exceed 90."""
INCLINATION_DEG = Range(0.0, 90.0, "deg")
"""Plausibility of the radiographic acetabular inclination (template 45)."""
ANTEVERSION_DEG = Range(-40.0, 60.0, "deg")
"""Plausibility of the radiographic acetabular anteversion (template 20); negative = retroverted."""

# --- lesions -------------------------------------------------------------------------------------

RIM_DISTANCE_MM = Range(0.0, 40.0, "mm")
"""Plausibility: distance along the surface from the rim; a femoral head's quarter
circumference is about 40 mm."""
LESION_SIDE_MM = Range(0.0, 60.0, "mm", low_open=True)
"""Plausibility of a lesion's length or width: larger than a femoral head's diameter is not a
focal lesion."""
LESION_AREA_MM2 = Range(0.0, 3000.0, "mm2", low_open=True)
"""Plausibility: most of a femoral head's articular surface (about 2 pi r^2 = 3,900 mm2)."""

# --- the operative record ------------------------------------------------------------------------

TRACTION_FORCE_KG = Range(0.0, 300.0, "kg", low_open=True)
"""Plausibility: hip traction is typically 25-75 kgf; 300 is far beyond any traction table."""
TRACTION_FORCE_LB = Range(0.0, 660.0, "lb", low_open=True)
"""``TRACTION_FORCE_KG`` in pounds-force (300 kgf = 661 lbf)."""
DISTRACTION_MM = Range(0.0, 30.0, "mm", low_open=True)
"""Plausibility: 8-10 mm of distraction is the usual aim."""
HOLE_COUNT = Range(1, 200, whole=True)
"""Plausibility: holes 3-4 mm apart fill 3,000 mm2 with about 200 holes."""
AWL_ANGLE_DEG = Range(0.0, 90.0, "deg")
"""Awls are sold at 0-90 deg tip angles."""
HOLE_DEPTH_MM = Range(0.0, 10.0, "mm", low_open=True)
"""Plausibility: microfracture holes are 2-4 mm deep."""

# --- plan settings -------------------------------------------------------------------------------

PLAN_SPACING_MM = Range(0.0, 10.0, "mm", low_open=True)
"""Plausibility of hole spacing settings (default 3-4 mm)."""
PLAN_RIM_INSET_MM = Range(0.0, 5.0, "mm")
"""Plausibility of the peripheral ring's inset (default 1.5 mm)."""
PLAN_DEPTH_MM = Range(0.0, 10.0, "mm", low_open=True)
"""Plausibility of the planned hole depth (default 3 mm)."""
DEBRIDEMENT_MARGIN_MM = Range(0.0, 5.0, "mm")
"""Plausibility of the debridement margin (default 1 mm)."""
PLAN_COVERAGE_TARGET_MM = Range(0.0, 10.0, "mm", low_open=True)
"""Plausibility of the coverage target (default 2.5 mm)."""

# --- return to sport ----------------------------------------------------------------------------

RTS_RESULT_BY_UNIT: dict[str, Range] = {
    "grade": Range(0.0, 5.0, "grade"),
    "s": Range(0.0, 3600.0, "s"),
    "repetitions": Range(0, 1000, "repetitions", whole=True),
    "%": Range(0.0, 150.0, "%"),
}
"""Plausibility of a return-to-sport test result, by the criterion's unit: manual muscle
testing grades run 0-5; no clinical hold test lasts an hour (the criteria ask 30-45 s); a
thousand repetitions is far beyond any test set (10-30); a limb-symmetry index above 150 %
would mean the operated leg reaches half as far again as the healthy one."""
RTS_RESULT_ANY = Range(0.0, 3600.0)
"""The widest of ``RTS_RESULT_BY_UNIT``: what any result may be when its unit is not known."""

# --- sizes of the record itself -----------------------------------------------------------------

MAX_TEXT_CHARS = 2000
"""Design choice: the longest free text (a note, a name, a finding) a case file may hold."""
MAX_LIST_ITEMS = 500
"""Design choice: the most items of any one list in a case file (responses, assessments,
medicines ...); a real case holds a few dozen at most."""
