"""The background worker: its heartbeat, and jobs of a killed worker put back in the queue.

A worker killed by SIGKILL leaves its job RUNNING; any worker that sees the job's last worker
silent for ``STALE_SECONDS`` makes it READY again (so it runs again, to the same result: the
plan job is idempotent), and leaves alone a job whose worker still beats.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError
from django.utils import timezone

from chondral.web.tasks_api import task

pytestmark = pytest.mark.django_db


@task()
def add(a: int, b: int) -> int:
    """A job for the tests: its result shows it ran."""
    return a + b


def _running(worker_id: str, *, started: dt.datetime) -> Any:
    """A job claimed by ``worker_id`` at ``started`` (as a worker's claim leaves it)."""
    from django_tasks_db.models import DBTaskResult

    result = add.enqueue(2, 3)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=[worker_id], started_at=started
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_job_of_a_silent_worker_is_queued_again_and_a_live_ones_is_not() -> None:
    from chondral.web.models import WorkerHeartbeat
    from chondral.web.worker import STALE_SECONDS, requeue_orphaned_jobs

    now = timezone.now()
    old = now - dt.timedelta(seconds=STALE_SECONDS + 5)
    WorkerHeartbeat.objects.create(worker_id="dead-worker", seen_at=old)
    WorkerHeartbeat.objects.create(worker_id="live-worker", seen_at=now - dt.timedelta(seconds=2))
    dead = _running("dead-worker", started=old)
    never_beat = _running("unknown-worker", started=old)
    live = _running("live-worker", started=old)

    assert requeue_orphaned_jobs(now=now) == 2

    for job in (dead, never_beat):
        job.refresh_from_db()
        assert (job.status, job.started_at) == ("READY", None)
    live.refresh_from_db()
    assert live.status == "RUNNING" and live.started_at == old
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {"live-worker"}
    assert requeue_orphaned_jobs(now=now) == 0


def test_a_worker_that_beats_keeps_its_job() -> None:
    from chondral.web.worker import STALE_SECONDS, beat, requeue_orphaned_jobs

    start = timezone.now()
    job = _running("w1", started=start)
    beat("w1", now=start)
    later = start + dt.timedelta(seconds=STALE_SECONDS - 1)
    assert requeue_orphaned_jobs(now=later) == 0
    beat("w1", now=later)  # the same row, seen later
    assert requeue_orphaned_jobs(now=later + dt.timedelta(seconds=STALE_SECONDS - 1)) == 0
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_the_heartbeat_beats_each_tick_and_recovers_when_due() -> None:
    from chondral.web.models import WorkerHeartbeat
    from chondral.web.worker import Heartbeat

    old = timezone.now() - dt.timedelta(minutes=5)
    orphan = _running("gone", started=old)
    heartbeat = Heartbeat("w2", interval=5.0, recovery=10.0)
    assert heartbeat.tick(0.0) == 5.0
    first = WorkerHeartbeat.objects.get(worker_id="w2").seen_at
    orphan.refresh_from_db()
    assert orphan.status == "RUNNING"  # recovery not due yet
    assert heartbeat.tick(5.0) == 0.0
    orphan.refresh_from_db()
    assert orphan.status == "READY"
    assert WorkerHeartbeat.objects.get(worker_id="w2").seen_at >= first


def test_the_heartbeat_thread_survives_a_database_error_and_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from chondral.web import worker

    failed = threading.Event()

    def broken(*args: Any, **kwargs: Any) -> None:
        failed.set()
        raise DatabaseError("database away")

    monkeypatch.setattr(worker, "beat", broken)
    heartbeat = worker.Heartbeat("w3", interval=0.01)
    heartbeat.start()
    assert failed.wait(timeout=30)
    heartbeat.stop()
    heartbeat.join(timeout=30)
    assert not heartbeat.is_alive()


def test_the_heartbeat_beats_again_after_the_connection_was_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dropped connection (InterfaceError, not a DatabaseError) is replaced and the next
    beat goes through: a live worker's jobs are never taken for a dead one's."""
    import threading

    from django.db import InterfaceError

    from chondral.web import worker

    calls: list[str] = []
    beat_again = threading.Event()

    def flaky(worker_id: str) -> None:
        calls.append(worker_id)
        if len(calls) == 1:
            raise InterfaceError("connection already closed")
        beat_again.set()

    monkeypatch.setattr(worker, "beat", flaky)
    heartbeat = worker.Heartbeat("w4", interval=0.01)
    heartbeat.start()
    assert beat_again.wait(timeout=30)
    heartbeat.stop()
    heartbeat.join(timeout=30)
    assert len(calls) >= 2 and not heartbeat.is_alive()


def test_worker_ids_are_random_and_fit_the_queue() -> None:
    from chondral.web.worker import new_worker_id

    ids = {new_worker_id() for _ in range(20)}
    assert len(ids) == 20 and all(len(i) <= 64 for i in ids)


@pytest.mark.django_db(transaction=True)
def test_a_worker_run_once_runs_queued_jobs_and_the_job_of_a_killed_worker() -> None:
    from django_tasks_db.models import DBTaskResult

    from chondral.web.models import WorkerHeartbeat
    from chondral.web.worker import run_worker

    queued = add.enqueue(20, 22)
    orphan = _running("killed-worker", started=timezone.now() - dt.timedelta(minutes=5))

    worker_id = run_worker(once=True, interval=0)

    for pk, expected in ((queued.id, 42), (orphan.pk, 5)):
        row = DBTaskResult.objects.get(pk=pk)
        assert (row.status, row.return_value) == ("SUCCESSFUL", expected)
        assert row.worker_ids[-1] == worker_id
    assert not WorkerHeartbeat.objects.filter(worker_id=worker_id).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_once(capsys: pytest.CaptureFixture[str]) -> None:
    from django_tasks_db.models import DBTaskResult

    from chondral.cli.main import run

    queued = add.enqueue(1, 1)
    assert run(["web", "worker", "--once", "--interval", "0"]) == 0
    assert capsys.readouterr().out == "ran the queued jobs\n"
    assert DBTaskResult.objects.get(pk=queued.id).return_value == 2


@pytest.mark.django_db(transaction=True)
def test_a_long_running_worker_handles_signals_and_forgets_its_heartbeat(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chondral.web.models import WorkerHeartbeat
    from chondral.web.worker import run_worker

    seen: list[str] = []

    class FakeWorker:
        def __init__(self, **options: Any) -> None:
            self.options = options

        def configure_signals(self) -> None:
            seen.append("signals")

        def run(self) -> None:
            seen.append(self.options["worker_id"])
            assert WorkerHeartbeat.objects.filter(worker_id=self.options["worker_id"]).exists()
            raise SystemExit(0)  # what SIGTERM does to an idle worker

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker", FakeWorker)
    with pytest.raises(SystemExit):
        run_worker(once=False, interval=1, worker_id="long-runner")
    assert seen == ["signals", "long-runner"]
    assert not WorkerHeartbeat.objects.filter(worker_id="long-runner").exists()


@pytest.mark.django_db
def test_the_worker_command_says_it_runs_until_stopped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.cli.main import run

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("chondral.web.worker.run_worker", lambda **kw: calls.append(kw))
    assert run(["web", "worker", "--interval", "2.5"]) == 0
    assert calls == [{"once": False, "interval": 2.5}]
    assert capsys.readouterr().out.startswith("chondral: background worker running")
