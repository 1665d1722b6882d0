"""What a case file may say about planning: layout settings and the patient's own imaging.

Both are optional. Missing settings take the planner's defaults (``chondral.planning``); without
imaging the template hip stands in. Paths are kept as written; the service resolves a relative
path against the folder of the case file.
"""

from __future__ import annotations

from dataclasses import dataclass

from chondral.domain.limits import (
    DEBRIDEMENT_MARGIN_MM,
    PLAN_COVERAGE_TARGET_MM,
    PLAN_DEPTH_MM,
    PLAN_RIM_INSET_MM,
    PLAN_SPACING_MM,
    check_optional,
)
from chondral.errors import InvalidValueError

__all__ = ["ImagingRecord", "MeshReference", "PlanSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanSettings:
    """Hole-layout settings from the case file's ``plan:`` section (None = planner default).

    Each setting lies in its plausibility range (``chondral.domain.limits``); whether the
    settings together allow a plan is the planner's question."""

    lesion_id: str | None = None
    spacing_min_mm: float | None = None
    spacing_max_mm: float | None = None
    rim_inset_mm: float | None = None
    depth_mm: float | None = None
    debridement_margin_mm: float | None = None
    coverage_target_mm: float | None = None

    def __post_init__(self) -> None:
        if self.lesion_id is not None and not self.lesion_id:
            raise InvalidValueError("must not be empty", field="lesion_id")
        check_optional(
            self,
            spacing_min_mm=PLAN_SPACING_MM,
            spacing_max_mm=PLAN_SPACING_MM,
            rim_inset_mm=PLAN_RIM_INSET_MM,
            depth_mm=PLAN_DEPTH_MM,
            debridement_margin_mm=DEBRIDEMENT_MARGIN_MM,
            coverage_target_mm=PLAN_COVERAGE_TARGET_MM,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MeshReference:
    """A surface mesh file and the length unit it is stored in (never guessed)."""

    path: str
    units: str

    def __post_init__(self) -> None:
        if not self.path:
            raise InvalidValueError("must not be empty", field="path")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagingRecord:
    """The patient's own imaging, as files. Meshes must be in the LPS patient frame."""

    femur_mesh: MeshReference | None = None
    femoral_cartilage_mesh: MeshReference | None = None
    acetabular_cartilage_mesh: MeshReference | None = None
