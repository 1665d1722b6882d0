"""Use case: everything a clinician's case page shows, worked out once from a case as of a day.

``case_overview(case, as_of=..., rule_set=..., policy=...)`` returns a ``CaseOverview`` whose
sections each hold their result OR the one-line reason it cannot be computed, so a page shows
every section it can and says why the others are missing (never a traceback):

- ``assessment``: the candidacy verdict and every finding, each with its rule id, version,
  severity, criterion, status, message and source (``services.candidacy.assess_case``); a lesion
  that cannot be placed on the template hip is the reason;
- ``measurements``: the patient's and the hip's recorded values, each with its unit;
- ``lesions``: one row per lesion (position, size, area, grade with its system, containment);
- ``checklist``: the pre-operative checklist as of ``as_of`` (``pathway.case_checklist``);
  without a surgery date the reason says so;
- ``rehab``: the dated rehabilitation schedule (``pathway.case_rehab_schedule``);
- ``outcomes``: the PROM course with MCID/PASS flags per follow-up
  (``outcomes.summarise_case_outcomes``), and the instruments that have a chart.

Sections hold the library's own JSON forms (``chondral.io.*_json``), the same documents the
command line's ``--json`` prints, so a page and the API cannot disagree. Nothing here plans
(no mesh, no trimesh): the plan comes from a background job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from chondral.domain import Case, Lesion
from chondral.errors import ChondralError, one_line
from chondral.pathway import PathwayPolicy
from chondral.rules import RuleSet

__all__ = [
    "PATIENT_CALENDAR_NAME",
    "CaseOverview",
    "Section",
    "case_outcome_chart_png",
    "case_overview",
    "case_rehab_ical",
    "lesion_rows",
    "measurement_rows",
    "patient_rehab_ical",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the page: its ``data``, or None and the one-line ``reason``."""

    data: Any
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the section could be computed."""
        return self.reason is None


@dataclass(frozen=True, slots=True)
class CaseOverview:
    """The sections of one case's page on ``as_of`` (see the module docstring)."""

    case_id: str
    side: str
    as_of: dt.date
    assessment: Section
    measurements: Section
    lesions: Section
    checklist: Section
    rehab: Section
    outcomes: Section


def _section(compute: Callable[[], T]) -> Section:
    """``compute()`` as a section; a ``ChondralError`` becomes its one-line reason."""
    try:
        return Section(compute())
    except ChondralError as error:
        return Section(None, one_line(str(error)))


def _assessment(case: Case, rule_set: RuleSet) -> dict[str, Any]:
    from chondral.io.assessment_json import assessment_to_dict
    from chondral.io.finding_json import finding_to_dict
    from chondral.rules import criterion_status
    from chondral.services.candidacy import assess_case

    assessment = assess_case(case, rule_set)
    document = assessment_to_dict(assessment)
    findings = []
    for finding in assessment.findings:
        row = finding_to_dict(finding)
        criterion, status = criterion_status(finding)
        row["criterion"] = criterion
        row["status"] = status.value
        findings.append(row)
    document["findings"] = findings
    return document


def _row(label: str, value: Any, unit: str = "") -> dict[str, Any]:
    shown = "not recorded" if value is None else f"{value:g}" if isinstance(value, float) else value
    return {"label": label, "value": str(shown), "unit": unit if value is not None else ""}


def measurement_rows(case: Case) -> dict[str, list[dict[str, Any]]]:
    """The patient's and the hip's recorded measurements, each ``{label, value, unit}``."""
    patient, hip = case.patient, case.hip
    radiographic = hip.radiographic
    activity = patient.activity
    instability = None if hip.instability is None else ("yes" if hip.instability else "no")
    return {
        "patient": [
            _row("Age", patient.age_years, "years"),
            _row("Sex", str(patient.sex)),
            _row("Height", patient.height_cm, "cm"),
            _row("Weight", patient.weight_kg, "kg"),
            _row("Tegner activity level", activity.tegner, "(0-10)"),
            _row("UCLA activity score", activity.ucla, "(1-10)"),
            _row("Sport", activity.sport),
        ],
        "hip": [
            _row("Side", str(hip.side)),
            _row("Femoral head diameter", hip.femoral_head_diameter_mm, "mm"),
            _row("Lateral centre-edge angle (LCEA)", radiographic.lcea_deg, "deg"),
            _row("Tönnis grade", radiographic.tonnis_grade, "(0-3)"),
            _row("Joint space width", radiographic.joint_space_width_mm, "mm"),
            _row("Tönnis (acetabular index) angle", radiographic.tonnis_angle_deg, "deg"),
            _row("Alpha angle", radiographic.alpha_angle_deg, "deg"),
            _row("Instability signs", instability),
            _row("Acetabular inclination", hip.acetabulum.inclination_deg, "deg"),
            _row("Acetabular anteversion", hip.acetabulum.anteversion_deg, "deg"),
        ],
    }


def _lesion_row(case: Case, lesion: Lesion) -> dict[str, Any]:
    from chondral.services.pathway import lesion_area_mm2

    if lesion.center is not None:
        clock = lesion.center.clock.label
        rim = f"{lesion.center.rim_distance_mm:g}"
    else:
        assert lesion.clock_range is not None and lesion.rim_distance_range is not None
        clock = f"{lesion.clock_range.start.label} to {lesion.clock_range.end.label}"
        rim = f"{lesion.rim_distance_range.start_mm:g} to {lesion.rim_distance_range.end_mm:g}"
    size = (
        f"{lesion.size.length_mm:g} x {lesion.size.width_mm:g} mm"
        if lesion.size is not None
        else "not recorded"
    )
    try:
        area = lesion_area_mm2(case, lesion)
        area_text = "not recorded" if area is None else f"{area:.0f}"
        if area is not None and lesion.recorded_area_mm2 is None:
            area_text += " (template hip)"
    except ChondralError as error:
        area_text = f"cannot be worked out: {one_line(str(error))}"
    grade = (
        f"{lesion.grade.system.value} {lesion.grade.label}"
        if lesion.grade is not None
        else "not recorded"
    )
    contained = "not recorded" if lesion.contained is None else "yes" if lesion.contained else "no"
    return {
        "id": lesion.id,
        "surface": lesion.surface.value.replace("_", " "),
        "clock": clock,
        "rim_distance_mm": rim,
        "size": size,
        "area_mm2": area_text,
        "grade": grade,
        "contained": contained,
        "measured": lesion.measured.value.replace("_", " ") if lesion.measured else "not recorded",
    }


def lesion_rows(case: Case) -> list[dict[str, Any]]:
    """One row per lesion, every value as text with its unit in the key or the text."""
    return [_lesion_row(case, lesion) for lesion in case.lesions]


def _checklist(case: Case, as_of: dt.date, policy: PathwayPolicy) -> dict[str, Any]:
    from chondral.io.checklist_json import checklist_to_dict
    from chondral.services.pathway import case_checklist

    checklist, warnings = case_checklist(case, as_of=as_of, policy=policy)
    return {**checklist_to_dict(checklist), "warnings": list(warnings)}


def _rehab(case: Case, policy: PathwayPolicy) -> dict[str, Any]:
    from chondral.io.rehab_json import rehab_schedule_to_dict
    from chondral.services.pathway import case_rehab_schedule

    schedule, warnings = case_rehab_schedule(case, policy=policy)
    document = rehab_schedule_to_dict(schedule)
    document["warnings"] = [*document.get("warnings", []), *warnings]
    return document


def _outcomes(case: Case) -> dict[str, Any]:
    from chondral.errors import InputDataError
    from chondral.io.outcomes_json import outcome_summary_to_dict
    from chondral.services.outcomes import summarise_case_outcomes

    if not case.proms:
        raise InputDataError("the case records no questionnaire responses yet", field="proms")
    return outcome_summary_to_dict(summarise_case_outcomes(case))


def case_overview(
    case: Case, *, as_of: dt.date, rule_set: RuleSet, policy: PathwayPolicy
) -> CaseOverview:
    """Every section of ``case``'s page on ``as_of`` (see the module docstring)."""
    return CaseOverview(
        case_id=case.case_id,
        side=str(case.side),
        as_of=as_of,
        assessment=_section(lambda: _assessment(case, rule_set)),
        measurements=_section(lambda: measurement_rows(case)),
        lesions=_section(lambda: lesion_rows(case)),
        checklist=_section(lambda: _checklist(case, as_of, policy)),
        rehab=_section(lambda: _rehab(case, policy)),
        outcomes=_section(lambda: _outcomes(case)),
    )


def case_outcome_chart_png(case: Case, instrument: str) -> bytes:
    """The outcome chart (PNG) of one instrument of ``case``; ``InputDataError`` naming
    ``instrument`` when the case has no chart for it."""
    from chondral.errors import InputDataError
    from chondral.reports.outcome_plots import outcome_chart_pngs
    from chondral.services.outcomes import summarise_case_outcomes

    images = outcome_chart_pngs(summarise_case_outcomes(case))
    name = f"outcomes-{instrument}.png"
    if name not in images:
        raise InputDataError("the case has no chart for this instrument", field="instrument")
    return images[name]


def case_rehab_ical(case: Case, *, policy: PathwayPolicy, stamp: dt.datetime) -> bytes:
    """The rehabilitation schedule of ``case`` as iCalendar bytes (``stamp``: timezone-aware);
    ``ParameterError`` naming ``surgery_date`` when the case records none."""
    from chondral.io.calendar_export import schedule_to_ical
    from chondral.services.pathway import case_rehab_schedule

    schedule, _ = case_rehab_schedule(case, policy=policy)
    return schedule_to_ical(schedule, stamp=stamp)


PATIENT_CALENDAR_NAME = "My hip recovery"
"""The patient calendar's name (``X-WR-CALNAME``), before translation."""


def patient_rehab_ical(
    case: Case,
    *,
    policy: PathwayPolicy,
    stamp: dt.datetime,
    translate: Callable[[str], str],
    uid: Callable[[str], str],
) -> bytes:
    """The patient's own calendar of ``case`` (visits, phase starts, questionnaires) as
    iCalendar bytes, for a phone calendar that may sync to outside services: no case id, no
    rule id and no clinician wording, only plain words passed through ``translate`` (the
    caller's gettext; the fixed phrases here are marked with ``gettext_noop``) and UIDs from the
    caller's ``uid(key)`` (stable across downloads, so a new download updates the same events).
    ``ParameterError`` naming ``surgery_date`` when the case records none."""
    from chondral.io.calendar_export import (
        CalendarEvent,
        events_to_ical,
        phase_key,
        prom_key,
        prom_time_points,
        visit_key,
    )
    from chondral.services.pathway import case_rehab_schedule
    from chondral.services.patient_hip import _prom_title, gettext_noop, plain_text

    schedule, _ = case_rehab_schedule(case, policy=policy)
    right = str(case.side) == "right"
    hip = translate(gettext_noop("Right hip") if right else gettext_noop("Left hip"))
    events: list[CalendarEvent] = []
    for visit in schedule.visits:
        events.append(
            CalendarEvent(
                key=visit_key(visit.label),
                day=visit.date,
                summary=translate(gettext_noop("%(hip)s: %(visit)s"))
                % {"hip": hip, "visit": translate(visit.label)},
                description=translate(
                    gettext_noop(
                        "A check-up visit after your hip operation. The clinic will confirm the"
                        " exact time with you."
                    )
                ),
                category=translate(gettext_noop("Visit")),
            )
        )
    for index, phase in enumerate(schedule.phases):
        lines = [translate(gettext_noop("Your exercises in this phase:"))]
        lines += [f"- {translate(plain_text(text))}" for text in phase.exercises]
        if index > 0:
            lines.insert(
                0,
                translate(
                    gettext_noop(
                        "You move on to this phase only when your team has told you it is safe."
                    )
                ),
            )
        events.append(
            CalendarEvent(
                key=phase_key(phase.id),
                day=phase.start,
                summary=translate(
                    gettext_noop("%(hip)s: %(phase)s, at the earliest")
                    if index > 0
                    else gettext_noop("%(hip)s: %(phase)s starts")
                )
                % {"hip": hip, "phase": translate(phase.name)},
                description="\n".join(lines),
                category=translate(gettext_noop("Recovery phase")),
            )
        )
    for (time_point, day), instruments in prom_time_points(schedule).items():
        titles = ", ".join(translate(_prom_title(code)) for code in instruments)
        events.append(
            CalendarEvent(
                key=prom_key(time_point),
                day=day,
                summary=translate(gettext_noop("%(hip)s: questionnaires to fill in"))
                % {"hip": hip},
                description=translate(
                    gettext_noop("Please fill in these questionnaires by this date: %(titles)s.")
                )
                % {"titles": titles},
                category=translate(gettext_noop("Questionnaires")),
            )
        )
    return events_to_ical(events, name=translate(PATIENT_CALENDAR_NAME), uid=uid, stamp=stamp)
