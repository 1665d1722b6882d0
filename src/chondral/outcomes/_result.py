"""The result of scoring one questionnaire form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from chondral.outcomes._answers import CheckedAnswers
from chondral.outcomes._definitions import InstrumentDefinition
from chondral.outcomes._rounding import round_half_up_tenths

__all__ = ["ScoreResult", "scored", "unscorable"]


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """One scored form.

    ``score`` is the exact one-decimal score (a ``Decimal``), or ``None`` when the form cannot be
    scored; then ``reason`` says why and names the items that are missing. ``version`` is the
    version of the scoring definition used: store it next to the score. ``answered`` counts the
    items that carry points; ``missing`` lists blank items and ``not_applicable`` the items
    answered not applicable.
    """

    instrument: str
    version: str
    score: Decimal | None
    answered: int
    reason: str | None = None
    missing: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()

    @property
    def scorable(self) -> bool:
        """Whether the form could be scored."""
        return self.score is not None

    def as_dict(self) -> dict[str, object]:
        """The JSON form: instrument, version, score (a number or null), scorable, answered,
        reason."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "score": None if self.score is None else float(self.score),
            "scorable": self.scorable,
            "answered": self.answered,
            "reason": self.reason,
        }


def scored(
    definition: InstrumentDefinition, checked: CheckedAnswers, exact_score: Fraction
) -> ScoreResult:
    """A scorable result: ``exact_score`` rounded half-up to one decimal."""
    return ScoreResult(
        instrument=definition.code,
        version=definition.version,
        score=round_half_up_tenths(exact_score),
        answered=checked.answered,
        missing=checked.blank,
        not_applicable=checked.not_applicable,
    )


def unscorable(definition: InstrumentDefinition, checked: CheckedAnswers, rule: str) -> ScoreResult:
    """A result without a score; the reason is ``rule`` followed by what was left out."""
    return ScoreResult(
        instrument=definition.code,
        version=definition.version,
        score=None,
        answered=checked.answered,
        reason=f"{rule} ({checked.describe_unanswered()})",
        missing=checked.blank,
        not_applicable=checked.not_applicable,
    )
