"""The education pages for patients and visitors (no sign-in needed): see ``chondral.web.views_learn``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web import views_learn

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_learn.learn_index, name="learn_index"),
    path("<slug:slug>/", views_learn.learn_page, name="learn_page"),
]
