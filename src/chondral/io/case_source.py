"""A case file read once: the case, where its meshes are, and the digest of what was read.

The command line reads a case with ``read_case`` and passes the three on: the case to every use
case, ``meshes`` to whatever needs the patient's surfaces, ``digest`` to the plan's provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from chondral.domain import Case
from chondral.io.casefile import load_case
from chondral.io.sources import CaseFolder

__all__ = ["LoadedCase", "read_case"]


@dataclass(frozen=True, slots=True)
class LoadedCase:
    """A validated case, its file's folder as a ``MeshSource``, and ``sha256:<hex>`` of the
    file's bytes."""

    case: Case
    meshes: CaseFolder
    digest: str


def read_case(path: Path) -> LoadedCase:
    """Read and validate the case file at ``path`` (errors name the field or the file)."""
    case = load_case(path)
    digest = "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return LoadedCase(case, CaseFolder.of_case_file(path), digest)
