"""Candidacy verdicts. Each criterion gives one ``chondral.domain.Finding`` (with its
``criterion`` and ``status``); ``Assessment`` collects them with the verdict they decide."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chondral.domain import Finding, Side, Status
from chondral.errors import InternalError

__all__ = ["Assessment", "Verdict", "criterion_status"]


class Verdict(StrEnum):
    """Overall candidacy. Precedence: not_candidate > insufficient_data > with_cautions > candidate."""

    CANDIDATE = "candidate"
    CANDIDATE_WITH_CAUTIONS = "candidate_with_cautions"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_CANDIDATE = "not_candidate"


def criterion_status(finding: Finding) -> tuple[str, Status]:
    """The criterion a candidacy finding judges and its status; ``InternalError`` for a finding
    of another kind of rule (an assessment holds candidacy findings only)."""
    if finding.criterion is None or finding.status is None:
        raise InternalError(f"{finding.rule_id} is not the finding of a candidacy criterion")
    return finding.criterion, finding.status


@dataclass(frozen=True, slots=True)
class Assessment:
    """A candidacy verdict for one case under one rule set."""

    case_id: str
    side: Side
    verdict: Verdict
    findings: tuple[Finding, ...]
    rule_set_id: str
    rule_set_version: str

    def __post_init__(self) -> None:
        for finding in self.findings:
            criterion_status(finding)

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Treatment codes from unmet findings, first occurrence order, no duplicates."""
        codes: dict[str, None] = {}
        for finding in self.findings:
            if finding.status is Status.UNMET:
                codes.update(dict.fromkeys(finding.alternatives))
        return tuple(codes)

    @property
    def missing(self) -> tuple[str, ...]:
        """Field paths still needed by ``unknown`` findings, no duplicates."""
        paths: dict[str, None] = {}
        for finding in self.findings:
            if finding.status is Status.UNKNOWN:
                paths.update(dict.fromkeys(finding.missing))
        return tuple(paths)
