"""Modified Harris Hip Score (mHHS): the patient-reported items of the Harris Hip Score.

Eight items: pain (up to 44 points) and seven function items (47 points together: limp 11,
support 11, distance 11, stairs 4, socks and shoes 4, sitting 5, public transport 1), so the raw
maximum is 91. The clinician-measured deformity and range-of-motion sections of the full Harris
Hip Score are not part of it. The items and answer codes are defined in
``resources/instruments.json``. Limp offers "unable to walk" (``unable_to_walk``), as the ISHA
form does; it is worth 0 points, like a severe limp (limp runs from 11 points for none down to 0,
and a patient who cannot walk is at that floor), so no existing answer changes its points.

Scoring: raw sum x 1.1, rounded half-up to one decimal (see ``chondral.outcomes._rounding``),
capped at 100.0, because 91 x 1.1 = 100.1. Every item must be answered: the score is a sum, and
a sum with an item left out is not the same scale, so a form with a blank item is not scorable.
Higher is better.

References
----------
- Byrd JWT, Jones KS. Prospective analysis of hip arthroscopy with 2-year follow-up.
  Arthroscopy 2000;16(6):578 (introduces the modified score) [U: not re-read here].
- Item points: clinical-reference.md section 7.1 (Physio-pedia, cal12 calculator, Medicine
  supplementary table) [V]. Limp options including "unable to walk": the ISHA modified Harris
  Hip Score form (public copy on pdfslide.net) [V; the form prints no points]. The x 1.1 factor and the cap at 100: clinical-reference.md 7.1
  (the factor is flagged [U] there; the normalisation to 0-100 itself is [V]).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Final

from chondral.outcomes._answers import check_answers
from chondral.outcomes._definitions import get_definition
from chondral.outcomes._result import ScoreResult, scored, unscorable
from chondral.outcomes._rounding import exact_sum

__all__ = ["DEFINITION", "MAXIMUM_SCORE", "SCALE_FACTOR", "VERSION", "score_mhhs"]

DEFINITION: Final = get_definition("mhhs")
VERSION: Final[str] = DEFINITION.version
"""Version of this scoring definition; stored next to every score."""

SCALE_FACTOR: Final = Fraction(11, 10)
"""Raw points (0-91) to the 0-100 scale."""

MAXIMUM_SCORE: Final = Fraction(100)
"""The cap: a perfect raw 91 gives 100.1 before it."""


def score_mhhs(answers: Mapping[str, object], *, field_prefix: str = "") -> ScoreResult:
    """Score one mHHS form (item code -> answer code); every item is required.

    >>> perfect = {"pain": "none", "limp": "none", "support": "none", "distance": "unlimited",
    ...            "stairs": "normal", "socks_shoes": "easy", "sitting": "any_chair_1h",
    ...            "public_transport": "able"}
    >>> score_mhhs(perfect).score
    Decimal('100.0')
    """
    checked = check_answers(DEFINITION, answers, field_prefix)
    if checked.blank:
        return unscorable(DEFINITION, checked, "mhhs needs all 8 items answered")
    raw_points = exact_sum(checked.points.values())
    return scored(DEFINITION, checked, min(raw_points * SCALE_FACTOR, MAXIMUM_SCORE))
