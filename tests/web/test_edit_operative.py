"""Mesh upload, the operative record and note, and return to sport through the web pages."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from web.conftest import example_document
from web.test_edit_pages import _error_of

pytestmark = pytest.mark.django_db

LIBHIP_FEMUR = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "libhip"
    / "femur"
    / "m4_rfemur_mm.stl"
)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sphere_stl(radius: float) -> bytes:
    import trimesh

    data = trimesh.creation.icosphere(subdivisions=2, radius=radius).export(file_type="stl")
    assert isinstance(data, bytes)
    return data


def _upload(
    client: Client,
    data: bytes,
    *,
    field: str = "femur_mesh",
    units: str = "mm",
    version: int = 1,
    name: str = "femur.stl",
) -> Any:
    return client.post(
        "/cases/DEMO-001/meshes/",
        {
            "base_version": str(version),
            "field": field,
            "units": units,
            "mesh_file": SimpleUploadedFile(name, data),
        },
    )


def test_a_synthetic_stl_is_kept_by_its_sha256_and_named_in_a_new_version(
    surgeon: Any, demo_case: Any
) -> None:
    from chondral.web import store
    from chondral.web.models import MeshUpload

    client = _client(surgeon)
    assert client.get("/cases/DEMO-001/meshes/").status_code == 200
    data = _sphere_stl(25.0)
    response = _upload(client, data)
    assert response.status_code == 302
    digest = hashlib.sha256(data).hexdigest()
    demo_case.refresh_from_db()
    version = store.current_version(demo_case)
    assert version.number == 2
    assert version.changes == ["imaging"]
    assert version.document["imaging"]["femur_mesh"] == {
        "path": f"stored:sha256:{digest}",
        "units": "mm",
    }
    assert (store.mesh_folder() / f"{digest}.stl").read_bytes() == data
    upload = MeshUpload.objects.get(case=demo_case)
    assert (upload.field, upload.sha256, upload.size_bytes, upload.uploaded_by) == (
        "imaging.femur_mesh",
        digest,
        len(data),
        surgeon,
    )
    page = client.get("/cases/DEMO-001/meshes/").content.decode()
    assert f"stored:sha256:{digest}" in page


@pytest.mark.skipif(not LIBHIP_FEMUR.is_file(), reason="../shared/data/libhip is not present")
def test_the_libhip_femur_uploads(surgeon: Any, demo_case: Any) -> None:
    from chondral.web import store

    data = LIBHIP_FEMUR.read_bytes()
    assert _upload(_client(surgeon), data, name="m4_rfemur_mm.stl").status_code == 302
    demo_case.refresh_from_db()
    reference = store.current_version(demo_case).document["imaging"]["femur_mesh"]["path"]
    assert reference == "stored:sha256:" + hashlib.sha256(data).hexdigest()


def test_a_file_that_is_no_mesh_or_of_the_wrong_unit_is_refused_at_its_field(
    surgeon: Any, demo_case: Any
) -> None:
    client = _client(surgeon)
    html = _upload(client, b"this is not a mesh at all").content.decode()
    assert "femur.stl" in _error_of(html, "mesh_file")
    assert "holds no triangle surface" in _error_of(html, "mesh_file")
    # a 50 mm sphere declared in metres is 50 m across: the unit is named
    html = _upload(client, _sphere_stl(25.0), units="m").content.decode()
    assert "implausible" in _error_of(html, "units")
    assert demo_case.versions.count() == 1


def test_a_mesh_over_the_size_limit_is_refused_before_it_is_read(
    surgeon: Any, demo_case: Any, settings: Any
) -> None:
    settings.MAX_MESH_UPLOAD_BYTES = 100
    html = _upload(_client(surgeon), b"x" * 101).content.decode()
    assert "at most 100" in _error_of(html, "mesh_file")


def _without_operative(store_case: Callable[..., Any], clinic: Any, surgeon: Any) -> Any:
    document = example_document(case_id="OP-1")
    del document["operative"]
    del document["return_to_sport"]
    return store_case(document, clinic, surgeon)


def test_the_surgeon_records_the_operation_as_a_new_version(
    surgeon: Any, store_case: Callable[..., Any], clinic: Any
) -> None:
    record = _without_operative(store_case, clinic, surgeon)
    client = _client(surgeon)
    page = client.get("/cases/OP-1/operative/")
    assert page.status_code == 200
    assert page.context["form"].initial["surgeon"] == "surgeon1"
    response = client.post(
        "/cases/OP-1/operative/",
        {
            "base_version": "1",
            "date": "2025-03-03",
            "surgeon": "Dr A. Example",
            "anaesthesia_type": "general",
            "anaesthesia_block": "",
            "traction_start": "08:52",
            "traction_stop": "09:58",
            "traction_force_kg": "41",
            "distraction_mm": "10",
            "portals": ["anterolateral", "mid_anterior"],
            "concomitant": ["labral_repair"],
            "other_findings": "cam deformity",
            "complications": "none",
            "mf0_holes": "9",
            "mf0_depth_mm": "3",
            "mf0_awl_angles_deg": "45, 90",
            "mf0_calcified": "yes",
            "mf0_marrow": "yes",
            "mf0_debris": "",
        },
    )
    assert response.status_code == 302
    version = record.versions.get(number=2)
    assert version.changes == ["operative"]
    lesion = {k: v for k, v in example_document()["lesions"][0].items() if k != "measured"}
    assert version.document["operative"] == {
        "date": "2025-03-03",
        "side": "right",
        "surgeon": "Dr A. Example",
        "anaesthesia": {"type": "general"},
        "traction": [{"start": "08:52", "stop": "09:58", "force_kg": 41}],
        "distraction_mm": 10,
        "portals": ["anterolateral", "mid_anterior"],
        "concomitant": ["labral_repair"],
        "other_findings": "cam deformity",
        "complications": [],
        "lesions": [lesion],
        "microfracture": [
            {
                "lesion_id": "L1",
                "hole_count": 9,
                "awl_angles_deg": [45.0, 90.0],
                "depth_mm": 3,
                "calcified_layer_removed": True,
                "marrow_seen": True,
            }
        ],
    }
    # the form shows the record again, and an error of a microfracture value sits at its field
    page = client.get("/cases/OP-1/operative/")
    assert page.context["form"].initial["mf0_holes"] == 9
    assert page.context["form"].initial["complications"] == "none"
    html = client.post(
        "/cases/OP-1/operative/",
        {
            "base_version": "2",
            "date": "2025-03-03",
            "surgeon": "X",
            "mf0_holes": "9",
            "mf0_depth_mm": "900",
        },
    ).content.decode()
    assert _error_of(html, "mf0_depth_mm")
    html = client.post(
        "/cases/OP-1/operative/",
        {"base_version": "2", "date": "2025-03-03", "surgeon": "X", "mf0_awl_angles_deg": "a"},
    ).content.decode()
    assert "numbers separated by commas" in _error_of(html, "mf0_awl_angles_deg")
    html = client.post(
        "/cases/OP-1/operative/",
        {"base_version": "2", "date": "2025-03-03", "surgeon": "X", "distraction_mm": "900"},
    ).content.decode()
    assert _error_of(html, "distraction_mm")


def test_only_the_surgeon_records_the_operation(
    make_user: Callable[..., Any], clinic: Any, demo_case: Any
) -> None:
    for role in ("staff", "physio"):
        client = _client(make_user(f"{role}9", role, clinic))
        assert client.get("/cases/DEMO-001/operative/").status_code == 403
        assert client.post("/cases/DEMO-001/operative/", {}).status_code == 403


def test_the_operative_note_shows_plan_against_holes_made(surgeon: Any, demo_case: Any) -> None:
    import datetime as dt

    from chondral.io.casefile import parse_case
    from chondral.io.opnote_json import operative_note_to_dict
    from chondral.pathway import DEFAULT_POLICY
    from chondral.services.pathway import case_operative_note_with_plan
    from chondral.web import jobs, store

    # Before any plan: the note says the holes made are not compared with a plan.
    before = _client(surgeon).get("/cases/DEMO-001/operative/note/")
    assert before.status_code == 200
    assert "no plan was made from the current lesions" in before.content.decode()
    assert before.context["note"]["comparisons"][0]["planned_count"] is None
    # After the plan job: the note equals the command line's, which plans the case itself.
    plan = jobs.request_plan(demo_case, store.current_version(demo_case), user=surgeon)
    jobs.make_plan.call(plan.pk)
    response = _client(surgeon).get("/cases/DEMO-001/operative/note/")
    assert response.status_code == 200
    assert response.context["case_record"] == demo_case
    expected = operative_note_to_dict(
        case_operative_note_with_plan(
            parse_case(example_document()),
            store.stored_meshes(),
            today=dt.date.today(),
            policy=DEFAULT_POLICY,
        )
    )
    assert response.context["note"]["comparisons"] == expected["comparisons"]
    html = response.content.decode()
    row = re.search(r"<th scope=\"row\">L1</th><td>(\d+)</td><td>(\d+)</td>", html)
    assert row is not None
    assert row.groups() == (
        str(expected["comparisons"][0]["planned_count"]),
        str(expected["comparisons"][0]["performed_count"]),
    )
    headings = [heading for heading, _ in response.context["sections"]]
    assert "Plan versus performed" in headings and "Microfracture" in headings


def test_without_an_operative_record_the_note_page_says_why(
    surgeon: Any, store_case: Callable[..., Any], clinic: Any
) -> None:
    _without_operative(store_case, clinic, surgeon)
    response = _client(surgeon).get("/cases/OP-1/operative/note/")
    assert response.status_code == 200
    assert "operative: is required for an operative note" in response.context["reason"]


def test_the_physio_records_tests_and_only_the_surgeon_approves(
    make_user: Callable[..., Any],
    clinic: Any,
    surgeon: Any,
    store_case: Callable[..., Any],
) -> None:
    record = _without_operative(store_case, clinic, surgeon)
    physio = _client(make_user("physio1", "physio", clinic))
    staff = _client(make_user("staff1", "staff", clinic))
    assert physio.get("/cases/OP-1/rts/tests/").status_code == 200
    response = physio.post(
        "/cases/OP-1/rts/tests/",
        {
            "base_version": "1",
            "date": "2025-07-14",
            "assessor": "physio one",
            "r_rom_symmetric": "yes",
            "r_front_plank_s": "50",
            "r_hop_battery": "no",
        },
    )
    assert response.status_code == 302
    version = record.versions.get(number=2)
    assert version.changes == ["return_to_sport"]
    assert version.document["return_to_sport"] == {
        "assessments": [
            {
                "date": "2025-07-14",
                "results": {"rom_symmetric": True, "front_plank_s": 50, "hop_battery": False},
                "assessor": "physio one",
            }
        ]
    }
    html = physio.post(
        "/cases/OP-1/rts/tests/",
        {"base_version": "2", "date": "2025-07-15", "r_front_plank_s": "-3"},
    ).content.decode()
    assert _error_of(html, "r_front_plank_s")
    html = physio.post(
        "/cases/OP-1/rts/tests/", {"base_version": "2", "date": "2025-07-15"}
    ).content.decode()
    assert "return_to_sport.assessments[1].results" in html
    for client in (physio, staff):
        assert client.get("/cases/OP-1/rts/approve/").status_code == 403
        assert client.post("/cases/OP-1/rts/approve/", {}).status_code == 403
    assert staff.get("/cases/OP-1/rts/tests/").status_code == 403
    surgeon_client = _client(surgeon)
    response = surgeon_client.post(
        "/cases/OP-1/rts/approve/",
        {"base_version": "2", "surgeon": "Dr A. Example", "date": "2025-07-21"},
    )
    assert response.status_code == 302
    version = record.versions.get(number=3)
    assert version.changes == ["return_to_sport.approval"]
    assert version.document["return_to_sport"]["approval"] == {
        "surgeon": "Dr A. Example",
        "date": "2025-07-21",
    }


def test_the_return_to_sport_page_shows_the_decision_criterion_by_criterion(
    make_user: Callable[..., Any], clinic: Any, demo_case: Any
) -> None:
    import datetime as dt

    from chondral.io.casefile import parse_case
    from chondral.pathway import DEFAULT_POLICY
    from chondral.services.pathway import case_return_to_sport

    response = _client(make_user("physio1", "physio", clinic)).get("/cases/DEMO-001/rts/")
    assert response.status_code == 200
    decision, _ = case_return_to_sport(
        parse_case(example_document()), date=dt.date.today(), policy=DEFAULT_POLICY
    )
    shown = response.context["decision"]
    assert [(c.id, c.met) for c in shown.checks] == [(c.id, c.met) for c in decision.checks]
    html = response.content.decode()
    assert ("Cleared to return to sport" in html) == decision.cleared
    assert html.count('<tr class="met">') == sum(c.met for c in decision.checks)


def test_the_return_to_sport_page_without_a_surgery_date_says_why(
    surgeon: Any, store_case: Callable[..., Any], clinic: Any
) -> None:
    document = example_document(case_id="NO-DATE")
    for key in ("surgery_date", "operative", "return_to_sport", "proms"):
        del document[key]
    store_case(document, clinic, surgeon)
    response = _client(surgeon).get("/cases/NO-DATE/rts/")
    assert "surgery" in response.context["reason"]
