"""Locust users of ``python -m benchmarks web``: each run times one request kind.

Settings from the environment: ``CHONDRAL_BENCH_CONFIG`` (a JSON file: username, password,
token, cases, sessions: keys of
signed-in sessions), ``CHONDRAL_BENCH_TARGET`` (``list``, ``page`` or ``prom``) and
``CHONDRAL_BENCH_THINK_S`` (the mean pause between a user's requests; 0: none).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant, task

CONFIG: dict[str, Any] = json.loads(
    Path(os.environ["CHONDRAL_BENCH_CONFIG"]).read_text(encoding="utf-8")
)
TARGET = os.environ.get("CHONDRAL_BENCH_TARGET", "page")
THINK_S = float(os.environ.get("CHONDRAL_BENCH_THINK_S", "0"))


_DAYS_USED: dict[str, int] = {}


def _next_date(case_id: str) -> str:
    """A date no earlier response of this run used for ``case_id``: one questionnaire answer per
    instrument and day is all a case takes (``chondral.web.proms``)."""
    _DAYS_USED[case_id] = _DAYS_USED.get(case_id, 0) + 1
    return (dt.date(2025, 1, 1) + dt.timedelta(days=_DAYS_USED[case_id])).isoformat()


class Clinician(HttpUser):
    wait_time = between(THINK_S / 2, THINK_S * 1.5) if THINK_S else constant(0)

    def on_start(self) -> None:
        self.client.headers["Connection"] = "close"  # no keep-alive race (see the load test)
        self.client.cookies.set("sessionid", random.choice(CONFIG["sessions"]))

    @task
    def one(self) -> None:
        case_id = random.choice(CONFIG["cases"])
        if TARGET == "list":
            self.client.get("/cases/", name="target")
        elif TARGET == "page":
            self.client.get(f"/cases/{case_id}/", name="target")
        else:
            response = {
                "instrument": "vas_pain",
                "date": _next_date(case_id),
                "answers": {"pain": random.randint(0, 100) / 10},
            }
            with self.client.post(
                f"/api/cases/{case_id}/proms",
                json=response,
                headers={"Authorization": f"Bearer {CONFIG['token']}"},
                name="target",
                catch_response=True,
            ) as answer:
                if answer.status_code != 201:
                    answer.failure(f"answered {answer.status_code}")
