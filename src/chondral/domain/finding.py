"""Findings: what every clinical rule returns instead of raising.

One type for the whole pathway. A candidacy criterion, a pathway check (checklist, weight
bearing, traction, holes made vs planned, return to sport) and a planner warning all produce a
``Finding`` that carries the rule that made it: its id, integer version, kind (how much
authority its numbers have), and source, next to the severity, the message and the evidence.

Candidacy findings also say which criterion they judge and its ``status`` (met, caution, unmet,
unknown), what was missing, and which alternatives fit; the other rules leave those empty.

Rules are any object with ``rule_id``, ``version``, ``kind`` and ``source`` (``RuleIdentity``):
the candidacy ``Rule``, the pathway's ``PathwayRule`` and the planner's ``PlanRule`` each keep
their own parameters and share this identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from chondral.errors import InvalidValueError

__all__ = [
    "EvidenceValue",
    "Finding",
    "RuleIdentity",
    "RuleKind",
    "Severity",
    "Status",
]

EvidenceValue = str | int | float | bool | None | list[str] | list[float]


class RuleKind(StrEnum):
    """How much authority a rule's numbers have.

    ``evidence``: from a cited source; ``policy``: an institution's decision (chondral ships a
    default that is not evidence); ``design``: chondral's own choice where the sources give no
    number, stated as such.
    """

    EVIDENCE = "evidence"
    POLICY = "policy"
    DESIGN = "design"


class Severity(StrEnum):
    """``info``: stated for the record; ``warning``: a person should look at it; ``blocking``:
    stops the pathway (an unmet required candidacy criterion)."""

    INFO = "info"
    WARNING = "warning"
    BLOCKING = "blocking"


class Status(StrEnum):
    """Outcome of one candidacy criterion."""

    MET = "met"
    CAUTION = "caution"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class RuleIdentity(Protocol):
    """What a finding needs to know about the rule that produced it."""

    @property
    def rule_id(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def kind(self) -> RuleKind: ...

    @property
    def source(self) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One statement a rule makes about a case or a plan, with the rule's identity and source.

    ``evidence`` holds the values the rule looked at (JSON-ready). For candidacy criteria,
    ``criterion`` and ``status`` are set; ``missing`` lists the case-file field paths whose
    absence made the status unknown; ``alternatives`` lists treatment codes that fit an unmet
    criterion; ``required`` says whether the criterion decides the verdict.
    """

    rule_id: str
    version: int
    kind: RuleKind
    severity: Severity
    message: str
    source: str
    evidence: Mapping[str, EvidenceValue] = field(default_factory=dict)
    criterion: str | None = None
    status: Status | None = None
    missing: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    required: bool = True

    def __post_init__(self) -> None:
        if self.version < 1:
            raise InvalidValueError(f"must be >= 1, got {self.version}", field="version")
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))

    @classmethod
    def of(
        cls,
        rule: RuleIdentity,
        severity: Severity,
        message: str,
        evidence: Mapping[str, EvidenceValue] | None = None,
    ) -> Finding:
        """A finding of ``rule`` (its id, version, kind and source travel with it)."""
        return cls(
            rule_id=rule.rule_id,
            version=rule.version,
            kind=rule.kind,
            severity=severity,
            message=message,
            source=rule.source,
            evidence=evidence or {},
        )
