"""URLs of the clinician pages that read cases and plans: see ``chondral.web.clinic_urls``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, register_converter

from chondral.web import views_case, views_cases, views_plan, views_versions


class CaseIdConverter:
    """A case id in a path: any segment but the editing pages' fixed words (``cases/new/``,
    ``cases/upload/``), so those pages are reached whichever URL module is listed first."""

    regex = r"(?!(?:new|upload)/)[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseIdConverter, "case_id")

_CASE = "cases/<case_id:case_id>/"
_PLAN = _CASE + "plans/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_cases.home, name="home"),
    path("cases/", views_cases.case_list, name="case_list"),
    path(_CASE, views_case.case_detail, name="case_detail"),
    path(_CASE + "case.yaml", views_case.case_file, name="case_file"),
    path(_CASE + "rehab.ics", views_case.rehab_ics, name="rehab_ics"),
    path(_CASE + "outcomes/<slug:instrument>.png", views_case.outcome_chart, name="outcome_chart"),
    path(_CASE + "versions/", views_versions.case_versions, name="case_versions"),
    path(_CASE + "versions/<int:number>/", views_versions.case_version, name="case_version"),
    path(_CASE + "plans/", views_plan.plan_request, name="plan_request"),
    path(_PLAN + "status", views_plan.plan_status, name="plan_status"),
    path(_PLAN + "plan.json", views_plan.plan_json, name="plan_json"),
    path(_PLAN + "markups.mrk.json", views_plan.plan_markups, name="plan_markups"),
    path(_PLAN + "clock.png", views_plan.plan_clock_png, name="plan_clock_png"),
]
