"""A dated patient-reported outcome questionnaire response, as recorded in a case file.

The answers are kept exactly as given (item code -> answer code or number); scoring and the
validation of item and answer codes belong to ``chondral.outcomes``, one module per instrument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

AnswerValue = int | float | str | None

__all__ = ["AnswerValue", "PromResponse"]


@dataclass(frozen=True, slots=True)
class PromResponse:
    """One completed questionnaire: ``instrument`` code (``mhhs``, ``hos_adl`` ...), date, answers."""

    instrument: str
    date: dt.date
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))
