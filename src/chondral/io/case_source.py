"""A case file read once: the case, where its meshes are, and the digest of what was read.

The command line reads a case with ``read_case`` and passes the three on: the case to every use
case, ``meshes`` to whatever needs the patient's surfaces, ``digest`` to the plan's provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chondral.domain import Case
from chondral.io.casefile import read_case_file
from chondral.io.digest import hash_content
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
    """Read the case file at ``path`` once: validate it (errors name the field or the file) and
    hash the same bytes."""
    case, data = read_case_file(path)
    return LoadedCase(case, CaseFolder.of_case_file(path), hash_content(data))
