"""``chondral score`` and ``chondral outcomes``: outcome questionnaires and their course."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from chondral.outcomes import OutcomeSummary, ScoreResult
from chondral.services.outcomes import (
    draw_case_outcomes,
    score_responses_file,
    summarise_case_outcomes,
)

_FLAG_TEXT = {True: ("yes", "green"), False: ("no", "red"), None: ("n/a", "dim")}


def score(
    instrument: str = typer.Argument(
        ..., help="Instrument: mhhs, hos_adl, hos_sport, ihot12, nahs or vas_pain."
    ),
    responses: Path = typer.Argument(
        ..., help='Responses file (.json/.yaml): {"instrument": ..., "answers": {...}}.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
) -> None:
    """Score one completed questionnaire exactly as its manual says."""
    result = score_responses_file(responses, instrument)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        Console().print(_score_text(result))


def outcomes(
    case: Path = typer.Argument(..., help="Case file (.yaml/.yml/.json) with dated proms."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
    thresholds: Path | None = typer.Option(
        None, "--thresholds", help="Threshold set (chondral.thresholds/1) instead of the default."
    ),
    plots: Path | None = typer.Option(
        None, "--plots", help="Folder for one PNG per instrument and the chart data (JSON)."
    ),
) -> None:
    """Baseline, follow-ups, change and MCID/PASS/SCB flags for each instrument of a case."""
    summary = summarise_case_outcomes(case, thresholds)
    charts = None if plots is None else draw_case_outcomes(summary, plots)
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(outcome_summary_renderable(summary))
    for path in [] if charts is None else [*charts.images, charts.data_path]:
        console.print(f"wrote {path}")


def _score_text(result: ScoreResult) -> Text:
    if result.score is None:
        return Text.assemble(
            (f"{result.instrument} (version {result.version}): ", "bold"),
            ("not scorable", "bold yellow"),
            f"; {result.reason}",
        )
    return Text.assemble(
        (f"{result.instrument} (version {result.version}): ", "bold"),
        (f"{result.score}", "bold green"),
        f"  ({result.answered} items answered)",
    )


def _flag(value: bool | None) -> Text:
    text, style = _FLAG_TEXT[value]
    return Text(text, style=style)


def outcome_summary_renderable(summary: OutcomeSummary) -> Group:
    side = (summary.side or "unknown side").upper()
    parts: list[Text | Table] = [
        Text.assemble(
            (f"Case {summary.case_id}   ", "bold"),
            (f"{side} hip   ", "bold magenta"),
            f"surgery {summary.surgery_date.isoformat()}",
        )
    ]
    if not summary.instruments:
        parts.append(Text("No outcome questionnaires recorded.", style="italic"))
    for course in summary.instruments:
        table = Table(title=f"{course.definition.title}, version {course.definition.version}")
        for column in ("When", "Date", "Score", "Change", "MCID", "PASS", "SCB", "Values of"):
            table.add_column(column, no_wrap=True)
        baseline = course.baseline
        if baseline is not None:
            table.add_row("baseline", baseline.date.isoformat(), _score_cell(baseline.result))
        for follow_up in course.follow_ups:
            table.add_row(
                follow_up.time_point,
                follow_up.scored.date.isoformat(),
                _score_cell(follow_up.scored.result),
                "" if follow_up.change is None else f"{follow_up.change:+}",
                _flag(follow_up.mcid_achieved),
                _flag(follow_up.pass_achieved),
                _flag(follow_up.scb_achieved),
                _months(follow_up.threshold_time_point_months),
            )
        parts.append(table)
        reasons = sorted(
            {
                check.reason
                for follow_up in course.follow_ups
                for check in follow_up.checks
                if check.reason
            }
        )
        parts.extend(Text(f"n/a: {reason}", style="dim") for reason in reasons)
    thresholds = summary.thresholds
    parts.append(
        Text(
            f"Thresholds: {thresholds.id} version {thresholds.version}: {thresholds.source}\n"
            "Achieved means at or beyond the threshold (>=; <= for a lower-is-better score). "
            "'Values of': the threshold time point nearest the follow-up.",
            style="dim",
        )
    )
    return Group(*parts)


def _months(months: int | None) -> str:
    return "" if months is None else f"{months} months"


def _score_cell(result: ScoreResult) -> Text:
    if result.score is None:
        return Text("not scorable", style="yellow")
    return Text(str(result.score))


def register(app: typer.Typer) -> None:
    """Add the outcome commands."""
    app.command()(score)
    app.command()(outcomes)
