"""The patient's questionnaires: answered one item at a time, resumable, scored on completion."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
