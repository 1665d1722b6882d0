"""The result of scoring one questionnaire form, and the minimum-answered rule it was scored by."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from chondral.errors import InvalidValueError, quote
from chondral.outcomes._answers import CheckedAnswers
from chondral.outcomes._definitions import InstrumentDefinition
from chondral.outcomes._rounding import round_half_up_tenths

__all__ = ["AnsweredRule", "ScoreResult", "scored", "unscorable"]

UNPUBLISHED_NOTE: Final = (
    "chondral's design choice: the published scoring states no minimum number of answered items"
)
"""Said next to every minimum-answered rule: where it comes from (nowhere published)."""


@dataclass(frozen=True, slots=True)
class AnsweredRule:
    """The fewest answered items a form needs for a score, where no source publishes one.

    HOS-ADL, HOS-Sport, iHOT-12 and NAHS have no published rule for missing items; chondral's
    defaults (9 of 17, 5 of 9, 10 of 12, 20 of 20) are its own design choice and may be changed
    per instrument. ``min_answered`` is the minimum applied, ``default`` chondral's default.
    """

    min_answered: int
    item_count: int
    default: int

    def __post_init__(self) -> None:
        for name in ("min_answered", "default"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidValueError(f"must be a whole number, got {quote(value)}", field=name)
            if not 1 <= value <= self.item_count:
                raise InvalidValueError(
                    f"must be from 1 to {self.item_count}, got {value}", field=name
                )

    @property
    def published(self) -> bool:
        """Always ``False``: no source publishes these minimums."""
        return False

    @property
    def configured(self) -> bool:
        """Whether the minimum applied differs from chondral's default."""
        return self.min_answered != self.default

    @property
    def note(self) -> str:
        """Where the rule comes from, in words."""
        return UNPUBLISHED_NOTE

    def describe(self) -> str:
        """``at least 9 of 17 items answered: chondral's default, not a published rule``."""
        origin = "set for this run" if self.configured else "chondral's default"
        return (
            f"at least {self.min_answered} of {self.item_count} items answered: "
            f"{origin}, not a published rule"
        )


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """One scored form.

    ``score`` is the exact one-decimal score (a ``Decimal``), or ``None`` when the form cannot be
    scored; then ``reason`` says why and names the items that are missing. ``version`` is the
    version of the scoring definition used: store it next to the score. ``answered`` counts the
    items that carry points; ``missing`` lists blank items and ``not_applicable`` the items
    answered not applicable. ``answered_rule`` is the minimum-answered rule the form was judged
    by when that rule is chondral's choice rather than the manual's (``None`` for mHHS and VAS).
    """

    instrument: str
    version: str
    score: Decimal | None
    answered: int
    reason: str | None = None
    missing: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    answered_rule: AnsweredRule | None = None

    def __post_init__(self) -> None:
        if self.score is not None and not self.score.is_finite():
            raise InvalidValueError(f"must be a finite number, got {self.score}", field="score")

    @property
    def scorable(self) -> bool:
        """Whether the form could be scored."""
        return self.score is not None


def scored(
    definition: InstrumentDefinition,
    checked: CheckedAnswers,
    exact_score: Fraction,
    answered_rule: AnsweredRule | None = None,
) -> ScoreResult:
    """A scorable result: ``exact_score`` rounded half-up to one decimal."""
    return ScoreResult(
        instrument=definition.code,
        version=definition.version,
        score=round_half_up_tenths(exact_score),
        answered=checked.answered,
        missing=checked.blank,
        not_applicable=checked.not_applicable,
        answered_rule=answered_rule,
    )


def unscorable(
    definition: InstrumentDefinition,
    checked: CheckedAnswers,
    rule: str,
    answered_rule: AnsweredRule | None = None,
) -> ScoreResult:
    """A result without a score; the reason is ``rule`` followed by what was left out."""
    return ScoreResult(
        instrument=definition.code,
        version=definition.version,
        score=None,
        answered=checked.answered,
        reason=f"{rule} ({checked.describe_unanswered()})",
        missing=checked.blank,
        not_applicable=checked.not_applicable,
        answered_rule=answered_rule,
    )
