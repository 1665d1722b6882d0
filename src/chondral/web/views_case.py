"""The case page and the case's downloads: the case file, the rehab calendar, outcome charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chondral.errors import ChondralError, one_line
from chondral.pathway import DEFAULT_POLICY
from chondral.services.case_export import case_file_yaml
from chondral.services.case_overview import case_outcome_chart_png, case_rehab_ical
from chondral.web.access import authorize
from chondral.web.case_page import case_page_context
from chondral.web.roles import Action
from chondral.web.store import current_version, load_case

__all__ = ["attachment", "case_detail", "case_file", "outcome_chart", "refused", "rehab_ics"]


def refused(error: ChondralError, status: int = 409) -> HttpResponse:
    """A download that cannot be made: its one-line reason, as plain text."""
    return HttpResponse(
        one_line(str(error)) + "\n", status=status, content_type="text/plain; charset=utf-8"
    )


def attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A download named ``filename``."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    """Everything about one case (``services.case_overview``) and its newest plan."""
    actor, record = authorize(request, Action.VIEW_CASE, case_id)
    assert record is not None
    return render(request, "clinic/case_detail.html", case_page_context(actor, record))


@login_required
def case_file(request: HttpRequest, case_id: str) -> HttpResponse:
    """The current version as a YAML case file."""
    _, record = authorize(request, Action.DOWNLOAD_CASE, case_id, detail="case file")
    assert record is not None
    version = current_version(record)
    name = f"{record.case_id}-v{version.number}.yaml"
    return attachment(case_file_yaml(version.document), "application/yaml; charset=utf-8", name)


@login_required
def rehab_ics(request: HttpRequest, case_id: str) -> HttpResponse:
    """The rehabilitation schedule as an iCalendar file."""
    _, record = authorize(request, Action.VIEW_CASE, case_id, detail="rehab calendar")
    assert record is not None
    case = load_case(current_version(record).document)
    try:
        ics = case_rehab_ical(case, policy=DEFAULT_POLICY, stamp=timezone.now())
    except ChondralError as error:
        return refused(error)
    return attachment(ics, "text/calendar; charset=utf-8", f"{record.case_id}-rehab.ics")


@login_required
def outcome_chart(request: HttpRequest, case_id: str, instrument: str) -> HttpResponse:
    """One instrument's outcome chart (PNG)."""
    _, record = authorize(request, Action.VIEW_CASE, case_id, detail=f"chart {instrument}")
    assert record is not None
    try:
        png = case_outcome_chart_png(load_case(current_version(record).document), instrument)
    except ChondralError as error:
        return refused(error, status=404)
    return HttpResponse(png, content_type="image/png")
