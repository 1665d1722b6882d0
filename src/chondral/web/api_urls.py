"""URLs of the JSON API (``chondral.web.api``), included by ``urls.py`` at ``api/``.

The API authenticates every call itself (a Bearer token, else 401), so its views are exempt
from the sign-in redirect the pages get (``LoginRequiredMiddleware``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path

from chondral.web.api import api


def _exempt(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _exempt(pattern.url_patterns)
        else:
            pattern.callback = login_not_required(pattern.callback)
    return patterns


_api_patterns, _app_name, _namespace = api.urls
urlpatterns: list[URLPattern | URLResolver] = [
    path("", (_exempt(list(_api_patterns)), _app_name, _namespace))
]
