"""The example case files of the web demo, read from the package, with the bytes of the meshes
they name (the LibHip example names meshes under ``../shared/data`` beside the repository).

A mesh that is not there is reported, not an error: the demo loads the case without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from chondral.domain import MeshReference
from chondral.errors import InputDataError
from chondral.io.backup_file import read_file_bytes
from chondral.io.documents import load_document
from chondral.io.sources import CaseFolder

__all__ = ["ExampleCase", "example_case_paths", "read_example_case"]


@dataclass(frozen=True)
class ExampleCase:
    """An example case document, the bytes of each mesh it names by ``imaging`` field, and the
    fields whose mesh could not be read (with the reason)."""

    path: Path
    document: dict[str, Any]
    meshes: dict[str, bytes] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


def example_case_paths(folder: Path | None = None) -> list[Path]:
    """The case files (``*.yaml``) of the bundled examples, by name."""
    root = folder or Path(str(resources.files("chondral") / "examples"))
    return sorted(path for path in root.glob("*.yaml") if path.is_file())


def read_example_case(path: Path) -> ExampleCase:
    """The document at ``path`` and the bytes of the meshes its ``imaging`` section names."""
    document = load_document(path)
    if not isinstance(document, dict):
        raise InputDataError(f"{path.name}: not a case document")
    meshes: dict[str, bytes] = {}
    missing: dict[str, str] = {}
    folder = CaseFolder.of_case_file(path)
    imaging = document.get("imaging")
    for name, entry in imaging.items() if isinstance(imaging, dict) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        where = f"imaging.{name}"
        reference = MeshReference(path=entry["path"], units=str(entry.get("units", "")))
        try:
            meshes[name] = read_file_bytes(folder.mesh_path(reference, field=where), field=where)
        except InputDataError as error:
            missing[name] = error.problem
    return ExampleCase(path=path, document=document, meshes=meshes, missing=missing)
