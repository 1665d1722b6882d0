"""Hip Outcome Score subscale scoring: one implementation for ``hos_adl`` and ``hos_sport``.

Score = 100 x (sum of item scores) / (4 x number of items answered), where an item answered not
applicable ("na") or left blank is left out of both the sum and the count (Martin et al. 2006;
clinical-reference.md 7.2). The sources state no minimum number of answered items; chondral
requires a minimum per subscale (its own design choice, carried in every result as its
``answered_rule``), which the caller may change.

A subscale is a ``HosSubscale``: the instrument definition and chondral's default minimum. The
subscale modules hold one each and expose its ``score`` method as ``score_hos_adl`` /
``score_hos_sport``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import InstrumentDefinition, get_definition
from chondral.outcomes._minimum import answered_rule, check_minimum
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["ITEM_MAXIMUM", "HosSubscale", "check_minimum"]

ITEM_MAXIMUM: Final = 4
"""Points for "no difficulty at all"."""


@dataclass(frozen=True, slots=True)
class HosSubscale:
    """One HOS subscale: its instrument ``code`` and chondral's default minimum answered."""

    code: str
    default_min_answered: int
    definition: InstrumentDefinition = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        definition = get_definition(self.code)
        object.__setattr__(self, "definition", definition)
        check_minimum(definition, self.default_min_answered, "default_min_answered")

    @property
    def version(self) -> str:
        """Version of the scoring definition; stored next to every score."""
        return self.definition.version

    def score(
        self,
        answers: Mapping[str, object],
        *,
        min_answered: int | None = None,
        field_prefix: str = "",
    ) -> ScoreResult:
        """Score one form of this subscale (item code -> 0-4 or "na").

        Scorable when at least ``min_answered`` items carry points (default: this subscale's
        ``default_min_answered``, chondral's choice).
        """
        definition = self.definition
        minimum = self.default_min_answered if min_answered is None else min_answered
        check_minimum(definition, minimum, "min_answered")
        rule = answered_rule(definition, minimum, self.default_min_answered)
        checked = check_answers(definition, answers, field_prefix)
        if checked.answered < minimum:
            reason = (
                f"{definition.code} needs at least {minimum} of {len(definition.items)} items "
                f"answered, {checked.answered} were"
            )
            return unscorable(definition, checked, reason, rule)
        total = exact_sum(checked.points.values())
        return scored(definition, checked, 100 * total / (ITEM_MAXIMUM * checked.answered), rule)
