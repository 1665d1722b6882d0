"""What pathway checks return instead of raising: a finding with its rule and source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chondral.pathway.policy import PathwayRule

__all__ = ["PathwayFinding", "Severity"]


class Severity(StrEnum):
    """``warning``: a person should look at it; ``info``: stated for the record."""

    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class PathwayFinding:
    """One statement a pathway rule makes about a case, with the rule's id, kind and source."""

    rule_id: str
    kind: str
    severity: Severity
    message: str
    source: str

    @classmethod
    def of(cls, rule: PathwayRule[Any], severity: Severity, message: str) -> PathwayFinding:
        """A finding of ``rule``."""
        return cls(rule.rule_id, rule.kind.value, severity, message, rule.source)

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
        }
