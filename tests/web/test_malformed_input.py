"""Malformed input on every kind of page and endpoint: NaN and infinities, huge numbers and ids,
deep or wrong-typed JSON, newlines and NUL in text, impossible dates and ranges in the wrong
order. Each answers with a 4xx or a page showing the error, never a 500 or a traceback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from web.conftest import example_document

pytestmark = pytest.mark.django_db

HUGE = "9" * 30

PAGE_GETS = [
    "/cases/?page=abc",
    "/cases/?page=-1",
    f"/cases/?page={HUGE}",
    "/cases/?verdict=%3Cscript%3E&phase=zzz&overdue=maybe&proms_due=2&size_band=huge",
    "/cases/?q=" + "x" * 5000,
    "/cases/?q=%00",
    f"/cases/DEMO-001/versions/{HUGE}/",
    f"/cases/DEMO-001/plans/{HUGE}/status",
    f"/cases/DEMO-001/plans/{HUGE}/plan.json",
    f"/cases/DEMO-001/plans/{HUGE}/clock.png",
    f"/cases/DEMO-001/lesions/{HUGE}/",
    "/cases/DEMO-001/outcomes/nope.png",
    "/cases/" + "A" * 300 + "/",
    "/cases/%00/",
    "/cases/a%0Ab/",
]
AUDIT_GETS = [
    "/audit/?date_from=notadate",
    f"/audit/?page={HUGE}",
    "/audit/?case_id=" + "x" * 500,
    "/audit/?outcome=%00",
]
PAGE_POSTS = [
    ("/cases/DEMO-001/plans/", {"lesion_id": "L1", "spacing_min_mm": "nan"}),
    ("/cases/DEMO-001/plans/", {"lesion_id": "L1", "spacing_min_mm": "1e308"}),
    ("/cases/DEMO-001/plans/", {"lesion_id": "x\ny", "spacing_min_mm": "-inf"}),
    (
        "/cases/new/",
        {"case_id": "N1", "side": "left", "age_years": "nan", "surgery_date": "1800-01-01"},
    ),
    ("/cases/new/", {"case_id": "N2\nX", "side": "up", "age_years": "1e9", "lcea_deg": "inf"}),
    ("/cases/DEMO-001/edit/", {"base_version": HUGE, "age_years": "30"}),
    ("/cases/DEMO-001/edit/", {"base_version": "1", "age_years": "NaN", "lcea_deg": "1e400"}),
    ("/cases/DEMO-001/edit/document/", {"base_version": "1", "document_text": "[" * 5000}),
    ("/cases/DEMO-001/edit/document/", {"base_version": "1", "document_text": "a: &x 1\nb: *x"}),
    ("/cases/DEMO-001/lesions/0/", {"base_version": "1", "id": "L1", "area_mm2": "nan"}),
    ("/cases/DEMO-001/operative/", {"base_version": "1", "date": "2024-13-45"}),
    ("/cases/DEMO-001/rts/tests/", {"base_version": "1", "date": "2020-01-01"}),
    ("/cases/DEMO-001/rts/approve/", {"base_version": "1", "date": "1900-01-01"}),
]
API_CALLS = [
    ("post", "/api/cases", '{"a":' * 100 + "1" + "}" * 100),
    ("post", "/api/cases", "[1,2]"),
    ("post", "/api/cases", "NaN"),
    ("post", "/api/cases", '{"case_id": 1e999}'),
    ("put", "/api/cases/DEMO-001", "{}"),
    ("put", f"/api/cases/DEMO-001?base_version={HUGE}", "{}"),
    (
        "post",
        "/api/cases/DEMO-001/proms",
        '{"instrument":"vas_pain","date":"2025-13-01","answers":{"pain":"NaN"}}',
    ),
    (
        "post",
        "/api/cases/DEMO-001/proms",
        '{"instrument":"vas_pain","date":"2024-01-01","answers":{"pain":1e308}}',
    ),
    (
        "post",
        "/api/cases/DEMO-001/proms",
        '{"instrument":"x\\ny","date":"2025-01-01","answers":{}}',
    ),
    ("post", "/api/cases/DEMO-001/plan", '{"overrides":{"spacing_min_mm":1e308}}'),
    ("post", "/api/cases/DEMO-001/plan", '{"lesion_id":["L1"]}'),
    ("get", f"/api/jobs/{HUGE}", None),
    ("get", "/api/cases/DEMO-001/plan?job_id=" + "x" * 1000, None),
]


@pytest.fixture
def clients(demo_case: Any, surgeon: Any, make_user: Any, clinic: Any) -> dict[str, Any]:
    from chondral.web.tokens import create_token

    surgeon_client = Client(raise_request_exception=False)
    surgeon_client.force_login(surgeon)
    staff_client = Client(raise_request_exception=False)
    staff_client.force_login(make_user("staff1", "staff", clinic))
    return {"surgeon": surgeon_client, "staff": staff_client, "token": create_token(surgeon)}


def _no_crash(response: Any) -> None:
    assert response.status_code < 500, response.status_code
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("path", PAGE_GETS)
def test_malformed_page_requests(clients: dict[str, Any], path: str) -> None:
    _no_crash(clients["surgeon"].get(path))


@pytest.mark.parametrize("path", AUDIT_GETS)
def test_malformed_audit_filters(clients: dict[str, Any], path: str) -> None:
    _no_crash(clients["staff"].get(path))


@pytest.mark.parametrize(("path", "data"), PAGE_POSTS, ids=lambda v: str(v)[:40])
def test_malformed_form_posts(clients: dict[str, Any], path: str, data: dict[str, str]) -> None:
    response = clients["surgeon"].post(path, data)
    _no_crash(response)
    assert response.status_code != 302, "a malformed form must not be saved"


@pytest.mark.parametrize(("method", "path", "body"), API_CALLS, ids=lambda v: str(v)[:40])
def test_malformed_api_calls(clients: dict[str, Any], method: str, path: str, body: Any) -> None:
    call = getattr(clients["surgeon"], method)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {clients['token']}"}
    if body is None:
        response = call(path, **headers)
    else:
        response = call(path, data=body, content_type="application/json", **headers)
    _no_crash(response)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("if_match", [HUGE, "abc", "1\n2"])
def test_a_malformed_if_match_is_refused(clients: dict[str, Any], if_match: str) -> None:
    response = clients["surgeon"].put(
        "/api/cases/DEMO-001",
        data=json.dumps(example_document()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clients['token']}",
        HTTP_IF_MATCH=if_match,
    )
    _no_crash(response)
    assert 400 <= response.status_code < 500


def test_an_audit_range_ending_before_it_starts_is_named(clients: dict[str, Any]) -> None:
    response = clients["staff"].get("/audit/?date_from=2026-12-01&date_to=2025-01-01")
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"] == ["is before the start (2026-12-01)"]


# --- the patient portal, the education pages and the accessibility preferences -------------

DEEP = json.loads("[" * 500 + "]" * 500)
PORTAL_GETS = [
    "/learn/%00/",
    "/learn/" + "x" * 300 + "/",
    "/my-hip/?case=%00",
    "/my-hip/questionnaires/nope/",
    "/my-hip/questionnaires/" + "x" * 300 + "/",
    "/my-hip/questionnaires/ihot12/results/?page=" + HUGE,
]
ANSWER_BODIES: list[Any] = [
    {"item": "q1", "value": "NaN"},
    {"item": "q1", "value": "Infinity"},
    {"item": "q1", "value": "-Infinity"},
    {"item": "q1", "value": "1e400"},
    {"item": "q1", "value": HUGE},
    {"item": "q1", "value": -1},
    {"item": "q1", "value": [1]},
    {"item": "q1", "value": {"a": DEEP}},
    {"item": "q1\n", "value": 10},
    {"item": "q\x001", "value": 10},
    {"item": ["q1"], "value": 10},
    DEEP,
    "just text",
    [],
]
PREFERENCE_BODIES: list[Any] = [
    {"accessibility": {"text_step": "NaN"}},
    {"accessibility": {"text_step": HUGE}},
    {"accessibility": {"text_step": -1}},
    {"accessibility": {"text_step": 1.5}},
    {"accessibility": {"contrast": "yes"}},
    {"accessibility": {"contrast\n": True}},
    {"accessibility": DEEP},
    {"accessibility": []},
    DEEP,
    "text",
]


@pytest.fixture
def patient_client(demo_case: Any, make_user: Any, clinic: Any) -> Client:
    client = Client()
    client.force_login(make_user("patient-malformed", "patient", clinic, demo_case))
    return client


@pytest.mark.parametrize("path", PORTAL_GETS)
def test_malformed_portal_requests(patient_client: Client, path: str) -> None:
    _no_crash(patient_client.get(path))


@pytest.mark.parametrize("body", ANSWER_BODIES, ids=range(len(ANSWER_BODIES)))
def test_malformed_questionnaire_answers_are_refused(patient_client: Client, body: Any) -> None:
    from chondral.web.models import PromDraft

    response = patient_client.post(
        "/my-hip/questionnaires/ihot12/answer", json.dumps(body), content_type="application/json"
    )
    _no_crash(response)
    assert response.status_code == 400
    assert not PromDraft.objects.exists(), "nothing refused is stored"


@pytest.mark.parametrize(
    "data",
    [
        {"q1": "NaN", "action": "save"},
        {"q1": "1e400", "action": "submit"},
        {"q1": "12\n13", "action": "save"},
        {"q1": HUGE, "action": "submit"},
        {"q1": "%00", "action": "nonsense"},
    ],
)
def test_malformed_questionnaire_form_posts(patient_client: Client, data: dict[str, str]) -> None:
    _no_crash(patient_client.post("/my-hip/questionnaires/ihot12/", data))


@pytest.mark.parametrize("body", PREFERENCE_BODIES, ids=range(len(PREFERENCE_BODIES)))
def test_malformed_preferences_are_refused(body: Any) -> None:
    response = Client().post("/preferences/", json.dumps(body), content_type="application/json")
    _no_crash(response)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "data",
    [
        {"tool": "larger\n", "next": "/learn/"},
        {"tool": "x" * 5000, "next": "/learn/"},
        {"tool": "contrast", "next": "/learn/\r\nSet-Cookie: a=b"},
        {"tool": "contrast", "next": "/" + "x" * 5000},
    ],
)
def test_malformed_preference_form_posts(data: dict[str, str]) -> None:
    response = Client().post("/preferences/", data)
    _no_crash(response)
    assert "Set-Cookie: a" not in str(response.headers.get("Location", ""))
