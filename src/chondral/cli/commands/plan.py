"""``chondral plan``: the microfracture hole plan of a case's lesion."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from chondral.planning import HolePlan


def plan_summary_renderable(plan: HolePlan) -> Table:
    """The plan's summary as a Rich table (also used by the demo)."""
    from rich.table import Table
    from rich.text import Text

    metrics = plan.metrics
    table = Table(
        title=(
            f"{plan.side.value.upper()} hip - case {plan.case_id} - lesion"
            f" {plan.region.lesion_id} on the {plan.surface.value.replace('_', ' ')}"
        ),
        show_header=False,
    )
    table.add_column("what")
    table.add_column("value")
    table.add_row("surface model", plan.surface_model.source)
    table.add_row(
        "region after debridement",
        f"{metrics.region_area_mm2:.0f} mm2 (margin {plan.region.margin_mm:g} mm)",
    )
    ring = sum(1 for hole in plan.holes if hole.ring.value == "peripheral")
    table.add_row(
        "holes",
        f"{metrics.hole_count} ({ring} peripheral, made first; then {metrics.hole_count - ring}"
        f" interior), {plan.parameters.depth_mm:g} mm deep",
    )
    if metrics.nearest_neighbour_min_mm is not None:
        table.add_row(
            "nearest neighbour (along the surface)",
            f"min {metrics.nearest_neighbour_min_mm:.2f} / median"
            f" {metrics.nearest_neighbour_median_mm:.2f} / max"
            f" {metrics.nearest_neighbour_max_mm:.2f} mm"
            f" (allowed {plan.parameters.spacing_min_mm:g}-{plan.parameters.spacing_max_mm:g})",
        )
    table.add_row(
        "coverage radius",
        f"{metrics.coverage_radius_mm:.2f} mm (target {plan.parameters.coverage_target_mm:g})",
    )
    table.add_row(
        "clearance to the wall",
        f"{metrics.min_rim_clearance_mm:.2f} mm (inset {plan.parameters.rim_inset_mm:g})",
    )
    table.add_row("holes per cm2", f"{metrics.holes_per_cm2:.1f}")
    for warning in plan.warnings:
        table.add_row(
            Text.assemble((warning.severity.value, "yellow"), f" {warning.rule_id}"),
            warning.message,
        )
    return table


def plan(
    case: Path = typer.Argument(..., help="Case file (.yaml/.yml/.json), schema chondral.case/1."),
    out: Path | None = typer.Option(
        None, "--out", help="Write plan.json, .mrk.json, STL, 3D view and clock map here."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print plan.json to stdout."),
    lesion: str | None = typer.Option(None, "--lesion", help="Lesion id (when several)."),
    spacing_min_mm: float | None = typer.Option(None, "--spacing-min-mm"),
    spacing_max_mm: float | None = typer.Option(None, "--spacing-max-mm"),
    rim_inset_mm: float | None = typer.Option(None, "--rim-inset-mm"),
    depth_mm: float | None = typer.Option(None, "--depth-mm"),
    debridement_margin_mm: float | None = typer.Option(None, "--debridement-margin-mm"),
    coverage_target_mm: float | None = typer.Option(None, "--coverage-target-mm"),
) -> None:
    """Lay out the microfracture holes on the bone under a lesion (flags override plan:)."""
    from chondral.cli.console import echo_written, terminal
    from chondral.io.case_source import read_case
    from chondral.io.json_files import dumps_json
    from chondral.io.plan_json import plan_to_dict
    from chondral.services.planning import plan_case, write_plan_files

    loaded = read_case(case)
    flags = {
        "spacing_min_mm": spacing_min_mm,
        "spacing_max_mm": spacing_max_mm,
        "rim_inset_mm": rim_inset_mm,
        "depth_mm": depth_mm,
        "debridement_margin_mm": debridement_margin_mm,
        "coverage_target_mm": coverage_target_mm,
    }
    run = plan_case(
        loaded.case,
        loaded.meshes,
        lesion_id=lesion,
        overrides={name: value for name, value in flags.items() if value is not None},
        case_digest=loaded.digest,
    )
    written = write_plan_files(run, out) if out is not None else []
    if as_json:
        typer.echo(dumps_json(plan_to_dict(run.plan, run.provenance)))
        return
    console = terminal()
    console.print(plan_summary_renderable(run.plan))
    for path in written:
        echo_written(path)


def register(app: typer.Typer) -> None:
    """Add the plan command."""
    app.command()(plan)
