"""Use case: the few facts a case list filters on, worked out from a case as of a day.

The web application stores these beside each case version so that a list of a thousand cases
is one query; they are recomputed from the case whenever it changes and each day it is shown.

- ``verdict``: the candidacy verdict under the rule set (``services.candidacy.assess_case``);
  None with ``verdict_problem`` when the case cannot be assessed (a lesion that cannot be placed).
- ``phase``: where the patient is on the pathway on ``today`` (rule ``web.pathway_phase``, a
  design choice): ``assessment`` (no surgery date), ``pre_operative`` (surgery ahead, or today
  with no operative record yet),
  then ``rehab_<id>`` of the rehabilitation phase ``today`` falls in (``rehab_I`` ...).
- ``overdue_items``: ids of pre-operative checklist items that are overdue on ``today``
  (``pathway.checklist``); none once the surgery date has passed.
- ``proms_due``: the questionnaires due now (rule ``web.proms_due``, a design choice): a time
  point of the protocol whose due date has come and whose window is still open (until the next
  time point's due date; the last one stays open), with no response to that instrument in the
  window (after the previous time point's due date and on or before ``today``; for the
  pre-operative point, on or before the surgery date).
- ``lesion_area_mm2`` and ``size_band``: the largest lesion's area (template hip placement, as
  candidacy places it) in bands at 200 mm2 (the extended weight-bearing threshold,
  ``pathway.weight_bearing.extended``) and 300 mm2 (Chaharbakhshi et al. 2019: defects over
  300 mm2 carried a relative risk of 2.33 of later arthroplasty).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chondral.domain import Case
from chondral.errors import GeometryError, InputDataError
from chondral.pathway import PathwayPolicy, RehabSchedule
from chondral.rules import RuleSet

__all__ = [
    "PHASE_RULE",
    "PROMS_DUE_RULE",
    "SIZE_BANDS",
    "CaseSummary",
    "DueProm",
    "size_band",
    "summarise_case",
]

PHASE_RULE = "web.pathway_phase"
PROMS_DUE_RULE = "web.proms_due"
SIZE_BANDS: tuple[tuple[str, float | None], ...] = (
    ("up to 200 mm2", 200.0),
    ("200 to 300 mm2", 300.0),
    ("over 300 mm2", None),
)
"""Bands by upper bound (inclusive); the last has none. Sources in the module docstring."""


@dataclass(frozen=True, slots=True)
class DueProm:
    """A questionnaire due now: instrument code, time point label and the day it fell due."""

    instrument: str
    time_point: str
    due: dt.date


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """The list facts of one case on ``as_of`` (see the module docstring)."""

    case_id: str
    side: str
    as_of: dt.date
    verdict: str | None
    verdict_problem: str | None
    phase: str
    phase_label: str
    surgery_date: dt.date | None
    overdue_items: tuple[str, ...]
    proms_due: tuple[DueProm, ...]
    lesion_area_mm2: float | None
    size_band: str | None


def size_band(area_mm2: float | None) -> str | None:
    """The band of ``area_mm2`` (None when the area is unknown)."""
    if area_mm2 is None:
        return None
    for label, upper in SIZE_BANDS:
        if upper is None or area_mm2 <= upper:
            return label
    raise AssertionError("the last band has no upper bound")  # pragma: no cover


def _largest_area_mm2(case: Case) -> float | None:
    from chondral.services.pathway import lesion_area_mm2

    areas = []
    for lesion in case.lesions:
        try:
            area = lesion_area_mm2(case, lesion)
        except (GeometryError, InputDataError):
            area = None
        if area is not None:
            areas.append(area)
    return max(areas) if areas else None


def _verdict(case: Case, rule_set: RuleSet) -> tuple[str | None, str | None]:
    from chondral.services.candidacy import assess_case

    try:
        return str(assess_case(case, rule_set).verdict), None
    except (GeometryError, InputDataError) as error:
        return None, str(error)


def _answered(case: Case, instrument: str, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether a response to ``instrument`` is dated after ``start`` and on or before ``end``
    (either bound None: open)."""
    return any(
        prom.instrument == instrument
        and (start is None or prom.date > start)
        and (end is None or prom.date <= end)
        for prom in case.proms
    )


def _proms_due(
    case: Case, schedule: RehabSchedule, surgery: dt.date, today: dt.date
) -> list[DueProm]:
    due_dates = sorted({due.date for due in schedule.prom_due})
    outstanding = []
    for due in schedule.prom_due:
        index = due_dates.index(due.date)
        following = due_dates[index + 1] if index + 1 < len(due_dates) else None
        if due.date > today or (following is not None and today >= following):
            continue
        if due.date <= surgery:
            answered = _answered(case, due.instrument, None, surgery)
        else:
            previous = due_dates[index - 1] if index > 0 else surgery
            answered = _answered(case, due.instrument, previous, today)
        if not answered:
            outstanding.append(DueProm(due.instrument, due.time_point, due.date))
    return outstanding


def _phase(
    case: Case, schedule: RehabSchedule | None, surgery: dt.date | None, today: dt.date
) -> tuple[str, str]:
    if surgery is None or schedule is None:
        return "assessment", "Assessment"
    if today < surgery or (today == surgery and case.operative is None):
        return "pre_operative", "Before surgery"
    current = schedule.phases[0]
    for phase in schedule.phases:
        if phase.start <= today:
            current = phase
    return f"rehab_{current.id}", f"Phase {current.id}: {current.name}"


def summarise_case(
    case: Case, *, rule_set: RuleSet, policy: PathwayPolicy, today: dt.date
) -> CaseSummary:
    """The list facts of ``case`` on ``today`` under ``rule_set`` and ``policy``."""
    from chondral.services.pathway import case_checklist, case_rehab_schedule

    verdict, problem = _verdict(case, rule_set)
    surgery = case.recorded_surgery_date
    schedule = None  # worked out once, for the phase and the questionnaires due
    overdue: tuple[str, ...] = ()
    due: list[DueProm] = []
    if surgery is not None:
        schedule, _ = case_rehab_schedule(case, surgery_date=surgery, policy=policy)
        if today <= surgery:
            checklist, _ = case_checklist(case, as_of=today, policy=policy)
            overdue = checklist.overdue
        due = _proms_due(case, schedule, surgery, today)
    phase, label = _phase(case, schedule, surgery, today)
    area = _largest_area_mm2(case)
    return CaseSummary(
        case_id=case.case_id,
        side=str(case.side),
        as_of=today,
        verdict=verdict,
        verdict_problem=problem,
        phase=phase,
        phase_label=label,
        surgery_date=surgery,
        overdue_items=overdue,
        proms_due=tuple(due),
        lesion_area_mm2=area,
        size_band=size_band(area),
    )
