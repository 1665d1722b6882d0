"""``chondral web ...`` in process: users, tokens, migrations and the demo set-up.

Bad input is exit 2 with one line on stderr and nothing created; a password is checked by
Django's validators and stored as an Argon2 hash; a token is printed once and only its SHA-256
is kept.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest

from chondral.cli.main import run
from web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_migrate_on_an_up_to_date_database_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["web", "migrate"]) == 0
    assert capsys.readouterr().out == "the database is up to date\n"


def test_createuser_makes_a_clinician_with_an_argon2_hash_and_a_new_clinic(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.contrib.auth.models import User

    from chondral.web.models import Clinic

    _stdin(monkeypatch, PASSWORD + "\n")
    assert run(["web", "createuser", "dr-a", "--role", "surgeon", "--clinic", "New unit"]) == 0
    assert capsys.readouterr().out == "created surgeon dr-a\n"
    user = User.objects.get(username="dr-a")
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
    assert user.profile.role == "surgeon"
    assert user.profile.clinic == Clinic.objects.get(name="New unit")
    assert user.profile.case is None


def test_a_clinician_of_an_existing_clinic_joins_it(
    monkeypatch: pytest.MonkeyPatch, clinic: Any
) -> None:
    from django.contrib.auth.models import User

    from chondral.web.models import Clinic

    _stdin(monkeypatch, PASSWORD + "\r\n")
    assert run(["web", "createuser", "physio1", "--role", "physio", "--clinic", clinic.name]) == 0
    assert User.objects.get(username="physio1").profile.clinic == clinic
    assert Clinic.objects.filter(name=clinic.name).count() == 1


def test_a_patient_is_linked_to_their_case_and_its_clinic(
    monkeypatch: pytest.MonkeyPatch, demo_case: Any
) -> None:
    from django.contrib.auth.models import User

    _stdin(monkeypatch, PASSWORD + "\n")
    assert run(["web", "createuser", "pat", "--role", "patient", "--case", demo_case.case_id]) == 0
    profile = User.objects.get(username="pat").profile
    assert (profile.role, profile.case, profile.clinic) == ("patient", demo_case, demo_case.clinic)


@pytest.mark.parametrize(
    ("argv", "password", "expected"),
    [
        (["--role", "patient"], PASSWORD, "error: --case: a patient user needs"),
        (["--role", "patient", "--case", "NO-SUCH"], PASSWORD, "error: --case: no stored case"),
        (
            ["--role", "patient", "--case", "DEMO-001", "--clinic", "Elsewhere"],
            PASSWORD,
            "--clinic",
        ),
        (["--role", "staff"], PASSWORD, "error: --clinic: a staff needs"),
        (["--role", "staff", "--clinic", " "], PASSWORD, "error: --clinic: a staff needs"),
        (["--role", "staff", "--case", "DEMO-001", "--clinic", "A"], PASSWORD, "only a patient"),
        (
            ["--role", "surgeon", "--clinic", "A"],
            "short",
            "error: password: This password is too short",
        ),
        (["--role", "surgeon", "--clinic", "A"], "password1234", "too common"),
        (["--role", "surgeon", "--clinic", "A"], "938475610293847", "entirely numeric"),
        (["--role", "nurse", "--clinic", "A"], PASSWORD, "error: "),
    ],
)
def test_createuser_refusals_are_one_line_and_create_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    demo_case: Any,
    argv: list[str],
    password: str,
    expected: str,
) -> None:
    from django.contrib.auth.models import User

    users = User.objects.count()
    _stdin(monkeypatch, password + "\n")
    err = one_error_line(capsys, ["web", "createuser", "someone", *argv])
    assert expected in err
    assert User.objects.count() == users


def test_a_taken_or_empty_user_name_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], surgeon: Any
) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    err = one_error_line(
        capsys, ["web", "createuser", "surgeon1", "--role", "surgeon", "--clinic", "A"]
    )
    assert err == "error: USERNAME: a user 'surgeon1' exists already\n"
    _stdin(monkeypatch, PASSWORD + "\n")
    err = one_error_line(capsys, ["web", "createuser", "  ", "--role", "surgeon", "--clinic", "A"])
    assert err.startswith("error: USERNAME: give a user name")


def test_no_password_on_standard_input_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "")
    err = one_error_line(capsys, ["web", "createuser", "x", "--role", "staff", "--clinic", "A"])
    assert err.startswith("error: password: give the password on standard input")


def test_at_a_terminal_the_password_is_asked_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.contrib.auth.models import User

    answers = iter([PASSWORD, PASSWORD + "x", PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    err = one_error_line(capsys, ["web", "createuser", "t1", "--role", "staff", "--clinic", "A"])
    assert err == "error: password: the two entries differ\n"
    assert run(["web", "createuser", "t1", "--role", "staff", "--clinic", "A"]) == 0
    assert User.objects.get(username="t1").check_password(PASSWORD)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_token_is_printed_once_and_kept_only_as_its_hash(
    capsys: pytest.CaptureFixture[str], surgeon: Any
) -> None:
    from chondral.web.models import ApiToken
    from chondral.web.tokens import user_for_token

    assert run(["web", "token", "surgeon1"]) == 0
    captured = capsys.readouterr()
    token = captured.out.strip()
    assert captured.out.count("\n") == 1 and len(token) >= 40
    assert "shown once" in captured.err
    row = ApiToken.objects.get(user=surgeon)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values_list().get()]
    assert not any(token in value for value in stored)
    assert user_for_token(token) == surgeon

    assert run(["web", "token", "surgeon1", "--revoke"]) == 0
    assert capsys.readouterr().out == "revoked 1 token(s)\n"
    assert user_for_token(token) is None


def test_a_token_for_an_unknown_user_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        one_error_line(capsys, ["web", "token", "nobody"]) == "error: USERNAME: no user 'nobody'\n"
    )


def _demo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # the command sets CHONDRAL_DEMO itself; monkeypatch puts the old value back afterwards
    monkeypatch.setenv("CHONDRAL_DEMO", "0")


def test_the_demo_loads_every_example_and_shows_passwords_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.contrib.auth.models import User

    from chondral.io.demo_files import example_case_paths
    from chondral.io.documents import load_document
    from chondral.web.demo import DEMO_CLINIC, DEMO_PATIENT_CASE, DEMO_USERS
    from chondral.web.models import CaseRecord

    _demo_env(monkeypatch)
    assert run(["web", "demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    expected_ids = {load_document(path)["case_id"] for path in example_case_paths()}
    stored = CaseRecord.objects.filter(clinic__name=DEMO_CLINIC)
    assert set(stored.values_list("case_id", flat=True)) == expected_ids
    passwords = {}
    for line in out.splitlines():
        if line.startswith("user "):
            _, name, _, password = line.split()
            passwords[name] = password
    assert set(passwords) == {name for name, _ in DEMO_USERS}
    for name, role in DEMO_USERS:
        user = User.objects.get(username=name)
        assert user.check_password(passwords[name])
        assert user.profile.role == role.value
    assert User.objects.get(username="demo-patient").profile.case.case_id == DEMO_PATIENT_CASE

    assert run(["web", "demo", "--no-serve"]) == 0
    again = capsys.readouterr().out
    assert "exist already" in again
    assert not any(p in again for p in passwords.values())
    assert "0 example case(s) loaded" in again


@pytest.mark.skipif(not (SHARED_DATA / "libhip").is_dir(), reason="needs ../shared/data")
def test_the_demo_keeps_the_libhip_meshes_by_content(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.io.demo_files import read_example_case
    from chondral.io.examples import bundled_example
    from chondral.web.models import CaseRecord, MeshUpload
    from chondral.web.store import current_version, mesh_folder

    _demo_env(monkeypatch)
    assert run(["web", "demo", "--no-serve"]) == 0
    record = CaseRecord.objects.get(case_id="LIBHIP-M4-R")
    imaging = current_version(record).document["imaging"]
    example = read_example_case(bundled_example("libhip-m4-right.yaml"))
    assert set(imaging) == set(example.meshes) == {"femur_mesh", "acetabular_cartilage_mesh"}
    for name, data in example.meshes.items():
        digest = hashlib.sha256(data).hexdigest()
        assert imaging[name]["path"] == f"stored:sha256:{digest}"
        assert (mesh_folder() / f"{digest}.stl").read_bytes() == data
        assert MeshUpload.objects.get(case=record, field=f"imaging.{name}").sha256 == digest


def test_a_mesh_that_is_not_there_is_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.web.demo import prepare_demo
    from chondral.web.models import CaseRecord
    from chondral.web.store import current_version

    examples = Path(__file__).resolve().parents[2] / "src" / "chondral" / "examples"
    text = (examples / "demo-case.yaml").read_text(encoding="utf-8")
    text = text.replace("case_id: DEMO-001", "case_id: NO-MESH-1")
    text += "\nimaging:\n  femur_mesh: {path: missing/femur.stl, units: mm}\n"
    (tmp_path / "no-mesh.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("case_id: [", encoding="utf-8")
    setup = prepare_demo(tmp_path)
    assert setup.loaded == ["NO-MESH-1"]
    assert any("imaging.femur_mesh is left out" in note for note in setup.notes)
    assert any(note.startswith("note: broken.yaml is not loaded") for note in setup.notes)
    assert "note: no demo-patient: the example case it belongs to is not loaded" in setup.notes
    assert "demo-patient" not in setup.passwords
    document = current_version(CaseRecord.objects.get(case_id="NO-MESH-1")).document
    assert "imaging" not in document


def test_the_demo_serves_on_loopback_with_a_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, Any]] = []
    _demo_env(monkeypatch)
    monkeypatch.setattr("chondral.cli.commands.serve.serve_web", lambda **kw: calls.append(kw))
    assert run(["web", "demo", "--port", "8123", "--workers", "1"]) == 0
    assert calls == [
        {"host": "127.0.0.1", "port": 8123, "workers": 1, "threads": 4, "with_worker": True}
    ]


def test_migrate_lists_what_it_applied(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "chondral.web.backup.apply_migrations", lambda: ["clinic.0009_x", "auth.0013_y"]
    )
    assert run(["web", "migrate"]) == 0
    assert capsys.readouterr().out == "applied clinic.0009_x\napplied auth.0013_y\n"


def test_the_demo_takes_a_data_folder_and_says_what_it_migrated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os

    _demo_env(monkeypatch)
    monkeypatch.setenv("CHONDRAL_DATA_DIR", os.environ.get("CHONDRAL_DATA_DIR", ""))
    monkeypatch.setattr("chondral.web.backup.apply_migrations", lambda: ["clinic.0009_x"])
    monkeypatch.setattr("chondral.web.demo.example_case_paths", lambda folder=None: [])
    assert run(["web", "demo", "--no-serve", "--data", str(tmp_path)]) == 0
    assert os.environ["CHONDRAL_DATA_DIR"] == str(tmp_path)
    assert os.environ["CHONDRAL_DEMO"] == "1"
    assert capsys.readouterr().out.startswith("applied 1 database migration(s)\n")


@pytest.mark.parametrize(
    ("username", "role", "field"),
    [("x" * 151, "staff", "username"), ("ok", "nurse", "role")],
)
def test_create_user_names_the_parameter_at_fault(username: str, role: str, field: str) -> None:
    from chondral.errors import ParameterError
    from chondral.web.accounts import create_user

    with pytest.raises(ParameterError) as refused:
        create_user(username, role=role, password=PASSWORD, clinic_name="A")
    assert refused.value.field == field


def test_an_example_that_is_no_case_document_or_names_no_mesh_path(tmp_path: Path) -> None:
    from chondral.errors import InputDataError
    from chondral.io.demo_files import read_example_case

    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="not a case document"):
        read_example_case(tmp_path / "list.yaml")
    (tmp_path / "odd.yaml").write_text("case_id: X\nimaging: {a: 5, b: {units: mm}}\n")
    example = read_example_case(tmp_path / "odd.yaml")
    assert (example.meshes, example.missing) == ({}, {})


@pytest.mark.parametrize(
    ("username", "clinic", "expected"),
    [
        ("a\nb", "A", "error: USERNAME: 'a\\nb': use letters, digits and @ . + - _ only"),
        ("ann smith", "A", "use letters, digits"),
        ("ok-name", "Hip\nunit", "error: --clinic: must be one line"),
        ("ok-name", "H" * 121, "at most 120 printable characters"),
    ],
)
def test_names_with_control_characters_or_spaces_are_refused(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db: None,
    username: str,
    clinic: str,
    expected: str,
) -> None:
    from django.contrib.auth.models import User

    _stdin(monkeypatch, PASSWORD + "\n")
    err = one_error_line(
        capsys, ["web", "createuser", username, "--role", "surgeon", "--clinic", clinic]
    )
    assert expected in err
    assert not User.objects.exists()
