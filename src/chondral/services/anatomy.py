"""Use cases for anatomy: measure a proximal femur or a cartilage layer from a mesh file.

The request arrives as text (a side, a unit, a layer, an axes code); the ``*_from_text``
functions turn it into domain values, refusing anything else with a ``ParameterError`` that
names the parameter (``side``, ``units``, ``layer``, ``axes``). Meshes are read by
``chondral.io.meshes``; a reader's complaint about the file or its unit is re-raised naming
this use case's parameter (``mesh_path`` or ``cartilage_path``, ``units``). Results are in the
mesh file's own patient frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chondral.domain import Side, Surface
from chondral.errors import InputDataError, ParameterError, quote

if TYPE_CHECKING:
    from chondral.anatomy import CartilageMeasurement, FemurMeasurement, PatientAxes
    from chondral.io.meshes import LengthUnit

__all__ = [
    "axes_from_text",
    "layer_from_text",
    "measure_cartilage_layer",
    "measure_femur",
    "side_from_text",
    "unit_from_text",
]


def side_from_text(side: str | None) -> Side:
    """``left``/``right`` (any case); ``ParameterError`` naming ``side`` otherwise."""
    if side is None or not side.strip():
        raise ParameterError("the side is required (left or right)", field="side")
    try:
        return Side(side.strip().lower())
    except ValueError as error:
        raise ParameterError(
            f"unknown side {quote(side)}: use left or right", field="side"
        ) from error


def unit_from_text(units: str | None) -> LengthUnit:
    """The declared length unit (mm, cm or m); ``ParameterError`` naming ``units`` otherwise."""
    from chondral.io.meshes import parse_length_unit

    try:
        return parse_length_unit(units)
    except InputDataError as error:
        raise ParameterError(error.problem, field="units") from error


def layer_from_text(layer: str | None) -> Surface:
    """``femoral_head`` or ``acetabulum``; ``ParameterError`` naming ``layer`` otherwise."""
    try:
        return Surface((layer or "").strip().lower())
    except ValueError as error:
        raise ParameterError(
            f"the cartilage layer must be femoral_head or acetabulum, got {quote(layer)}",
            field="layer",
        ) from error


def axes_from_text(axes: str) -> PatientAxes:
    """``LPS`` or ``unknown``; ``ParameterError`` naming ``axes`` otherwise (RAS meshes must be
    converted to LPS first: nothing is silently reinterpreted)."""
    from chondral.anatomy import PatientAxes

    text = axes.strip()
    try:
        return PatientAxes(text if text.lower() == "unknown" else text.upper())
    except ValueError as error:
        raise ParameterError(
            f"axes must be LPS or unknown, got {quote(axes)}", field="axes"
        ) from error


def _read(path: Path, unit: LengthUnit, parameter: str, *, femur: bool) -> Any:
    """The mesh in ``path`` in mm; reader errors name ``parameter`` (the file) or ``units``."""
    from chondral.io.meshes import CARTILAGE_EXTENT_MM, FEMUR_EXTENT_MM, load_mesh

    try:
        return load_mesh(
            path,
            unit,
            plausible_extent_mm=FEMUR_EXTENT_MM if femur else CARTILAGE_EXTENT_MM,
            what="proximal femur" if femur else "cartilage layer",
        )
    except InputDataError as error:
        raise _as_parameter(error, parameter) from error


def _as_parameter(error: InputDataError, parameter: str) -> ParameterError:
    """A measurement's complaint about the request (side, layer, units) or the file, naming
    this use case's parameter."""
    field = error.field if error.field in ("side", "layer", "units") else parameter
    return ParameterError(error.problem, field=field)


def measure_femur(
    path: Path, unit: LengthUnit, side: Side, axes: PatientAxes | None = None
) -> FemurMeasurement:
    """Femoral head sphere and neck-shaft angle of a proximal femur surface in LPS.

    A femur is measured only in LPS (its side is checked against the anatomy); ``axes`` other
    than LPS is refused naming ``axes``."""
    from chondral.anatomy import PatientAxes, measure_proximal_femur

    if axes is not None and axes is not PatientAxes.LPS:
        raise ParameterError(
            "a femur mesh is measured in LPS only (its side is checked against the anatomy);"
            " convert it to LPS first",
            field="axes",
        )
    mesh = _read(path, unit, "mesh_path", femur=True)
    try:
        return measure_proximal_femur(mesh, side)
    except InputDataError as error:
        raise _as_parameter(error, "mesh_path") from error


def measure_cartilage_layer(
    path: Path, unit: LengthUnit, side: Side, layer: Surface, axes: PatientAxes
) -> CartilageMeasurement:
    """Thickness, coverage and the bone and articular spheres of one cartilage layer."""
    from chondral.anatomy import measure_cartilage

    mesh = _read(path, unit, "cartilage_path", femur=False)
    try:
        return measure_cartilage(mesh, side, layer, axes)
    except InputDataError as error:
        raise _as_parameter(error, "cartilage_path") from error
