"""URLs of the JSON API (``chondral.web.api``), included by ``urls.py`` at ``api/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web.api import api

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls)]
