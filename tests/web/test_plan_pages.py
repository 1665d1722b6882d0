"""The plan on the case page: a job's states (queued, running, done, failed, out of date), the
status endpoint the page polls, the 3D view's data, the hole table, the downloads, and the
re-plan form (only the surgeon; bad parameters shown next to their field)."""

from __future__ import annotations

import copy
import html
import json
import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CASE = "/cases/DEMO-001/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _request(record: Any, user: Any, **kwargs: Any) -> Any:
    from chondral.web import jobs, store

    return jobs.request_plan(record, store.current_version(record), user=user, **kwargs)


def _state(page: str) -> str | None:
    match = re.search(r'id="plan-(?:state|progress)"[^>]*data-state="([a-z]+)"', page)
    if match is None:
        match = re.search(r'data-state="([a-z]+)"[^>]*data-status-url', page)
    return match.group(1) if match else None


@pytest.fixture
def done_plan(demo_case: Any, surgeon: Any) -> Any:
    """A plan of the demo case made by the job (template hip)."""
    from chondral.web.jobs import make_plan
    from chondral.web.models import PlanRecord

    record = _request(demo_case, surgeon)
    assert make_plan.call(record.pk) == "done"
    return PlanRecord.objects.get(pk=record.pk)


class TestPlanStates:
    def test_no_plan_yet(self, demo_case: Any, surgeon: Any) -> None:
        page = _client(surgeon).get(CASE).content.decode()
        assert _state(page) == "none" and "No plan has been made" in page
        assert "plan3d.js" not in page and "job_status.js" not in page

    def test_a_queued_plan_shows_progress_and_the_status_url_to_poll(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        plan = _request(demo_case, surgeon)
        client = _client(surgeon)
        page = client.get(CASE).content.decode()
        status_url = f"{CASE}plans/{plan.pk}/status"
        assert f'data-status-url="{status_url}"' in page
        assert _state(page) == "queued" and "waiting for a worker" in page
        assert "chondral/job_status.js" in page and "<script>" not in page
        status = client.get(status_url).json()
        assert status == {
            "status": "queued",
            "progress_percent": 0,
            "progress_text": "waiting for a worker",
            "error": "",
            "finished": False,
        }

    def test_a_running_plan_shows_the_jobs_progress_text(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.web.models import PlanRecord

        plan = _request(demo_case, surgeon)
        PlanRecord.objects.filter(pk=plan.pk).update(
            status="running", progress_percent=20, progress_text="planning the holes"
        )
        page = _client(surgeon).get(CASE).content.decode()
        assert _state(page) == "running"
        assert 'value="20"' in page and "planning the holes" in page

    def test_a_failed_plan_shows_its_one_line_error(self, demo_case: Any, surgeon: Any) -> None:
        from chondral.web.jobs import make_plan
        from chondral.web.models import PlanRecord

        plan = _request(demo_case, surgeon, lesion_id="NO-SUCH-LESION")
        assert make_plan.call(plan.pk) == "failed"
        error = PlanRecord.objects.get(pk=plan.pk).error
        assert error and "\n" not in error and "NO-SUCH-LESION" in error
        client = _client(surgeon)
        page = client.get(CASE).content.decode()
        assert _state(page) == "failed"
        assert f"The plan could not be made: {html.escape(error)}" in page
        status = client.get(f"{CASE}plans/{plan.pk}/status").json()
        assert (status["status"], status["finished"], status["error"]) == ("failed", True, error)
        assert client.get(f"{CASE}plans/{plan.pk}/plan.json").status_code == 404

    def test_a_done_plan_shows_the_3d_view_clock_map_holes_metrics_and_warnings(
        self, done_plan: Any, surgeon: Any
    ) -> None:
        client = _client(surgeon)
        page = client.get(CASE).content.decode()
        assert _state(page) == "done"
        figure = re.search(
            r'<script id="plan-figure-data" type="application/json">(.*?)</script>', page, re.S
        )
        assert figure is not None and json.loads(figure.group(1)) == done_plan.figure
        assert "vendor/plotly/plotly.min.js" in page and "chondral/plan3d.js" in page
        document = done_plan.plan
        holes = re.findall(r'<tr class="hole" data-hole-id="([^"]+)">(.*?)</tr>', page)
        assert [hole_id for hole_id, _ in holes] == [h["id"] for h in document["holes"]]
        for (_, row), hole in zip(holes, document["holes"], strict=True):
            cells = re.findall(r"<td>(.*?)</td>", row)
            assert cells[:6] == [
                str(hole["order"]),
                hole["id"],
                hole["ring"],
                hole["clock"],
                str(hole["rim_distance_mm"]),
                str(hole["depth_mm"]),
            ]
        assert f'<td id="hole-count">{document["metrics"]["hole_count"]}</td>' in page
        assert len(holes) == document["metrics"]["hole_count"]
        warnings = re.findall(r'<li class="severity-\w+" data-rule-id="([^"]+)">', page)
        assert warnings == [w["rule_id"] for w in document["warnings"]]
        clock = client.get(f"{CASE}plans/{done_plan.pk}/clock.png")
        assert clock["Content-Type"] == "image/png"
        assert clock.content == bytes(done_plan.clock_png)
        assert "out of date" not in page

    def test_a_plan_of_an_older_version_is_marked_out_of_date(
        self, done_plan: Any, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.web import store

        client = _client(surgeon)
        document = copy.deepcopy(store.current_version(demo_case).document)
        document["proms"] = document["proms"][:3]  # not a plan input: still current
        store.save_version(demo_case, document, user=surgeon)
        assert "Out of date" not in client.get(CASE).content.decode()
        document["lesions"][0]["center"]["rim_distance_mm"] = 7
        store.save_version(demo_case, document, user=surgeon)
        page = client.get(CASE).content.decode()
        assert (
            "Out of date: the case changed after this plan was made (version 1; the case is now"
            " version 3)"
        ) in page
        assert _state(page) == "done" and "Re-plan" in page


class TestPlanDownloads:
    def test_plan_json_and_markups_are_the_jobs_documents(
        self, done_plan: Any, make_user: Any, clinic: Any
    ) -> None:
        physio = make_user("physio1", "physio", clinic)
        client = _client(physio)
        plan = client.get(f"{CASE}plans/{done_plan.pk}/plan.json")
        assert plan.status_code == 200 and "attachment" in plan["Content-Disposition"]
        assert json.loads(plan.content) == done_plan.plan
        markups = client.get(f"{CASE}plans/{done_plan.pk}/markups.mrk.json")
        assert markups["Content-Disposition"].endswith('.mrk.json"')
        assert json.loads(markups.content) == done_plan.markups

    def test_a_patient_cannot_download_the_plan(
        self, done_plan: Any, make_user: Any, clinic: Any, demo_case: Any
    ) -> None:
        patient = make_user("patient1", "patient", clinic, demo_case)
        assert _client(patient).get(f"{CASE}plans/{done_plan.pk}/plan.json").status_code == 403

    def test_a_plan_of_another_case_is_not_found_under_this_one(
        self, done_plan: Any, store_case: Any, clinic: Any, surgeon: Any
    ) -> None:
        from web.conftest import example_document

        store_case(example_document(case_id="OTHER"), clinic, surgeon)
        client = _client(surgeon)
        assert client.get(f"/cases/OTHER/plans/{done_plan.pk}/plan.json").status_code == 404
        assert client.get(f"/cases/OTHER/plans/{done_plan.pk}/status").status_code == 404


class TestReplanForm:
    @pytest.mark.parametrize("role", ["physio", "staff", "patient"])
    def test_only_the_surgeon_may_ask_for_a_plan(
        self, demo_case: Any, make_user: Any, clinic: Any, role: str
    ) -> None:
        from chondral.web.models import PlanRecord

        user = make_user(f"{role}1", role, clinic, demo_case if role == "patient" else None)
        client = _client(user)
        assert client.post(f"{CASE}plans/", {"spacing_min_mm": "3"}).status_code == 403
        assert 'action="/cases/DEMO-001/plans/"' not in client.get(CASE).content.decode()
        assert not PlanRecord.objects.exists()

    def test_a_refused_parameter_is_shown_next_to_its_field(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.planning.parameters import PlanParameterError, PlanParameters
        from chondral.web.models import PlanRecord

        with pytest.raises(PlanParameterError) as refused:
            PlanParameters(spacing_min_mm=1.0)
        response = _client(surgeon).post(f"{CASE}plans/", {"spacing_min_mm": "1"})
        page = response.content.decode()
        assert response.status_code == 422
        assert f'<p class="error" id="id_spacing_min_mm-error">Error: {refused.value.problem}' in (
            page
        )
        assert "There is a problem" in page and page.count("<title>Error: ") == 1
        assert not PlanRecord.objects.exists()

    def test_an_unknown_lesion_and_a_non_number_are_refused_on_the_form(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        client = _client(surgeon)
        page = client.post(f"{CASE}plans/", {"lesion_id": "L9"}).content.decode()
        assert 'id="id_lesion_id-error"' in page
        page = client.post(f"{CASE}plans/", {"depth_mm": "deep"}).content.decode()
        assert 'id="id_depth_mm-error">Error: Enter a number.' in page

    def test_a_valid_request_queues_a_plan_with_the_overrides(
        self, demo_case: Any, surgeon: Any
    ) -> None:
        from chondral.web.models import PlanRecord

        response = _client(surgeon).post(
            f"{CASE}plans/", {"lesion_id": "L1", "spacing_min_mm": "3.2", "depth_mm": "4"}
        )
        assert (response.status_code, response["Location"]) == (302, CASE)
        plan = PlanRecord.objects.get()
        assert (plan.lesion_id, plan.overrides, plan.status) == (
            "L1",
            {"spacing_min_mm": 3.2, "depth_mm": 4.0},
            "queued",
        )
        assert plan.task_id and plan.version_number == 1


def test_the_editing_pages_words_are_not_taken_as_case_ids() -> None:
    from django.urls import Resolver404, resolve

    assert resolve("/cases/DEMO-001/").url_name == "case_detail"
    for word in ("new", "upload"):
        try:
            name = resolve(f"/cases/{word}/").url_name
        except Resolver404:
            name = None
        assert name != "case_detail"


def test_several_lesions_need_a_choice_before_a_job_is_asked_for() -> None:
    from chondral.errors import InvalidValueError
    from chondral.io.casefile import parse_case
    from chondral.services.plan_request import check_plan_request
    from web.conftest import example_document

    document = example_document()
    second = copy.deepcopy(document["lesions"][0])
    second["id"] = "L2"
    document["lesions"].append(second)
    document.pop("operative")
    case = parse_case(document)
    with pytest.raises(InvalidValueError) as caught:
        check_plan_request(case, None, {})
    assert caught.value.field == "lesion_id"
    assert check_plan_request(case, "L2", {"depth_mm": 4.0}).depth_mm == 4.0
    document["lesions"] = []
    with pytest.raises(InvalidValueError, match="no lesion to plan"):
        check_plan_request(parse_case(document), None, {})


def test_the_pages_scripts_are_static_files_and_plotly_is_bundled() -> None:
    from django.contrib.staticfiles import finders

    for name in ("chondral/plan3d.js", "chondral/job_status.js", "chondral/cases.css"):
        assert finders.find(name), name
    assert finders.find("vendor/plotly/plotly.min.js")
