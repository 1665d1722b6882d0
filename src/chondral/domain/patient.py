"""The patient as candidacy and rehabilitation see them. No names or identifiers live here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chondral.units import bmi_kg_m2

__all__ = ["Activity", "Patient", "Sex"]

TEGNER_RANGE = (0, 10)
"""Tegner activity scale, 11 levels 0-10 (clinical-reference.md section 7.4)."""
UCLA_RANGE = (1, 10)
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
        if self.tegner is not None and not TEGNER_RANGE[0] <= self.tegner <= TEGNER_RANGE[1]:
            raise ValueError(f"tegner must be 0-10, got {self.tegner}")
        if self.ucla is not None and not UCLA_RANGE[0] <= self.ucla <= UCLA_RANGE[1]:
            raise ValueError(f"ucla must be 1-10, got {self.ucla}")


@dataclass(frozen=True, slots=True)
class Patient:
    """Age in whole years, sex, optional height/weight and activity."""

    age_years: int | None = None
    sex: Sex = Sex.UNKNOWN
    height_cm: float | None = None
    weight_kg: float | None = None
    activity: Activity = Activity()

    def __post_init__(self) -> None:
        if self.age_years is not None and self.age_years < 0:
            raise ValueError(f"age_years must not be negative, got {self.age_years}")
        if self.height_cm is not None and self.height_cm <= 0:
            raise ValueError(f"height_cm must be positive, got {self.height_cm}")
        if self.weight_kg is not None and self.weight_kg <= 0:
            raise ValueError(f"weight_kg must be positive, got {self.weight_kg}")

    @property
    def bmi_kg_m2(self) -> float | None:
        """Body-mass index, or None when height or weight is not recorded."""
        if self.height_cm is None or self.weight_kg is None:
            return None
        return bmi_kg_m2(self.weight_kg, self.height_cm)
