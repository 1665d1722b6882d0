"""The JSON forms of femur and cartilage measurements (``chondral measure --json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chondral.anatomy import CartilageMeasurement, FemurMeasurement, SphereFit

__all__ = ["cartilage_measurement_to_dict", "femur_measurement_to_dict"]


def _sphere_to_dict(fit: SphereFit) -> dict[str, Any]:
    return {
        "center_mm": [round(float(value), 3) for value in fit.center_mm],
        "radius_mm": round(fit.radius_mm, 3),
        "rms_mm": round(fit.rms_mm, 3),
        "n_points": fit.n_points,
    }


def femur_measurement_to_dict(measurement: FemurMeasurement) -> dict[str, Any]:
    """Side, frame (LPS), the femoral head sphere, the neck-shaft angle and warnings (mm, deg)."""
    angle = measurement.neck_shaft_angle_deg
    return {
        "side": measurement.side.value,
        "frame": "LPS",
        "femoral_head": _sphere_to_dict(measurement.head),
        "neck_shaft_angle_deg": None if angle is None else round(angle, 1),
        "warnings": list(measurement.warnings),
    }


def cartilage_measurement_to_dict(measurement: CartilageMeasurement) -> dict[str, Any]:
    """Side, the mesh's frame, the layer's thickness, coverage and spheres, and warnings (mm)."""
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
