"""Recording PROM responses through the API: scored by the library, saved as a new version of
the case document, refused naming the answer, and never lost when posts interleave."""

# ruff: noqa: F811  (the fixtures api_for and surgeon_api are imported from test_api)

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from chondral.io.score_json import score_result_to_dict
from chondral.services.outcomes import score_response_document
from web.conftest import example_document
from web.test_api import Api, api_for, surgeon_api  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = os.environ.get("CHONDRAL_DATABASE_URL", "").startswith("postgres")
"""Threads need committed rows (a transactional test); SQLite's in-memory test database is one
connection, and its audit triggers refuse the flush after a transactional test."""

IHOT12 = {f"q{n}": 8 * n for n in range(1, 13)}
RESPONSE = {"instrument": "ihot12", "date": "2026-01-05", "answers": IHOT12}


def _library_score(response: dict[str, Any]) -> dict[str, Any]:
    document = {"instrument": response["instrument"], "answers": response["answers"]}
    return score_result_to_dict(score_response_document(document, response["instrument"]))


def test_a_response_is_scored_by_the_library_and_saved_as_a_new_version(
    surgeon_api: Api, demo_case: Any
) -> None:
    import json

    response = surgeon_api.post("/api/cases/DEMO-001/proms", RESPONSE)
    assert response.status_code == 201
    body = response.json()
    assert (body["case_id"], body["version"]) == ("DEMO-001", 2)
    assert body["score"] == json.loads(json.dumps(_library_score(RESPONSE)))
    # iHOT-12: the mean of the twelve 0-100 answers
    assert body["score"]["score"] == pytest.approx(sum(IHOT12.values()) / 12)
    case = surgeon_api.get("/api/cases/DEMO-001").json()
    assert case["version"] == 2
    assert case["document"]["proms"] == [*example_document()["proms"], RESPONSE]


def test_a_second_response_to_one_questionnaire_on_one_day_is_refused(
    surgeon_api: Api, demo_case: Any
) -> None:
    assert surgeon_api.post("/api/cases/DEMO-001/proms", RESPONSE).status_code == 201
    again = surgeon_api.post("/api/cases/DEMO-001/proms", RESPONSE)
    assert again.status_code == 422
    assert "date" in again.text and "already recorded" in again.text
    other_day = {**RESPONSE, "date": "2026-01-06"}
    assert surgeon_api.post("/api/cases/DEMO-001/proms", other_day).status_code == 201
    other_questionnaire = {"instrument": "vas_pain", "date": "2026-01-05", "answers": {"pain": 2}}
    assert surgeon_api.post("/api/cases/DEMO-001/proms", other_questionnaire).status_code == 201
    outcomes = surgeon_api.get("/api/cases/DEMO-001/outcomes")
    assert outcomes.status_code == 200


def test_a_patient_records_a_response_on_their_own_case_only(
    api_for: Callable[[Any], Api],
    make_user: Any,
    store_case: Any,
    clinic: Any,
    surgeon: Any,
    demo_case: Any,
) -> None:
    store_case(example_document(case_id="DEMO-002"), clinic, surgeon)
    patient = api_for(make_user("patient1", "patient", None, demo_case))
    assert patient.post("/api/cases/DEMO-001/proms", RESPONSE).status_code == 201
    assert patient.post("/api/cases/DEMO-002/proms", RESPONSE).status_code == 404


def test_another_clinic_cannot_record_a_response(
    api_for: Callable[[Any], Api], make_user: Any, other_clinic: Any, demo_case: Any
) -> None:
    outsider = api_for(make_user("elsewhere", "physio", other_clinic))
    assert outsider.post("/api/cases/DEMO-001/proms", RESPONSE).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": {**IHOT12, "q3": 150}}, "answers.q3"),
        ({"answers": {**IHOT12, "q13": 50}}, "answers.q13"),
        ({"answers": {**IHOT12, "q3": "lots"}}, "answers.q3"),
        ({"instrument": "no_such_scale"}, "instrument"),
        ({"instrument": 12}, "instrument"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_response_answers_422_naming_the_field(
    surgeon_api: Api, demo_case: Any, change: dict[str, Any], field: str
) -> None:
    response = surgeon_api.post("/api/cases/DEMO-001/proms", {**RESPONSE, **change})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert surgeon_api.get("/api/cases/DEMO-001").json()["version"] == 1


@pytest.mark.parametrize("missing", ["instrument", "date", "answers"])
def test_a_response_missing_a_field_names_it(
    surgeon_api: Api, demo_case: Any, missing: str
) -> None:
    body = {key: value for key, value in RESPONSE.items() if key != missing}
    response = surgeon_api.post("/api/cases/DEMO-001/proms", body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [missing]


def test_a_response_that_is_not_an_object_names_the_body(surgeon_api: Api, demo_case: Any) -> None:
    response = surgeon_api.post("/api/cases/DEMO-001/proms", [RESPONSE])
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["body"]


def test_record_prom_refuses_a_response_that_is_not_a_mapping(demo_case: Any) -> None:
    from chondral.errors import InputDataError
    from chondral.web.proms import record_prom

    with pytest.raises(InputDataError, match="must be an object"):
        record_prom(demo_case, [RESPONSE], user=None)


def test_a_save_that_finds_the_case_moved_on_is_retried(
    surgeon_api: Api, demo_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.web import proms, store

    calls: list[int] = []
    real = store.save_version

    def once_stale(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise store.StaleVersionError(1, 2)
        return real(*args, **kwargs)

    monkeypatch.setattr(proms, "save_version", once_stale)
    assert surgeon_api.post("/api/cases/DEMO-001/proms", RESPONSE).status_code == 201
    assert len(calls) == 2


def test_a_case_that_never_stops_moving_answers_409(
    surgeon_api: Api, demo_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.web import proms, store

    def always_stale(*args: Any, **kwargs: Any) -> Any:
        raise store.StaleVersionError(1, 2)

    monkeypatch.setattr(proms, "save_version", always_stale)
    response = surgeon_api.post("/api/cases/DEMO-001/proms", RESPONSE)
    assert response.status_code == 409
    assert "changed" in response.json()["detail"]


def _response(day: int) -> dict[str, Any]:
    return {**RESPONSE, "date": f"2026-01-{day:02d}"}


@pytest.mark.django_db(transaction=ON_POSTGRESQL)
def test_interleaved_posts_are_all_saved(
    api_for: Callable[[Any], Api], make_user: Any, store_case: Any, clinic: Any
) -> None:
    """Threads on PostgreSQL (each with its own connection); one after the other on SQLite,
    whose test database is one in-memory connection."""
    from chondral.web.models import CaseRecord

    surgeon = make_user("surgeon1", "surgeon", clinic)
    store_case(example_document(), clinic, surgeon)
    posts = 6
    clients = [api_for(surgeon) for _ in range(posts)]
    statuses: list[int] = []

    def post(index: int) -> None:
        try:
            answer = clients[index].post("/api/cases/DEMO-001/proms", _response(index + 1))
            statuses.append(answer.status_code)
        finally:
            connection.close()

    if ON_POSTGRESQL:
        threads = [threading.Thread(target=post, args=(i,)) for i in range(posts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for index in range(posts):
            answer = clients[index].post("/api/cases/DEMO-001/proms", _response(index + 1))
            statuses.append(answer.status_code)
    assert statuses == [201] * posts
    record = CaseRecord.objects.get(case_id="DEMO-001")
    assert record.current_version == 1 + posts
    saved = record.versions.get(number=record.current_version).document["proms"]
    recorded = {entry["date"] for entry in saved if entry["instrument"] == "ihot12"}
    assert {_response(i + 1)["date"] for i in range(posts)} <= recorded
    assert len(saved) == len(example_document()["proms"]) + posts


def test_an_error_about_another_part_of_the_case_keeps_its_field() -> None:
    from chondral.errors import InputDataError
    from chondral.web.proms import _named_for_response

    about_entry = _named_for_response(InputDataError("bad", field="proms[3].date"), 3)
    elsewhere = InputDataError("too many", field="proms")
    assert (about_entry.field, about_entry.problem) == ("date", "bad")
    assert _named_for_response(elsewhere, 3) is elsewhere
