"""``chondral schema case|rules``: print a published JSON Schema."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

from chondral.io import case_schema, rule_set_schema


class SchemaName(StrEnum):
    """Documents with a published schema."""

    CASE = "case"
    RULES = "rules"


def schema(name: SchemaName = typer.Argument(..., help="Which schema: case or rules.")) -> None:
    """Print the JSON Schema of a chondral file format."""
    document = case_schema() if name is SchemaName.CASE else rule_set_schema()
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the schema command."""
    app.command()(schema)
