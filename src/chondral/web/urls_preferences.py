"""The accessibility preferences: saved for a signed-in user, in a cookie for a visitor."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
