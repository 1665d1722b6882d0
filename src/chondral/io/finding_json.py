"""The JSON form of a ``Finding``, shared by every document that lists findings."""

from __future__ import annotations

from typing import Any

from chondral.domain import Finding

__all__ = ["finding_to_dict"]


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """``rule_id``, ``version``, ``kind``, ``severity``, ``message``, ``source``, ``evidence``;
    for a candidacy criterion also ``criterion`` and ``status``."""
    document: dict[str, Any] = {}
    if finding.criterion is not None:
        document["criterion"] = finding.criterion
    if finding.status is not None:
        document["status"] = finding.status.value
    document.update(
        {
            "rule_id": finding.rule_id,
            "version": finding.version,
            "kind": finding.kind.value,
            "severity": finding.severity.value,
            "message": finding.message,
            "source": finding.source,
            "evidence": dict(finding.evidence),
        }
    )
    return document
