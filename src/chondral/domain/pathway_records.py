"""What a case file records along the pathway: checklist state, medicines and allergies, the
operative record and the return-to-sport record.

These are records of what was done or found, as a clinician writes them. What they *mean*
(which checklist items exist and are due when, whether traction ran too long, whether a patient
is cleared for sport) belongs to ``chondral.pathway``. Objects check their own invariants and
raise ``InvalidValueError`` (a ``ValueError``) naming the attribute, or no attribute when the
problem is between attributes; the case-file reader prefixes the record's path.

Times of day are ``datetime.time`` on the 24-hour clock. A traction period that runs over
midnight cannot be recorded: its day would have to be guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from chondral.domain.lesion import Lesion
from chondral.domain.limits import (
    AWL_ANGLE_DEG,
    DISTRACTION_MM,
    HOLE_COUNT,
    HOLE_DEPTH_MM,
    MAX_TEXT_CHARS,
    RIM_DISTANCE_MM,
    RTS_RESULT_ANY,
    TRACTION_FORCE_KG,
)
from chondral.domain.side import Side
from chondral.errors import InvalidValueError, quote

__all__ = [
    "LB_PER_KG",
    "AllergyRecord",
    "AnaesthesiaRecord",
    "AnaesthesiaType",
    "ChecklistEntry",
    "ChecklistState",
    "ConcomitantProcedure",
    "CriterionValue",
    "Medication",
    "MedicationCategory",
    "MicrofractureRecord",
    "OperativeRecord",
    "Portal",
    "RegionalBlock",
    "ReturnToSportRecord",
    "RtsAssessment",
    "SurgeonApproval",
    "SurgeonDecision",
    "TractionPeriod",
]

LB_PER_KG = 2.20462262185
"""Pounds in one kilogram (force: pound-force per kilogram-force)."""

CriterionValue = bool | float


def _require_text(value: object, name: str) -> None:
    """``InvalidValueError`` naming ``name`` unless ``value`` is non-blank text of at most
    ``MAX_TEXT_CHARS`` characters."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("must not be empty", field=name)
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidValueError(f"must be at most {MAX_TEXT_CHARS} characters", field=name)


class ChecklistState(StrEnum):
    """State of one pre-operative checklist item."""

    PENDING = "pending"
    DONE = "done"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistEntry:
    """What the case file says about one checklist item.

    ``date`` is when it was done (only for a done item). ``ordered`` applies to items needed only
    when ordered (CT, blood tests, brace): None means the order has not been decided.
    """

    state: ChecklistState = ChecklistState.PENDING
    date: dt.date | None = None
    ordered: bool | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None and self.state is not ChecklistState.DONE:
            raise InvalidValueError(
                "a date records when the item was done; a pending item has none"
            )
        if self.ordered is False and self.state is ChecklistState.DONE:
            raise InvalidValueError("the item is done but recorded as not ordered")


class MedicationCategory(StrEnum):
    """Why a medicine matters before surgery (clinical-reference.md section 4.2)."""

    NSAID = "nsaid"
    ASPIRIN = "aspirin"
    ANTICOAGULANT = "anticoagulant"
    ANTIPLATELET = "antiplatelet"
    SUPPLEMENT = "supplement"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class SurgeonDecision:
    """A surgeon's recorded decision that replaces the policy stop date for one medicine
    (e.g. continue aspirin after a coronary stent; a bridging plan agreed with haematology)."""

    surgeon: str
    date: dt.date
    plan: str

    def __post_init__(self) -> None:
        _require_text(self.surgeon, "surgeon")
        _require_text(self.plan, "plan")


@dataclass(frozen=True, slots=True, kw_only=True)
class Medication:
    """A medicine the patient takes. ``stopped_on``: first day without it, if stopped."""

    name: str
    category: MedicationCategory
    stopped_on: dt.date | None = None
    surgeon_decision: SurgeonDecision | None = None

    def __post_init__(self) -> None:
        _require_text(self.name, "name")


@dataclass(frozen=True, slots=True, kw_only=True)
class AllergyRecord:
    """Allergies asked about before surgery; an empty tuple means none known."""

    medicines: tuple[str, ...]
    anaesthesia: tuple[str, ...]
    latex: bool

    def __post_init__(self) -> None:
        for name in ("medicines", "anaesthesia"):
            values = tuple(getattr(self, name))
            for value in values:
                _require_text(value, name)
            object.__setattr__(self, name, values)


class AnaesthesiaType(StrEnum):
    """Main anaesthetic (clinical-reference.md section 4.2)."""

    GENERAL = "general"
    NEURAXIAL = "neuraxial"
    GENERAL_AND_NEURAXIAL = "general_and_neuraxial"


class RegionalBlock(StrEnum):
    """Regional block added to the anaesthetic, if any (Wolff et al. 2016)."""

    NONE = "none"
    LUMBAR_PLEXUS = "lumbar_plexus"
    FASCIA_ILIACA = "fascia_iliaca"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnaesthesiaRecord:
    """The anaesthetic given."""

    type: AnaesthesiaType
    block: RegionalBlock = RegionalBlock.NONE


class Portal(StrEnum):
    """Arthroscopic portals (clinical-reference.md section 3.2)."""

    ANTEROLATERAL = "anterolateral"
    ANTERIOR = "anterior"
    MID_ANTERIOR = "mid_anterior"
    POSTEROLATERAL = "posterolateral"
    DISTAL_ANTEROLATERAL_ACCESSORY = "distal_anterolateral_accessory"

    @property
    def words(self) -> str:
        """The portal's name in words."""
        return self.value.replace("_", " ")


class ConcomitantProcedure(StrEnum):
    """Procedures done in the same sitting."""

    LABRAL_REPAIR = "labral_repair"
    LABRAL_DEBRIDEMENT = "labral_debridement"
    LABRAL_RECONSTRUCTION = "labral_reconstruction"
    FEMOROPLASTY = "femoroplasty"
    ACETABULOPLASTY = "acetabuloplasty"
    CAPSULAR_REPAIR = "capsular_repair"
    CHONDROPLASTY = "chondroplasty"
    LOOSE_BODY_REMOVAL = "loose_body_removal"
    SYNOVECTOMY = "synovectomy"
    OTHER = "other"

    @property
    def words(self) -> str:
        """The procedure's name in words."""
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True, kw_only=True)
class TractionPeriod:
    """One continuous period of traction, with the force if it was measured (kilogram-force)."""

    start: dt.time
    stop: dt.time
    force_kg: float | None = None

    def __post_init__(self) -> None:
        if self.stop <= self.start:
            raise InvalidValueError(
                f"stop ({self.stop:%H:%M}) must be after start ({self.start:%H:%M}) on the"
                " 24-hour clock; a period over midnight cannot be recorded",
                field="stop",
            )
        if self.force_kg is not None:
            TRACTION_FORCE_KG.check(self.force_kg, "force_kg")

    @property
    def duration_minutes(self) -> int:
        """Length of the period in whole minutes (times are recorded to the minute)."""
        start = self.start.hour * 60 + self.start.minute
        stop = self.stop.hour * 60 + self.stop.minute
        return stop - start


def _check_hole_position(clock_deg: object, rim_mm: object, field: str) -> None:
    if (
        isinstance(clock_deg, bool)
        or not isinstance(clock_deg, int | float)
        or not math.isfinite(clock_deg)
        or not 0.0 <= clock_deg < 360.0
    ):
        raise InvalidValueError(
            f"the clock angle must be a finite number in [0, 360) deg, got {quote(clock_deg)}",
            field=field,
        )
    RIM_DISTANCE_MM.check(rim_mm, field)


@dataclass(frozen=True, slots=True, kw_only=True)
class MicrofractureRecord:
    """Microfracture of one lesion as performed.

    Holes are recorded as a count, or as positions ``(clock_deg, rim_distance_mm)`` (the count
    is then their number). ``marrow_seen``: blood and fat droplets seen from the holes after the
    pump pressure was lowered.
    """

    lesion_id: str
    hole_count: int
    hole_positions: tuple[tuple[float, float], ...] | None = None
    calcified_layer_removed: bool | None = None
    awl_angles_deg: tuple[float, ...] = ()
    depth_mm: float | None = None
    marrow_seen: bool | None = None
    debris_cleared: bool | None = None

    def __post_init__(self) -> None:
        _require_text(self.lesion_id, "lesion_id")
        HOLE_COUNT.check(self.hole_count, "hole_count")
        if self.hole_positions is not None:
            positions = tuple(self.hole_positions)
            for index, (clock_deg, rim_mm) in enumerate(positions):
                _check_hole_position(clock_deg, rim_mm, f"hole_positions[{index}]")
            if len(positions) != self.hole_count:
                raise InvalidValueError(
                    f"hole_count is {self.hole_count} but {len(positions)} positions are given",
                    field="hole_count",
                )
            object.__setattr__(
                self, "hole_positions", tuple((float(c), float(r)) for c, r in positions)
            )
        angles = tuple(self.awl_angles_deg)
        for index, angle in enumerate(angles):
            AWL_ANGLE_DEG.check(angle, f"awl_angles_deg[{index}]")
        object.__setattr__(self, "awl_angles_deg", angles)
        if self.depth_mm is not None:
            HOLE_DEPTH_MM.check(self.depth_mm, "depth_mm")


@dataclass(frozen=True, slots=True, kw_only=True)
class OperativeRecord:
    """The structured record of the operation (product.md section 2.5).

    ``lesions`` are the chondral lesions found at arthroscopy, sized after debridement to stable
    vertical walls; ``microfracture`` refers to them by id. ``complications`` None means not
    recorded; an empty tuple means none.
    """

    date: dt.date
    side: Side
    surgeon: str
    anaesthesia: AnaesthesiaRecord | None = None
    traction: tuple[TractionPeriod, ...] = ()
    distraction_mm: float | None = None
    portals: tuple[Portal, ...] = ()
    lesions: tuple[Lesion, ...] = ()
    other_findings: str | None = None
    microfracture: tuple[MicrofractureRecord, ...] = ()
    concomitant: tuple[ConcomitantProcedure, ...] = ()
    complications: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.side, Side):
            raise InvalidValueError(f"must be left or right, got {quote(self.side)}", field="side")
        _require_text(self.surgeon, "surgeon")
        for name in ("traction", "portals", "lesions", "microfracture", "concomitant"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.complications is not None:
            object.__setattr__(self, "complications", tuple(self.complications))
        if self.distraction_mm is not None:
            DISTRACTION_MM.check(self.distraction_mm, "distraction_mm")
        ordered = sorted(self.traction, key=lambda period: period.start)
        for earlier, later in itertools.pairwise(ordered):
            if later.start < earlier.stop:
                raise InvalidValueError(
                    f"traction periods overlap ({earlier.start:%H:%M}-{earlier.stop:%H:%M} and"
                    f" {later.start:%H:%M}-{later.stop:%H:%M})"
                )
        ids = [lesion.id for lesion in self.lesions]
        repeated = sorted({x for x in ids if ids.count(x) > 1})
        if repeated:
            raise InvalidValueError(
                f"lesion ids must be unique; repeated: {', '.join(repeated)}", field="lesions"
            )
        treated = [record.lesion_id for record in self.microfracture]
        for lesion_id in treated:
            if lesion_id not in ids:
                raise InvalidValueError(
                    f"microfracture of {quote(lesion_id)}, which is not among the lesions found"
                    f" ({', '.join(ids) or 'none'})"
                )
        twice = sorted({x for x in treated if treated.count(x) > 1})
        if twice:
            raise InvalidValueError(
                f"one microfracture record per lesion; repeated: {', '.join(twice)}",
                field="microfracture",
            )

    @property
    def traction_total_minutes(self) -> int | None:
        """Total traction time in minutes, or None when no traction was recorded."""
        if not self.traction:
            return None
        return sum(period.duration_minutes for period in self.traction)

    def lesion(self, lesion_id: str) -> Lesion:
        """The lesion found with this id (``KeyError`` if none)."""
        for lesion in self.lesions:
            if lesion.id == lesion_id:
                return lesion
        raise KeyError(lesion_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class RtsAssessment:
    """One return-to-sport test session: criterion id -> result (a number or pass/fail).

    Numbers are finite and within ``RTS_RESULT_ANY``; the range of each criterion's unit
    (``RTS_RESULT_BY_UNIT``) is checked by the reader, which knows the criteria."""

    date: dt.date
    results: Mapping[str, CriterionValue] = field(default_factory=dict)
    assessor: str | None = None

    def __post_init__(self) -> None:
        for key, value in self.results.items():
            if not isinstance(key, str) or not key:
                raise InvalidValueError(
                    f"criterion ids must be text, got {quote(key)}", field="results"
                )
            if not isinstance(value, bool):
                RTS_RESULT_ANY.check(value, f"results.{key}")
        object.__setattr__(self, "results", MappingProxyType(dict(self.results)))


@dataclass(frozen=True, slots=True, kw_only=True)
class SurgeonApproval:
    """The operating surgeon's recorded approval to return to sport."""

    surgeon: str
    date: dt.date

    def __post_init__(self) -> None:
        _require_text(self.surgeon, "surgeon")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnToSportRecord:
    """Objective test sessions and the surgeon's approval, as recorded."""

    assessments: tuple[RtsAssessment, ...] = ()
    approval: SurgeonApproval | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "assessments", tuple(self.assessments))
