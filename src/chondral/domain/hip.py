"""The hip being treated: side, size, radiographic measurements, acetabular orientation."""

from __future__ import annotations

from dataclasses import dataclass

from chondral.domain.side import Side

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
    joint space width. ``tonnis_grade`` is the Tönnis osteoarthritis grade 0-3.
    """

    lcea_deg: float | None = None
    tonnis_grade: int | None = None
    joint_space_width_mm: float | None = None
    tonnis_angle_deg: float | None = None
    alpha_angle_deg: float | None = None

    def __post_init__(self) -> None:
        if self.tonnis_grade is not None and not 0 <= self.tonnis_grade <= 3:
            raise ValueError(f"tonnis_grade must be 0-3, got {self.tonnis_grade}")
        if self.joint_space_width_mm is not None and self.joint_space_width_mm < 0:
            raise ValueError(
                f"joint_space_width_mm must not be negative: {self.joint_space_width_mm}"
            )


@dataclass(frozen=True, slots=True)
class AcetabularOrientation:
    """Radiographic inclination and anteversion of the acetabulum, in degrees."""

    inclination_deg: float = DEFAULT_ACETABULAR_INCLINATION_DEG
    anteversion_deg: float = DEFAULT_ACETABULAR_ANTEVERSION_DEG
    measured: bool = False


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
            raise ValueError(f"side must be a Side, got {self.side!r}")
        if self.femoral_head_diameter_mm is not None and self.femoral_head_diameter_mm <= 0:
            raise ValueError(
                f"femoral_head_diameter_mm must be positive, got {self.femoral_head_diameter_mm}"
            )
