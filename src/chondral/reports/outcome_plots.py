"""Charts of outcome scores over time, with the MCID band and the PASS line.

``outcome_chart_data(summary)`` gives everything a chart needs as plain JSON-serialisable data
(the web draws it later with Plotly); ``write_outcome_charts(summary, out_dir)`` draws the same
data as one PNG per instrument with matplotlib's Agg canvas (no display, no global pyplot state).

Chart data per instrument
-------------------------
- ``points``: every response, ``role`` ``pre_operative`` / ``baseline`` / ``follow_up``, with
  ``days_from_surgery`` (negative before surgery) and ``months_from_surgery``
  (days / 30.4375); ``score`` is ``null`` for a form that cannot be scored.
- ``mcid_band``: segments ``{start_day, end_day, lower, upper, time_point_months, source}``. The
  band runs from the baseline score to baseline + MCID (baseline - MCID to baseline for a
  lower-is-better instrument): a follow-up beyond the band has reached the MCID. Each segment
  covers the days whose nearest threshold time point is ``time_point_months``, from surgery to
  the last follow-up, so the band shows exactly the value each follow-up is compared with.
- ``pass_line``: segments ``{start_day, end_day, value, time_point_months, source}``, likewise.
- ``notes``: why a band or line is absent (no threshold in the set, no scorable baseline).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from chondral.errors import MissingDependencyError
from chondral.outcomes import (
    Direction,
    InstrumentCourse,
    Measure,
    OutcomeSummary,
    ThresholdSet,
)
from chondral.outcomes.thresholds import DAYS_PER_MONTH

__all__ = ["outcome_chart_data", "write_outcome_charts"]

_FIGURE_SIZE_IN = (7.5, 4.2)
_DPI = 120


def _months(days: float) -> float:
    return round(float(days / DAYS_PER_MONTH), 3)


def _segments(
    thresholds: ThresholdSet, instrument: str, measure: Measure, last_day: int
) -> list[tuple[float, float, int, Decimal, str]]:
    """(start_day, end_day, months, value, source) for each nearest-time-point region."""
    months = thresholds.time_points_months(instrument)
    if not months:
        return []
    boundaries = [float((a + b) / 2 * DAYS_PER_MONTH) for a, b in itertools.pairwise(months)]
    starts = [0.0, *boundaries]
    ends = [*boundaries, float(last_day)]
    segments = []
    for time_point, start, end in zip(months, starts, ends, strict=True):
        threshold = thresholds.find(instrument, measure, time_point)
        if threshold is None or start >= last_day:
            continue
        segments.append(
            (start, min(end, float(last_day)), time_point, threshold.value, threshold.source)
        )
    return segments


def _has(thresholds: ThresholdSet, instrument: str, measure: Measure) -> bool:
    months = thresholds.time_points_months(instrument)
    return any(thresholds.find(instrument, measure, m) is not None for m in months)


def _mcid_band(
    direction: Direction,
    baseline_score: Decimal,
    segments: list[tuple[float, float, int, Decimal, str]],
) -> list[dict[str, Any]]:
    lower_better = direction is Direction.LOWER_IS_BETTER
    return [
        {
            "start_day": start,
            "end_day": end,
            "lower": float(baseline_score - value if lower_better else baseline_score),
            "upper": float(baseline_score if lower_better else baseline_score + value),
            "time_point_months": months,
            "source": source,
        }
        for start, end, months, value, source in segments
    ]


def _course_chart(course: InstrumentCourse, thresholds: ThresholdSet) -> dict[str, Any]:
    definition = course.definition
    points: list[dict[str, Any]] = []
    for response in course.pre_operative:
        role = "baseline" if response is course.baseline else "pre_operative"
        points.append(
            _point(
                role,
                response.date.isoformat(),
                response.days_from_surgery,
                response.result.score,
                role.replace("_", "-"),
            )
        )
    for follow_up in course.follow_ups:
        scored = follow_up.scored
        points.append(
            _point(
                "follow_up",
                scored.date.isoformat(),
                scored.days_from_surgery,
                scored.result.score,
                follow_up.time_point,
            )
        )
    notes: list[str] = []
    last_day = max((f.scored.days_from_surgery for f in course.follow_ups), default=0)
    baseline = course.baseline
    baseline_score = None if baseline is None else baseline.result.score
    mcid_segments = _segments(thresholds, definition.code, Measure.MCID, last_day)
    band: list[dict[str, Any]] = []
    if not _has(thresholds, definition.code, Measure.MCID):
        notes.append(f"no MCID for {definition.code} in threshold set {thresholds.id}")
    elif baseline_score is None:
        notes.append("no scorable pre-operative baseline, so no MCID band")
    else:
        band = _mcid_band(definition.direction, baseline_score, mcid_segments)
    pass_segments = _segments(thresholds, definition.code, Measure.PASS, last_day)
    if not _has(thresholds, definition.code, Measure.PASS):
        notes.append(f"no PASS for {definition.code} in threshold set {thresholds.id}")
    pass_line = [
        {
            "start_day": start,
            "end_day": end,
            "value": float(value),
            "time_point_months": months,
            "source": source,
        }
        for start, end, months, value, source in pass_segments
    ]
    return {
        "instrument": definition.code,
        "title": definition.title,
        "version": definition.version,
        "direction": str(definition.direction),
        "score_range": {"minimum": definition.score_minimum, "maximum": definition.score_maximum},
        "points": points,
        "mcid_band": band,
        "pass_line": pass_line,
        "notes": notes,
    }


def _point(role: str, date: str, days: int, score: Decimal | None, label: str) -> dict[str, Any]:
    return {
        "role": role,
        "date": date,
        "days_from_surgery": days,
        "months_from_surgery": _months(days),
        "score": None if score is None else float(score),
        "label": label,
    }


def outcome_chart_data(summary: OutcomeSummary) -> dict[str, Any]:
    """Chart data for every instrument of a case (JSON-serialisable)."""
    return {
        "case_id": summary.case_id,
        "side": None if summary.side is None else str(summary.side),
        "surgery_date": summary.surgery_date.isoformat(),
        "threshold_set": summary.thresholds.describe(),
        "instruments": [
            _course_chart(course, summary.thresholds) for course in summary.instruments
        ],
    }


def _draw(chart: dict[str, Any], heading: str, path: Path) -> None:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "drawing outcome charts needs matplotlib: pip install 'chondral[figures]'"
        ) from error
    figure = Figure(figsize=_FIGURE_SIZE_IN, dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for index, segment in enumerate(chart["mcid_band"]):
        axes.fill_between(
            [_months(segment["start_day"]), _months(segment["end_day"])],
            segment["lower"],
            segment["upper"],
            color="tab:orange",
            alpha=0.2,
            linewidth=0,
            label="MCID band (from baseline)" if index == 0 else "_nolegend_",
        )
    for index, segment in enumerate(chart["pass_line"]):
        axes.hlines(
            segment["value"],
            _months(segment["start_day"]),
            _months(segment["end_day"]),
            colors="tab:green",
            linestyles="--",
            label="PASS" if index == 0 else "_nolegend_",
        )
    scored = [p for p in chart["points"] if p["score"] is not None]
    axes.plot(
        [p["months_from_surgery"] for p in scored],
        [p["score"] for p in scored],
        marker="o",
        color="tab:blue",
        label=chart["instrument"],
    )
    for point in scored:
        axes.annotate(
            point["label"],
            (point["months_from_surgery"], point["score"]),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    axes.axvline(0, color="grey", linewidth=0.8)
    score_range = chart["score_range"]
    axes.set_ylim(score_range["minimum"], score_range["maximum"])
    better = (
        "lower is better"
        if chart["direction"] == str(Direction.LOWER_IS_BETTER)
        else ("higher is better")
    )
    axes.set_ylabel(f"score ({better})")
    axes.set_xlabel("months from surgery")
    axes.set_title(heading, fontsize=10)
    axes.legend(loc="best", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, format="png")


def write_outcome_charts(
    summary: OutcomeSummary, out_dir: Path, *, chart_data: dict[str, Any] | None = None
) -> Sequence[Path]:
    """Draw one PNG per instrument into ``out_dir`` (``outcomes-<instrument>.png``)."""
    data = outcome_chart_data(summary) if chart_data is None else chart_data
    out_dir.mkdir(parents=True, exist_ok=True)
    side = (data["side"] or "unknown side").upper()
    written = []
    for chart in data["instruments"]:
        path = out_dir / f"outcomes-{chart['instrument']}.png"
        heading = f"{chart['title']}: {side} hip, case {data['case_id']}"
        _draw(chart, heading, path)
        written.append(path)
    return tuple(written)
