"""Hip Outcome Score subscale scoring, shared by ``hos_adl`` and ``hos_sport``.

Score = 100 x (sum of item scores) / (4 x number of items answered), where an item answered not
applicable ("na") or left blank is left out of both the sum and the count (Martin et al. 2006;
clinical-reference.md 7.2). The sources state no minimum number of answered items; chondral
requires a minimum per subscale (see the subscale modules), which the caller may change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from chondral.errors import InputDataError
from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import InstrumentDefinition
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["ITEM_MAXIMUM", "check_minimum", "score_hos_subscale"]

ITEM_MAXIMUM: Final = 4
"""Points for "no difficulty at all"."""


def check_minimum(definition: InstrumentDefinition, min_answered: int, name: str) -> None:
    """Refuse a minimum that is not a whole number from 1 to the number of items."""
    count = len(definition.items)
    if isinstance(min_answered, bool) or not isinstance(min_answered, int):
        raise InputDataError(f"must be a whole number from 1 to {count}", field=name)
    if not 1 <= min_answered <= count:
        raise InputDataError(
            f"must be from 1 to {count} for {definition.code}, got {min_answered}", field=name
        )


def score_hos_subscale(
    definition: InstrumentDefinition,
    answers: Mapping[str, object],
    *,
    min_answered: int,
    field_prefix: str,
) -> ScoreResult:
    """Score one HOS subscale form; scorable when at least ``min_answered`` items carry points."""
    check_minimum(definition, min_answered, "min_answered")
    checked = check_answers(definition, answers, field_prefix)
    if checked.answered < min_answered:
        rule = (
            f"{definition.code} needs at least {min_answered} of {len(definition.items)} items "
            f"answered, {checked.answered} were"
        )
        return unscorable(definition, checked, rule)
    total = exact_sum(checked.points.values())
    return scored(definition, checked, 100 * total / (ITEM_MAXIMUM * checked.answered))
