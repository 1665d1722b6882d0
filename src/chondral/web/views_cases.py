"""The start page and the case list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from chondral.web.access import actor_of, authorize, visible_cases
from chondral.web.case_filters import case_list_context
from chondral.web.roles import Action, Role
from chondral.web.summary_jobs import enqueue_refresh

__all__ = ["case_list", "home"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Clinicians go to the case list; a patient to their portal ("My hip"), or to the
    education pages when no case is linked to them yet."""
    actor = actor_of(request.user)
    if actor is not None and actor.role is Role.PATIENT:
        if visible_cases(actor).exists():
            return redirect("my_hip")
        return redirect("learn_index")
    return redirect("case_list")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The clinic's cases: search, filters and pages over the stored list facts."""
    actor, _ = authorize(request, Action.LIST_CASES)
    context = case_list_context(visible_cases(actor), request.GET)
    context["refreshing"] = enqueue_refresh(actor.clinic_id, context["facts_as_of"])
    context["today"] = timezone.localdate()
    return render(request, "clinic/case_list.html", context)
