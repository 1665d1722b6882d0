"""Crash test: SIGKILL the server and the job worker in the middle of a stream of writes and plan
jobs, start them again, and check that nothing acknowledged was lost and nothing ran twice to a
wrong result.

The real application runs as it does in a deployment (``chondral serve`` with two gunicorn
workers, ``chondral web worker``; see ``tests/web/launcher.py``), on the database the suite runs
on (SQLite, or the PostgreSQL server ``make test`` starts). Two client threads keep posting PROM
responses (``POST /api/cases/{id}/proms``) and plan requests (``POST /api/cases/{id}/plan``)
while the main thread waits for a plan job to be running and then kills every process of the
application at once. After the restart the stream goes on for a while, then stops, and:

- every PROM answered 201 is in its case's document, exactly once; nothing appears that was never
  sent;
- every plan answered 202 finishes ``done`` with the holes ``chondral plan`` gives for the same
  case file on the command line (the library's own result through a second path);
- one plan record and one queued task per plan request that reached the database, and every task
  finished successfully (none lost, none left running, none duplicated).

Bounded: about a minute and a half, most of it the worker's wait before it takes over the jobs of
a worker that stopped beating (``chondral.web.worker.STALE_SECONDS``).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from web.launcher import BIN, LaunchedApp, launch
from web.reliability.client import EXAMPLES, Api, example_document

CASES = ("CRASH-1", "CRASH-2", "CRASH-3")
WRITERS = 2
MAX_PLANS = 8
"""Plan requests in the whole stream (each job keeps the one worker busy for a second or two)."""
JOB_DEADLINE_S = 150.0
FIRST_DAY = dt.date(2024, 1, 1)


@dataclass
class Stream:
    """What the client threads sent and what the application answered."""

    sent_proms: list[tuple[str, str, float]] = field(default_factory=list)
    acked_proms: list[tuple[str, str, float]] = field(default_factory=list)
    plan_requests: int = 0
    acked_jobs: dict[str, str] = field(default_factory=dict)  # job id -> case id
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter


def _request_plan(api: Api, stream: Stream, case_id: str) -> None:
    with stream.lock:
        stream.plan_requests += 1
    status, body = api.call("POST", f"/api/cases/{case_id}/plan", {})
    if status == 202:
        with stream.lock:
            stream.acked_jobs[body["job_id"]] = case_id
    elif status < 500:
        stream.unexpected.append(f"plan request answered {status}: {body}")


def _writer(api: Api, stream: Stream, stop: threading.Event) -> None:
    while not stop.is_set():
        number = stream.next_number()
        case_id = CASES[number % len(CASES)]
        try:
            if number % 8 == 0 and stream.plan_requests < MAX_PLANS:
                _request_plan(api, stream, case_id)
            else:
                key = (
                    case_id,
                    (FIRST_DAY + dt.timedelta(days=number)).isoformat(),
                    number % 97 / 10,
                )
                with stream.lock:
                    stream.sent_proms.append(key)
                response = {"instrument": "vas_pain", "date": key[1], "answers": {"pain": key[2]}}
                status, body = api.call("POST", f"/api/cases/{case_id}/proms", response)
                if status == 201:
                    with stream.lock:
                        stream.acked_proms.append(key)
                elif status < 500:
                    stream.unexpected.append(f"PROM answered {status}: {body}")
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)  # the server is down: not acknowledged, try the next write


def _reference_holes() -> list[dict[str, Any]]:
    """The holes ``chondral plan`` gives for the demo case file, planned alone."""
    done = subprocess.run(
        [str(BIN / "chondral"), "plan", str(EXAMPLES / "demo-case.yaml"), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return list(json.loads(done.stdout)["holes"])


def _wait_until(predicate: Any, timeout_s: float, what: str, every_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(every_s)


def _database_rows(app: LaunchedApp) -> dict[str, Any]:
    return dict(
        json.loads(
            app.python(
                "import json\n"
                "from django_tasks_db.models import DBTaskResult\n"
                "from chondral.web.models import PlanRecord\n"
                "print(json.dumps({\n"
                " 'plans': list(PlanRecord.objects.values_list('task_id', 'status', 'attempts')),\n"
                " 'tasks': [[str(i), s] for i, s in DBTaskResult.objects.values_list('id', 'status')],\n"
                "}))\n"
            )
        )
    )


@pytest.fixture
def app() -> Any:
    application = launch(users={"crash-surgeon": "surgeon"})
    yield application
    application.close()


def test_acknowledged_writes_and_jobs_survive_sigkill(app: LaunchedApp, report: list[str]) -> None:
    reference = _reference_holes()
    api = Api(app.base_url, app.token("crash-surgeon"))
    for case_id in CASES:
        status, body = api.call("POST", "/api/cases", example_document(case_id=case_id, proms=[]))
        assert status == 201, body

    stream, stop = Stream(), threading.Event()
    writers = [
        threading.Thread(target=_writer, args=(api, stream, stop), daemon=True)
        for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    try:
        # kill while a plan job is running and writes are in flight
        _wait_until(lambda: len(stream.acked_proms) >= 10 and stream.acked_jobs, 60, "writes")

        finished: set[str] = set()

        def job_running() -> bool:
            """A plan job is in the middle of planning (not yet drawing its figures)."""
            with stream.lock:
                jobs = [job for job in stream.acked_jobs if job not in finished]
            for job in jobs:
                state = api.call("GET", f"/api/jobs/{job}")[1]
                if state["state"] == "running" and state["progress_percent"] < 85:
                    return True
                if state["state"] in ("done", "failed"):
                    finished.add(job)
            if not jobs and stream.plan_requests < 3 * MAX_PLANS:
                # every job finished before one was seen running: one more
                _request_plan(api, stream, CASES[0])
            return False

        _wait_until(job_running, 90, "a running job", every_s=0.05)
        acked_before_kill = len(stream.acked_proms)
        app.kill()
        time.sleep(1.0)
        app.start()
        _wait_until(
            lambda: len(stream.acked_proms) >= acked_before_kill + 10, 60, "writes after restart"
        )
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=90)

    assert not stream.unexpected, stream.unexpected[:5]

    # every acknowledged PROM is there once; nothing that was never sent
    present: Counter[tuple[str, str, float]] = Counter()
    for case_id in CASES:
        status, body = api.call("GET", f"/api/cases/{case_id}")
        assert status == 200, body
        for entry in body["document"]["proms"]:
            present[(case_id, entry["date"], float(entry["answers"]["pain"]))] += 1
    assert set(stream.acked_proms) <= set(present)
    assert set(present) <= set(stream.sent_proms)
    assert max(present.values()) == 1

    # every acknowledged job finishes done, with the plan the library makes alone
    def all_done() -> bool:
        states = [api.call("GET", f"/api/jobs/{job}")[1]["state"] for job in stream.acked_jobs]
        assert "failed" not in states
        return all(state == "done" for state in states)

    _wait_until(all_done, JOB_DEADLINE_S, "every acknowledged plan job")
    for job, case_id in stream.acked_jobs.items():
        status, plan = api.call("GET", f"/api/cases/{case_id}/plan?job_id={job}")
        assert status == 200, plan
        assert plan["holes"] == reference

    # one plan record and one task per request that reached the database, all finished once
    def queue_empty() -> bool:
        queue = app.wait_healthy()["queue"]
        return queue["ready"] == 0 and queue["running"] == 0

    _wait_until(queue_empty, JOB_DEADLINE_S, "an empty job queue")
    rows = _database_rows(app)
    task_ids = [task_id for task_id, _, _ in rows["plans"]]
    assert len(task_ids) == len(set(task_ids))
    assert set(stream.acked_jobs) <= set(task_ids)
    assert len(task_ids) <= stream.plan_requests
    assert sorted(task_id for task_id, _ in rows["tasks"]) == sorted(task_ids)
    assert {status for _, status in rows["tasks"]} == {"SUCCESSFUL"}
    assert {status for _, status, _ in rows["plans"]} == {"done"}
    report.append(
        f"crash test on {app.vendor}: {len(stream.acked_proms)} of {len(stream.sent_proms)} PROMs"
        f" acknowledged, {len(stream.acked_jobs)} of {stream.plan_requests} plan jobs,"
        f" {sum(attempts > 1 for _, _, attempts in rows['plans'])} run again after the kill"
    )
