"""Use cases for outcome measures: score a response document, summarise a case, draw its charts.

The services take what the caller has already read (a parsed responses document, a ``Case``, a
``ThresholdSet``) and never open an input file; the command line reads files through
``chondral.io``, the web app from its storage. Errors name the document field (``answers.pain``,
``proms[2].date``) or the service's parameter (``instrument``, ``min_answered``, ``plots_dir``),
never a command-line flag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from chondral.domain import Case
from chondral.errors import InputDataError, ParameterError
from chondral.io.json_files import make_folder, write_bytes, write_json
from chondral.io.outcome_chart_json import outcome_chart_to_dict
from chondral.outcomes import (
    DEFAULT_SCORING_RULES,
    OutcomeSummary,
    ScoreResult,
    ScoringRules,
    ThresholdSet,
    default_threshold_set,
    get_instrument,
    score_response,
    summarise_outcomes,
)
from chondral.reports.outcome_plots import outcome_chart_pngs

__all__ = [
    "CHART_DATA_FILENAME",
    "OutcomeCharts",
    "draw_case_outcomes",
    "score_response_document",
    "summarise_case_outcomes",
]

CHART_DATA_FILENAME: Final = "outcomes-chart.json"
_RESPONSE_KEYS: Final = frozenset({"instrument", "answers"})


def score_response_document(
    document: object, instrument: str, *, rules: ScoringRules = DEFAULT_SCORING_RULES
) -> ScoreResult:
    """Score a responses document ``{"instrument": ..., "answers": {...}}`` as ``instrument``.

    ``document`` is what ``chondral.io.documents.load_document`` (or a web form) gave.
    ``ParameterError`` (field ``instrument``) for an unknown ``instrument``; ``InputDataError``
    for a document that is not such an object, whose ``instrument`` differs, or with a bad item
    or answer (field ``answers.<item>``).
    """
    try:
        wanted = get_instrument(instrument, field="instrument")
    except InputDataError as error:
        raise ParameterError(error.problem, field="instrument") from error
    if not isinstance(document, Mapping):
        raise InputDataError(
            f"must be an object with 'instrument' and 'answers', got {type(document).__name__}"
        )
    for key in document:
        if key not in _RESPONSE_KEYS:
            raise InputDataError("unknown field; allowed: answers, instrument", field=str(key))
    for key in sorted(_RESPONSE_KEYS):
        if key not in document:
            raise InputDataError("is required", field=key)
    declared = get_instrument(document["instrument"], field="instrument")
    if declared.code != wanted.code:
        raise InputDataError(
            f"the file holds a {declared.code} response, but {wanted.code} was asked for",
            field="instrument",
        )
    return score_response(wanted.code, document["answers"], rules=rules)


def summarise_case_outcomes(
    case: Case,
    thresholds: ThresholdSet | None = None,
    *,
    rules: ScoringRules = DEFAULT_SCORING_RULES,
) -> OutcomeSummary:
    """Baseline, follow-ups, changes and MCID/PASS/SCB flags for ``case``'s PROM responses.

    ``thresholds`` defaults to Nwachukwu et al. 2020. The surgery date is the one the case
    records (``surgery_date``, else the operative record's date); without one,
    ``InputDataError`` naming ``surgery_date``.
    """
    return summarise_outcomes(
        case.proms,
        case.recorded_surgery_date,
        thresholds=default_threshold_set() if thresholds is None else thresholds,
        rules=rules,
        case_id=case.case_id,
        side=str(case.side),
    )


@dataclass(frozen=True, slots=True)
class OutcomeCharts:
    """What ``draw_case_outcomes`` wrote: one PNG per instrument and the chart data as JSON."""

    images: Sequence[Path]
    data_path: Path
    data: Mapping[str, Any]


def draw_case_outcomes(
    summary: OutcomeSummary, out_dir: Path, *, field: str = "plots_dir"
) -> OutcomeCharts:
    """Write ``outcomes-<instrument>.png`` per instrument and ``outcomes-chart.json`` into
    ``out_dir`` (made if needed).

    A folder that cannot be made or written (a file, ``/dev/null``, a name too long) is a
    ``ParameterError`` naming ``field``: the caller's name for ``out_dir``.
    """
    make_folder(out_dir, field=field)
    data = outcome_chart_to_dict(summary)
    images = tuple(
        write_bytes(out_dir / name, png, field=field)
        for name, png in outcome_chart_pngs(summary).items()
    )
    data_path = write_json(out_dir / CHART_DATA_FILENAME, data, field=field)
    return OutcomeCharts(images=images, data_path=data_path, data=data)
