"""A case: one patient, one hip, its lesions and the pathway records that follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from chondral.domain.hip import Hip
from chondral.domain.lesion import Lesion
from chondral.domain.pathway_records import (
    AllergyRecord,
    ChecklistEntry,
    Medication,
    OperativeRecord,
    ReturnToSportRecord,
)
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
    plan: PlanSettings = field(default_factory=PlanSettings)
    imaging: ImagingRecord = field(default_factory=ImagingRecord)
    checklist: Mapping[str, ChecklistEntry] = field(default_factory=dict)
    medications: tuple[Medication, ...] | None = None
    allergies: AllergyRecord | None = None
    operative: OperativeRecord | None = None
    return_to_sport: ReturnToSportRecord | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "checklist", MappingProxyType(dict(self.checklist)))
        if self.medications is not None:
            object.__setattr__(self, "medications", tuple(self.medications))
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
        self._check_pathway_dates()

    def _check_pathway_dates(self) -> None:
        operative = self.operative
        if operative is not None:
            if operative.side is not self.side:
                raise ValueError(
                    f"the operative record is for a {operative.side.value} hip, but this case is"
                    f" the {self.side.value} hip"
                )
            if self.surgery_date is not None and operative.date != self.surgery_date:
                raise ValueError(
                    f"the operative record is dated {operative.date.isoformat()}, but the"
                    f" surgery date is {self.surgery_date.isoformat()}"
                )
        surgery = self.recorded_surgery_date
        rts = self.return_to_sport
        if rts is None or surgery is None:
            return
        for assessment in rts.assessments:
            if assessment.date <= surgery:
                raise ValueError(
                    f"a return-to-sport assessment dated {assessment.date.isoformat()} is not"
                    f" after the surgery ({surgery.isoformat()})"
                )
        if rts.approval is not None and rts.approval.date <= surgery:
            raise ValueError(
                f"the return-to-sport approval dated {rts.approval.date.isoformat()} is not"
                f" after the surgery ({surgery.isoformat()})"
            )

    @property
    def recorded_surgery_date(self) -> dt.date | None:
        """The surgery date the file records: ``surgery_date``, else the operative record's."""
        if self.surgery_date is not None:
            return self.surgery_date
        return None if self.operative is None else self.operative.date

    @property
    def side(self) -> Side:
        """Side of the operated hip."""
        return self.hip.side
