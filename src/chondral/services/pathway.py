"""Use cases of the care pathway: checklist, rehabilitation schedule (+ .ics), operative review
and note, return-to-sport gate, and all of them at once for the demo.

This is where the pathway library meets the files and the other parts of chondral:

- the case file (``chondral.io``), the institution policy file (``chondral.policy/1``);
- the treated area: from the operative record when it records microfracture (lesions sized
  after debridement; a range-only lesion gets its area from the template hip), else from the
  plan (``chondral.services.planning.treated_area_mm2``);
- the hole plan (``chondral.services.planning.planned_holes``) and the template hip's surface
  sphere, to compare the holes made with it;
- the HOS-ADL and HOS-Sport scores of the case's PROMs (``chondral.outcomes``) for the
  return-to-sport criteria.

The surgery date is the one given, else the case file's ``surgery_date``, else the operative
record's date; with none, an ``InputDataError`` names ``--surgery-date``. A given date that
differs from the file's is used and said so in a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chondral import __version__
from chondral.anatomy import geometric_area_mm2
from chondral.anatomy.template_hip import TemplateHip
from chondral.domain import Case, Lesion, Surface
from chondral.errors import InputDataError
from chondral.io.calendar_export import write_schedule_ics
from chondral.io.policyfile import load_policy
from chondral.outcomes import score_response
from chondral.pathway import (
    DEFAULT_POLICY,
    Checklist,
    DatedScore,
    OperativeReview,
    PathwayFinding,
    PathwayPolicy,
    PlannedHoles,
    RehabSchedule,
    RtsDecision,
    Severity,
    SurfaceSphere,
    build_checklist,
    build_rehab_schedule,
    default_rts_criteria,
    evaluate_return_to_sport,
    review_operative_record,
    write_operative_note,
)
from chondral.services import planning
from chondral.services.candidacy import validate_case_file

__all__ = [
    "CHECKLIST_FILENAME",
    "OPNOTE_FILENAME",
    "REHAB_FILENAME",
    "REHAB_ICS_FILENAME",
    "RTS_FILENAME",
    "OperativeNote",
    "PathwayOutputs",
    "RehabResult",
    "case_checklist",
    "case_operative_note",
    "case_rehab_schedule",
    "case_return_to_sport",
    "checklist_for_case_file",
    "choose_policy",
    "operative_note_for_case_file",
    "rehab_for_case_file",
    "return_to_sport_for_case_file",
    "surgery_date_for",
    "treated_area_for",
    "write_pathway_outputs",
]

CHECKLIST_FILENAME = "checklist.json"
REHAB_FILENAME = "rehab.json"
REHAB_ICS_FILENAME = "rehab.ics"
OPNOTE_FILENAME = "operative-note.md"
RTS_FILENAME = "return-to-sport.json"


def choose_policy(policy_path: Path | None) -> PathwayPolicy:
    """The policy in ``policy_path`` (checked strictly), or chondral's default policy."""
    return DEFAULT_POLICY if policy_path is None else load_policy(policy_path)


def surgery_date_for(case: Case, given: dt.date | None) -> tuple[dt.date, tuple[str, ...]]:
    """The surgery date to use and any warning about it (see the module docstring)."""
    recorded = case.recorded_surgery_date
    if given is None:
        if recorded is None:
            raise InputDataError(
                "is required: the case file records no surgery date", field="--surgery-date"
            )
        return recorded, ()
    if recorded is not None and recorded != given:
        return given, (
            f"surgery date {given.isoformat()} given; the case file says {recorded.isoformat()}",
        )
    return given, ()


def treated_area_for(case: Case, case_path: Path) -> tuple[float | None, str | None]:
    """Treated area (mm2, after debridement) and where it came from (None, None if unknown)."""
    operative = case.operative
    if operative is not None and operative.microfracture:
        areas = [
            _lesion_area_mm2(case, operative.lesion(treated.lesion_id))
            for treated in operative.microfracture
        ]
        if all(area is not None for area in areas):
            total = sum(area for area in areas if area is not None)
            return total, "operative record (lesions sized after debridement)"
    area = planning.treated_area_mm2(case, case_path)
    return (area, "hole plan (lesion after debridement)") if area is not None else (None, None)


def _lesion_area_mm2(case: Case, lesion: Lesion) -> float | None:
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
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> tuple[Checklist, tuple[str, ...]]:
    """The checklist of ``case`` as of ``as_of``, and warnings about the surgery date."""
    surgery, warnings = surgery_date_for(case, surgery_date)
    return build_checklist(case, surgery, as_of=as_of, policy=policy), warnings


def case_rehab_schedule(
    case: Case,
    case_path: Path,
    *,
    surgery_date: dt.date | None = None,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> tuple[RehabSchedule, tuple[str, ...]]:
    """The dated rehabilitation schedule of ``case``, and warnings about the surgery date."""
    surgery, warnings = surgery_date_for(case, surgery_date)
    area_mm2, area_source = treated_area_for(case, case_path)
    schedule = build_rehab_schedule(
        case.case_id,
        case.side,
        surgery,
        treated_area_mm2=area_mm2,
        lcea_deg=case.hip.radiographic.lcea_deg,
        operative=case.operative,
        treated_area_source=area_source,
        policy=policy,
    )
    return schedule, warnings


@dataclass(frozen=True, slots=True)
class OperativeNote:
    """The operative note and what it rests on."""

    text: str
    review: OperativeReview
    planned: PlannedHoles | None

    def as_dict(self) -> dict[str, Any]:
        """JSON form: the checks, the plan-vs-performed comparisons and the note."""
        return {
            "warnings": [f.as_dict() for f in self.review.findings],
            "comparisons": [c.as_dict() for c in self.review.comparisons],
            "traction_total_min": self.review.traction_total_min,
            "note": self.text,
        }


def case_operative_note(
    case: Case,
    case_path: Path,
    *,
    today: dt.date,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> OperativeNote:
    """Review the operative record against the plan and write the note (dated ``today``)."""
    record = case.operative
    if record is None:
        raise InputDataError(
            "is required for an operative note: the case file has no operative record",
            field="operative",
        )
    planned, no_plan_reason = planning.planned_holes_or_reason(case, case_path)
    sphere = None if planned is None else _surface_sphere(case, planned.surface)
    review = review_operative_record(record, planned, sphere, policy=policy)
    if planned is None and no_plan_reason is not None and record.microfracture:
        missing = PathwayFinding.of(
            policy.hole_distance,
            Severity.WARNING,
            f"no hole plan could be made ({no_plan_reason}): the holes made are not compared"
            " with a plan",
        )
        review = dataclasses.replace(review, findings=(missing, *review.findings))
    areas = {lesion.id: _lesion_area_mm2(case, lesion) for lesion in record.lesions}
    schedule, _ = case_rehab_schedule(case, case_path, policy=policy)
    text = write_operative_note(
        case,
        review,
        planned,
        lesion_areas_mm2=areas,
        schedule=schedule,
        generated_by=f"chondral {__version__}",
        generated_on=today,
    )
    return OperativeNote(text, review, planned)


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
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> tuple[RtsDecision, tuple[str, ...]]:
    """The return-to-sport gate of ``case`` on ``date``, and warnings about the surgery date."""
    surgery, warnings = surgery_date_for(case, surgery_date)
    decision = evaluate_return_to_sport(
        case.case_id,
        case.side,
        surgery,
        date,
        case.return_to_sport,
        _prom_scores(case),
        policy=policy,
    )
    return decision, warnings


@dataclass(frozen=True, slots=True)
class PathwayOutputs:
    """What ``write_pathway_outputs`` computed and wrote (operative note and gate: if recorded)."""

    checklist: Checklist
    rehab: RehabSchedule
    operative_note: OperativeNote | None
    return_to_sport: RtsDecision | None
    written: Sequence[Path] = field(default_factory=tuple)


def _write_json(path: Path, document: Mapping[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_pathway_outputs(
    case_path: Path,
    out_dir: Path,
    *,
    today: dt.date,
    stamp: dt.datetime,
    checklist_as_of: dt.date | None = None,
    rts_date: dt.date | None = None,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> PathwayOutputs:
    """Run the whole pathway on the case in ``case_path`` and write its files to ``out_dir``.

    Writes ``checklist.json``, ``rehab.json``, ``rehab.ics``, and, when the case has an
    operative record, ``operative-note.md``; when it has a return-to-sport record,
    ``return-to-sport.json``. Dates, so the output is reproducible: the checklist is as of
    ``checklist_as_of`` (default: the day before surgery, the pre-operative check); the gate is
    evaluated on ``rts_date`` (default: the surgeon's approval date, else the last assessment);
    the note is dated ``today``; ``stamp`` is the .ics DTSTAMP.
    """
    case = validate_case_file(case_path)
    surgery, _ = surgery_date_for(case, None)
    out_dir.mkdir(parents=True, exist_ok=True)
    as_of = checklist_as_of or surgery - dt.timedelta(days=1)
    checklist = build_checklist(case, surgery, as_of=as_of, policy=policy)
    written = [_write_json(out_dir / CHECKLIST_FILENAME, checklist.as_dict())]
    rehab, _ = case_rehab_schedule(case, case_path, policy=policy)
    written.append(_write_json(out_dir / REHAB_FILENAME, rehab.as_dict()))
    written.append(write_schedule_ics(rehab, out_dir / REHAB_ICS_FILENAME, stamp=stamp))
    note = None
    if case.operative is not None:
        note = case_operative_note(case, case_path, today=today, policy=policy)
        path = out_dir / OPNOTE_FILENAME
        path.write_text(note.text, encoding="utf-8")
        written.append(path)
    decision = None
    rts = case.return_to_sport
    if rts is not None:
        dates = [a.date for a in rts.assessments]
        when = rts_date or (rts.approval.date if rts.approval else max(dates, default=None))
        if when is not None:
            decision, _ = case_return_to_sport(case, date=when, policy=policy)
            written.append(_write_json(out_dir / RTS_FILENAME, decision.as_dict()))
    return PathwayOutputs(checklist, rehab, note, decision, tuple(written))


def checklist_for_case_file(
    case_path: Path,
    *,
    as_of: dt.date,
    surgery_date: dt.date | None = None,
    policy_path: Path | None = None,
) -> tuple[Checklist, tuple[str, ...]]:
    """``chondral checklist``: the checklist of the case in ``case_path``."""
    policy = choose_policy(policy_path)
    case = validate_case_file(case_path)
    return case_checklist(case, as_of=as_of, surgery_date=surgery_date, policy=policy)


@dataclass(frozen=True, slots=True)
class RehabResult:
    """A schedule, warnings about the surgery date, and the .ics written (if asked)."""

    schedule: RehabSchedule
    warnings: tuple[str, ...]
    ics_path: Path | None


def rehab_for_case_file(
    case_path: Path,
    *,
    stamp: dt.datetime,
    surgery_date: dt.date | None = None,
    policy_path: Path | None = None,
    ics_path: Path | None = None,
) -> RehabResult:
    """``chondral rehab``: the schedule of the case in ``case_path``; writes ``ics_path``."""
    policy = choose_policy(policy_path)
    case = validate_case_file(case_path)
    schedule, warnings = case_rehab_schedule(
        case, case_path, surgery_date=surgery_date, policy=policy
    )
    written = None if ics_path is None else write_schedule_ics(schedule, ics_path, stamp=stamp)
    return RehabResult(schedule, warnings, written)


def operative_note_for_case_file(
    case_path: Path,
    *,
    today: dt.date,
    policy_path: Path | None = None,
    out_path: Path | None = None,
) -> OperativeNote:
    """``chondral opnote``: the note of the case in ``case_path``; written to ``out_path``."""
    policy = choose_policy(policy_path)
    case = validate_case_file(case_path)
    note = case_operative_note(case, case_path, today=today, policy=policy)
    if out_path is not None:
        try:
            out_path.write_text(note.text, encoding="utf-8")
        except OSError as error:
            raise InputDataError(
                f"{out_path}: cannot be written ({error.strerror})", field="--out"
            ) from error
    return note


def return_to_sport_for_case_file(
    case_path: Path,
    *,
    date: dt.date,
    surgery_date: dt.date | None = None,
    policy_path: Path | None = None,
) -> tuple[RtsDecision, tuple[str, ...]]:
    """``chondral rts``: the gate of the case in ``case_path`` on ``date``."""
    policy = choose_policy(policy_path)
    case = validate_case_file(case_path)
    return case_return_to_sport(case, date=date, surgery_date=surgery_date, policy=policy)
