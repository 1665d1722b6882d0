"""Non-Arthritic Hip Score (NAHS).

20 items (``n1`` .. ``n20``) in four domains (pain 5, mechanical symptoms 4, physical function
5, activity 6), each answered on the same five-point scale scored 0-4 (4 = none, 0 = extreme).
Score = sum x 1.25, rounded half-up to one decimal (0-100, 100 = normal). Higher is better.

Missing items: the source states no rule. chondral's default is ``DEFAULT_MIN_ANSWERED = 20``
(every item, since the score is a sum), a design choice that every result carries in its
``answered_rule``. With a lower ``min_answered`` a form with blank items is scored
100 x sum / (4 x answered), the mean item score on the 0-100 scale; it equals sum x 1.25 when all
20 are answered, so complete forms score the same either way. That proration is chondral's
choice too.

Items follow the published form (the studylib copy of the NAHS questionnaire): mechanical
symptoms 1 catching or locking, 2 giving way, 3 stiffness, 4 decreased movement; physical
function descending stairs, ascending stairs, rising from sitting, putting on socks, rising from
bed. Labels in ``resources/instruments.json`` are short paraphrases, not the licensed wording.

References
----------
- Christensen CP, Althausen PL, Mittleman MA, Lee JA, McCarthy JC. The nonarthritic hip score:
  reliable and validated. Clin Orthop Relat Res 2003;(406):75-83.
- Structure and scoring: clinical-reference.md 7.4 (arthritisresearch.us chapter copy; studylib
  NAHS form) [V].
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Final

from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import get_definition
from chondral.outcomes._minimum import answered_rule, check_minimum
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["DEFAULT_MIN_ANSWERED", "DEFINITION", "SCALE_FACTOR", "VERSION", "score_nahs"]

DEFINITION: Final = get_definition("nahs")
VERSION: Final[str] = DEFINITION.version
"""Version of this scoring definition; stored next to every score."""

SCALE_FACTOR: Final = Fraction(5, 4)
"""Raw points (0-80) to the 0-100 scale."""

ITEM_MAXIMUM: Final = 4
"""Points for "none"."""

_ITEM_COUNT: Final = len(DEFINITION.items)

DEFAULT_MIN_ANSWERED: Final = _ITEM_COUNT
"""chondral default, not the source's (it has none): every item answered."""


def score_nahs(
    answers: Mapping[str, object],
    *,
    min_answered: int = DEFAULT_MIN_ANSWERED,
    field_prefix: str = "",
) -> ScoreResult:
    """Score one NAHS form (item code -> 0-4); by default every item is required."""
    check_minimum(DEFINITION, min_answered, "min_answered")
    rule = answered_rule(DEFINITION, min_answered, DEFAULT_MIN_ANSWERED)
    checked = check_answers(DEFINITION, answers, field_prefix)
    if checked.answered < min_answered:
        if min_answered == _ITEM_COUNT:
            reason = f"nahs needs all {_ITEM_COUNT} items answered"
        else:
            reason = (
                f"nahs needs at least {min_answered} of {_ITEM_COUNT} items answered, "
                f"{checked.answered} were"
            )
        return unscorable(DEFINITION, checked, reason, rule)
    total = exact_sum(checked.points.values())
    if checked.answered == _ITEM_COUNT:
        return scored(DEFINITION, checked, total * SCALE_FACTOR, rule)
    return scored(DEFINITION, checked, 100 * total / (ITEM_MAXIMUM * checked.answered), rule)
