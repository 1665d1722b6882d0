"""URLs of the clinician pages: see ``chondral.web.clinic_urls``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
