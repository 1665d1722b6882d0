"""The hip being treated: side, size, radiographic measurements, acetabular orientation."""

from __future__ import annotations

from dataclasses import dataclass

from chondral.domain.limits import (
    ALPHA_ANGLE_DEG,
    ANTEVERSION_DEG,
    FEMORAL_HEAD_DIAMETER_MM,
    INCLINATION_DEG,
    JOINT_SPACE_WIDTH_MM,
    LCEA_DEG,
    TONNIS_ANGLE_DEG,
    TONNIS_GRADE,
    check_optional,
)
from chondral.domain.side import Side
from chondral.errors import InvalidValueError, quote

__all__ = [
    "DEFAULT_ACETABULAR_ANTEVERSION_DEG",
    "DEFAULT_ACETABULAR_INCLINATION_DEG",
    "AcetabularOrientation",
    "Hip",
    "RadiographicMeasurements",
]

DEFAULT_ACETABULAR_INCLINATION_DEG = 45.0
"""Template radiographic inclination when not measured (product.md section 4)."""
DEFAULT_ACETABULAR_ANTEVERSION_DEG = 20.0
"""Template radiographic anteversion when not measured (product.md section 4)."""


@dataclass(frozen=True, slots=True)
class RadiographicMeasurements:
    """Measurements from the AP pelvis, lateral and false-profile views; None = not measured.

    ``lcea_deg`` may be negative (severe dysplasia). ``joint_space_width_mm`` is the minimum
    joint space width. ``tonnis_grade`` is the Tönnis osteoarthritis grade 0-3. Each lies in
    its plausibility range (``chondral.domain.limits``).
    """

    lcea_deg: float | None = None
    tonnis_grade: int | None = None
    joint_space_width_mm: float | None = None
    tonnis_angle_deg: float | None = None
    alpha_angle_deg: float | None = None

    def __post_init__(self) -> None:
        check_optional(
            self,
            lcea_deg=LCEA_DEG,
            tonnis_grade=TONNIS_GRADE,
            joint_space_width_mm=JOINT_SPACE_WIDTH_MM,
            tonnis_angle_deg=TONNIS_ANGLE_DEG,
            alpha_angle_deg=ALPHA_ANGLE_DEG,
        )


@dataclass(frozen=True, slots=True)
class AcetabularOrientation:
    """Radiographic inclination and anteversion of the acetabulum, in degrees."""

    inclination_deg: float = DEFAULT_ACETABULAR_INCLINATION_DEG
    anteversion_deg: float = DEFAULT_ACETABULAR_ANTEVERSION_DEG
    measured: bool = False

    def __post_init__(self) -> None:
        INCLINATION_DEG.check(self.inclination_deg, "inclination_deg")
        ANTEVERSION_DEG.check(self.anteversion_deg, "anteversion_deg")


@dataclass(frozen=True, slots=True)
class Hip:
    """The operated hip. ``side`` is required; ``instability`` None means not examined."""

    side: Side
    femoral_head_diameter_mm: float | None = None
    radiographic: RadiographicMeasurements = RadiographicMeasurements()
    instability: bool | None = None
    acetabulum: AcetabularOrientation = AcetabularOrientation()

    def __post_init__(self) -> None:
        if not isinstance(self.side, Side):
            raise InvalidValueError(f"must be left or right, got {quote(self.side)}", field="side")
        check_optional(self, femoral_head_diameter_mm=FEMORAL_HEAD_DIAMETER_MM)
