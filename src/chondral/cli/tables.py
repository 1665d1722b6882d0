"""Rich renderings for people reading a terminal. Every rendering states the side."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chondral.cli.console import terminal
from chondral.rules import Assessment, Status, Verdict, criterion_status, explain_field

__all__ = ["assessment_renderable", "print_assessment"]

_STATUS_STYLE = {
    Status.MET: "green",
    Status.CAUTION: "yellow",
    Status.UNMET: "bold red",
    Status.UNKNOWN: "cyan",
}
_VERDICT_TEXT = {
    Verdict.CANDIDATE: ("Candidate for hip microfracture", "bold green"),
    Verdict.CANDIDATE_WITH_CAUTIONS: ("Candidate, with cautions", "bold yellow"),
    Verdict.INSUFFICIENT_DATA: ("Not enough information yet", "bold cyan"),
    Verdict.NOT_CANDIDATE: ("Not a candidate for hip microfracture", "bold red"),
}


def assessment_renderable(assessment: Assessment) -> Group:
    """Header (case, side, verdict), the findings table, what is missing, and the sources."""
    title, style = _VERDICT_TEXT[assessment.verdict]
    header = Text.assemble(
        (f"Case {assessment.case_id}   ", "bold"),
        (f"{assessment.side.value.upper()} hip   ", "bold magenta"),
        (f"{title} ({assessment.verdict.value})", style),
    )
    table = Table(show_lines=False, expand=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Finding", ratio=1)
    for finding in assessment.findings:
        criterion, status = criterion_status(finding)
        table.add_row(
            criterion + ("" if finding.required else " (optional)"),
            Text(status.value, style=_STATUS_STYLE[status]),
            finding.message,
        )
    parts: list[Text | Table | Panel] = [header, table]
    if assessment.alternatives:
        parts.append(Text(f"Alternatives to consider: {', '.join(assessment.alternatives)}"))
    if assessment.missing:
        lines = [
            f"- {item.what} [{item.who}; {item.field}]"
            for item in map(explain_field, assessment.missing)
        ]
        parts.append(Panel("\n".join(lines), title="Still to be measured or asked", expand=True))
    sources = "\n".join(f"{f.rule_id}: {f.source}" for f in assessment.findings)
    parts.append(
        Text(
            f"Rule set {assessment.rule_set_id} version {assessment.rule_set_version}\n{sources}",
            style="dim",
        )
    )
    parts.append(
        Text("Decision support only: the surgeon's clinical judgement decides.", style="italic")
    )
    return Group(*parts)


def print_assessment(assessment: Assessment, console: Console | None = None) -> None:
    """Print the assessment to the terminal (or the given console)."""
    (console or terminal()).print(assessment_renderable(assessment))
