"""The patient's own pages ("My hip" and its calendar): see ``chondral.web.views_portal``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
