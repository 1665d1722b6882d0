"""The real application, started as a person starts it, for end-to-end tests and benchmarks.

``LaunchedApp`` makes a fresh data folder and database (a SQLite file, or a new database on the
PostgreSQL server that ``CHONDRAL_DATABASE_URL`` names: one ``CREATE DATABASE`` per launch), runs
``chondral web migrate``, creates users with ``chondral web createuser`` (password on standard
input), then starts ``chondral serve`` (gunicorn) and ``chondral web worker`` as subprocesses,
each in a process group of its own with its output in a log file, and waits for ``/healthz``.
``kill()`` sends SIGKILL to both process groups (a crash, nothing cleaned up) and ``start()``
brings them back on the same data.

Used by the crash, load and browser tests and by ``python -m benchmarks web``; nothing here
imports Django, so the caller's process never touches the application's database settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
EXAMPLES = REPO_ROOT / "src" / "chondral" / "examples"
PASSWORD = "correct horse battery staple 42"
START_TIMEOUT_S = 90.0
STATIC_CACHE = Path(tempfile.gettempdir()) / (
    "chondral-e2e-static-" + hashlib.sha256(str(REPO_ROOT).encode()).hexdigest()[:12]
)
"""The static files the first launch collected (``chondral serve`` collects them into each new
data folder, ten seconds or more); later launches start from a copy, and ``chondral serve``
collects again only if its stamp shows them out of date."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_url() -> str | None:
    """The PostgreSQL server the tests run on (``CHONDRAL_DATABASE_URL``), or None for SQLite."""
    url = os.environ.get("CHONDRAL_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


class LaunchedApp:
    """One running instance of the web application and its background worker."""

    def __init__(
        self,
        root: Path | None = None,
        *,
        workers: int = 2,
        job_workers: int = 1,
        extra_env: Mapping[str, str] | None = None,
        postgres: str | None = "",
    ) -> None:
        """``postgres``: the PostgreSQL server to make this launch's database on; by default
        the one ``CHONDRAL_DATABASE_URL`` names, else SQLite; None: SQLite."""
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="chondral-e2e-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.data_dir = self.root / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.logs = self.root / "logs"
        self.logs.mkdir(exist_ok=True)
        self.workers = workers
        self.job_workers = job_workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._server: subprocess.Popen[bytes] | None = None
        self._job_workers: list[subprocess.Popen[bytes]] = []
        self._starts = 0
        server = postgres_url() if postgres == "" else postgres
        self.postgres_server = server
        self.database_name: str | None = None
        if server:
            self.database_name = "chondral_e2e_" + secrets.token_hex(6)
            _admin_sql(server, f'CREATE DATABASE "{self.database_name}"')
            self.database_url = _with_database(server, self.database_name)
        else:
            self.database_url = f"sqlite:///{self.data_dir / 'chondral.sqlite3'}"
        self.vendor = "postgresql" if server else "sqlite"
        self.env = self._environment(extra_env or {})

    # -- environment and commands -------------------------------------------------------------

    def _environment(self, extra: Mapping[str, str]) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CHONDRAL_", "COV_", "PYTEST_"))
        }
        env.update(
            {
                "CHONDRAL_DATA_DIR": str(self.data_dir),
                "CHONDRAL_DATABASE_URL": self.database_url,
                "CHONDRAL_SECRET_KEY": secrets.token_urlsafe(48),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return env

    def chondral(
        self, *args: str, input_text: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run ``chondral ARGS`` against this instance's data; its output is returned."""
        done = subprocess.run(
            [str(BIN / "chondral"), *args],
            input=input_text,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.root,
            timeout=300,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"chondral {' '.join(args[:2])} exited {done.returncode}: "
                f"{(done.stderr or done.stdout)[-2000:]}"
            )
        return done

    def python(self, code: str, *args: str) -> str:
        """Run Python ``code`` with Django set up on this instance's database (for loading many
        cases quickly through ``chondral.web.store``); returns its standard output."""
        prelude = "import sys\nfrom chondral.web.startup import setup_django\nsetup_django()\n"
        done = subprocess.run(
            [sys.executable, "-c", prelude + code, *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.root,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"python snippet failed: {done.stderr[-3000:]}")
        return done.stdout

    def migrate(self) -> None:
        self.chondral("web", "migrate")

    def create_user(
        self,
        username: str,
        role: str,
        *,
        clinic: str = "Hip preservation unit",
        case: str | None = None,
        password: str = PASSWORD,
    ) -> None:
        args = ["web", "createuser", username, "--role", role, "--clinic", clinic]
        if case:
            args += ["--case", case]
        self.chondral(*args, input_text=password + "\n")

    def token(self, username: str) -> str:
        """A new API token for ``username`` (``chondral web token``)."""
        output = self.chondral("web", "token", username).stdout.strip().splitlines()
        return output[-1].strip().split()[-1]

    # -- processes ------------------------------------------------------------------------------

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        log.write(f"--- start {self._starts} ---\n".encode())
        log.flush()
        try:
            return subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.root,
                start_new_session=True,
            )
        finally:
            log.close()

    def start(self) -> None:
        """Start the server and the job worker(s), and wait until ``/healthz`` answers 200."""
        self._starts += 1
        static = self.data_dir / "static"
        if not static.exists() and STATIC_CACHE.is_dir():
            shutil.copytree(STATIC_CACHE, static)
        self._server = self._spawn(
            "server",
            [
                str(BIN / "chondral"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
        )
        self._job_workers = [
            self._spawn(f"worker{index}", [str(BIN / "chondral"), "web", "worker"])
            for index in range(self.job_workers)
        ]
        self.wait_healthy()
        if not STATIC_CACHE.exists() and static.is_dir():
            partial = STATIC_CACHE.with_name(f"{STATIC_CACHE.name}.{os.getpid()}")
            shutil.copytree(static, partial, dirs_exist_ok=True)
            with contextlib.suppress(OSError):  # another process made it first
                partial.rename(STATIC_CACHE)
            shutil.rmtree(partial, ignore_errors=True)

    def wait_healthy(self, timeout_s: float = START_TIMEOUT_S) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            if self._server is not None and self._server.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_tail('server')}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        return dict(json.loads(answer.read()))
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                last = repr(error)
            time.sleep(0.2)
        raise RuntimeError(
            f"no healthy server after {timeout_s} s ({last}): {self.log_tail('server')}"
        )

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def log_text(self) -> str:
        """Everything the server and the workers wrote."""
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.logs.glob("*.log"))
        )

    def _signal_all(self, signum: int) -> list[subprocess.Popen[bytes]]:
        processes = [p for p in [self._server, *self._job_workers] if p is not None]
        for process in processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signum)
        return processes

    def kill(self) -> None:
        """SIGKILL the server (master and workers) and the job workers: a crash."""
        for process in self._signal_all(signal.SIGKILL):
            process.wait(timeout=30)
        self._server = None
        self._job_workers = []

    def kill_server(self) -> None:
        if self._server is not None:
            os.killpg(self._server.pid, signal.SIGKILL)
            self._server.wait(timeout=30)

    def stop(self) -> None:
        """Stop the processes gracefully (SIGTERM, then SIGKILL after 20 s)."""
        processes = self._signal_all(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._server = None
        self._job_workers = []

    def close(self, *, keep_files: bool = False) -> None:
        """Stop everything, drop this launch's PostgreSQL database and remove its folder."""
        self.stop()
        server = self.postgres_server
        if server and self.database_name:
            _admin_sql(server, f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
            self.database_name = None
        if not keep_files:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LaunchedApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def launch(
    *,
    users: Mapping[str, str] | None = None,
    root: Path | None = None,
    workers: int = 2,
    job_workers: int = 1,
    postgres: str | None = "",
) -> LaunchedApp:
    """A migrated, started application with ``users`` ({name: role}) created."""
    app = LaunchedApp(root, workers=workers, job_workers=job_workers, postgres=postgres)
    try:
        app.migrate()
        for name, role in (users or {}).items():
            app.create_user(name, role)
        app.start()
    except BaseException:
        app.close(keep_files=True)
        raise
    return app
