"""The patient's own pages ("My hip" and its calendar): see ``chondral.web.views_portal``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web import views_portal

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_portal.my_hip, name="my_hip"),
    path("calendar.ics", views_portal.my_hip_ics, name="my_hip_ics"),
]
