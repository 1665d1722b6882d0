"""Use cases of the care pathway: checklist, rehabilitation schedule, operative review and note,
return-to-sport gate, and all of them at once for the demo.

Every use case takes a ``Case`` already read (the command line reads it once with
``chondral.io.load_case``; the web application builds it from its records), the institution
``PathwayPolicy`` (the command line reads a policy file with ``chondral.io.policyfile``) and
explicit dates: nothing here reads a case file, a policy file or the clock. What they bring
together:

- the treated area: from the operative record when it records microfracture (lesions sized
  after debridement; a range-only lesion gets its area from the template hip), else from the
  lesions on the template hip (``chondral.services.planning.treated_area_mm2``);
- the hole plan, given by the caller as ``PlannedHoles`` (or None and the reason there is none),
  and the template hip's surface sphere, to compare the holes made with it. The operative note
  never plans: ``case_operative_note_with_plan`` asks planning once
  (``planning.planned_holes_or_reason``) and hands the result on;
- the HOS-ADL and HOS-Sport scores of the case's PROMs (``chondral.outcomes``) for the
  return-to-sport criteria.

The surgery date is the one given (the parameter ``surgery_date``), else the case file's
``surgery_date``, else the operative record's ``date``; with none, a ``ParameterError`` names
``surgery_date``. A given date that differs from the file's is used and said so in a warning.

Dates given to a use case (``surgery_date``, ``as_of``, ``date``, ``checklist_as_of``,
``rts_date``) must lie in the range a case file accepts (``chondral.domain.check_date``, one
message for files, flags and form fields); otherwise a ``ParameterError`` names the parameter.
Independently of that range, a surgery date whose dates would leave the calendar (0001-01-01 to
9999-12-31) is refused, never an ``OverflowError``: a ``ParameterError`` naming ``surgery_date``
when it was given, a ``CaseFileError`` naming the case-file field (``surgery_date`` or
``operative.date``) when it was read from the case. Errors name parameters or case-file fields,
never a command-line flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from chondral import __version__
from chondral.anatomy import geometric_area_mm2
from chondral.anatomy.template_hip import TemplateHip
from chondral.domain import Case, Finding, Lesion, OperativeRecord, Severity, Surface, check_date
from chondral.errors import (
    CaseFileError,
    InputDataError,
    InvalidValueError,
    ParameterError,
    one_line,
)
from chondral.io.calendar_export import write_schedule_ics
from chondral.io.checklist_json import checklist_to_dict
from chondral.io.json_files import make_folder, write_json, write_text
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.io.rts_json import rts_decision_to_dict
from chondral.io.sources import MeshSource
from chondral.outcomes import score_response
from chondral.pathway import (
    DEFAULT_POLICY,
    Checklist,
    DatedScore,
    OperativeNote,
    PathwayPolicy,
    PlannedHoles,
    RehabSchedule,
    RtsDecision,
    SurfaceSphere,
    build_checklist,
    build_rehab_schedule,
    default_rts_criteria,
    evaluate_return_to_sport,
    inside_calendar,
    review_operative_record,
    write_operative_note,
)
from chondral.services import planning

__all__ = [
    "CHECKLIST_FILENAME",
    "OPNOTE_FILENAME",
    "REHAB_FILENAME",
    "REHAB_ICS_FILENAME",
    "RTS_FILENAME",
    "PathwayOutputs",
    "case_checklist",
    "case_operative_note",
    "case_operative_note_with_plan",
    "case_rehab_schedule",
    "case_return_to_sport",
    "surgery_date_for",
    "treated_area_for",
    "write_pathway_outputs",
]

CHECKLIST_FILENAME = "checklist.json"
REHAB_FILENAME = "rehab.json"
REHAB_ICS_FILENAME = "rehab.ics"
OPNOTE_FILENAME = "operative-note.md"
RTS_FILENAME = "return-to-sport.json"


@dataclass(frozen=True, slots=True)
class _Surgery:
    """The surgery date used, where it came from, and the warnings about it."""

    date: dt.date
    given: bool
    field: str
    warnings: tuple[str, ...]


def _check_given(day: dt.date | None, parameter: str) -> None:
    """A date given to a use case must be one a case file could hold (``ParameterError``)."""
    if day is None:
        return
    try:
        check_date(day, parameter)
    except InvalidValueError as error:
        raise ParameterError(error.problem, field=parameter) from error


def _surgery(case: Case, given: dt.date | None) -> _Surgery:
    _check_given(given, "surgery_date")
    recorded = case.recorded_surgery_date
    if given is None:
        if recorded is None:
            raise ParameterError(
                "is required: the case file records no surgery date", field="surgery_date"
            )
        where = "surgery_date" if case.surgery_date is not None else "operative.date"
        return _Surgery(recorded, False, where, ())
    warnings: tuple[str, ...] = ()
    if recorded is not None and recorded != given:
        warnings = (
            f"surgery date {given.isoformat()} given; the case file says {recorded.isoformat()}",
        )
    return _Surgery(given, True, "surgery_date", warnings)


def surgery_date_for(case: Case, given: dt.date | None) -> tuple[dt.date, tuple[str, ...]]:
    """The surgery date to use and any warning about it (see the module docstring)."""
    surgery = _surgery(case, given)
    return surgery.date, surgery.warnings


@contextmanager
def _in_calendar(surgery: _Surgery) -> Iterator[None]:
    """The pathway refuses a surgery date whose dates leave the calendar, naming
    ``surgery_date`` (``InvalidValueError``); say whose date it was: the request's or the case
    file's."""
    try:
        with inside_calendar(surgery.date, field="surgery_date", what="the dates"):
            yield
    except InvalidValueError as error:
        if error.field != "surgery_date":
            raise
        if surgery.given:
            raise ParameterError(error.problem, field="surgery_date") from error
        raise CaseFileError(error.problem, field=surgery.field) from error


def treated_area_for(case: Case) -> tuple[float | None, str | None]:
    """Treated area (mm2, after debridement) and where it came from (None, None if unknown)."""
    operative = case.operative
    if operative is not None and operative.microfracture:
        areas = [
            lesion_area_mm2(case, operative.lesion(treated.lesion_id))
            for treated in operative.microfracture
        ]
        if all(area is not None for area in areas):
            total = sum(area for area in areas if area is not None)
            return total, "operative record (lesions sized after debridement)"
    area = planning.treated_area_mm2(case)
    return (area, "hole plan (lesion after debridement)") if area is not None else (None, None)


def lesion_area_mm2(case: Case, lesion: Lesion) -> float | None:
    """Recorded area, or the template-hip area of a range-only lesion; None if unsized."""
    area = lesion.recorded_area_mm2
    if area is None and lesion.clock_range is not None:
        area = geometric_area_mm2(lesion, case.hip, case.patient.sex)
    return area


def _surface_sphere(case: Case, surface: Surface) -> SurfaceSphere:
    template = TemplateHip.from_hip(case.hip, case.patient.sex)
    return SurfaceSphere(surface, template.surface_radius_mm(surface), template.rim_angle_deg)


def case_checklist(
    case: Case,
    *,
    as_of: dt.date,
    surgery_date: dt.date | None = None,
    policy: PathwayPolicy,
) -> tuple[Checklist, tuple[str, ...]]:
    """The checklist of ``case`` as of ``as_of``, and warnings about the surgery date."""
    _check_given(as_of, "as_of")
    surgery = _surgery(case, surgery_date)
    return _checklist(case, surgery, as_of, policy), surgery.warnings


def _checklist(case: Case, surgery: _Surgery, as_of: dt.date, policy: PathwayPolicy) -> Checklist:
    with _in_calendar(surgery):
        return build_checklist(case, surgery.date, as_of=as_of, policy=policy)


def case_rehab_schedule(
    case: Case,
    *,
    surgery_date: dt.date | None = None,
    policy: PathwayPolicy,
) -> tuple[RehabSchedule, tuple[str, ...]]:
    """The dated rehabilitation schedule of ``case``, and warnings about the surgery date."""
    surgery = _surgery(case, surgery_date)
    area_mm2, area_source = treated_area_for(case)
    with _in_calendar(surgery):
        schedule = build_rehab_schedule(
            case.case_id,
            case.side,
            surgery.date,
            treated_area_mm2=area_mm2,
            lcea_deg=case.hip.radiographic.lcea_deg,
            operative=case.operative,
            treated_area_source=area_source,
            policy=policy,
        )
    return schedule, surgery.warnings


def _operative_record(case: Case) -> OperativeRecord:
    """The case's operative record; ``InputDataError`` naming ``operative`` when it has none."""
    if case.operative is None:
        raise InputDataError(
            "is required for an operative note: the case file has no operative record",
            field="operative",
        )
    return case.operative


def case_operative_note(
    case: Case,
    planned: PlannedHoles | None,
    no_plan_reason: str | None,
    *,
    today: dt.date,
    policy: PathwayPolicy,
    schedule: RehabSchedule | None = None,
) -> OperativeNote:
    """Review the operative record against ``planned`` and write the note (dated ``today``).

    ``planned`` is the plan of the case's lesion as the caller made it (None: no plan, and
    ``no_plan_reason`` says why, if a plan was tried); nothing is re-planned here. ``schedule``
    is the rehabilitation schedule for the post-operative plan, when the caller already has it
    (else it is computed from the case's surgery date).
    """
    record = _operative_record(case)
    if planned is not None and no_plan_reason is not None:
        raise InvalidValueError(
            "give a plan or the reason there is none, not both", field="no_plan_reason"
        )
    sphere = None if planned is None else _surface_sphere(case, planned.surface)
    review = review_operative_record(record, planned, sphere, policy=policy)
    if planned is None and no_plan_reason is not None and record.microfracture:
        missing = Finding.of(
            policy.hole_distance,
            Severity.WARNING,
            f"no hole plan could be made ({one_line(no_plan_reason)}): the holes made are not"
            " compared with a plan",
        )
        review = replace(review, findings=(missing, *review.findings))
    areas = {lesion.id: lesion_area_mm2(case, lesion) for lesion in record.lesions}
    if schedule is None:
        schedule, _ = case_rehab_schedule(case, policy=policy)
    text = write_operative_note(
        case,
        review,
        planned,
        lesion_areas_mm2=areas,
        schedule=schedule,
        generated_by=f"chondral {__version__}",
        generated_on=today,
    )
    return OperativeNote(text, review, planned, no_plan_reason)


def case_operative_note_with_plan(
    case: Case,
    meshes: MeshSource,
    *,
    today: dt.date,
    policy: PathwayPolicy,
) -> OperativeNote:
    """``chondral opnote``: plan the case once (``planning.planned_holes_or_reason``: a plan,
    or the reason none can be made; a missing mesh file is an error), then review the record
    against that plan and write the note (``case_operative_note``)."""
    _operative_record(case)  # say so before planning: the note needs the record first
    planned, no_plan_reason = planning.planned_holes_or_reason(case, meshes)
    return case_operative_note(case, planned, no_plan_reason, today=today, policy=policy)


def _prom_scores(case: Case) -> dict[str, list[DatedScore]]:
    wanted = {c.prom for c in default_rts_criteria() if c.prom is not None}
    scores: dict[str, list[DatedScore]] = {}
    for index, response in enumerate(case.proms):
        if response.instrument not in wanted:
            continue
        result = score_response(
            response.instrument, response.answers, field_prefix=f"proms[{index}]"
        )
        score = None if result.score is None else float(result.score)
        scores.setdefault(response.instrument, []).append(
            DatedScore(response.date, score, result.reason)
        )
    return scores


def case_return_to_sport(
    case: Case,
    *,
    date: dt.date,
    surgery_date: dt.date | None = None,
    policy: PathwayPolicy,
) -> tuple[RtsDecision, tuple[str, ...]]:
    """The return-to-sport gate of ``case`` on ``date``, and warnings about the surgery date."""
    _check_given(date, "date")
    surgery = _surgery(case, surgery_date)
    return _return_to_sport(case, surgery, date, policy), surgery.warnings


def _return_to_sport(
    case: Case, surgery: _Surgery, date: dt.date, policy: PathwayPolicy
) -> RtsDecision:
    scores = _prom_scores(case)
    with _in_calendar(surgery):
        return evaluate_return_to_sport(
            case.case_id,
            case.side,
            surgery.date,
            date,
            case.return_to_sport,
            scores,
            policy=policy,
        )


@dataclass(frozen=True, slots=True)
class PathwayOutputs:
    """What ``write_pathway_outputs`` computed and wrote (operative note and gate: if recorded)."""

    checklist: Checklist
    rehab: RehabSchedule
    operative_note: OperativeNote | None
    return_to_sport: RtsDecision | None
    written: Sequence[Path] = field(default_factory=tuple)


def write_pathway_outputs(
    case: Case,
    out_dir: Path,
    *,
    planned: PlannedHoles | None,
    no_plan_reason: str | None,
    today: dt.date,
    stamp: dt.datetime,
    policy: PathwayPolicy = DEFAULT_POLICY,
    checklist_as_of: dt.date | None = None,
    rts_date: dt.date | None = None,
) -> PathwayOutputs:
    """Run the whole pathway on ``case`` and write its files to ``out_dir``.

    Writes ``checklist.json``, ``rehab.json``, ``rehab.ics``, and, when the case has an
    operative record, ``operative-note.md`` (compared with ``planned``, the caller's plan; the
    rehabilitation schedule written is the one the note's post-operative plan shows); when it
    has a return-to-sport record, ``return-to-sport.json``. Dates, so the output is
    reproducible: the checklist is as of ``checklist_as_of`` (default: the day before surgery,
    the pre-operative check); the gate is evaluated on ``rts_date`` (default: the surgeon's
    approval date, else the last assessment); the note is dated ``today``; ``stamp`` is the
    .ics DTSTAMP; ``policy`` is chondral's default unless given. A folder or file that cannot be
    written is a ``ParameterError`` naming ``out_dir``.
    """
    _check_given(checklist_as_of, "checklist_as_of")
    _check_given(rts_date, "rts_date")
    surgery = _surgery(case, None)
    with _in_calendar(surgery):
        as_of = checklist_as_of or surgery.date - dt.timedelta(days=1)
    checklist = _checklist(case, surgery, as_of, policy)
    rehab, _ = case_rehab_schedule(case, policy=policy)
    make_folder(out_dir, field="out_dir")
    written = [
        write_json(out_dir / CHECKLIST_FILENAME, checklist_to_dict(checklist), field="out_dir"),
        write_json(out_dir / REHAB_FILENAME, rehab_schedule_to_dict(rehab), field="out_dir"),
        write_schedule_ics(rehab, out_dir / REHAB_ICS_FILENAME, stamp=stamp, field="out_dir"),
    ]
    note = None
    if case.operative is not None:
        note = case_operative_note(
            case, planned, no_plan_reason, today=today, policy=policy, schedule=rehab
        )
        written.append(write_text(out_dir / OPNOTE_FILENAME, note.text, field="out_dir"))
    decision = None
    rts = case.return_to_sport
    if rts is not None:
        dates = [a.date for a in rts.assessments]
        when = rts_date or (rts.approval.date if rts.approval else max(dates, default=None))
        if when is not None:
            decision = _return_to_sport(case, surgery, when, policy)
            written.append(
                write_json(out_dir / RTS_FILENAME, rts_decision_to_dict(decision), field="out_dir")
            )
    return PathwayOutputs(checklist, rehab, note, decision, tuple(written))
