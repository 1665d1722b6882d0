"""The JSON Schema of ``chondral.case/1`` case files (published by ``chondral schema case``).

The schema is the single description of the file's structure and types; the reader validates
every document against it before building domain objects, and the domain objects check their
own cross-field invariants. The numeric ranges are the plausibility limits of
``chondral.domain.limits`` (one place for both): values outside them are refused, never clamped.
Every number has an upper bound, every list a longest length and every text a longest length.
Units are in every field name.
"""

from __future__ import annotations

import copy
from typing import Any

from chondral.domain import (
    CASE_SCHEMA_ID,
    CLOCK_LABEL_PATTERN,
    GRADE_LABELS,
    AnaesthesiaType,
    ChecklistState,
    ConcomitantProcedure,
    GradeSystem,
    MeasuredAt,
    MedicationCategory,
    Portal,
    RegionalBlock,
    Sex,
    Side,
    Surface,
    limits,
)
from chondral.domain.clock import ClockReference
from chondral.domain.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARS, Range
from chondral.pathway import CriterionTest, Requirement, checklist_template, default_rts_criteria

__all__ = ["DATE_PATTERN", "TIME_PATTERN", "case_schema"]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
_PATH_CHARS = 4096
"""The longest path accepted (Linux PATH_MAX)."""
_CODE_CHARS = 64
"""Design choice: the longest instrument, item or answer code (the real ones have at most 20)."""
_CLOCK_MESSAGE = "must be a clock time h:mm from 1:00 to 12:59 (12:00 superior, 3:00 anterior)"
_DATE_MESSAGE = "must be a date YYYY-MM-DD"


def _plain(value: float) -> float | int:
    """``50.0`` -> ``50`` (as published and as shown in messages)."""
    return int(value) if float(value).is_integer() else value


def _range(limits_: Range, description: str) -> dict[str, Any]:
    """The schema of a number in a plausibility range of ``chondral.domain.limits``."""
    low_key = "exclusiveMinimum" if limits_.low_open else "minimum"
    return {
        "type": "integer" if limits_.whole else "number",
        low_key: _plain(limits_.low),
        "maximum": _plain(limits_.high),
        "description": description,
    }


def _array(items: dict[str, Any], description: str | None = None, **extra: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "array", "items": items, "maxItems": MAX_LIST_ITEMS, **extra}
    if description is not None:
        node["description"] = description
    return node


def _object(
    properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        node["required"] = list(required)
    node.update(extra)
    return node


def _enum(values: list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": values, "description": description}


_CLOCK = {
    "type": "string",
    "pattern": CLOCK_LABEL_PATTERN,
    "description": "Clock-face time h:mm, same for both sides: 12:00 superior, 3:00 anterior, 6:00 at the notch.",
    "x-messages": {"pattern": _CLOCK_MESSAGE},
}
_DATE = {
    "type": "string",
    "pattern": DATE_PATTERN,
    "description": "ISO 8601 calendar date, from"
    f" {limits.EARLIEST_DATE.isoformat()} to {limits.LATEST_DATE.isoformat()}.",
    "x-messages": {"pattern": _DATE_MESSAGE},
}
_TIME = {
    "type": "string",
    "pattern": TIME_PATTERN,
    "description": "Time of day HH:MM on the 24-hour clock.",
    "x-messages": {"pattern": "must be a time HH:MM on the 24-hour clock"},
}
_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}
_RIM_DISTANCE_MM = _range(
    limits.RIM_DISTANCE_MM,
    "Distance along the surface from the acetabular rim toward the fossa, mm.",
)

_GRADE = _object(
    {
        "system": _enum([s.value for s in GradeSystem], "Grading system."),
        "value": {
            "type": "string",
            "minLength": 1,
            "description": "Grade label as recorded. "
            + "; ".join(f"{s.value}: {', '.join(labels)}" for s, labels in GRADE_LABELS.items()),
        },
    },
    ("system", "value"),
)

_LESION_PROPERTIES: dict[str, Any] = {
    "id": {
        "type": "string",
        "minLength": 1,
        "maxLength": 32,
        "description": "Lesion id, unique in the case.",
    },
    "surface": _enum([s.value for s in Surface], "Joint surface."),
    "center": _object(
        {"clock": _CLOCK, "rim_distance_mm": _RIM_DISTANCE_MM},
        ("clock", "rim_distance_mm"),
        description="Centre of the lesion.",
    ),
    "clock": _object(
        {"from": _CLOCK, "to": _CLOCK},
        ("from", "to"),
        description="Clock extent, from -> to in the direction of increasing clock time.",
    ),
    "rim_distance_mm": _object(
        {"from": _RIM_DISTANCE_MM, "to": _RIM_DISTANCE_MM},
        ("from", "to"),
        description="Radial extent from the rim toward the fossa, mm.",
    ),
    "size_mm": _object(
        {
            "length": _range(limits.LESION_SIDE_MM, "Length along the rim, mm."),
            "width": _range(limits.LESION_SIDE_MM, "Width toward the fossa, mm."),
        },
        ("length", "width"),
        description="Probe-measured size; area = pi/4 x length x width.",
    ),
    "area_mm2": _range(limits.LESION_AREA_MM2, "Lesion area, mm2."),
    "grade": _GRADE,
    "contained": {
        "type": "boolean",
        "description": "Surrounded by a stable rim of healthy cartilage.",
    },
    "measured": _enum([m.value for m in MeasuredAt], "When the size was measured."),
    "clock_reference": _enum(
        [r.value for r in ClockReference],
        "Landmark used to set the clock face (default geometric).",
    ),
}
_LESION = _object(
    _LESION_PROPERTIES,
    ("id", "surface"),
    dependentRequired={"clock": ["rim_distance_mm"], "rim_distance_mm": ["clock"]},
)
_OPERATIVE_LESION = _object(
    {key: value for key, value in _LESION_PROPERTIES.items() if key != "measured"},
    ("id", "surface"),
    dependentRequired={"clock": ["rim_distance_mm"], "rim_distance_mm": ["clock"]},
    description="A chondral lesion found at arthroscopy, sized after debridement.",
)

_PROM = _object(
    {
        "instrument": {
            "type": "string",
            "minLength": 1,
            "maxLength": _CODE_CHARS,
            "description": "Instrument code, e.g. mhhs, hos_adl.",
        },
        "date": _DATE,
        "answers": {
            "type": "object",
            "maxProperties": MAX_LIST_ITEMS,
            "propertyNames": {"maxLength": _CODE_CHARS},
            "additionalProperties": {
                "type": ["string", "number", "null"],
                "maxLength": _CODE_CHARS,
            },
            "description": "Item code -> answer code or number (checked against the"
            " instrument's definition).",
        },
    },
    ("instrument", "date", "answers"),
)

_MESH = _object(
    {
        "path": {
            "type": "string",
            "minLength": 1,
            "maxLength": _PATH_CHARS,
            "description": "Mesh file (STL/PLY/OBJ), relative to the case file's folder.",
        },
        "units": _enum(["mm", "cm", "m"], "Length unit the mesh is stored in (never guessed)."),
    },
    ("path", "units"),
    description="A surface mesh in the LPS patient frame.",
)

_PLAN = _object(
    {
        "lesion_id": {**_TEXT, "description": "Lesion to plan."},
        "spacing_min_mm": _range(
            limits.PLAN_SPACING_MM,
            "Smallest centre-to-centre hole spacing along the surface, mm (default 3).",
        ),
        "spacing_max_mm": _range(
            limits.PLAN_SPACING_MM,
            "Largest nearest-neighbour spacing along the surface, mm (default 4).",
        ),
        "rim_inset_mm": _range(
            limits.PLAN_RIM_INSET_MM,
            "Inset of the peripheral ring from the vertical wall, mm (default 1.5).",
        ),
        "depth_mm": _range(limits.PLAN_DEPTH_MM, "Hole depth, mm (default 3)."),
        "debridement_margin_mm": _range(
            limits.DEBRIDEMENT_MARGIN_MM,
            "Growth of a pre-debridement lesion to stable walls, mm (default 1).",
        ),
        "coverage_target_mm": _range(
            limits.PLAN_COVERAGE_TARGET_MM,
            "Largest allowed distance from any point to a hole, mm (default 2.5).",
        ),
    },
    description="Hole-layout settings; missing ones take the planner's defaults.",
)

_IMAGING = _object(
    {
        "femur_mesh": _MESH,
        "femoral_cartilage_mesh": _MESH,
        "acetabular_cartilage_mesh": _MESH,
    },
    description="The patient's own imaging; without it the template hip is used.",
)


def _checklist() -> dict[str, Any]:
    items: dict[str, Any] = {}
    for item in checklist_template():
        properties: dict[str, Any] = {
            "state": _enum([x.value for x in ChecklistState], "pending (default) or done."),
            "date": {**_DATE, "description": "When it was done."},
            "note": _TEXT,
        }
        if item.required is Requirement.WHEN_ORDERED:
            properties["ordered"] = {
                "type": "boolean",
                "description": "Whether it was ordered (required only when ordered).",
            }
        items[item.id] = _object(properties, description=item.title)
    return _object(items, description="State of the pre-operative checklist items.")


_SURGEON_DECISION = _object(
    {
        "surgeon": {**_TEXT, "description": "Surgeon's name."},
        "date": _DATE,
        "plan": {**_TEXT, "description": "What was decided (continue, stop on a date, bridge)."},
    },
    ("surgeon", "date", "plan"),
    description="A surgeon's decision replacing the policy stop date.",
)

_MEDICATION = _object(
    {
        "name": {**_TEXT, "description": "Medicine (generic name)."},
        "category": _enum([c.value for c in MedicationCategory], "Why it matters."),
        "stopped_on": {**_DATE, "description": "First day without it."},
        "surgeon_decision": _SURGEON_DECISION,
    },
    ("name", "category"),
)

_ALLERGIES = _object(
    {
        "medicines": _array(_TEXT, "[] = none known."),
        "anaesthesia": _array(_TEXT, "[] = none known."),
        "latex": {"type": "boolean"},
    },
    ("medicines", "anaesthesia", "latex"),
    description="Allergies asked about before surgery.",
)

_MICROFRACTURE = _object(
    {
        "lesion_id": {**_TEXT, "description": "Id of a lesion in operative.lesions."},
        "hole_count": _range(limits.HOLE_COUNT, "Holes made."),
        "hole_positions": _array(
            _object(
                {"clock": _CLOCK, "rim_distance_mm": _RIM_DISTANCE_MM},
                ("clock", "rim_distance_mm"),
            ),
            "Position of each hole made (then hole_count may be left out).",
            minItems=1,
        ),
        "calcified_layer_removed": {"type": "boolean"},
        "awl_angles_deg": _array(
            _range(limits.AWL_ANGLE_DEG, "Awl tip angle, deg."), "Awl tip angles used, deg."
        ),
        "depth_mm": _range(limits.HOLE_DEPTH_MM, "Hole depth, mm."),
        "marrow_seen": {
            "type": "boolean",
            "description": "Blood and fat seen from the holes after lowering pump pressure.",
        },
        "debris_cleared": {"type": "boolean"},
    },
    ("lesion_id",),
)

_OPERATIVE = _object(
    {
        "date": _DATE,
        "side": _enum([s.value for s in Side], "Operated side (must match hip.side)."),
        "surgeon": {**_TEXT, "description": "Operating surgeon."},
        "anaesthesia": _object(
            {
                "type": _enum([a.value for a in AnaesthesiaType], "Anaesthetic."),
                "block": _enum([b.value for b in RegionalBlock], "Regional block."),
            },
            ("type",),
        ),
        "traction": _array(
            _object(
                {
                    "start": _TIME,
                    "stop": _TIME,
                    "force_kg": _range(limits.TRACTION_FORCE_KG, "Force, kgf, if measured."),
                    "force_lb": _range(limits.TRACTION_FORCE_LB, "Force, lbf, if measured."),
                },
                ("start", "stop"),
            ),
            "Continuous traction periods.",
        ),
        "distraction_mm": _range(limits.DISTRACTION_MM, "Distraction achieved, mm."),
        "portals": _array(_enum([p.value for p in Portal], "Portal."), uniqueItems=True),
        "lesions": _array(_OPERATIVE_LESION),
        "other_findings": _TEXT,
        "microfracture": _array(_MICROFRACTURE),
        "concomitant": _array(
            _enum([c.value for c in ConcomitantProcedure], "Procedure."), uniqueItems=True
        ),
        "complications": _array(_TEXT, "[] = none."),
    },
    ("date", "side", "surgeon"),
    description="The operative record.",
)


def _rts_result(test: CriterionTest, unit: str | None, title: str) -> dict[str, Any]:
    if test is CriterionTest.PASS:
        return {"type": "boolean", "description": f"{title}: passed?"}
    bounds = limits.RTS_RESULT_BY_UNIT.get(unit or "", limits.RTS_RESULT_ANY)
    return _range(bounds, f"{title}" + (f", {unit}" if unit else "") + ".")


def _return_to_sport() -> dict[str, Any]:
    results = {
        criterion.id: _rts_result(criterion.test, criterion.unit, criterion.title)
        for criterion in default_rts_criteria()
        if criterion.prom is None
    }
    assessment = _object(
        {
            "date": _DATE,
            "assessor": _TEXT,
            "results": _object(results, minProperties=1, description="Criterion -> result."),
        },
        ("date", "results"),
    )
    approval = _object(
        {"surgeon": {**_TEXT, "description": "Surgeon's name."}, "date": _DATE},
        ("surgeon", "date"),
        description="The surgeon's approval to return to sport.",
    )
    return _object(
        {"assessments": _array(assessment), "approval": approval},
        description="Return-to-sport test results (IJSPT 2022) and the surgeon's approval.",
    )


_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://chondral.invalid/schema/case-1.json",
    "title": "chondral case file",
    "description": "One hip of one patient through hip microfracture. Lengths mm, angles deg.",
    **_object(
        {
            "schema": {"const": CASE_SCHEMA_ID},
            "case_id": {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                "description": "Pseudonymous case key (no names or hospital numbers).",
                "x-messages": {"pattern": "must be 1-64 letters, digits, '.', '_' or '-'"},
            },
            "patient": _object(
                {
                    "age_years": _range(limits.AGE_YEARS, "Age in whole years."),
                    "sex": _enum([s.value for s in Sex], "Sex."),
                    "height_cm": _range(limits.HEIGHT_CM, "Height, cm."),
                    "weight_kg": _range(
                        limits.WEIGHT_KG,
                        "Weight, kg (with the height, a body-mass index of"
                        f" {_plain(limits.BMI_KG_M2.low)}-{_plain(limits.BMI_KG_M2.high)}).",
                    ),
                    "activity": _object(
                        {
                            "tegner": _range(limits.TEGNER, "Tegner activity level 0-10."),
                            "ucla": _range(limits.UCLA, "UCLA activity score 1-10."),
                            "sport": {
                                "type": "string",
                                "maxLength": MAX_TEXT_CHARS,
                                "description": "Main sport.",
                            },
                        }
                    ),
                }
            ),
            "hip": _object(
                {
                    "side": _enum([s.value for s in Side], "Operated side."),
                    "femoral_head_diameter_mm": _range(
                        limits.FEMORAL_HEAD_DIAMETER_MM, "Femoral head diameter, mm."
                    ),
                    "radiographic": _object(
                        {
                            "lcea_deg": _range(
                                limits.LCEA_DEG,
                                "Lateral centre-edge angle (Wiberg), deg; negative in severe"
                                " dysplasia.",
                            ),
                            "tonnis_grade": _range(
                                limits.TONNIS_GRADE, "Tönnis osteoarthritis grade 0-3."
                            ),
                            "joint_space_width_mm": _range(
                                limits.JOINT_SPACE_WIDTH_MM, "Minimum joint space width, mm."
                            ),
                            "tonnis_angle_deg": _range(
                                limits.TONNIS_ANGLE_DEG, "Tönnis angle (acetabular index), deg."
                            ),
                            "alpha_angle_deg": _range(limits.ALPHA_ANGLE_DEG, "Alpha angle, deg."),
                        }
                    ),
                    "instability": {"type": "boolean", "description": "Clinical instability."},
                    "acetabulum": _object(
                        {
                            "inclination_deg": _range(
                                limits.INCLINATION_DEG,
                                "Radiographic inclination, deg (template 45).",
                            ),
                            "anteversion_deg": _range(
                                limits.ANTEVERSION_DEG,
                                "Radiographic anteversion, deg (template 20).",
                            ),
                        },
                        ("inclination_deg", "anteversion_deg"),
                    ),
                },
                ("side",),
            ),
            "lesions": _array(_LESION),
            "rehab_commitment": {
                "type": "boolean",
                "description": "Willing and able to follow the rehabilitation.",
            },
            "surgery_date": _DATE,
            "proms": _array(_PROM),
            "plan": _PLAN,
            "imaging": _IMAGING,
            "checklist": _checklist(),
            "medications": _array(
                _MEDICATION, "Medicines taken ([] = none); the medication review."
            ),
            "allergies": _ALLERGIES,
            "operative": _OPERATIVE,
            "return_to_sport": _return_to_sport(),
        },
        ("schema", "case_id", "patient", "hip"),
    ),
}


def case_schema() -> dict[str, Any]:
    """A fresh copy of the case-file JSON Schema (draft 2020-12)."""
    return copy.deepcopy(_SCHEMA)
