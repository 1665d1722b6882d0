"""Domain model: frozen dataclasses and enums with no I/O and no framework.

Objects validate their own invariants and raise ``chondral.errors.InvalidValueError`` (also a
``ValueError``) naming the attribute; readers (``chondral.io``) turn those into
``CaseFileError`` naming the field path. Plausibility ranges of every measure, and the range of
accepted dates, are in ``chondral.domain.limits``.
"""

from chondral.domain.case import CASE_SCHEMA_ID, Case
from chondral.domain.clock import CLOCK_LABEL_PATTERN, ClockPosition, ClockReference
from chondral.domain.finding import (
    EvidenceValue,
    Finding,
    RuleIdentity,
    RuleKind,
    Severity,
    Status,
)
from chondral.domain.grade import GRADE_LABELS, Grade, GradeSystem
from chondral.domain.hip import AcetabularOrientation, Hip, RadiographicMeasurements
from chondral.domain.lesion import (
    ClockRange,
    Lesion,
    LesionCenter,
    LesionSize,
    MeasuredAt,
    RimDistanceRange,
    Surface,
)
from chondral.domain.limits import EARLIEST_DATE, LATEST_DATE, Range, check_date
from chondral.domain.pathway_records import (
    LB_PER_KG,
    AllergyRecord,
    AnaesthesiaRecord,
    AnaesthesiaType,
    ChecklistEntry,
    ChecklistState,
    ConcomitantProcedure,
    CriterionValue,
    Medication,
    MedicationCategory,
    MicrofractureRecord,
    OperativeRecord,
    Portal,
    RegionalBlock,
    ReturnToSportRecord,
    RtsAssessment,
    SurgeonApproval,
    SurgeonDecision,
    TractionPeriod,
)
from chondral.domain.patient import Activity, Patient, Sex
from chondral.domain.plan_inputs import ImagingRecord, MeshReference, PlanSettings
from chondral.domain.prom import AnswerValue, PromResponse
from chondral.domain.side import Side

__all__ = [
    "CASE_SCHEMA_ID",
    "CLOCK_LABEL_PATTERN",
    "EARLIEST_DATE",
    "GRADE_LABELS",
    "LATEST_DATE",
    "LB_PER_KG",
    "AcetabularOrientation",
    "Activity",
    "AllergyRecord",
    "AnaesthesiaRecord",
    "AnaesthesiaType",
    "AnswerValue",
    "Case",
    "ChecklistEntry",
    "ChecklistState",
    "ClockPosition",
    "ClockRange",
    "ClockReference",
    "ConcomitantProcedure",
    "CriterionValue",
    "EvidenceValue",
    "Finding",
    "Grade",
    "GradeSystem",
    "Hip",
    "ImagingRecord",
    "Lesion",
    "LesionCenter",
    "LesionSize",
    "MeasuredAt",
    "Medication",
    "MedicationCategory",
    "MeshReference",
    "MicrofractureRecord",
    "OperativeRecord",
    "Patient",
    "PlanSettings",
    "Portal",
    "PromResponse",
    "RadiographicMeasurements",
    "Range",
    "RegionalBlock",
    "ReturnToSportRecord",
    "RimDistanceRange",
    "RtsAssessment",
    "RuleIdentity",
    "RuleKind",
    "Severity",
    "Sex",
    "Side",
    "Status",
    "Surface",
    "SurgeonApproval",
    "SurgeonDecision",
    "TractionPeriod",
    "check_date",
]
