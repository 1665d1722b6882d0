"""The education pages (``/learn/``): readable by anyone, signed in or not.

No patient data is shown here, so nothing is authorized or audited; the pages and their order
come from ``chondral.web.education``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chondral.web.education import PAGES, find_page, neighbours

__all__ = ["learn_index", "learn_page"]


@login_not_required
@require_GET
def learn_index(request: HttpRequest) -> HttpResponse:
    """The list of education pages, in reading order."""
    return render(request, "portal/learn/index.html", {"pages": PAGES})


@login_not_required
@require_GET
def learn_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One education page, with links to the pages before and after it; 404 for an unknown
    slug."""
    page = find_page(slug)
    if page is None:
        raise Http404("No such page")
    previous, following = neighbours(page)
    return render(
        request,
        page.template,
        {"page": page, "previous": previous, "next": following},
    )
