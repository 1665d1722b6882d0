"""The chart data document (``outcomes-chart.json``): what the outcome charts show, for the web.

Top level: ``case_id``, ``side``, ``surgery_date``, ``threshold_set`` and ``instruments``; per
instrument: ``instrument``, ``title``, ``version``, ``direction``, ``score_range``, ``points``
(``role``, ``date``, ``days_from_surgery``, ``months_from_surgery``, ``score``, ``label``),
``mcid_band`` (``start_day``, ``end_day``, ``lower``, ``upper``, ``time_point_months``,
``source``), ``pass_line`` (``start_day``, ``end_day``, ``value``, ``time_point_months``,
``source``) and ``notes``. What each holds is defined in ``chondral.outcomes.chart``; the PNG
charts are drawn from the same records.
"""

from __future__ import annotations

from typing import Any

from chondral.io.outcomes_json import instrument_to_dict
from chondral.io.threshold_set import threshold_set_identity
from chondral.outcomes import OutcomeSummary
from chondral.outcomes.chart import (
    BandSegment,
    ChartPoint,
    InstrumentChart,
    LineSegment,
    chart_outcomes,
)

__all__ = ["outcome_chart_to_dict"]


def _point(point: ChartPoint) -> dict[str, Any]:
    return {
        "role": point.role,
        "date": point.date,
        "days_from_surgery": point.days_from_surgery,
        "months_from_surgery": point.months_from_surgery,
        "score": None if point.score is None else float(point.score),
        "label": point.label,
    }


def _band(segment: BandSegment) -> dict[str, Any]:
    return {
        "start_day": segment.start_day,
        "end_day": segment.end_day,
        "lower": float(segment.lower),
        "upper": float(segment.upper),
        "time_point_months": segment.time_point_months,
        "source": segment.source,
    }


def _line(segment: LineSegment) -> dict[str, Any]:
    return {
        "start_day": segment.start_day,
        "end_day": segment.end_day,
        "value": float(segment.value),
        "time_point_months": segment.time_point_months,
        "source": segment.source,
    }


def _chart(chart: InstrumentChart) -> dict[str, Any]:
    return {
        **instrument_to_dict(chart.definition),
        "points": [_point(point) for point in chart.points],
        "mcid_band": [_band(segment) for segment in chart.mcid_band],
        "pass_line": [_line(segment) for segment in chart.pass_line],
        "notes": list(chart.notes),
    }


def outcome_chart_to_dict(summary: OutcomeSummary) -> dict[str, Any]:
    """Chart data for every instrument of a case (JSON-serialisable)."""
    return {
        "case_id": summary.case_id,
        "side": None if summary.side is None else str(summary.side),
        "surgery_date": summary.surgery_date.isoformat(),
        "threshold_set": threshold_set_identity(summary.thresholds),
        "instruments": [_chart(chart) for chart in chart_outcomes(summary)],
    }
