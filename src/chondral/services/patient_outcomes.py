"""Use case: one questionnaire's scores over time, for the patient who answered it, in plain words.

The patient portal shows a patient their own course on one instrument: every dated response
scored by the library's scorer (``chondral.outcomes.score_response``, the rules the clinic's
pages use), one plain sentence about it, and the geometry of a small line chart. It never shows
MCID, PASS or SCB thresholds: those are for the care team to explain.

- ``patient_course(proms, instrument, surgery_date)``: the scored points in date order. A form
  dated on or before the surgery date counts as "before surgery" (as in
  ``chondral.outcomes.course``); without a surgery date no point is before or after it.
- ``describe_course(course)``: "Your score went from 35 before surgery to 62 on 1 September
  2025. Higher is better on this questionnaire." Direction-aware (VAS pain: lower is better).
  The sentences are message ids marked with ``gettext_noop``: the web passes its ``gettext``
  as ``translate`` and its own date format as ``format_date``; the defaults give English.
- ``course_chart(course)``: positions of the points, the axis ticks and the surgery line in an
  SVG user space (no drawing library): the template draws it.

No Django here (``chondral.services`` layer); unit-tested in
``tests/services/test_patient_outcomes.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from chondral.domain.prom import PromResponse
from chondral.outcomes import Direction, get_instrument, label_time_point, score_response

__all__ = [
    "ChartDot",
    "ChartTick",
    "CourseChart",
    "CoursePoint",
    "PatientCourse",
    "course_chart",
    "describe_course",
    "english_date",
    "gettext_noop",
    "patient_course",
    "plain_score",
    "time_after_surgery",
]


def gettext_noop(text: str) -> str:
    """Mark ``text`` as a message id for the translation catalogue (translated by the caller)."""
    return text


NOT_DONE: Final = gettext_noop("You have not completed this questionnaire yet.")
NOT_SCORED: Final = gettext_noop(
    "Your answers so far could not be given a score, because too many questions were left out."
)
ONE_BEFORE: Final = gettext_noop("Your score before surgery was %(first)s.")
ONE_ON: Final = gettext_noop("Your score on %(first_date)s was %(first)s.")
FROM_BEFORE: Final = gettext_noop(
    "Your score went from %(first)s before surgery to %(last)s on %(last_date)s."
)
FROM_ON: Final = gettext_noop(
    "Your score went from %(first)s on %(first_date)s to %(last)s on %(last_date)s."
)
HIGHER_BETTER: Final = gettext_noop("Higher is better on this questionnaire.")
LOWER_BETTER: Final = gettext_noop("Lower is better on this questionnaire.")

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_date(day: dt.date) -> str:
    """``1 September 2025``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def plain_score(score: Decimal) -> str:
    """A score as a patient reads it: ``62`` for 62.0, ``62.5`` for 62.5."""
    if score == score.to_integral_value():
        return str(int(score))
    return format(score.normalize(), "f")


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class CoursePoint:
    """One dated response: its score (``None``: the form could not be scored) and where it lies
    around surgery (``days_from_surgery`` negative before, 0 on the day; ``None`` without a
    surgery date)."""

    date: dt.date
    score: Decimal | None
    days_from_surgery: int | None

    @property
    def before_surgery(self) -> bool:
        """Dated on or before the surgery date (a form of the day counts as before it)."""
        return self.days_from_surgery is not None and self.days_from_surgery <= 0

    @property
    def after_surgery(self) -> bool:
        """Dated after the surgery date."""
        return self.days_from_surgery is not None and self.days_from_surgery > 0


@dataclass(frozen=True, slots=True)
class PatientCourse:
    """One instrument's responses of one patient, in date order, with the scale they use."""

    instrument: str
    title: str
    direction: Direction
    score_minimum: int
    score_maximum: int
    surgery_date: dt.date | None
    points: tuple[CoursePoint, ...]

    @property
    def scored(self) -> tuple[CoursePoint, ...]:
        """The points that carry a score."""
        return tuple(point for point in self.points if point.score is not None)

    @property
    def higher_is_better(self) -> bool:
        """Whether a higher score is better on this instrument."""
        return self.direction is Direction.HIGHER_IS_BETTER


def patient_course(
    proms: Sequence[PromResponse], instrument: str, surgery_date: dt.date | None
) -> PatientCourse:
    """Every response to ``instrument`` in ``proms``, scored by the library, in date order.

    ``InputDataError`` for an unknown instrument (field ``instrument``) or a response the
    library refuses (field ``proms[i].answers.<item>``).
    """
    definition = get_instrument(instrument)
    dated = sorted(
        (response.date, position)
        for position, response in enumerate(proms)
        if response.instrument == definition.code
    )
    points = []
    for date, position in dated:
        result = score_response(
            definition.code, proms[position].answers, field_prefix=f"proms[{position}]"
        )
        days = None if surgery_date is None else (date - surgery_date).days
        points.append(CoursePoint(date=date, score=result.score, days_from_surgery=days))
    return PatientCourse(
        instrument=definition.code,
        title=definition.title,
        direction=definition.direction,
        score_minimum=definition.score_minimum,
        score_maximum=definition.score_maximum,
        surgery_date=surgery_date,
        points=tuple(points),
    )


def time_after_surgery(point: CoursePoint) -> tuple[int, str] | None:
    """How long after surgery ``point`` lies, as ``(count, unit)`` with unit ``days``,
    ``weeks``, ``months`` or ``years`` (the library's ``label_time_point``); ``None`` for a
    point on or before the surgery date or without one."""
    if point.days_from_surgery is None or point.days_from_surgery <= 0:
        return None
    count, unit = label_time_point(point.days_from_surgery).split(" ")
    return int(count), unit if unit.endswith("s") else unit + "s"


def describe_course(
    course: PatientCourse,
    *,
    translate: Callable[[str], str] = _same,
    format_date: Callable[[dt.date], str] = english_date,
) -> str:
    """The course in one plain sentence, then which way is better. ``translate`` is applied to
    each message id before its values are put in."""
    if not course.points:
        return translate(NOT_DONE)
    scored = course.scored
    if not scored:
        return translate(NOT_SCORED)
    first, last = scored[0], scored[-1]
    assert first.score is not None and last.score is not None
    values = {
        "first": plain_score(first.score),
        "first_date": format_date(first.date),
        "last": plain_score(last.score),
        "last_date": format_date(last.date),
    }
    if len(scored) == 1:
        message = ONE_BEFORE if first.before_surgery else ONE_ON
    else:
        message = FROM_BEFORE if first.before_surgery and last.after_surgery else FROM_ON
    better = HIGHER_BETTER if course.higher_is_better else LOWER_BETTER
    return f"{translate(message) % values} {translate(better)}"


@dataclass(frozen=True, slots=True)
class ChartDot:
    """One scored point at ``(x, y)``."""

    x: float
    y: float
    date: dt.date
    score: Decimal


@dataclass(frozen=True, slots=True)
class ChartTick:
    """An axis mark at ``position`` (y for the score axis, x for the date axis). ``anchor``: the
    SVG text-anchor its label needs so that it stays inside the drawing."""

    position: float
    score: Decimal | None = None
    date: dt.date | None = None
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class CourseChart:
    """A line chart of a course in an SVG user space ``width`` x ``height``.

    The plot area runs from ``left`` to ``right`` and from ``top`` (the scale's maximum) to
    ``bottom`` (its minimum); dates run left to right. ``line`` is the polyline's
    ``points`` attribute (empty for a single point); ``surgery_x`` is the surgery date's
    position when the case has one, ``surgery_anchor`` the text-anchor that keeps its label
    inside the drawing.
    """

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    dots: tuple[ChartDot, ...]
    line: str
    score_ticks: tuple[ChartTick, ...]
    date_ticks: tuple[ChartTick, ...]
    surgery_x: float | None
    surgery_anchor: str = "middle"


CHART_WIDTH: Final = 640
CHART_HEIGHT: Final = 300
_MARGIN_LEFT: Final = 56.0
_MARGIN_RIGHT: Final = 24.0
_MARGIN_TOP: Final = 28.0
_MARGIN_BOTTOM: Final = 44.0
_DATE_LABEL_GAP: Final = 150.0
"""Closest two date labels may be (user units), so that they never overlap."""
_SURGERY_LABEL_HALF: Final = 40.0
"""About half the width of the "Surgery" label (user units)."""


def _round(value: float) -> float:
    return round(value, 1)


def course_chart(
    course: PatientCourse, *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT
) -> CourseChart | None:
    """Where to draw ``course``'s scored points; ``None`` when no point has a score.

    Scores map linearly from the scale's minimum (bottom) to its maximum (top). Dates map
    linearly over the span from the first to the last point, widened to take in the surgery
    date when the case has one; a span of one day puts everything in the middle.
    """
    scored = course.scored
    if not scored:
        return None
    left, right = _MARGIN_LEFT, width - _MARGIN_RIGHT
    top, bottom = _MARGIN_TOP, height - _MARGIN_BOTTOM
    days = [point.date for point in scored]
    if course.surgery_date is not None:
        days.append(course.surgery_date)
    start, end = min(days), max(days)
    span = (end - start).days

    def x_of(day: dt.date) -> float:
        if span == 0:
            return _round((left + right) / 2)
        return _round(left + (right - left) * (day - start).days / span)

    low, high = course.score_minimum, course.score_maximum

    def y_of(score: Decimal) -> float:
        fraction = float((score - low) / (high - low))
        return _round(bottom - (bottom - top) * fraction)

    dots = []
    for point in scored:
        assert point.score is not None
        dots.append(ChartDot(x_of(point.date), y_of(point.score), point.date, point.score))
    line = " ".join(f"{dot.x:g},{dot.y:g}" for dot in dots) if len(dots) > 1 else ""
    score_ticks = tuple(
        ChartTick(y_of(value), score=value)
        for value in (low + (high - low) * Decimal(step) / 4 for step in range(5))
    )
    date_ticks: list[ChartTick] = []
    for dot in (dots[0], dots[-1]):
        if date_ticks and abs(dot.x - date_ticks[-1].position) < _DATE_LABEL_GAP:
            continue
        anchor = "middle"
        if dot.x - left < _DATE_LABEL_GAP / 2:
            anchor = "start"
        elif right - dot.x < _DATE_LABEL_GAP / 2:
            anchor = "end"
        date_ticks.append(ChartTick(dot.x, date=dot.date, anchor=anchor))
    surgery_x = None if course.surgery_date is None else x_of(course.surgery_date)
    surgery_anchor = "middle"
    if surgery_x is not None and right - surgery_x < _SURGERY_LABEL_HALF:
        surgery_anchor = "end"
    elif surgery_x is not None and surgery_x - left < _SURGERY_LABEL_HALF:
        surgery_anchor = "start"
    return CourseChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        dots=tuple(dots),
        line=line,
        score_ticks=score_ticks,
        date_ticks=tuple(date_ticks),
        surgery_x=surgery_x,
        surgery_anchor=surgery_anchor,
    )
