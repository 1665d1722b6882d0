"""Patient-reported outcome measures: exact scoring, MCID/PASS/SCB flags, courses over time.

One module per instrument, each with its ``VERSION`` and ``References``:

=============  ==========================================  ==================================
module         instrument                                  score
=============  ==========================================  ==================================
``mhhs``       modified Harris Hip Score                   raw x 1.1, capped at 100.0
``hos_adl``    Hip Outcome Score, daily-living subscale    100 x sum / (4 x answered)
``hos_sport``  Hip Outcome Score, sports subscale          100 x sum / (4 x answered)
``ihot12``     iHOT-12                                     mean of answered items (0-100)
``nahs``       Non-Arthritic Hip Score                     sum x 1.25
``vas_pain``   pain visual analogue scale, 0-10            the mark (lower is better)
=============  ==========================================  ==================================

Items, answer codes and their plain-words labels live in one place,
``resources/instruments.json`` (see ``instruments_document``), from which the scorers build
their tables. Scores are exact: computed as fractions and rounded once, half-up, to one decimal
(``Decimal``). Functions are pure; bad input raises ``chondral.errors.InputDataError`` whose
``field`` names the answer (``answers.pain``, ``proms[2].answers.adl_4``).

Where a manual states no minimum number of answered items (HOS-ADL, HOS-Sport, iHOT-12, NAHS),
chondral's minimum is its own design choice: every ``ScoreResult`` carries the rule it was judged
by (``answered_rule``), and ``ScoringRules`` sets another per instrument.

Thresholds (``thresholds``) are data with a source per value; the default set is Nwachukwu et
al. 2020. ``summarise_outcomes`` (``course``) arranges a case's dated responses into baseline,
follow-ups and flags; ``chart`` arranges them for drawing. The JSON forms of these records live
in ``chondral.io`` (``score_json``, ``outcomes_json``, ``outcome_chart_json``,
``threshold_set``).
"""

from __future__ import annotations

from chondral.outcomes._definitions import (
    AnswerFormat,
    AnswerKind,
    AnswerOption,
    Direction,
    InstrumentDefinition,
    ItemDefinition,
    instrument_definitions,
    instruments_document,
)
from chondral.outcomes._result import AnsweredRule, ScoreResult
from chondral.outcomes.course import (
    FollowUp,
    InstrumentCourse,
    OutcomeSummary,
    ScoredResponse,
    ThresholdCheck,
    label_time_point,
    summarise_outcomes,
)
from chondral.outcomes.hos_adl import score_hos_adl
from chondral.outcomes.hos_sport import score_hos_sport
from chondral.outcomes.ihot12 import score_ihot12
from chondral.outcomes.instruments import (
    CONFIGURABLE_MINIMUM,
    DEFAULT_SCORING_RULES,
    Instrument,
    ScoringRules,
    get_instrument,
    parse_min_answered,
    score_response,
    validate_response,
)
from chondral.outcomes.mhhs import score_mhhs
from chondral.outcomes.nahs import score_nahs
from chondral.outcomes.thresholds import (
    Basis,
    Measure,
    Threshold,
    ThresholdSet,
    default_threshold_set,
    parse_threshold_set,
)
from chondral.outcomes.vas_pain import score_vas_pain

__all__ = [
    "CONFIGURABLE_MINIMUM",
    "DEFAULT_SCORING_RULES",
    "AnswerFormat",
    "AnswerKind",
    "AnswerOption",
    "AnsweredRule",
    "Basis",
    "Direction",
    "FollowUp",
    "Instrument",
    "InstrumentCourse",
    "InstrumentDefinition",
    "ItemDefinition",
    "Measure",
    "OutcomeSummary",
    "ScoreResult",
    "ScoredResponse",
    "ScoringRules",
    "Threshold",
    "ThresholdCheck",
    "ThresholdSet",
    "default_threshold_set",
    "get_instrument",
    "instrument_definitions",
    "instruments_document",
    "label_time_point",
    "parse_min_answered",
    "parse_threshold_set",
    "score_hos_adl",
    "score_hos_sport",
    "score_ihot12",
    "score_mhhs",
    "score_nahs",
    "score_response",
    "score_vas_pain",
    "summarise_outcomes",
    "validate_response",
]
