"""Tables of the care pathway for a terminal (rich): checklist, rehabilitation schedule and the
return-to-sport gate. Imported only when a pathway command prints a table, so ``chondral
--help`` never loads rich."""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.table import Table
from rich.text import Text

from chondral.cli.console import terminal
from chondral.pathway import Checklist, ItemState, RehabSchedule, RtsDecision

__all__ = [
    "checklist_renderable",
    "print_checklist",
    "print_rehab",
    "print_rts",
    "rehab_renderable",
    "rts_renderable",
]

_STATE_STYLE = {ItemState.DONE: "green", ItemState.PENDING: "yellow", ItemState.NOT_ORDERED: "dim"}


def print_checklist(result: Checklist) -> None:
    """Print the checklist table to stdout."""
    terminal().print(checklist_renderable(result))


def print_rehab(schedule: RehabSchedule) -> None:
    """Print the schedule to stdout."""
    terminal().print(rehab_renderable(schedule))


def print_rts(decision: RtsDecision) -> None:
    """Print the gate's checks to stdout."""
    terminal().print(rts_renderable(decision))


def _header(case_id: str, side: str, text: str, style: str) -> Text:
    return Text.assemble(
        (f"Case {case_id}   ", "bold"), (f"{side.upper()} hip   ", "bold magenta"), (text, style)
    )


def checklist_renderable(result: Checklist) -> Group:
    """Header (case, side, ready or not), the items, alerts."""
    status = ("READY for surgery", "bold green") if result.ready else ("NOT READY", "bold red")
    table = Table(expand=True)
    for column in ("Item", "Owner", "Due", "State", "Required"):
        table.add_column(column, no_wrap=column != "Item")
    for item in result.items:
        state = Text(item.state.value, style=_STATE_STYLE[item.state])
        if item.overdue:
            state.append(" OVERDUE", style="bold red")
        title = item.title + "".join(f"\n  {note}" for note in item.notes)
        table.add_row(
            title, item.owner.value, item.due.isoformat(), state, "yes" if item.required else "no"
        )
    parts: list[Text | Table] = [
        _header(
            result.case_id,
            result.side.value,
            f"{status[0]}   surgery {result.surgery_date.isoformat()}"
            f"   as of {result.as_of.isoformat()}",
            status[1],
        ),
        table,
    ]
    parts.extend(Text(alert, style="bold red") for alert in result.alerts)
    if result.blocking:
        parts.append(Text(f"Blocking: {', '.join(result.blocking)}"))
    return Group(*parts)


def rehab_renderable(schedule: RehabSchedule) -> Group:
    """Header, weight bearing, phases, visits, PROMs, pain note, warnings."""
    decision = schedule.weight_bearing
    parts: list[Text | Table] = [
        _header(
            schedule.case_id,
            schedule.side.value,
            f"surgery {schedule.surgery_date.isoformat()}",
            "bold",
        ),
        Text(
            f"{schedule.weight_bearing_restriction} for {decision.weeks} weeks, until"
            f" {schedule.weight_bearing_until.isoformat()} ({decision.rule_id}:"
            f" {'; '.join(decision.reasons) or 'inputs unknown'})"
        ),
    ]
    phases = Table(title="Phases", expand=True)
    for column in ("Phase", "Start", "End", "Restrictions"):
        phases.add_column(column)
    for phase in schedule.phases:
        end = "-" if phase.end is None else phase.end.isoformat()
        phases.add_row(phase.name, phase.start.isoformat(), end, "\n".join(phase.restrictions))
    visits = Table(title="Follow-up visits")
    visits.add_column("Visit")
    visits.add_column("Date")
    for visit in schedule.visits:
        visits.add_row(visit.label, visit.date.isoformat())
    proms = Table(title="Questionnaires due")
    proms.add_column("When")
    proms.add_column("By")
    proms.add_column("Instruments")
    seen: dict[tuple[str, dt.date], list[str]] = {}
    for due in schedule.prom_due:
        seen.setdefault((due.time_point, due.date), []).append(due.instrument)
    for (label, day), instruments in seen.items():
        proms.add_row(label, day.isoformat(), ", ".join(instruments))
    parts += [phases, visits, proms]
    parts.extend(Text(note.message, style="yellow") for note in schedule.pain_notes)
    parts.extend(
        Text(f"warning: {f.message} [{f.rule_id}]", style="bold yellow") for f in schedule.findings
    )
    return Group(*parts)


def rts_renderable(decision: RtsDecision) -> Group:
    """Header (cleared or not), one row per check."""
    status = ("CLEARED to return to sport", "bold green")
    if not decision.cleared:
        status = ("NOT cleared", "bold red")
    table = Table(expand=True)
    for column in ("Check", "Stage", "Requirement", "Met", "Result"):
        table.add_column(column)
    for check in decision.checks:
        table.add_row(
            check.title or check.id,
            check.stage or "",
            check.requirement or "",
            Text("yes", style="green") if check.met else Text("no", style="red"),
            check.reason,
        )
    return Group(
        _header(
            decision.case_id,
            decision.side.value,
            f"{status[0]}   on {decision.date.isoformat()}"
            f"   (surgery {decision.surgery_date.isoformat()})",
            status[1],
        ),
        table,
    )
