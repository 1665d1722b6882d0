"""The JSON API: tokens, refusals, and the case endpoints (create, read, replace, assessment,
outcomes, rehabilitation schedule and its calendar), each answer checked against the library's
own result for the same document.

The fixtures here (``api_for``, ``surgeon_api``) are shared by the other ``test_api_*`` modules.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from chondral.io.assessment_json import assessment_to_dict
from chondral.io.casefile import parse_case
from chondral.io.outcomes_json import outcome_summary_to_dict
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.pathway import DEFAULT_POLICY
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.candidacy import assess_case
from chondral.services.outcomes import summarise_case_outcomes
from chondral.services.pathway import case_rehab_schedule
from web.conftest import PASSWORD, example_document

pytestmark = pytest.mark.django_db


class Api:
    """A test client that sends one user's Bearer token with every request."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {} if token is None else {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, headers={**self.headers, **headers})

    def send(
        self, method: str, path: str, body: Any = None, *, raw: bytes | None = None, **headers: str
    ) -> Any:
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        call = getattr(self.client, method.lower())
        return call(
            path, data=data, content_type="application/json", headers={**self.headers, **headers}
        )

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("PUT", path, body, **kwargs)


@pytest.fixture
def api_for(db: None) -> Callable[[Any], Api]:
    """``api_for(user)``: an ``Api`` client with a new token of ``user``."""
    from chondral.web.tokens import create_token

    return lambda user: Api(create_token(user))


@pytest.fixture
def surgeon_api(api_for: Callable[[Any], Api], surgeon: Any) -> Api:
    return api_for(surgeon)


def _errors(response: Any) -> list[tuple[str, str]]:
    body = response.json()
    assert isinstance(body["detail"], str) and "\n" not in body["detail"]
    return [(error["field"], error["message"]) for error in body["errors"]]


def _fields(response: Any) -> list[str]:
    return [field for field, _ in _errors(response)]


# --- the OpenAPI document and authentication ------------------------------------------------


def test_the_openapi_document_lists_every_endpoint_and_bearer_auth() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/cases",
        "/api/cases/{case_id}",
        "/api/cases/{case_id}/assessment",
        "/api/cases/{case_id}/plan",
        "/api/cases/{case_id}/proms",
        "/api/cases/{case_id}/outcomes",
        "/api/cases/{case_id}/rehab",
        "/api/cases/{case_id}/rehab.ics",
        "/api/jobs/{job_id}",
    }
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert "case document" in schema["info"]["description"]
    put = schema["paths"]["/api/cases/{case_id}"]["put"]
    assert [p["name"] for p in put["parameters"]] == ["case_id", "base_version", "If-Match"]
    case_body = put["requestBody"]["content"]["application/json"]["schema"]
    assert case_body["properties"]["hip"]["properties"]["side"]["enum"] == ["left", "right"]
    # no docs page: it would load Swagger from a CDN
    assert Client().get("/api/docs").status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc"],
)
def test_without_a_valid_token_the_api_answers_401(demo_case: Any, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = Client().get("/api/cases/DEMO-001", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in response.json()["detail"]


def test_a_revoked_token_answers_401(demo_case: Any, surgeon: Any) -> None:
    from chondral.web.tokens import create_token, revoke_tokens

    api = Api(create_token(surgeon))
    assert api.get("/api/cases/DEMO-001").status_code == 200
    revoke_tokens(surgeon)
    assert api.get("/api/cases/DEMO-001").status_code == 401


def test_a_signed_in_browser_session_is_not_an_api_credential(demo_case: Any, surgeon: Any) -> None:
    client = Client()
    client.force_login(surgeon)
    assert client.get("/api/cases/DEMO-001").status_code == 401


def test_a_user_without_a_role_is_refused(api_for: Callable[[Any], Api], demo_case: Any) -> None:
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("nobody", password=PASSWORD)
    assert api_for(nobody).get("/api/cases/DEMO-001").status_code == 403


def test_every_api_read_is_audited_as_api(surgeon_api: Api, demo_case: Any) -> None:
    from chondral.web.models import AuditEvent

    surgeon_api.get("/api/cases/DEMO-001")
    event = AuditEvent.objects.filter(action="view_case").get()
    assert (event.channel, event.case_id, event.username, event.outcome) == (
        "api",
        "DEMO-001",
        "surgeon1",
        "allowed",
    )


# --- create ---------------------------------------------------------------------------------


def test_a_surgeon_creates_a_case_in_their_clinic(surgeon_api: Api, clinic: Any) -> None:
    from chondral.web.models import CaseRecord

    document = example_document()
    response = surgeon_api.post("/api/cases", document)
    assert response.status_code == 201
    assert response.json() == {
        "case_id": "DEMO-001",
        "version": 1,
        "url": "/api/cases/DEMO-001",
        "changes": [],
    }
    record = CaseRecord.objects.get(case_id="DEMO-001")
    assert record.clinic == clinic
    assert record.surgeon is not None and record.surgeon.username == "surgeon1"
    assert record.versions.get(number=1).document == document


def test_staff_create_cases_without_becoming_their_surgeon(
    api_for: Callable[[Any], Api], make_user: Any, clinic: Any
) -> None:
    from chondral.web.models import CaseRecord

    staff = make_user("staff1", "staff", clinic)
    # The example records the operation and the approval of return to sport: surgeon's work.
    assert api_for(staff).post("/api/cases", example_document()).status_code == 403
    document = {
        k: v for k, v in example_document().items() if k not in ("operative", "return_to_sport")
    }
    assert api_for(staff).post("/api/cases", document).status_code == 201
    assert CaseRecord.objects.get().surgeon is None


@pytest.mark.parametrize("role", ["physio", "patient"])
def test_physio_and_patient_cannot_create_cases(
    api_for: Callable[[Any], Api], make_user: Any, clinic: Any, role: str
) -> None:
    from chondral.web.models import CaseRecord

    user = make_user("someone", role, clinic)
    response = api_for(user).post("/api/cases", example_document())
    assert response.status_code == 403
    assert not CaseRecord.objects.exists()


def test_a_clinician_without_a_clinic_cannot_create_cases(
    api_for: Callable[[Any], Api], make_user: Any
) -> None:
    response = api_for(make_user("loose", "surgeon")).post("/api/cases", example_document())
    assert response.status_code == 403
    assert "clinic" in response.json()["detail"]


def test_an_existing_id_answers_409(surgeon_api: Api, demo_case: Any) -> None:
    response = surgeon_api.post("/api/cases", example_document())
    assert response.status_code == 409
    assert _fields(response) == ["case_id"]
    assert "DEMO-001" in response.json()["detail"]


def _with(document: dict[str, Any], path: list[str | int], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ((["hip", "radiographic", "lcea_deg"], 200), "hip.radiographic.lcea_deg"),
        ((["lesions", 0, "size_mm", "length"], -3), "lesions[0].size_mm.length"),
        ((["hip", "side"], "middle"), "hip.side"),
        ((["case_id"], "no spaces allowed"), "case_id"),
        ((["patient", "age_years"], "twenty"), "patient.age_years"),
        ((["lesions", 0, "center", "clock"], "13:00"), "lesions[0].center.clock"),
    ],
)
def test_an_invalid_case_document_answers_422_naming_the_field(
    surgeon_api: Api, change: tuple[list[str | int], Any], field: str
) -> None:
    from chondral.web.models import CaseRecord

    path, value = change
    response = surgeon_api.post("/api/cases", _with(example_document(), path, value))
    assert response.status_code == 422
    assert _fields(response) == [field]
    assert not CaseRecord.objects.exists()


def test_a_missing_required_section_is_named(surgeon_api: Api) -> None:
    document = example_document()
    del document["hip"]
    response = surgeon_api.post("/api/cases", document)
    assert response.status_code == 422
    assert "hip" in response.json()["detail"]


def _deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[1, 2, 3]",
        b'"a case"',
        b"{not json",
        b"\xff\xfe{}",
        json.dumps(_deep(40)).encode(),
        b'{"case_id": NaN}',
    ],
    ids=["empty", "array", "string", "malformed", "not-utf8", "too-deep", "nan"],
)
def test_a_body_that_is_not_a_json_object_answers_422_naming_the_body(
    surgeon_api: Api, raw: bytes
) -> None:
    response = surgeon_api.post("/api/cases", raw=raw)
    assert response.status_code == 422
    ((field, message),) = _errors(response)
    assert field == "body" or field == "case_id"  # NaN is refused where it stands
    assert not message.startswith("request body")


def test_a_body_over_the_document_limit_answers_422(surgeon_api: Api) -> None:
    from chondral.io.documents import MAX_DOCUMENT_BYTES

    raw = json.dumps({"padding": "x" * (MAX_DOCUMENT_BYTES + 1)}).encode()
    response = surgeon_api.post("/api/cases", raw=raw)
    assert response.status_code == 422
    assert _fields(response) == ["body"]
    assert "MiB" in response.json()["detail"]


# --- read and replace -----------------------------------------------------------------------


def test_a_case_reads_as_its_document_version_and_list_facts(
    surgeon_api: Api, demo_case: Any
) -> None:
    response = surgeon_api.get("/api/cases/DEMO-001")
    assert response.status_code == 200
    body = response.json()
    document = example_document()
    assert body["document"] == document
    assert (body["case_id"], body["side"], body["version"]) == ("DEMO-001", "right", 1)
    verdict = assess_case(parse_case(document), DEFAULT_RULE_SET).verdict
    assert body["facts"]["verdict"] == str(verdict)
    assert body["facts"]["surgery_date"] == "2025-03-03"


def test_another_clinics_case_answers_404_like_an_unknown_id(
    api_for: Callable[[Any], Api], make_user: Any, other_clinic: Any, demo_case: Any
) -> None:
    outsider = api_for(make_user("elsewhere", "surgeon", other_clinic))
    for path in ("", "/assessment", "/outcomes", "/rehab", "/rehab.ics", "/plan"):
        theirs = outsider.get(f"/api/cases/DEMO-001{path}")
        unknown = outsider.get(f"/api/cases/NO-SUCH-CASE{path}")
        assert theirs.status_code == unknown.status_code == 404
        assert theirs.json() == unknown.json()
    assert outsider.put("/api/cases/DEMO-001", example_document()).status_code == 404


def test_a_patient_reads_their_own_case_and_no_other(
    api_for: Callable[[Any], Api],
    make_user: Any,
    store_case: Any,
    clinic: Any,
    surgeon: Any,
    demo_case: Any,
) -> None:
    store_case(example_document(case_id="DEMO-002"), clinic, surgeon)
    patient = api_for(make_user("patient1", "patient", None, demo_case))
    assert patient.get("/api/cases/DEMO-001").status_code == 200
    assert patient.get("/api/cases/DEMO-002").status_code == 404
    assert patient.put("/api/cases/DEMO-001", example_document()).status_code == 403


def test_a_put_saves_the_next_version_with_what_changed(surgeon_api: Api, demo_case: Any) -> None:
    document = _with(example_document(), ["hip", "radiographic", "lcea_deg"], 33)
    response = surgeon_api.put("/api/cases/DEMO-001", document)
    assert response.status_code == 200
    assert response.json() == {
        "case_id": "DEMO-001",
        "version": 2,
        "url": "/api/cases/DEMO-001",
        "changes": ["hip.radiographic.lcea_deg"],
    }
    body = surgeon_api.get("/api/cases/DEMO-001").json()
    assert (body["version"], body["document"]) == (2, document)


def test_a_put_with_an_invalid_document_answers_422_and_saves_nothing(
    surgeon_api: Api, demo_case: Any
) -> None:
    for path, value, field in [
        (["hip", "radiographic", "lcea_deg"], 200, "hip.radiographic.lcea_deg"),
        (["case_id"], "DEMO-999", "case_id"),
        (["hip", "side"], "left", "hip.side"),
    ]:
        document = _with(example_document(), path, value)
        document["operative"]["side"] = document["hip"]["side"]
        response = surgeon_api.put("/api/cases/DEMO-001", document)
        assert response.status_code == 422
        assert _fields(response) == [field]
    assert surgeon_api.put("/api/cases/DEMO-001", raw=b"[]").status_code == 422
    assert surgeon_api.get("/api/cases/DEMO-001").json()["version"] == 1


def test_a_stale_put_is_refused_and_a_current_one_saved(surgeon_api: Api, demo_case: Any) -> None:
    first = _with(example_document(), ["hip", "radiographic", "lcea_deg"], 33)
    second = _with(example_document(), ["hip", "radiographic", "lcea_deg"], 34)
    assert surgeon_api.put("/api/cases/DEMO-001?base_version=1", first).status_code == 200
    stale = surgeon_api.put("/api/cases/DEMO-001?base_version=1", second)
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    precondition = surgeon_api.put("/api/cases/DEMO-001", second, **{"If-Match": '"1"'})
    assert precondition.status_code == 412
    assert surgeon_api.put("/api/cases/DEMO-001", second, **{"If-Match": "2"}).status_code == 200
    weak = surgeon_api.put("/api/cases/DEMO-001", first, **{"If-Match": 'W/"3"'})
    assert weak.status_code == 200
    body = surgeon_api.get("/api/cases/DEMO-001").json()
    assert (body["version"], body["document"]) == (4, first)


@pytest.mark.parametrize("value", ["*", "latest", "-1", "1" * 12])
def test_an_if_match_that_is_not_a_version_answers_422(
    surgeon_api: Api, demo_case: Any, value: str
) -> None:
    response = surgeon_api.put("/api/cases/DEMO-001", example_document(), **{"If-Match": value})
    assert response.status_code == 422
    assert _fields(response) == ["If-Match"]


def test_a_query_parameter_of_the_wrong_type_answers_422_naming_it(
    surgeon_api: Api, demo_case: Any
) -> None:
    response = surgeon_api.put("/api/cases/DEMO-001?base_version=two", example_document())
    assert response.status_code == 422
    assert _fields(response) == ["base_version"]


def test_a_physio_cannot_replace_a_case(
    api_for: Callable[[Any], Api], make_user: Any, clinic: Any, demo_case: Any
) -> None:
    physio = api_for(make_user("physio1", "physio", clinic))
    assert physio.put("/api/cases/DEMO-001", example_document()).status_code == 403


# --- what the library derives ---------------------------------------------------------------


def test_the_assessment_is_the_librarys(surgeon_api: Api, demo_case: Any) -> None:
    response = surgeon_api.get("/api/cases/DEMO-001/assessment")
    assert response.status_code == 200
    expected = assessment_to_dict(assess_case(parse_case(example_document()), DEFAULT_RULE_SET))
    assert response.json() == json.loads(json.dumps(expected))


def test_a_case_that_cannot_be_assessed_answers_422_with_the_reason(
    surgeon_api: Api, store_case: Any, clinic: Any, surgeon: Any
) -> None:
    document = _with(example_document(), ["lesions", 0, "center", "rim_distance_mm"], 25)
    store_case(document, clinic, surgeon)
    response = surgeon_api.get("/api/cases/DEMO-001/assessment")
    assert response.status_code == 422
    assert "not on articular surface" in response.json()["detail"]


def test_the_outcomes_are_the_librarys(surgeon_api: Api, demo_case: Any) -> None:
    response = surgeon_api.get("/api/cases/DEMO-001/outcomes")
    assert response.status_code == 200
    expected = outcome_summary_to_dict(summarise_case_outcomes(parse_case(example_document())))
    assert response.json() == json.loads(json.dumps(expected))


def test_outcomes_without_a_surgery_date_answer_422_naming_it(
    surgeon_api: Api, store_case: Any, clinic: Any, surgeon: Any
) -> None:
    document = example_document()
    for key in ("surgery_date", "operative", "return_to_sport"):
        del document[key]
    store_case(document, clinic, surgeon)
    response = surgeon_api.get("/api/cases/DEMO-001/outcomes")
    assert response.status_code == 422
    assert _fields(response) == ["surgery_date"]


def test_the_rehab_schedule_is_the_librarys(surgeon_api: Api, demo_case: Any) -> None:
    response = surgeon_api.get("/api/cases/DEMO-001/rehab")
    assert response.status_code == 200
    schedule, _ = case_rehab_schedule(parse_case(example_document()), policy=DEFAULT_POLICY)
    assert response.json() == json.loads(json.dumps(rehab_schedule_to_dict(schedule)))


def test_the_rehab_calendar_has_the_schedules_dates(surgeon_api: Api, demo_case: Any) -> None:
    from icalendar import Calendar

    response = surgeon_api.get("/api/cases/DEMO-001/rehab.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="DEMO-001-rehab.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    starts = {event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    schedule, _ = case_rehab_schedule(parse_case(example_document()), policy=DEFAULT_POLICY)
    expected = (
        {visit.date for visit in schedule.visits}
        | {phase.start for phase in schedule.phases}
        | {due.date for due in schedule.prom_due}
    )
    assert starts == expected
    assert all(isinstance(day, dt.date) for day in starts)
    stamp = demo_case.versions.get(number=1).created_at.astimezone(dt.UTC)
    stamps = {event.decoded("dtstamp") for event in calendar.walk("VEVENT")}
    assert stamps == {stamp.replace(microsecond=0)}


# --- errors nobody planned for --------------------------------------------------------------


def test_an_unexpected_error_answers_500_and_logs_no_case_id(
    surgeon_api: Api, demo_case: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    from chondral.web import api_cases

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("DEMO-001 exploded")

    monkeypatch.setattr(api_cases, "assess_case", broken)
    caplog.set_level(logging.ERROR, logger="chondral.web.api")
    logger = logging.getLogger("chondral.web.api")
    logger.addHandler(caplog.handler)
    try:
        response = surgeon_api.get("/api/cases/DEMO-001/assessment")
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500
    assert response.json() == {
        "detail": "internal error; the team has the details in the log",
        "errors": [],
    }
    (line,) = {record.getMessage() for record in caplog.records}
    assert "RuntimeError" in line and "assessment" in line
    assert "DEMO-001" not in line


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("NotFound", 404),
        ("PermissionDenied", 403),
        ("RuleViolation", 409),
        ("GeometryError", 422),
    ],
)
def test_library_errors_map_to_their_status(
    surgeon_api: Api, demo_case: Any, monkeypatch: pytest.MonkeyPatch, error: str, status: int
) -> None:
    import chondral.errors
    from chondral.web import api_cases

    kind = getattr(chondral.errors, error)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise kind("refused on purpose")

    monkeypatch.setattr(api_cases, "assess_case", refuse)
    response = surgeon_api.get("/api/cases/DEMO-001/assessment")
    assert response.status_code == status
    assert response.json() == {"detail": "refused on purpose", "errors": []}


def test_a_body_with_a_content_length_that_is_no_number_answers_422(surgeon_api: Api) -> None:
    response = surgeon_api.client.generic(
        "POST",
        "/api/cases",
        b"{}",
        content_type="application/json",
        headers=surgeon_api.headers,
        CONTENT_LENGTH="lots",
    )
    assert response.status_code == 422
    assert _fields(response) == ["body"]
