"""A case's versions: who saved each, when, what changed; an old version's document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from chondral.services.case_export import case_file_yaml
from chondral.web.access import authorize
from chondral.web.models import CaseVersion
from chondral.web.roles import Action

__all__ = ["case_version", "case_versions"]


@login_required
def case_versions(request: HttpRequest, case_id: str) -> HttpResponse:
    """Every version of the case, newest first."""
    _, record = authorize(request, Action.VIEW_RECORDS, case_id, detail="versions")
    assert record is not None
    versions = record.versions.order_by("-number")
    return render(
        request, "clinic/case_versions.html", {"case_record": record, "versions": versions}
    )


@login_required
def case_version(request: HttpRequest, case_id: str, number: int) -> HttpResponse:
    """One version's document (read-only YAML) and the fields it changed."""
    _, record = authorize(request, Action.VIEW_RECORDS, case_id, detail=f"version {number}")
    assert record is not None
    version = get_object_or_404(CaseVersion, case=record, number=number)
    context = {
        "case_record": record,
        "version": version,
        "document_yaml": case_file_yaml(version.document),
    }
    return render(request, "clinic/case_version.html", context)
