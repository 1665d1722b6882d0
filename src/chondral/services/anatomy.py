"""Use cases for anatomy: measure a proximal femur or a cartilage layer from a mesh file.

The shells pass the raw flag values; this module turns them into domain values (refusing a
missing unit or side with ``UnitError``/``LateralityError``), loads the mesh through
``chondral.io.meshes`` and returns plain, JSON-ready dictionaries in the file's patient frame.
"""

from __future__ import annotations

from pathlib import Path

from chondral.anatomy import (
    CartilageMeasurement,
    FemurMeasurement,
    PatientAxes,
    SphereFit,
    measure_cartilage,
    measure_proximal_femur,
)
from chondral.domain import Side, Surface
from chondral.errors import InputDataError, LateralityError
from chondral.io.meshes import CARTILAGE_EXTENT_MM, FEMUR_EXTENT_MM, load_mesh, parse_length_unit

__all__ = [
    "cartilage_measurement_to_dict",
    "femur_measurement_to_dict",
    "measure_cartilage_file",
    "measure_femur_file",
    "parse_side",
]

JsonDict = dict[str, object]


def parse_side(side: str | None) -> Side:
    """``left``/``right``; ``LateralityError`` when missing or anything else."""
    if side is None or not side.strip():
        raise LateralityError("the side is required (left or right)", field="side")
    try:
        return Side(side.strip().lower())
    except ValueError as error:
        raise LateralityError(f"unknown side {side!r}: use left or right", field="side") from error


def measure_femur_file(path: Path, units: str | None, side: str | None) -> FemurMeasurement:
    """Load a proximal femur surface (declared unit, LPS) and measure it."""
    declared_side = parse_side(side)
    unit = parse_length_unit(units)
    mesh = load_mesh(path, unit, plausible_extent_mm=FEMUR_EXTENT_MM, what="proximal femur")
    return measure_proximal_femur(mesh, declared_side)


def measure_cartilage_file(
    path: Path, units: str | None, side: str | None, layer: str | None, axes: str = "LPS"
) -> CartilageMeasurement:
    """Load one cartilage layer (declared unit, side and layer) and measure it."""
    declared_side = parse_side(side)
    unit = parse_length_unit(units)
    try:
        surface = Surface((layer or "").strip().lower())
    except ValueError as error:
        raise InputDataError(
            f"the cartilage layer must be femoral_head or acetabulum, got {layer!r}",
            field="layer",
        ) from error
    try:
        patient_axes = PatientAxes(axes if axes == "unknown" else axes.upper())
    except ValueError as error:
        raise InputDataError(f"axes must be LPS or unknown, got {axes!r}", field="axes") from error
    mesh = load_mesh(path, unit, plausible_extent_mm=CARTILAGE_EXTENT_MM, what="cartilage layer")
    return measure_cartilage(mesh, declared_side, surface, patient_axes)


def _sphere_to_dict(fit: SphereFit) -> JsonDict:
    return {
        "center_mm": [round(float(value), 3) for value in fit.center_mm],
        "radius_mm": round(fit.radius_mm, 3),
        "rms_mm": round(fit.rms_mm, 3),
        "n_points": fit.n_points,
    }


def femur_measurement_to_dict(measurement: FemurMeasurement) -> JsonDict:
    """The ``chondral measure --mesh`` JSON object (LPS, mm)."""
    angle = measurement.neck_shaft_angle_deg
    return {
        "side": measurement.side.value,
        "frame": "LPS",
        "femoral_head": _sphere_to_dict(measurement.head),
        "neck_shaft_angle_deg": None if angle is None else round(angle, 1),
        "warnings": list(measurement.warnings),
    }


def cartilage_measurement_to_dict(measurement: CartilageMeasurement) -> JsonDict:
    """The ``chondral measure --cartilage`` JSON object (mesh frame, mm)."""
    return {
        "side": measurement.side.value,
        "frame": measurement.axes.value,
        "cartilage": {
            "layer": measurement.layer.value,
            "mean_thickness_mm": round(measurement.mean_thickness_mm, 3),
            "coverage_fraction": round(measurement.coverage_fraction, 3),
            "bone_sphere": _sphere_to_dict(measurement.bone_sphere),
            "articular_sphere": _sphere_to_dict(measurement.articular_sphere),
        },
        "warnings": list(measurement.warnings),
    }
