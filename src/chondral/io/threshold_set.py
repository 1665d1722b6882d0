"""Threshold-set documents (``chondral.thresholds/1``): reading a file, and their JSON form.

``load_threshold_set(path)`` reads a YAML or JSON file strictly (``chondral.io.documents``) and
checks it with ``chondral.outcomes.parse_threshold_set``; an error names the field
(``thresholds[3].value``) and the file. ``threshold_set_to_dict`` writes a set back as the same
document; ``threshold_set_identity`` is the part stored next to every flag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chondral.errors import InputDataError
from chondral.io.documents import load_document
from chondral.outcomes import Threshold, ThresholdSet, parse_threshold_set
from chondral.outcomes.thresholds import SCHEMA

__all__ = [
    "load_threshold_set",
    "threshold_set_identity",
    "threshold_set_to_dict",
    "threshold_to_dict",
]


def load_threshold_set(path: Path) -> ThresholdSet:
    """The threshold set in ``path`` (YAML or JSON, checked strictly).

    ``InputDataError`` naming the bad field, with the file named in the problem.
    """
    document = load_document(path)
    try:
        return parse_threshold_set(document)
    except InputDataError as error:
        raise InputDataError(f"{path}: {error.problem}", field=error.field) from error


def threshold_to_dict(threshold: Threshold) -> dict[str, Any]:
    """One threshold value with its provenance."""
    return {
        "instrument": threshold.instrument,
        "measure": str(threshold.measure),
        "basis": str(threshold.basis),
        "time_point_months": threshold.time_point_months,
        "value": float(threshold.value),
        "method": threshold.method,
        "source": threshold.source,
    }


def threshold_set_identity(thresholds: ThresholdSet) -> dict[str, Any]:
    """``id``, ``version``, ``title`` and ``source``: which set a flag was decided by."""
    return {
        "id": thresholds.id,
        "version": thresholds.version,
        "title": thresholds.title,
        "source": thresholds.source,
    }


def threshold_set_to_dict(thresholds: ThresholdSet) -> dict[str, Any]:
    """The set as a ``chondral.thresholds/1`` document (an empty title is left out)."""
    identity = {k: v for k, v in threshold_set_identity(thresholds).items() if v != ""}
    return {
        "schema": SCHEMA,
        **identity,
        "thresholds": [threshold_to_dict(threshold) for threshold in thresholds.thresholds],
    }
