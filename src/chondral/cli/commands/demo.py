"""``chondral demo``: the whole pathway that exists so far, on the bundled example case."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from chondral.cli.commands.outcomes import outcome_summary_renderable
from chondral.cli.commands.pathway import (
    checklist_renderable,
    rehab_renderable,
    rts_renderable,
)
from chondral.cli.commands.plan import plan_summary_renderable
from chondral.cli.tables import assessment_renderable
from chondral.services.demo import run_demo


def demo(
    out: Path = typer.Option(Path("demo-output"), "--out", help="Folder for the outputs."),
    case: Path | None = typer.Option(
        None, "--case", help="Another case file instead of the example."
    ),
) -> None:
    """Run every capability on the example case and write the outputs to --out."""
    result = run_demo(out, case)
    console = Console()
    console.print(f"[bold]chondral demo[/bold] on {result.case_path}")
    console.print(assessment_renderable(result.assessment))
    if result.plan is not None:
        console.print(plan_summary_renderable(result.plan.plan))
    if result.pathway is not None:
        console.print(checklist_renderable(result.pathway.checklist))
        console.print(rehab_renderable(result.pathway.rehab))
        if result.pathway.return_to_sport is not None:
            console.print(rts_renderable(result.pathway.return_to_sport))
    if result.outcomes is not None:
        console.print(outcome_summary_renderable(result.outcomes))
    text_path = result.out_dir / "assessment.txt"
    with text_path.open("w", encoding="utf-8") as handle:
        Console(file=handle, width=100, no_color=True).print(
            assessment_renderable(result.assessment)
        )
    for path in [*result.written, text_path]:
        console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add the demo command."""
    app.command()(demo)
