"""Hip Outcome Score, sports subscale (HOS-Sport).

9 items (``sport_1`` .. ``sport_9``), each 0-4 (4 = no difficulty, 0 = unable) or
``"na"`` (not applicable). Score = 100 x sum / (4 x items answered), rounded half-up to one
decimal; "na" and blank items leave both the sum and the count. Higher is better. The scoring is
shared with HOS-ADL (``chondral.outcomes._hos``). The maximum sum is 36 when all 9 are answered.

Minimum answered: the manual and the sources seen state no rule. chondral's default is
``DEFAULT_MIN_ANSWERED = 5`` (more than half of the 9 items), a design choice that every result
carries in its ``answered_rule``; pass ``min_answered`` to use another.

References
----------
- Martin RL, Kelly BT, Philippon MJ. Evidence of validity for the hip outcome score.
  Arthroscopy 2006;22(12):1304-1311 [V via clinical-reference.md 7.2].
- Scoring rule (N/A and blanks out of numerator and denominator): clinical-reference.md 7.2
  (orthotoolkit, Physio-pedia, awell-score) [V].
"""

from __future__ import annotations

from typing import Final

from chondral.outcomes._hos import HosSubscale

__all__ = ["DEFAULT_MIN_ANSWERED", "DEFINITION", "SUBSCALE", "VERSION", "score_hos_sport"]

SUBSCALE: Final = HosSubscale("hos_sport", default_min_answered=5)
DEFINITION: Final = SUBSCALE.definition
VERSION: Final[str] = SUBSCALE.version
"""Version of this scoring definition; stored next to every score."""

DEFAULT_MIN_ANSWERED: Final = SUBSCALE.default_min_answered
"""chondral default, not the manual's (it has none): fewest answered items for a score."""

score_hos_sport: Final = SUBSCALE.score
"""Score one HOS-Sport form: ``score_hos_sport(answers, *, min_answered=5, field_prefix="")``."""
