"""The patient's questionnaires (``/my-hip/questionnaires/``): the list (due ones first), a form
per instrument saved answer by answer, and the patient's own course over time.

Every view works on the signed-in patient's own case (``portal_access.own_case``: found from the
profile, never from the URL; 404 for anyone else), reading with ``VIEW_CASE`` and answering with
``RECORD_PROM``. Submitting scores the form with the library's scorer and records it through
``web.proms.record_prom`` (a new version of the case document, dated today); the draft goes in
the same transaction. The audit rows name the instrument, never an answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from chondral.domain import Case
from chondral.errors import InputDataError
from chondral.outcomes import InstrumentDefinition, instrument_definitions, score_response
from chondral.services.patient_outcomes import (
    course_chart,
    describe_course,
    patient_course,
    plain_score,
    time_after_surgery,
)
from chondral.web import questionnaire_form as qf
from chondral.web.models import CaseRecord, PromDraft
from chondral.web.portal_access import own_case
from chondral.web.proms import record_prom
from chondral.web.roles import Action
from chondral.web.store import StaleVersionError, current_version, load_case, refresh_summary

__all__ = ["questionnaire", "questionnaire_answer", "questionnaire_results", "questionnaires"]


def _definition(instrument: str) -> InstrumentDefinition:
    definition = qf.definition_or_none(instrument)
    if definition is None:
        raise Http404("no such questionnaire")
    return definition


def _case(record: CaseRecord) -> Case:
    return load_case(current_version(record).document)


def _completed_on(case: Case, instrument: str) -> list[dt.date]:
    return sorted(prom.date for prom in case.proms if prom.instrument == instrument)


def _long_date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _stale_draft_message() -> str:
    return gettext(
        "You started this questionnaire before your operation. Those answers were not kept,"
        " because they describe your hip before surgery. Please answer again."
    )


def _discard_stale(
    request: HttpRequest, record: CaseRecord, case: Case, today: dt.date, instrument: str | None
) -> list[str]:
    """Discard the drafts started before the surgery (``qf.discard_stale_drafts``) and tell the
    patient, with a message per questionnaire."""
    discarded = qf.discard_stale_drafts(record, case.recorded_surgery_date, today, instrument)
    for code in discarded:
        definition = qf.definition_or_none(code)
        if instrument is not None or definition is None:
            messages.warning(request, _stale_draft_message())
        else:
            messages.warning(
                request,
                gettext("%(title)s: %(problem)s")
                % {"title": gettext(definition.title), "problem": _stale_draft_message()},
            )
    return discarded


@require_http_methods(["GET", "HEAD"])
def questionnaires(request: HttpRequest) -> HttpResponse:
    """The questionnaires due now, then all of them with how far each has got."""
    _, record = own_case(request, Action.VIEW_CASE, detail="questionnaires")
    case = _case(record)
    today = timezone.localdate()
    if record.summary_as_of != today:
        refresh_summary(record, case, today)
    _discard_stale(request, record, case, today, None)
    drafts = {
        draft.instrument: draft.answers
        for draft in PromDraft.objects.filter(case=record).only("instrument", "answers")
    }
    entries = []
    by_code = {}
    for code, definition in instrument_definitions().items():
        answers = qf.clean_answers(definition, drafts.get(code))
        done = _completed_on(case, code)
        entry = {
            "code": code,
            "title": definition.title,
            "count": len(definition.items),
            "answered": qf.answered_count(answers),
            "in_progress": bool(answers),
            "last_completed": done[-1] if done else None,
            "done_today": bool(done) and done[-1] == today,
        }
        entries.append(entry)
        by_code[code] = entry
    due = []
    seen = set()
    for item in record.proms_due or []:
        code = item.get("instrument")
        if code in by_code and code not in seen:
            seen.add(code)
            due.append(
                {
                    **by_code[code],
                    "time_point": item.get("time_point", ""),
                    "due": dt.date.fromisoformat(item["due"]) if item.get("due") else None,
                }
            )
    return render(request, "portal/questionnaires.html", {"due": due, "entries": entries})


def _form_context(
    definition: InstrumentDefinition,
    answers: Mapping[str, object],
    *,
    done_today: bool,
    shown: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    summary: str = "",
    started_on: dt.date | None = None,
) -> dict[str, Any]:
    items = qf.form_items(definition, answers, shown=shown, errors=errors)
    return {
        "definition": definition,
        "introduction": qf.INTRODUCTIONS.get(definition.code, ""),
        "items": items,
        "answered": qf.answered_count(answers),
        "total": len(items),
        "done_today": done_today,
        "error_items": [item for item in items if item.error],
        "error_summary": summary,
        "has_errors": bool(summary or errors),
        "started_on": started_on if answers else None,
    }


def _posted_answers(
    request: HttpRequest, definition: InstrumentDefinition
) -> tuple[dict[str, object], dict[str, str], dict[str, str]]:
    """The whole form's answers as posted: accepted changes (item -> answer or None), the text
    of each refused answer, and the message for each refused answer.

    A radio group with nothing chosen is not sent by the browser: its saved answer stays. A
    number box sent empty removes its answer."""
    changes: dict[str, object] = {}
    shown: dict[str, str] = {}
    errors: dict[str, str] = {}
    for item in definition.items:
        if item.code not in request.POST:
            continue
        raw = request.POST.get(item.code, "")
        value = qf.read_value(item, raw)
        try:
            qf.check_answer(definition, item.code, value)
        except InputDataError:
            shown[item.code] = raw[:40]
            errors[item.code] = qf.plain_problem(item)
            continue
        changes[item.code] = value
    return changes, shown, errors


@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request: HttpRequest, instrument: str) -> HttpResponse:
    """One questionnaire: GET shows it filled in with the draft; POST saves the whole form
    ("Save and continue later") or submits it ("Submit")."""
    definition = _definition(instrument)
    detail = f"questionnaire {definition.code}"
    today = timezone.localdate()
    if request.method != "POST":
        _, record = own_case(request, Action.VIEW_CASE, detail=detail)
        case = _case(record)
        done_today = today in _completed_on(case, definition.code)
        _discard_stale(request, record, case, today, definition.code)
        answers = qf.draft_answers(record, definition)
        return render(
            request,
            "portal/questionnaire.html",
            _form_context(
                definition,
                answers,
                done_today=done_today,
                started_on=qf.draft_started_on(record, definition),
            ),
        )
    _, record = own_case(request, Action.RECORD_PROM, detail=detail)
    case = _case(record)
    done_today = today in _completed_on(case, definition.code)
    if qf.discard_stale_drafts(record, case.recorded_surgery_date, today, definition.code):
        # the posted page showed the answers from before the surgery: none of them is kept
        return _invalid(request, definition, {}, {}, {}, done_today, summary=_stale_draft_message())
    changes, shown, errors = _posted_answers(request, definition)
    answers = qf.save_answers(record, definition, changes, user=request.user)
    if request.POST.get("action") != "submit":
        if errors:
            return _invalid(request, definition, answers, shown, errors, done_today)
        messages.success(
            request,
            gettext(
                "Your answers to %(title)s are saved. You can come back and finish at any time."
            )
            % {"title": gettext(definition.title)},
        )
        return redirect("questionnaires")
    if errors:
        return _invalid(request, definition, answers, shown, errors, done_today)
    if done_today:
        return _already_completed(request, record, definition, answers)
    result = score_response(definition.code, answers)
    missing = qf.missing_answers(definition, answers, result)
    if missing is not None:
        return _invalid(
            request, definition, answers, {}, dict(missing.items), done_today, missing.summary
        )
    response = {"instrument": definition.code, "date": today.isoformat(), "answers": answers}
    try:
        with transaction.atomic():
            record_prom(record, response, user=request.user, request=request)
            qf.delete_draft(record, definition)
    except StaleVersionError:
        # record_prom's retries all met a newer version: nothing recorded, the draft is kept
        return _invalid(
            request,
            definition,
            answers,
            {},
            {},
            done_today,
            summary=gettext(
                "Your answers are kept, but they could not be sent because your record was busy."
                " Please press “Submit” again."
            ),
            status=409,
        )
    except InputDataError as error:
        if error.field == "date":
            # another submit recorded this questionnaire today a moment ago (a double click)
            return _already_completed(request, record, definition, answers)
        item_definition = definition.items_by_code.get((error.field or "").removeprefix("answers."))
        problem = {}
        if item_definition is not None:
            problem = {item_definition.code: qf.plain_problem(item_definition)}
        return _invalid(
            request,
            definition,
            answers,
            {},
            problem,
            done_today,
            summary=gettext("Your answers could not be saved. Check the answers marked below."),
        )
    messages.success(
        request,
        gettext("Thank you. Your answers to %(title)s are saved.")
        % {"title": gettext(definition.title)},
    )
    return redirect("questionnaire_results", instrument=definition.code)


def _invalid(
    request: HttpRequest,
    definition: InstrumentDefinition,
    answers: Mapping[str, object],
    shown: Mapping[str, str],
    errors: Mapping[str, str],
    done_today: bool,
    summary: str = "",
    status: int = 400,
) -> HttpResponse:
    """The form again, the answers kept, with an error summary at the top."""
    if errors and not summary:
        summary = gettext("Some answers could not be saved. Check the answers marked below.")
    context = _form_context(
        definition,
        answers,
        done_today=done_today,
        shown=shown,
        errors=errors,
        summary=summary,
    )
    return render(request, "portal/questionnaire.html", context, status=status)


def _already_completed(
    request: HttpRequest,
    record: CaseRecord,
    definition: InstrumentDefinition,
    answers: Mapping[str, object],
) -> HttpResponse:
    """A questionnaire already recorded today. The same answers again (a second click on
    "Submit", or two submits at the same moment): they are saved already, so the draft goes and
    the patient sees their results. Other answers: refused, kept in the draft for tomorrow."""
    today = timezone.localdate()
    record.refresh_from_db(fields=["current_version"])  # another request may have saved since
    recorded = [
        dict(prom.answers)
        for prom in _case(record).proms
        if prom.instrument == definition.code and prom.date == today
    ]
    if dict(answers) in recorded:
        qf.delete_draft(record, definition)
        messages.info(
            request,
            gettext("Your answers to %(title)s were already saved today.")
            % {"title": gettext(definition.title)},
        )
        return redirect("questionnaire_results", instrument=definition.code)
    return _invalid(
        request,
        definition,
        answers,
        {},
        {},
        True,
        summary=gettext(
            "You have already completed this questionnaire today, so these answers were not"
            " sent. Your answers are kept: you can send them from tomorrow."
        ),
    )


def _json_error(message: str, *, field: str, item: str = "", status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"saved": False, "error": message, "field": field, "item": item, "message": message},
        status=status,
    )


def _answer_request(request: HttpRequest) -> tuple[object, object]:
    """``(item, value)`` from a JSON body ``{"item": ..., "value": ...}`` or a form post."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise InputDataError(
                'the body is not JSON: send {"item": ..., "value": ...}'
            ) from error
        if not isinstance(body, dict):
            raise InputDataError('send an object {"item": ..., "value": ...}')
        unknown = sorted(str(key) for key in body if key not in ("item", "value"))
        if unknown:
            raise InputDataError("unknown field; allowed: item, value", field=unknown[0])
        return body.get("item"), body.get("value")
    return request.POST.get("item"), request.POST.get("value")


@require_POST
def questionnaire_answer(request: HttpRequest, instrument: str) -> JsonResponse:
    """Save one answer to the draft (the form's script calls this as each answer is given).

    200 ``{"saved": true, "item", "answered", "total"}``, with ``"discarded": true`` and a
    ``message`` when a draft started before the surgery was thrown away first; 400 naming the item (``field``
    ``answers.<item>``) for an unknown item or an answer the library refuses: never stored."""
    definition = _definition(instrument)
    _, record = own_case(request, Action.RECORD_PROM, detail=f"questionnaire {definition.code}")
    try:
        item, raw = _answer_request(request)
    except InputDataError as error:
        return _json_error(error.problem, field=error.field or "body")
    if not isinstance(item, str) or not item:
        return _json_error(gettext("Say which question this answer is for."), field="item")
    item_definition = definition.items_by_code.get(item)
    if item_definition is None:
        return _json_error(
            gettext("%(title)s has no question %(item)s.")
            % {"title": gettext(definition.title), "item": item[:40]},
            field=f"answers.{item[:40]}",
            item=item[:40],
        )
    value = qf.read_value(item_definition, raw)
    try:
        qf.check_answer(definition, item, value)
    except InputDataError as error:
        return JsonResponse(
            {
                "saved": False,
                "item": item,
                "field": error.field or f"answers.{item}",
                "error": error.problem,
                "message": qf.plain_problem(item_definition),
            },
            status=400,
        )
    today = timezone.localdate()
    discarded = _discard_stale(request, record, _case(record), today, definition.code)
    answers = qf.save_answers(record, definition, {item: value}, user=request.user)
    body: dict[str, object] = {
        "saved": True,
        "item": item,
        "answered": qf.answered_count(answers),
        "total": len(definition.items),
    }
    if discarded:
        # the page still shows the answers from before the surgery: the script reloads it
        # (the message waits for the reloaded page)
        body["discarded"] = True
        body["message"] = _stale_draft_message()
    return JsonResponse(body)


def _when(point: Any) -> dict[str, Any]:
    after = time_after_surgery(point)
    return {
        "before": point.before_surgery,
        "count": after[0] if after else None,
        "unit": after[1] if after else None,
    }


@require_http_methods(["GET", "HEAD"])
def questionnaire_results(request: HttpRequest, instrument: str) -> HttpResponse:
    """The patient's own course on one questionnaire: a sentence, a chart and the scores."""
    definition = _definition(instrument)
    _, record = own_case(request, Action.VIEW_CASE, detail=f"results {definition.code}")
    case = _case(record)
    course = patient_course(case.proms, definition.code, case.recorded_surgery_date)
    rows = [
        {
            "date": point.date,
            "score": None if point.score is None else plain_score(point.score),
            **_when(point),
        }
        for point in course.points
    ]
    chart = course_chart(course)
    context = {
        "definition": definition,
        "course": course,
        "sentence": describe_course(course, translate=gettext, format_date=_long_date),
        "chart": chart,
        "score_ticks": [
            {"y": tick.position, "label": plain_score(tick.score)}
            for tick in (chart.score_ticks if chart else ())
            if tick.score is not None
        ],
        "rows": rows,
        "chart_labels": None
        if chart is None
        else {"tick_x": chart.left - 8, "surgery_y": chart.top - 10, "date_y": chart.bottom + 28},
        "has_draft": PromDraft.objects.filter(case=record, instrument=definition.code).exists(),
        "form_url": reverse("questionnaire", args=[definition.code]),
    }
    return render(request, "portal/questionnaire_results.html", context)
