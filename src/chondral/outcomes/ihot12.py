"""International Hip Outcome Tool, short version (iHOT-12).

12 items (``q1`` .. ``q12``), each a mark on a 0-100 visual-analogue line, stored with
100 = best. (The paper form runs from "as badly affected as possible" to "not affected at all";
turning a measured mark position into this orientation is the form's job, before scoring.) Any
real number from 0 to 100 is accepted. Score = mean of the answered items, rounded half-up to one
decimal. Higher is better. Item 5 keeps the form's work context: pushing, pulling, lifting or
carrying heavy objects *at work*.

Missing items: the sources seen state no rule (clinical-reference.md 7.3). chondral's default is
``DEFAULT_MAX_MISSING = 2`` (at least 10 of 12 answered), a design choice that every result
carries in its ``answered_rule``; pass ``max_missing`` to use another.

References
----------
- Griffin DR, Parsons N, Mohtadi NGH, Safran MR. A short version of the International Hip
  Outcome Tool (iHOT-12) for use in routine clinical practice. Arthroscopy 2012;28(5):611
  [V via clinical-reference.md 7.3: total = mean of items, 0-100, higher = better].
- Mohtadi NGH et al. The development and validation of a self-administered quality-of-life
  outcome measure for young, active patients with symptomatic hip disease (iHOT-33).
  Arthroscopy 2012 [V via clinical-reference.md 7.3].
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from chondral.errors import InvalidValueError, quote
from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import get_definition
from chondral.outcomes._minimum import answered_rule
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["DEFAULT_MAX_MISSING", "DEFINITION", "VERSION", "check_max_missing", "score_ihot12"]

DEFINITION: Final = get_definition("ihot12")
VERSION: Final[str] = DEFINITION.version
"""Version of this scoring definition; stored next to every score."""

DEFAULT_MAX_MISSING: Final = 2
"""chondral default, not the manual's (none is published): most blank items for a score."""

_ITEM_COUNT: Final = len(DEFINITION.items)


def check_max_missing(max_missing: object, name: str = "max_missing") -> int:
    """``max_missing`` if it is a whole number from 0 to 11 (one item must remain); else
    ``InvalidValueError`` naming ``name``."""
    if isinstance(max_missing, bool) or not isinstance(max_missing, int):
        raise InvalidValueError(
            f"must be a whole number from 0 to {_ITEM_COUNT - 1}, got {quote(max_missing)}",
            field=name,
        )
    if not 0 <= max_missing < _ITEM_COUNT:
        raise InvalidValueError(
            f"must be from 0 to {_ITEM_COUNT - 1}, got {max_missing}", field=name
        )
    return max_missing


def score_ihot12(
    answers: Mapping[str, object],
    *,
    max_missing: int = DEFAULT_MAX_MISSING,
    field_prefix: str = "",
) -> ScoreResult:
    """Score one iHOT-12 form (item code -> number 0-100, 100 = best)."""
    check_max_missing(max_missing)
    rule = answered_rule(
        DEFINITION, _ITEM_COUNT - max_missing, default=_ITEM_COUNT - DEFAULT_MAX_MISSING
    )
    checked = check_answers(DEFINITION, answers, field_prefix)
    if len(checked.blank) > max_missing:
        reason = (
            f"ihot12 allows at most {max_missing} of 12 items missing, {len(checked.blank)} are"
        )
        return unscorable(DEFINITION, checked, reason, rule)
    return scored(DEFINITION, checked, exact_sum(checked.points.values()) / checked.answered, rule)
