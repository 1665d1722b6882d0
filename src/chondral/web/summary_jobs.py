"""The case list's facts, refreshed in the background when a list is shown on a later day.

A case's list facts (``CaseRecord.summary_as_of`` ...) are worked out when it is saved; the
phase, overdue items and PROMs due change with the calendar. When a list shows a clinic with
facts from before today, ``enqueue_refresh`` asks for ``refresh_summaries`` of that clinic, at
most once a day per clinic; the page says which day its facts are from meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from chondral.errors import ChondralError
from chondral.web.models import CaseRecord
from chondral.web.tasks_api import task

__all__ = ["enqueue_refresh", "refresh_summaries"]

log = logging.getLogger("chondral.web.summary_jobs")


@task()
def refresh_summaries(clinic_id: int, as_of: str) -> int:
    """Refresh the list facts of the clinic's cases whose facts are from before ``as_of``
    (ISO date); returns how many were refreshed. Idempotent: a second run finds none stale."""
    from chondral.web.store import refresh_summary

    day = dt.date.fromisoformat(as_of)
    refreshed = 0
    stale = CaseRecord.objects.filter(clinic_id=clinic_id, summary_as_of__lt=day)
    for record in stale.iterator():
        try:
            refresh_summary(record, today=day)
        except ChondralError as error:  # pragma: no cover - a stored version always validates
            log.warning("list facts of one case not refreshed: %s", type(error).__name__)
            continue
        refreshed += 1
    return refreshed


def _enqueued_today(clinic_id: int, today: dt.date) -> bool:
    """Whether a refresh of this clinic was already asked for today (database task backend;
    another backend keeps no such record and is asked again, harmlessly: the job is
    idempotent)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is installed
        return False
    return DBTaskResult.objects.filter(
        task_path=refresh_summaries.module_path,
        args_kwargs__args=[clinic_id, today.isoformat()],
    ).exists()


def enqueue_refresh(clinic_id: int | None, oldest: dt.date | None) -> bool:
    """Ask for a refresh when the oldest facts shown (``oldest``) are from before today;
    returns whether a job was enqueued now."""
    today = timezone.localdate()
    if clinic_id is None or oldest is None or oldest >= today:
        return False
    if _enqueued_today(clinic_id, today):
        return False
    refresh_summaries.enqueue(clinic_id, today.isoformat())
    return True
