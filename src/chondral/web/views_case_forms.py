"""Creating a case (a form or an uploaded case file) and editing its patient and hip, lesions,
checklist and whole document: each change a new version (``views_edit.edit_page``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from chondral.errors import InputDataError
from chondral.web import store
from chondral.web.access import Actor, authorize, permit_new_case
from chondral.web.forms_case import CaseCreateForm, CaseUploadForm, DocumentForm, PatientHipForm
from chondral.web.forms_lesion import ChecklistForm, LesionForm, LesionRemoveForm
from chondral.web.models import Clinic
from chondral.web.roles import Action, Role
from chondral.web.views_edit import EditPage, case_url, edit_page

__all__ = [
    "case_create",
    "case_upload",
    "checklist_edit",
    "document_edit",
    "lesion_add",
    "lesion_edit",
    "lesion_remove",
    "patient_hip_edit",
]


def _create(request: HttpRequest, actor: Actor, form: Any) -> HttpResponse | None:
    """Store the form's case in the user's clinic; None (errors on the form) when refused."""
    if actor.clinic_id is None:
        raise PermissionDenied("a user without a clinic cannot create cases")
    surgeon = actor.user if actor.role is Role.SURGEON else form.cleaned_data.get("surgeon")
    try:
        saved = store.create_case(
            form.apply({}),
            user=actor.user,
            clinic=Clinic.objects.get(pk=actor.clinic_id),
            surgeon=surgeon,
            request=request,
            note="created" if isinstance(form, CaseCreateForm) else "uploaded",
            permit=permit_new_case(request),
        )
    except InputDataError as error:
        form.show(error)
        return None
    except store.CaseExistsError as error:
        form.add_error("case_id" if "case_id" in form.fields else "case_file", str(error))
        return None
    return HttpResponseRedirect(case_url(saved.record.case_id))


def _surgeons(actor: Actor) -> Any:
    """The clinic's surgeons to choose from (staff); None for a surgeon (the case is theirs)."""
    if actor.role is Role.SURGEON:
        return None
    return (
        get_user_model()
        .objects.filter(
            profile__role=Role.SURGEON.value, profile__clinic_id=actor.clinic_id, is_active=True
        )
        .order_by("username")
    )


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """``/cases/new/``: a new case from the patient and hip form."""
    actor, _ = authorize(request, Action.CREATE_CASE)
    data = request.POST if request.method == "POST" else None
    form = CaseCreateForm(data, surgeons=_surgeons(actor))
    if form.is_bound and form.is_valid() and (done := _create(request, actor, form)):
        return done
    return render(request, "clinic/case_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def case_upload(request: HttpRequest) -> HttpResponse:
    """``/cases/upload/``: a new case from a case file (YAML or JSON)."""
    actor, _ = authorize(request, Action.CREATE_CASE)
    bound = request.method == "POST"
    form = CaseUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        surgeons=_surgeons(actor),
    )
    if form.is_bound and form.is_valid() and (done := _create(request, actor, form)):
        return done
    return render(request, "clinic/case_upload.html", {"form": form})


PATIENT_HIP = EditPage(
    Action.EDIT_CASE,
    PatientHipForm,
    "Patient and hip",
    intro="The side and the case id cannot change: a different hip is a new case.",
)
LESION_ADD = EditPage(
    Action.EDIT_CASE,
    LesionForm,
    "Add a lesion",
    template="clinic/lesion_form.html",
    intro="Give the centre (clock time and distance from the rim) or the clock and rim-distance"
    " extent; the size (length and width) or the area.",
)
LESION_EDIT = EditPage(
    Action.EDIT_CASE, LesionForm, "Edit a lesion", template="clinic/lesion_form.html"
)
LESION_REMOVE = EditPage(
    Action.EDIT_CASE,
    LesionRemoveForm,
    "Remove a lesion",
    intro="The lesion is removed in a new version; earlier versions keep it.",
    submit="Remove the lesion",
)
CHECKLIST = EditPage(
    Action.EDIT_CASE,
    ChecklistForm,
    "Pre-operative checklist",
    template="clinic/checklist_form.html",
)
DOCUMENT = EditPage(
    Action.EDIT_CASE,
    DocumentForm,
    "Case document",
    template="clinic/document_form.html",
    intro="Everything the other forms do not cover. The document is validated as a case file.",
)


@require_http_methods(["GET", "POST"])
def patient_hip_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/edit/``: the patient and the hip."""
    return edit_page(request, case_id, PATIENT_HIP)


@require_http_methods(["GET", "POST"])
def lesion_add(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/lesions/new/``."""
    return edit_page(request, case_id, LESION_ADD, {"index": None})


@require_http_methods(["GET", "POST"])
def lesion_edit(request: HttpRequest, case_id: str, index: int) -> HttpResponse:
    """``/cases/<id>/lesions/<index>/``: the lesion at ``index`` (0-based) of the current
    version."""
    return edit_page(request, case_id, LESION_EDIT, {"index": index})


@require_http_methods(["GET", "POST"])
def lesion_remove(request: HttpRequest, case_id: str, index: int) -> HttpResponse:
    """``/cases/<id>/lesions/<index>/remove/``: asks, then removes on a post."""
    return edit_page(request, case_id, LESION_REMOVE, {"index": index})


@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/checklist/``: mark items done with a date, notes."""
    return edit_page(request, case_id, CHECKLIST)


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/edit/document/``: the whole case document as YAML."""
    return edit_page(request, case_id, DOCUMENT)
