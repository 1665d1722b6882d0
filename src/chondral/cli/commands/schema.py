"""``chondral schema case|plan|rules``: print a published JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import typer

from chondral.io import case_schema, rule_set_schema
from chondral.io.plan_export import plan_schema


class SchemaName(StrEnum):
    """Documents with a published schema."""

    CASE = "case"
    PLAN = "plan"
    RULES = "rules"


_SCHEMAS: dict[SchemaName, Callable[[], dict[str, Any]]] = {
    SchemaName.CASE: case_schema,
    SchemaName.PLAN: plan_schema,
    SchemaName.RULES: rule_set_schema,
}


def schema(
    name: SchemaName = typer.Argument(..., help="Which schema: case, plan or rules."),
) -> None:
    """Print the JSON Schema of a chondral file format."""
    typer.echo(json.dumps(_SCHEMAS[name](), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the schema command."""
    app.command()(schema)
