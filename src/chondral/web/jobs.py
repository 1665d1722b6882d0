"""Background jobs: hole plans on a patient's mesh (and, later, CT processing).

Jobs run through Django's Tasks API (``chondral.web.tasks_api``) on the database backend
(django-tasks-db): a page or API call saves a ``PlanRecord`` and enqueues ``make_plan`` with the
record's id once the transaction commits; any number of workers (``chondral web worker``) take
jobs from the same database.

A job is idempotent: it works from the case version the record names and writes its result to
that record in one transaction, and a record already done is left alone. A job interrupted by a
killed worker is put back in the queue (``chondral.web.worker``) and simply runs again to the same
result. A failure is stored as one line (the error's own message for bad input or impossible
geometry; the error type only for a bug, whose details go to the log without patient data).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from chondral.errors import ChondralError, one_line
from chondral.pathway import PlannedHoles
from chondral.web.error_log import where_raised
from chondral.web.models import CaseVersion, PlanRecord
from chondral.web.tasks_api import task

__all__ = ["current_planned_holes", "make_plan", "request_plan"]

log = logging.getLogger("chondral.web.jobs")


def _progress(record_pk: int, percent: int, text: str, **fields: Any) -> None:
    PlanRecord.objects.filter(pk=record_pk).update(
        progress_percent=percent, progress_text=text, **fields
    )


@task()
def make_plan(plan_record_pk: int) -> str:
    """Make the plan ``PlanRecord`` ``plan_record_pk`` asks for; returns its final status."""
    from chondral.services.plan_documents import plan_documents
    from chondral.services.planning import plan_case, planned_holes_of
    from chondral.web.store import load_case, stored_meshes

    record = PlanRecord.objects.select_related("case").get(pk=plan_record_pk)
    if record.status in (PlanRecord.Status.DONE, PlanRecord.Status.FAILED):
        return str(record.status)
    _progress(
        record.pk,
        5,
        "reading the case",
        status=PlanRecord.Status.RUNNING,
        started_at=timezone.now(),
        attempts=record.attempts + 1,
    )
    try:
        version = CaseVersion.objects.get(case=record.case, number=record.version_number)
        case = load_case(version.document)
        _progress(record.pk, 20, "reading the meshes and planning the holes")
        run = plan_case(
            case,
            stored_meshes(),
            lesion_id=record.lesion_id or None,
            overrides=record.overrides or None,
            case_digest=version.digest,
        )
        _progress(record.pk, 85, "drawing the 3D view and the clock-face map")
        documents = plan_documents(run)
        planned = planned_holes_of(run.plan)
    except ChondralError as error:
        _finish(record.pk, PlanRecord.Status.FAILED, error=one_line(str(error))[:1000])
        return str(PlanRecord.Status.FAILED)
    except Exception as error:
        # The type and place only: the message may quote the case (no patient data in logs).
        log.error(
            "plan job %s failed with %s at %s",
            plan_record_pk,
            type(error).__name__,
            where_raised(error),
        )
        _finish(
            record.pk,
            PlanRecord.Status.FAILED,
            error=f"internal error ({type(error).__name__}); the team has the details in the log",
        )
        return str(PlanRecord.Status.FAILED)
    _finish(
        record.pk,
        PlanRecord.Status.DONE,
        plan=documents.plan,
        markups=documents.markups,
        figure=documents.figure,
        clock_png=documents.clock_png,
        planned_holes={
            "lesion_id": planned.lesion_id,
            "surface": str(planned.surface),
            "hole_count": planned.hole_count,
            "positions": [list(position) for position in planned.positions],
            "spacing_max_mm": planned.spacing_max_mm,
        },
    )
    return str(PlanRecord.Status.DONE)


def _finish(record_pk: int, status: str, **fields: Any) -> None:
    with transaction.atomic():
        # First result wins: a job run twice (its worker was taken for dead) never overwrites.
        unfinished = PlanRecord.objects.filter(pk=record_pk).exclude(
            status__in=[PlanRecord.Status.DONE, PlanRecord.Status.FAILED]
        )
        unfinished.update(
            status=status,
            progress_percent=100,
            progress_text="done" if status == PlanRecord.Status.DONE else "failed",
            finished_at=timezone.now(),
            **fields,
        )


def request_plan(
    case_record: Any,
    version: CaseVersion,
    *,
    user: Any,
    lesion_id: str = "",
    overrides: dict[str, float] | None = None,
) -> PlanRecord:
    """Save a queued ``PlanRecord`` for ``version`` and enqueue its job in the same transaction.

    With the database backend the job row and the record commit together or not at all, so a
    server killed in between loses neither half (a backend outside the database would need
    ``transaction.on_commit`` instead)."""
    with transaction.atomic():
        record = PlanRecord.objects.create(
            case=case_record,
            version_number=version.number,
            plan_inputs_digest=version.plan_inputs_digest,
            lesion_id=lesion_id,
            overrides=overrides or {},
            requested_by=user,
            progress_text="waiting for a worker",
        )
        result = make_plan.enqueue(record.pk)
        record.task_id = str(result.id)
        record.save(update_fields=["task_id"])
    return record


def current_planned_holes(case_record: Any) -> tuple[PlannedHoles | None, str | None]:
    """The planned holes of the newest finished plan made from the case's current plan inputs,
    or None and the reason there is none: the operative review compares the holes made with the
    plan the surgeon saw, and a web request never plans."""
    from chondral.domain import Surface

    version = case_record.versions.get(number=case_record.current_version)
    plan = (
        case_record.plans.filter(
            status=PlanRecord.Status.DONE, plan_inputs_digest=version.plan_inputs_digest
        )
        .exclude(planned_holes=None)
        .first()
    )
    if plan is None:
        return None, (
            "no plan was made from the current lesions and settings: make one on the case page"
        )
    held = plan.planned_holes
    holes = PlannedHoles(
        lesion_id=held["lesion_id"],
        surface=Surface(held["surface"]),
        hole_count=held["hole_count"],
        positions=tuple((float(c), float(r)) for c, r in held["positions"]),
        spacing_max_mm=float(held["spacing_max_mm"]),
    )
    return holes, None
