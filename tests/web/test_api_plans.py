"""The plan endpoints: POST starts a job (202 with its URL), the job runs, GET answers the plan
the library makes for the same case; a plan goes stale when its inputs change; refusals."""

# ruff: noqa: F811  (the fixtures api_for and surgeon_api are imported from test_api)

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from web.conftest import example_document
from web.test_api import Api, api_for, surgeon_api  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _library_plan(document: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    from chondral.io.casefile import parse_case
    from chondral.services.plan_documents import plan_documents
    from chondral.services.planning import plan_case
    from chondral.web.store import stored_meshes

    plan = plan_documents(plan_case(parse_case(document), stored_meshes(), **kwargs)).plan
    return dict(plan)


def _run_queued_jobs() -> None:
    """The queued jobs, run by the worker command (``db_worker``). On PostgreSQL the worker
    closes its database connection between jobs, which would end the test's transaction, so
    there each queued plan's task is called directly (the worker's own tests cover it there)."""
    from chondral.web import jobs
    from chondral.web.models import PlanRecord

    if connection.vendor != "postgresql":
        call_command("db_worker", batch=True, verbosity=0)
        return
    for pk in PlanRecord.objects.filter(status="queued").values_list("pk", flat=True):
        jobs.make_plan.call(pk)


def _without_provenance(plan: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in plan.items() if key not in ("provenance", "stale")}


def test_a_plan_request_runs_as_a_job_and_answers_the_librarys_plan(
    surgeon_api: Api,
    demo_case: Any,
) -> None:
    from chondral.web.models import PlanRecord

    started = surgeon_api.post("/api/cases/DEMO-001/plan")
    assert started.status_code == 202
    body = started.json()
    job_id = body["job_id"]
    assert body == {
        "job_id": job_id,
        "job_url": f"/api/jobs/{job_id}",
        "plan_url": "/api/cases/DEMO-001/plan",
    }
    assert started["Location"] == body["job_url"]
    assert PlanRecord.objects.get().task_id == job_id

    queued = surgeon_api.get(body["job_url"]).json()
    assert (queued["state"], queued["case_version"], queued["result_url"]) == ("queued", 1, None)
    waiting = surgeon_api.get(body["plan_url"])
    assert waiting.status_code == 202
    assert waiting.json()["job_id"] == job_id

    _run_queued_jobs()

    done = surgeon_api.get(body["job_url"]).json()
    assert (done["state"], done["progress_percent"], done["error"]) == ("done", 100, None)
    assert done["result_url"] == f"/api/cases/DEMO-001/plan?job_id={job_id}"
    plan = surgeon_api.get(body["plan_url"])
    assert plan.status_code == 200
    answer = plan.json()
    assert answer["stale"] is False
    expected = _library_plan(example_document())
    assert len(answer["holes"]) == len(expected["holes"]) > 0
    assert _without_provenance(answer) == _without_provenance(expected)
    assert surgeon_api.get(done["result_url"]).json() == answer


def test_a_plan_with_overrides_and_a_lesion_is_the_librarys_with_them(
    surgeon_api: Api, demo_case: Any
) -> None:
    from chondral.web import jobs
    from chondral.web.models import PlanRecord

    request = {"lesion_id": "L1", "overrides": {"spacing_min_mm": 3.5}}
    started = surgeon_api.post("/api/cases/DEMO-001/plan", request)
    assert started.status_code == 202
    record = PlanRecord.objects.get()
    assert (record.lesion_id, record.overrides) == ("L1", {"spacing_min_mm": 3.5})
    jobs.make_plan.call(record.pk)
    answer = surgeon_api.get("/api/cases/DEMO-001/plan").json()
    expected = _library_plan(example_document(), lesion_id="L1", overrides={"spacing_min_mm": 3.5})
    assert _without_provenance(answer) == _without_provenance(expected)
    job = surgeon_api.get(started.json()["job_url"]).json()
    assert (job["lesion_id"], job["overrides"]) == ("L1", {"spacing_min_mm": 3.5})


def test_a_plan_goes_stale_when_its_inputs_change_and_not_otherwise(
    surgeon_api: Api, demo_case: Any
) -> None:
    from chondral.web import jobs
    from chondral.web.models import PlanRecord

    surgeon_api.post("/api/cases/DEMO-001/plan")
    jobs.make_plan.call(PlanRecord.objects.get().pk)
    document = example_document()
    document["checklist"] = dict(document["checklist"], brace={"ordered": True})
    assert surgeon_api.put("/api/cases/DEMO-001", document).status_code == 200
    assert surgeon_api.get("/api/cases/DEMO-001/plan").json()["stale"] is False
    changed = copy.deepcopy(document)
    changed["lesions"][0]["size_mm"]["length"] = 12
    assert surgeon_api.put("/api/cases/DEMO-001", changed).status_code == 200
    assert surgeon_api.get("/api/cases/DEMO-001/plan").json()["stale"] is True


def test_a_failed_plan_answers_422_with_its_error(surgeon_api: Api, demo_case: Any) -> None:
    from chondral.web.models import PlanRecord

    surgeon_api.post("/api/cases/DEMO-001/plan")
    PlanRecord.objects.update(status="failed", error="lesion L1: no room for a hole")
    response = surgeon_api.get("/api/cases/DEMO-001/plan")
    assert response.status_code == 422
    assert response.json() == {"detail": "lesion L1: no room for a hole", "errors": []}
    job = surgeon_api.get(f"/api/jobs/{PlanRecord.objects.get().task_id}").json()
    assert (job["state"], job["error"]) == ("failed", "lesion L1: no room for a hole")


def test_no_plan_answers_404(surgeon_api: Api, demo_case: Any) -> None:
    assert surgeon_api.get("/api/cases/DEMO-001/plan").status_code == 404
    assert surgeon_api.get("/api/cases/DEMO-001/plan?job_id=nope").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lesion_id": "L9"}, "lesion_id"),
        ({"lesion_id": 1}, "lesion_id"),
        ({"overrides": {"spacing_min_mm": 0.5}}, "overrides.spacing_min_mm"),
        ({"overrides": {"not_a_parameter": 1}}, "overrides.not_a_parameter"),
        ({"overrides": {"spacing_min_mm": "3"}}, "overrides.spacing_min_mm"),
        ({"overrides": {"spacing_min_mm": True}}, "overrides.spacing_min_mm"),
        ({"overrides": [1, 2]}, "overrides"),
        ({"colour": "red"}, "colour"),
        ([1], "body"),
    ],
)
def test_a_bad_plan_request_answers_422_naming_the_parameter(
    surgeon_api: Api, demo_case: Any, body: Any, field: str
) -> None:
    from chondral.web.models import PlanRecord

    response = surgeon_api.post("/api/cases/DEMO-001/plan", body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not PlanRecord.objects.exists()


def test_a_layout_the_case_file_cannot_honour_is_named_there(
    surgeon_api: Api, store_case: Any, clinic: Any, surgeon: Any
) -> None:
    from chondral.web.models import PlanRecord

    document = example_document(plan={"spacing_min_mm": 4.0})
    store_case(document, clinic, surgeon)
    response = surgeon_api.post("/api/cases/DEMO-001/plan", {"overrides": {"spacing_max_mm": 3.0}})
    assert response.status_code == 422
    assert not PlanRecord.objects.exists()


def test_only_a_surgeon_plans(
    api_for: Callable[[Any], Api], make_user: Any, clinic: Any, demo_case: Any
) -> None:
    from chondral.web.models import PlanRecord

    for role in ("physio", "staff"):
        response = api_for(make_user(role + "1", role, clinic)).post("/api/cases/DEMO-001/plan")
        assert response.status_code == 403
    patient = api_for(make_user("patient1", "patient", None, demo_case))
    assert patient.post("/api/cases/DEMO-001/plan").status_code == 403
    assert not PlanRecord.objects.exists()


def test_another_clinics_plan_and_job_answer_404(
    surgeon_api: Api,
    api_for: Callable[[Any], Api],
    make_user: Any,
    other_clinic: Any,
    demo_case: Any,
) -> None:
    job_id = surgeon_api.post("/api/cases/DEMO-001/plan").json()["job_id"]
    outsider = api_for(make_user("elsewhere", "surgeon", other_clinic))
    assert outsider.post("/api/cases/DEMO-001/plan").status_code == 404
    theirs = outsider.get(f"/api/jobs/{job_id}")
    unknown = outsider.get("/api/jobs/00000000-0000-0000-0000-000000000000")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert surgeon_api.get(f"/api/jobs/{job_id}").status_code == 200


def test_a_patient_follows_the_plan_of_their_own_case(
    surgeon_api: Api, api_for: Callable[[Any], Api], make_user: Any, demo_case: Any
) -> None:
    job_id = surgeon_api.post("/api/cases/DEMO-001/plan").json()["job_id"]
    patient = api_for(make_user("patient1", "patient", None, demo_case))
    assert patient.get(f"/api/jobs/{job_id}").json()["state"] == "queued"
    # plan.json itself is a clinical record: for clinicians only.
    assert patient.get("/api/cases/DEMO-001/plan").status_code == 403


def test_a_case_with_several_lesions_needs_the_lesion_named(
    surgeon_api: Api, store_case: Any, clinic: Any, surgeon: Any
) -> None:
    from chondral.web.models import PlanRecord

    document = example_document()
    second = copy.deepcopy(document["lesions"][0])
    second.update(id="L2", center={"clock": "3:00", "rim_distance_mm": 6})
    document["lesions"].append(second)
    store_case(document, clinic, surgeon)
    unnamed = surgeon_api.post("/api/cases/DEMO-001/plan")
    assert unnamed.status_code == 422
    assert [error["field"] for error in unnamed.json()["errors"]] == ["lesion_id"]
    assert "L1, L2" in unnamed.json()["detail"]
    assert surgeon_api.post("/api/cases/DEMO-001/plan", {"lesion_id": "L2"}).status_code == 202
    assert PlanRecord.objects.get().lesion_id == "L2"


def test_a_case_without_lesions_has_nothing_to_plan(
    surgeon_api: Api, store_case: Any, clinic: Any, surgeon: Any
) -> None:
    store_case(example_document("patient-self-check.yaml"), clinic, surgeon)
    case_id = example_document("patient-self-check.yaml")["case_id"]
    response = surgeon_api.post(f"/api/cases/{case_id}/plan")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["lesion_id"]
