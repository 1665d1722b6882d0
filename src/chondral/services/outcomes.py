"""Use cases for outcome measures: score a responses file, summarise a case, draw its charts."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chondral.errors import InputDataError
from chondral.io import load_case
from chondral.io.documents import load_document
from chondral.outcomes import (
    DEFAULT_SCORING_RULES,
    OutcomeSummary,
    ScoreResult,
    ScoringRules,
    ThresholdSet,
    default_threshold_set,
    get_instrument,
    parse_threshold_set,
    score_response,
    summarise_outcomes,
)
from chondral.reports.outcome_plots import outcome_chart_data, write_outcome_charts

__all__ = [
    "CHART_DATA_FILENAME",
    "OutcomeCharts",
    "choose_threshold_set",
    "draw_case_outcomes",
    "score_responses_file",
    "summarise_case_outcomes",
]

CHART_DATA_FILENAME = "outcomes-chart.json"
_RESPONSE_KEYS = frozenset({"instrument", "answers"})


def score_responses_file(
    path: Path, instrument: str, *, rules: ScoringRules = DEFAULT_SCORING_RULES
) -> ScoreResult:
    """Score ``{"instrument": ..., "answers": {...}}`` in ``path`` as ``instrument``.

    ``InputDataError`` for an unknown ``instrument`` argument (field ``INSTRUMENT``), a file whose
    ``instrument`` differs, or any bad item or answer (field ``answers.<item>``).
    """
    wanted = get_instrument(instrument, field="INSTRUMENT")
    document = load_document(path)
    if not isinstance(document, Mapping):
        raise InputDataError(
            f"{path}: must be an object with 'instrument' and 'answers', "
            f"got {type(document).__name__}"
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


def choose_threshold_set(thresholds_path: Path | None) -> ThresholdSet:
    """The set in ``thresholds_path`` (YAML or JSON, checked strictly), or Nwachukwu 2020."""
    if thresholds_path is None:
        return default_threshold_set()
    document = load_document(thresholds_path)
    try:
        return parse_threshold_set(document)
    except InputDataError as error:
        raise InputDataError(f"{thresholds_path}: {error.problem}", field=error.field) from error


def summarise_case_outcomes(case_path: Path, thresholds_path: Path | None = None) -> OutcomeSummary:
    """Baseline, follow-ups, changes and MCID/PASS/SCB flags for the case in ``case_path``."""
    thresholds = choose_threshold_set(thresholds_path)
    case = load_case(case_path)
    return summarise_outcomes(
        case.proms,
        case.surgery_date,
        thresholds=thresholds,
        case_id=case.case_id,
        side=str(case.side),
    )


@dataclass(frozen=True, slots=True)
class OutcomeCharts:
    """What ``draw_case_outcomes`` wrote: one PNG per instrument and the chart data as JSON."""

    images: Sequence[Path]
    data_path: Path
    data: Mapping[str, Any]


def draw_case_outcomes(summary: OutcomeSummary, out_dir: Path) -> OutcomeCharts:
    """Write ``outcomes-<instrument>.png`` per instrument and ``outcomes-chart.json``."""
    data = outcome_chart_data(summary)
    images = write_outcome_charts(summary, out_dir, chart_data=data)
    data_path = out_dir / CHART_DATA_FILENAME
    data_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return OutcomeCharts(images=images, data_path=data_path, data=data)
