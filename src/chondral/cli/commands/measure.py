"""``chondral measure``: femoral head sphere, neck-shaft angle or cartilage layer from a mesh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from chondral.errors import ParameterError


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
    from chondral.io.json_files import dumps_json
    from chondral.io.measurement_json import (
        cartilage_measurement_to_dict,
        femur_measurement_to_dict,
    )
    from chondral.services import anatomy

    if (mesh is None) == (cartilage is None):
        raise ParameterError("give exactly one of --mesh or --cartilage", field="mesh_path")
    declared_side = anatomy.side_from_text(side)
    unit = anatomy.unit_from_text(units)
    patient_axes = anatomy.axes_from_text(axes)
    if cartilage is not None:
        surface = anatomy.layer_from_text(layer)
        result = cartilage_measurement_to_dict(
            anatomy.measure_cartilage_layer(cartilage, unit, declared_side, surface, patient_axes)
        )
    else:
        assert mesh is not None
        result = femur_measurement_to_dict(
            anatomy.measure_femur(mesh, unit, declared_side, patient_axes)
        )
    if as_json:
        typer.echo(dumps_json(result))
    else:
        _print_summary(result)


def _print_summary(result: dict[str, Any]) -> None:
    import json

    from rich.text import Text

    from chondral.cli.console import terminal

    console = terminal()
    console.print(
        Text.assemble(
            (f"{str(result['side']).upper()} hip", "bold magenta"), f" (frame {result['frame']})"
        )
    )
    for key, value in result.items():
        if key not in ("side", "frame"):
            console.print(f"  {key}: {json.dumps(value)}")


def register(app: typer.Typer) -> None:
    """Add ``measure``."""
    app.command()(measure)
