"""The instruments chondral scores, and scoring or validating a form by instrument code.

``score_response("hos_adl", answers)`` picks the instrument module (``mhhs``, ``hos_adl``,
``hos_sport``, ``ihot12``, ``nahs``, ``vas_pain``) and applies the missing-item rules in a
``ScoringRules``. ``validate_response`` checks a dated case-file response without scoring it.

Minimum answered items
----------------------
No source publishes how many items of HOS-ADL, HOS-Sport, iHOT-12 or NAHS may be left out.
chondral's defaults (9 of 17, 5 of 9, 10 of 12, 20 of 20) are its own design choice; every
result carries the rule it was judged by (``ScoreResult.answered_rule``), and a caller may set
another minimum per instrument (``ScoringRules.from_min_answered``; on the command line
``--min-answered INSTRUMENT=N``, read by ``parse_min_answered``). mHHS and VAS pain are not
configurable: mHHS is a fixed-scale sum of eight items and VAS pain has one item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError, ParameterError, quote
from chondral.outcomes import hos_adl, hos_sport, ihot12, mhhs, nahs, vas_pain
from chondral.outcomes._answers import check_answers, join_field
from chondral.outcomes._definitions import InstrumentDefinition, instrument_definitions
from chondral.outcomes._minimum import check_minimum
from chondral.outcomes._result import ScoreResult

__all__ = [
    "CONFIGURABLE_MINIMUM",
    "DEFAULT_SCORING_RULES",
    "Instrument",
    "ScoringRules",
    "get_instrument",
    "parse_min_answered",
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


CONFIGURABLE_MINIMUM: Final = (
    Instrument.HOS_ADL,
    Instrument.HOS_SPORT,
    Instrument.IHOT12,
    Instrument.NAHS,
)
"""The instruments whose minimum answered items is chondral's choice, and so configurable."""


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Missing-item rules where the manuals give none. The defaults are chondral's choice.

    ``hos_adl_min_answered`` (default 9 of 17), ``hos_sport_min_answered`` (5 of 9),
    ``nahs_min_answered`` (20 of 20): fewest items answered (not blank, not "na") for a score.
    ``ihot12_max_missing`` (2 of 12, i.e. at least 10 answered): most blank items for an iHOT-12
    score. mHHS and VAS pain need every item; that is not configurable.
    """

    hos_adl_min_answered: int = hos_adl.DEFAULT_MIN_ANSWERED
    hos_sport_min_answered: int = hos_sport.DEFAULT_MIN_ANSWERED
    ihot12_max_missing: int = ihot12.DEFAULT_MAX_MISSING
    nahs_min_answered: int = nahs.DEFAULT_MIN_ANSWERED

    def __post_init__(self) -> None:
        check_minimum(hos_adl.DEFINITION, self.hos_adl_min_answered, "hos_adl_min_answered")
        check_minimum(hos_sport.DEFINITION, self.hos_sport_min_answered, "hos_sport_min_answered")
        ihot12.check_max_missing(self.ihot12_max_missing, "ihot12_max_missing")
        check_minimum(nahs.DEFINITION, self.nahs_min_answered, "nahs_min_answered")

    def min_answered(self, instrument: str) -> int | None:
        """The fewest answered items for a score of ``instrument``; ``None`` where it is not
        configurable (mHHS, VAS pain: every item)."""
        minimums: dict[str, int] = {
            Instrument.HOS_ADL: self.hos_adl_min_answered,
            Instrument.HOS_SPORT: self.hos_sport_min_answered,
            Instrument.IHOT12: len(ihot12.DEFINITION.items) - self.ihot12_max_missing,
            Instrument.NAHS: self.nahs_min_answered,
        }
        return minimums.get(instrument)

    @classmethod
    def from_min_answered(
        cls, min_answered: Mapping[str, object], *, field: str = "min_answered"
    ) -> ScoringRules:
        """The default rules with the minimums in ``min_answered`` (instrument -> N) replaced.

        ``ParameterError`` naming ``field`` for an instrument that is unknown or not
        configurable, or an N that is not a whole number from 1 to the instrument's item count.
        """
        chosen: dict[str, int] = {}
        for code, value in min_answered.items():
            definition = _configurable(code, field)
            count = len(definition.items)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
                raise ParameterError(
                    f"{definition.code} has {count} items: N must be a whole number from 1 to "
                    f"{count}, got {quote(value)}",
                    field=field,
                )
            chosen[definition.code] = value
        defaults = DEFAULT_SCORING_RULES
        ihot12_items = len(ihot12.DEFINITION.items)
        return cls(
            hos_adl_min_answered=chosen.get("hos_adl", defaults.hos_adl_min_answered),
            hos_sport_min_answered=chosen.get("hos_sport", defaults.hos_sport_min_answered),
            ihot12_max_missing=(
                ihot12_items - chosen["ihot12"]
                if "ihot12" in chosen
                else defaults.ihot12_max_missing
            ),
            nahs_min_answered=chosen.get("nahs", defaults.nahs_min_answered),
        )


DEFAULT_SCORING_RULES: Final = ScoringRules()

_CODES: Final = frozenset(str(code) for code in Instrument)
_MIN_ANSWERED_ENTRY: Final = re.compile(r"\s*([A-Za-z0-9_]{1,40})\s*=\s*([0-9]{1,9})\s*")


def _configurable(code: object, field: str) -> InstrumentDefinition:
    names = ", ".join(CONFIGURABLE_MINIMUM)
    if code in (Instrument.MHHS, Instrument.VAS_PAIN):
        raise ParameterError(
            f"{code} has no configurable minimum (every item is required); "
            f"configurable instruments: {names}",
            field=field,
        )
    if not isinstance(code, str) or code not in _CODES:
        raise ParameterError(
            f"unknown instrument {quote(code)}; configurable instruments: {names}", field=field
        )
    return instrument_definitions()[code]


def parse_min_answered(entries: Sequence[str], *, field: str = "min_answered") -> dict[str, int]:
    """Read ``INSTRUMENT=N`` entries (``["hos_adl=8", "nahs=18"]``) into a mapping.

    ``ParameterError`` naming ``field`` for an entry that is not ``INSTRUMENT=N`` with a whole
    number N, an instrument given twice, or one that is unknown or not configurable. Whether N
    is in range is checked by ``ScoringRules.from_min_answered``.
    """
    chosen: dict[str, int] = {}
    for entry in entries:
        match = _MIN_ANSWERED_ENTRY.fullmatch(entry)
        if match is None:
            raise ParameterError(
                f"expected INSTRUMENT=N with N a whole number (e.g. hos_adl=8), got {quote(entry)}",
                field=field,
            )
        code, number = match.group(1), int(match.group(2))
        _configurable(code, field)
        if code in chosen:
            raise ParameterError(f"{code} is given more than once", field=field)
        chosen[code] = number
    return chosen


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
    Instrument.NAHS: lambda answers, rules, prefix: nahs.score_nahs(
        answers, min_answered=rules.nahs_min_answered, field_prefix=prefix
    ),
    Instrument.VAS_PAIN: lambda answers, _rules, prefix: vas_pain.score_vas_pain(
        answers, field_prefix=prefix
    ),
}


def get_instrument(code: object, *, field: str = "instrument") -> InstrumentDefinition:
    """The definition of instrument ``code``; ``InputDataError`` naming ``field`` if unknown."""
    definitions = instrument_definitions()
    if not isinstance(code, str) or code not in definitions:
        raise InputDataError(
            f"unknown instrument {quote(code)}; known instruments are " + ", ".join(definitions),
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
