"""Locust users of the load run (``test_load.py``): clinicians who sign in, open case pages and
the case list, read cases through the API and post PROM responses.

Read by ``locust -f`` only; the run's settings come from the JSON file that
``CHONDRAL_LOAD_CONFIG`` names: ``{"username", "password", "token", "cases": [...]}``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

CONFIG: dict[str, Any] = json.loads(
    open(os.environ["CHONDRAL_LOAD_CONFIG"], encoding="utf-8").read()  # noqa: SIM115
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


_DAYS_USED: dict[str, int] = {}


def _next_date(case_id: str) -> str:
    """A date no earlier response of this run used for ``case_id``: one questionnaire answer per
    instrument and day is all a case takes (``chondral.web.proms``)."""
    _DAYS_USED[case_id] = _DAYS_USED.get(case_id, 0) + 1
    return (dt.date(2025, 1, 1) + dt.timedelta(days=_DAYS_USED[case_id])).isoformat()


class Clinician(HttpUser):
    wait_time = between(1.0, 3.0)  # a clinician reads a page before the next click

    def on_start(self) -> None:
        # A new connection per request: a kept-alive connection that gunicorn closes after its
        # keep-alive time (2 s) just as the user's next click reuses it is reset, which a
        # browser retries but this client would count as an error.
        self.client.headers["Connection"] = "close"
        page = self.client.get("/accounts/login/", name="sign-in page")
        match = _CSRF.search(page.text)
        token = match.group(1) if match else ""
        with self.client.post(
            "/accounts/login/",
            data={
                "username": CONFIG["username"],
                "password": CONFIG["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            catch_response=True,
        ) as answer:
            if answer.url.rstrip("/").endswith("/accounts/login"):
                answer.failure("sign-in refused")
        self.api = {"Authorization": f"Bearer {CONFIG['token']}"}

    def _case(self) -> str:
        return str(random.choice(CONFIG["cases"]))

    @task(4)
    def case_page(self) -> None:
        self.client.get(f"/cases/{self._case()}/", name="/cases/[id]/")

    @task(1)
    def case_list(self) -> None:
        self.client.get("/cases/", name="/cases/")

    @task(2)
    def api_case(self) -> None:
        self.client.get(f"/api/cases/{self._case()}", headers=self.api, name="GET /api/cases/[id]")

    @task(2)
    def post_prom(self) -> None:
        case_id = self._case()
        response = {
            "instrument": "vas_pain",
            "date": _next_date(case_id),
            "answers": {"pain": random.randint(0, 100) / 10},
        }
        with self.client.post(
            f"/api/cases/{case_id}/proms",
            json=response,
            headers=self.api,
            name="POST /api/cases/[id]/proms",
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"answered {answer.status_code}")
