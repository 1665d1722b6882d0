"""The audit log page: staff only, newest first, filters that return exactly the matching rows,
50 rows a page."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(make_user: Callable[..., Any], clinic: Any) -> Any:
    return make_user("staff1", "staff", clinic)


@pytest.fixture
def events(surgeon: Any, make_user: Callable[..., Any], clinic: Any) -> list[Any]:
    """A known mix of rows: 2 users x 3 actions x 2 cases x 2 outcomes."""
    from chondral.web import audit

    physio = make_user("physio1", "physio", clinic)
    rows = []
    for user, action, case_id, outcome in itertools.product(
        (surgeon, physio),
        ("view_case", "edit_case", "download_case"),
        ("C-1", "C-2"),
        ("allowed", "denied"),
    ):
        rows.append(
            audit.record(
                None,
                action=action,
                case_id=case_id,
                outcome=outcome,
                user=user,
                clinic_id=clinic.pk,
            )
        )
    return rows


def _shown(response: Any) -> list[int]:
    return [event.pk for event in response.context["page"].object_list]


def test_each_filter_returns_exactly_the_matching_rows(staff: Any, events: list[Any]) -> None:
    from chondral.web.models import AuditEvent

    client = _client(staff)
    cases = [
        ({"username": "physio1"}, lambda e: e.username == "physio1"),
        ({"case_id": "C-2"}, lambda e: e.case_id == "C-2"),
        ({"action": "edit_case"}, lambda e: e.action == "edit_case"),
        ({"outcome": "denied"}, lambda e: e.outcome == "denied"),
        (
            {"username": "surgeon1", "action": "view_case", "case_id": "C-1", "outcome": "allowed"},
            lambda e: (
                (e.username, e.action, e.case_id, e.outcome)
                == ("surgeon1", "view_case", "C-1", "allowed")
            ),
        ),
    ]
    for query, keep in cases:
        response = client.get("/audit/", query)
        assert response.status_code == 200
        everything = sorted(AuditEvent.objects.all(), key=lambda e: (e.at, e.pk), reverse=True)
        expected = [e.pk for e in everything if keep(e)]
        assert _shown(response) == expected, query
    assert len(_shown(client.get("/audit/", cases[-1][0]))) == 1


def test_date_filters_include_the_whole_days(staff: Any, events: list[Any]) -> None:
    client = _client(staff)
    today = timezone.localdate()
    later = (today + dt.timedelta(days=1)).isoformat()
    earlier = (today - dt.timedelta(days=1)).isoformat()
    mine = {"username": "surgeon1"}
    assert len(_shown(client.get("/audit/", {**mine, "date_from": today.isoformat()}))) == 12
    assert len(_shown(client.get("/audit/", {**mine, "date_to": today.isoformat()}))) == 12
    assert _shown(client.get("/audit/", {**mine, "date_from": later})) == []
    assert _shown(client.get("/audit/", {**mine, "date_to": earlier})) == []


def test_fifty_rows_a_page_newest_first(staff: Any, surgeon: Any, clinic: Any) -> None:
    from chondral.web import audit

    made = [
        audit.record(
            None, action="view_case", case_id=f"P-{i:03d}", user=surgeon, clinic_id=clinic.pk
        )
        for i in range(120)
    ]
    client = _client(staff)
    newest_first = [e.pk for e in reversed(made)]
    query = {"action": "view_case"}
    first = client.get("/audit/", query)
    assert _shown(first) == newest_first[:50]
    assert "page=2" in first.content.decode()
    assert _shown(client.get("/audit/", {**query, "page": 2})) == newest_first[50:100]
    assert _shown(client.get("/audit/", {**query, "page": 3})) == newest_first[100:]
    # every view of the log is itself audited
    from chondral.web.models import AuditEvent

    assert AuditEvent.objects.filter(action="view_audit", username="staff1").count() == 3


def test_a_bad_filter_value_shows_at_its_field_and_filters_nothing(
    staff: Any, events: list[Any]
) -> None:
    response = _client(staff).get("/audit/", {"date_from": "yesterday"})
    assert response.status_code == 200
    assert 'id="id_date_from_error"' in response.content.decode()


def test_only_staff_read_the_audit_log(
    surgeon: Any, make_user: Callable[..., Any], clinic: Any, demo_case: Any
) -> None:
    physio = make_user("physio2", "physio", clinic)
    patient = make_user("patient1", "patient", None, demo_case)
    for user in (surgeon, physio, patient):
        assert _client(user).get("/audit/").status_code == 403
    assert Client().get("/audit/").status_code in (302, 403)
    assert _client(surgeon).post("/audit/").status_code == 405


def test_staff_read_only_their_clinics_rows(
    make_user: Any, clinic: Any, other_clinic: Any, demo_case: Any, store_case: Any
) -> None:
    """Rows about a clinic's cases (attempts from outside included) are in that clinic's log;
    another clinic's staff never see them."""
    from django.test import Client

    from web.conftest import example_document

    outsider = make_user("surgeon-b", "surgeon", other_clinic)
    store_case(example_document(case_id="CASE-OF-B"), other_clinic, outsider)
    prober = Client()
    prober.force_login(outsider)
    assert prober.get(f"/cases/{demo_case.case_id}/").status_code == 404
    staff_a, staff_b = Client(), Client()
    staff_a.force_login(make_user("staff-a", "staff", clinic))
    staff_b.force_login(make_user("staff-b", "staff", other_clinic))
    seen_a = {(e.username, e.case_id) for e in staff_a.get("/audit/").context["page"]}
    seen_b = {(e.username, e.case_id) for e in staff_b.get("/audit/").context["page"]}
    assert ("surgeon-b", demo_case.case_id) in seen_a
    assert all(case_id != demo_case.case_id for _, case_id in seen_b)
    assert all(case_id != "CASE-OF-B" for _, case_id in seen_a)
    assert ("surgeon-b", "CASE-OF-B") in seen_b
