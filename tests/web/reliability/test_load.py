"""Load run: 50 clinicians for a minute against the real application on loopback (locust,
headless; ``chondral serve`` with 2 workers and a job worker), each signing in and then reading
case pages, the case list and cases through the API and posting PROM responses, with 1-3 s
between clicks. No request may fail; the median, 95th and 99th percentiles are printed in the
session's summary (``make test`` runs this on PostgreSQL only; the figures are reported, not
asserted).

``CHONDRAL_LOAD_SECONDS`` (default 60) and ``CHONDRAL_LOAD_USERS`` (default 50) change the run.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from web.launcher import BIN, PASSWORD, launch
from web.reliability.client import Api, example_document

pytestmark = pytest.mark.postgres_only

SECONDS = int(os.environ.get("CHONDRAL_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("CHONDRAL_LOAD_USERS", "50"))
CASES = [f"LOAD-{number:03d}" for number in range(1, 21)]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _rows(prefix: Path) -> list[dict[str, str]]:
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8", newline="") as stats:
        return list(csv.DictReader(stats))


def test_fifty_users_for_a_minute_without_errors(tmp_path: Path, report: list[str]) -> None:
    app = launch(users={"load-surgeon": "surgeon"}, root=tmp_path / "app")
    try:
        token = app.token("load-surgeon")
        api = Api(app.base_url, token)
        for case_id in CASES:
            status, body = api.call("POST", "/api/cases", example_document(case_id=case_id))
            assert status == 201, body
        config = tmp_path / "load.json"
        config.write_text(
            json.dumps(
                {"username": "load-surgeon", "password": PASSWORD, "token": token, "cases": CASES}
            ),
            encoding="utf-8",
        )
        prefix = tmp_path / "load"
        done = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(max(USERS // 10, 1)),  # 10 s of sign-ins (Argon2), not one spike
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "15",
                "--host",
                app.base_url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "CHONDRAL_LOAD_CONFIG": str(config)},
            timeout=SECONDS + 120,
            check=False,
        )
        rows = _rows(prefix)
    finally:
        app.close()
    by_name: dict[str, Any] = {row["Name"]: row for row in rows}
    total = by_name["Aggregated"]
    report.append(
        f"load run on {app.vendor}: {USERS} users for {SECONDS} s, "
        f"{total['Request Count']} requests, {total['Failure Count']} failures, "
        f"{float(total['Requests/s']):.1f} requests/s"
    )
    report.append(f"  {'request':<32} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in rows:
        report.append(
            f"  {row['Name']:<32} {row['Request Count']:>6} {row['50%']:>7} {row['95%']:>7}"
            f" {row['99%']:>7}"
        )
    assert int(total["Failure Count"]) == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert int(total["Request Count"]) > 0
    assert done.returncode == 0, done.stderr[-3000:]
