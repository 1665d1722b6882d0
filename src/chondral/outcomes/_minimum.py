"""Minimum-answered rules: checking a configured minimum and describing the rule applied.

HOS-ADL, HOS-Sport, iHOT-12 and NAHS have no published rule for how many items may be left out;
chondral sets a default for each (its own design choice, said in every result) and lets the
caller change it. A minimum is a whole number from 1 to the instrument's item count.
"""

from __future__ import annotations

import functools

from chondral.errors import InvalidValueError, quote
from chondral.outcomes._definitions import InstrumentDefinition
from chondral.outcomes._result import AnsweredRule

__all__ = ["answered_rule", "check_minimum"]


def check_minimum(definition: InstrumentDefinition, min_answered: object, name: str) -> int:
    """``min_answered`` if it is a whole number from 1 to the item count; else
    ``InvalidValueError`` naming ``name``."""
    count = len(definition.items)
    if isinstance(min_answered, bool) or not isinstance(min_answered, int):
        raise InvalidValueError(
            f"must be a whole number from 1 to {count}, got {quote(min_answered)}", field=name
        )
    if not 1 <= min_answered <= count:
        raise InvalidValueError(
            f"must be from 1 to {count} for {definition.code}, got {min_answered}", field=name
        )
    return min_answered


@functools.cache
def _rule(min_answered: int, item_count: int, default: int) -> AnsweredRule:
    return AnsweredRule(min_answered=min_answered, item_count=item_count, default=default)


def answered_rule(
    definition: InstrumentDefinition, min_answered: int, default: int
) -> AnsweredRule:
    """The rule a form of ``definition`` is judged by (``min_answered`` already checked).

    Rules are immutable and few, so each is built once and shared by every result.
    """
    return _rule(min_answered, len(definition.items), default)
