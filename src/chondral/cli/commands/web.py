"""``chondral web ...``: set up and run the web application (database, users, tokens, the
background worker, backups, the demo)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

from chondral.errors import ParameterError

web_app = typer.Typer(
    name="web",
    help="Set up and run the web application.",
    no_args_is_help=True,
    add_completion=False,
)


class RoleName(StrEnum):
    """The roles a web user can have."""

    SURGEON = "surgeon"
    STAFF = "staff"
    PHYSIO = "physio"
    PATIENT = "patient"


def _setup(*, migrated: bool = True) -> None:
    """Set Django up; with ``migrated``, refuse a database this code's migrations are not
    applied to (one line naming `chondral web migrate`, not a missing table's error)."""
    from chondral.web.startup import setup_django

    setup_django()
    if migrated:
        from chondral.web.backup import require_migrated

        require_migrated()


def _read_password() -> str:
    """One line from standard input; at a terminal, asked twice without echo."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != first:
            raise ParameterError("the two entries differ", field="password")
        return first
    line = sys.stdin.readline()
    if not line:
        raise ParameterError("give the password on standard input (one line)", field="password")
    return line.rstrip("\r\n")


@web_app.command()
def migrate() -> None:
    """Create or update the database tables."""
    _setup(migrated=False)
    from chondral.web.backup import apply_migrations

    applied = apply_migrations()
    for name in applied:
        typer.echo(f"applied {name}")
    if not applied:
        typer.echo("the database is up to date")


@web_app.command()
def createuser(
    username: str = typer.Argument(..., help="The new user's sign-in name."),
    role: RoleName = typer.Option(..., "--role", help="surgeon, staff, physio or patient."),
    case: str | None = typer.Option(None, "--case", help="A patient's stored case id."),
    clinic: str | None = typer.Option(
        None, "--clinic", help="A clinician's clinic (created if new)."
    ),
) -> None:
    """Create a user; the password is read from standard input."""
    _setup()
    from chondral.web.accounts import create_user

    password = _read_password()
    user = create_user(
        username, role=role.value, password=password, case_id=case, clinic_name=clinic
    )
    typer.echo(f"created {role.value} {user.get_username()}")


@web_app.command()
def token(
    username: str = typer.Argument(..., help="Whose token."),
    revoke: bool = typer.Option(False, "--revoke", help="Revoke every token of the user."),
) -> None:
    """Print a new API token for USERNAME (shown once), or revoke the user's tokens."""
    _setup()
    from chondral.web.accounts import find_user
    from chondral.web.tokens import create_token, revoke_tokens

    user = find_user(username)
    if revoke:
        typer.echo(f"revoked {revoke_tokens(user)} token(s)")
        return
    typer.echo(create_token(user))
    typer.echo("this token is shown once: keep it now (the database keeps only a hash)", err=True)


@web_app.command()
def worker(
    once: bool = typer.Option(False, "--once", help="Run the queued jobs, then stop."),
    interval: float = typer.Option(
        1.0, "--interval", min=0.0, max=3600.0, help="Seconds between looks at an empty queue."
    ),
) -> None:
    """Run background jobs (plans) until stopped."""
    _setup()
    from chondral.web.worker import run_worker

    if not once:
        typer.echo("chondral: background worker running (Ctrl+C stops after the job in hand)")
    run_worker(once=once, interval=interval)
    if once:
        typer.echo("ran the queued jobs")


@web_app.command()
def backup(
    out: Path = typer.Option(..., "--out", help="The backup file to write."),
) -> None:
    """Write every case, version, user, token digest, plan, audit row and mesh to one file."""
    _setup()
    from chondral.web.backup import backup as make_backup

    summary = make_backup(out)
    rows = sum(summary.counts.values())
    typer.echo(f"wrote {out} ({rows} rows, {summary.meshes} meshes)")
    for digest in summary.missing_meshes:
        typer.echo(f"warning: mesh {digest[:12]}... is missing from the data folder", err=True)


@web_app.command()
def restore(
    file: Path = typer.Argument(..., help="A backup written by `chondral web backup`."),
) -> None:
    """Restore a backup into a fresh, migrated database."""
    _setup(migrated=False)  # the restore checks the backup's schema first
    from chondral.web.backup import restore as restore_backup

    summary = restore_backup(file)
    rows = sum(summary.counts.values())
    typer.echo(f"restored {rows} rows and {summary.meshes} meshes from {file}")


@web_app.command()
def demo(
    data: Path | None = typer.Option(
        None, "--data", help="Data folder (default CHONDRAL_DATA_DIR or ./chondral-data)."
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port on 127.0.0.1."),
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Server processes."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve after setting up."),
) -> None:
    """The demo: example cases, one user per role (passwords shown once), served on loopback."""
    os.environ["CHONDRAL_DEMO"] = "1"
    if data is not None:
        os.environ["CHONDRAL_DATA_DIR"] = str(data)
    _setup(migrated=False)
    from chondral.web.backup import apply_migrations
    from chondral.web.demo import DEMO_CLINIC, prepare_demo

    applied = apply_migrations()
    if applied:
        typer.echo(f"applied {len(applied)} database migration(s)")
    setup = prepare_demo()
    for note in setup.notes:
        typer.echo(note)
    typer.echo(f"{len(setup.loaded)} example case(s) loaded into {DEMO_CLINIC}")
    for name, password in setup.passwords.items():
        typer.echo(f"user {name}  password {password}")
    if setup.passwords:
        typer.echo("these passwords are shown once; sign in at /accounts/login/")
    if serve:
        from chondral.cli.commands.serve import serve_web

        serve_web(host="127.0.0.1", port=port, workers=workers, threads=4, with_worker=True)


def register(app: typer.Typer) -> None:
    """Add the web command group."""
    app.add_typer(web_app, name="web")
