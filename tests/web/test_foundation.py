"""The web foundation: stored cases validate like case files, versions record exactly what
changed, authorization answers 404 before 403 and audits both, the audit log cannot be changed,
and a plan job stores the plan the library makes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test import RequestFactory
from hypothesis import assume, given
from hypothesis import strategies as st

from chondral.errors import InputDataError
from chondral.io.casefile import parse_case
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.candidacy import assess_case
from web.conftest import example_document

pytestmark = pytest.mark.django_db


def _request(user: Any, path: str = "/cases/x/") -> Any:
    request = RequestFactory().get(path, REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


# --- store ---------------------------------------------------------------------------------


def test_a_stored_case_has_its_list_facts_from_the_services(demo_case: Any) -> None:
    case = parse_case(example_document())
    assert demo_case.verdict == str(assess_case(case, DEFAULT_RULE_SET).verdict)
    assert demo_case.side == str(case.side) == "right"
    assert demo_case.current_version == 1


def test_an_invalid_document_is_refused_with_the_case_file_field(clinic: Any, surgeon: Any) -> None:
    from chondral.web import store
    from chondral.web.models import CaseRecord

    document = example_document()
    document["hip"] = dict(document["hip"], radiographic={"lcea_deg": 200})
    with pytest.raises(InputDataError) as caught:
        store.create_case(document, user=surgeon, clinic=clinic)
    assert caught.value.field == "hip.radiographic.lcea_deg"
    assert not CaseRecord.objects.exists()


def test_the_same_id_twice_is_refused(demo_case: Any, clinic: Any, surgeon: Any) -> None:
    from chondral.web import store

    with pytest.raises(store.CaseExistsError):
        store.create_case(example_document(), user=surgeon, clinic=clinic)


def test_a_new_version_lists_exactly_the_changed_fields(demo_case: Any, surgeon: Any) -> None:
    from chondral.web import store

    document = copy.deepcopy(store.current_version(demo_case).document)
    document["lesions"][0]["contained"] = not document["lesions"][0].get("contained", True)
    document["rehab_commitment"] = False
    saved = store.save_version(demo_case, document, user=surgeon, base_version=1, note="edit")
    assert saved.version.number == 2 and saved.record.current_version == 2
    assert saved.version.changes == ["lesions[0].contained", "rehab_commitment"]
    assert saved.version.author_name == surgeon.get_username()
    assert store.current_version(saved.record).document == document
    # The first version is kept as it was.
    assert demo_case.versions.get(number=1).document == example_document()


def test_a_save_over_a_newer_version_is_refused(demo_case: Any, surgeon: Any) -> None:
    from chondral.web import store

    document = store.current_version(demo_case).document
    store.save_version(demo_case, document, user=surgeon, base_version=1)
    with pytest.raises(store.StaleVersionError, match="version 1; it is now version 2"):
        store.save_version(demo_case, document, user=surgeon, base_version=1)


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [("case_id", "OTHER-1", "case_id"), ("hip", None, "hip.side")],
)
def test_the_id_and_the_side_of_a_stored_case_cannot_change(
    demo_case: Any, surgeon: Any, key: str, value: Any, field: str
) -> None:
    from chondral.web import store

    document = copy.deepcopy(store.current_version(demo_case).document)
    if key == "hip":
        document["hip"]["side"] = "left"
        document.pop("operative")  # else the operative record's side is the first refusal
    else:
        document[key] = value
    with pytest.raises(InputDataError) as caught:
        store.save_version(demo_case, document, user=surgeon)
    assert caught.value.field == field


def test_a_plan_input_change_changes_the_plan_digest_and_nothing_else_does() -> None:
    from chondral.web.store import plan_inputs_digest

    document = example_document()
    other = copy.deepcopy(document)
    other["proms"] = []
    assert plan_inputs_digest(other) == plan_inputs_digest(document)
    other["lesions"][0]["contained"] = not other["lesions"][0].get("contained", True)
    assert plan_inputs_digest(other) != plan_inputs_digest(document)


_leaf = st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.none())
_key = st.text(alphabet="abcdef", min_size=1, max_size=3)
_tree = st.recursive(
    _leaf,
    lambda children: st.dictionaries(_key, children, max_size=4),
    max_leaves=12,
)


def _leaves(tree: Any, prefix: str = "") -> list[str]:
    if isinstance(tree, dict):
        return [p for k, v in tree.items() for p in _leaves(v, f"{prefix}.{k}" if prefix else k)]
    return [prefix]


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        tree = tree[part]
    tree[last] = value


@given(st.dictionaries(_key, _tree, min_size=1, max_size=4), st.data())
def test_changing_one_leaf_is_reported_as_that_path_only(tree: dict[str, Any], data: Any) -> None:
    from chondral.web.store import changed_fields

    assert changed_fields(tree, copy.deepcopy(tree)) == []
    leaves = [p for p in _leaves(tree) if p]
    assume(leaves)
    path = data.draw(st.sampled_from(leaves))
    changed = copy.deepcopy(tree)
    _set(changed, path, ["a value no strategy makes"])
    assert changed_fields(tree, changed) == [path]


# --- authorization -------------------------------------------------------------------------


def test_signed_out_users_are_refused_and_audited() -> None:
    from django.contrib.auth.models import AnonymousUser

    from chondral.web.access import authorize
    from chondral.web.models import AuditEvent
    from chondral.web.roles import Action

    with pytest.raises(PermissionDenied):
        authorize(_request(AnonymousUser()), Action.VIEW_CASE, "ANY")
    event = AuditEvent.objects.get()
    assert (event.outcome, event.case_id, event.username) == ("denied", "ANY", "")


def test_another_clinics_case_is_not_found_and_that_is_audited(
    demo_case: Any, make_user: Any, other_clinic: Any
) -> None:
    from chondral.web.access import authorize
    from chondral.web.models import AuditEvent
    from chondral.web.roles import Action

    outsider = make_user("outsider", "surgeon", other_clinic)
    for case_id in (demo_case.case_id, "NO-SUCH-CASE"):
        with pytest.raises(Http404):
            authorize(_request(outsider), Action.VIEW_CASE, case_id)
    rows = list(AuditEvent.objects.filter(username="outsider").order_by("id"))
    assert [(r.case_id, r.outcome, r.ip_address) for r in rows] == [
        (demo_case.case_id, "not_found", "10.1.2.3"),
        ("NO-SUCH-CASE", "not_found", "10.1.2.3"),
    ]


def test_a_patient_sees_only_their_own_case(
    demo_case: Any, store_case: Any, clinic: Any, surgeon: Any, make_user: Any
) -> None:
    from chondral.web.access import authorize
    from chondral.web.roles import Action

    other = store_case(example_document(case_id="OTHER-PATIENT"), clinic, surgeon)
    patient = make_user("patient1", "patient", clinic, demo_case)
    actor, record = authorize(_request(patient), Action.VIEW_CASE, demo_case.case_id)
    assert record == demo_case and str(actor.role) == "patient"
    with pytest.raises(Http404):
        authorize(_request(patient), Action.VIEW_CASE, other.case_id)
    with pytest.raises(PermissionDenied):  # a patient has no case list
        authorize(_request(patient), Action.LIST_CASES)


def test_a_role_without_the_action_gets_403_on_a_case_it_can_see(
    demo_case: Any, make_user: Any, clinic: Any
) -> None:
    from chondral.web.access import authorize
    from chondral.web.models import AuditEvent
    from chondral.web.roles import Action

    physio = make_user("physio1", "physio", clinic)
    with pytest.raises(PermissionDenied):
        authorize(_request(physio), Action.EDIT_PLAN, demo_case.case_id)
    staff = make_user("staff1", "staff", clinic)
    with pytest.raises(PermissionDenied):
        authorize(_request(staff), Action.APPROVE_RTS, demo_case.case_id)
    refusals = AuditEvent.objects.filter(username__in=["physio1", "staff1"])
    assert [(r.username, r.action, r.outcome) for r in refusals.order_by("id")] == [
        ("physio1", "edit_plan", "denied"),
        ("staff1", "approve_rts", "denied"),
    ]


def test_a_user_without_a_profile_has_no_role(db: None) -> None:
    from django.contrib.auth.models import User

    from chondral.web.access import actor_of

    assert actor_of(User.objects.create_user("plain", password="x" * 20)) is None
    assert actor_of(None) is None


# --- the audit log is append-only ----------------------------------------------------------


def test_audit_rows_cannot_be_changed_or_removed(demo_case: Any) -> None:
    from chondral.web.models import AuditEvent

    event = AuditEvent.objects.first()
    assert event is not None
    event.detail = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="x")
    # Below the model, the database refuses too.
    for statement in ("UPDATE clinic_auditevent SET detail = 'x'", "DELETE FROM clinic_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get(pk=event.pk).detail != "rewritten"


# --- plan jobs -----------------------------------------------------------------------------


def test_a_plan_job_stores_the_plan_the_library_makes(demo_case: Any, surgeon: Any) -> None:
    from chondral.io.sources import CaseFolder
    from chondral.services.planning import plan_case
    from chondral.web import jobs, store
    from chondral.web.models import PlanRecord

    record = jobs.request_plan(demo_case, store.current_version(demo_case), user=surgeon)
    assert record.status == PlanRecord.Status.QUEUED and record.task_id
    assert jobs.make_plan.call(record.pk) == "done"
    record.refresh_from_db()
    direct = plan_case(parse_case(example_document()), CaseFolder(None))
    assert record.plan is not None
    assert len(record.plan["holes"]) == direct.plan.metrics.hole_count > 0
    assert (
        record.plan["provenance"]["input_hashes"]["case"] == store.current_version(demo_case).digest
    )
    assert record.markups is not None and record.figure is not None
    assert bytes(record.clock_png).startswith(b"\x89PNG")
    # Run again (a worker killed after finishing): the record is left as it was.
    finished = record.finished_at
    assert jobs.make_plan.call(record.pk) == "done"
    record.refresh_from_db()
    assert record.finished_at == finished and record.attempts == 1


def test_a_plan_that_cannot_be_made_fails_with_one_line(demo_case: Any, surgeon: Any) -> None:
    from chondral.web import jobs, store
    from chondral.web.models import PlanRecord

    document = copy.deepcopy(store.current_version(demo_case).document)
    server_file = {"path": "/etc/passwd", "units": "mm"}
    document["imaging"] = {"femur_mesh": server_file, "acetabular_cartilage_mesh": server_file}
    saved = store.save_version(demo_case, document, user=surgeon)
    record = jobs.request_plan(saved.record, saved.version, user=surgeon)
    assert jobs.make_plan.call(record.pk) == "failed"
    record.refresh_from_db()
    assert record.status == PlanRecord.Status.FAILED
    assert "imaging." in record.error and "upload" in record.error
    assert "\n" not in record.error and "Traceback" not in record.error


# --- responses -----------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response  # only over TLS


def test_the_default_database_is_sqlite_in_wal_mode(tmp_path: Any, monkeypatch: Any) -> None:
    import sqlite3

    from chondral.web import settings

    monkeypatch.delenv("CHONDRAL_DATABASE_URL", raising=False)
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    config = settings._database()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "chondral.sqlite3")
    connection_ = sqlite3.connect(config["NAME"])
    connection_.executescript(config["OPTIONS"]["init_command"])
    assert connection_.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_postgresql_url_selects_psycopg(monkeypatch: Any) -> None:
    from chondral.web import settings

    monkeypatch.setenv("CHONDRAL_DATABASE_URL", "postgresql://clinic@db.example:5433/chondral")
    config = settings._database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "chondral",
        "clinic",
    )


def test_the_admin_shows_no_patient_data() -> None:
    from django.contrib import admin

    from chondral.web import models

    registered = set(admin.site._registry)
    patient_data = {
        models.CaseRecord,
        models.CaseVersion,
        models.MeshUpload,
        models.PlanRecord,
        models.Profile,
        models.AuditEvent,
    }
    assert models.Clinic in registered
    assert not registered & patient_data


def test_the_operative_review_uses_only_a_plan_of_the_current_inputs(
    demo_case: Any, surgeon: Any
) -> None:
    from chondral.io.sources import CaseFolder
    from chondral.services.planning import plan_case, planned_holes_of
    from chondral.web import jobs, store

    assert jobs.current_planned_holes(demo_case)[0] is None
    record = jobs.request_plan(demo_case, store.current_version(demo_case), user=surgeon)
    jobs.make_plan.call(record.pk)
    planned, reason = jobs.current_planned_holes(demo_case)
    direct = planned_holes_of(plan_case(parse_case(example_document()), CaseFolder(None)).plan)
    assert (planned, reason) == (direct, None)
    document = copy.deepcopy(store.current_version(demo_case).document)
    document["lesions"][0]["contained"] = not document["lesions"][0].get("contained", True)
    saved = store.save_version(demo_case, document, user=surgeon)
    planned, reason = jobs.current_planned_holes(saved.record)
    assert planned is None and reason is not None and "make one" in reason


def test_a_body_larger_than_any_page_accepts_is_refused_before_it_is_read(
    client: Any, settings: Any
) -> None:
    from chondral.web.security import BODY_MARGIN_BYTES

    too_big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + BODY_MARGIN_BYTES + 1
    answer = client.post(
        "/api/cases", data=b"x", content_type="application/json", CONTENT_LENGTH=str(too_big)
    )
    assert answer.status_code == 413
    mesh_limit = settings.MAX_MESH_UPLOAD_BYTES + BODY_MARGIN_BYTES
    answer = client.post(
        "/cases/X/meshes/",
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(mesh_limit + 1),
    )
    assert answer.status_code == 413
    # Within its limit a mesh page is reached (and asks for sign-in).
    answer = client.post(
        "/cases/X/meshes/",
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(too_big),
    )
    assert answer.status_code == 302


def test_a_page_failure_is_logged_without_the_case(
    demo_case: Any, surgeon: Any, monkeypatch: Any, caplog: Any
) -> None:
    from django.test import Client

    from chondral.web import access

    def broken(actor: Any) -> Any:
        raise RuntimeError(f"cannot read {demo_case.case_id}")

    monkeypatch.setattr(access, "visible_cases", broken)
    client = Client(raise_request_exception=False)
    client.force_login(surgeon)
    with caplog.at_level("ERROR", logger="chondral"):
        answer = client.get(f"/cases/{demo_case.case_id}/versions/1/")
    assert answer.status_code == 500
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("chondral")]
    assert any("RuntimeError at" in line and "case_version" in line for line in lines), lines
    assert all(demo_case.case_id not in line for line in lines)


def test_a_list_refresh_never_overwrites_a_newer_save(demo_case: Any, surgeon: Any) -> None:
    import datetime as dt

    from chondral.web import store
    from chondral.web.models import CaseRecord

    stale = CaseRecord.objects.get(pk=demo_case.pk)  # holds version 1
    document = copy.deepcopy(store.current_version(demo_case).document)
    document.pop("surgery_date")
    document.pop("operative")
    document.pop("return_to_sport")
    store.save_version(demo_case, document, user=surgeon)  # version 2: no surgery date
    assert CaseRecord.objects.get(pk=demo_case.pk).phase == "assessment"
    store.refresh_summary(stale, today=dt.date(2026, 12, 1))  # worked out from version 1
    assert CaseRecord.objects.get(pk=demo_case.pk).phase == "assessment"


def test_a_case_read_again_is_the_same_validated_case_and_a_changed_one_is_not() -> None:
    from chondral.web.store import Recent, load_case

    document = example_document()
    first = load_case(document)
    assert load_case(copy.deepcopy(document)) is first
    changed = copy.deepcopy(document)
    changed["rehab_commitment"] = False
    assert load_case(changed) is not first and load_case(changed).rehab_commitment is False
    recent = Recent(2)
    for key in "abc":
        recent.put(key, key.upper())
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (None, "B", "C")
