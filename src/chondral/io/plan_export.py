"""Plan exports: ``plan.json`` (``chondral.plan/1``), 3D Slicer markups and the surface as STL.

Frames
------
- **plan.json** is in the hip frame (origin at the femoral head centre, axes parallel to LPS),
  mm, exactly as product.md section 5 describes; ``frame.patient_from_hip_mm`` is the head
  centre in the patient's LPS frame, or ``null`` for the template hip.
- **Markups and STL** are in the *export frame*: LPS patient coordinates
  (``position_mm + patient_from_hip_mm``) when the head centre in the patient is known, otherwise
  the hip frame itself. The hip frame has LPS axes, so a template plan still opens in 3D Slicer
  with the right anatomical orientation, centred on the femoral head. The markups ``name`` and
  every control point's ``description`` say which frame was used, and the STL header carries
  ``SPACE=LPS`` (how Slicer marks a model file's coordinate system, Slicer >= 4.11) in both cases.
  Markups and STL share the frame, so they overlay in Slicer.

Rounding in plan.json (markups are written at full double precision, STL at float32 as the
format requires)
- positions, the wall outline and every length in mm: 3 decimals (1 micrometre);
- unit normals: 6 decimals;
- areas (mm2) and hole density (per cm2): 3 decimals;
- ``parameters`` are written as given (``PlanParameters.as_dict()``), not rounded.

Every number must be finite: a NaN or infinity anywhere in the plan is refused with a
``GeometryError`` that names the field (JSON has no NaN). ``write_plan_json`` also validates the
document against ``plan_schema()`` before writing, so no invalid plan.json ever reaches a disk.

References
----------
- product.md section 4 (LPS, hip frame, clock face, laterality) and section 5 (plan.json keys).
- 3D Slicer markups JSON, schema ``markups-schema-v1.0.3.json`` (the version Slicer itself
  writes; Slicer reads any ``markups-schema-v1.x.y``): Slicer ``Docs/developer_guide/modules/
  markups.md`` and ``vtkMRMLMarkupsJsonStorageNode.cxx``.
- 3D Slicer model files: ``vtkMRMLModelStorageNode.cxx`` reads ``SPACE=LPS`` or ``SPACE=RAS``
  from the STL header; without it, Slicer >= 4.11 assumes LPS.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
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
from chondral.domain import CLOCK_LABEL_PATTERN, MeasuredAt, Side, Surface
from chondral.errors import GeometryError, MissingDependencyError
from chondral.planning.parameters import DEPTH_MAX_MM, DEPTH_MIN_MM, PlanParameters
from chondral.planning.plan import HolePlan, Ring, SurfaceModelKind

__all__ = [
    "MARKUPS_SCHEMA_URL",
    "PLAN_SCHEMA_ID",
    "STL_HEADER_SPACE",
    "PlanProvenance",
    "export_offset_mm",
    "hash_content",
    "markups_document",
    "plan_schema",
    "plan_to_dict",
    "write_markups",
    "write_plan_json",
    "write_surface_stl",
]

PLAN_SCHEMA_ID = "chondral.plan/1"
"""The ``schema`` value of every plan.json this module writes."""

MARKUPS_SCHEMA_URL = (
    "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/"
    "Resources/Schema/markups-schema-v1.0.3.json#"
)
"""The ``@schema`` id that 3D Slicer (5.x) writes in ``.mrk.json`` files."""

STL_HEADER_SPACE = "SPACE=LPS"
"""Tag in the 80-byte STL header telling 3D Slicer the vertices are LPS (not RAS)."""

_POSITION_DECIMALS = 3
_NORMAL_DECIMALS = 6
_AREA_DECIMALS = 3
_HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
_UTC_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"
_CASE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_SLICER_LPS_IDENTITY = [-1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0]
"""Slicer's default control-point orientation (the RAS identity) written in LPS."""

FloatArray = NDArray[np.float64]


def hash_content(data: bytes) -> str:
    """``"sha256:<hex>"`` of ``data``: the form of every plan.json input hash."""
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


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
            raise ValueError("software_version must not be empty")
        if not re.match(_UTC_PATTERN, self.created_at):
            raise ValueError(
                f"created_at must be ISO 8601 UTC like 2024-03-01T09:30:00Z, got {self.created_at!r}"
            )
        dt.datetime.fromisoformat(self.created_at)  # a real date and time, not just the shape
        for name, digest in self.input_hashes.items():
            if not name:
                raise ValueError("input hash names must not be empty")
            if not re.match(_HASH_PATTERN, digest):
                raise ValueError(f"input hash {name!r} must be 'sha256:<64 hex>', got {digest!r}")
        frozen = MappingProxyType(dict(sorted(self.input_hashes.items())))
        object.__setattr__(self, "input_hashes", frozen)

    @classmethod
    def create(
        cls,
        *,
        created_at: dt.datetime,
        inputs: Mapping[str, bytes] | None = None,
        software_version: str = __version__,
    ) -> PlanProvenance:
        """Provenance from a timezone-aware time (converted to UTC) and the raw input bytes."""
        if created_at.tzinfo is None or created_at.utcoffset() is None:
            raise ValueError("created_at must be timezone-aware (a naive time has no UTC)")
        utc = created_at.astimezone(dt.UTC).replace(microsecond=0)
        return cls(
            software_version=software_version,
            created_at=utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            input_hashes={name: hash_content(data) for name, data in (inputs or {}).items()},
        )

    def as_dict(self) -> dict[str, Any]:
        """The plan.json ``provenance`` object."""
        return {
            "software_version": self.software_version,
            "created_at": self.created_at,
            "input_hashes": dict(self.input_hashes),
        }


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


def _check_orders(plan: HolePlan) -> None:
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
    _check_orders(plan)
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
        name: _number(value, f"parameters.{name}") for name, value in parameters.as_dict().items()
    }


def plan_to_dict(plan: HolePlan, provenance: PlanProvenance) -> dict[str, Any]:
    """The plan as one JSON-serialisable ``chondral.plan/1`` object (product.md section 5).

    Holes are listed in making order. Raises ``GeometryError`` naming the field for a
    non-finite number, a wall outline of fewer than 3 points, or making orders that are not
    1..n.
    """
    patient_from_hip = (
        None
        if plan.patient_from_hip_mm is None
        else _vector(plan.patient_from_hip_mm, "frame.patient_from_hip_mm", _POSITION_DECIMALS)
    )
    model = plan.surface_model
    return {
        "schema": PLAN_SCHEMA_ID,
        "case_id": plan.case_id,
        "side": Side(plan.side).value,
        "surface": Surface(plan.surface).value,
        "frame": {
            "name": "hip",
            "axes": "LPS",
            "origin": "femoral_head_center",
            "patient_from_hip_mm": patient_from_hip,
        },
        "surface_model": {
            "kind": SurfaceModelKind(model.kind).value,
            "radius_mm": _number(model.radius_mm, "surface_model.radius_mm", _POSITION_DECIMALS),
            "source": model.source,
        },
        "parameters": _parameters(plan.parameters),
        "lesion": _lesion(plan),
        "holes": _holes(plan),
        "metrics": _metrics(plan),
        "warnings": [
            {"rule_id": w.rule_id, "message": w.message, "source": w.source} for w in plan.warnings
        ],
        "provenance": provenance.as_dict(),
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
            "frame": _object(
                {
                    "name": {"const": "hip"},
                    "axes": {"const": "LPS"},
                    "origin": {"const": "femoral_head_center"},
                    "patient_from_hip_mm": {
                        "oneOf": [
                            _vec3("Femoral head centre in the patient LPS frame, mm."),
                            {"type": "null", "description": "Template hip: no patient frame."},
                        ]
                    },
                }
            ),
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
            "warnings": {
                "type": "array",
                "items": _object(
                    {
                        "rule_id": {"type": "string", "minLength": 1},
                        "message": {"type": "string"},
                        "source": {"type": "string"},
                    }
                ),
            },
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
    return json.loads(json.dumps(_SCHEMA))  # type: ignore[no-any-return]


def write_plan_json(path: Path | str, plan: HolePlan, provenance: PlanProvenance) -> Path:
    """Write plan.json (UTF-8, 2-space indent, keys in product.md order); returns the path.

    The document is validated against ``plan_schema()`` first; a failure is a bug in the plan
    and raises ``GeometryError`` naming the field, and nothing is written.
    """
    document = plan_to_dict(plan, provenance)
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = ".".join(str(part) for part in error.absolute_path) or "(document)"
        raise GeometryError(f"{where}: {error.message} (plan.json does not match its schema)")
    target = Path(path)
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


# --------------------------------------------------------------------------------------------
# 3D Slicer markups and STL


def export_offset_mm(plan: HolePlan) -> FloatArray:
    """What the markups and STL add to hip-frame coordinates: the head centre in the patient
    (LPS) when known, else zero (the export is then in the hip frame, which has LPS axes)."""
    if plan.patient_from_hip_mm is None:
        return np.zeros(3)
    offset = np.asarray(plan.patient_from_hip_mm, dtype=np.float64)
    if offset.shape != (3,) or not np.all(np.isfinite(offset)):
        raise GeometryError("patient_from_hip_mm must be 3 finite coordinates")
    return offset


def _frame_words(plan: HolePlan) -> str:
    if plan.patient_from_hip_mm is None:
        return "hip frame: LPS axes, origin at the femoral head centre (template hip)"
    return "patient LPS frame"


def markups_document(plan: HolePlan) -> dict[str, Any]:
    """A 3D Slicer markups point list (``.mrk.json``): one control point per hole.

    Control points follow the making order; label ``H<order>``; the description gives the order,
    ring, clock, rim distance, depth and side. Positions are ``position_mm + patient_from_hip_mm``
    (LPS patient frame) when the head centre is known, otherwise the hip frame (LPS axes); the
    name says which, and names the side in capitals.
    """
    _check_orders(plan)
    offset = export_offset_mm(plan)
    side = Side(plan.side).value.upper()
    frame = _frame_words(plan)
    points = []
    for hole in sorted(plan.holes, key=lambda h: h.order):
        position = np.asarray(hole.position_mm, dtype=np.float64) + offset
        if not np.all(np.isfinite(position)):
            raise GeometryError(f"holes[{hole.order - 1}].position_mm is not finite")
        points.append(
            {
                "id": str(hole.order),
                "label": f"H{hole.order}",
                "description": (
                    f"{side} hip, hole {hole.id}: order {hole.order} of {len(plan.holes)},"
                    f" {Ring(hole.ring).value} ring, {hole.clock},"
                    f" {hole.rim_distance_mm:.1f} mm from the rim, depth {hole.depth_mm:g} mm"
                    f" along -normal ({frame})"
                ),
                "associatedNodeID": "",
                "position": [float(v) + 0.0 for v in position],
                "orientation": list(_SLICER_LPS_IDENTITY),
                "selected": True,
                "locked": True,
                "visibility": True,
                "positionStatus": "defined",
            }
        )
    return {
        "@schema": MARKUPS_SCHEMA_URL,
        "markups": [
            {
                "type": "Fiducial",
                "name": (
                    f"{side} hip {plan.case_id} {Surface(plan.surface).value}"
                    f" microfracture holes ({frame})"
                ),
                "coordinateSystem": "LPS",
                "coordinateUnits": "mm",
                "locked": True,
                "fixedNumberOfControlPoints": True,
                "labelFormat": "H%d",
                "lastUsedControlPointNumber": len(points),
                "controlPoints": points,
                "measurements": [],
                "display": {
                    "visibility": True,
                    "opacity": 1.0,
                    "color": [0.85, 0.2, 0.15],
                    "selectedColor": [0.85, 0.2, 0.15],
                    "activeColor": [0.4, 1.0, 0.0],
                    "propertiesLabelVisibility": False,
                    "pointLabelsVisibility": True,
                    "textScale": 2.0,
                    "glyphType": "Sphere3D",
                    "glyphScale": 1.0,
                    "glyphSize": 2.0,
                    "useGlyphScale": False,
                    "sliceProjection": False,
                },
            }
        ],
    }


def write_markups(path: Path | str, plan: HolePlan) -> Path:
    """Write the holes as a 3D Slicer ``.mrk.json`` point list; returns the path."""
    target = Path(path)
    text = json.dumps(markups_document(plan), indent=2, ensure_ascii=False, allow_nan=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _face_normals(vertices: FloatArray, faces: NDArray[np.int64]) -> FloatArray:
    triangles = vertices[faces]
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    unit: FloatArray = np.divide(normals, lengths, out=np.zeros_like(normals), where=lengths > 0)
    return unit


def _check_outward_winding(plan: HolePlan, vertices: FloatArray, faces: NDArray[np.int64]) -> None:
    """Refuse a surface whose faces are wound against the hole normals (out of the bone)."""
    if not plan.holes:
        return
    normals = _face_normals(vertices, faces)
    centroids = vertices[faces].mean(axis=1)
    agreement = []
    for hole in plan.holes:
        position = np.asarray(hole.position_mm, dtype=np.float64)
        nearest = int(np.argmin(np.einsum("ij,ij->i", centroids - position, centroids - position)))
        agreement.append(float(normals[nearest] @ np.asarray(hole.normal, dtype=np.float64)))
    if float(np.median(agreement)) <= 0.0:
        raise GeometryError(
            "surface_mesh: faces are wound into the bone (against the hole normals); the STL"
            " would show the bone inside out"
        )


def write_surface_stl(path: Path | str, plan: HolePlan) -> Path:
    """Write the plan's surface patch as binary STL in the markups' frame; returns the path.

    Vertices are ``vertices_mm + export_offset_mm(plan)`` (LPS patient frame, or the hip frame
    with LPS axes for a template plan), mm, float32. The 80-byte header carries
    ``SPACE=LPS`` so 3D Slicer loads it without an RAS flip and it overlays the markups. Faces
    keep their winding, so normals point out of the bone (checked against the hole normals:
    ``GeometryError`` if the mesh is wound inward).
    """
    try:
        import trimesh
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "writing STL needs trimesh: pip install 'chondral[mesh]'"
        ) from error
    vertices = np.asarray(plan.surface_mesh.vertices_mm, dtype=np.float64)
    faces = np.asarray(plan.surface_mesh.faces, dtype=np.int64)
    if vertices.ndim != 2 or vertices.shape[1] != 3 or not np.all(np.isfinite(vertices)):
        raise GeometryError("surface_mesh.vertices_mm must be finite (n, 3) coordinates")
    if faces.ndim != 2 or faces.shape[1] != 3 or len(faces) == 0:
        raise GeometryError("surface_mesh.faces must be a non-empty (m, 3) index array")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise GeometryError("surface_mesh.faces index vertices that do not exist")
    _check_outward_winding(plan, vertices, faces)
    mesh = trimesh.Trimesh(
        vertices=vertices + export_offset_mm(plan), faces=faces, process=False, validate=False
    )
    payload = bytearray(trimesh.exchange.stl.export_stl(mesh))
    header = (
        f"chondral plan surface {Side(plan.side).value} hip {STL_HEADER_SPACE} UNITS=mm"
    ).encode("ascii")
    payload[:80] = header.ljust(80, b" ")
    target = Path(path)
    target.write_bytes(bytes(payload))
    return target
