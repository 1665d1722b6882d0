"""``chondral demo``: the whole pathway on the bundled example case (or another case file)."""

from __future__ import annotations

from pathlib import Path

import typer


def demo(
    out: Path = typer.Option(Path("demo-output"), "--out", help="Folder for the outputs."),
    case: Path | None = typer.Option(
        None, "--case", help="Another case file instead of the example."
    ),
) -> None:
    """Run every capability on the example case and write the outputs to --out."""
    import datetime as dt
    import io

    from rich.text import Text

    from chondral.cli.commands.outcomes import outcome_summary_renderable
    from chondral.cli.commands.plan import plan_summary_renderable
    from chondral.cli.console import echo_written, terminal
    from chondral.cli.pathway_tables import (
        checklist_renderable,
        rehab_renderable,
        rts_renderable,
    )
    from chondral.cli.tables import assessment_renderable
    from chondral.io.case_source import read_case
    from chondral.io.examples import bundled_example
    from chondral.io.json_files import write_text
    from chondral.services.demo import run_demo

    case_path = case or bundled_example()
    loaded = read_case(case_path)
    result = run_demo(
        loaded.case,
        loaded.meshes,
        out,
        now=dt.datetime.now(dt.UTC),
        case_digest=loaded.digest,
    )
    console = terminal()
    console.print(Text.assemble(("chondral demo", "bold"), f" on {case_path}"))
    console.print(assessment_renderable(result.assessment))
    if result.plan is not None:
        console.print(plan_summary_renderable(result.plan.plan))
    elif result.no_plan_reason is not None:
        console.print(Text.assemble(("no hole plan: ", "yellow"), result.no_plan_reason))
    if result.pathway is not None:
        console.print(checklist_renderable(result.pathway.checklist))
        console.print(rehab_renderable(result.pathway.rehab))
        if result.pathway.return_to_sport is not None:
            console.print(rts_renderable(result.pathway.return_to_sport))
    if result.outcomes is not None:
        console.print(outcome_summary_renderable(result.outcomes))
    plain = terminal(width=100, no_color=True, record=True, file=io.StringIO())
    plain.print(assessment_renderable(result.assessment))
    text_path = write_text(result.out_dir / "assessment.txt", plain.export_text())
    for path in [*result.written, text_path]:
        echo_written(path)


def register(app: typer.Typer) -> None:
    """Add the demo command."""
    app.command()(demo)
