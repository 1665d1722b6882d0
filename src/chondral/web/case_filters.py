"""The case list's search and filters: one form over the list facts ``CaseRecord`` stores.

Every filter reads a stored column (``services.case_summary`` worked the facts out when the case
was saved, and each day it is listed), so a list of a thousand cases is one query and no case is
re-assessed to be listed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from chondral.rules import Verdict
from chondral.services.case_summary import SIZE_BANDS
from chondral.web.models import CaseRecord

__all__ = [
    "PAGE_SIZE",
    "VERDICT_LABELS",
    "CaseFilterForm",
    "case_list_context",
    "filter_cases",
    "phase_choices",
]

PAGE_SIZE = 25
VERDICT_LABELS = {
    Verdict.CANDIDATE.value: "Candidate",
    Verdict.CANDIDATE_WITH_CAUTIONS.value: "Candidate with cautions",
    Verdict.INSUFFICIENT_DATA.value: "Insufficient data",
    Verdict.NOT_CANDIDATE.value: "Not a candidate",
    "": "Cannot be assessed",
}
_YES = [("", "Any"), ("yes", "Yes")]


def phase_choices(cases: QuerySet[CaseRecord]) -> list[tuple[str, str]]:
    """The pathway phases the visible cases are in, for the phase filter."""
    pairs = cases.order_by("phase").values_list("phase", "phase_label").distinct()
    return [("", "Any"), *((phase, label) for phase, label in pairs if phase)]


class CaseFilterForm(forms.Form):
    """Search by case id and the list filters (all optional)."""

    q = forms.CharField(label="Case id contains", required=False, max_length=64)
    verdict = forms.ChoiceField(
        label="Verdict",
        required=False,
        choices=[("", "Any"), *((v or "none", label) for v, label in VERDICT_LABELS.items())],
    )
    phase = forms.ChoiceField(label="Pathway phase", required=False, choices=[("", "Any")])
    overdue = forms.ChoiceField(label="Overdue checklist items", required=False, choices=_YES)
    proms_due = forms.ChoiceField(label="PROMs due", required=False, choices=_YES)
    size_band = forms.ChoiceField(
        label="Lesion size",
        required=False,
        choices=[("", "Any"), *((label, label) for label, _ in SIZE_BANDS), ("none", "Unknown")],
    )

    def __init__(self, data: Any, *, cases: QuerySet[CaseRecord]) -> None:
        super().__init__(data)
        phase = self.fields["phase"]
        assert isinstance(phase, forms.ChoiceField)
        phase.choices = phase_choices(cases)


def filter_cases(cases: QuerySet[CaseRecord], filters: dict[str, Any]) -> QuerySet[CaseRecord]:
    """``cases`` narrowed by the cleaned filters of a ``CaseFilterForm``."""
    if filters.get("q"):
        cases = cases.filter(case_id__icontains=filters["q"])
    if filters.get("verdict"):
        cases = cases.filter(verdict="" if filters["verdict"] == "none" else filters["verdict"])
    if filters.get("phase"):
        cases = cases.filter(phase=filters["phase"])
    if filters.get("overdue") == "yes":
        cases = cases.filter(overdue_count__gt=0)
    if filters.get("proms_due") == "yes":
        cases = cases.filter(proms_due_count__gt=0)
    if filters.get("size_band"):
        cases = cases.filter(
            size_band="" if filters["size_band"] == "none" else filters["size_band"]
        )
    return cases.order_by("case_id")


def case_list_context(cases: QuerySet[CaseRecord], params: Any) -> dict[str, Any]:
    """The case list page: the filter form, the page of cases, the query string that keeps the
    filters on page links, and the day the oldest facts are from."""
    from django.core.paginator import Paginator
    from django.db.models import Min

    form = CaseFilterForm(params or None, cases=cases)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filter_cases(cases, filters), PAGE_SIZE).get_page(params.get("page"))
    keep = params.copy()
    keep.pop("page", None)
    oldest = cases.aggregate(oldest=Min("summary_as_of"))["oldest"]
    return {
        "form": form,
        "page": page,
        "filter_query": keep.urlencode(),
        "facts_as_of": oldest,
        "verdict_labels": VERDICT_LABELS,
    }
