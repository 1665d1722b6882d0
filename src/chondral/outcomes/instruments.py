"""The instruments chondral scores, and scoring or validating a form by instrument code.

``score_response("hos_adl", answers)`` picks the instrument module (``mhhs``, ``hos_adl``,
``hos_sport``, ``ihot12``, ``nahs``, ``vas_pain``) and applies the missing-item rules in a
``ScoringRules``. ``validate_response`` checks a dated case-file response without scoring it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError
from chondral.outcomes import hos_adl, hos_sport, ihot12, mhhs, nahs, vas_pain
from chondral.outcomes._answers import check_answers, join_field
from chondral.outcomes._definitions import InstrumentDefinition, instrument_definitions
from chondral.outcomes._hos import check_minimum
from chondral.outcomes._result import ScoreResult

__all__ = [
    "DEFAULT_SCORING_RULES",
    "Instrument",
    "ScoringRules",
    "get_instrument",
    "score_response",
    "validate_response",
]


class Instrument(StrEnum):
    """Instrument codes, as written in response and case files."""

    MHHS = "mhhs"
    HOS_ADL = "hos_adl"
    HOS_SPORT = "hos_sport"
    IHOT12 = "ihot12"
    NAHS = "nahs"
    VAS_PAIN = "vas_pain"


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Missing-item rules where the manuals give none. The defaults are chondral's choice.

    ``hos_adl_min_answered`` (default 9 of 17), ``hos_sport_min_answered`` (5 of 9): fewest
    items answered (not blank, not "na") for a HOS subscale score. ``ihot12_max_missing``
    (2 of 12): most blank items for an iHOT-12 score. mHHS and NAHS are sums and need every item;
    that is the manual's rule, so it is not configurable.
    """

    hos_adl_min_answered: int = hos_adl.DEFAULT_MIN_ANSWERED
    hos_sport_min_answered: int = hos_sport.DEFAULT_MIN_ANSWERED
    ihot12_max_missing: int = ihot12.DEFAULT_MAX_MISSING

    def __post_init__(self) -> None:
        check_minimum(hos_adl.DEFINITION, self.hos_adl_min_answered, "hos_adl_min_answered")
        check_minimum(hos_sport.DEFINITION, self.hos_sport_min_answered, "hos_sport_min_answered")
        ihot12.check_max_missing(self.ihot12_max_missing, "ihot12_max_missing")


DEFAULT_SCORING_RULES: Final = ScoringRules()

_Scorer = Callable[[Mapping[str, object], ScoringRules, str], ScoreResult]

_SCORERS: Final[Mapping[str, _Scorer]] = {
    Instrument.MHHS: lambda answers, _rules, prefix: mhhs.score_mhhs(answers, field_prefix=prefix),
    Instrument.HOS_ADL: lambda answers, rules, prefix: hos_adl.score_hos_adl(
        answers, min_answered=rules.hos_adl_min_answered, field_prefix=prefix
    ),
    Instrument.HOS_SPORT: lambda answers, rules, prefix: hos_sport.score_hos_sport(
        answers, min_answered=rules.hos_sport_min_answered, field_prefix=prefix
    ),
    Instrument.IHOT12: lambda answers, rules, prefix: ihot12.score_ihot12(
        answers, max_missing=rules.ihot12_max_missing, field_prefix=prefix
    ),
    Instrument.NAHS: lambda answers, _rules, prefix: nahs.score_nahs(answers, field_prefix=prefix),
    Instrument.VAS_PAIN: lambda answers, _rules, prefix: vas_pain.score_vas_pain(
        answers, field_prefix=prefix
    ),
}


def get_instrument(code: object, *, field: str = "instrument") -> InstrumentDefinition:
    """The definition of instrument ``code``; ``InputDataError`` naming ``field`` if unknown."""
    definitions = instrument_definitions()
    if not isinstance(code, str) or code not in definitions:
        raise InputDataError(
            f"unknown instrument {code!r}; known instruments are " + ", ".join(definitions),
            field=field,
        )
    return definitions[code]


def score_response(
    instrument: str,
    answers: Mapping[str, object],
    *,
    rules: ScoringRules = DEFAULT_SCORING_RULES,
    field_prefix: str = "",
) -> ScoreResult:
    """Score one form of ``instrument``; bad input raises ``InputDataError`` naming the field.

    ``field_prefix`` is the path of the response in its document (``proms[2]``); error fields
    are ``<prefix>.instrument`` and ``<prefix>.answers.<item>``.
    """
    definition = get_instrument(instrument, field=join_field(field_prefix, "instrument"))
    return _SCORERS[definition.code](answers, rules, field_prefix)


def validate_response(response: PromResponse, field_prefix: str) -> None:
    """Check a case-file response: known instrument, item codes and answers.

    Raises ``InputDataError`` with ``field`` such as ``proms[2].instrument`` or
    ``proms[2].answers.adl_4``. A form that is valid but not scorable (too many blanks) passes.
    """
    definition = get_instrument(response.instrument, field=join_field(field_prefix, "instrument"))
    check_answers(definition, response.answers, field_prefix)
