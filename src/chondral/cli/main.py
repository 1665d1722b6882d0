"""Composition root of the command line.

Only here is the environment read and are library errors turned into exit codes:

- ``InputDataError`` (bad case file, bad flag value, wrong units or side) and ``GeometryError``
  (input that describes impossible geometry, e.g. a lesion in the acetabular fossa) -> one line
  on stderr, exit 2, never a traceback;
- any other ``ChondralError`` -> one line on stderr, exit 1.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from chondral import __version__
from chondral.cli import commands
from chondral.errors import ChondralError, GeometryError, InputDataError

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1

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


def error_line(error: ChondralError) -> str:
    """The one line printed for an error: ``error: <field>: <problem>``."""
    return f"error: {error}"


def run(argv: list[str] | None = None) -> int:
    """Entry point of the ``chondral`` script; returns the exit code."""
    try:
        result = app(args=argv, standalone_mode=False)
    except (InputDataError, GeometryError) as error:
        typer.echo(error_line(error), err=True)
        return EXIT_BAD_INPUT
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
        typer.echo(f"error: {message}", err=True)
        return EXIT_BAD_INPUT
    return result if isinstance(result, int) else 0


def main() -> None:
    """Console-script wrapper: exit with the code ``run`` returns."""
    sys.exit(run())
