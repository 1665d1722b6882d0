"""A surgeon's cohort: the share of cases reaching the MCID and the PASS, per instrument,
follow-up time point and lesion size band.

For each case, ``outcomes.summarise_case_outcomes`` gives every instrument's follow-ups with
their MCID and PASS flags. A follow-up belongs to the nearest follow-up time point of the
rehabilitation protocol (``pathway.protocols``: 6 months, 1, 2 and 5 years), so that forms
filled in a few weeks apart are counted together (a form 5 or 7 months after surgery counts at
"6 months"). A case counts once per instrument and time point (its
latest form there). ``n`` is the number of cases with a follow-up there; ``mcid_share`` and
``pass_share`` are the cases that reached the threshold over ``n`` (a case whose flag cannot be
decided, e.g. without a baseline, counts in ``n`` but not as reaching it: ``mcid_undecided``
says how many). A case without a surgery date has no follow-ups and is counted in ``skipped``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chondral.domain import Case
from chondral.errors import InputDataError
from chondral.outcomes.cohort_row import CohortRow
from chondral.services.case_summary import SIZE_BANDS
from chondral.services.outcomes import summarise_case_outcomes

__all__ = ["NO_BAND", "CohortRow", "CohortSummary", "summarise_cohort"]

NO_BAND = "no lesion size"
"""The band of a case whose lesion area is unknown."""


@dataclass(frozen=True, slots=True)
class CohortSummary:
    """The rows, and how many cases were counted or skipped (no surgery date)."""

    rows: tuple[CohortRow, ...]
    cases: int
    skipped: int


def _band_order(band: str) -> int:
    labels = [label for label, _ in SIZE_BANDS]
    return labels.index(band) if band in labels else len(labels)


def _protocol_points() -> list[tuple[str, int]]:
    from chondral.pathway.protocols import default_protocol

    return [(label, months) for label, months in default_protocol().proms.time_points if months]


_DAYS_PER_MONTH = 365.25 / 12


def _time_point(days_from_surgery: int, points: list[tuple[str, int]]) -> str:
    """The label of the protocol time point nearest ``days_from_surgery`` (the earlier one on a
    tie)."""
    label, _ = min(
        points, key=lambda point: (abs(point[1] * _DAYS_PER_MONTH - days_from_surgery), point[1])
    )
    return label


def summarise_cohort(cases: Sequence[tuple[Case, str | None]]) -> CohortSummary:
    """The cohort rows of ``cases`` (each with its size band; None or "" for no band)."""
    # (instrument, time point, band) -> case index -> (mcid, pass) of its latest form there
    flags: dict[tuple[str, str, str], dict[int, tuple[bool | None, bool | None]]] = {}
    days: dict[tuple[str, str], int] = {}
    skipped = 0
    points = _protocol_points()
    for index, (case, band) in enumerate(cases):
        try:
            summary = summarise_case_outcomes(case)
        except InputDataError:
            skipped += 1
            continue
        for course in summary.instruments:
            for follow_up in course.follow_ups:
                time_point = _time_point(follow_up.scored.days_from_surgery, points)
                key = (course.instrument, time_point, band or NO_BAND)
                flags.setdefault(key, {})[index] = (
                    follow_up.mcid_achieved,
                    follow_up.pass_achieved,
                )
                when = (course.instrument, time_point)
                days[when] = min(
                    days.get(when, follow_up.scored.days_from_surgery),
                    follow_up.scored.days_from_surgery,
                )
    rows = [
        CohortRow(
            instrument=instrument,
            time_point=time_point,
            size_band=band,
            n=len(per_case),
            mcid_reached=sum(1 for mcid, _ in per_case.values() if mcid is True),
            mcid_undecided=sum(1 for mcid, _ in per_case.values() if mcid is None),
            pass_reached=sum(1 for _, passed in per_case.values() if passed is True),
            pass_undecided=sum(1 for _, passed in per_case.values() if passed is None),
        )
        for (instrument, time_point, band), per_case in flags.items()
    ]
    rows.sort(
        key=lambda r: (r.instrument, days[(r.instrument, r.time_point)], _band_order(r.size_band))
    )
    return CohortSummary(tuple(rows), cases=len(cases) - skipped, skipped=skipped)
