"""Visual analogue scale for hip pain, 0-10 (VAS pain).

One item, ``pain``: a mark on a 0-10 line, 0 = no pain, 10 = worst pain imaginable. Any real
number from 0 to 10 is accepted; the score is that number rounded half-up to one decimal. Lower
is better, which is why MCID and PASS comparisons for this instrument run the other way (see
``chondral.outcomes.thresholds``). No MCID or PASS after hip arthroscopy was found for it
(clinical-reference.md 7.5), so the default threshold set has none.

References
----------
- Hawker GA, Mian S, Kendzerska T, French M. Measures of adult pain. Arthritis Care Res
  2011;63 Suppl 11:S240-S252 [U: general description of pain VAS, not re-read here].
- Use in hip arthroscopy series (0-10, e.g. 5.86 -> 2.94): clinical-reference.md 7.4 (Domb
  2-year cohort, PMC4922519) [V].
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import get_definition
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["DEFINITION", "VERSION", "score_vas_pain"]

DEFINITION: Final = get_definition("vas_pain")
VERSION: Final[str] = DEFINITION.version
"""Version of this scoring definition; stored next to every score."""


def score_vas_pain(answers: Mapping[str, object], *, field_prefix: str = "") -> ScoreResult:
    """Score one pain VAS (``{"pain": 0-10}``)."""
    checked = check_answers(DEFINITION, answers, field_prefix)
    if checked.blank:
        return unscorable(DEFINITION, checked, "vas_pain needs its one item answered")
    return scored(DEFINITION, checked, exact_sum(checked.points.values()))
