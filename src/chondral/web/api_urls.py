"""URLs of the JSON API (filled in by ``chondral.web.api``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
