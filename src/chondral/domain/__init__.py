"""Domain model: frozen dataclasses and enums with no I/O and no framework.

Objects validate their own invariants and raise ``ValueError``; readers (``chondral.io``) turn
those into ``CaseFileError`` naming the field path.
"""

from chondral.domain.case import CASE_SCHEMA_ID, Case
from chondral.domain.clock import CLOCK_LABEL_PATTERN, ClockPosition, ClockReference
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
from chondral.domain.patient import Activity, Patient, Sex
from chondral.domain.plan_inputs import ImagingRecord, MeshReference, PlanSettings
from chondral.domain.prom import AnswerValue, PromResponse
from chondral.domain.side import Side

__all__ = [
    "CASE_SCHEMA_ID",
    "CLOCK_LABEL_PATTERN",
    "GRADE_LABELS",
    "AcetabularOrientation",
    "Activity",
    "AnswerValue",
    "Case",
    "ClockPosition",
    "ClockRange",
    "ClockReference",
    "Grade",
    "GradeSystem",
    "Hip",
    "ImagingRecord",
    "Lesion",
    "LesionCenter",
    "LesionSize",
    "MeasuredAt",
    "MeshReference",
    "Patient",
    "PlanSettings",
    "PromResponse",
    "RadiographicMeasurements",
    "RimDistanceRange",
    "Sex",
    "Side",
    "Surface",
]
