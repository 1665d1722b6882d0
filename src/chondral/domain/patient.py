"""The patient as candidacy and rehabilitation see them. No names or identifiers live here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chondral.domain.limits import AGE_YEARS, BMI_KG_M2, HEIGHT_CM, TEGNER, UCLA, WEIGHT_KG
from chondral.errors import InvalidValueError
from chondral.units import bmi_kg_m2

__all__ = ["Activity", "Patient", "Sex"]

TEGNER_RANGE = (int(TEGNER.low), int(TEGNER.high))
"""Tegner activity scale, 11 levels 0-10 (clinical-reference.md section 7.4)."""
UCLA_RANGE = (int(UCLA.low), int(UCLA.high))
"""UCLA activity scale, 1 (wholly inactive) to 10 (regular impact sports) (section 7.4)."""


class Sex(StrEnum):
    """Sex as recorded; ``unknown`` is an explicit answer, not a default."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Activity:
    """Activity level: Tegner (0-10) and/or UCLA (1-10), and the sport the patient plays."""

    tegner: int | None = None
    ucla: int | None = None
    sport: str | None = None

    def __post_init__(self) -> None:
        if self.tegner is not None:
            TEGNER.check(self.tegner, "tegner")
        if self.ucla is not None:
            UCLA.check(self.ucla, "ucla")


@dataclass(frozen=True, slots=True)
class Patient:
    """Age in whole years, sex, optional height/weight and activity.

    Each measure lies in its plausibility range (``chondral.domain.limits``), and height and
    weight together give a body-mass index in ``BMI_KG_M2``."""

    age_years: int | None = None
    sex: Sex = Sex.UNKNOWN
    height_cm: float | None = None
    weight_kg: float | None = None
    activity: Activity = Activity()

    def __post_init__(self) -> None:
        for name, limits in (("age_years", AGE_YEARS), ("height_cm", HEIGHT_CM)):
            if getattr(self, name) is not None:
                limits.check(getattr(self, name), name)
        if self.weight_kg is not None:
            WEIGHT_KG.check(self.weight_kg, "weight_kg")
        bmi = self.bmi_kg_m2
        if bmi is not None and not BMI_KG_M2.contains(bmi):
            raise InvalidValueError(
                f"{self.weight_kg:g} kg at {self.height_cm:g} cm is a body-mass index of"
                f" {bmi:.1f} kg/m2, outside the plausible {BMI_KG_M2.low:g}-{BMI_KG_M2.high:g}"
                " kg/m2: check the height and the weight",
                field="weight_kg",
            )

    @property
    def bmi_kg_m2(self) -> float | None:
        """Body-mass index, or None when height or weight is not recorded."""
        if self.height_cm is None or self.weight_kg is None:
            return None
        return bmi_kg_m2(self.weight_kg, self.height_cm)
