"""Read ``chondral.case/1`` case files (YAML or JSON) into ``chondral.domain.Case``.

Two passes, one error line each:

1. the document is validated against the JSON Schema (``case_schema``): unknown fields, wrong
   types, values outside plausible ranges, malformed clock times and dates;
2. the domain objects are built; their own invariants (a lesion needs exactly one kind of
   position, 'to' beyond 'from', unique lesion ids, real calendar dates) are reported with the
   path of the object that broke them.

Every problem raises ``CaseFileError`` whose ``field`` is the path (``lesions[0].center.clock``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import jsonschema

from chondral.domain import (
    AcetabularOrientation,
    Activity,
    Case,
    ClockPosition,
    ClockRange,
    Grade,
    GradeSystem,
    Hip,
    Lesion,
    LesionCenter,
    LesionSize,
    ImagingRecord,
    MeasuredAt,
    MeshReference,
    Patient,
    PlanSettings,
    PromResponse,
    RadiographicMeasurements,
    RimDistanceRange,
    Sex,
    Side,
    Surface,
)
from chondral.errors import CaseFileError, InputDataError
from chondral.io.case_schema import case_schema
from chondral.io.documents import load_document, parse_document_text
from chondral.io.schema_errors import first_error

__all__ = ["load_case", "parse_case", "parse_case_text"]

T = TypeVar("T")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _build(path: str, factory: Callable[[], T]) -> T:
    """Run a domain constructor, reporting its ``ValueError`` against ``path``."""
    try:
        return factory()
    except ValueError as error:
        raise CaseFileError(str(error), field=path) from error


def _date(text: str, path: str) -> dt.date:
    return _build(path, lambda: dt.date.fromisoformat(text))


def _optional_float(mapping: Mapping[str, Any], key: str) -> float | None:
    value = mapping.get(key)
    return None if value is None else float(value)


def _optional_int(mapping: Mapping[str, Any], key: str) -> int | None:
    value = mapping.get(key)
    return None if value is None else int(value)


def _patient(data: Mapping[str, Any]) -> Patient:
    activity = data.get("activity", {})
    return _build(
        "patient",
        lambda: Patient(
            age_years=_optional_int(data, "age_years"),
            sex=Sex(data.get("sex", Sex.UNKNOWN.value)),
            height_cm=_optional_float(data, "height_cm"),
            weight_kg=_optional_float(data, "weight_kg"),
            activity=Activity(
                tegner=_optional_int(activity, "tegner"),
                ucla=_optional_int(activity, "ucla"),
                sport=activity.get("sport"),
            ),
        ),
    )


def _hip(data: Mapping[str, Any]) -> Hip:
    radiographic = data.get("radiographic", {})
    acetabulum = data.get("acetabulum")
    orientation = (
        AcetabularOrientation(
            inclination_deg=float(acetabulum["inclination_deg"]),
            anteversion_deg=float(acetabulum["anteversion_deg"]),
            measured=True,
        )
        if acetabulum is not None
        else AcetabularOrientation()
    )
    return _build(
        "hip",
        lambda: Hip(
            side=Side(data["side"]),
            femoral_head_diameter_mm=_optional_float(data, "femoral_head_diameter_mm"),
            radiographic=RadiographicMeasurements(
                lcea_deg=_optional_float(radiographic, "lcea_deg"),
                tonnis_grade=_optional_int(radiographic, "tonnis_grade"),
                joint_space_width_mm=_optional_float(radiographic, "joint_space_width_mm"),
                tonnis_angle_deg=_optional_float(radiographic, "tonnis_angle_deg"),
                alpha_angle_deg=_optional_float(radiographic, "alpha_angle_deg"),
            ),
            instability=data.get("instability"),
            acetabulum=orientation,
        ),
    )


def _lesion(data: Mapping[str, Any], path: str) -> Lesion:
    grade = None
    if "grade" in data:
        grade = _build(
            f"{path}.grade.value",
            lambda: Grade(GradeSystem(data["grade"]["system"]), data["grade"]["value"]),
        )
    center = None
    if "center" in data:
        center = _build(
            f"{path}.center",
            lambda: LesionCenter(
                clock=ClockPosition.from_label(data["center"]["clock"]),
                rim_distance_mm=float(data["center"]["rim_distance_mm"]),
            ),
        )
    clock_range = rim_range = None
    if "clock" in data:
        clock_range = _build(
            f"{path}.clock",
            lambda: ClockRange(
                ClockPosition.from_label(data["clock"]["from"]),
                ClockPosition.from_label(data["clock"]["to"]),
            ),
        )
        rim_range = _build(
            f"{path}.rim_distance_mm",
            lambda: RimDistanceRange(
                float(data["rim_distance_mm"]["from"]), float(data["rim_distance_mm"]["to"])
            ),
        )
    size = None
    if "size_mm" in data:
        size = LesionSize(float(data["size_mm"]["length"]), float(data["size_mm"]["width"]))
    measured = data.get("measured")
    return _build(
        path,
        lambda: Lesion(
            id=data["id"],
            surface=Surface(data["surface"]),
            grade=grade,
            center=center,
            clock_range=clock_range,
            rim_distance_range=rim_range,
            size=size,
            area_mm2=_optional_float(data, "area_mm2"),
            contained=data.get("contained"),
            measured=None if measured is None else MeasuredAt(measured),
        ),
    )


def _prom(data: Mapping[str, Any], path: str) -> PromResponse:
    return PromResponse(
        instrument=data["instrument"],
        date=_date(data["date"], f"{path}.date"),
        answers=dict(data["answers"]),
    )


def _plan(data: Mapping[str, Any]) -> PlanSettings:
    return PlanSettings(
        lesion_id=data.get("lesion_id"),
        spacing_min_mm=_optional_float(data, "spacing_min_mm"),
        spacing_max_mm=_optional_float(data, "spacing_max_mm"),
        rim_inset_mm=_optional_float(data, "rim_inset_mm"),
        depth_mm=_optional_float(data, "depth_mm"),
        debridement_margin_mm=_optional_float(data, "debridement_margin_mm"),
        coverage_target_mm=_optional_float(data, "coverage_target_mm"),
    )


def _imaging(data: Mapping[str, Any]) -> ImagingRecord:
    def mesh(key: str) -> MeshReference | None:
        entry = data.get(key)
        if entry is None:
            return None
        return _build(
            f"imaging.{key}", lambda: MeshReference(path=entry["path"], units=entry["units"])
        )

    return ImagingRecord(
        femur_mesh=mesh("femur_mesh"),
        femoral_cartilage_mesh=mesh("femoral_cartilage_mesh"),
        acetabular_cartilage_mesh=mesh("acetabular_cartilage_mesh"),
    )


def parse_case(document: Any) -> Case:
    """Validate a parsed document and build the ``Case``; raises ``CaseFileError``."""
    problem = first_error(_validator(), document)
    if problem is not None:
        field, text = problem
        raise CaseFileError(text, field=field)
    lesions = tuple(
        _lesion(item, f"lesions[{i}]") for i, item in enumerate(document.get("lesions", []))
    )
    proms = tuple(_prom(item, f"proms[{i}]") for i, item in enumerate(document.get("proms", [])))
    surgery_date = document.get("surgery_date")
    plan = _plan(document.get("plan", {}))
    imaging = _imaging(document.get("imaging", {}))
    return _build(
        "plan.lesion_id" if _unknown_plan_lesion(plan, lesions) else "lesions",
        lambda: Case(
            case_id=document["case_id"],
            patient=_patient(document["patient"]),
            hip=_hip(document["hip"]),
            lesions=lesions,
            rehab_commitment=document.get("rehab_commitment"),
            surgery_date=None if surgery_date is None else _date(surgery_date, "surgery_date"),
            proms=proms,
            plan=plan,
            imaging=imaging,
        ),
    )


def _unknown_plan_lesion(plan: PlanSettings, lesions: tuple[Lesion, ...]) -> bool:
    return plan.lesion_id is not None and plan.lesion_id not in {x.id for x in lesions}


def parse_case_text(text: str, *, kind: str = "yaml", name: str = "case") -> Case:
    """Parse case-file text (``kind`` ``yaml`` or ``json``)."""
    return parse_case(parse_document_text(text, kind=kind, name=name))


def load_case(path: Path | str) -> Case:
    """Read and validate a case file; the path is named in errors about the file itself."""
    path = Path(path)
    try:
        return parse_case(load_document(path))
    except CaseFileError:
        raise
    except InputDataError as error:
        raise CaseFileError(error.problem, field=error.field) from error
