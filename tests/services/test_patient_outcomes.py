"""A patient's course on one questionnaire (``services.patient_outcomes``): the scores are the
library scorer's, the sentence says where the score went and which way is better, and the chart
puts each point where a hand calculation says it goes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chondral.domain.prom import PromResponse
from chondral.errors import InputDataError
from chondral.services.patient_outcomes import (
    course_chart,
    describe_course,
    english_date,
    patient_course,
    plain_score,
    time_after_surgery,
)

SURGERY = dt.date(2025, 3, 3)


def _ihot(date: str, value: int | float) -> PromResponse:
    """An iHOT-12 with every item answered ``value``: its score is ``value`` (the mean)."""
    return PromResponse(
        "ihot12", dt.date.fromisoformat(date), {f"q{n}": value for n in range(1, 13)}
    )


def _vas(date: str, value: float) -> PromResponse:
    return PromResponse("vas_pain", dt.date.fromisoformat(date), {"pain": value})


def test_the_scores_are_the_library_scorers_in_date_order() -> None:
    proms = [
        _ihot("2025-09-01", 62),
        _vas("2025-02-10", 7),
        _ihot("2025-02-10", 35),
        # a mean that is not whole: (11 x 50 + 51) / 12 = 50.0833.. -> 50.1
        PromResponse(
            "ihot12", dt.date(2026, 3, 2), {**{f"q{n}": 50 for n in range(1, 12)}, "q12": 51}
        ),
    ]
    course = patient_course(proms, "ihot12", SURGERY)
    assert [(p.date.isoformat(), p.score) for p in course.points] == [
        ("2025-02-10", Decimal("35.0")),
        ("2025-09-01", Decimal("62.0")),
        ("2026-03-02", Decimal("50.1")),
    ]
    assert [p.days_from_surgery for p in course.points] == [-21, 182, 364]
    assert [p.before_surgery for p in course.points] == [True, False, False]
    assert course.higher_is_better


def test_a_form_on_the_day_of_surgery_counts_as_before_it() -> None:
    course = patient_course([_ihot("2025-03-03", 40)], "ihot12", SURGERY)
    assert course.points[0].before_surgery
    assert describe_course(course) == (
        "Your score before surgery was 40. Higher is better on this questionnaire."
    )


def test_the_sentence_from_before_surgery_to_the_latest_score() -> None:
    proms = [_ihot("2025-02-10", 35), _ihot("2025-06-01", 50), _ihot("2025-09-01", 62)]
    assert describe_course(patient_course(proms, "ihot12", SURGERY)) == (
        "Your score went from 35 before surgery to 62 on 1 September 2025."
        " Higher is better on this questionnaire."
    )


def test_vas_pain_says_lower_is_better() -> None:
    proms = [_vas("2025-02-10", 7), _vas("2025-09-01", 2.5)]
    course = patient_course(proms, "vas_pain", SURGERY)
    assert not course.higher_is_better
    assert describe_course(course) == (
        "Your score went from 7 before surgery to 2.5 on 1 September 2025."
        " Lower is better on this questionnaire."
    )


def test_without_a_baseline_the_first_date_is_named() -> None:
    proms = [_ihot("2025-06-01", 50), _ihot("2025-09-01", 62)]
    assert describe_course(patient_course(proms, "ihot12", SURGERY)) == (
        "Your score went from 50 on 1 June 2025 to 62 on 1 September 2025."
        " Higher is better on this questionnaire."
    )
    single = patient_course([_ihot("2025-09-01", 62)], "ihot12", None)
    assert describe_course(single) == (
        "Your score on 1 September 2025 was 62. Higher is better on this questionnaire."
    )


def test_nothing_answered_and_nothing_scorable() -> None:
    assert describe_course(patient_course([], "nahs", SURGERY)) == (
        "You have not completed this questionnaire yet."
    )
    # iHOT-12 needs at least 10 of 12 items: 3 answered cannot be scored
    blanks = PromResponse("ihot12", dt.date(2025, 6, 1), {"q1": 10, "q2": 20, "q3": 30})
    course = patient_course([blanks], "ihot12", SURGERY)
    assert course.points[0].score is None
    assert "could not be given a score" in describe_course(course)
    assert course_chart(course) is None


def test_translate_and_format_date_are_applied() -> None:
    proms = [_ihot("2025-02-10", 35), _ihot("2025-09-01", 62)]
    text = describe_course(
        patient_course(proms, "ihot12", SURGERY),
        translate=lambda message: (
            message.upper()
            .replace("%(FIRST)S", "%(first)s")
            .replace("%(LAST)S", "%(last)s")
            .replace("%(LAST_DATE)S", "%(last_date)s")
        ),
        format_date=lambda day: day.isoformat(),
    )
    assert text == (
        "YOUR SCORE WENT FROM 35 BEFORE SURGERY TO 62 ON 2025-09-01."
        " HIGHER IS BETTER ON THIS QUESTIONNAIRE."
    )


def test_an_unknown_instrument_is_refused() -> None:
    with pytest.raises(InputDataError) as refused:
        patient_course([], "koos", SURGERY)
    assert refused.value.field == "instrument"


def test_chart_points_from_known_scores() -> None:
    # surgery 2025-03-03; responses 21 days before and 182 days after: the date axis spans
    # 203 days over x 56..616 (560 units); scores 0..100 over y 256..28 (228 units)
    proms = [_ihot("2025-02-10", 35), _ihot("2025-09-01", 62)]
    chart = course_chart(patient_course(proms, "ihot12", SURGERY))
    assert chart is not None
    assert (chart.left, chart.right, chart.top, chart.bottom) == (56, 616, 28, 256)
    first, last = chart.dots
    assert (first.x, first.y) == (56, round(256 - 228 * 0.35, 1))  # 176.2
    assert (last.x, last.y) == (616, round(256 - 228 * 0.62, 1))  # 114.6
    assert chart.surgery_x == round(56 + 560 * 21 / 203, 1)  # 113.9
    assert chart.surgery_anchor == "middle"
    assert chart.line == "56,176.2 616,114.6"
    ticks = [(t.position, t.score) for t in chart.score_ticks]
    assert ticks == [
        (256.0, Decimal(0)),
        (199.0, Decimal(25)),
        (142.0, Decimal(50)),
        (85.0, Decimal(75)),
        (28.0, Decimal(100)),
    ]
    assert [(t.date, t.anchor) for t in chart.date_ticks] == [
        (dt.date(2025, 2, 10), "start"),
        (dt.date(2025, 9, 1), "end"),
    ]


def test_chart_of_vas_pain_uses_its_0_to_10_scale() -> None:
    chart = course_chart(patient_course([_vas("2025-02-10", 7)], "vas_pain", SURGERY))
    assert chart is not None
    (dot,) = chart.dots
    assert dot.y == round(256 - 228 * 0.7, 1)
    assert chart.line == ""  # a single point: no line
    assert [t.score for t in chart.score_ticks] == [0, Decimal("2.5"), 5, Decimal("7.5"), 10]


def test_a_single_day_span_puts_the_point_in_the_middle() -> None:
    chart = course_chart(patient_course([_ihot("2025-06-01", 50)], "ihot12", None))
    assert chart is not None
    assert chart.dots[0].x == (56 + 616) / 2
    assert chart.surgery_x is None


def test_close_dates_get_one_label() -> None:
    # two days apart on a span of 205 days (to a surgery date far ahead): one date label
    proms = [_ihot("2025-02-10", 35), _ihot("2025-02-12", 36)]
    chart = course_chart(patient_course(proms, "ihot12", dt.date(2025, 9, 3)))
    assert chart is not None
    assert [t.date for t in chart.date_ticks] == [dt.date(2025, 2, 10)]
    assert chart.surgery_anchor == "end"  # the surgery at the right edge: its label ends there


def test_time_after_surgery_and_plain_numbers() -> None:
    course = patient_course(
        [_ihot("2025-02-10", 35), _ihot("2025-03-13", 40), _ihot("2025-09-01", 62)],
        "ihot12",
        SURGERY,
    )
    assert [time_after_surgery(p) for p in course.points] == [None, (10, "days"), (6, "months")]
    assert plain_score(Decimal("62.0")) == "62"
    assert plain_score(Decimal("62.50")) == "62.5"
    assert english_date(dt.date(2025, 9, 1)) == "1 September 2025"
