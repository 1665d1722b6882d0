"""Loading surface meshes (STL, PLY, OBJ) with a declared length unit; nothing is guessed.

STL carries no unit, so the caller must state it (``mm``, ``cm`` or ``m``); vertices are
converted to millimetres here, in this one function. A mesh whose extent is implausible for the
declared bone in the declared unit is refused with ``UnitError`` (a femur declared in metres
would be kilometres long). Third-party read errors become ``InputDataError``.

References
----------
- product.md section 4 ("Meshes declare their unit on load; nothing is guessed") and style.md
  ("Meshes must declare units").
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import numpy as np
import trimesh

from chondral.errors import InputDataError, UnitError

__all__ = [
    "CARTILAGE_EXTENT_MM",
    "FEMUR_EXTENT_MM",
    "MESH_SUFFIXES",
    "LengthUnit",
    "load_mesh",
    "parse_length_unit",
]

MESH_SUFFIXES = (".stl", ".ply", ".obj")
"""File types read as surface meshes."""

FEMUR_EXTENT_MM = (40.0, 600.0)
"""Design choice: largest bounding-box side of a proximal femur surface, from a head-and-neck
piece (~50 mm) to a whole adult femur (~500 mm)."""

CARTILAGE_EXTENT_MM = (15.0, 150.0)
"""Design choice: largest bounding-box side of a hip cartilage layer (one joint surface)."""


class LengthUnit(StrEnum):
    """Length units a mesh file may be declared in, with their size in millimetres."""

    MM = "mm"
    CM = "cm"
    M = "m"

    @property
    def millimetres(self) -> float:
        """Millimetres in one unit."""
        return {"mm": 1.0, "cm": 10.0, "m": 1000.0}[self.value]


def parse_length_unit(units: str | None) -> LengthUnit:
    """The declared unit; ``UnitError`` when it is missing or unknown."""
    if units is None or not units.strip():
        raise UnitError(
            "the mesh unit is required (mm, cm or m); STL files carry no unit and none is guessed",
            field="units",
        )
    try:
        return LengthUnit(units.strip().lower())
    except ValueError as error:
        raise UnitError(f"unknown unit {units!r}: use mm, cm or m", field="units") from error


def load_mesh(
    path: Path,
    units: LengthUnit,
    *,
    plausible_extent_mm: tuple[float, float],
    what: str,
) -> trimesh.Trimesh:
    """Read one surface mesh, convert it to millimetres and check its size.

    ``what`` names the structure in messages ("proximal femur").
    """
    path = Path(path)
    if path.suffix.lower() not in MESH_SUFFIXES:
        raise InputDataError(
            f"{path.name}: not a mesh file ({', '.join(MESH_SUFFIXES)})", field="mesh"
        )
    if not path.is_file():
        raise InputDataError(f"{path}: no such file", field="mesh")
    try:
        loaded: object = trimesh.load_mesh(path, process=True)
    except Exception as error:  # trimesh raises many types for unreadable files
        raise InputDataError(
            f"{path.name}: cannot read the mesh ({error})", field="mesh"
        ) from error
    if isinstance(loaded, trimesh.Scene):
        loaded = loaded.to_geometry()
    if not isinstance(loaded, trimesh.Trimesh) or len(loaded.faces) == 0:
        raise InputDataError(f"{path.name}: the file holds no triangle surface", field="mesh")
    mesh = trimesh.Trimesh(
        vertices=np.asarray(loaded.vertices, dtype=np.float64) * units.millimetres,
        faces=np.asarray(loaded.faces),
        process=False,
    )
    extent_mm = float(np.max(mesh.extents))
    low, high = plausible_extent_mm
    if not low <= extent_mm <= high:
        raise UnitError(
            f"{path.name} declared in {units.value} is {extent_mm:.4g} mm across, implausible for"
            f" a {what} ({low:g}-{high:g} mm): check --units",
            field="units",
        )
    return mesh
