"""API endpoints of cases: create, read, replace; the assessment, outcomes and rehabilitation
schedule the library derives from the current version; recording one PROM response."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from chondral.domain import Case
from chondral.errors import InputDataError
from chondral.io.assessment_json import assessment_to_dict
from chondral.io.calendar_export import schedule_to_ical
from chondral.io.outcomes_json import outcome_summary_to_dict
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.io.score_json import score_result_to_dict
from chondral.pathway import DEFAULT_POLICY, RehabSchedule
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.candidacy import assess_case
from chondral.services.outcomes import summarise_case_outcomes
from chondral.services.pathway import case_rehab_schedule
from chondral.web import store
from chondral.web.access import authorize, permit_changes, permit_new_case
from chondral.web.api_common import authorized_case, case_url, read_object_body
from chondral.web.api_schemas import (
    CASE_BODY,
    IF_MATCH,
    PROM_BODY,
    CaseOut,
    CaseSaved,
    ErrorOut,
    PromRecorded,
    error_body,
)
from chondral.web.models import CaseRecord, Clinic
from chondral.web.proms import record_prom
from chondral.web.roles import Action, Role, allowed

__all__ = ["router"]

router = Router(tags=["cases"])

_READ = {404: ErrorOut, 422: ErrorOut}
_WRITE = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _saved(saved: store.Saved) -> dict[str, Any]:
    case_id = saved.record.case_id
    return {
        "case_id": case_id,
        "version": saved.version.number,
        "url": case_url(case_id),
        "changes": list(saved.version.changes),
    }


def _current_case(record: CaseRecord) -> Case:
    return store.load_case(store.current_version(record).document)


def _schedule(record: CaseRecord) -> RehabSchedule:
    schedule, _ = case_rehab_schedule(_current_case(record), policy=DEFAULT_POLICY)
    return schedule


def _if_match(request: HttpRequest) -> int | None:
    """The version an ``If-Match`` header names (``3``, ``"3"`` or ``W/"3"``)."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise InputDataError("must be a case version number, e.g. 3", field="If-Match")
    return int(text)


@router.post(
    "/cases",
    response={201: CaseSaved, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=CASE_BODY,
    summary="Create a case from a case document",
)
def create_case(request: HttpRequest) -> Any:
    """Store a case document as version 1 of a new case in the caller's clinic."""
    actor, _ = authorize(request, Action.CREATE_CASE)
    clinic = Clinic.objects.filter(pk=actor.clinic_id).first()
    if clinic is None:
        raise PermissionDenied("your user belongs to no clinic")
    surgeon = request.user if actor.role is Role.SURGEON else None
    document = read_object_body(request)
    saved = store.create_case(
        document,
        user=request.user,
        clinic=clinic,
        surgeon=surgeon,
        request=request,
        permit=permit_new_case(request),
    )
    return Status(201, _saved(saved))


@router.get("/cases/{case_id}", response={200: CaseOut, **_READ}, summary="A case")
def get_case(request: HttpRequest, case_id: str) -> Any:
    """The current case document (clinicians only: a patient gets null), its version number
    and the case-list facts."""
    actor, record = authorize(request, Action.VIEW_CASE, case_id)
    assert record is not None
    version = store.current_version(record)
    clinician = allowed(actor.role, Action.DOWNLOAD_CASE)
    return {
        "case_id": record.case_id,
        "side": record.side,
        "version": version.number,
        "updated_at": version.created_at,
        "document": version.document if clinician else None,
        "facts": record,
    }


@router.put(
    "/cases/{case_id}",
    response={200: CaseSaved, 412: ErrorOut, **_WRITE},
    openapi_extra={**CASE_BODY, "parameters": [IF_MATCH]},
    summary="Replace a case document (a new version)",
)
def put_case(request: HttpRequest, case_id: str, base_version: int | None = None) -> Any:
    """Save the document as the next version. With ``If-Match: <version>`` (412) or
    ``?base_version=`` (409), a case changed since that version is refused, not overwritten."""
    record = authorized_case(request, Action.EDIT_CASE, case_id)
    expected = _if_match(request)
    document = read_object_body(request)
    try:
        saved = store.save_version(
            record,
            document,
            user=request.user,
            request=request,
            note="saved through the API",
            base_version=base_version if expected is None else expected,
            permit=permit_changes(request, record.case_id),
        )
    except store.StaleVersionError as error:
        return Status(409 if expected is None else 412, error_body(str(error)))
    return _saved(saved)


@router.get(
    "/cases/{case_id}/assessment", response={200: dict[str, Any], **_READ}, summary="Candidacy"
)
def get_assessment(request: HttpRequest, case_id: str) -> Any:
    """The candidacy verdict with every finding (the default rule set), as
    ``chondral assess --json`` writes it."""
    record = authorized_case(request, Action.VIEW_CASE, case_id)
    return assessment_to_dict(assess_case(_current_case(record), DEFAULT_RULE_SET))


@router.get(
    "/cases/{case_id}/outcomes", response={200: dict[str, Any], **_READ}, summary="Outcomes"
)
def get_outcomes(request: HttpRequest, case_id: str) -> Any:
    """Baseline, follow-ups, changes and MCID/PASS flags of the case's PROM responses."""
    record = authorized_case(request, Action.VIEW_CASE, case_id)
    return outcome_summary_to_dict(summarise_case_outcomes(_current_case(record)))


@router.get(
    "/cases/{case_id}/rehab", response={200: dict[str, Any], **_READ}, summary="Rehabilitation"
)
def get_rehab(request: HttpRequest, case_id: str) -> Any:
    """The dated rehabilitation schedule (the default policy)."""
    record = authorized_case(request, Action.VIEW_CASE, case_id)
    return rehab_schedule_to_dict(_schedule(record))


@router.get(
    "/cases/{case_id}/rehab.ics",
    response={200: None, **_READ},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The schedule as iCalendar (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
    summary="Rehabilitation calendar",
)
def get_rehab_ics(request: HttpRequest, case_id: str) -> Any:
    """The schedule as an iCalendar file; its time stamp is the current version's."""
    record = authorized_case(request, Action.VIEW_CASE, case_id)
    stamp = store.current_version(record).created_at
    response = HttpResponse(
        schedule_to_ical(_schedule(record), stamp=stamp), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="{record.case_id}-rehab.ics"'
    return response


@router.post(
    "/cases/{case_id}/proms",
    response={201: PromRecorded, **_WRITE},
    openapi_extra=PROM_BODY,
    summary="Record one PROM response",
)
def post_prom(request: HttpRequest, case_id: str) -> Any:
    """Score one response and save it in the case's ``proms`` as a new version."""
    record = authorized_case(request, Action.RECORD_PROM, case_id)
    saved, score = record_prom(
        record, read_object_body(request), user=request.user, request=request
    )
    return Status(
        201,
        {
            "case_id": record.case_id,
            "version": saved.version.number,
            "score": score_result_to_dict(score),
        },
    )
