"""Loading surface meshes (STL, PLY, OBJ) with a declared length unit; nothing is guessed.

STL carries no unit, so the caller must state it (``mm``, ``cm`` or ``m``); vertices are
converted to millimetres here, in this one function. A mesh whose extent is implausible for the
declared bone in the declared unit is refused with ``UnitError`` (a femur declared in metres
would be kilometres long). Third-party read errors become ``InputDataError``.

Before any geometry is computed the file must be a regular file of at most ``MAX_MESH_BYTES``,
every vertex must be a finite number (NaN or infinity is refused naming the count; the mesh
library would otherwise drop those triangles silently or fail later), and the surface must be
one structure: a file holding several large separate surfaces (two femurs, both cartilage
layers) is refused (``SEPARATE_SURFACE_AREA_FRACTION``). Messages name the declared unit, never
a command-line flag: the caller says which field or parameter holds it.

References
----------
- product.md section 4 ("Meshes declare their unit on load; nothing is guessed") and style.md
  ("Meshes must declare units").
"""

from __future__ import annotations

import io
import stat
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import trimesh

from chondral.errors import InputDataError, UnitError, quote
from chondral.io.digest import hash_content

__all__ = [
    "CARTILAGE_EXTENT_MM",
    "FEMUR_EXTENT_MM",
    "MAX_MESH_BYTES",
    "MESH_SUFFIXES",
    "SEPARATE_SURFACE_AREA_FRACTION",
    "UNIT_HINT",
    "LengthUnit",
    "MeshFile",
    "load_mesh",
    "parse_length_unit",
    "read_mesh",
]

MESH_SUFFIXES = (".stl", ".ply", ".obj")
"""File types read as surface meshes."""

FEMUR_EXTENT_MM = (40.0, 600.0)
"""Design choice: largest bounding-box side of a proximal femur surface, from a head-and-neck
piece (~50 mm) to a whole adult femur (~500 mm)."""

CARTILAGE_EXTENT_MM = (15.0, 150.0)
"""Design choice: largest bounding-box side of a hip cartilage layer (one joint surface)."""

MAX_MESH_BYTES = 256 * 1024 * 1024
"""Design choice: the largest mesh file read (256 MiB). A LibHip proximal femur (80,000
triangles) is 4 MB as binary STL; a whole-femur CT surface at 0.3 mm is under 100 MB."""

SEPARATE_SURFACE_AREA_FRACTION = 0.2
"""Design choice: a surface apart from the others (its bounding box overlaps none of theirs)
with at least this fraction of the largest one's area is a second structure (another femur),
not a stray island of segmentation noise. The LibHip femurs and cartilage layers are one
surface each. Nested surfaces (both cartilage layers of one hip) are not told apart here."""

UNIT_HINT = "check the declared unit"
"""The end of every implausible-size message; callers that know where the unit is declared
may name that field instead."""


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
        raise UnitError(f"unknown unit {quote(units)}: use mm, cm or m", field="units") from error


def _check_file(path: Path) -> None:
    """A readable regular mesh file of at most ``MAX_MESH_BYTES``; ``InputDataError`` naming
    ``mesh`` otherwise (nothing is read before this passes)."""
    name = quote(path.name, 80)
    if path.suffix.lower() not in MESH_SUFFIXES:
        raise InputDataError(f"{name}: not a mesh file ({', '.join(MESH_SUFFIXES)})", field="mesh")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputDataError(f"{quote(str(path), 200)}: no such file", field="mesh") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputDataError(f"{name}: cannot be read ({reason})", field="mesh") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputDataError(f"{name}: is a folder, not a mesh file", field="mesh")
    if not stat.S_ISREG(info.st_mode):
        raise InputDataError(
            f"{name}: is not a regular file (a device, pipe or socket)", field="mesh"
        )
    if info.st_size > MAX_MESH_BYTES:
        raise InputDataError(
            f"{name}: is {info.st_size:,} bytes; a mesh file may have at most {MAX_MESH_BYTES:,}",
            field="mesh",
        )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, read once with a bounded read (``_check_file`` has passed)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MESH_BYTES + 1)
    except OSError as error:
        raise InputDataError(
            f"{quote(path.name, 80)}: cannot be read ({error.strerror or error})", field="mesh"
        ) from None
    if len(data) > MAX_MESH_BYTES:
        raise InputDataError(
            f"{quote(path.name, 80)}: a mesh file may have at most {MAX_MESH_BYTES:,} bytes",
            field="mesh",
        )
    return data


def _read_triangles(data: bytes, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and faces exactly as stored (nothing merged or dropped yet)."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            loaded: object = trimesh.load_mesh(
                io.BytesIO(data), file_type=path.suffix.lower().lstrip("."), process=False
            )
            if isinstance(loaded, trimesh.Scene):
                loaded = loaded.to_geometry()
    except Exception as error:  # trimesh raises many types for unreadable files
        raise InputDataError(
            f"{quote(path.name, 80)}: cannot read the mesh ({quote(str(error), 120)})",
            field="mesh",
        ) from error
    if not isinstance(loaded, trimesh.Trimesh) or len(loaded.faces) == 0:
        raise InputDataError(
            f"{quote(path.name, 80)}: the file holds no triangle surface", field="mesh"
        )
    return np.asarray(loaded.vertices, dtype=np.float64), np.asarray(loaded.faces)


def _check_finite(vertices: np.ndarray, name: str) -> None:
    finite = np.isfinite(vertices).all(axis=1)
    if not finite.all():
        bad = int((~finite).sum())
        first = int(np.flatnonzero(~finite)[0])
        raise InputDataError(
            f"{name}: {bad:,} of {len(vertices):,} vertices are not finite numbers (NaN or"
            f" infinity; the first is vertex {first})",
            field="mesh",
        )


def _check_one_structure(mesh: trimesh.Trimesh, name: str, what: str) -> None:
    """Refuse several large, spatially separate surfaces in one file (see
    ``SEPARATE_SURFACE_AREA_FRACTION``). Large surfaces whose bounding boxes overlap, directly or
    through one another, count as one structure (a model built from overlapping parts)."""
    labels = trimesh.graph.connected_component_labels(  # type: ignore[no-untyped-call]
        mesh.face_adjacency, node_count=len(mesh.faces)
    )
    if labels.max(initial=0) == 0:
        return
    areas = np.bincount(labels, weights=np.asarray(mesh.area_faces, dtype=np.float64))
    large = np.flatnonzero(areas >= SEPARATE_SURFACE_AREA_FRACTION * areas.max())
    if len(large) < 2:
        return
    corners = np.asarray(mesh.triangles, dtype=np.float64)
    boxes = [
        (
            corners[labels == label].reshape(-1, 3).min(axis=0),
            corners[labels == label].reshape(-1, 3).max(axis=0),
        )
        for label in large
    ]
    group = list(range(len(large)))

    def root(index: int) -> int:
        while group[index] != index:
            index = group[index]
        return index

    for first in range(len(large)):
        for second in range(first + 1, len(large)):
            (low_a, high_a), (low_b, high_b) = boxes[first], boxes[second]
            if np.all(low_a <= high_b) and np.all(low_b <= high_a):
                group[root(second)] = root(first)
    separate = len({root(index) for index in range(len(large))})
    if separate > 1:
        shown = sorted(areas[large], reverse=True)
        raise InputDataError(
            f"{name} holds {separate} separate surfaces of similar size ({shown[0]:.0f} and"
            f" {shown[1]:.0f} mm2 the largest two), not one {what}: give one structure per file",
            field="mesh",
        )


def load_mesh(
    path: Path,
    units: LengthUnit,
    *,
    plausible_extent_mm: tuple[float, float],
    what: str,
) -> trimesh.Trimesh:
    """Read one surface mesh, convert it to millimetres and check it (see the module notes).

    ``what`` names the structure in messages ("proximal femur"). Problems with the file name
    the field ``mesh``, an implausible size the field ``units``.
    """
    return read_mesh(path, units, plausible_extent_mm=plausible_extent_mm, what=what).mesh


@dataclass(frozen=True, slots=True)
class MeshFile:
    """A mesh as ``load_mesh`` gives it and ``sha256:<hex>`` of the bytes it was read from."""

    mesh: trimesh.Trimesh
    digest: str


def read_mesh(
    path: Path,
    units: LengthUnit,
    *,
    plausible_extent_mm: tuple[float, float],
    what: str,
) -> MeshFile:
    """``load_mesh`` and the digest of the same bytes: the file is read once."""
    path = Path(path)
    _check_file(path)
    name = quote(path.name, 80)
    data = _read_bytes(path)
    vertices, faces = _read_triangles(data, path)
    _check_finite(vertices, name)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        merged = trimesh.Trimesh(vertices=vertices, faces=faces, process=True)
    if len(merged.faces) == 0:
        raise InputDataError(f"{name}: the file holds no triangle surface", field="mesh")
    mesh = trimesh.Trimesh(
        vertices=np.asarray(merged.vertices, dtype=np.float64) * units.millimetres,
        faces=np.asarray(merged.faces),
        process=False,
    )
    extent_mm = float(np.max(mesh.extents))
    low, high = plausible_extent_mm
    if not low <= extent_mm <= high:
        raise UnitError(
            f"{name} declared in {units.value} is {extent_mm:.4g} mm across, implausible for"
            f" a {what} ({low:g}-{high:g} mm): {UNIT_HINT}",
            field="units",
        )
    _check_one_structure(mesh, name, what)
    return MeshFile(mesh, hash_content(data))
