"""Read ``chondral.case/1`` case files (YAML or JSON) into ``chondral.domain.Case``.

Four passes, one error line each:

1. the file is read under the document rules of ``chondral.io.documents`` (size limit before
   reading, nesting and value limits, no YAML anchors, aliases or tags, text keys, finite
   numbers only);
2. the document is validated against the JSON Schema (``case_schema``): unknown fields, wrong
   types, values outside the plausibility ranges of ``chondral.domain.limits``, malformed clock
   times and dates, over-long texts and lists;
3. the domain objects are built; their own invariants (a lesion needs exactly one kind of
   position, 'to' beyond 'from', a plausible body-mass index, unique lesion ids, real calendar
   dates, the case's date rules) are reported with the path of the field or the object that
   broke them: a constructor's ``InvalidValueError`` names its attribute, and this reader
   prefixes the record's path;
4. every questionnaire response is checked against its instrument (``chondral.outcomes``), so a
   case that ``validate`` refuses is refused by every command.

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
    LB_PER_KG,
    AcetabularOrientation,
    Activity,
    AllergyRecord,
    AnaesthesiaRecord,
    AnaesthesiaType,
    Case,
    ChecklistEntry,
    ChecklistState,
    ClockPosition,
    ClockRange,
    ConcomitantProcedure,
    Grade,
    GradeSystem,
    Hip,
    ImagingRecord,
    Lesion,
    LesionCenter,
    LesionSize,
    MeasuredAt,
    Medication,
    MedicationCategory,
    MeshReference,
    MicrofractureRecord,
    OperativeRecord,
    Patient,
    PlanSettings,
    Portal,
    PromResponse,
    RadiographicMeasurements,
    RegionalBlock,
    ReturnToSportRecord,
    RimDistanceRange,
    RtsAssessment,
    Sex,
    Side,
    Surface,
    SurgeonApproval,
    SurgeonDecision,
    TractionPeriod,
)
from chondral.errors import CaseFileError, InputDataError, InvalidValueError, one_line, quote
from chondral.io.case_schema import case_schema
from chondral.io.documents import (
    check_document,
    decode_document,
    document_kind,
    parse_document_text,
    read_document_bytes,
)
from chondral.io.schema_errors import first_error
from chondral.outcomes import validate_response

__all__ = ["load_case", "parse_case", "parse_case_text", "read_case_file"]

T = TypeVar("T")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = case_schema()
    return jsonschema.Draft202012Validator(schema)


def _join(path: str, field: str | None) -> str:
    if not field:
        return path
    return f"{path}.{field}" if path else field


def _build(path: str, factory: Callable[[], T], rename: Mapping[str, str] | None = None) -> T:
    """Run a domain constructor, reporting its error against ``path``.

    An ``InvalidValueError`` naming an attribute is reported at ``path.<attribute>``; ``rename``
    maps attributes whose case-file key differs (``{"label": "value"}``; ``""``: the record
    itself). Any other ``ValueError`` (an unknown enum value, an impossible calendar date) is
    reported at ``path``."""
    try:
        return factory()
    except InvalidValueError as error:
        field = error.field
        if field is not None and rename is not None:
            head, _, rest = field.partition(".")
            if head in rename:
                field = _join(rename[head], rest)
        raise CaseFileError(error.problem, field=_join(path, field) or None) from error
    except ValueError as error:
        raise CaseFileError(one_line(str(error)), field=path or None) from error


def _date(text: str, path: str) -> dt.date:
    return _build(path, lambda: dt.date.fromisoformat(text))


def _time(text: str, path: str) -> dt.time:
    return _build(path, lambda: dt.time.fromisoformat(text))


def _clock(text: str, path: str) -> ClockPosition:
    return _build(path, lambda: ClockPosition.from_label(text), {"clock_deg": ""})


def _optional_float(mapping: Mapping[str, Any], key: str) -> float | None:
    value = mapping.get(key)
    return None if value is None else float(value)


def _optional_int(mapping: Mapping[str, Any], key: str) -> int | None:
    value = mapping.get(key)
    return None if value is None else int(value)


def _patient(data: Mapping[str, Any]) -> Patient:
    activity_data = data.get("activity", {})
    activity = _build(
        "patient.activity",
        lambda: Activity(
            tegner=_optional_int(activity_data, "tegner"),
            ucla=_optional_int(activity_data, "ucla"),
            sport=activity_data.get("sport"),
        ),
    )
    return _build(
        "patient",
        lambda: Patient(
            age_years=_optional_int(data, "age_years"),
            sex=Sex(data.get("sex", Sex.UNKNOWN.value)),
            height_cm=_optional_float(data, "height_cm"),
            weight_kg=_optional_float(data, "weight_kg"),
            activity=activity,
        ),
    )


def _hip(data: Mapping[str, Any]) -> Hip:
    radiographic_data = data.get("radiographic", {})
    radiographic = _build(
        "hip.radiographic",
        lambda: RadiographicMeasurements(
            lcea_deg=_optional_float(radiographic_data, "lcea_deg"),
            tonnis_grade=_optional_int(radiographic_data, "tonnis_grade"),
            joint_space_width_mm=_optional_float(radiographic_data, "joint_space_width_mm"),
            tonnis_angle_deg=_optional_float(radiographic_data, "tonnis_angle_deg"),
            alpha_angle_deg=_optional_float(radiographic_data, "alpha_angle_deg"),
        ),
    )
    acetabulum = data.get("acetabulum")
    orientation = (
        _build(
            "hip.acetabulum",
            lambda: AcetabularOrientation(
                inclination_deg=float(acetabulum["inclination_deg"]),
                anteversion_deg=float(acetabulum["anteversion_deg"]),
                measured=True,
            ),
        )
        if acetabulum is not None
        else AcetabularOrientation()
    )
    return _build(
        "hip",
        lambda: Hip(
            side=Side(data["side"]),
            femoral_head_diameter_mm=_optional_float(data, "femoral_head_diameter_mm"),
            radiographic=radiographic,
            instability=data.get("instability"),
            acetabulum=orientation,
        ),
    )


def _lesion(
    data: Mapping[str, Any], path: str, *, measured_default: MeasuredAt | None = None
) -> Lesion:
    grade = None
    if "grade" in data:
        grade = _build(
            f"{path}.grade",
            lambda: Grade(GradeSystem(data["grade"]["system"]), data["grade"]["value"]),
            {"label": "value"},
        )
    center = None
    if "center" in data:
        clock = _clock(data["center"]["clock"], f"{path}.center.clock")
        center = _build(
            f"{path}.center",
            lambda: LesionCenter(
                clock=clock, rim_distance_mm=float(data["center"]["rim_distance_mm"])
            ),
        )
    clock_range = rim_range = None
    if "clock" in data:
        start = _clock(data["clock"]["from"], f"{path}.clock.from")
        end = _clock(data["clock"]["to"], f"{path}.clock.to")
        clock_range = _build(f"{path}.clock", lambda: ClockRange(start, end))
        rim_range = _build(
            f"{path}.rim_distance_mm",
            lambda: RimDistanceRange(
                float(data["rim_distance_mm"]["from"]), float(data["rim_distance_mm"]["to"])
            ),
            {"start_mm": "from", "end_mm": "to"},
        )
    size = None
    if "size_mm" in data:
        size = _build(
            f"{path}.size_mm",
            lambda: LesionSize(float(data["size_mm"]["length"]), float(data["size_mm"]["width"])),
            {"length_mm": "length", "width_mm": "width"},
        )
    measured = data.get("measured")
    measured_at = measured_default if measured is None else MeasuredAt(measured)
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
            measured=measured_at,
        ),
    )


def _prom(data: Mapping[str, Any], path: str) -> PromResponse:
    day = _date(data["date"], f"{path}.date")
    response = _build(
        path,
        lambda: PromResponse(
            instrument=data["instrument"], date=day, answers=dict(data["answers"])
        ),
    )
    try:
        validate_response(response, path)
    except InputDataError as error:
        raise CaseFileError(error.problem, field=error.field or path) from error
    return response


def _plan(data: Mapping[str, Any]) -> PlanSettings:
    return _build(
        "plan",
        lambda: PlanSettings(
            lesion_id=data.get("lesion_id"),
            spacing_min_mm=_optional_float(data, "spacing_min_mm"),
            spacing_max_mm=_optional_float(data, "spacing_max_mm"),
            rim_inset_mm=_optional_float(data, "rim_inset_mm"),
            depth_mm=_optional_float(data, "depth_mm"),
            debridement_margin_mm=_optional_float(data, "debridement_margin_mm"),
            coverage_target_mm=_optional_float(data, "coverage_target_mm"),
        ),
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


def _checklist_entry(entry: Mapping[str, Any], path: str) -> ChecklistEntry:
    done_date = entry.get("date")
    when = None if done_date is None else _date(done_date, f"{path}.date")
    return _build(
        path,
        lambda: ChecklistEntry(
            state=ChecklistState(entry.get("state", ChecklistState.PENDING.value)),
            date=when,
            ordered=entry.get("ordered"),
            note=entry.get("note"),
        ),
    )


def _checklist(data: Mapping[str, Any]) -> dict[str, ChecklistEntry]:
    return {
        item_id: _checklist_entry(entry, f"checklist.{item_id}") for item_id, entry in data.items()
    }


def _medication(data: Mapping[str, Any], path: str) -> Medication:
    decision = data.get("surgeon_decision")
    surgeon_decision = None
    if decision is not None:
        decided_on = _date(decision["date"], f"{path}.surgeon_decision.date")
        surgeon_decision = _build(
            f"{path}.surgeon_decision",
            lambda: SurgeonDecision(
                surgeon=decision["surgeon"], date=decided_on, plan=decision["plan"]
            ),
        )
    stopped_on = data.get("stopped_on")
    stopped = None if stopped_on is None else _date(stopped_on, f"{path}.stopped_on")
    return _build(
        path,
        lambda: Medication(
            name=data["name"],
            category=MedicationCategory(data["category"]),
            stopped_on=stopped,
            surgeon_decision=surgeon_decision,
        ),
    )


def _medications(items: list[Mapping[str, Any]]) -> tuple[Medication, ...]:
    seen: dict[str, int] = {}
    for index, data in enumerate(items):
        key = data["name"].strip().lower()
        if key in seen:
            raise CaseFileError(
                f"{quote(data['name'])} is listed twice (also medications[{seen[key]}])",
                field=f"medications[{index}].name",
            )
        seen[key] = index
    return tuple(_medication(data, f"medications[{i}]") for i, data in enumerate(items))


def _allergies(data: Mapping[str, Any]) -> AllergyRecord:
    return _build(
        "allergies",
        lambda: AllergyRecord(
            medicines=tuple(data["medicines"]),
            anaesthesia=tuple(data["anaesthesia"]),
            latex=data["latex"],
        ),
    )


def _traction(data: Mapping[str, Any], path: str) -> TractionPeriod:
    if "force_kg" in data and "force_lb" in data:
        raise CaseFileError("give force_kg or force_lb, not both", field=f"{path}.force_lb")
    force_kg = _optional_float(data, "force_kg")
    force_key = "force_kg"
    if "force_lb" in data:
        force_kg = float(data["force_lb"]) / LB_PER_KG
        force_key = "force_lb"
    start = _time(data["start"], f"{path}.start")
    stop = _time(data["stop"], f"{path}.stop")
    return _build(
        path,
        lambda: TractionPeriod(start=start, stop=stop, force_kg=force_kg),
        {"force_kg": force_key},
    )


def _microfracture(data: Mapping[str, Any], path: str) -> MicrofractureRecord:
    positions = None
    if "hole_positions" in data:
        positions = tuple(
            (
                _clock(hole["clock"], f"{path}.hole_positions[{i}].clock").clock_deg,
                float(hole["rim_distance_mm"]),
            )
            for i, hole in enumerate(data["hole_positions"])
        )
    count = data.get("hole_count")
    if count is None:
        if positions is None:
            raise CaseFileError(
                "hole_count or hole_positions is required", field=f"{path}.hole_count"
            )
        count = len(positions)
    return _build(
        path,
        lambda: MicrofractureRecord(
            lesion_id=data["lesion_id"],
            hole_count=int(count),
            hole_positions=positions,
            calcified_layer_removed=data.get("calcified_layer_removed"),
            awl_angles_deg=tuple(float(a) for a in data.get("awl_angles_deg", ())),
            depth_mm=_optional_float(data, "depth_mm"),
            marrow_seen=data.get("marrow_seen"),
            debris_cleared=data.get("debris_cleared"),
        ),
    )


def _operative(data: Mapping[str, Any]) -> OperativeRecord:
    anaesthesia = data.get("anaesthesia")
    lesions = tuple(
        _lesion(item, f"operative.lesions[{i}]", measured_default=MeasuredAt.POST_DEBRIDEMENT)
        for i, item in enumerate(data.get("lesions", []))
    )
    traction = tuple(
        _traction(item, f"operative.traction[{i}]")
        for i, item in enumerate(data.get("traction", []))
    )
    microfracture = tuple(
        _microfracture(item, f"operative.microfracture[{i}]")
        for i, item in enumerate(data.get("microfracture", []))
    )
    complications = data.get("complications")
    day = _date(data["date"], "operative.date")
    return _build(
        "operative",
        lambda: OperativeRecord(
            date=day,
            side=Side(data["side"]),
            surgeon=data["surgeon"],
            anaesthesia=None
            if anaesthesia is None
            else AnaesthesiaRecord(
                type=AnaesthesiaType(anaesthesia["type"]),
                block=RegionalBlock(anaesthesia.get("block", RegionalBlock.NONE.value)),
            ),
            traction=traction,
            distraction_mm=_optional_float(data, "distraction_mm"),
            portals=tuple(Portal(p) for p in data.get("portals", [])),
            lesions=lesions,
            other_findings=data.get("other_findings"),
            microfracture=microfracture,
            concomitant=tuple(ConcomitantProcedure(c) for c in data.get("concomitant", [])),
            complications=None if complications is None else tuple(complications),
        ),
        {"traction": "", "lesions": "", "microfracture": ""},
    )


def _rts_assessment(item: Mapping[str, Any], path: str) -> RtsAssessment:
    day = _date(item["date"], f"{path}.date")
    return _build(
        path,
        lambda: RtsAssessment(
            date=day, results=dict(item["results"]), assessor=item.get("assessor")
        ),
    )


def _return_to_sport(data: Mapping[str, Any]) -> ReturnToSportRecord:
    assessments = [
        _rts_assessment(item, f"return_to_sport.assessments[{index}]")
        for index, item in enumerate(data.get("assessments", []))
    ]
    approval_data = data.get("approval")
    approval = None
    if approval_data is not None:
        day = _date(approval_data["date"], "return_to_sport.approval.date")
        approval = _build(
            "return_to_sport.approval",
            lambda: SurgeonApproval(surgeon=approval_data["surgeon"], date=day),
        )
    return ReturnToSportRecord(assessments=tuple(assessments), approval=approval)


_RECORD_FOR_ITEM = {"medication_review": "medications", "allergies": "allergies"}


def _check_checklist_records(document: Mapping[str, Any]) -> None:
    """A review marked done needs its record in the file (an empty list of medicines is one)."""
    checklist = document.get("checklist", {})
    for item_id, record in _RECORD_FOR_ITEM.items():
        entry = checklist.get(item_id, {})
        if entry.get("state") == ChecklistState.DONE.value and record not in document:
            raise CaseFileError(
                f"is done, but the file has no {record} section (write {record}: [] for none)"
                if record == "medications"
                else f"is done, but the file has no {record} section",
                field=f"checklist.{item_id}.state",
            )


def parse_case(document: Any) -> Case:
    """Validate a parsed document and build the ``Case``; raises ``CaseFileError``.

    ``document`` may come from ``chondral.io.documents`` or be built in memory: the document
    rules (finite numbers, text keys, size limits) are applied either way."""
    try:
        check_document(document)
    except InputDataError as error:
        raise CaseFileError(error.problem, field=error.field) from error
    problem = first_error(_validator(), document)
    if problem is not None:
        field, text = problem
        raise CaseFileError(text, field=field)
    patient = _patient(document["patient"])
    hip = _hip(document["hip"])
    lesions = tuple(
        _lesion(item, f"lesions[{i}]") for i, item in enumerate(document.get("lesions", []))
    )
    proms = tuple(_prom(item, f"proms[{i}]") for i, item in enumerate(document.get("proms", [])))
    surgery_date = document.get("surgery_date")
    surgery = None if surgery_date is None else _date(surgery_date, "surgery_date")
    plan = _plan(document.get("plan", {}))
    imaging = _imaging(document.get("imaging", {}))
    _check_checklist_records(document)
    checklist = _checklist(document.get("checklist", {}))
    medications = None if "medications" not in document else _medications(document["medications"])
    allergies = None if "allergies" not in document else _allergies(document["allergies"])
    operative = None if "operative" not in document else _operative(document["operative"])
    rts = (
        None if "return_to_sport" not in document else _return_to_sport(document["return_to_sport"])
    )
    return _build(
        "",
        lambda: Case(
            case_id=document["case_id"],
            patient=patient,
            hip=hip,
            lesions=lesions,
            rehab_commitment=document.get("rehab_commitment"),
            surgery_date=surgery,
            proms=proms,
            plan=plan,
            imaging=imaging,
            checklist=checklist,
            medications=medications,
            allergies=allergies,
            operative=operative,
            return_to_sport=rts,
        ),
    )


def parse_case_text(text: str, *, kind: str = "yaml", name: str = "case") -> Case:
    """Parse case-file text (``kind`` ``yaml`` or ``json``)."""
    try:
        document = parse_document_text(text, kind=kind, name=name)
    except CaseFileError:
        raise
    except InputDataError as error:
        raise CaseFileError(error.problem, field=error.field) from error
    return parse_case(document)


def read_case_file(path: Path | str) -> tuple[Case, bytes]:
    """Read and validate a case file, and return the bytes it was parsed from (read once, so a
    digest of them is the digest of what was validated).

    The file is refused before it is read when it is not a regular file or is larger than
    ``chondral.io.documents.MAX_DOCUMENT_BYTES``; the path is named in errors about the file."""
    path = Path(path)
    try:
        kind = document_kind(path)
        data = read_document_bytes(path)
        text = decode_document(data, name=str(path))
        document = parse_document_text(text, kind=kind, name=str(path))
    except InputDataError as error:
        raise CaseFileError(error.problem, field=error.field) from error
    return parse_case(document), data


def load_case(path: Path | str) -> Case:
    """Read and validate a case file (see ``read_case_file``)."""
    return read_case_file(path)[0]
