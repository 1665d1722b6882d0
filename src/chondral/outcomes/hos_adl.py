"""Hip Outcome Score, activities of daily living subscale (HOS-ADL).

17 items (``adl_1`` .. ``adl_17``), each 0-4 (4 = no difficulty, 0 = unable) or
``"na"`` (not applicable). Score = 100 x sum / (4 x items answered), rounded half-up to one
decimal; "na" and blank items leave both the sum and the count. Higher is better. The scoring is
shared with HOS-Sport (``chondral.outcomes._hos``).

The full ADL page asks 19 questions; "sitting for 15 minutes" and "putting on socks and shoes" are
asked but not scored (clinical-reference.md 7.2), so they are not items here. The maximum sum is
68 when all 17 are answered.

Minimum answered: the manual and the sources seen state no rule. chondral's default is
``DEFAULT_MIN_ANSWERED = 9`` (more than half of the 17 items), a design choice that every result
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

__all__ = ["DEFAULT_MIN_ANSWERED", "DEFINITION", "SUBSCALE", "VERSION", "score_hos_adl"]

SUBSCALE: Final = HosSubscale("hos_adl", default_min_answered=9)
DEFINITION: Final = SUBSCALE.definition
VERSION: Final[str] = SUBSCALE.version
"""Version of this scoring definition; stored next to every score."""

DEFAULT_MIN_ANSWERED: Final = SUBSCALE.default_min_answered
"""chondral default, not the manual's (it has none): fewest answered items for a score."""

score_hos_adl: Final = SUBSCALE.score
"""Score one HOS-ADL form: ``score_hos_adl(answers, *, min_answered=9, field_prefix="")``."""
