"""Benchmark the web application as deployed: ``chondral serve`` with 2 gunicorn workers on
loopback, on SQLite and on PostgreSQL, with 1,000 cases stored.

For the case list (``/cases/``, first page of 1,000), the case page (``/cases/<id>/``) and PROM
posting (``POST /api/cases/<id>/proms``), two locust runs each:

- *capacity*: 10 users with no pause: the requests per second the server sustains;
- *50 users*: 50 signed-in users who pause about a second (0.5-1.5 s) between requests: the
  median and 95th percentile a clinician sees at that load (issue 11's aim: p95 under 100 ms
  on PostgreSQL; reported, not asserted).

PostgreSQL: the server ``CHONDRAL_DATABASE_URL`` names, else one started by
``scripts/postgres.sh`` (skipped with a note when PostgreSQL is not installed).
``CHONDRAL_BENCH_SECONDS`` (default 15) sets each run's length. Run with
``python -m benchmarks web``.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from web.launcher import BIN, PASSWORD, LaunchedApp, launch  # noqa: E402

CASES = int(os.environ.get("CHONDRAL_BENCH_CASES", "1000"))
SECONDS = int(os.environ.get("CHONDRAL_BENCH_SECONDS", "15"))
LOCUSTFILE = Path(__file__).with_name("web_locustfile.py")
TARGETS = ((f"case list ({CASES:,} cases)", "list"), ("case page", "page"), ("PROM post", "prom"))
RUNS = (("capacity", 10, 0.0), ("50 users", 50, 1.0))

_LOAD = """
import json
from django.contrib.auth.models import User
from chondral.io.documents import parse_document_text
from chondral.web import store
from chondral.web.models import Clinic
document = parse_document_text(open(sys.argv[1]).read(), kind="yaml", name="demo-case.yaml")
user = User.objects.get(username=sys.argv[2])
clinic = Clinic.objects.get(pk=user.profile.clinic_id)
for number in range(1, int(sys.argv[3]) + 1):
    store.create_case(
        {**document, "case_id": f"BENCH-{number:04d}"}, user=user, clinic=clinic, surgeon=user
    )
"""

_SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.get(username=sys.argv[1])
keys = []
for _ in range(int(sys.argv[2])):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""


@contextmanager
def _postgres() -> Iterator[str | None]:
    url = os.environ.get("CHONDRAL_DATABASE_URL", "")
    if url.startswith("postgres"):
        yield url
        return
    started = subprocess.run(
        ["sh", str(REPO / "scripts" / "postgres.sh"), "start"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CHONDRAL_PG_STATE": str(Path(tempfile.gettempdir()) / "bench-pg")},
    )
    if started.returncode != 0:
        print(f"PostgreSQL skipped: {started.stderr.strip().splitlines()[-1:]}")
        yield None
        return
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run(
            ["sh", str(REPO / "scripts" / "postgres.sh"), "stop"],
            check=False,
            env={**os.environ, "CHONDRAL_PG_STATE": str(Path(tempfile.gettempdir()) / "bench-pg")},
        )


def _locust(app: LaunchedApp, config: Path, target: str, users: int, think_s: float) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "run"
        done = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "10",
                "--host",
                app.base_url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "CHONDRAL_BENCH_CONFIG": str(config),
                "CHONDRAL_BENCH_TARGET": target,
                "CHONDRAL_BENCH_THINK_S": str(think_s),
            },
            timeout=SECONDS + 120,
            check=False,
        )
        with Path(f"{prefix}_stats.csv").open(encoding="utf-8", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
    row = rows.get("target")
    if row is None:
        raise SystemExit(f"locust measured nothing: {done.stderr[-1000:]}")
    return row


def _vendor(postgres: str | None) -> list[str]:
    app = launch(users={"bench-surgeon": "surgeon"}, workers=2, postgres=postgres)
    lines = []
    try:
        start = time.perf_counter()
        app.python(
            _LOAD, str(REPO / "src/chondral/examples/demo-case.yaml"), "bench-surgeon", str(CASES)
        )
        loaded_s = time.perf_counter() - start
        config = app.root / "bench.json"
        config.write_text(
            json.dumps(
                {
                    "username": "bench-surgeon",
                    "password": PASSWORD,
                    "token": app.token("bench-surgeon"),
                    # signed-in sessions made beforehand: the runs time pages, not Argon2
                    "sessions": json.loads(app.python(_SESSIONS, "bench-surgeon", "60")),
                    "cases": [f"BENCH-{n:04d}" for n in range(1, CASES + 1)],
                }
            ),
            encoding="utf-8",
        )
        lines.append(f"{app.vendor}: {CASES} cases stored in {loaded_s:.0f} s (store.create_case)")
        for label, target in TARGETS:
            for run, users, think_s in RUNS:
                row = _locust(app, config, target, users, think_s)
                lines.append(
                    f"  {label:<24} {run:<9} {users:>5} {float(row['Requests/s']):>8.1f}"
                    f" {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {row['Failure Count']:>6}"
                )
    finally:
        app.close()
    return lines


def main() -> None:
    print(
        f"{os.cpu_count()} CPUs, {platform.platform(terse=True)}; chondral serve, 2 workers x 4 "
        f"threads; each run {SECONDS} s (locust on the same machine)"
    )
    print(
        f"  {'request':<24} {'run':<9} {'users':>5} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'p99 ms':>7} {'fails':>6}"
    )
    for line in _vendor(None):
        print(line)
    with _postgres() as url:
        if url:
            for line in _vendor(url):
                print(line)


if __name__ == "__main__":
    main()
