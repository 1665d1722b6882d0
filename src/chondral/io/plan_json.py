"""plan.json (``chondral.plan/1``): the one serialiser of a hole plan, its JSON Schema and its
provenance.

Frame
-----
plan.json is in the hip frame (origin at the femoral head centre), mm, exactly as product.md
section 5 describes. ``frame.patient_from_hip_mm`` is the head centre in the patient's LPS frame
(the translation of ``HolePlan.patient_from_hip``), or ``null`` for the template hip. When the hip
frame's axes are parallel to LPS (every plan made so far: the template, and meshes placed by their
head centre), ``frame.axes`` is ``"LPS"`` and a patient position is ``position_mm +
patient_from_hip_mm``. A hip frame that is rotated from LPS (a CT hip frame) cannot be told by that
translation alone: its ``frame.axes`` is ``"rotated"`` and ``frame.patient_from_hip_matrix`` holds
the whole 4 x 4 transform (rows; patient = matrix @ [position, 1]). Readers of the published form
that only know ``"LPS"`` therefore refuse such a plan instead of misplacing it.

Rounding (markups are written at full double precision, STL at float32 as the format requires)
- positions, the wall outline and every length in mm: 3 decimals (1 micrometre);
- unit normals and the rotation part of ``patient_from_hip_matrix``: 6 decimals;
- areas (mm2) and hole density (per cm2): 3 decimals;
- ``parameters`` are written as given, not rounded.

``warnings`` are the plan's findings in their shared JSON form (``finding_to_dict``): the
published ``rule_id``, ``message`` and ``source``, plus ``version``, ``kind``, ``severity`` and
``evidence``.

Every number must be finite: a NaN or infinity anywhere in the plan is refused with a
``GeometryError`` that names the field (JSON has no NaN). ``write_plan_json`` also validates the
document against ``plan_schema()`` before writing, so no invalid plan.json ever reaches a disk.

References
----------
- product.md section 4 (LPS, hip frame, clock face, laterality) and section 5 (plan.json keys).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import numpy as np
from numpy.typing import NDArray

from chondral import __version__
from chondral.domain import (
    CLOCK_LABEL_PATTERN,
    MeasuredAt,
    RuleKind,
    Severity,
    Side,
    Surface,
)
from chondral.errors import GeometryError, InvalidValueError, quote
from chondral.io.digest import hash_content
from chondral.io.finding_json import finding_to_dict
from chondral.io.json_files import dumps_json, write_json
from chondral.planning.parameters import DEPTH_MAX_MM, DEPTH_MIN_MM, PlanParameters
from chondral.planning.plan import HolePlan, Ring, SurfaceModelKind

__all__ = [
    "PLAN_SCHEMA_ID",
    "PlanProvenance",
    "check_hole_orders",
    "hash_content",
    "plan_schema",
    "plan_to_dict",
    "write_plan_json",
]

PLAN_SCHEMA_ID = "chondral.plan/1"
"""The ``schema`` value of every plan.json this module writes."""

_POSITION_DECIMALS = 3
_NORMAL_DECIMALS = 6
_AREA_DECIMALS = 3
_HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
_UTC_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"
_CASE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

FloatArray = NDArray[np.float64]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class PlanProvenance:
    """Where a plan came from: software version, UTC creation time, hashes of its inputs.

    ``created_at`` is ISO 8601 in UTC with a ``Z`` suffix (``2024-03-01T09:30:00Z``);
    ``input_hashes`` maps an input's name (``case``, ``femur_mesh`` ...) to
    ``"sha256:<64 hex digits>"`` (see ``hash_content``).
    """

    software_version: str
    created_at: str
    input_hashes: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.software_version.strip():
            raise InvalidValueError("must not be empty", field="software_version")
        if not re.match(_UTC_PATTERN, self.created_at):
            raise InvalidValueError(
                f"must be ISO 8601 UTC like 2024-03-01T09:30:00Z, got {quote(self.created_at)}",
                field="created_at",
            )
        try:  # a real date and time, not just the shape
            dt.datetime.fromisoformat(self.created_at)
        except ValueError as error:
            raise InvalidValueError(
                f"{quote(self.created_at)} is not a date and time", field="created_at"
            ) from error
        for name, digest in self.input_hashes.items():
            if not name:
                raise InvalidValueError("input hash names must not be empty", field="input_hashes")
            if not re.match(_HASH_PATTERN, digest):
                raise InvalidValueError(
                    f"must be 'sha256:<64 hex>', got {quote(digest)}",
                    field=f"input_hashes.{name}",
                )
        frozen = MappingProxyType(dict(sorted(self.input_hashes.items())))
        object.__setattr__(self, "input_hashes", frozen)

    @classmethod
    def create(
        cls,
        *,
        created_at: dt.datetime,
        inputs: Mapping[str, bytes] | None = None,
        input_hashes: Mapping[str, str] | None = None,
        software_version: str = __version__,
    ) -> PlanProvenance:
        """Provenance from a timezone-aware time (converted to UTC), the raw bytes of inputs
        (``inputs``, hashed here) and the hashes of inputs already digested
        (``input_hashes``, ``"sha256:<hex>"``)."""
        if created_at.tzinfo is None or created_at.utcoffset() is None:
            raise InvalidValueError(
                "must be timezone-aware (a naive time has no UTC)", field="created_at"
            )
        utc = created_at.astimezone(dt.UTC).replace(microsecond=0)
        hashes = dict(input_hashes or {})
        hashes.update({name: hash_content(data) for name, data in (inputs or {}).items()})
        return cls(
            software_version=software_version,
            created_at=utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            input_hashes=hashes,
        )


# --------------------------------------------------------------------------------------------
# plan.json


def _number(value: float, field: str, decimals: int | None = None) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise GeometryError(f"{field}: {number} is not a finite number; the plan cannot be saved")
    if decimals is not None:
        number = round(number, decimals)
    return number + 0.0  # -0.0 -> 0.0


def _optional_number(value: float | None, field: str, decimals: int) -> float | None:
    return None if value is None else _number(value, field, decimals)


def _vector(values: Sequence[float] | FloatArray, field: str, decimals: int) -> list[float]:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.shape != (3,):
        raise GeometryError(f"{field}: expected 3 coordinates, got {array.shape[0]}")
    return [_number(v, f"{field}[{i}]", decimals) for i, v in enumerate(array)]


def check_hole_orders(plan: HolePlan) -> None:
    """Refuse (``GeometryError``) making orders that are not 1..n, repeated hole ids, or a hole
    count that is not the number of holes: every export lists the holes in making order."""
    orders = sorted(hole.order for hole in plan.holes)
    if orders != list(range(1, len(orders) + 1)):
        raise GeometryError(
            f"holes: making orders must be 1..{len(orders)} without gaps or repeats, got {orders}"
        )
    ids = [hole.id for hole in plan.holes]
    if len(set(ids)) != len(ids):
        raise GeometryError("holes: hole ids must be unique")
    if plan.metrics.hole_count != len(plan.holes):
        raise GeometryError(
            f"metrics.hole_count: {plan.metrics.hole_count} but the plan has"
            f" {len(plan.holes)} holes"
        )


def _holes(plan: HolePlan) -> list[dict[str, Any]]:
    check_hole_orders(plan)
    rows = []
    for hole in sorted(plan.holes, key=lambda h: h.order):
        field = f"holes[{hole.order - 1}]"
        rows.append(
            {
                "id": hole.id,
                "order": int(hole.order),
                "position_mm": _vector(
                    hole.position_mm, f"{field}.position_mm", _POSITION_DECIMALS
                ),
                "normal": _vector(hole.normal, f"{field}.normal", _NORMAL_DECIMALS),
                "ring": Ring(hole.ring).value,
                "depth_mm": _number(hole.depth_mm, f"{field}.depth_mm", _POSITION_DECIMALS),
                "clock": hole.clock,
                "rim_distance_mm": _number(
                    hole.rim_distance_mm, f"{field}.rim_distance_mm", _POSITION_DECIMALS
                ),
                "access": None,
            }
        )
    return rows


def _lesion(plan: HolePlan) -> dict[str, Any]:
    region = plan.region
    boundary = np.asarray(region.boundary_mm, dtype=np.float64)
    if boundary.ndim != 2 or boundary.shape[1] != 3 or boundary.shape[0] < 3:
        raise GeometryError(
            f"lesion.boundary_mm: the wall outline needs at least 3 points (n, 3), got"
            f" shape {boundary.shape}"
        )
    return {
        "id": region.lesion_id,
        "area_mm2": _number(region.area_mm2, "lesion.area_mm2", _AREA_DECIMALS),
        "boundary_mm": [
            _vector(point, f"lesion.boundary_mm[{i}]", _POSITION_DECIMALS)
            for i, point in enumerate(boundary)
        ],
        "recorded_area_mm2": _optional_number(
            region.recorded_area_mm2, "lesion.recorded_area_mm2", _AREA_DECIMALS
        ),
        "measured": None if region.measured is None else MeasuredAt(region.measured).value,
        "debridement_margin_mm": _number(
            region.margin_mm, "lesion.debridement_margin_mm", _POSITION_DECIMALS
        ),
    }


def _metrics(plan: HolePlan) -> dict[str, Any]:
    metrics = plan.metrics
    p = _POSITION_DECIMALS
    return {
        "hole_count": int(metrics.hole_count),
        "nearest_neighbour_mm": {
            "min": _optional_number(metrics.nearest_neighbour_min_mm, "metrics.nn.min", p),
            "median": _optional_number(metrics.nearest_neighbour_median_mm, "metrics.nn.median", p),
            "max": _optional_number(metrics.nearest_neighbour_max_mm, "metrics.nn.max", p),
        },
        "coverage_radius_mm": _number(metrics.coverage_radius_mm, "metrics.coverage_radius_mm", p),
        "holes_per_cm2": _number(metrics.holes_per_cm2, "metrics.holes_per_cm2", _AREA_DECIMALS),
        "min_rim_clearance_mm": _number(
            metrics.min_rim_clearance_mm, "metrics.min_rim_clearance_mm", p
        ),
        "region_area_mm2": _number(
            metrics.region_area_mm2, "metrics.region_area_mm2", _AREA_DECIMALS
        ),
    }


def _parameters(parameters: PlanParameters) -> dict[str, float]:
    return {
        field.name: _number(getattr(parameters, field.name), f"parameters.{field.name}")
        for field in dataclasses.fields(parameters)
    }


def _provenance(provenance: PlanProvenance) -> dict[str, Any]:
    return {
        "software_version": provenance.software_version,
        "created_at": provenance.created_at,
        "input_hashes": dict(provenance.input_hashes),
    }


def _frame(plan: HolePlan) -> dict[str, Any]:
    frame: dict[str, Any] = {
        "name": "hip",
        "axes": "LPS" if plan.axes_are_lps else "rotated",
        "origin": "femoral_head_center",
        "patient_from_hip_mm": None,
    }
    transform = plan.patient_from_hip
    if transform is None:
        return frame
    frame["patient_from_hip_mm"] = _vector(
        transform.translation_mm, "frame.patient_from_hip_mm", _POSITION_DECIMALS
    )
    if not plan.axes_are_lps:
        matrix = np.asarray(transform.matrix, dtype=np.float64)
        frame["patient_from_hip_matrix"] = [
            [
                _number(
                    value,
                    f"frame.patient_from_hip_matrix[{row}][{column}]",
                    _POSITION_DECIMALS if column == 3 else _NORMAL_DECIMALS,
                )
                for column, value in enumerate(matrix[row])
            ]
            for row in range(4)
        ]
    return frame


def plan_to_dict(plan: HolePlan, provenance: PlanProvenance) -> dict[str, Any]:
    """The plan as one JSON-serialisable ``chondral.plan/1`` object (product.md section 5).

    Holes are listed in making order. Raises ``GeometryError`` naming the field for a
    non-finite number, a wall outline of fewer than 3 points, or making orders that are not
    1..n.
    """
    model = plan.surface_model
    return {
        "schema": PLAN_SCHEMA_ID,
        "case_id": plan.case_id,
        "side": Side(plan.side).value,
        "surface": Surface(plan.surface).value,
        "frame": _frame(plan),
        "surface_model": {
            "kind": SurfaceModelKind(model.kind).value,
            "radius_mm": _number(model.radius_mm, "surface_model.radius_mm", _POSITION_DECIMALS),
            "source": model.source,
        },
        "parameters": _parameters(plan.parameters),
        "lesion": _lesion(plan),
        "holes": _holes(plan),
        "metrics": _metrics(plan),
        "warnings": [finding_to_dict(finding) for finding in plan.warnings],
        "provenance": _provenance(provenance),
    }


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    node: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": list(properties),
    }
    if description:
        node["description"] = description
    return node


def _vec3(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "number"},
        "minItems": 3,
        "maxItems": 3,
        "description": description,
    }


def _length(description: str, **bounds: float) -> dict[str, Any]:
    return {"type": "number", **bounds, "description": description}


def _nullable_length(description: str) -> dict[str, Any]:
    return {"type": ["number", "null"], "minimum": 0, "description": description}


def _parameters_schema() -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(PlanParameters)]
    return _object(
        {name: {"type": "number", "description": f"{name} (lengths mm)"} for name in names},
        "Layout parameters (PlanParameters); lengths along the surface, mm.",
    )


_HOLE = _object(
    {
        "id": {"type": "string", "minLength": 1},
        "order": {"type": "integer", "minimum": 1, "description": "Making order, 1 first."},
        "position_mm": _vec3("Hole centre on the subchondral bone, hip frame, mm."),
        "normal": _vec3("Unit surface normal out of the bone; the awl advances along -normal."),
        "ring": {"type": "string", "enum": [r.value for r in Ring]},
        "depth_mm": _length("Depth along -normal, mm.", minimum=DEPTH_MIN_MM, maximum=DEPTH_MAX_MM),
        "clock": {
            "type": "string",
            "pattern": CLOCK_LABEL_PATTERN,
            "description": "Clock face h:mm (12:00 superior, 3:00 anterior, both sides).",
        },
        "rim_distance_mm": _length("Geodesic distance from the acetabular rim, mm."),
        "access": {
            "type": ["object", "null"],
            "description": "Portal and awl angle that reach the hole; null until access is checked.",
        },
    }
)

_MATRIX_ROW = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}

_FRAME: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"const": "hip"},
        "axes": {
            "enum": ["LPS", "rotated"],
            "description": "LPS: hip axes parallel to LPS (patient = position +"
            " patient_from_hip_mm); rotated: use patient_from_hip_matrix.",
        },
        "origin": {"const": "femoral_head_center"},
        "patient_from_hip_mm": {
            "oneOf": [
                _vec3("Femoral head centre in the patient LPS frame, mm."),
                {"type": "null", "description": "Template hip: no patient frame."},
            ]
        },
        "patient_from_hip_matrix": {
            "type": "array",
            "items": _MATRIX_ROW,
            "minItems": 4,
            "maxItems": 4,
            "description": "4 x 4 rigid transform, rows, hip frame -> patient LPS (mm); only"
            " when axes is 'rotated'.",
        },
    },
    "required": ["name", "axes", "origin", "patient_from_hip_mm"],
    "if": {"properties": {"axes": {"const": "rotated"}}},
    "then": {
        "required": ["patient_from_hip_matrix"],
        "properties": {"patient_from_hip_mm": _vec3("Femoral head centre in the patient.")},
    },
    "else": {"not": {"required": ["patient_from_hip_matrix"]}},
}

_WARNING: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "rule_id": {"type": "string", "minLength": 1},
        "message": {"type": "string"},
        "source": {"type": "string"},
        "version": {"type": "integer", "minimum": 1},
        "kind": {"enum": [kind.value for kind in RuleKind]},
        "severity": {"enum": [severity.value for severity in Severity]},
        "evidence": {"type": "object"},
    },
    "required": ["rule_id", "message", "source"],
    "description": "A planner finding: rule id, message and source (published), with the"
    " rule's version and kind, the severity and the values the rule looked at.",
}

_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://chondral.invalid/schema/plan-1.json",
    "title": "chondral microfracture hole plan",
    "description": (
        "One hole plan for one lesion of one hip. Coordinates in the hip frame (origin at the"
        " femoral head centre, axes parallel to LPS), mm; distances along the surface."
    ),
    **_object(
        {
            "schema": {"const": PLAN_SCHEMA_ID},
            "case_id": {"type": "string", "pattern": _CASE_ID_PATTERN},
            "side": {"type": "string", "enum": [s.value for s in Side]},
            "surface": {"type": "string", "enum": [s.value for s in Surface]},
            "frame": _FRAME,
            "surface_model": _object(
                {
                    "kind": {"type": "string", "enum": [k.value for k in SurfaceModelKind]},
                    "radius_mm": _length("Sphere radius, mm.", exclusiveMinimum=0),
                    "source": {"type": "string"},
                }
            ),
            "parameters": _parameters_schema(),
            "lesion": {
                **_object(
                    {
                        "id": {"type": "string", "minLength": 1},
                        "area_mm2": _length(
                            "Area after debridement, mm2 (geodesic).", exclusiveMinimum=0
                        ),
                        "boundary_mm": {
                            "type": "array",
                            "items": _vec3("Wall outline point, hip frame, mm."),
                            "minItems": 3,
                            "description": "Wall outline after debridement, closed, first point"
                            " not repeated.",
                        },
                        "recorded_area_mm2": {"type": ["number", "null"], "minimum": 0},
                        "measured": {
                            "type": ["string", "null"],
                            "enum": [*[m.value for m in MeasuredAt], None],
                        },
                        "debridement_margin_mm": _length("Margin grown, mm.", minimum=0),
                    }
                ),
                "additionalProperties": True,
            },
            "holes": {"type": "array", "items": _HOLE, "minItems": 1},
            "metrics": _object(
                {
                    "hole_count": {"type": "integer", "minimum": 1},
                    "nearest_neighbour_mm": _object(
                        {
                            "min": _nullable_length("Smallest nearest-neighbour distance."),
                            "median": _nullable_length("Median nearest-neighbour distance."),
                            "max": _nullable_length("Largest nearest-neighbour distance."),
                        },
                        "Geodesic, mm; null with a single hole.",
                    ),
                    "coverage_radius_mm": _length("Farthest region point from a hole.", minimum=0),
                    "holes_per_cm2": _length("Hole density.", minimum=0),
                    "min_rim_clearance_mm": _length("Smallest hole-to-wall distance."),
                    "region_area_mm2": _length("Planned region area.", exclusiveMinimum=0),
                },
                "Plan quality; every distance geodesic along the surface, mm.",
            ),
            "warnings": {"type": "array", "items": _WARNING},
            "provenance": _object(
                {
                    "software_version": {"type": "string", "minLength": 1},
                    "created_at": {"type": "string", "pattern": _UTC_PATTERN},
                    "input_hashes": {
                        "type": "object",
                        "additionalProperties": {"type": "string", "pattern": _HASH_PATTERN},
                    },
                }
            ),
        }
    ),
}


def plan_schema() -> dict[str, Any]:
    """A fresh copy of the ``chondral.plan/1`` JSON Schema (draft 2020-12)."""
    return json.loads(dumps_json(_SCHEMA))  # type: ignore[no-any-return]


def write_plan_json(
    path: Path | str, plan: HolePlan, provenance: PlanProvenance, *, field: str = "out_dir"
) -> Path:
    """Write plan.json (UTF-8, 2-space indent, keys in product.md order); returns the path.

    The document is validated against ``plan_schema()`` first; a failure is a bug in the plan
    and raises ``GeometryError`` naming the field, and nothing is written. A file that cannot be
    written is a ``ParameterError`` naming ``field``.
    """
    document = plan_to_dict(plan, provenance)
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = ".".join(str(part) for part in error.absolute_path) or "(document)"
        raise GeometryError(f"{where}: {error.message} (plan.json does not match its schema)")
    return write_json(Path(path), document, field=field)
