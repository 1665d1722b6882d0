"""Composition root of the command line.

Only here is the environment read and are library errors turned into exit codes:

- ``InputDataError`` (bad case file, bad flag value, wrong units or side) and ``GeometryError``
  (input that describes impossible geometry, e.g. a lesion in the acetabular fossa) -> one line
  on stderr, exit 2, never a traceback;
- ``InternalError``, or any exception chondral did not raise on purpose -> one line on stderr
  saying it is a bug, exit 70 (EX_SOFTWARE); ``CHONDRAL_DEBUG=1`` re-raises it with its
  traceback for a developer;
- any other ``ChondralError`` -> one line on stderr, exit 1.

Services name the parameters of a use case (``surgery_date``, ``out_dir``), never a flag;
``FLAG_FOR_PARAMETER`` is the one table that turns those names into this command line's flags.
Command modules import only Typer at module level; each command imports its service when it
runs, so ``chondral --help`` loads no geometry or plotting library.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import warnings

import typer

from chondral import __version__
from chondral.cli import commands
from chondral.errors import (
    ChondralError,
    GeometryError,
    InputDataError,
    InternalError,
    ParameterError,
    one_line,
)

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
EXIT_INTERNAL = 70
"""EX_SOFTWARE (sysexits.h): an internal software error."""

FLAG_FOR_PARAMETER = {
    "as_of": "--as-of",
    "axes": "--axes",
    "backup_path": "FILE",
    "case_id": "--case",
    "case_path": "CASE",
    "clinic_name": "--clinic",
    "coverage_target_mm": "--coverage-target-mm",
    "date": "--date",
    "debridement_margin_mm": "--debridement-margin-mm",
    "depth_mm": "--depth-mm",
    "ics_path": "--ics",
    "instrument": "INSTRUMENT",
    "layer": "--layer",
    "lesion_id": "--lesion",
    "cartilage_path": "--cartilage",
    "mesh_path": "--mesh",
    "min_answered": "--min-answered",
    "out_dir": "--out",
    "out_path": "--out",
    "plots_dir": "--plots",
    "policy": "--policy",
    "rim_inset_mm": "--rim-inset-mm",
    "rules": "--rules",
    "side": "--side",
    "spacing_max_mm": "--spacing-max-mm",
    "spacing_min_mm": "--spacing-min-mm",
    "surgery_date": "--surgery-date",
    "thresholds": "--thresholds",
    "units": "--units",
    "username": "USERNAME",
}
"""Use-case parameter names (``ParameterError.field``) -> the flag or argument that sets them."""

app = typer.Typer(
    name="chondral",
    help="Decision support for arthroscopic hip microfracture.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"chondral {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
) -> None:
    """chondral: candidacy, planning, pathway and outcomes for hip microfracture."""


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)


_register_commands()


def _flag_field(field: str) -> str:
    """The flag for a use-case parameter name, or the name itself (a case-file path)."""
    head, dot, rest = field.partition(".")
    flag = FLAG_FOR_PARAMETER.get(head)
    if flag is None:
        return field
    return f"{flag}{dot}{rest}" if dot else flag


def error_line(error: ChondralError) -> str:
    """The one line printed for an error: ``error: <field or flag>: <problem>``."""
    if isinstance(error, ParameterError) and error.field:
        return one_line(f"error: {_flag_field(error.field)}: {error.problem}")
    return one_line(f"error: {error}")


def _internal_line(error: BaseException) -> str:
    detail = str(error) or type(error).__name__
    return one_line(
        f"internal error (a bug in chondral {__version__}, not your input; please report it):"
        f" {type(error).__name__}: {detail}"
    )


def _run(argv: list[str] | None) -> int:
    try:
        result = app(args=argv, standalone_mode=False)
    except (InputDataError, GeometryError) as error:
        typer.echo(error_line(error), err=True)
        return EXIT_BAD_INPUT
    except InternalError as error:
        typer.echo(f"error: {_internal_line(error)}", err=True)
        return EXIT_INTERNAL
    except ChondralError as error:
        typer.echo(error_line(error), err=True)
        return EXIT_FAILURE
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        return EXIT_FAILURE
    except typer.TyperException as usage:  # a usage error: unknown option, missing argument ...
        format_message = getattr(usage, "format_message", None)
        message = format_message() if callable(format_message) else str(usage)
        typer.echo(one_line(f"error: {message}"), err=True)
        return EXIT_BAD_INPUT
    except Exception as error:
        if os.environ.get("CHONDRAL_DEBUG"):
            raise
        typer.echo(f"error: {_internal_line(error)}", err=True)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0


def run(argv: list[str] | None = None) -> int:
    """Entry point of the ``chondral`` script; returns the exit code.

    Python warnings raised while a command runs (a numerical library's, say) are held back: on
    success each is printed as one ``warning:`` line; on failure only the error line is printed,
    so a refused input always gives exactly one line on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = _run(argv)
    if code == 0:
        for caught_warning in caught:
            typer.echo(one_line(f"warning: {caught_warning.message}"), err=True)
    return code


def main() -> None:
    """Console-script wrapper: exit with the code ``run`` returns."""
    sys.exit(run())
