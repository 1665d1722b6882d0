"""Starting the web application: ``/healthz``, the secret-key refusal, ``chondral serve`` on a
real port, static files collected when stale, and an access log without case ids."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

SECRET_ID = "SECRET-CASE-77"


# --- /healthz ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_queue(
    client: Any, demo_case: Any, surgeon: Any
) -> None:
    from chondral.web.jobs import request_plan
    from chondral.web.store import current_version

    request_plan(demo_case, current_version(demo_case), user=surgeon)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"] == {"ok": True, "ready": 1, "running": 0, "failed": 0}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import OperationalError

    from chondral.web import views_health

    def unreachable() -> Any:
        raise OperationalError("connection refused")

    monkeypatch.setattr(views_health.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


# --- the command in subprocesses -------------------------------------------------------------


def _env(data: Path, **changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("CHONDRAL_DEMO", "DJANGO_SETTINGS_MODULE", "CHONDRAL_SECRET_KEY"):
        env.pop(name, None)
    env["CHONDRAL_DATA_DIR"] = str(data)
    env["CHONDRAL_DATABASE_URL"] = f"sqlite:///{data / 'chondral.sqlite3'}"
    env["CHONDRAL_SECRET_KEY"] = "startup-test-" + "q" * 40
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _command(*argv: str) -> list[str]:
    code = "import sys; from chondral.cli.main import run; sys.exit(run(sys.argv[1:]))"
    return [sys.executable, "-c", code, *argv]


def _run(data: Path, *argv: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(*argv),
        env=_env(data, **env),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (None, "is not set"),
        ("", "is not set"),
        ("too-short-key", "is 13 characters"),
        ("changeme", "is a well-known default"),
        ("django-insecure-" + "x" * 40, "is a well-known default"),
    ],
    ids=["unset", "empty", "short", "default", "django-insecure"],
)
def test_serve_refuses_a_bad_secret_key_in_one_line(
    tmp_path: Path, key: str | None, problem: str
) -> None:
    result = _run(tmp_path, "serve", "--port", "1", CHONDRAL_SECRET_KEY=key)
    assert result.returncode == 2
    assert result.stderr.startswith("error: CHONDRAL_SECRET_KEY: " + problem)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path: Path) -> None:
    result = _run(tmp_path, "serve", "--port", "1")
    assert result.returncode == 2
    assert result.stderr == (
        "error: the database is not up to date with this chondral: run `chondral web migrate`\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["web", "createuser", "x", "--role", "staff", "--clinic", "A"],
        ["web", "token", "x"],
        ["web", "worker", "--once"],
        ["web", "backup", "--out", "b.zip"],
    ],
    ids=["createuser", "token", "worker", "backup"],
)
def test_web_commands_on_a_database_that_is_not_migrated_say_so(
    tmp_path: Path, argv: list[str]
) -> None:
    result = _run(tmp_path, *argv)
    assert result.returncode == 2
    assert result.stderr == (
        "error: the database is not up to date with this chondral: run `chondral web migrate`\n"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.django_db
def test_a_real_server_answers_healthz_and_logs_no_case_ids(tmp_path: Path) -> None:
    from chondral.web.gunicorn_conf import STATIC_STAMP, static_fingerprint

    assert _run(tmp_path, "web", "migrate").returncode == 0
    # the static files are as collected (collecting takes a minute; tested on its own below)
    static = tmp_path / "static"
    static.mkdir()
    (static / STATIC_STAMP).write_text(static_fingerprint() + "\n", encoding="utf-8")
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            _command("serve", "--port", str(port), "--workers", "1", "--threads", "2"),
            env=_env(tmp_path),
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            status, body = 0, b""
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    status, body = _get(f"{base}/healthz")
                    break
                except OSError:
                    time.sleep(0.5)
            assert status == 200, log.read_text()
            health = json.loads(body)
            assert health["database"]["ok"] is True
            assert health["queue"]["ready"] == 0
            # whatever they answer (401, a sign-in page, 404), their ids must not be logged
            for path in (
                f"/api/cases/{SECRET_ID}?q={SECRET_ID}",
                f"/cases/{SECRET_ID}/",
                f"/api/jobs/{SECRET_ID}",
            ):
                assert _get(base + path)[0] < 500
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                server.kill()
                server.wait()
    text = log.read_text()
    assert '"GET /healthz" 200' in text
    assert '"GET /api/cases/*" ' in text
    assert '"GET /cases/*/" ' in text
    assert '"GET /api/jobs/*" ' in text
    assert SECRET_ID not in text
    assert "Traceback" not in text


# --- the pieces in process --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/cases/DEMO-001/", "/cases/*/"),
        ("/cases/DEMO-001/plan/3", "/cases/*/plan/3"),
        ("/api/cases/DEMO-001/outcomes", "/api/cases/*/outcomes"),
        ("/api/jobs/7f1c", "/api/jobs/*"),
        ("/cases/?q=DEMO-001&page=2", "/cases/"),
        ("GET /cases/DEMO-001/ HTTP/1.1", "GET /cases/*/ HTTP/1.1"),
        ("/static/chondral/app.css", "/static/chondral/app.css"),
        ("/api/cases", "/api/cases"),
    ],
)
def test_redact_takes_out_case_and_job_ids_and_queries(text: str, expected: str) -> None:
    from chondral.web.gunicorn_conf import redact

    assert redact(text) == expected


class _Response:
    status = "200 OK"
    sent = 512
    headers = (("Content-Type", "text/html"),)


def _logger() -> Any:
    from gunicorn.config import Config

    from chondral.web.gunicorn_conf import RedactingLogger

    config = Config()
    config.set("accesslog", None)
    config.set("errorlog", "-")
    return RedactingLogger(config)


def test_the_access_log_line_has_no_case_id_query_or_referrer() -> None:
    from chondral.web.gunicorn_conf import ACCESS_LOG_FORMAT

    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/api/cases/{SECRET_ID}/proms?x={SECRET_ID}",
        "PATH_INFO": f"/api/cases/{SECRET_ID}/proms",
        "QUERY_STRING": f"x={SECRET_ID}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1/cases/{SECRET_ID}/",
    }
    request_headers = [("REFERER", f"http://127.0.0.1/cases/{SECRET_ID}/")]
    atoms = _logger().atoms(
        _Response(), request_headers, environ, dt.timedelta(seconds=0, microseconds=4000)
    )
    assert SECRET_ID not in json.dumps(atoms, default=str)
    line = ACCESS_LOG_FORMAT % atoms
    assert '"POST /api/cases/*/proms" 200 512 4ms' in line


def test_gunicorn_error_lines_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    logger = _logger()
    logger.error_log.propagate = True
    with caplog.at_level("DEBUG", logger="gunicorn.error"):
        logger.error("Error handling request %s", f"/cases/{SECRET_ID}/")
        logger.warning(f"slow /api/jobs/{SECRET_ID}")
        logger.info("request %s", f"/api/cases/{SECRET_ID}")
        logger.debug("request %s", f"/api/cases/{SECRET_ID}")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception("Error handling request %s", f"/cases/{SECRET_ID}/plan")
    assert SECRET_ID not in caplog.text
    assert "Error handling request /cases/*/" in caplog.text


def test_server_options_choose_threads_and_bind_ipv6_in_brackets() -> None:
    from chondral.web.gunicorn_conf import server_options

    threaded = server_options("127.0.0.1", 8000, 2, 4)
    assert threaded["bind"] == ["127.0.0.1:8000"]
    assert (threaded["worker_class"], threaded["workers"], threaded["threads"]) == ("gthread", 2, 4)
    assert threaded["logger_class"] == "chondral.web.gunicorn_conf.RedactingLogger"
    single = server_options("::1", 8001, 1, 1)
    assert single["bind"] == ["[::1]:8001"]
    assert single["worker_class"] == "sync"


def test_the_gunicorn_application_takes_the_options_and_loads_the_wsgi_app() -> None:
    from chondral.web.gunicorn_conf import ChondralServer, server_options

    server = ChondralServer(server_options("127.0.0.1", 8002, 3, 2))
    assert server.cfg.workers == 3
    assert server.cfg.threads == 2
    assert server.cfg.access_log_format.endswith("%(M)sms")
    from chondral.web.wsgi import application

    assert server.load() is application


def test_static_files_are_collected_when_missing_or_stale(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    from chondral.web import gunicorn_conf

    settings.STATIC_ROOT = tmp_path / "static"
    calls: list[tuple[str, dict[str, Any]]] = []

    def collectstatic(name: str, **options: Any) -> None:
        calls.append((name, options))
        Path(settings.STATIC_ROOT).mkdir(exist_ok=True)

    monkeypatch.setattr("django.core.management.call_command", collectstatic)
    assert not gunicorn_conf.static_is_current()
    gunicorn_conf.collect_static()
    assert calls == [
        (
            "collectstatic",
            {
                "interactive": False,
                "verbosity": 0,
                "ignore_patterns": gunicorn_conf.STATIC_IGNORED,
            },
        )
    ]
    assert gunicorn_conf.static_is_current()
    monkeypatch.setattr(gunicorn_conf, "static_fingerprint", lambda: "changed")
    assert not gunicorn_conf.static_is_current()


def test_the_fingerprint_follows_the_static_files() -> None:
    from chondral.web.gunicorn_conf import static_fingerprint

    first = static_fingerprint()
    assert first == static_fingerprint() and len(first) == 64


def test_the_worker_beside_the_server_runs_this_interpreter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chondral.web import gunicorn_conf

    started: list[list[str]] = []
    monkeypatch.setattr(gunicorn_conf.subprocess, "Popen", lambda argv: started.append(argv))
    gunicorn_conf.start_worker_process()
    assert started[0][0] == sys.executable
    assert "['web', 'worker']" in started[0][2]


class _Worker:
    def __init__(self) -> None:
        self.stopped = False

    def terminate(self) -> None:
        self.stopped = True

    def wait(self, timeout: float) -> int:
        return 0


@pytest.mark.django_db
def test_serve_checks_then_runs_gunicorn_and_stops_its_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.cli.main import run
    from chondral.web import gunicorn_conf

    ran: list[dict[str, Any]] = []
    worker = _Worker()
    monkeypatch.setattr(gunicorn_conf, "static_is_current", lambda: False)
    monkeypatch.setattr(gunicorn_conf, "collect_static", lambda: ran.append({"collected": True}))
    monkeypatch.setattr(gunicorn_conf, "start_worker_process", lambda: worker)
    monkeypatch.setattr(gunicorn_conf.ChondralServer, "run", lambda self: ran.append(self.options))
    assert (
        run(["serve", "--port", "8124", "--workers", "3", "--threads", "1", "--with-worker"]) == 0
    )
    assert ran[0] == {"collected": True}
    assert ran[1]["bind"] == ["127.0.0.1:8124"] and ran[1]["workers"] == 3
    assert worker.stopped
    assert "serving on http://127.0.0.1:8124/" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--port", "0"], ["--workers", "0"], ["--threads", "99"]])
def test_serve_refuses_bad_numbers_in_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.cli.main import run

    assert run(["serve", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
