"""``chondral checklist``, ``rehab``, ``opnote`` and ``rts``: the care pathway of one case.

Dates are ISO ``YYYY-MM-DD``; an impossible date (``2026-02-30``) is bad input naming the flag.
"Today" is read here, at the composition root, and passed down.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import typer
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from chondral.errors import InputDataError
from chondral.pathway import Checklist, ItemState, RehabSchedule, RtsDecision
from chondral.services.pathway import (
    checklist_for_case_file,
    operative_note_for_case_file,
    rehab_for_case_file,
    return_to_sport_for_case_file,
)

CASE_ARGUMENT = typer.Argument(..., help="Case file (.yaml/.yml/.json), schema chondral.case/1.")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON object to stdout.")
POLICY_OPTION = typer.Option(
    None, "--policy", help="Institution policy file (chondral.policy/1) instead of the default."
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATE_STYLE = {ItemState.DONE: "green", ItemState.PENDING: "yellow", ItemState.NOT_ORDERED: "dim"}


def parse_date(text: str | None, flag: str) -> dt.date | None:
    """``YYYY-MM-DD`` -> date; anything else (including 2026-02-30) names ``flag``."""
    if text is None:
        return None
    if not _DATE.match(text):
        raise InputDataError(f"must be a date YYYY-MM-DD; got {text!r}", field=flag)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise InputDataError(f"{text} is not a calendar date ({error})", field=flag) from error


def _required_date(text: str, flag: str) -> dt.date:
    date = parse_date(text, flag)
    assert date is not None
    return date


def _echo_json(document: dict[str, Any]) -> None:
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def _warn(lines: tuple[str, ...] | list[str]) -> None:
    for line in lines:
        typer.echo(f"warning: {line}", err=True)


def checklist(
    case: Path = CASE_ARGUMENT,
    surgery_date: str | None = typer.Option(
        None, "--surgery-date", help="Surgery date YYYY-MM-DD (default: the case file's)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Flag items overdue as of this date (default: today)."
    ),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Pre-operative checklist: items, owners, due dates; ready only when all required are done."""
    result, warnings = checklist_for_case_file(
        case,
        as_of=parse_date(as_of, "--as-of") or dt.date.today(),
        surgery_date=parse_date(surgery_date, "--surgery-date"),
        policy_path=policy,
    )
    _warn(warnings)
    if as_json:
        _echo_json(result.as_dict())
    else:
        Console().print(checklist_renderable(result))


def rehab(
    case: Path = CASE_ARGUMENT,
    surgery_date: str | None = typer.Option(
        None, "--surgery-date", help="Surgery date YYYY-MM-DD (default: the case file's)."
    ),
    ics: Path | None = typer.Option(None, "--ics", help="Also write the schedule as .ics."),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Dated rehabilitation schedule: weight bearing, phases, visits, PROMs due."""
    result = rehab_for_case_file(
        case,
        stamp=dt.datetime.now(dt.UTC),
        surgery_date=parse_date(surgery_date, "--surgery-date"),
        policy_path=policy,
        ics_path=ics,
    )
    _warn(result.warnings)
    if as_json:
        _echo_json(result.schedule.as_dict())
    else:
        Console().print(rehab_renderable(result.schedule))
    if result.ics_path is not None:
        typer.echo(f"wrote {result.ics_path}", err=as_json)


def opnote(
    case: Path = CASE_ARGUMENT,
    out: Path | None = typer.Option(None, "--out", help="Write the note to this file."),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Operative note from the operative record; checks and plan vs performed."""
    note = operative_note_for_case_file(
        case, today=dt.date.today(), policy_path=policy, out_path=out
    )
    _warn([f"{f.message} [{f.rule_id}]" for f in note.review.warnings])
    if as_json:
        _echo_json(note.as_dict())
    elif out is None:
        typer.echo(note.text, nl=False)
    if out is not None:
        typer.echo(f"wrote {out}", err=as_json)


def rts(
    case: Path = CASE_ARGUMENT,
    date: str = typer.Option(..., "--date", help="Date of the decision, YYYY-MM-DD."),
    surgery_date: str | None = typer.Option(
        None, "--surgery-date", help="Surgery date YYYY-MM-DD (default: the case file's)."
    ),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Return-to-sport gate: time, objective criteria and the surgeon's approval."""
    decision, warnings = return_to_sport_for_case_file(
        case,
        date=_required_date(date, "--date"),
        surgery_date=parse_date(surgery_date, "--surgery-date"),
        policy_path=policy,
    )
    _warn(warnings)
    if as_json:
        _echo_json(decision.as_dict())
    else:
        Console().print(rts_renderable(decision))


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


def register(app: typer.Typer) -> None:
    """Add the pathway commands."""
    app.command()(checklist)
    app.command()(rehab)
    app.command()(opnote)
    app.command()(rts)
