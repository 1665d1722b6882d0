"""Non-Arthritic Hip Score (NAHS).

20 items (``n1`` .. ``n20``) in four domains (pain 5, mechanical symptoms 4, physical function
5, activity 6), each answered on the same five-point scale scored 0-4 (4 = none, 0 = extreme).
Score = sum x 1.25, rounded half-up to one decimal (0-100, 100 = normal). Every item is
required: the score is a sum. Higher is better.

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
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["DEFINITION", "SCALE_FACTOR", "VERSION", "score_nahs"]

DEFINITION: Final = get_definition("nahs")
VERSION: Final[str] = DEFINITION.version
"""Version of this scoring definition; stored next to every score."""

SCALE_FACTOR: Final = Fraction(5, 4)
"""Raw points (0-80) to the 0-100 scale."""


def score_nahs(answers: Mapping[str, object], *, field_prefix: str = "") -> ScoreResult:
    """Score one NAHS form (item code -> 0-4); every item is required."""
    checked = check_answers(DEFINITION, answers, field_prefix)
    if checked.blank:
        return unscorable(DEFINITION, checked, "nahs needs all 20 items answered")
    return scored(DEFINITION, checked, exact_sum(checked.points.values()) * SCALE_FACTOR)
