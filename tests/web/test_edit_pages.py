"""The editing pages: a case created by the form or an uploaded file is the case the case-file
reader makes of the same data; errors appear next to the field that holds the value; each save
is a version recording exactly the fields changed; a stale form is refused."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from web.conftest import example_document

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _error_of(html: str, field: str) -> str:
    """The error list rendered next to ``field`` (Django's ``id_<field>_error``), as text."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return "" if match is None else re.sub(r"<[^>]+>", " ", match.group(1))


def _described(html: str, field: str) -> bool:
    """The input of ``field`` points at its error list."""
    tag = re.search(rf'<(?:input|select|textarea)[^>]*id="id_{field}"[^>]*>', html)
    described = None if tag is None else re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    return described is not None and f"id_{field}_error" in described.group(1).split()


def _versions(record: Any) -> list[Any]:
    return list(record.versions.order_by("number"))


CREATE_POST = {
    "case_id": "FORM-001",
    "side": "left",
    "sex": "male",
    "age_years": "34",
    "height_cm": "181",
    "weight_kg": "79.5",
    "tegner": "6",
    "ucla": "",
    "sport": "hockey",
    "femoral_head_diameter_mm": "49",
    "lcea_deg": "29",
    "tonnis_grade": "1",
    "joint_space_width_mm": "3.6",
    "tonnis_angle_deg": "",
    "alpha_angle_deg": "64",
    "instability": "no",
    "inclination_deg": "",
    "anteversion_deg": "",
    "rehab_commitment": "yes",
    "surgery_date": "2025-05-12",
}

SAME_AS_CASE_FILE = """\
schema: chondral.case/1
case_id: FORM-001
patient:
  sex: male
  age_years: 34
  height_cm: 181
  weight_kg: 79.5
  activity: {tegner: 6, sport: hockey}
hip:
  side: left
  femoral_head_diameter_mm: 49
  radiographic: {lcea_deg: 29, tonnis_grade: 1, joint_space_width_mm: 3.6, alpha_angle_deg: 64}
  instability: false
rehab_commitment: true
surgery_date: 2025-05-12
"""


def test_a_case_made_by_the_form_is_the_case_file_with_the_same_data(surgeon: Any) -> None:
    from chondral.io.casefile import parse_case_text
    from chondral.web import store
    from chondral.web.models import CaseRecord

    response = _client(surgeon).post("/cases/new/", CREATE_POST)
    assert response.status_code == 302
    assert response["Location"].rstrip("/").endswith("/cases/FORM-001")
    record = CaseRecord.objects.get(case_id="FORM-001")
    assert record.surgeon == surgeon
    assert record.clinic_id == surgeon.profile.clinic_id
    stored = store.current_version(record).document
    assert store.load_case(stored) == parse_case_text(SAME_AS_CASE_FILE, kind="yaml")
    assert record.versions.count() == 1


def test_the_create_form_shows_each_case_file_error_next_to_its_field(surgeon: Any) -> None:
    client = _client(surgeon)
    response = client.post("/cases/new/", {**CREATE_POST, "lcea_deg": "200"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be &lt;= 90; got 200" in _error_of(html, "lcea_deg")
    assert _described(html, "lcea_deg")
    assert not _error_of(html, "case_id")
    # a body-mass index out of range: the case file names the weight
    response = client.post("/cases/new/", {**CREATE_POST, "weight_kg": "250", "height_cm": "120"})
    assert "body-mass index" in _error_of(response.content.decode(), "weight_kg")
    # an acetabulum needs both angles: the missing one is named
    response = client.post("/cases/new/", {**CREATE_POST, "inclination_deg": "40"})
    assert "is required" in _error_of(response.content.decode(), "anteversion_deg")
    # a case id the schema refuses
    response = client.post("/cases/new/", {**CREATE_POST, "case_id": "has space"})
    assert "must be 1-64 letters" in _error_of(response.content.decode(), "case_id")


def test_an_existing_case_id_is_an_error_on_the_case_id_field(surgeon: Any, demo_case: Any) -> None:
    response = _client(surgeon).post("/cases/new/", {**CREATE_POST, "case_id": "DEMO-001"})
    assert "already exists" in _error_of(response.content.decode(), "case_id")


def test_an_unmapped_path_goes_to_the_form_errors_naming_it() -> None:
    from chondral.errors import InputDataError
    from chondral.web.forms_case import PatientHipForm

    form = PatientHipForm({"base_version": "1"})
    assert form.is_valid()
    form.show(InputDataError("is wrong", field="proms[3].date"))
    assert form.non_field_errors() == ["proms[3].date: is wrong"]


def test_uploading_the_example_case_file_stores_it(surgeon: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chondral.io.casefile import parse_case
    from chondral.web import store
    from chondral.web.models import CaseRecord
    from web.conftest import EXAMPLES

    client = _client(surgeon)
    data = (EXAMPLES / "demo-case.yaml").read_bytes()
    response = client.post(
        "/cases/upload/", {"case_file": SimpleUploadedFile("demo-case.yaml", data)}
    )
    assert response.status_code == 302
    record = CaseRecord.objects.get(case_id="DEMO-001")
    assert store.load_case(store.current_version(record).document) == parse_case(example_document())
    # the same again: the id exists
    response = client.post(
        "/cases/upload/", {"case_file": SimpleUploadedFile("demo-case.yaml", data)}
    )
    assert "already exists" in _error_of(response.content.decode(), "case_file")
    # a case-file error names the path
    broken = data.replace(b"lcea_deg: 31", b"lcea_deg: 300")
    response = client.post(
        "/cases/upload/", {"case_file": SimpleUploadedFile("other.yaml", broken)}
    )
    assert "hip.radiographic.lcea_deg: must be &lt;= 90" in _error_of(
        response.content.decode(), "case_file"
    )
    # not YAML, not a case-file name, too large
    response = client.post(
        "/cases/upload/", {"case_file": SimpleUploadedFile("x.yaml", b"a: [1, 2")}
    )
    assert "not valid YAML" in _error_of(response.content.decode(), "case_file")
    response = client.post("/cases/upload/", {"case_file": SimpleUploadedFile("x.txt", b"a: 1")})
    assert ".json case file" in _error_of(response.content.decode(), "case_file")
    big = SimpleUploadedFile("big.json", b" " * (5 * 1024 * 1024 + 1))
    response = client.post("/cases/upload/", {"case_file": big})
    assert "at most 5,242,880" in _error_of(response.content.decode(), "case_file")
    response = client.post("/cases/upload/", {"case_file": SimpleUploadedFile("l.json", b"[1]")})
    assert "must be a mapping" in _error_of(response.content.decode(), "case_file")


def test_editing_the_hip_saves_a_version_naming_exactly_the_changed_fields(
    surgeon: Any, demo_case: Any
) -> None:
    from chondral.web.forms_case import PatientHipForm

    client = _client(surgeon)
    page = client.get("/cases/DEMO-001/edit/")
    assert page.status_code == 200
    assert page.context["case_record"] == demo_case
    post = {
        k: ("" if v is None else v)
        for k, v in PatientHipForm.initial_from(example_document()).items()
    }
    post.update(base_version="1", lcea_deg="27", tegner="5")
    response = client.post("/cases/DEMO-001/edit/", post)
    assert response.status_code == 302
    versions = _versions(demo_case)
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].changes == ["hip.radiographic.lcea_deg", "patient.activity.tegner"]
    assert versions[1].author == surgeon
    assert versions[1].document["hip"]["radiographic"]["lcea_deg"] == 27
    # the same form loaded from version 1 again: refused, with the fresh values shown
    response = client.post("/cases/DEMO-001/edit/", {**post, "lcea_deg": "25"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "the case changed since you opened it" in html
    assert response.context["form"].initial["lcea_deg"] == 27
    assert response.context["form"].initial["base_version"] == 2
    assert demo_case.versions.count() == 2
    # an error of the edited document is shown at the field and nothing is saved
    response = client.post(
        "/cases/DEMO-001/edit/", {**post, "base_version": "2", "age_years": "200"}
    )
    assert _error_of(response.content.decode(), "age_years")
    assert demo_case.versions.count() == 2


def _lesion_post(**changes: str) -> dict[str, str]:
    post = {
        "base_version": "1",
        "id": "L2",
        "surface": "femoral_head",
        "center_clock": "12:30",
        "center_rim_distance_mm": "8",
        "length_mm": "",
        "width_mm": "",
        "area_mm2": "60",
        "grade_system": "outerbridge",
        "grade_value": "III",
        "contained": "yes",
        "measured": "pre_debridement",
    }
    post.update(changes)
    return post


def test_lesions_are_added_edited_and_removed_one_at_a_time(surgeon: Any, demo_case: Any) -> None:
    client = _client(surgeon)
    assert client.get("/cases/DEMO-001/lesions/new/").status_code == 200
    response = client.post("/cases/DEMO-001/lesions/new/", _lesion_post())
    assert response.status_code == 302
    versions = _versions(demo_case)
    assert versions[-1].changes == ["lesions"]
    added = versions[-1].document["lesions"][1]
    assert added == {
        "id": "L2",
        "surface": "femoral_head",
        "center": {"clock": "12:30", "rim_distance_mm": 8},
        "area_mm2": 60,
        "grade": {"system": "outerbridge", "value": "III"},
        "contained": True,
        "measured": "pre_debridement",
    }
    # the edit form shows the lesion; changing its area changes only that path
    page = client.get("/cases/DEMO-001/lesions/1/")
    assert page.context["form"].initial["area_mm2"] == 60
    assert page.context["form"].initial["center_clock"] == "12:30"
    response = client.post(
        "/cases/DEMO-001/lesions/1/", _lesion_post(base_version="2", area_mm2="75")
    )
    assert response.status_code == 302
    assert _versions(demo_case)[-1].changes == ["lesions[1].area_mm2"]
    # removing it
    assert client.get("/cases/DEMO-001/lesions/1/remove/").status_code == 200
    response = client.post("/cases/DEMO-001/lesions/1/remove/", {"base_version": "3"})
    assert response.status_code == 302
    last = _versions(demo_case)[-1]
    assert last.changes == ["lesions"]
    assert [lesion["id"] for lesion in last.document["lesions"]] == ["L1"]
    assert client.get("/cases/DEMO-001/lesions/5/").status_code == 404
    assert client.get("/cases/DEMO-001/lesions/5/remove/").status_code == 404


def test_lesion_errors_appear_next_to_the_lesion_fields(surgeon: Any, demo_case: Any) -> None:
    client = _client(surgeon)
    html = client.post("/cases/DEMO-001/lesions/new/", _lesion_post(id="L1")).content.decode()
    assert "lesion ids must be unique" in _error_of(html, "id")
    assert _described(html, "id")
    html = client.post(
        "/cases/DEMO-001/lesions/new/", _lesion_post(center_clock="13:70")
    ).content.decode()
    assert "must be a clock time" in _error_of(html, "center_clock")
    html = client.post(
        "/cases/DEMO-001/lesions/new/", _lesion_post(center_rim_distance_mm="")
    ).content.decode()
    assert "is required" in _error_of(html, "center_rim_distance_mm")
    html = client.post(
        "/cases/DEMO-001/lesions/new/", _lesion_post(grade_value="9")
    ).content.decode()
    assert _error_of(html, "grade_value")
    assert demo_case.versions.count() == 1


def test_the_checklist_marks_items_done_with_a_date_and_a_note(
    surgeon: Any, store_case: Callable[..., Any], clinic: Any
) -> None:
    document = example_document(case_id="CHK-1")
    del document["checklist"]
    record = store_case(document, clinic, surgeon)
    client = _client(surgeon)
    page = client.get("/cases/CHK-1/checklist/")
    assert page.status_code == 200
    assert 'for="id_consent__date"' in page.content.decode()
    response = client.post(
        "/cases/CHK-1/checklist/",
        {
            "base_version": "1",
            "consent__state": "done",
            "consent__date": "2025-02-17",
            "history__note": "seen twice",
            "imaging_ct__ordered": "no",
        },
    )
    assert response.status_code == 302
    last = _versions(record)[-1]
    assert last.changes == ["checklist"]
    assert last.document["checklist"] == {
        "history": {"note": "seen twice"},
        "imaging_ct": {"ordered": False},
        "consent": {"state": "done", "date": "2025-02-17"},
    }
    # a date that does not fit the case's rules is shown next to that date
    response = client.post(
        "/cases/CHK-1/checklist/",
        {"base_version": "2", "consent__state": "done", "consent__date": "1800-01-01"},
    )
    assert _error_of(response.content.decode(), "consent__date")


def test_the_document_editor_saves_yaml_and_names_the_field_of_an_error(
    surgeon: Any, demo_case: Any
) -> None:
    from chondral.web.forms_case import document_yaml

    client = _client(surgeon)
    page = client.get("/cases/DEMO-001/edit/document/")
    assert "case_id: DEMO-001" in page.context["form"].initial["document_text"]
    document = example_document()
    document["rehab_commitment"] = False
    response = client.post(
        "/cases/DEMO-001/edit/document/",
        {"base_version": "1", "document_text": document_yaml(document)},
    )
    assert response.status_code == 302
    assert _versions(demo_case)[-1].changes == ["rehab_commitment"]
    broken = copy.deepcopy(document)
    broken["lesions"][0]["area_mm2"] = -4
    html = client.post(
        "/cases/DEMO-001/edit/document/",
        {"base_version": "2", "document_text": document_yaml(broken)},
    ).content.decode()
    assert "lesions[0].area_mm2:" in _error_of(html, "document_text")
    html = client.post(
        "/cases/DEMO-001/edit/document/", {"base_version": "2", "document_text": "- a list"}
    ).content.decode()
    assert "must be a mapping" in _error_of(html, "document_text")
    html = client.post(
        "/cases/DEMO-001/edit/document/", {"base_version": "2", "document_text": "a: [1"}
    ).content.decode()
    assert "not valid YAML" in _error_of(html, "document_text")
    # the side of a stored case cannot change
    other = copy.deepcopy(document)
    other["hip"]["side"] = "left"
    del other["operative"]
    html = client.post(
        "/cases/DEMO-001/edit/document/",
        {"base_version": "2", "document_text": document_yaml(other)},
    ).content.decode()
    assert "hip.side:" in _error_of(html, "document_text")


def test_editing_pages_refuse_the_wrong_roles(
    make_user: Callable[..., Any], clinic: Any, other_clinic: Any, demo_case: Any
) -> None:
    physio = _client(make_user("physio1", "physio", clinic))
    patient = _client(make_user("patient1", "patient", None, demo_case))
    stranger = _client(make_user("staff2", "staff", other_clinic))
    for url in ("/cases/DEMO-001/edit/", "/cases/DEMO-001/lesions/new/", "/cases/DEMO-001/meshes/"):
        assert physio.get(url).status_code == 403
        assert patient.get(url).status_code == 403
        assert stranger.get(url).status_code == 404
    assert physio.get("/cases/new/").status_code == 403
    assert patient.post("/cases/upload/").status_code == 403
    assert Client().get("/cases/new/").status_code in (302, 403)


def test_staff_create_cases_for_a_surgeon_of_their_clinic(
    make_user: Callable[..., Any], clinic: Any, other_clinic: Any, surgeon: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chondral.web.models import CaseRecord
    from web.conftest import EXAMPLES

    elsewhere = make_user("surgeon9", "surgeon", other_clinic)
    staff = _client(make_user("staff1", "staff", clinic))
    page = staff.get("/cases/new/")
    assert [str(u) for u in page.context["form"].fields["surgeon"].queryset] == ["surgeon1"]
    assert staff.post("/cases/new/", CREATE_POST).status_code == 302
    assert CaseRecord.objects.get(case_id="FORM-001").surgeon is None
    post = {**CREATE_POST, "case_id": "FORM-002", "surgeon": str(surgeon.pk)}
    assert staff.post("/cases/new/", post).status_code == 302
    assert CaseRecord.objects.get(case_id="FORM-002").surgeon == surgeon
    # a surgeon of another clinic cannot be chosen
    post = {**CREATE_POST, "case_id": "FORM-003", "surgeon": str(elsewhere.pk)}
    assert "surgeon" in staff.post("/cases/new/", post).context["form"].errors
    data = (EXAMPLES / "demo-case.yaml").read_bytes()
    upload = {"case_file": SimpleUploadedFile("demo.yaml", data), "surgeon": str(surgeon.pk)}
    # The example records the operation and the approval of return to sport: surgeon's work.
    assert staff.post("/cases/upload/", upload).status_code == 403
    data = (EXAMPLES / "borderline-dysplasia.yaml").read_bytes()
    upload = {"case_file": SimpleUploadedFile("case.yaml", data), "surgeon": str(surgeon.pk)}
    assert staff.post("/cases/upload/", upload).status_code == 302
    assert CaseRecord.objects.get(case_id="DEMO-002").surgeon == surgeon
    lonely = _client(make_user("staff3", "staff", None))
    assert lonely.post("/cases/new/", {**CREATE_POST, "case_id": "X-2"}).status_code == 403


def test_every_input_of_the_editing_pages_has_a_label(surgeon: Any, demo_case: Any) -> None:
    client = _client(surgeon)
    pages = [
        "/cases/new/",
        "/cases/upload/",
        "/cases/DEMO-001/edit/",
        "/cases/DEMO-001/edit/document/",
        "/cases/DEMO-001/lesions/new/",
        "/cases/DEMO-001/lesions/0/",
        "/cases/DEMO-001/checklist/",
        "/cases/DEMO-001/meshes/",
        "/cases/DEMO-001/operative/",
        "/cases/DEMO-001/rts/tests/",
        "/cases/DEMO-001/rts/approve/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if "/cases/DEMO-001/" in url:
            assert response.context["case_record"] == demo_case
            assert "RIGHT HIP" in html
        assert 'name="csrfmiddlewaretoken"' in html
        tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
        ids = [
            re.search(r'\bid="([^"]+)"', tag)
            for tag in tags
            if 'type="hidden"' not in tag and 'type="submit"' not in tag
        ]
        assert ids, url
        for found in ids:
            assert found is not None, url
            assert f'<label for="{found.group(1)}"' in html, (url, found.group(1))


def test_a_lesion_error_no_field_edits_names_its_whole_path(demo_case: Any) -> None:
    from chondral.errors import InputDataError
    from chondral.web.forms_lesion import LesionForm

    form = LesionForm({"base_version": "1"}, document=example_document(), index=0)
    form.is_valid()
    form.show(InputDataError("is odd", field="lesions[0].unknown_key"))
    form.show(InputDataError("needs one position", field="lesions[0]"))
    form.show(InputDataError("names no lesion", field="plan.lesion_id"))
    assert form.non_field_errors() == [
        "lesions[0].unknown_key: is odd",
        "needs one position",
        "plan.lesion_id: names no lesion",
    ]


def test_an_editing_form_must_say_how_it_reads_and_writes_the_document() -> None:
    from chondral.web.forms import EditForm

    class Incomplete(EditForm):
        @classmethod
        def initial_from(cls, document: Any, **options: Any) -> dict[str, Any]:
            return {}

    with pytest.raises(TypeError, match="apply"):
        Incomplete()
