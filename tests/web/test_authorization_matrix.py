"""Every role against every page and API endpoint, with its own clinic's case, another clinic's
case and another patient's case.

The expected table below is written out by hand from the roles the clinic agreed (docs/web.md),
not read from ``chondral.web.roles``: a change to the code's table that this one does not share
fails here. A page or endpoint missing from the table fails too, so a new view cannot skip the
matrix.

Expected answers:
- a role allowed on its own clinic's case (a patient: their own): not 401, 403 or 404;
- a clinician or patient whose role is not allowed, on a case they can see: 403;
- another clinic's case, another patient's case, or an unknown id: 404 (never 403);
- signed out: the sign-in page (pages) or 401 (API).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from web.conftest import example_document

pytestmark = pytest.mark.django_db

S, T, P, PT = "surgeon", "staff", "physio", "patient"
CLINICIANS = frozenset({S, T, P})
EVERYONE = frozenset({S, T, P, PT})


@dataclass(frozen=True)
class Page:
    """A page or endpoint: URL name, method, whether it acts on one case, who may use it."""

    name: str
    method: str
    on_case: bool
    allowed: frozenset[str]
    api: bool = False
    write: bool = False
    portal: bool = False
    """A patient-portal page: it acts on the signed-in patient's own case, never one named in
    the URL, so anyone but a patient with a case finds nothing there (404, not 403)."""


PAGES = [
    # Clinician pages acting on one case.
    Page("case_detail", "GET", True, EVERYONE),
    Page("case_file", "GET", True, CLINICIANS),
    Page("rehab_ics", "GET", True, EVERYONE),
    Page("outcome_chart", "GET", True, EVERYONE),
    Page("case_versions", "GET", True, CLINICIANS),
    Page("case_version", "GET", True, CLINICIANS),
    Page("plan_request", "POST", True, frozenset({S}), write=True),
    Page("plan_status", "GET", True, EVERYONE),
    Page("plan_json", "GET", True, CLINICIANS),
    Page("plan_markups", "GET", True, CLINICIANS),
    Page("plan_clock_png", "GET", True, EVERYONE),
    Page("case_edit", "GET", True, frozenset({S, T})),
    Page("case_edit", "POST", True, frozenset({S, T}), write=True),
    Page("case_document_edit", "GET", True, frozenset({S, T})),
    Page("case_document_edit", "POST", True, frozenset({S, T}), write=True),
    Page("lesion_add", "GET", True, frozenset({S, T})),
    Page("lesion_edit", "GET", True, frozenset({S, T})),
    Page("lesion_remove", "POST", True, frozenset({S, T}), write=True),
    Page("checklist_edit", "GET", True, frozenset({S, T})),
    Page("mesh_upload", "GET", True, frozenset({S, T})),
    Page("mesh_upload", "POST", True, frozenset({S, T}), write=True),
    Page("operative_edit", "GET", True, frozenset({S})),
    Page("operative_edit", "POST", True, frozenset({S}), write=True),
    Page("operative_note", "GET", True, CLINICIANS),
    Page("return_to_sport", "GET", True, CLINICIANS),
    Page("rts_tests", "GET", True, frozenset({S, P})),
    Page("rts_tests", "POST", True, frozenset({S, P}), write=True),
    Page("rts_approve", "GET", True, frozenset({S})),
    Page("rts_approve", "POST", True, frozenset({S}), write=True),
    # Clinician pages acting on the clinic.
    Page("case_list", "GET", False, CLINICIANS),
    Page("case_create", "GET", False, frozenset({S, T})),
    Page("case_upload", "GET", False, frozenset({S, T})),
    Page("cohort", "GET", False, frozenset({S})),
    Page("cohort_chart", "GET", False, frozenset({S})),
    Page("cohort_csv", "GET", False, frozenset({S})),
    Page("audit_log", "GET", False, frozenset({T})),
    # The patient portal: the patient's own case, found from their profile.
    Page("my_hip", "GET", False, frozenset({PT}), portal=True),
    Page("my_hip_ics", "GET", False, frozenset({PT}), portal=True),
    Page("questionnaires", "GET", False, frozenset({PT}), portal=True),
    Page("questionnaire", "GET", False, frozenset({PT}), portal=True),
    Page("questionnaire_answer", "POST", False, frozenset({PT}), portal=True, write=True),
    Page("questionnaire_results", "GET", False, frozenset({PT}), portal=True),
    # The JSON API.
    Page("create_case", "POST", False, frozenset({S, T}), api=True, write=True),
    Page("get_case", "GET", True, EVERYONE, api=True),
    Page("put_case", "PUT", True, frozenset({S, T}), api=True, write=True),
    Page("get_assessment", "GET", True, EVERYONE, api=True),
    Page("get_outcomes", "GET", True, EVERYONE, api=True),
    Page("get_rehab", "GET", True, EVERYONE, api=True),
    Page("get_rehab_ics", "GET", True, EVERYONE, api=True),
    Page("post_prom", "POST", True, EVERYONE, api=True, write=True),
    Page("post_plan", "POST", True, frozenset({S}), api=True, write=True),
    Page("get_plan", "GET", True, CLINICIANS, api=True),
    Page("get_job", "GET", True, EVERYONE, api=True),
]

NOT_PATIENT_DATA = {
    "healthz",
    "login",
    "logout",
    "openapi-json",
    "api-root",
    "home",
    "learn_index",
    "learn_page",
    "preferences",
}
"""URL names outside the matrix: health, sign-in and -out, the API description, ``/`` (which
only redirects; tested on its own below), the education pages (the same for everyone, signed
in or not) and the accessibility preferences (the user's own display settings)."""


def _url_names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # Django's admin: superusers only, no patient data (test_foundation)
            names |= _url_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_and_endpoint_is_in_the_matrix() -> None:
    names = _url_names(get_resolver().url_patterns)
    covered = {page.name for page in PAGES}
    assert names - NOT_PATIENT_DATA - covered == set(), "add the new view to PAGES"
    assert covered - names == set(), "PAGES names a view that no longer exists"


@dataclass
class World:
    """Two clinics; in clinic A a case with a finished plan, each role, and the patient of that
    case; a second patient of another case in A; a surgeon of clinic B with a case of B."""

    case_a: Any
    case_other_patient: Any
    case_b: Any
    plan_pk: int
    job_id: str
    users: dict[str, Any]


@pytest.fixture
def world(clinic: Any, other_clinic: Any, make_user: Any, store_case: Any) -> World:
    from chondral.web import jobs, store

    surgeon = make_user("surgeon-a", S, clinic)
    case_a = store_case(example_document(), clinic, surgeon)
    case_other = store_case(example_document(case_id="OTHER-PATIENT"), clinic, surgeon)
    surgeon_b = make_user("surgeon-b", S, other_clinic)
    case_b = store_case(example_document(case_id="CLINIC-B-CASE"), other_clinic, surgeon_b)
    plan = jobs.request_plan(case_a, store.current_version(case_a), user=surgeon)
    jobs.make_plan.call(plan.pk)
    users = {
        S: surgeon,
        T: make_user("staff-a", T, clinic),
        P: make_user("physio-a", P, clinic),
        PT: make_user("patient-a", PT, clinic, case_a),
        "other_patient": make_user("patient-other", PT, clinic, case_other),
        "other_clinic": surgeon_b,
    }
    return World(case_a, case_other, case_b, plan.pk, plan.task_id, users)


def _kwargs(page: Page, case_id: str, world: World) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if page.on_case:
        kwargs["case_id"] = case_id
    extra = {
        "outcome_chart": {"instrument": "mhhs"},
        "case_version": {"number": 1},
        "plan_status": {"pk": world.plan_pk},
        "plan_json": {"pk": world.plan_pk},
        "plan_markups": {"pk": world.plan_pk},
        "plan_clock_png": {"pk": world.plan_pk},
        "lesion_edit": {"index": 0},
        "lesion_remove": {"index": 0},
        "questionnaire": {"instrument": "ihot12"},
        "questionnaire_answer": {"instrument": "ihot12"},
        "questionnaire_results": {"instrument": "ihot12"},
    }.get(page.name, {})
    kwargs.update(extra)
    if page.name == "get_job":
        kwargs = {"job_id": world.job_id}
    return kwargs


def _reverse(page: Page, kwargs: dict[str, Any]) -> str:
    return reverse(f"api:{page.name}" if page.api else page.name, kwargs=kwargs)


_counter = {"n": 0}


def _body(page: Page, world: World) -> Any:
    from chondral.web import store

    if page.name == "create_case":
        _counter["n"] += 1
        document = example_document(case_id=f"NEW-{_counter['n']}")
        for surgeons_own in ("operative", "return_to_sport", "plan"):  # tested on their own below
            document.pop(surgeons_own, None)
        return document
    if page.name == "put_case":
        return copy.deepcopy(store.current_version(world.case_a).document)
    if page.name == "post_prom":
        return {"instrument": "vas_pain", "date": "2025-05-01", "answers": {"pain": 3}}
    if page.name == "post_plan":
        return {}
    return None


def _call(client: Client, page: Page, url: str, world: World, token: str | None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = _body(page, world)
    method = getattr(client, page.method.lower())
    if page.api and body is not None:
        import json

        return method(url, data=json.dumps(body), content_type="application/json", **headers)
    return method(url, **headers)


def _client_for(user: Any, page: Page) -> tuple[Client, str | None]:
    client = Client()
    if page.api:
        from chondral.web.tokens import create_token

        return client, create_token(user)
    client.force_login(user)
    return client, None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method}-{p.name}")
def test_each_role_gets_the_answer_the_matrix_gives(page: Page, world: World) -> None:
    from django.conf import settings

    del settings  # the database and settings are the test ones
    own_case = {S: world.case_a, T: world.case_a, P: world.case_a, PT: world.case_a}
    answers: dict[str, int] = {}
    expected_refusals: dict[str, int] = {}
    for role in (P, PT, T, S):  # the surgeon last: allowed writes change the case
        user = world.users[role]
        if page.write and role in page.allowed and not page.api:
            continue  # allowed form posts are tested by the pages' own tests
        client, token = _client_for(user, page)
        url = _reverse(page, _kwargs(page, own_case[role].case_id, world))
        answers[role] = _call(client, page, url, world, token).status_code
        if role not in page.allowed:
            expected_refusals[role] = 404 if page.portal else 403
    refused = {role: code for role, code in answers.items() if code in (401, 403, 404)}
    assert refused == expected_refusals, (page, answers)


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if p.on_case and p.name != "get_job"],  # a job: by its id, tested below
    ids=lambda p: f"{p.method}-{p.name}",
)
def test_cases_out_of_reach_are_not_found(page: Page, world: World) -> None:
    """Another clinic's case, another patient's case and an unknown id: 404 for everyone,
    whether or not their role could take the action."""
    attempts = [
        (world.users[S], world.case_b.case_id),
        (world.users["other_clinic"], world.case_a.case_id),
        (world.users[PT], world.case_other_patient.case_id),
        (world.users["other_patient"], world.case_a.case_id),
        (world.users[S], "NO-SUCH-CASE"),
    ]
    for user, case_id in attempts:
        client, token = _client_for(user, page)
        url = _reverse(page, _kwargs(page, case_id, world))
        answer = _call(client, page, url, world, token).status_code
        assert answer == 404, (user.username, case_id, answer)


def test_another_clinics_job_is_not_found(world: World) -> None:
    from chondral.web.tokens import create_token

    page = next(p for p in PAGES if p.name == "get_job")
    for user in (world.users["other_clinic"], world.users["other_patient"]):
        client = Client()
        token = create_token(user)
        url = _reverse(page, {"job_id": world.job_id})
        assert _call(client, page, url, world, token).status_code == 404
    client = Client()
    unknown = _reverse(page, {"job_id": "no-such-job"})
    assert _call(client, page, unknown, world, create_token(world.users[S])).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method}-{p.name}")
def test_signed_out_users_are_sent_to_sign_in(page: Page, world: World) -> None:
    url = _reverse(page, _kwargs(page, world.case_a.case_id, world))
    response = _call(Client(), page, url, world, None)
    if page.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_home_sends_each_user_where_they_work(world: World) -> None:
    client = Client()
    assert client.get("/")["Location"].startswith("/accounts/login/")
    client.force_login(world.users[PT])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("my_hip")
    for role in (S, T, P):
        client = Client()
        client.force_login(world.users[role])
        response = client.get("/", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("case_list")


# --- a whole-document save carries no right the role lacks ----------------------------------


def _document(world: World) -> dict[str, Any]:
    from chondral.web import store

    return copy.deepcopy(store.current_version(world.case_a).document)


def _put(user: Any, case_id: str, document: dict[str, Any]) -> Any:
    import json

    from chondral.web.tokens import create_token

    return Client().put(
        _reverse(next(p for p in PAGES if p.name == "put_case"), {"case_id": case_id}),
        data=json.dumps(document),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(user)}",
    )


@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("plan", lambda d: d.__setitem__("plan", {"spacing_min_mm": 3.2})),
        ("operative", lambda d: d["operative"].__setitem__("surgeon", "someone else")),
        ("approval", lambda d: d["return_to_sport"].pop("approval")),
    ],
)
def test_staff_cannot_save_a_surgeon_only_section_through_the_whole_document(
    world: World, section: str, change: Any
) -> None:
    document = _document(world)
    change(document)
    answer = _put(world.users[T], world.case_a.case_id, document)
    assert answer.status_code == 403, section
    world.case_a.refresh_from_db()
    assert world.case_a.current_version == 1
    # The same change by the surgeon is saved.
    assert _put(world.users[S], world.case_a.case_id, document).status_code == 200


def test_the_document_editor_refuses_what_the_role_may_not_change(world: World) -> None:
    import yaml

    document = _document(world)
    document["return_to_sport"].pop("approval")
    client = Client()
    client.force_login(world.users[T])
    url = reverse("case_document_edit", kwargs={"case_id": world.case_a.case_id})
    answer = client.post(url, {"base_version": "1", "document_text": yaml.safe_dump(document)})
    assert answer.status_code == 403
    world.case_a.refresh_from_db()
    assert world.case_a.current_version == 1


def test_a_new_case_may_not_bring_a_section_its_creator_may_not_write(world: World) -> None:
    import json

    from chondral.web.models import CaseRecord
    from chondral.web.tokens import create_token

    document = example_document(case_id="STAFF-MADE")  # it records an approval and an operation
    create = next(p for p in PAGES if p.name == "create_case")
    answer = Client().post(
        _reverse(create, {}),
        data=json.dumps(document),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(world.users[T])}",
    )
    assert answer.status_code == 403
    assert not CaseRecord.objects.filter(case_id="STAFF-MADE").exists()
    for key in ("operative", "return_to_sport", "plan"):
        document.pop(key, None)
    answer = Client().post(
        _reverse(create, {}),
        data=json.dumps(document),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token(world.users[T])}",
    )
    assert answer.status_code == 201


@pytest.mark.parametrize(
    ("old", "new", "actions"),
    [
        ({"a": 1}, {"a": 1}, set()),
        ({"a": 1}, {"a": 2}, {"edit_case"}),
        ({}, {"plan": {"spacing_min_mm": 3}}, {"edit_plan"}),
        (
            {"return_to_sport": {"assessments": []}},
            {"return_to_sport": {"assessments": [], "approval": {"by": "x"}}},
            {"approve_rts"},
        ),
        (
            {"return_to_sport": {"assessments": []}},
            {"return_to_sport": {"assessments": [{"date": "2025-01-01"}]}},
            {"record_rts_tests"},
        ),
        ({}, {"return_to_sport": {"approval": {}}}, {"approve_rts"}),
        ({"proms": []}, {"proms": [{}], "imaging": {}}, {"record_prom", "upload_mesh"}),
        ({"operative": {"a": 1}, "hip": 1}, {"hip": 2}, {"record_operative", "edit_case"}),
    ],
)
def test_each_section_needs_its_own_action(old: Any, new: Any, actions: set[str]) -> None:
    from chondral.web.roles import actions_for_change

    assert {str(a) for a in actions_for_change(old, new)} == actions


def test_a_patient_reads_their_case_through_the_api_without_the_case_file(world: World) -> None:
    from chondral.web.tokens import create_token

    page = next(p for p in PAGES if p.name == "get_case")
    url = _reverse(page, {"case_id": world.case_a.case_id})
    patient = _call(Client(), page, url, world, create_token(world.users[PT])).json()
    surgeon = _call(Client(), page, url, world, create_token(world.users[S])).json()
    assert patient["document"] is None and patient["side"] == "right"
    assert surgeon["document"] == _document(world)
