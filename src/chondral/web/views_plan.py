"""Hole plans on the case page: the job's status, asking for a new plan, the plan's files."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chondral.web import jobs
from chondral.web.access import authorize
from chondral.web.case_page import case_page_context
from chondral.web.models import CaseRecord, PlanRecord
from chondral.web.plan_form import PlanRequestForm
from chondral.web.roles import Action
from chondral.web.store import current_version, load_case
from chondral.web.views_case import attachment

__all__ = ["plan_clock_png", "plan_json", "plan_markups", "plan_request", "plan_status"]


def _done_plan(record: CaseRecord, pk: int) -> PlanRecord:
    return get_object_or_404(PlanRecord, pk=pk, case=record, status=PlanRecord.Status.DONE)


@login_required
def plan_status(request: HttpRequest, case_id: str, pk: int) -> HttpResponse:
    """The job's state as JSON, for the page's progress bar."""
    _, record = authorize(request, Action.VIEW_CASE, case_id, detail=f"plan {pk} status")
    plan = get_object_or_404(PlanRecord, pk=pk, case=record)
    return JsonResponse(
        {
            "status": plan.status,
            "progress_percent": plan.progress_percent,
            "progress_text": plan.progress_text,
            "error": plan.error,
            "finished": plan.status in (PlanRecord.Status.DONE, PlanRecord.Status.FAILED),
        }
    )


@login_required
@require_POST
def plan_request(request: HttpRequest, case_id: str) -> HttpResponse:
    """Ask for a new plan with the form's lesion and parameters; back to the case page."""
    actor, record = authorize(request, Action.EDIT_PLAN, case_id)
    assert record is not None
    version = current_version(record)
    form = PlanRequestForm(request.POST, case=load_case(version.document))
    if not form.is_valid():
        context = case_page_context(actor, record, plan_form=form)
        return render(request, "clinic/case_detail.html", context, status=422)
    jobs.request_plan(
        record,
        version,
        user=request.user,
        lesion_id=form.cleaned_data.get("lesion_id") or "",
        overrides=form.overrides,
    )
    messages.success(request, "A new plan was asked for; it appears here when it is ready.")
    return redirect("case_detail", case_id=record.case_id)


def _plan_document(
    request: HttpRequest, case_id: str, pk: int, *, part: str, suffix: str
) -> HttpResponse:
    """One JSON document of a finished plan (``part``: a ``PlanRecord`` field) as a download."""
    _, record = authorize(request, Action.DOWNLOAD_CASE, case_id, detail=f"plan {pk} {part}")
    assert record is not None
    body = json.dumps(getattr(_done_plan(record, pk), part), indent=2, ensure_ascii=False)
    return attachment(body, "application/json", f"{record.case_id}-plan-{pk}{suffix}")


@login_required
def plan_json(request: HttpRequest, case_id: str, pk: int) -> HttpResponse:
    """The plan's plan.json."""
    return _plan_document(request, case_id, pk, part="plan", suffix=".json")


@login_required
def plan_markups(request: HttpRequest, case_id: str, pk: int) -> HttpResponse:
    """The plan's 3D Slicer markups (.mrk.json, LPS)."""
    return _plan_document(request, case_id, pk, part="markups", suffix=".mrk.json")


@login_required
def plan_clock_png(request: HttpRequest, case_id: str, pk: int) -> HttpResponse:
    """The plan's clock-face map (PNG)."""
    _, record = authorize(request, Action.VIEW_CASE, case_id, detail=f"plan {pk} clock map")
    assert record is not None
    plan = _done_plan(record, pk)
    return HttpResponse(bytes(plan.clock_png or b""), content_type="image/png")
