"""A case: one patient, one hip, its lesions and the pathway records that follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from chondral.domain.hip import Hip
from chondral.domain.lesion import Lesion
from chondral.domain.limits import check_date
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
from chondral.errors import InvalidValueError, quote

__all__ = ["CASE_SCHEMA_ID", "Case"]

CASE_SCHEMA_ID = "chondral.case/1"


@dataclass(frozen=True, slots=True)
class Case:
    """Everything recorded for one hip of one patient. ``case_id`` is a pseudonymous key.

    Cross-record rules are checked here, once: unique lesion ids, a planned lesion that
    exists, the operative side, and the date rules (``_check_dates``). Errors are
    ``InvalidValueError`` whose ``field`` is the case-file path (``operative.date``)."""

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
            raise InvalidValueError("must not be empty", field="case_id")
        ids = [lesion.id for lesion in self.lesions]
        duplicates = sorted({lesion_id for lesion_id in ids if ids.count(lesion_id) > 1})
        if duplicates:
            raise InvalidValueError(
                f"lesion ids must be unique; repeated: {', '.join(duplicates)}", field="lesions"
            )
        if self.plan.lesion_id is not None and self.plan.lesion_id not in ids:
            raise InvalidValueError(
                f"{quote(self.plan.lesion_id)} is not a lesion of this case"
                f" (lesions: {', '.join(ids) or 'none'})",
                field="plan.lesion_id",
            )
        self._check_operative_side()
        self._check_dates()

    def _check_operative_side(self) -> None:
        operative = self.operative
        if operative is not None and operative.side is not self.side:
            raise InvalidValueError(
                f"the operative record is for the {operative.side.value} hip, but hip.side is"
                f" {self.side.value}",
                field="operative.side",
            )

    def dated_fields(self) -> Iterator[tuple[str, dt.date]]:
        """Every date the case records, with its field path (``proms[2].date``)."""
        if self.surgery_date is not None:
            yield "surgery_date", self.surgery_date
        for index, response in enumerate(self.proms):
            yield f"proms[{index}].date", response.date
        for item_id, entry in self.checklist.items():
            if entry.date is not None:
                yield f"checklist.{item_id}.date", entry.date
        for index, medication in enumerate(self.medications or ()):
            if medication.stopped_on is not None:
                yield f"medications[{index}].stopped_on", medication.stopped_on
            if medication.surgeon_decision is not None:
                yield (
                    f"medications[{index}].surgeon_decision.date",
                    medication.surgeon_decision.date,
                )
        if self.operative is not None:
            yield "operative.date", self.operative.date
        rts = self.return_to_sport
        if rts is not None:
            for index, assessment in enumerate(rts.assessments):
                yield f"return_to_sport.assessments[{index}].date", assessment.date
            if rts.approval is not None:
                yield "return_to_sport.approval.date", rts.approval.date

    def _check_dates(self) -> None:
        """The case's date rules, all here, each with one message naming the field:

        - every date lies in ``EARLIEST_DATE``-``LATEST_DATE`` (``check_date``);
        - the operative record is dated on the surgery date;
        - return-to-sport assessments and the approval come after the surgery.

        (A case records no birth date, only an age, so no date can be checked against it.)"""
        for path, day in self.dated_fields():
            check_date(day, path)
        operative = self.operative
        if (
            operative is not None
            and self.surgery_date is not None
            and operative.date != self.surgery_date
        ):
            raise InvalidValueError(
                f"{operative.date.isoformat()} differs from surgery_date"
                f" {self.surgery_date.isoformat()}",
                field="operative.date",
            )
        surgery = self.recorded_surgery_date
        rts = self.return_to_sport
        if rts is None or surgery is None:
            return
        for index, assessment in enumerate(rts.assessments):
            if assessment.date <= surgery:
                raise InvalidValueError(
                    f"{assessment.date.isoformat()} is not after the surgery"
                    f" ({surgery.isoformat()})",
                    field=f"return_to_sport.assessments[{index}].date",
                )
        if rts.approval is not None and rts.approval.date <= surgery:
            raise InvalidValueError(
                f"{rts.approval.date.isoformat()} is not after the surgery ({surgery.isoformat()})",
                field="return_to_sport.approval.date",
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
