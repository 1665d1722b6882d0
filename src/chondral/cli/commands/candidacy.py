"""``chondral validate`` and ``chondral assess``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from chondral.cli.tables import print_assessment
from chondral.io import assessment_to_dict
from chondral.services.candidacy import assess_case_file, validate_case_file

CASE_ARGUMENT = typer.Argument(..., help="Case file (.yaml/.yml/.json), schema chondral.case/1.")


def validate(case: Path = CASE_ARGUMENT) -> None:
    """Check a case file against the schema and the clinical consistency rules."""
    valid = validate_case_file(case)
    typer.echo(
        f"ok: {case} is a valid chondral.case/1 file ({valid.side.value} hip, case {valid.case_id})"
    )


def assess(
    case: Path = CASE_ARGUMENT,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
    rules: Path | None = typer.Option(None, "--rules", help="Rule-set file (chondral.rules/1)."),
) -> None:
    """Candidacy verdict for hip microfracture, one finding per criterion."""
    assessment = assess_case_file(case, rules)
    if as_json:
        typer.echo(json.dumps(assessment_to_dict(assessment), indent=2, ensure_ascii=False))
    else:
        print_assessment(assessment)


def register(app: typer.Typer) -> None:
    """Add the candidacy commands."""
    app.command()(validate)
    app.command()(assess)
