"""``chondral measure``: femoral head sphere, neck-shaft angle or cartilage layer from a mesh."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from chondral.errors import InputDataError
from chondral.services.anatomy import (
    cartilage_measurement_to_dict,
    femur_measurement_to_dict,
    measure_cartilage_file,
    measure_femur_file,
)


def measure(
    mesh: Path | None = typer.Option(None, "--mesh", help="Proximal femur surface (STL/PLY/OBJ)."),
    cartilage: Path | None = typer.Option(None, "--cartilage", help="One cartilage layer mesh."),
    layer: str | None = typer.Option(None, "--layer", help="femoral_head|acetabulum (cartilage)."),
    axes: str = typer.Option("LPS", "--axes", help="LPS, or unknown (side then not checked)."),
    units: str | None = typer.Option(None, "--units", help="Mesh unit: mm, cm or m (required)."),
    side: str | None = typer.Option(None, "--side", help="left or right (required)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
) -> None:
    """Measure a femur (--mesh) or a cartilage layer (--cartilage --layer) in its own frame."""
    if (mesh is None) == (cartilage is None):
        raise InputDataError("give exactly one of --mesh or --cartilage", field="mesh")
    if cartilage is not None:
        result = cartilage_measurement_to_dict(
            measure_cartilage_file(cartilage, units, side, layer, axes)
        )
    else:
        result = femur_measurement_to_dict(measure_femur_file(Path(str(mesh)), units, side))
    if as_json:
        typer.echo(json.dumps(result, indent=2))
    else:
        _print_summary(result)


def _print_summary(result: dict[str, object]) -> None:
    console = Console()
    console.print(f"[bold magenta]{str(result['side']).upper()} hip[/] (frame {result['frame']})")
    for key, value in result.items():
        if key not in ("side", "frame"):
            console.print(f"  {key}: {json.dumps(value)}")


def register(app: typer.Typer) -> None:
    """Add ``measure``."""
    app.command()(measure)
