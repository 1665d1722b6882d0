"""A dated patient-reported outcome questionnaire response, as recorded in a case file.

The answers are kept exactly as given (item code -> answer code or number); scoring and the
validation of item and answer codes belong to ``chondral.outcomes``, one module per instrument.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from chondral.errors import InvalidValueError, quote

AnswerValue = int | float | str | None

__all__ = ["AnswerValue", "PromResponse"]


@dataclass(frozen=True, slots=True)
class PromResponse:
    """One completed questionnaire: ``instrument`` code (``mhhs``, ``hos_adl`` ...), date, answers.

    Only the form is checked here (text item codes, finite numbers); whether the codes and
    answers belong to the instrument is ``chondral.outcomes``' question."""

    instrument: str
    date: dt.date
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.instrument, str) or not self.instrument:
            raise InvalidValueError("must be an instrument code", field="instrument")
        answers = dict(self.answers)
        for code, value in answers.items():
            if not isinstance(code, str):
                raise InvalidValueError(
                    f"item codes must be text, got {quote(code)}", field="answers"
                )
            if isinstance(value, float) and not math.isfinite(value):
                raise InvalidValueError(
                    f"must be a finite number, got {quote(value)}", field=f"answers.{code}"
                )
        object.__setattr__(self, "answers", MappingProxyType(answers))
