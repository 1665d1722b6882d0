"""``chondral validate`` and ``chondral assess``."""

from __future__ import annotations

from pathlib import Path

import typer

CASE_ARGUMENT = typer.Argument(..., help="Case file (.yaml/.yml/.json), schema chondral.case/1.")


def validate(case: Path = CASE_ARGUMENT) -> None:
    """Check a case file against the schema and the clinical consistency rules."""
    from chondral.io import load_case

    valid = load_case(case)
    typer.echo(
        f"ok: {case} is a valid chondral.case/1 file ({valid.side.value} hip, case {valid.case_id})"
    )


def assess(
    case: Path = CASE_ARGUMENT,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object to stdout."),
    rules: Path | None = typer.Option(None, "--rules", help="Rule-set file (chondral.rules/1)."),
) -> None:
    """Candidacy verdict for hip microfracture, one finding per criterion."""
    from chondral.io import assessment_to_dict, load_case, load_rule_set
    from chondral.io.json_files import dumps_json
    from chondral.rules import DEFAULT_RULE_SET
    from chondral.services.candidacy import assess_case

    rule_set = DEFAULT_RULE_SET if rules is None else load_rule_set(rules)
    assessment = assess_case(load_case(case), rule_set)
    if as_json:
        typer.echo(dumps_json(assessment_to_dict(assessment)))
    else:
        from chondral.cli.tables import print_assessment

        print_assessment(assessment)


def register(app: typer.Typer) -> None:
    """Add the candidacy commands."""
    app.command()(validate)
    app.command()(assess)
