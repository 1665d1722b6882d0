"""URLs of the editing pages, the cohort and the audit log: see ``chondral.web.clinic_urls``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chondral.web import (
    views_audit,
    views_case_forms,
    views_cohort,
    views_meshes,
    views_operative,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/new/", views_case_forms.case_create, name="case_create"),
    path("cases/upload/", views_case_forms.case_upload, name="case_upload"),
    path("cases/<str:case_id>/edit/", views_case_forms.patient_hip_edit, name="case_edit"),
    path(
        "cases/<str:case_id>/edit/document/",
        views_case_forms.document_edit,
        name="case_document_edit",
    ),
    path("cases/<str:case_id>/lesions/new/", views_case_forms.lesion_add, name="lesion_add"),
    path(
        "cases/<str:case_id>/lesions/<int:index>/",
        views_case_forms.lesion_edit,
        name="lesion_edit",
    ),
    path(
        "cases/<str:case_id>/lesions/<int:index>/remove/",
        views_case_forms.lesion_remove,
        name="lesion_remove",
    ),
    path("cases/<str:case_id>/checklist/", views_case_forms.checklist_edit, name="checklist_edit"),
    path("cases/<str:case_id>/meshes/", views_meshes.mesh_upload, name="mesh_upload"),
    path("cases/<str:case_id>/operative/", views_operative.operative_edit, name="operative_edit"),
    path(
        "cases/<str:case_id>/operative/note/",
        views_operative.operative_note,
        name="operative_note",
    ),
    path("cases/<str:case_id>/rts/", views_operative.return_to_sport, name="return_to_sport"),
    path("cases/<str:case_id>/rts/tests/", views_operative.rts_tests, name="rts_tests"),
    path("cases/<str:case_id>/rts/approve/", views_operative.rts_approve, name="rts_approve"),
    path("cohort/", views_cohort.cohort, name="cohort"),
    path("cohort.png", views_cohort.cohort_chart, name="cohort_chart"),
    path("cohort.csv", views_cohort.cohort_csv_download, name="cohort_csv"),
    path("audit/", views_audit.audit_log, name="audit_log"),
]
