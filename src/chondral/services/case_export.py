"""Use case: a stored case document as a case file (YAML) a clinician can download and open
with ``chondral assess``.

The document is written as it is stored (the same keys and values the case file held), in
YAML with keys in their stored order; values a YAML reader could take for another type (a clock
time such as ``1:30``, a date) are quoted, so reading the file back gives the same document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["case_file_yaml"]


def case_file_yaml(document: Mapping[str, Any]) -> str:
    """``document`` as the text of a YAML case file."""
    import yaml

    return str(yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, width=100))
