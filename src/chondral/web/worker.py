"""``chondral web worker``: runs background jobs (django-tasks-db's worker) with a heartbeat.

Each worker keeps a ``WorkerHeartbeat`` row fresh from a thread every ``HEARTBEAT_SECONDS``. A
worker killed outright (SIGKILL, a lost machine) leaves its job RUNNING for ever; so at start
and every ``RECOVERY_SECONDS`` a worker puts back in the queue each RUNNING job whose last worker
has not beaten for ``STALE_SECONDS``. The plan job is idempotent (``chondral.web.jobs``): run
again, it gives the same result.

Every worker of a deployment must be this one (a bare ``db_worker`` has no heartbeat, so its
jobs would look orphaned).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import Error as DjangoDatabaseError
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from chondral.web.models import WorkerHeartbeat

__all__ = [
    "HEARTBEAT_SECONDS",
    "RECOVERY_SECONDS",
    "STALE_SECONDS",
    "Heartbeat",
    "beat",
    "new_worker_id",
    "requeue_orphaned_jobs",
    "run_worker",
]

HEARTBEAT_SECONDS = 5.0
STALE_SECONDS = 30.0
RECOVERY_SECONDS = 30.0

log = logging.getLogger("chondral.web.worker")


def new_worker_id() -> str:
    """A random worker id (32 characters; django-tasks-db allows 64)."""
    return get_random_string(32)


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    """Record that ``worker_id`` is alive at ``now``."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now or timezone.now()}
    )


def requeue_orphaned_jobs(
    *, now: dt.datetime | None = None, stale_after: float = STALE_SECONDS
) -> int:
    """Put back in the queue every RUNNING job whose last worker has not beaten for
    ``stale_after`` seconds (or never); forget heartbeats that old. Returns how many jobs."""
    from django_tasks_db.models import DBTaskResult

    from chondral.web.tasks_api import TaskResultStatus

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=stale_after)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for pk, worker_ids, started_at in running.values_list("pk", "worker_ids", "started_at"):
        last = worker_ids[-1] if worker_ids else None
        if last in alive:
            continue
        # Only if no worker claimed it again meanwhile (the claim sets a new started_at).
        requeued += DBTaskResult.objects.filter(
            pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    if requeued:
        log.warning("put %d job(s) of stopped workers back in the queue", requeued)
    return requeued


class Heartbeat(threading.Thread):
    """Beats for ``worker_id`` every ``interval`` seconds and recovers orphaned jobs every
    ``recovery`` seconds, until ``stop``."""

    def __init__(
        self,
        worker_id: str,
        *,
        interval: float = HEARTBEAT_SECONDS,
        recovery: float = RECOVERY_SECONDS,
    ) -> None:
        super().__init__(name="chondral-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.recovery = recovery
        self._stopped = threading.Event()

    def tick(self, since_recovery: float) -> float:
        """One beat (and a recovery when due); the seconds since the last recovery."""
        beat(self.worker_id)
        since_recovery += self.interval
        if since_recovery >= self.recovery:
            requeue_orphaned_jobs()
            since_recovery = 0.0
        return since_recovery

    def run(self) -> None:
        since_recovery = 0.0
        try:
            while not self._stopped.wait(self.interval):
                # A connection the database dropped (a restart) is replaced before each beat,
                # as Django's worker loop does for its own.
                close_old_connections()
                try:
                    since_recovery = self.tick(since_recovery)
                except DjangoDatabaseError as error:  # the database is away: next beat retries
                    log.warning("heartbeat failed: %s", type(error).__name__)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop beating (returns at once; ``join`` to wait)."""
        self._stopped.set()


def run_worker(*, once: bool = False, interval: float = 1.0, worker_id: str | None = None) -> str:
    """Run jobs until stopped (SIGINT/SIGTERM finish the job in hand first); with ``once``,
    run what is queued and return. Returns the worker id."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = worker_id or new_worker_id()
    beat(worker_id)
    requeue_orphaned_jobs()
    heartbeat = Heartbeat(worker_id)
    heartbeat.start()
    try:
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not once:
            worker.configure_signals()
        worker.run()
    finally:
        heartbeat.stop()
        heartbeat.join()
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
    return worker_id
