"""The editing pages' one flow: authorize, show the form filled from the current version, and on
a valid post save the edited document as the next version.

Every save goes through ``store.save_version`` with the version the form was loaded from
(``base_version``): a save over someone else's newer change is refused, and the page shows the
message with the fresh values. A case-file error is shown next to the form field that holds the
offending value (``EditForm.show``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from chondral.errors import InputDataError
from chondral.web import store
from chondral.web.access import authorize, permit_changes
from chondral.web.forms import EditForm
from chondral.web.models import CaseRecord, CaseVersion
from chondral.web.roles import Action

__all__ = ["EditPage", "case_url", "edit_page"]


def case_url(case_id: str) -> str:
    """The case page (``case_detail``), or its path while that page is not routed."""
    try:
        return reverse("case_detail", args=[case_id])
    except NoReverseMatch:
        return f"/cases/{case_id}/"


@dataclass(frozen=True, slots=True)
class EditPage:
    """One editing page: the action it needs, its form, template and title."""

    action: Action
    form: type[EditForm]
    title: str
    template: str = "clinic/edit_form.html"
    intro: str = ""
    submit: str = "Save a new version"
    options: Mapping[str, Any] = field(default_factory=dict)


def _form(
    page: EditPage, version: CaseVersion, request: HttpRequest | None, options: Mapping[str, Any]
) -> EditForm:
    if request is not None:
        return page.form(request.POST, request.FILES, document=version.document, **options)
    initial = {
        **page.form.initial_from(version.document, **options),
        "base_version": version.number,
    }
    return page.form(initial=initial, document=version.document, **options)


def _save(
    form: EditForm, record: CaseRecord, version: CaseVersion, request: HttpRequest
) -> tuple[store.Saved | None, str]:
    """Save the form's document; (None, why) when refused (the form then holds the errors)."""
    try:
        document = form.apply(version.document)
        saved = store.save_version(
            record,
            document,
            user=request.user,
            request=request,
            note=form.note,
            base_version=form.cleaned_data["base_version"],
            permit=permit_changes(request, record.case_id),
        )
    except store.StaleVersionError as error:
        return None, str(error)
    except InputDataError as error:
        form.show(error)
        return None, ""
    form.after_save(saved, request.user)
    return saved, ""


def edit_page(
    request: HttpRequest,
    case_id: str,
    page: EditPage,
    options: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The flow of every editing page (module docstring)."""
    _, record = authorize(request, page.action, case_id)
    assert record is not None
    options = dict(page.options, **(options or {}))
    version = store.current_version(record)
    stale = ""
    if request.method == "POST":
        form = _form(page, version, request, options)
        if form.is_valid():
            saved, stale = _save(form, record, version, request)
            if saved is not None:
                return HttpResponseRedirect(case_url(record.case_id))
            if stale:
                record.refresh_from_db()
                version = store.current_version(record)
                form = _form(page, version, None, options)
    else:
        form = _form(page, version, None, options)
    values = {
        "page": page,
        "form": form,
        "case_record": record,
        "version": version,
        "stale": stale,
        "case_url": case_url(record.case_id),
        **(context or {}),
    }
    return render(request, page.template, values, status=409 if stale else 200)
