"""``chondral schema case|plan|rules``: print a published JSON Schema."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer


class SchemaName(StrEnum):
    """Documents with a published schema."""

    CASE = "case"
    PLAN = "plan"
    RULES = "rules"


def _schema_of(name: SchemaName) -> dict[str, Any]:
    from chondral.io import case_schema, rule_set_schema
    from chondral.io.plan_json import plan_schema

    return {
        SchemaName.CASE: case_schema,
        SchemaName.PLAN: plan_schema,
        SchemaName.RULES: rule_set_schema,
    }[name]()


def schema(
    name: SchemaName = typer.Argument(..., help="Which schema: case, plan or rules."),
) -> None:
    """Print the JSON Schema of a chondral file format."""
    from chondral.io.json_files import dumps_json

    typer.echo(dumps_json(_schema_of(name)))


def register(app: typer.Typer) -> None:
    """Add the schema command."""
    app.command()(schema)
