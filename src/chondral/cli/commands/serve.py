"""``chondral serve``: the web application on gunicorn, static files by whitenoise."""

from __future__ import annotations

import typer


def serve_web(
    *, host: str, port: int, workers: int, threads: int, with_worker: bool = False
) -> None:
    """Check the secret key and the database, collect the static files if needed, and run
    gunicorn until stopped (with a background worker beside it when ``with_worker``)."""

    from chondral.web.startup import setup_django

    # The key in force is checked in the demo too (the demo makes a random one unless
    # CHONDRAL_SECRET_KEY is set), so gunicorn's workers never refuse it after start.
    setup_django(need_secret_key=True)

    from django.db import connections

    from chondral.web.backup import require_migrated
    from chondral.web.gunicorn_conf import (
        ChondralServer,
        collect_static,
        server_options,
        start_worker_process,
        static_is_current,
    )

    require_migrated()
    if not static_is_current():
        typer.echo("chondral: collecting and compressing the static files (once; a minute)")
        collect_static()
    connections.close_all()  # the workers fork from here: no shared connection
    worker = start_worker_process() if with_worker else None
    typer.echo(f"chondral: serving on http://{host}:{port}/ (Ctrl+C stops)")
    try:
        ChondralServer(server_options(host, port, workers, threads)).run()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Server processes."),
    threads: int = typer.Option(4, "--threads", min=1, max=64, help="Threads per process."),
    with_worker: bool = typer.Option(
        False, "--with-worker", help="Also run one background job worker beside the server."
    ),
) -> None:
    """Serve the web application (needs CHONDRAL_SECRET_KEY outside the demo)."""
    serve_web(host=host, port=port, workers=workers, threads=threads, with_worker=with_worker)


def register(app: typer.Typer) -> None:
    """Add the serve command."""
    app.command()(serve)
