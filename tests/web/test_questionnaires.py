"""The patient's questionnaires (``/my-hip/questionnaires/``): the list with the ones due first,
forms drawn from the library's instrument definitions, answers saved one by one into a draft
that another session picks up, submission scored by the library and recorded on the case, a
skipped required question named, and no way to reach anybody else's drafts."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chondral.outcomes import instrument_definitions, score_response
from web.conftest import PASSWORD
from web.portal_cases import recovering_document

pytestmark = pytest.mark.django_db

LIST = "/my-hip/questionnaires/"


def _form(code: str) -> str:
    return f"{LIST}{code}/"


def _answer(code: str) -> str:
    return f"{LIST}{code}/answer"


def _results(code: str) -> str:
    return f"{LIST}{code}/results/"


def _today() -> dt.date:
    today: dt.date = timezone.localdate()
    return today


def _signed_in(username: str) -> Client:
    """A new client session that signs in with the password, like a second device."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _document(record: Any) -> dict[str, Any]:
    from chondral.web.store import current_version

    record.refresh_from_db()
    return dict(current_version(record).document)


def _draft(record: Any, code: str) -> dict[str, Any] | None:
    from chondral.web.models import PromDraft

    draft = PromDraft.objects.filter(case=record, instrument=code).first()
    return None if draft is None else dict(draft.answers)


@pytest.fixture
def patient_case(
    store_case: Callable[..., Any], clinic: Any, surgeon: Any, make_user: Callable[..., Any]
) -> tuple[Any, Any]:
    """A case operated three weeks ago and its patient ``pat1``."""
    record = store_case(recovering_document(_today()), clinic, surgeon)
    return record, make_user("pat1", "patient", clinic, record)


@pytest.fixture
def patient(patient_case: tuple[Any, Any]) -> Client:
    return _signed_in("pat1")


@pytest.fixture
def record(patient_case: tuple[Any, Any]) -> Any:
    return patient_case[0]


# --- who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [LIST, _form("ihot12"), _results("ihot12")], ids=["list", "form", "results"]
)
def test_visitors_are_sent_to_sign_in(url: str, patient_case: Any) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    posted = Client().post(_answer("ihot12"), {"item": "q1", "value": "50"})
    assert posted.status_code == 302
    assert _draft(patient_case[0], "ihot12") is None


def test_a_clinician_has_no_questionnaires_here(patient: Client, record: Any, surgeon: Any) -> None:
    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
    clinician = _signed_in("surgeon1")
    for url in (LIST, _form("ihot12"), _results("ihot12")):
        assert clinician.get(url).status_code == 404
    assert _post_json(clinician, _answer("ihot12"), {"item": "q1", "value": "5"}).status_code == 404
    assert _draft(record, "ihot12") == {"q1": 55}


def test_another_patient_only_ever_reaches_their_own_drafts(
    patient: Client,
    record: Any,
    store_case: Callable[..., Any],
    clinic: Any,
    surgeon: Any,
    make_user: Callable[..., Any],
) -> None:
    assert _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"}).status_code == 200
    other_record = store_case(recovering_document(_today(), case_id="OTHER-1"), clinic, surgeon)
    make_user("pat2", "patient", clinic, other_record)
    other = _signed_in("pat2")
    listing = other.get(LIST).content.decode()
    assert "Continue" not in listing
    form = other.get(_form("ihot12")).content.decode()
    assert "0 of 12 answered" in form
    assert 'value="55"' not in form
    # what the second patient answers goes to their own case, never to the first patient's
    assert _post_json(other, _answer("ihot12"), {"item": "q1", "value": "10"}).status_code == 200
    assert _draft(record, "ihot12") == {"q1": 55}
    assert _draft(other_record, "ihot12") == {"q1": 10}
    # a patient without a case has no portal
    make_user("pat3", "patient", clinic, None)
    assert _signed_in("pat3").get(LIST).status_code == 404


def test_an_unknown_questionnaire_is_not_found(patient: Client) -> None:
    assert patient.get(_form("koos")).status_code == 404
    assert patient.get(_results("koos")).status_code == 404
    assert _post_json(patient, _answer("koos"), {"item": "q1", "value": 1}).status_code == 404


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_the_questionnaires_due_first(
    store_case: Callable[..., Any], clinic: Any, surgeon: Any, make_user: Callable[..., Any]
) -> None:
    # operated three weeks ago with no questionnaire answered: the ones before surgery are due
    document = recovering_document(_today())
    document["proms"] = []
    make_user("due1", "patient", clinic, store_case(document, clinic, surgeon))
    page = _signed_in("due1").get(LIST).content.decode()
    due_part, _, all_part = page.partition("All questionnaires")
    assert "Due now" in due_part
    for code in ("mhhs", "hos_adl", "hos_sport", "ihot12", "vas_pain"):
        assert f'href="{_form(code)}"' in due_part
    assert f'href="{_form("nahs")}"' not in due_part  # not in the clinic's schedule
    for definition in instrument_definitions().values():
        assert definition.title in all_part
        assert f'href="{_form(definition.code)}"' in all_part
    assert "before surgery" in due_part


def test_the_list_shows_progress_and_the_last_completed_date(patient: Client, record: Any) -> None:
    page = patient.get(LIST).content.decode()
    assert "Due now" not in page  # the baseline was answered; the next ones are months away
    baseline = dt.date.fromisoformat(
        next(p["date"] for p in _document(record)["proms"] if p["instrument"] == "ihot12")
    )
    assert f"Last completed on {baseline.day} {baseline:%B %Y}" in page
    assert f'href="{_results("ihot12")}"' in page
    assert f'href="{_results("nahs")}"' not in page  # never answered
    _post_json(patient, _answer("nahs"), {"item": "n1", "value": "4"})
    _post_json(patient, _answer("nahs"), {"item": "n2", "value": "3"})
    page = patient.get(LIST).content.decode()
    assert "Continue (2 of 20 answered)" in page
    assert page.count(">Start<") == 5


# --- the form, drawn from the definitions ----------------------------------------------------


@pytest.mark.parametrize("code", list(instrument_definitions()))
def test_each_form_is_drawn_from_its_definition(patient: Client, code: str) -> None:
    definition = instrument_definitions()[code]
    page = patient.get(_form(code)).content.decode()
    assert page.count('<fieldset class="q-item') == len(definition.items)
    for item in definition.items:
        assert item.label.replace("'", "&#x27;") in page
        if item.answer.kind == "real":
            # a slider and an equivalent number box, both labelled, the anchors tied to both
            assert f'type="range" id="{item.code}-slider"' in page
            assert f'<label for="{item.code}-slider">' in page
            assert f'<label for="{item.code}-number">' in page
            assert f'id="{item.code}-anchors"' in page
            assert f"{item.answer.minimum} = {item.answer.anchors['minimum']}" in page
            assert f"{item.answer.maximum} = {item.answer.anchors['maximum']}" in page
        else:
            for option in item.answer.options:
                assert f'id="{item.code}-{option.value}" name="{item.code}"' in page
                assert option.label.replace("'", "&#x27;") in page
    assert "Save and continue later" in page
    assert ">Submit<" in page


def test_the_mhhs_form_has_the_eight_patient_questions(patient: Client) -> None:
    # the modified Harris Hip Score has no clinician part: pain and function, all answered by
    # the patient (8 items, 91 points)
    page = patient.get(_form("mhhs")).content.decode()
    assert page.count('<fieldset class="q-item') == 8
    assert "Question 8 of 8" in page


def test_nahs_questions_are_grouped_under_headings(patient: Client) -> None:
    page = patient.get(_form("nahs")).content.decode()
    headings = re.findall(r'<h2 class="q-domain">([^<]+)</h2>', page)
    assert headings == [
        "Pain",
        "How your hip feels and moves",
        "Everyday movements",
        "Sport and activities",
    ]


# --- saving as you go ------------------------------------------------------------------------


def test_an_answer_is_saved_to_the_draft_as_it_is_given(patient: Client, record: Any) -> None:
    response = _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
    assert response.status_code == 200
    assert response.json() == {"saved": True, "item": "q1", "answered": 1, "total": 12}
    assert _draft(record, "ihot12") == {"q1": 55}
    # a form post of one answer works too; a decimal comma is read as a point
    assert patient.post(_answer("ihot12"), {"item": "q3", "value": "40,5"}).status_code == 200
    assert _draft(record, "ihot12") == {"q1": 55, "q3": 40.5}
    # a new answer replaces the old; an empty one removes it
    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": 60})
    _post_json(patient, _answer("ihot12"), {"item": "q3", "value": ""})
    assert _draft(record, "ihot12") == {"q1": 60}
    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": None})
    assert _draft(record, "ihot12") is None  # nothing left: no draft
    # radio answers: choice codes, whole numbers, not applicable
    _post_json(patient, _answer("mhhs"), {"item": "limp", "value": "slight"})
    _post_json(patient, _answer("hos_adl"), {"item": "adl_3", "value": "2"})
    _post_json(patient, _answer("hos_adl"), {"item": "adl_9", "value": "na"})
    assert _draft(record, "mhhs") == {"limp": "slight"}
    assert _draft(record, "hos_adl") == {"adl_3": 2, "adl_9": "na"}
    # the case itself is untouched until the questionnaire is submitted
    assert _document(record)["proms"] == recovering_document(_today())["proms"]


def test_another_session_finds_the_draft_filled_in(patient: Client, record: Any) -> None:
    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
    _post_json(patient, _answer("ihot12"), {"item": "q2", "value": "62.5"})
    _post_json(patient, _answer("mhhs"), {"item": "stairs", "value": "with_rail"})
    later = _signed_in("pat1")  # another day, another device
    page = later.get(_form("ihot12")).content.decode()
    assert re.search(r'id="q1-number" name="q1" value="55"', page)
    assert re.search(r'id="q2-number" name="q2" value="62.5"', page)
    assert re.search(r'id="q3-number" name="q3" value=""', page)
    assert "2 of 12 answered" in page
    # the slider starts where the answer is; an unanswered one says so
    assert re.search(r'id="q1-slider"[^>]*value="55"', page)
    assert re.search(r'id="q3-slider"[^>]*aria-valuetext="Not answered yet"', page)
    mhhs = later.get(_form("mhhs")).content.decode()
    assert 'id="stairs-with_rail" name="stairs" value="with_rail" checked' in mhhs
    assert "1 of 8 answered" in mhhs


@pytest.mark.parametrize(
    ("code", "body", "field"),
    [
        ("ihot12", {"item": "q13", "value": "50"}, "answers.q13"),
        ("ihot12", {"item": "q1", "value": "150"}, "answers.q1"),
        ("ihot12", {"item": "q1", "value": "-1"}, "answers.q1"),
        ("ihot12", {"item": "q1", "value": "fifty"}, "answers.q1"),
        ("ihot12", {"item": "q1", "value": "NaN"}, "answers.q1"),
        ("ihot12", {"item": "q1", "value": True}, "answers.q1"),
        ("ihot12", {"item": "q1", "value": [50]}, "answers.q1"),
        ("mhhs", {"item": "pain", "value": "sometimes"}, "answers.pain"),
        ("mhhs", {"item": "pain", "value": 44}, "answers.pain"),
        ("hos_adl", {"item": "adl_1", "value": "5"}, "answers.adl_1"),
        ("hos_adl", {"item": "adl_1", "value": "2.5"}, "answers.adl_1"),
        ("nahs", {"item": "n1", "value": "na"}, "answers.n1"),
        ("vas_pain", {"item": "pain", "value": "11"}, "answers.pain"),
    ],
)
def test_a_bad_item_or_answer_is_refused_naming_it(
    patient: Client, record: Any, code: str, body: dict[str, Any], field: str
) -> None:
    response = _post_json(patient, _answer(code), body)
    assert response.status_code == 400
    refused = response.json()
    assert refused["saved"] is False
    assert refused["field"] == field
    assert refused["item"] == field.removeprefix("answers.")
    assert _draft(record, code) is None


def test_a_malformed_answer_request_is_refused(patient: Client, record: Any) -> None:
    url = _answer("ihot12")
    assert patient.post(url, data="{", content_type="application/json").status_code == 400
    assert _post_json(patient, url, ["q1", 5]).status_code == 400
    extra = _post_json(patient, url, {"item": "q1", "value": 5, "date": "2020-01-01"})
    assert (extra.status_code, extra.json()["field"]) == (400, "date")
    assert _post_json(patient, url, {"value": 5}).json()["field"] == "item"
    assert patient.get(url).status_code == 405
    assert _draft(record, "ihot12") is None


# --- submitting -------------------------------------------------------------------------------

IHOT12_ANSWERS = [55, 60, 45, 70, 30, 65, 50, 40, 80, 35, 62.5, 51.5]


def _hand_mean(values: list[float]) -> Decimal:
    """iHOT-12: the mean of the answered items, rounded half-up to one decimal."""
    total = sum((Decimal(str(value)) for value in values), Decimal(0))
    return (total / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_a_complete_ihot12_is_scored_by_the_library_and_recorded(
    patient: Client, record: Any
) -> None:
    before = _document(record)
    # the first half answered one by one (with the script), the rest posted with the form
    for number, value in enumerate(IHOT12_ANSWERS[:6], start=1):
        _post_json(patient, _answer("ihot12"), {"item": f"q{number}", "value": str(value)})
    rest = {f"q{n}": str(v) for n, v in enumerate(IHOT12_ANSWERS, start=1) if n > 6}
    response = patient.post(_form("ihot12"), {**rest, "action": "submit"})
    assert response.status_code == 302
    assert response["Location"] == _results("ihot12")
    after = _document(record)
    expected = {f"q{n}": v for n, v in enumerate(IHOT12_ANSWERS, start=1)}
    assert after["proms"] == [
        *before["proms"],
        {"instrument": "ihot12", "date": _today().isoformat(), "answers": expected},
    ]
    assert _draft(record, "ihot12") is None
    # sum 644 / 12 = 53.666.. -> 53.7, worked out here without the library
    hand = _hand_mean(IHOT12_ANSWERS)
    assert hand == Decimal("53.7")
    assert score_response("ihot12", after["proms"][-1]["answers"]).score == hand
    results = patient.get(_results("ihot12")).content.decode()
    assert "Thank you" in results
    assert "to 53.7 on" in results
    assert "Higher is better on this questionnaire." in results


def test_a_skipped_required_question_is_named_and_nothing_is_recorded(
    patient: Client, record: Any
) -> None:
    version = _document(record)
    answers = {
        "pain": "slight",
        "limp": "none",
        "support": "none",
        "distance": "unlimited",
        "stairs": "normal",
        "socks_shoes": "easy",
        "sitting": "any_chair_1h",
    }  # public_transport left out: mHHS needs every item
    response = patient.post(_form("mhhs"), {**answers, "action": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Question 8, Using public transport: Answer this question." in page
    assert 'href="#public_transport-able"' in page  # the link goes to the question
    assert re.search(
        r'id="item-public_transport"[^>]*aria-invalid="true" aria-describedby="public_transport-error"',
        page,
    )
    assert '<p class="q-error" id="public_transport-error">' in page
    # the answers given are kept, on the page and in the draft; the case is unchanged
    assert 'id="pain-slight" name="pain" value="slight" checked' in page
    assert _draft(record, "mhhs") == answers
    assert _document(record) == version
    # once answered, it goes through
    done = patient.post(_form("mhhs"), {"public_transport": "able", "action": "submit"})
    assert done.status_code == 302
    assert _document(record)["proms"][-1]["answers"] == {**answers, "public_transport": "able"}


def test_an_ihot12_with_too_few_answers_says_how_many_are_needed(
    patient: Client, record: Any
) -> None:
    version = _document(record)
    nine = {f"q{n}": "50" for n in range(1, 10)}
    page = patient.post(_form("ihot12"), {**nine, "action": "submit"}).content.decode()
    assert "Answer at least 10 of the 12 questions before you submit. You have answered 9." in page
    for number, label in (
        (10, "How often you are aware of your hip problem"),
        (11, "Worry about keeping up your fitness"),
        (12, "How much your hip problem distracts you"),
    ):
        assert f"Question {number}, {label}: This question has no answer yet." in page
    assert _document(record) == version
    assert len(_draft(record, "ihot12") or {}) == 9


def test_a_bad_typed_number_is_shown_again_with_its_message(patient: Client, record: Any) -> None:
    response = patient.post(_form("vas_pain"), {"pain": "12", "action": "save"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 1, Hip pain now: Type a number from 0 to 10." in page
    assert re.search(r'id="pain-number" name="pain" value="12"[^>]*aria-invalid="true"', page)
    assert _draft(record, "vas_pain") is None


def test_save_and_continue_later_without_the_script(patient: Client, record: Any) -> None:
    response = patient.post(
        _form("hos_sport"), {"sport_1": "3", "sport_2": "na", "action": "save"}, follow=True
    )
    assert response.redirect_chain == [(LIST, 302)]
    page = response.content.decode()
    assert "are saved. You can come back and finish at any time." in page
    assert "Continue (2 of 9 answered)" in page
    assert _draft(record, "hos_sport") == {"sport_1": 3, "sport_2": "na"}


def test_a_questionnaire_is_sent_once_a_day(patient: Client, record: Any) -> None:
    answers = {"pain": "3.5", "action": "submit"}
    assert patient.post(_form("vas_pain"), answers).status_code == 302
    page = patient.get(_form("vas_pain")).content.decode()
    assert "You completed this questionnaire today." in page
    again = patient.post(_form("vas_pain"), {"pain": "4", "action": "submit"})
    assert again.status_code == 400
    assert "already completed this questionnaire today" in again.content.decode()
    today = [
        p
        for p in _document(record)["proms"]
        if p["instrument"] == "vas_pain" and p["date"] == _today().isoformat()
    ]
    assert today == [
        {"instrument": "vas_pain", "date": _today().isoformat(), "answers": {"pain": 3.5}}
    ]
    assert _draft(record, "vas_pain") == {"pain": 4}  # kept for tomorrow


# --- results ------------------------------------------------------------------------------------


def test_the_results_show_the_course_in_a_sentence_a_chart_and_a_table(
    patient: Client, record: Any
) -> None:
    baseline = next(p for p in _document(record)["proms"] if p["instrument"] == "ihot12")
    score = score_response("ihot12", baseline["answers"]).score
    assert score is not None
    page = patient.get(_results("ihot12")).content.decode()
    shown = str(int(score)) if score == int(score) else str(score)
    assert f"Your score before surgery was {shown}. Higher is better on this questionnaire." in page
    assert '<svg class="q-chart-svg"' in page and 'role="img"' in page
    assert 'aria-labelledby="q-chart-title"' in page
    assert "Before surgery" in page
    for word in ("MCID", "PASS", "SCB", "threshold"):
        assert word not in page


def test_vas_pain_results_say_lower_is_better(patient: Client) -> None:
    page = patient.get(_results("vas_pain")).content.decode()
    assert "Lower is better on this questionnaire." in page


def test_results_of_a_questionnaire_never_answered(patient: Client) -> None:
    page = patient.get(_results("nahs")).content.decode()
    assert "You have not completed this questionnaire yet." in page
    assert "<svg" not in page
    assert f'href="{_form("nahs")}"' in page


# --- translation --------------------------------------------------------------------------------


def test_every_string_of_the_pages_is_marked_for_translation(patient: Client, record: Any) -> None:
    from web.i18n_check import pseudo_translation, unmarked_text

    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
    _post_json(patient, _answer("mhhs"), {"item": "pain", "value": "mild"})
    data = ["chondral", "pat1", "0.1.0", record.case_id]
    problems = {}
    with pseudo_translation():
        pages = {
            url: patient.get(url).content.decode()
            for url in [
                LIST,
                *(_form(code) for code in instrument_definitions()),
                *(_results(code) for code in instrument_definitions()),
            ]
        }
        pages["mhhs with errors"] = patient.post(
            _form("mhhs"), {"action": "submit"}
        ).content.decode()
        pages["vas with a bad number"] = patient.post(
            _form("vas_pain"), {"pain": "x", "action": "save"}
        ).content.decode()
    for name, html in pages.items():
        assert "\u27e6" in html, name
        loose = unmarked_text(html, data=data)
        if loose:
            problems[name] = loose
    assert problems == {}


# --- drafts across the surgery, double submits, a busy record ---------------------------------

STALE_MESSAGE = (
    "You started this questionnaire before your operation. Those answers were not kept, because"
    " they describe your hip before surgery. Please answer again."
)


def _surgery_day() -> dt.date:
    return _today() - dt.timedelta(days=21)  # recovering_document: operated 21 days ago


def _start_draft_on(record: Any, code: str, day: dt.date) -> None:
    """Date the draft's start (``started_at`` is set on creation) at noon, local time, ``day``."""
    from chondral.web.models import PromDraft

    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    assert PromDraft.objects.filter(case=record, instrument=code).update(started_at=noon) == 1


def test_a_draft_started_before_the_surgery_is_not_carried_over(
    patient: Client, record: Any
) -> None:
    version = _document(record)
    the_day_before = _surgery_day() - dt.timedelta(days=1)
    # the list: the draft is gone, the patient is told which questionnaire and why
    _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
    _start_draft_on(record, "ihot12", the_day_before)
    listing = patient.get(LIST).content.decode()
    assert f"{instrument_definitions()['ihot12'].title}: {STALE_MESSAGE}" in listing
    assert "Continue" not in listing
    assert _draft(record, "ihot12") is None
    # the form: shown empty with the message
    _post_json(patient, _answer("vas_pain"), {"item": "pain", "value": "7"})
    _start_draft_on(record, "vas_pain", the_day_before)
    form = patient.get(_form("vas_pain")).content.decode()
    assert STALE_MESSAGE in form
    assert "0 of 1 answered" in form
    assert "You started this on" not in form
    assert _draft(record, "vas_pain") is None
    # submitting a page loaded before the surgery: nothing recorded, nothing kept
    _post_json(patient, _answer("vas_pain"), {"item": "pain", "value": "7"})
    _start_draft_on(record, "vas_pain", the_day_before)
    sent = patient.post(_form("vas_pain"), {"pain": "7", "action": "submit"})
    assert sent.status_code == 400
    assert STALE_MESSAGE in sent.content.decode()
    assert _draft(record, "vas_pain") is None
    assert _document(record) == version
    # one answer saved from such a page: the old answers go, the new one starts a new draft
    for item, value in (("q1", "55"), ("q2", "60")):
        _post_json(patient, _answer("ihot12"), {"item": item, "value": value})
    _start_draft_on(record, "ihot12", the_day_before)
    saved = _post_json(patient, _answer("ihot12"), {"item": "q3", "value": "20"}).json()
    assert saved["saved"] is True and saved["discarded"] is True
    assert saved["message"] == STALE_MESSAGE
    assert saved["answered"] == 1
    assert _draft(record, "ihot12") == {"q3": 20}
    assert STALE_MESSAGE in patient.get(_form("ihot12")).content.decode()  # after the reload


def test_a_draft_started_on_or_after_the_surgery_day_is_resumed_with_its_date(
    patient: Client, record: Any
) -> None:
    from django.utils.formats import date_format

    for day in (_surgery_day(), _today() - dt.timedelta(days=3)):
        _post_json(patient, _answer("ihot12"), {"item": "q1", "value": "55"})
        _start_draft_on(record, "ihot12", day)
        form = patient.get(_form("ihot12")).content.decode()
        assert f"You started this on {date_format(day, 'j F Y')}." in form
        assert STALE_MESSAGE not in form
        assert "1 of 12 answered" in form
        assert _draft(record, "ihot12") == {"q1": 55}
        assert "Continue (1 of 12 answered)" in patient.get(LIST).content.decode()
    # a case before its surgery keeps a draft of any age
    assert "You started this on" not in patient.get(_form("nahs")).content.decode()


def test_two_submits_at_once_record_one_response_and_show_the_results(
    patient: Client, record: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.web import views_questionnaires

    assert patient.post(_form("vas_pain"), {"pain": "3", "action": "submit"}).status_code == 302
    recorded = _document(record)
    # the second submit read "not done today" before the first one was recorded: the library's
    # store refuses a second response that day (field "date")
    monkeypatch.setattr(views_questionnaires, "_completed_on", lambda case, instrument: [])
    again = patient.post(_form("vas_pain"), {"pain": "3", "action": "submit"}, follow=True)
    assert again.redirect_chain == [(_results("vas_pain"), 302)]
    page = again.content.decode()
    assert "were already saved today" in page
    assert "Check the answers marked below" not in page
    assert _draft(record, "vas_pain") is None
    assert _document(record) == recorded
    # other answers the same day: refused as before, kept for tomorrow
    other = patient.post(_form("vas_pain"), {"pain": "6", "action": "submit"})
    assert other.status_code == 400
    assert "already completed this questionnaire today" in other.content.decode()
    assert _draft(record, "vas_pain") == {"pain": 6}
    assert _document(record) == recorded


def test_a_busy_record_keeps_the_answers_and_asks_to_submit_again(
    patient: Client, record: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.web import views_questionnaires
    from chondral.web.store import StaleVersionError

    def busy(*args: Any, **kwargs: Any) -> Any:
        raise StaleVersionError(1, 2)

    version = _document(record)
    monkeypatch.setattr(views_questionnaires, "record_prom", busy)
    response = patient.post(_form("vas_pain"), {"pain": "4.5", "action": "submit"})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Your answers are kept, but they could not be sent because your record was busy." in (
        page
    )
    assert 'name="pain" value="4.5"' in page
    assert _draft(record, "vas_pain") == {"pain": 4.5}
    assert _document(record) == version
