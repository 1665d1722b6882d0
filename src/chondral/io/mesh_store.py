"""Meshes kept by content: uploaded bytes stored once under their SHA-256, and a ``MeshSource``
that resolves only references to stored meshes.

The web application never reads a server path a case document names (a case file uploaded by a
user could name any file on the server): its cases refer to uploaded meshes as
``stored:sha256:<hex>`` and ``StoredMeshes`` refuses anything else, naming the case field.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from chondral.domain import MeshReference
from chondral.errors import InputDataError, ParameterError, quote

__all__ = ["STORED_PREFIX", "StoredMeshes", "store_mesh_bytes", "stored_reference"]

STORED_PREFIX = "stored:sha256:"
_STORED = re.compile(r"^stored:sha256:([0-9a-f]{64})$")


def stored_reference(sha256_hex: str) -> str:
    """The case-document path of the stored mesh with this hash."""
    return f"{STORED_PREFIX}{sha256_hex}"


def store_mesh_bytes(folder: Path, data: bytes, *, field: str = "mesh") -> str:
    """Keep ``data`` in ``folder`` as ``<sha256>.stl`` (written atomically, once) and return
    the hex digest; ``ParameterError`` naming ``field`` when it cannot be written."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / f"{digest}.stl"
    if target.exists():
        return digest
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        raise ParameterError(
            f"cannot keep the mesh: {error.strerror or error}", field=field
        ) from error
    return digest


class StoredMeshes:
    """Resolves ``stored:sha256:<hex>`` references against ``folder``; nothing else."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def mesh_path(self, reference: MeshReference, *, field: str) -> Path:
        """The stored file ``reference`` names; ``InputDataError`` naming ``field`` otherwise."""
        match = _STORED.match(reference.path)
        if match is None:
            raise InputDataError(
                f"{quote(reference.path[:200])} is not an uploaded mesh: upload the mesh file for"
                " this field (the web application reads no server paths)",
                field=field,
            )
        path = self.folder / f"{match.group(1)}.stl"
        if not path.is_file():
            raise InputDataError("the uploaded mesh is missing from the data folder", field=field)
        return path
