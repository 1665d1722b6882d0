"""Plain-language names of the case-file fields a candidacy assessment may still need.

Used to tell a patient (or the clinic) what the surgeon must still measure or ask. Paths with a
list index (``lesions[0].grade``) are looked up with the index removed (``lesions[].grade``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FieldExplanation", "explain_field"]


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    """What a field is, in lay words, and who provides it (``patient`` or ``surgeon``)."""

    field: str
    what: str
    who: str


_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "patient.age_years": ("your age in whole years", "patient"),
    "patient.activity": (
        "how active you are: the Tegner or UCLA activity score, asked at the clinic",
        "patient",
    ),
    "patient.height_cm": ("your height in centimetres", "patient"),
    "patient.weight_kg": ("your weight in kilograms", "patient"),
    "rehab_commitment": (
        "whether you can follow about 6-8 weeks on crutches with limited weight on the leg, "
        "and the exercise programme after it",
        "patient",
    ),
    "hip.instability": (
        "whether the hip is unstable: your surgeon checks this when examining you",
        "surgeon",
    ),
    "hip.radiographic.lcea_deg": (
        "the lateral centre-edge angle: how well the hip socket covers the ball, measured on an "
        "X-ray of the pelvis",
        "surgeon",
    ),
    "hip.radiographic.tonnis_grade": (
        "the Tönnis grade: how much wear (arthritis) the X-ray shows, from 0 (none) to 3",
        "surgeon",
    ),
    "hip.radiographic.joint_space_width_mm": (
        "the joint space width: the gap between ball and socket on the X-ray, in millimetres",
        "surgeon",
    ),
    "lesions": (
        "the cartilage damage itself: where it is, how deep and how large, from an MRI scan or "
        "arthroscopy",
        "surgeon",
    ),
    "lesions[].grade": ("how deep the cartilage damage goes (its grade)", "surgeon"),
    "lesions[].size_mm": ("how large the area of cartilage damage is", "surgeon"),
    "lesions[].contained": (
        "whether healthy cartilage surrounds the damaged area on all sides",
        "surgeon",
    ),
}

_INDEX = re.compile(r"\[\d+\]")


def explain_field(path: str) -> FieldExplanation:
    """Lay explanation of a case-file field path; unknown paths are returned as they are."""
    key = _INDEX.sub("[]", path)
    what, who = _EXPLANATIONS.get(key, (path, "surgeon"))
    return FieldExplanation(field=path, what=what, who=who)
