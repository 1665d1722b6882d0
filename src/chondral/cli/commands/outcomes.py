"""``chondral score`` and ``chondral outcomes``: outcome questionnaires and their course.

Cheap to import: Typer only at module level; each command imports io, the services and rich
when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from chondral.outcomes import OutcomeSummary, ScoreResult, ScoringRules

_FLAG_TEXT = {True: ("yes", "green"), False: ("no", "red"), None: ("n/a", "dim")}

MIN_ANSWERED_HELP = (
    "Fewest answered items for a score, as INSTRUMENT=N (repeatable): hos_adl, hos_sport, ihot12"
    " or nahs, N from 1 to the item count. The defaults (9, 5, 10, 20) are chondral's choice:"
    " no source publishes a minimum."
)


def _scoring_rules(min_answered: list[str] | None) -> ScoringRules:
    from chondral.outcomes import DEFAULT_SCORING_RULES, ScoringRules, parse_min_answered

    if not min_answered:
        return DEFAULT_SCORING_RULES
    return ScoringRules.from_min_answered(parse_min_answered(min_answered))


def score(
    instrument: str = typer.Argument(
        ..., help="Instrument: mhhs, hos_adl, hos_sport, ihot12, nahs or vas_pain."
    ),
    responses: Path = typer.Argument(
        ..., help='Responses file (.json/.yaml): {"instrument": ..., "answers": {...}}.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
    min_answered: list[str] | None = typer.Option(None, "--min-answered", help=MIN_ANSWERED_HELP),
) -> None:
    """Score one completed questionnaire exactly as its manual says."""
    from chondral.io.documents import load_document
    from chondral.io.json_files import dumps_json
    from chondral.io.score_json import score_result_to_dict
    from chondral.services.outcomes import score_response_document

    rules = _scoring_rules(min_answered)
    result = score_response_document(load_document(responses), instrument, rules=rules)
    if as_json:
        typer.echo(dumps_json(score_result_to_dict(result)))
    else:
        from chondral.cli.console import terminal

        terminal().print(_score_text(result))


def outcomes(
    case: Path = typer.Argument(..., help="Case file (.yaml/.yml/.json) with dated proms."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
    thresholds: Path | None = typer.Option(
        None, "--thresholds", help="Threshold set (chondral.thresholds/1) instead of the default."
    ),
    plots: Path | None = typer.Option(
        None, "--plots", help="Folder for one PNG per instrument and the chart data (JSON)."
    ),
    min_answered: list[str] | None = typer.Option(None, "--min-answered", help=MIN_ANSWERED_HELP),
) -> None:
    """Baseline, follow-ups, change and MCID/PASS/SCB flags for each instrument of a case."""
    from chondral.io import load_case
    from chondral.io.json_files import dumps_json
    from chondral.io.outcomes_json import outcome_summary_to_dict
    from chondral.io.threshold_set import load_threshold_set
    from chondral.services.outcomes import draw_case_outcomes, summarise_case_outcomes

    rules = _scoring_rules(min_answered)
    threshold_set = None if thresholds is None else load_threshold_set(thresholds)
    summary = summarise_case_outcomes(load_case(case), threshold_set, rules=rules)
    charts = None if plots is None else draw_case_outcomes(summary, plots, field="plots_dir")
    if as_json:
        typer.echo(dumps_json(outcome_summary_to_dict(summary)))
        return
    from chondral.cli.console import echo_written, terminal

    console = terminal()
    console.print(outcome_summary_renderable(summary))
    for path in [] if charts is None else [*charts.images, charts.data_path]:
        echo_written(path)


def _score_text(result: ScoreResult) -> Text:
    from rich.text import Text

    rule = result.answered_rule
    rule_text = "" if rule is None else f"\nminimum: {rule.describe()}"
    if result.score is None:
        return Text.assemble(
            (f"{result.instrument} (version {result.version}): ", "bold"),
            ("not scorable", "bold yellow"),
            f"; {result.reason}",
            (rule_text, "dim"),
        )
    return Text.assemble(
        (f"{result.instrument} (version {result.version}): ", "bold"),
        (f"{result.score}", "bold green"),
        f"  ({result.answered} items answered)",
        (rule_text, "dim"),
    )


def _flag(value: bool | None) -> Text:
    from rich.text import Text

    text, style = _FLAG_TEXT[value]
    return Text(text, style=style)


def _answered_rules(summary: OutcomeSummary) -> list[str]:
    """``hos_sport: at least 5 of 9 items answered (...)`` for each instrument that has one."""
    lines = []
    for course in summary.instruments:
        responses = [*course.pre_operative, *(f.scored for f in course.follow_ups)]
        rule = next((r.result.answered_rule for r in responses if r.result.answered_rule), None)
        if rule is not None:
            lines.append(f"{course.instrument}: {rule.describe()}")
    return lines


def outcome_summary_renderable(summary: OutcomeSummary) -> Group:
    """The outcome summary as rich tables: one per instrument, with the flags and the reasons."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

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
    rules = _answered_rules(summary)
    if rules:
        parts.append(
            Text(
                "Minimum answered items: " + "; ".join(rules),
                style="dim",
            )
        )
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
    from rich.text import Text

    if result.score is None:
        return Text("not scorable", style="yellow")
    return Text(str(result.score))


def register(app: typer.Typer) -> None:
    """Add the outcome commands."""
    app.command()(score)
    app.command()(outcomes)
