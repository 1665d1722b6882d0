"""What an outcome chart shows: scores over time, the MCID band and the PASS line.

``chart_outcomes(summary)`` arranges an ``OutcomeSummary`` for drawing, as typed records; the
PNG drawing (``chondral.reports.outcome_plots``) and the chart data document for the web
(``chondral.io.outcome_chart_json``) both start from these, so they cannot disagree.

Per instrument (``InstrumentChart``):

- ``points``: every response, role ``pre_operative`` / ``baseline`` / ``follow_up``, with its
  days from surgery (negative before) and its score (``None`` for a form that cannot be scored).
- ``mcid_band``: ``BandSegment``s. The band runs from the baseline score to baseline + MCID
  (baseline - MCID to baseline for a lower-is-better instrument): a follow-up beyond the band
  has reached the MCID. Each segment covers the days whose nearest threshold time point is
  ``time_point_months``, from surgery to the last follow-up, so the band shows exactly the value
  each follow-up is compared with.
- ``pass_line``: ``LineSegment``s, likewise.
- ``notes``: why a band or line is absent (no threshold in the set, no scorable baseline).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from chondral.outcomes._definitions import Direction, InstrumentDefinition
from chondral.outcomes.course import InstrumentCourse, OutcomeSummary
from chondral.outcomes.thresholds import DAYS_PER_MONTH, Measure, ThresholdSet

__all__ = [
    "BandSegment",
    "ChartPoint",
    "InstrumentChart",
    "LineSegment",
    "chart_outcomes",
    "months_from_days",
]


def months_from_days(days: float) -> float:
    """Days from surgery as months (one month = 30.4375 days), to three decimals."""
    return round(float(days / DAYS_PER_MONTH), 3)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One response on the chart. ``label``: the time point (``1 year``) or the role."""

    role: str
    date: str
    days_from_surgery: int
    score: Decimal | None
    label: str

    @property
    def months_from_surgery(self) -> float:
        """``days_from_surgery`` in months."""
        return months_from_days(self.days_from_surgery)


@dataclass(frozen=True, slots=True)
class LineSegment:
    """A threshold value over the days (from surgery) where it applies."""

    start_day: float
    end_day: float
    value: Decimal
    time_point_months: int
    source: str


@dataclass(frozen=True, slots=True)
class BandSegment:
    """The MCID band over the days (from surgery) where one MCID value applies."""

    start_day: float
    end_day: float
    lower: Decimal
    upper: Decimal
    time_point_months: int
    source: str


@dataclass(frozen=True, slots=True)
class InstrumentChart:
    """Everything one instrument's chart shows."""

    definition: InstrumentDefinition
    points: tuple[ChartPoint, ...]
    mcid_band: tuple[BandSegment, ...]
    pass_line: tuple[LineSegment, ...]
    notes: tuple[str, ...]


def _segments(
    thresholds: ThresholdSet, instrument: str, measure: Measure, last_day: int
) -> list[LineSegment]:
    """One segment per nearest-time-point region that has a value for ``measure``."""
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
            LineSegment(
                start_day=start,
                end_day=min(end, float(last_day)),
                value=threshold.value,
                time_point_months=time_point,
                source=threshold.source,
            )
        )
    return segments


def _has(thresholds: ThresholdSet, instrument: str, measure: Measure) -> bool:
    months = thresholds.time_points_months(instrument)
    return any(thresholds.find(instrument, measure, m) is not None for m in months)


def _band(direction: Direction, baseline: Decimal, segment: LineSegment) -> BandSegment:
    lower_is_better = direction is Direction.LOWER_IS_BETTER
    return BandSegment(
        start_day=segment.start_day,
        end_day=segment.end_day,
        lower=baseline - segment.value if lower_is_better else baseline,
        upper=baseline if lower_is_better else baseline + segment.value,
        time_point_months=segment.time_point_months,
        source=segment.source,
    )


def _points(course: InstrumentCourse) -> tuple[ChartPoint, ...]:
    points = []
    for response in course.pre_operative:
        role = "baseline" if response is course.baseline else "pre_operative"
        points.append(
            ChartPoint(
                role=role,
                date=response.date.isoformat(),
                days_from_surgery=response.days_from_surgery,
                score=response.result.score,
                label=role.replace("_", "-"),
            )
        )
    for follow_up in course.follow_ups:
        scored = follow_up.scored
        points.append(
            ChartPoint(
                role="follow_up",
                date=scored.date.isoformat(),
                days_from_surgery=scored.days_from_surgery,
                score=scored.result.score,
                label=follow_up.time_point,
            )
        )
    return tuple(points)


def _chart(course: InstrumentCourse, thresholds: ThresholdSet) -> InstrumentChart:
    definition = course.definition
    code = definition.code
    notes: list[str] = []
    last_day = max((f.scored.days_from_surgery for f in course.follow_ups), default=0)
    baseline = course.baseline
    baseline_score = None if baseline is None else baseline.result.score
    band: tuple[BandSegment, ...] = ()
    if not _has(thresholds, code, Measure.MCID):
        notes.append(f"no MCID for {code} in threshold set {thresholds.id}")
    elif baseline_score is None:
        notes.append("no scorable pre-operative baseline, so no MCID band")
    else:
        band = tuple(
            _band(definition.direction, baseline_score, segment)
            for segment in _segments(thresholds, code, Measure.MCID, last_day)
        )
    if not _has(thresholds, code, Measure.PASS):
        notes.append(f"no PASS for {code} in threshold set {thresholds.id}")
    return InstrumentChart(
        definition=definition,
        points=_points(course),
        mcid_band=band,
        pass_line=tuple(_segments(thresholds, code, Measure.PASS, last_day)),
        notes=tuple(notes),
    )


def chart_outcomes(summary: OutcomeSummary) -> tuple[InstrumentChart, ...]:
    """One chart per instrument of ``summary``, in the summary's order."""
    return tuple(_chart(course, summary.thresholds) for course in summary.instruments)
