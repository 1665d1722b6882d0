"""The education pages for patients and visitors (no sign-in needed): see ``chondral.web.views_learn``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
