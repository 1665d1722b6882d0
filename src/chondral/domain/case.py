"""A case: one patient, one hip, its lesions and the pathway records that follow it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chondral.domain.hip import Hip
from chondral.domain.lesion import Lesion
from chondral.domain.patient import Patient
from chondral.domain.plan_inputs import ImagingRecord, PlanSettings
from chondral.domain.prom import PromResponse
from chondral.domain.side import Side

__all__ = ["CASE_SCHEMA_ID", "Case"]

CASE_SCHEMA_ID = "chondral.case/1"


@dataclass(frozen=True, slots=True)
class Case:
    """Everything recorded for one hip of one patient. ``case_id`` is a pseudonymous key."""

    case_id: str
    patient: Patient
    hip: Hip
    lesions: tuple[Lesion, ...] = ()
    rehab_commitment: bool | None = None
    surgery_date: dt.date | None = None
    proms: tuple[PromResponse, ...] = ()
    plan: PlanSettings = PlanSettings()
    imaging: ImagingRecord = ImagingRecord()

    def __post_init__(self) -> None:
        if not self.case_id:
            raise ValueError("case_id must not be empty")
        ids = [lesion.id for lesion in self.lesions]
        duplicates = sorted({lesion_id for lesion_id in ids if ids.count(lesion_id) > 1})
        if duplicates:
            raise ValueError(f"lesion ids must be unique; repeated: {', '.join(duplicates)}")
        if self.plan.lesion_id is not None and self.plan.lesion_id not in ids:
            raise ValueError(
                f"{self.plan.lesion_id!r} is not a lesion of this case"
                f" (lesions: {', '.join(ids) or 'none'})"
            )

    @property
    def side(self) -> Side:
        """Side of the operated hip."""
        return self.hip.side
