"""The one way the command line makes a Rich console.

Case files carry free text (lesion ids, checklist notes, paths) that may contain ``[...]`` or
``:name:``. Rich would read those as markup or emoji codes and fail or change them, so consoles
here never parse markup, emoji or highlighting: style comes only from ``Text`` objects built in
code, and what a person typed is printed exactly as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["echo_written", "terminal"]


def terminal(**options: Any) -> Console:
    """A ``rich.console.Console`` that prints text literally (no markup, emoji or highlight)."""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False, **options)


def echo_written(path: object, *, err: bool = False) -> None:
    """Say that a file was written: one line (an odd path is escaped, never wrapped)."""
    import typer

    from chondral.errors import one_line

    typer.echo(one_line(f"wrote {path}"), err=err)
