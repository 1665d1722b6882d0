"""The audit log for clinic staff: every read and change of patient data, newest first, with
filters; read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from chondral.web.access import authorize
from chondral.web.forms import DATE_INPUT
from chondral.web.models import AuditEvent
from chondral.web.roles import Action

__all__ = ["PAGE_SIZE", "AuditFilterForm", "audit_log", "filtered_events"]

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    """The filters of the audit log (all optional)."""

    username = forms.CharField(label="User name", required=False, max_length=150)
    case_id = forms.CharField(label="Case id", required=False, max_length=64)
    action = forms.CharField(label="Action", required=False, max_length=32)
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[
            ("", "any"),
            ("allowed", "allowed"),
            ("denied", "denied"),
            ("not_found", "not found"),
        ],
    )
    date_from = forms.DateField(label="From (date)", required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label="To (date, inclusive)", required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        """A range whose end comes before its start is refused, next to the end."""
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start is not None and end is not None and end < start:
            self.add_error("date_to", f"is before the start ({start.isoformat()})")
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_events(data: dict[str, Any], clinic_id: int | None) -> QuerySet[AuditEvent]:
    """The audit rows of ``clinic_id`` matching the cleaned filters, newest first."""
    events = (
        AuditEvent.objects.filter(clinic_id=clinic_id) if clinic_id else AuditEvent.objects.none()
    )
    for name in ("username", "case_id", "action", "outcome"):
        if data.get(name):
            events = events.filter(**{name: data[name]})
    if data.get("date_from"):
        events = events.filter(at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """``/audit/``: filters, 50 rows a page."""
    actor, _ = authorize(request, Action.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(filtered_events(data, actor.clinic_id), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "clinic/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
