"""The machine form of a candidacy assessment (``chondral assess --json``)."""

from __future__ import annotations

from typing import Any

from chondral.domain import Finding
from chondral.rules import Assessment, criterion_status, explain_field

__all__ = ["assessment_to_dict"]


def _finding_to_dict(finding: Finding) -> dict[str, Any]:
    """The published form of a criterion's finding (docs/candidacy.md); the rule id carries the
    version (``candidacy.<criterion>.v<version>``)."""
    criterion, status = criterion_status(finding)
    return {
        "criterion": criterion,
        "status": status.value,
        "rule_id": finding.rule_id,
        "message": finding.message,
        "evidence": dict(finding.evidence),
        "source": finding.source,
    }


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """One JSON-serialisable object; keys as documented in docs/candidacy.md."""
    return {
        "case_id": assessment.case_id,
        "side": assessment.side.value,
        "verdict": assessment.verdict.value,
        "findings": [_finding_to_dict(finding) for finding in assessment.findings],
        "alternatives": list(assessment.alternatives),
        "missing": list(assessment.missing),
        "to_measure": [
            {"field": item.field, "what": item.what, "who": item.who}
            for item in map(explain_field, assessment.missing)
        ],
        "rule_set": {"id": assessment.rule_set_id, "version": assessment.rule_set_version},
    }
