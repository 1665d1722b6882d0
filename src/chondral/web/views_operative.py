"""The operative record form, the drafted operative note, and return to sport (the physio's
test results, the surgeon's approval, the gate's decision with its criteria)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from chondral.errors import ChondralError
from chondral.io.opnote_json import operative_note_to_dict
from chondral.pathway import DEFAULT_POLICY
from chondral.services.pathway import case_operative_note, case_return_to_sport
from chondral.web import store
from chondral.web.access import authorize
from chondral.web.forms_operative import OperativeForm, RtsApprovalForm, RtsTestsForm
from chondral.web.jobs import current_planned_holes
from chondral.web.roles import Action
from chondral.web.views_edit import EditPage, case_url, edit_page

__all__ = [
    "note_sections",
    "operative_edit",
    "operative_note",
    "return_to_sport",
    "rts_approve",
    "rts_tests",
]

OPERATIVE = EditPage(
    Action.RECORD_OPERATIVE,
    OperativeForm,
    "Operative record",
    template="clinic/operative_form.html",
    intro="Sizes of the lesions found are those after debridement. Hole positions and further"
    " traction periods: the case document editor.",
)
RTS_TESTS = EditPage(
    Action.RECORD_RTS_TESTS,
    RtsTestsForm,
    "Return-to-sport tests",
    template="clinic/rts_form.html",
    intro="Record the results of one testing session; leave a test empty when it was not done.",
)
RTS_APPROVE = EditPage(
    Action.APPROVE_RTS,
    RtsApprovalForm,
    "Approve return to sport",
    template="clinic/rts_form.html",
    intro="Return to sport only with the surgeon's approval, once every criterion is met.",
    submit="Approve",
)


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@require_http_methods(["GET", "POST"])
def operative_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/operative/``: the operative record (surgeon only)."""
    return edit_page(request, case_id, OPERATIVE, {"surgeon_name": _name(request.user)})


@require_http_methods(["GET", "POST"])
def rts_tests(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/rts/tests/``: one session of return-to-sport tests (physio, surgeon)."""
    return edit_page(request, case_id, RTS_TESTS, {"assessor": _name(request.user)})


@require_http_methods(["GET", "POST"])
def rts_approve(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/rts/approve/``: the surgeon's approval."""
    return edit_page(request, case_id, RTS_APPROVE, {"surgeon_name": _name(request.user)})


def note_sections(text: str) -> list[tuple[str, list[str]]]:
    """The note's sections: (heading, lines); a heading is a line underlined with - or =."""
    lines = text.splitlines()
    sections: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and underline.strip() and set(underline.strip()) <= {"-", "="}:
            sections.append((line.strip(), []))
            index += 2
            continue
        if line.strip():
            if not sections:
                sections.append(("", []))
            sections[-1][1].append(line)
        index += 1
    return sections


@require_GET
def operative_note(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/operative/note/``: the drafted note, the holes planned (the newest plan made
    from the current lesions and settings; a page never plans) against those made, and the
    review's findings; or the one-line reason there is no note."""
    _, record = authorize(request, Action.VIEW_RECORDS, case_id, detail="operative note")
    assert record is not None
    case = store.load_case(store.current_version(record).document)
    planned, no_plan_reason = current_planned_holes(record)
    try:
        note = case_operative_note(
            case, planned, no_plan_reason, today=timezone.localdate(), policy=DEFAULT_POLICY
        )
    except ChondralError as error:
        context: dict[str, Any] = {"reason": str(error)}
    else:
        context = {"note": operative_note_to_dict(note), "sections": note_sections(note.text)}
    context.update(case_record=record, case_url=case_url(record.case_id))
    return render(request, "clinic/opnote.html", context)


@require_GET
def return_to_sport(request: HttpRequest, case_id: str) -> HttpResponse:
    """``/cases/<id>/rts/``: the return-to-sport decision today, criterion by criterion."""
    _, record = authorize(request, Action.VIEW_RECORDS, case_id, detail="return to sport")
    assert record is not None
    case = store.load_case(store.current_version(record).document)
    try:
        decision, warnings = case_return_to_sport(
            case, date=timezone.localdate(), policy=DEFAULT_POLICY
        )
    except ChondralError as error:
        context: dict[str, Any] = {"reason": str(error)}
    else:
        context = {"decision": decision, "warnings": warnings}
    context.update(case_record=record, case_url=case_url(record.case_id), rts=case.return_to_sport)
    return render(request, "clinic/rts.html", context)
