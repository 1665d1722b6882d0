"""The accessibility preferences: saved for a signed-in user, in a cookie for a visitor
(``chondral.web.views_preferences``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web import views_preferences

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_preferences.preferences, name="preferences"),
]
