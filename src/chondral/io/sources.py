"""Where the files a case refers to are found.

A case names its meshes by ``MeshReference`` (a path as written in the case file, and a unit).
Use cases do not decide what such a path means: they take a ``MeshSource``, which turns a
reference into a readable file or refuses with an ``InputDataError`` naming the case-file field.
The command line resolves relative paths against the case file's folder (``CaseFolder``); the web
application resolves them against its own storage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from chondral.domain import MeshReference
from chondral.errors import InputDataError, quote

__all__ = ["CaseFolder", "MeshSource"]

MAX_PATH_CHARS = 4096
"""Longest path accepted (Linux PATH_MAX); longer ones are refused before the file system sees
them."""


class MeshSource(Protocol):
    """Turns a case's mesh reference into a readable file."""

    def mesh_path(self, reference: MeshReference, *, field: str) -> Path:
        """The file ``reference`` names; ``InputDataError`` naming ``field`` when there is none."""
        ...


class CaseFolder:
    """Mesh references resolved against the folder of the case file (absolute paths as given).

    ``folder`` None: only absolute paths can be resolved (a case built in memory)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def of_case_file(cls, case_path: Path) -> CaseFolder:
        """The folder of ``case_path``, following a symbolic link to the case file first."""
        return cls(Path(case_path).resolve().parent)

    def mesh_path(self, reference: MeshReference, *, field: str) -> Path:
        """The existing, readable file ``reference.path`` names."""
        text = reference.path
        if len(text) > MAX_PATH_CHARS or "\x00" in text:
            raise InputDataError(f"not a usable path: {quote(text)}", field=field)
        path = Path(text)
        if not path.is_absolute():
            if self.folder is None:
                raise InputDataError(
                    f"a relative path {quote(text)} needs the case file's folder", field=field
                )
            path = self.folder / path
        try:
            path = path.resolve()
            is_file = path.is_file()
        except OSError as error:
            raise InputDataError(
                f"{quote(text)} cannot be read ({error.strerror or error})", field=field
            ) from error
        if not is_file:
            problem = "is a folder, not a file" if path.is_dir() else "file not found"
            raise InputDataError(f"{quote(text)}: {problem}", field=field)
        return path
