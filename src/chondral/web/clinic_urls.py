"""URLs of the clinician pages: reading cases and plans (``urls_cases``), and creating and
editing them, the cohort and the audit log (``urls_edit``)."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("chondral.web.urls_cases")),
    path("", include("chondral.web.urls_edit")),
]
