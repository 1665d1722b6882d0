"""``chondral checklist``, ``rehab``, ``opnote`` and ``rts``: the care pathway of one case.

Each command reads the case file once (``chondral.io.load_case``) and the policy file once
(``chondral.io.policyfile.load_policy``), calls one service of ``chondral.services.pathway`` and
prints its result. Dates are ISO ``YYYY-MM-DD``; an impossible date (``2026-02-30``) is bad input
naming the service's parameter (``surgery_date``, ``as_of``, ``date``), which ``cli.main`` turns
into the flag. "Today" is read here, at the composition root, and passed down. Services, io and
rich are imported when a command runs, so ``chondral --help`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chondral.cli.console import echo_written
from chondral.errors import ParameterError, quote

if TYPE_CHECKING:
    from chondral.pathway import PathwayPolicy

CASE_ARGUMENT = typer.Argument(..., help="Case file (.yaml/.yml/.json), schema chondral.case/1.")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON object to stdout.")
POLICY_OPTION = typer.Option(
    None, "--policy", help="Institution policy file (chondral.policy/1) instead of the default."
)
SURGERY_DATE_OPTION = typer.Option(
    None, "--surgery-date", help="Surgery date YYYY-MM-DD (default: the case file's)."
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str | None, parameter: str) -> dt.date | None:
    """``YYYY-MM-DD`` -> date; anything else (including 2026-02-30) is a ``ParameterError``
    naming ``parameter`` (the service's name for it; ``cli.main`` maps it to the flag), with
    the value quoted and shortened, on one line."""
    if text is None:
        return None
    if not _DATE.fullmatch(text):
        raise ParameterError(f"must be a date YYYY-MM-DD; got {quote(text)}", field=parameter)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:  # the text is ten ASCII digits and dashes: safe to show
        raise ParameterError(f"{text} is not a calendar date ({error})", field=parameter) from error


def _required_date(text: str, parameter: str) -> dt.date:
    date = parse_date(text, parameter)
    assert date is not None
    return date


def _policy(path: Path | None) -> PathwayPolicy:
    """The policy in ``path`` (checked strictly), or chondral's default policy."""
    from chondral.pathway import DEFAULT_POLICY

    if path is None:
        return DEFAULT_POLICY
    from chondral.io.policyfile import load_policy

    return load_policy(path)


def _warn(lines: tuple[str, ...] | list[str]) -> None:
    for line in lines:
        typer.echo(f"warning: {line}", err=True)


def checklist(
    case: Path = CASE_ARGUMENT,
    surgery_date: str | None = SURGERY_DATE_OPTION,
    as_of: str | None = typer.Option(
        None, "--as-of", help="Flag items overdue as of this date (default: today)."
    ),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Pre-operative checklist: items, owners, due dates; ready only when all required are done."""
    from chondral.io import load_case
    from chondral.io.checklist_json import checklist_to_dict
    from chondral.io.json_files import dumps_json
    from chondral.services.pathway import case_checklist

    day = parse_date(as_of, "as_of") or dt.date.today()
    surgery = parse_date(surgery_date, "surgery_date")
    chosen = _policy(policy)
    result, warnings = case_checklist(
        load_case(case), as_of=day, surgery_date=surgery, policy=chosen
    )
    _warn(warnings)
    if as_json:
        typer.echo(dumps_json(checklist_to_dict(result)))
    else:
        from chondral.cli.pathway_tables import print_checklist

        print_checklist(result)


def rehab(
    case: Path = CASE_ARGUMENT,
    surgery_date: str | None = SURGERY_DATE_OPTION,
    ics: Path | None = typer.Option(None, "--ics", help="Also write the schedule as .ics."),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Dated rehabilitation schedule: weight bearing, phases, visits, PROMs due."""
    from chondral.io import load_case
    from chondral.io.calendar_export import write_schedule_ics
    from chondral.io.json_files import dumps_json
    from chondral.io.rehab_json import rehab_schedule_to_dict
    from chondral.services.pathway import case_rehab_schedule

    surgery = parse_date(surgery_date, "surgery_date")
    chosen = _policy(policy)
    schedule, warnings = case_rehab_schedule(load_case(case), surgery_date=surgery, policy=chosen)
    if ics is not None:  # before printing: a refused file name leaves one error line only
        write_schedule_ics(schedule, ics, stamp=dt.datetime.now(dt.UTC), field="ics_path")
    _warn(warnings)
    if as_json:
        typer.echo(dumps_json(rehab_schedule_to_dict(schedule)))
    else:
        from chondral.cli.pathway_tables import print_rehab

        print_rehab(schedule)
    if ics is not None:
        echo_written(ics, err=as_json)


def opnote(
    case: Path = CASE_ARGUMENT,
    out: Path | None = typer.Option(None, "--out", help="Write the note to this file."),
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Operative note from the operative record; checks and plan vs performed."""
    from chondral.io import load_case
    from chondral.io.json_files import dumps_json, write_text
    from chondral.io.opnote_json import operative_note_to_dict
    from chondral.io.sources import CaseFolder
    from chondral.services.pathway import case_operative_note_with_plan

    chosen = _policy(policy)
    note = case_operative_note_with_plan(
        load_case(case), CaseFolder.of_case_file(case), today=dt.date.today(), policy=chosen
    )
    if out is not None:
        write_text(out, note.text, field="out_path")
    _warn([f"{f.message} [{f.rule_id}]" for f in note.review.warnings])
    if as_json:
        typer.echo(dumps_json(operative_note_to_dict(note)))
    elif out is None:
        typer.echo(note.text, nl=False)
    if out is not None:
        echo_written(out, err=as_json)


def rts(
    case: Path = CASE_ARGUMENT,
    date: str = typer.Option(..., "--date", help="Date of the decision, YYYY-MM-DD."),
    surgery_date: str | None = SURGERY_DATE_OPTION,
    policy: Path | None = POLICY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Return-to-sport gate: time, objective criteria and the surgeon's approval."""
    from chondral.io import load_case
    from chondral.io.json_files import dumps_json
    from chondral.io.rts_json import rts_decision_to_dict
    from chondral.services.pathway import case_return_to_sport

    day = _required_date(date, "date")
    surgery = parse_date(surgery_date, "surgery_date")
    chosen = _policy(policy)
    decision, warnings = case_return_to_sport(
        load_case(case), date=day, surgery_date=surgery, policy=chosen
    )
    _warn(warnings)
    if as_json:
        typer.echo(dumps_json(rts_decision_to_dict(decision)))
    else:
        from chondral.cli.pathway_tables import print_rts

        print_rts(decision)


def register(app: typer.Typer) -> None:
    """Add the pathway commands."""
    app.command()(checklist)
    app.command()(rehab)
    app.command()(opnote)
    app.command()(rts)
