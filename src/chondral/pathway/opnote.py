"""The operative note, written from the operative record (plain text, Markdown-compatible).

The first line states the side and the procedure. Sections follow the procedure: pre-operative
diagnosis, anaesthesia, position and traction, portals, findings (sizes after debridement),
procedure per lesion, plan versus performed, concomitant procedures, complications, the checks
with their rule ids, and the post-operative plan. Anything the record does not say is written as
"not recorded", never filled in. The note is a draft for the operating surgeon to check and
sign.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chondral.domain import (
    LB_PER_KG,
    AnaesthesiaRecord,
    AnaesthesiaType,
    Case,
    Lesion,
    MicrofractureRecord,
    OperativeRecord,
    RegionalBlock,
    TractionPeriod,
)
from chondral.errors import InvalidValueError
from chondral.pathway.operative import HoleComparison, OperativeReview
from chondral.pathway.planned_holes import PlannedHoles
from chondral.pathway.schedule import RehabSchedule

__all__ = ["OperativeNote", "write_operative_note"]


@dataclass(frozen=True, slots=True)
class OperativeNote:
    """The operative note and what it rests on: the review of the record, the plan it was
    compared with (None: no plan) and, when there is none, why (``no_plan_reason``)."""

    text: str
    review: OperativeReview
    planned: PlannedHoles | None
    no_plan_reason: str | None = None


_NOT_RECORDED = "not recorded"
_ANAESTHESIA = {
    AnaesthesiaType.GENERAL: "general anaesthesia",
    AnaesthesiaType.NEURAXIAL: "neuraxial anaesthesia",
    AnaesthesiaType.GENERAL_AND_NEURAXIAL: "general and neuraxial anaesthesia",
}
_BLOCK = {
    RegionalBlock.NONE: "no regional block",
    RegionalBlock.LUMBAR_PLEXUS: "lumbar plexus block",
    RegionalBlock.FASCIA_ILIACA: "fascia iliaca block",
    RegionalBlock.OTHER: "another regional block",
}


def _yes_no(value: bool | None) -> str:
    return _NOT_RECORDED if value is None else ("yes" if value else "no")


def _surface(lesion: Lesion) -> str:
    return lesion.surface.value.replace("_", " ")


def _location(lesion: Lesion) -> str:
    if lesion.center is not None:
        return (
            f"centre {lesion.center.clock.label}, {lesion.center.rim_distance_mm:g} mm from the rim"
        )
    assert lesion.clock_range is not None and lesion.rim_distance_range is not None
    return (
        f"{lesion.clock_range.start.label} to {lesion.clock_range.end.label},"
        f" {lesion.rim_distance_range.start_mm:g}-{lesion.rim_distance_range.end_mm:g} mm from"
        " the rim"
    )


def _size(lesion: Lesion, area_mm2: float | None) -> str:
    parts = []
    if lesion.size is not None:
        parts.append(f"{lesion.size.length_mm:g} x {lesion.size.width_mm:g} mm")
    if area_mm2 is not None:
        parts.append(f"{area_mm2:.0f} mm2")
    return ", ".join(parts) if parts else f"size {_NOT_RECORDED}"


def _lesion_line(lesion: Lesion, area_mm2: float | None) -> str:
    grade = "grade " + (str(lesion.grade) if lesion.grade is not None else _NOT_RECORDED)
    contained = {True: "contained", False: "NOT contained", None: "containment not recorded"}
    return (
        f"- {lesion.id}: {_surface(lesion)}, {_location(lesion)}; {_size(lesion, area_mm2)};"
        f" {grade}; {contained[lesion.contained]}"
    )


def _anaesthesia(record: AnaesthesiaRecord | None) -> str:
    if record is None:
        return _NOT_RECORDED
    return f"{_ANAESTHESIA[record.type]}, {_BLOCK[record.block]}"


def _traction_line(period: TractionPeriod) -> str:
    force = (
        "force not measured"
        if period.force_kg is None
        else f"{period.force_kg:g} kgf ({period.force_kg * LB_PER_KG:.0f} lbf)"
    )
    return f"- {period.start:%H:%M}-{period.stop:%H:%M}: {period.duration_minutes} min, {force}"


def _procedure_line(treated: MicrofractureRecord) -> str:
    awls = (
        " and ".join(f"{angle:g}" for angle in treated.awl_angles_deg) + " degree awl(s)"
        if treated.awl_angles_deg
        else f"awl angles {_NOT_RECORDED}"
    )
    depth = (
        f"{treated.depth_mm:g} mm deep"
        if treated.depth_mm is not None
        else "depth " + (_NOT_RECORDED)
    )
    how = "positions recorded" if treated.hole_positions is not None else "count only"
    return (
        f"- {treated.lesion_id}: calcified cartilage layer removed:"
        f" {_yes_no(treated.calcified_layer_removed)}; {treated.hole_count} holes ({how}),"
        f" {awls}, {depth}; marrow blood and fat seen from the holes after lowering the pump"
        f" pressure: {_yes_no(treated.marrow_seen)}; debris cleared:"
        f" {_yes_no(treated.debris_cleared)}"
    )


def _comparison_line(comparison: HoleComparison, planned: PlannedHoles | None) -> str:
    if comparison.planned_count is None or planned is None:
        return f"- {comparison.lesion_id}: no hole plan; {comparison.performed_count} holes made"
    text = (
        f"- {comparison.lesion_id}: planned {comparison.planned_count} holes on the"
        f" {planned.surface.value.replace('_', ' ')} (largest spacing"
        f" {planned.spacing_max_mm:g} mm); made {comparison.performed_count}"
    )
    distances = comparison.nearest_planned_mm
    if distances:
        far = ", ".join(str(n) for n in comparison.far_holes) or "none"
        missed = ", ".join(str(n) for n in comparison.missed_planned) or "none"
        text += (
            f"; distance from each hole made to the nearest planned hole: median"
            f" {statistics.median(distances):.1f} mm, largest {max(distances):.1f} mm; holes made"
            f" farther than {comparison.limit_mm:g} mm: {far}; planned holes with no hole made"
            f" within {comparison.limit_mm:g} mm: {missed}"
        )
    else:
        text += "; positions not compared (count only, or surfaces differ)"
    return text


def _rehab_lines(schedule: RehabSchedule) -> list[str]:
    decision = schedule.weight_bearing
    lines = [
        f"- {schedule.weight_bearing_restriction} for {decision.weeks} weeks, until the review on"
        f" {schedule.weight_bearing_until.isoformat()} ({decision.rule_id}:"
        f" {'; '.join(decision.reasons) or 'inputs unknown'})",
    ]
    lines.extend(f"- WARNING: {f.message} ({f.rule_id})" for f in schedule.findings)
    lines.append(
        "- Follow-up: "
        + "; ".join(f"{visit.label} {visit.date.isoformat()}" for visit in schedule.visits)
    )
    lines.extend(f"- {note.message} ({note.rule_id})" for note in schedule.pain_notes)
    return lines


def _pre_operative(case: Case) -> list[str]:
    if not case.lesions:
        return [f"- {_NOT_RECORDED}"]
    return [_lesion_line(lesion, lesion.recorded_area_mm2) for lesion in case.lesions]


def _heading(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _title(record: OperativeRecord) -> str:
    surfaces = sorted({_surface(record.lesion(t.lesion_id)) for t in record.microfracture})
    procedure = (
        f"hip arthroscopy with microfracture of the {' and '.join(surfaces)}"
        if surfaces
        else "hip arthroscopy (no microfracture recorded)"
    )
    return f"OPERATIVE NOTE: {record.side.value.upper()} {procedure}"


def write_operative_note(
    case: Case,
    review: OperativeReview,
    planned: PlannedHoles | None,
    *,
    lesion_areas_mm2: Mapping[str, float | None],
    schedule: RehabSchedule | None,
    generated_by: str,
    generated_on: dt.date,
) -> str:
    """The operative note of ``case`` (which must have an operative record) as text.

    ``lesion_areas_mm2``: area after debridement of each lesion found, by id (None: unknown);
    ``schedule``: the rehabilitation schedule for the post-operative plan (None: omitted).
    """
    record = case.operative
    if record is None:
        raise InvalidValueError(
            "is required for an operative note: the case has no operative record",
            field="operative",
        )
    title = _title(record)
    lines = [
        title,
        "=" * len(title),
        f"Case: {case.case_id}   Side: {record.side.value.upper()}   Date of surgery:"
        f" {record.date.isoformat()}",
        f"Surgeon: {record.surgeon}",
    ]
    lines += _heading("Pre-operative diagnosis (case file)")
    lines += _pre_operative(case)
    lines += _heading("Anaesthesia")
    lines.append(f"- {_anaesthesia(record.anaesthesia)}")
    if case.allergies is not None:
        allergies = [*case.allergies.medicines, *case.allergies.anaesthesia]
        if case.allergies.latex:
            allergies.append("LATEX")
        lines.append(f"- Allergies: {', '.join(allergies) if allergies else 'none known'}")
    lines += _heading("Traction and distraction")
    lines += [_traction_line(p) for p in record.traction] or [f"- traction {_NOT_RECORDED}"]
    if record.traction_total_minutes is not None:
        lines.append(f"- Total traction time: {record.traction_total_minutes} min")
    distraction = (
        _NOT_RECORDED if record.distraction_mm is None else f"{record.distraction_mm:g} mm"
    )
    lines.append(f"- Distraction achieved: {distraction}")
    lines += _heading("Portals")
    lines.append("- " + (", ".join(p.words for p in record.portals) or _NOT_RECORDED))
    lines += _heading("Findings at arthroscopy (sizes after debridement)")
    lines += [_lesion_line(x, lesion_areas_mm2.get(x.id)) for x in record.lesions] or [
        "- no chondral lesion recorded"
    ]
    if record.other_findings:
        lines.append(f"- Other findings: {record.other_findings}")
    lines += _heading("Microfracture")
    lines += [_procedure_line(t) for t in record.microfracture] or ["- none recorded"]
    lines += _heading("Plan versus performed")
    lines += [_comparison_line(c, planned) for c in review.comparisons] or [
        "- no microfracture to compare"
    ]
    lines += _heading("Concomitant procedures")
    lines.append("- " + (", ".join(p.words for p in record.concomitant) or "none recorded"))
    lines += _heading("Complications")
    lines += _complications(record.complications)
    lines += _heading("Checks")
    lines += [
        f"- {f.severity.value.upper()}: {f.message} [{f.rule_id}, {f.kind}]"
        for f in review.findings
    ] or ["- no findings"]
    if schedule is not None:
        lines += _heading("Post-operative plan")
        lines += _rehab_lines(schedule)
    lines += [
        "",
        f"Drafted by {generated_by} on {generated_on.isoformat()} from the case file; to be"
        " checked and signed by the operating surgeon.",
    ]
    return "\n".join(lines) + "\n"


def _complications(complications: Sequence[str] | None) -> list[str]:
    if complications is None:
        return [f"- {_NOT_RECORDED}"]
    return [f"- {c}" for c in complications] or ["- none"]
