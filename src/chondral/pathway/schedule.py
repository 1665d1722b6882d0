"""A dated rehabilitation schedule from a protocol, tailored to the lesion and the hip.

Protected weight bearing (rule ``pathway.weight_bearing.extended``; see ``WeightBearingParams``)
lasts 6 weeks, or 8 when the treated area *exceeds* 200 mm2 or the LCEA is *below* 25 deg:

==========================  ===========================
treated area / LCEA         protected weight bearing
==========================  ===========================
200.0 mm2, LCEA 25.0 deg    6 weeks (neither boundary is crossed)
200.1 mm2 or LCEA 24.9 deg  8 weeks
unknown area                decided on LCEA alone, with a warning
unknown LCEA                decided on area alone, with a warning
both unknown                6 weeks, with both warnings: the surgeon must decide
==========================  ===========================

Dates (``calendar_dates``): the surgery day is day 0; "N weeks" is N x 7 days; "N months" are
calendar months clamped to the month's end. ``weight_bearing.until`` is the day protection is
reviewed and may end (surgery + N weeks); phase I ends the day before and phase II starts that
day. Phase end dates are inclusive; the last phase has no end (``None``). When no scheduled
visit falls on the ``until`` day, a review visit is added there (rule
``pathway.followup.weight_bearing_review``, a design choice). PROMs "before surgery" are due by
the surgery date (a form filled in on the day of surgery counts as pre-operative, as in
``chondral.outcomes``).

Nothing here prescribes: the NSAID question is returned as a note for the surgeon.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from chondral.domain import ConcomitantProcedure, Finding, OperativeRecord, Severity, Side
from chondral.errors import InputDataError, InvalidValueError, quote
from chondral.pathway.calendar_dates import add_months, add_weeks, inside_calendar, week_start
from chondral.pathway.policy import DEFAULT_POLICY, PathwayPolicy, PathwayRule, WeightBearingParams
from chondral.pathway.protocols import RehabProtocol, VisitDefinition, default_protocol

__all__ = [
    "PromDue",
    "RehabPhase",
    "RehabSchedule",
    "Visit",
    "WeightBearingDecision",
    "build_rehab_schedule",
    "decide_weight_bearing",
]


@dataclass(frozen=True, slots=True)
class WeightBearingDecision:
    """How long protected weight bearing lasts, and why."""

    weeks: int
    extended: bool
    reasons: tuple[str, ...]
    findings: tuple[Finding, ...]
    rule_id: str
    source: str
    treated_area_mm2: float | None
    lcea_deg: float | None


def decide_weight_bearing(
    treated_area_mm2: float | None,
    lcea_deg: float | None,
    rule: PathwayRule[WeightBearingParams] = DEFAULT_POLICY.weight_bearing,
) -> WeightBearingDecision:
    """Protected weeks from the treated area (mm2, post-debridement) and the LCEA (deg).

    Strict comparisons: the area must *exceed* ``area_above_mm2`` and the LCEA be *below*
    ``lcea_below_deg`` to extend. An unknown input is never guessed: unless the known one
    already extends, the protection takes the longer period until the surgeon decides, and
    ``findings`` say so (shortening protection on a missing number is the unsafe direction).
    A non-finite or negative area, or a non-finite LCEA, is refused (``InvalidValueError``):
    NaN compares false with every cut-off and would quietly give the shorter protection.
    """
    if treated_area_mm2 is not None and not (
        math.isfinite(treated_area_mm2) and treated_area_mm2 >= 0
    ):
        raise InvalidValueError(
            f"must be a finite area >= 0 mm2, got {quote(treated_area_mm2)}",
            field="treated_area_mm2",
        )
    if lcea_deg is not None and not math.isfinite(lcea_deg):
        raise InvalidValueError(
            f"must be a finite angle in degrees, got {quote(lcea_deg)}", field="lcea_deg"
        )
    params = rule.params
    reasons: list[str] = []
    findings: list[Finding] = []
    extended = False
    if treated_area_mm2 is None:
        findings.append(
            Finding.of(
                rule,
                Severity.WARNING,
                f"treated area unknown: protection is kept at the longer {params.extended_weeks}"
                " weeks unless the LCEA alone extends it; record the lesion's size or let the"
                " surgeon decide",
            )
        )
    elif treated_area_mm2 > params.area_above_mm2:
        extended = True
        reasons.append(
            f"treated area {treated_area_mm2:.1f} mm2 exceeds {params.area_above_mm2:g} mm2"
        )
    else:
        reasons.append(
            f"treated area {treated_area_mm2:.1f} mm2 does not exceed {params.area_above_mm2:g} mm2"
        )
    if lcea_deg is None:
        findings.append(
            Finding.of(
                rule,
                Severity.WARNING,
                f"LCEA not measured: protection is kept at the longer {params.extended_weeks}"
                " weeks unless the area alone extends it; measure the LCEA or let the surgeon"
                " decide",
            )
        )
    elif lcea_deg < params.lcea_below_deg:
        extended = True
        reasons.append(f"LCEA {lcea_deg:g} deg is below {params.lcea_below_deg:g} deg")
    else:
        reasons.append(f"LCEA {lcea_deg:g} deg is not below {params.lcea_below_deg:g} deg")
    if treated_area_mm2 is None and lcea_deg is None:
        findings.append(
            Finding.of(
                rule,
                Severity.WARNING,
                f"neither the treated area nor the LCEA is known: {params.extended_weeks} weeks"
                " is the cautious default, not a decision; the surgeon must set the protected"
                " period",
            )
        )
    if not extended and (treated_area_mm2 is None or lcea_deg is None):
        extended = True
        reasons.append("an input of the rule is unknown: the longer protection until it is known")
    weeks = params.extended_weeks if extended else params.base_weeks
    return WeightBearingDecision(
        weeks=weeks,
        extended=extended,
        reasons=tuple(reasons),
        findings=tuple(findings),
        rule_id=rule.rule_id,
        source=rule.source,
        treated_area_mm2=treated_area_mm2,
        lcea_deg=lcea_deg,
    )


@dataclass(frozen=True, slots=True)
class RehabPhase:
    """A dated phase. ``end`` is inclusive; None for the open last phase."""

    id: str
    name: str
    start: dt.date
    end: dt.date | None
    first_week: int
    last_week: int | None
    goals: tuple[str, ...]
    restrictions: tuple[str, ...]
    exercises: tuple[str, ...]
    criteria_to_progress: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Visit:
    """A dated follow-up visit."""

    label: str
    date: dt.date
    rule_id: str


@dataclass(frozen=True, slots=True)
class PromDue:
    """One questionnaire due at one time point (``date``: due by)."""

    instrument: str
    date: dt.date
    time_point: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class RehabSchedule:
    """A patient's dated rehabilitation schedule."""

    case_id: str
    side: Side
    surgery_date: dt.date
    protocol: RehabProtocol
    weight_bearing: WeightBearingDecision
    weight_bearing_until: dt.date
    weight_bearing_restriction: str
    """The restriction itself (e.g. 20 lb foot-flat with two crutches), without dates."""
    phases: tuple[RehabPhase, ...]
    visits: tuple[Visit, ...]
    prom_due: tuple[PromDue, ...]
    pain_notes: tuple[Finding, ...]
    findings: tuple[Finding, ...]
    treated_area_source: str | None = None


def _visit_date(surgery_date: dt.date, visit: VisitDefinition) -> dt.date:
    if visit.weeks is not None:
        return add_weeks(surgery_date, visit.weeks)
    assert visit.months is not None  # parse_protocol guarantees exactly one
    return add_months(surgery_date, visit.months)


def _phase_weeks(protocol: RehabProtocol, protected_weeks: int) -> list[int]:
    shift = protected_weeks - protocol.standard_protected_weeks
    starts = [
        phase.first_week + (shift if phase.shifts_with_protection else 0)
        for phase in protocol.phases
    ]
    for index in range(1, len(starts)):
        if starts[index] <= starts[index - 1]:
            raise InputDataError(
                f"protected weight bearing of {protected_weeks} weeks leaves no time for"
                f" {protocol.phases[index - 1].name} before week {starts[index]}; the protocol"
                " cannot be built with this period",
                field="weight_bearing.extended",
            )
    if len(starts) > 1 and starts[1] != protected_weeks + 1:
        raise InputDataError(
            f"phase II must start when protection ends (week {protected_weeks + 1})",
            field="weight_bearing.extended",
        )
    return starts


def _phases(
    protocol: RehabProtocol,
    surgery_date: dt.date,
    decision: WeightBearingDecision,
    restriction_text: str,
) -> tuple[RehabPhase, ...]:
    starts = _phase_weeks(protocol, decision.weeks)
    phases: list[RehabPhase] = []
    for index, definition in enumerate(protocol.phases):
        start = surgery_date if index == 0 else week_start(surgery_date, starts[index])
        has_next = index + 1 < len(starts)
        end = (
            week_start(surgery_date, starts[index + 1]) - dt.timedelta(days=1) if has_next else None
        )
        restrictions = [restriction_text] if index == 0 else []
        for restriction in definition.restrictions:
            if restriction.days is None:
                restrictions.append(f"{restriction.text} ({restriction.source})")
            else:
                last_day = surgery_date + dt.timedelta(days=restriction.days - 1)
                restrictions.append(
                    f"{restriction.text} for the first {restriction.days} days, through"
                    f" {last_day.isoformat()} ({restriction.source})"
                )
        phases.append(
            RehabPhase(
                id=definition.id,
                name=definition.name,
                start=start,
                end=end,
                first_week=starts[index],
                last_week=starts[index + 1] - 1 if has_next else None,
                goals=definition.goals,
                restrictions=tuple(restrictions),
                exercises=definition.exercises,
                criteria_to_progress=definition.criteria_to_progress,
                source=definition.source,
            )
        )
    return tuple(phases)


def _is_mixed_fai_resection(operative: OperativeRecord | None) -> bool:
    if operative is None:
        return False
    done = set(operative.concomitant)
    return {ConcomitantProcedure.FEMOROPLASTY, ConcomitantProcedure.ACETABULOPLASTY} <= done


def build_rehab_schedule(
    case_id: str,
    side: Side,
    surgery_date: dt.date,
    *,
    treated_area_mm2: float | None,
    lcea_deg: float | None,
    operative: OperativeRecord | None = None,
    treated_area_source: str | None = None,
    protocol: RehabProtocol | None = None,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> RehabSchedule:
    """The dated schedule for surgery on ``surgery_date`` (see the module docstring).

    ``treated_area_mm2`` is the post-debridement area of the treated lesions (None: unknown);
    ``operative`` (optional) adds case-specific context to the pain note.
    """
    protocol = protocol or default_protocol()
    decision = decide_weight_bearing(treated_area_mm2, lcea_deg, policy.weight_bearing)
    with inside_calendar(surgery_date, field="surgery_date", what="the rehabilitation schedule"):
        until = add_weeks(surgery_date, decision.weeks)
        restriction_text = (
            f"{protocol.weight_bearing_restriction} for {decision.weeks} weeks, until the review on"
            f" {until.isoformat()} ({decision.rule_id})"
        )
        visits = [
            Visit(v.label, _visit_date(surgery_date, v), protocol.visits_rule.rule_id)
            for v in protocol.visits
        ]
        if all(visit.date != until for visit in visits):
            visits.append(
                Visit(
                    f"{decision.weeks}-week review: end of protected weight bearing",
                    until,
                    protocol.weight_bearing_review_rule.rule_id,
                )
            )
        visits.sort(key=lambda visit: visit.date)
        prom_due = tuple(
            PromDue(
                instrument, add_months(surgery_date, months), label, protocol.proms.rule.rule_id
            )
            for label, months in protocol.proms.time_points
            for instrument in protocol.proms.instruments
        )
        pain_notes = []
        for note in protocol.pain_notes:
            text = note.text
            if _is_mixed_fai_resection(operative):
                text += (
                    " This operation included both rim (acetabuloplasty) and cam (femoroplasty)"
                    " resection: mixed-type FAI resection was the main HO risk factor in the AJSM"
                    " 2014 cohort."
                )
            pain_notes.append(Finding.of(note.rule, Severity.WARNING, text))
        return RehabSchedule(
            case_id=case_id,
            side=side,
            surgery_date=surgery_date,
            protocol=protocol,
            weight_bearing=decision,
            weight_bearing_until=until,
            weight_bearing_restriction=protocol.weight_bearing_restriction,
            phases=_phases(protocol, surgery_date, decision, restriction_text),
            visits=tuple(visits),
            prom_due=prom_due,
            pain_notes=tuple(pain_notes),
            findings=decision.findings,
            treated_area_source=treated_area_source,
        )
