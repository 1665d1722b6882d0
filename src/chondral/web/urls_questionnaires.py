"""The patient's questionnaires: answered one item at a time, resumable, scored on completion."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web import views_questionnaires as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.questionnaires, name="questionnaires"),
    path("<slug:instrument>/", views.questionnaire, name="questionnaire"),
    path("<slug:instrument>/answer", views.questionnaire_answer, name="questionnaire_answer"),
    path("<slug:instrument>/results/", views.questionnaire_results, name="questionnaire_results"),
]
