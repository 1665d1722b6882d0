"""Cartilage lesion grades, kept as the label the clinician wrote in its named system.

Numbering differs between papers (clinical-reference.md section 2.2: one Beck numbering calls
grade 1 normal), so a grade is always stored as (system, label), never as a bare integer.
Which grades make microfracture appropriate is decided by the candidacy rules, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chondral.errors import InvalidValueError, quote

__all__ = ["GRADE_LABELS", "Grade", "GradeSystem"]


class GradeSystem(StrEnum):
    """Cartilage grading systems accepted in case files."""

    ICRS = "icrs"
    OUTERBRIDGE = "outerbridge"
    KONAN = "konan"
    BECK = "beck"


GRADE_LABELS: dict[GradeSystem, tuple[str, ...]] = {
    # ICRS: 0 normal; 1A/1B nearly normal; 2 <50 % depth; 3A-3D severely abnormal; 4 through to bone.
    GradeSystem.ICRS: ("0", "1", "1A", "1B", "2", "3", "3A", "3B", "3C", "3D", "4"),
    # Outerbridge (roman numerals as published): IV = exposed subchondral bone.
    GradeSystem.OUTERBRIDGE: ("0", "I", "II", "III", "IV"),
    # Konan (Konan-Haddad) 2011: 0 normal ... 3 delamination, 4 exposed bone.
    GradeSystem.KONAN: ("0", "1", "2", "3", "4"),
    # Beck 2005: 0 normal ... 3 debonding, 4 cleavage, 5 defect (full-thickness loss).
    GradeSystem.BECK: ("0", "1", "2", "3", "4", "5"),
}
"""The labels each system accepts, in order of increasing severity."""


@dataclass(frozen=True, slots=True)
class Grade:
    """A lesion grade: the system and the label as recorded (e.g. icrs "3B", outerbridge "IV")."""

    system: GradeSystem
    label: str

    def __post_init__(self) -> None:
        if not isinstance(self.system, GradeSystem):
            raise InvalidValueError(f"not a grading system: {quote(self.system)}", field="system")
        allowed = GRADE_LABELS[self.system]
        if self.label not in allowed:
            raise InvalidValueError(
                f"{quote(self.label)} is not a {self.system.value} grade; use one of"
                f" {', '.join(allowed)}",
                field="label",
            )

    def __str__(self) -> str:
        return f"{self.system.value} {self.label}"
