"""The surgeon's cohort: outcome shares over their own cases (``services.cohort``), a chart and
a CSV download."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chondral.services.cohort import CohortSummary, summarise_cohort
from chondral.web import store
from chondral.web.access import Actor, authorize, visible_cases
from chondral.web.models import CaseVersion
from chondral.web.roles import Action

__all__ = ["cohort", "cohort_chart", "cohort_csv_download", "surgeon_cohort"]


def surgeon_cohort(actor: Actor) -> CohortSummary:
    """The cohort summary of the cases ``actor`` is the surgeon of (among those visible)."""
    records = visible_cases(actor).filter(surgeon=actor.user)
    versions = CaseVersion.objects.filter(
        case__in=records, number=F("case__current_version")
    ).select_related("case")
    cases = [
        (store.load_case(v.document), v.case.size_band) for v in versions.order_by("case__case_id")
    ]
    return summarise_cohort(cases)


@require_GET
def cohort(request: HttpRequest) -> HttpResponse:
    """``/cohort/``: the table of shares reaching MCID and PASS, and the chart."""
    actor, _ = authorize(request, Action.VIEW_COHORT)
    return render(request, "clinic/cohort.html", {"summary": surgeon_cohort(actor)})


@require_GET
def cohort_chart(request: HttpRequest) -> HttpResponse:
    """``/cohort.png``: the chart (matplotlib, drawn on request)."""
    from chondral.reports.cohort_chart import cohort_chart_png

    actor, _ = authorize(request, Action.VIEW_COHORT, detail="chart")
    return HttpResponse(cohort_chart_png(surgeon_cohort(actor).rows), content_type="image/png")


@require_GET
def cohort_csv_download(request: HttpRequest) -> HttpResponse:
    """``/cohort.csv``: the table as CSV."""
    from chondral.io.cohort_csv import cohort_csv

    actor, _ = authorize(request, Action.VIEW_COHORT, detail="csv")
    response = HttpResponse(
        cohort_csv(surgeon_cohort(actor).rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="cohort.csv"'
    return response
