"""Findings and verdicts: what a rule returns instead of raising."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from chondral.domain import Side

__all__ = ["Assessment", "Finding", "Status", "Verdict"]

EvidenceValue = str | int | float | bool | None | list[str] | list[float]


class Status(StrEnum):
    """Outcome of one criterion."""

    MET = "met"
    CAUTION = "caution"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    """Overall candidacy. Precedence: not_candidate > insufficient_data > with_cautions > candidate."""

    CANDIDATE = "candidate"
    CANDIDATE_WITH_CAUTIONS = "candidate_with_cautions"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_CANDIDATE = "not_candidate"


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one criterion, with the rule that produced it and its source.

    ``missing`` lists the case-file field paths whose absence made the status ``unknown`` (or that
    would be needed to settle it); ``alternatives`` lists treatment codes that fit an ``unmet``.
    """

    criterion: str
    status: Status
    rule_id: str
    message: str
    source: str
    evidence: Mapping[str, EvidenceValue] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    required: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))


@dataclass(frozen=True, slots=True)
class Assessment:
    """A candidacy verdict for one case under one rule set."""

    case_id: str
    side: Side
    verdict: Verdict
    findings: tuple[Finding, ...]
    rule_set_id: str
    rule_set_version: str

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
