"""API endpoints of hole plans and their background jobs.

A job's id is the task id the job queue gave it (a UUID, ``PlanRecord.task_id``), not a row
number: ids cannot be counted through. A job is reached through its case, so another clinic's
job answers 404 exactly as its case does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Status

from chondral.domain import Case
from chondral.errors import InputDataError, ParameterError
from chondral.services.plan_request import check_plan_request
from chondral.web import jobs, store
from chondral.web.api_common import authorized_case, job_url, plan_url, read_object_body
from chondral.web.api_schemas import PLAN_BODY, ErrorOut, JobOut, PlanStarted, error_body
from chondral.web.models import PlanRecord
from chondral.web.roles import Action

__all__ = ["plan_request", "router"]

router = Router(tags=["plans"])

_PLAN_KEYS = ("lesion_id", "overrides")


def _lesion_id(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputDataError("must be a lesion id (text)", field="lesion_id")
    return value


def _overrides(value: object) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputDataError("must be an object of parameter names and numbers", field="overrides")
    for name, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise InputDataError("must be a number", field=f"overrides.{name}")
        if not math.isfinite(number):  # pragma: no cover - the body reader refuses these
            raise InputDataError("must be a finite number", field=f"overrides.{name}")
    return {str(name): float(number) for name, number in value.items()}


def plan_request(body: Mapping[str, Any], case: Case) -> tuple[str, dict[str, float]]:
    """The lesion id ("" for the case file's choice) and layout overrides a plan request asks
    for, checked against ``case`` and the library's plan parameters (the field named)."""
    for key in body:
        if key not in _PLAN_KEYS:
            raise InputDataError(f"unknown field; allowed: {', '.join(_PLAN_KEYS)}", field=key)
    lesion_id, overrides = _lesion_id(body.get("lesion_id")), _overrides(body.get("overrides"))
    try:
        check_plan_request(case, lesion_id or None, overrides)
    except ParameterError as error:  # the library names the parameter
        field = error.field or ""
        named = f"overrides.{field}" if field in overrides else field or "overrides"
        raise InputDataError(error.problem, field=named) from error
    return lesion_id, overrides


def _job(plan: PlanRecord) -> dict[str, Any]:
    case_id = plan.case.case_id
    return {
        "job_id": plan.task_id,
        "state": plan.status,
        "progress_percent": plan.progress_percent,
        "progress_text": plan.progress_text,
        "error": plan.error or None,
        "case_version": plan.version_number,
        "lesion_id": plan.lesion_id or None,
        "overrides": plan.overrides or {},
        "created_at": plan.created_at,
        "finished_at": plan.finished_at,
        "job_url": job_url(plan.task_id),
        "result_url": (
            plan_url(case_id, plan.task_id) if plan.status == PlanRecord.Status.DONE else None
        ),
    }


@router.post(
    "/cases/{case_id}/plan",
    response={202: PlanStarted, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=PLAN_BODY,
    summary="Start a hole plan (a background job)",
)
def post_plan(request: HttpRequest, case_id: str, response: HttpResponse) -> Any:
    """Queue a plan of the current version; 202 with the job's URL (also in ``Location``)."""
    record = authorized_case(request, Action.EDIT_PLAN, case_id)
    version = store.current_version(record)
    body = read_object_body(request, empty={})
    lesion_id, overrides = plan_request(body, store.load_case(version.document))
    plan = jobs.request_plan(
        record, version, user=request.user, lesion_id=lesion_id, overrides=overrides
    )
    response["Location"] = job_url(plan.task_id)
    urls = {"job_url": job_url(plan.task_id), "plan_url": plan_url(record.case_id)}
    return Status(202, {"job_id": plan.task_id, **urls})


@router.get(
    "/cases/{case_id}/plan",
    response={200: dict[str, Any], 202: JobOut, 404: ErrorOut, 422: ErrorOut},
    summary="The newest plan",
)
def get_plan(request: HttpRequest, case_id: str, job_id: str | None = None) -> Any:
    """The newest plan (or job ``job_id``'s): 200 with plan.json and ``stale`` (made from an
    older version of the plan's inputs) when done, 202 with the job while it runs, 422 with
    its error when it failed, 404 when none was asked for."""
    record = authorized_case(request, Action.DOWNLOAD_CASE, case_id)
    plans = record.plans.all() if job_id is None else record.plans.filter(task_id=job_id)
    plan = plans.select_related("case").first()
    if plan is None:
        raise Http404("no plan has been asked for on this case")
    if plan.status == PlanRecord.Status.FAILED:
        return Status(422, error_body(plan.error or "the plan failed"))
    if plan.status != PlanRecord.Status.DONE:
        return Status(202, _job(plan))
    current = store.current_version(record).plan_inputs_digest
    return {**(plan.plan or {}), "stale": plan.plan_inputs_digest != current}


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut}, summary="A background job")
def get_job(request: HttpRequest, job_id: str) -> Any:
    """A job's state and progress, its error when it failed, and its result's URL when done."""
    found = PlanRecord.objects.filter(task_id=job_id).values_list("case__case_id", flat=True)
    record = authorized_case(request, Action.VIEW_CASE, found.first() or "")
    return _job(record.plans.select_related("case").get(task_id=job_id))
