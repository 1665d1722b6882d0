"""``chondral web backup`` and ``restore``: a round trip keeps every row and mesh.

The source is a real data folder made through the command line (the demo: example cases, users
of every role, their audit rows, the LibHip meshes when ../shared/data is there), plus a second
version with a new PROM, an API token, a finished plan with its PNG bytes and a queued plan job.
Its rows are dumped with Django's own serialiser, the backup is restored into a fresh database
(by the command line, and in this process into the test database, which is PostgreSQL when the
suite runs there), and the restored rows are dumped the same way: they must be equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from chondral.errors import InputDataError, ParameterError

DUMP = """
import hashlib, json
from django.apps import apps
from django.core import serializers
from chondral.web.backup import BACKED_UP
from chondral.web.store import mesh_folder

def dump():
    rows = {}
    for label in BACKED_UP:
        model = apps.get_model(label)
        query = model._default_manager.order_by("pk")
        items = json.loads(serializers.serialize("json", query))
        for item in items:
            item["fields"].pop("groups", None)
            item["fields"].pop("user_permissions", None)
        rows[label] = items
    meshes = sorted(
        hashlib.sha256(path.read_bytes()).hexdigest() for path in mesh_folder().glob("*.stl")
    )
    return {"rows": rows, "meshes": meshes}
"""

EXTRA = """
import base64
from django.contrib.auth.models import User
from chondral.web import store
from chondral.web.jobs import request_plan
from chondral.web.models import CaseRecord, PlanRecord, PromDraft

surgeon = User.objects.get(username="demo-surgeon")
record = CaseRecord.objects.get(case_id="DEMO-001")
document = dict(store.current_version(record).document)
document["proms"] = [
    *document["proms"],
    {"instrument": "vas_pain", "date": "2026-04-01", "answers": {"pain": 1.5}},
]
saved = store.save_version(record, document, user=surgeon, note="a new PROM")
PlanRecord.objects.create(
    case=record, version_number=1, plan_inputs_digest="sha256:" + "0" * 64, status="done",
    plan={"holes": [{"id": "H1", "depth_mm": 3.0}]}, clock_png=bytes(range(256)) * 3,
    progress_percent=100, requested_by=surgeon,
)
request_plan(record, saved.version, user=surgeon)
PromDraft.objects.create(case=record, instrument="ihot12", answers={"q1": 40}, started_by=surgeon)
"""


def _env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CHONDRAL_DEMO", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["CHONDRAL_DATA_DIR"] = str(data)
    env["CHONDRAL_DATABASE_URL"] = f"sqlite:///{data / 'chondral.sqlite3'}"
    env["CHONDRAL_SECRET_KEY"] = "backup-test-" + "s" * 40
    return env


def _chondral(data: Path, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    code = "import sys; from chondral.cli.main import run; sys.exit(run(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def _python(data: Path, script: str) -> str:
    setup = "from chondral.web.startup import setup_django\nsetup_django()\n"
    result = subprocess.run(
        [sys.executable, "-c", setup + script],
        env=_env(data),
        cwd=data,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _dump_of(data: Path) -> dict[str, Any]:
    dumped: dict[str, Any] = json.loads(_python(data, DUMP + "\nprint(json.dumps(dump()))"))
    return dumped


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A data folder with every kind of row, its backup, its dump and its API token."""
    data = tmp_path_factory.mktemp("source")
    _chondral(data, "web", "demo", "--no-serve")
    token = _chondral(data, "web", "token", "demo-surgeon").stdout.strip()
    _python(data, EXTRA)
    backup = data / "backup.zip"
    assert _chondral(data, "web", "backup", "--out", str(backup)).stdout.startswith("wrote ")
    return {"data": data, "backup": backup, "dump": _dump_of(data), "token": token}


def test_the_source_holds_every_kind_of_row(source: dict[str, Any]) -> None:
    rows = source["dump"]["rows"]
    for label in rows:
        if label != "clinic.meshupload" or source["dump"]["meshes"]:
            assert rows[label], label
    versions = [r["fields"]["document"] for r in rows["clinic.caseversion"]]
    assert any(
        {"instrument": "vas_pain", "date": "2026-04-01", "answers": {"pain": 1.5}}
        in v.get("proms", [])
        for v in versions
    )
    digest = hashlib.sha256(source["token"].encode()).hexdigest()
    assert [r["fields"]["digest"] for r in rows["clinic.apitoken"]] == [digest]


def test_a_round_trip_through_a_fresh_database_keeps_everything(
    source: dict[str, Any], tmp_path: Path
) -> None:
    _chondral(tmp_path, "web", "migrate")
    out = _chondral(tmp_path, "web", "restore", str(source["backup"])).stdout
    assert out.startswith("restored ")
    restored = _dump_of(tmp_path)
    assert restored == source["dump"]
    again = _chondral(tmp_path, "web", "restore", str(source["backup"]), check=False)
    assert again.returncode == 2
    assert again.stderr.startswith("error: the database already holds data")
    assert again.stderr.count("\n") == 1


def test_restore_needs_a_migrated_database(source: dict[str, Any], tmp_path: Path) -> None:
    result = _chondral(tmp_path, "web", "restore", str(source["backup"]), check=False)
    assert result.returncode == 2
    assert result.stderr == (
        "error: the database is not up to date with this chondral: run `chondral web migrate`\n"
    )


@pytest.mark.django_db
def test_restore_into_the_test_database_keeps_everything_and_new_rows_get_new_ids(
    source: dict[str, Any],
) -> None:
    from chondral.web.backup import restore
    from chondral.web.models import AuditEvent, Clinic

    namespace: dict[str, Any] = {}
    exec(DUMP, namespace)
    summary = restore(source["backup"])
    restored = namespace["dump"]()
    assert restored["rows"] == source["dump"]["rows"]
    assert set(source["dump"]["meshes"]) <= set(restored["meshes"])
    assert summary.counts == {k: len(v) for k, v in source["dump"]["rows"].items()}
    # the id sequences continue after the restored rows (PostgreSQL needs them reset)
    top = max(r["pk"] for r in source["dump"]["rows"]["clinic.clinic"])
    assert Clinic.objects.create(name="After the restore").pk > top
    top_audit = max(r["pk"] for r in source["dump"]["rows"]["clinic.auditevent"])
    assert AuditEvent.objects.create(action="test").pk > top_audit


@pytest.mark.django_db
def test_the_restored_token_and_passwords_still_work(source: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    from chondral.web.backup import restore
    from chondral.web.tokens import user_for_token

    restore(source["backup"])
    assert user_for_token(source["token"]) == User.objects.get(username="demo-surgeon")


def _rewrite(backup: Path, target: Path, **header_changes: Any) -> Path:
    with zipfile.ZipFile(backup) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "header.json":
                header = json.loads(data)
                header.update(header_changes)
                data = json.dumps(header).encode()
            new.writestr(item.filename, data)
    return target


@pytest.mark.django_db
def test_a_backup_from_a_newer_schema_is_refused(
    source: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.cli.main import run
    from chondral.web.models import CaseRecord

    header = json.loads(zipfile.ZipFile(source["backup"]).read("header.json"))
    schema = {**header["schema"], "clinic": "9999_from_the_future"}
    newer = _rewrite(source["backup"], tmp_path / "newer.zip", schema=schema)
    assert run(["web", "restore", str(newer)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: FILE: the backup is from a newer schema ('clinic' migration")
    assert err.count("\n") == 1
    assert not CaseRecord.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"format": "something-else"}, "not a chondral backup"),
        ({"format_version": 99}, "format version 99"),
        ({"meshes": ["not-a-hash"]}, "a mesh name is not a SHA-256"),
        ({"meshes": ["0" * 64]}, "is missing"),
        ({"schema": "1"}, "the backup names no schema version"),
    ],
)
def test_a_damaged_backup_is_refused_before_anything_is_restored(
    source: dict[str, Any], tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    from chondral.web.backup import restore
    from chondral.web.models import CaseRecord

    damaged = _rewrite(source["backup"], tmp_path / "damaged.zip", **changes)
    with pytest.raises(ParameterError, match=problem) as refused:
        restore(damaged)
    assert refused.value.field == "backup_path"
    assert not CaseRecord.objects.exists()


def test_a_mesh_that_does_not_match_its_hash_is_refused(tmp_path: Path) -> None:
    from chondral.io.backup_file import read_backup, write_backup

    mesh = tmp_path / "m.stl"
    mesh.write_bytes(b"solid m\nendsolid m\n")
    digest = hashlib.sha256(b"other bytes").hexdigest()
    backup = write_backup(tmp_path / "b.zip", {"schema": {}}, ["{}"], {digest: mesh})
    with pytest.raises(ParameterError, match="does not match its hash"):
        read_backup(backup)


@pytest.mark.parametrize("content", [b"not a zip at all", b""], ids=["garbage", "empty"])
def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, content: bytes) -> None:
    from chondral.io.backup_file import read_backup

    path = tmp_path / "x.zip"
    path.write_bytes(content)
    with pytest.raises(ParameterError, match="is not a usable chondral backup"):
        read_backup(path)
    with zipfile.ZipFile(tmp_path / "y.zip", "w") as archive:
        archive.writestr("other.txt", "x")
    with pytest.raises(ParameterError, match="no header or rows"):
        read_backup(tmp_path / "y.zip")
    with pytest.raises(ParameterError, match="no such file"):
        read_backup(tmp_path / "missing.zip")


def test_a_backup_that_cannot_be_written_names_the_out_flag(tmp_path: Path) -> None:
    from chondral.io.backup_file import write_backup

    with pytest.raises(ParameterError, match="cannot write") as refused:
        write_backup(tmp_path / "no" / "such" / "folder.zip", {}, [], {})
    assert refused.value.field == "out_path"
    with pytest.raises(ParameterError, match="is a folder"):
        write_backup(tmp_path, {}, [], {})
    with pytest.raises(ValueError, match="one line"):
        write_backup(tmp_path / "two-lines.zip", {}, ["a\nb"], {})
    assert not (tmp_path / "two-lines.zip").exists()
    assert not list(tmp_path.glob(".backup-*"))


@pytest.mark.django_db
def test_a_backup_with_rows_of_another_table_is_refused(tmp_path: Path) -> None:
    from chondral.io.backup_file import write_backup
    from chondral.web.backup import restore, schema_versions
    from chondral.web.models import Clinic

    row = json.dumps(
        {
            "model": "sessions.session",
            "pk": "x",
            "fields": {"session_data": "", "expire_date": "2030-01-01T00:00:00Z"},
        }
    )
    clinic = json.dumps({"model": "clinic.clinic", "pk": 7, "fields": {"name": "C"}})
    path = write_backup(tmp_path / "b.zip", {"schema": schema_versions()}, [clinic, row], {})
    with pytest.raises(ParameterError, match=r"'sessions\.session'"):
        restore(path)
    assert not Clinic.objects.exists()  # one transaction: the clinic row went too


@pytest.mark.django_db
def test_backup_in_process_writes_what_the_database_holds(
    tmp_path: Path, demo_case: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from chondral.cli.main import run
    from chondral.io.backup_file import read_backup
    from chondral.io.mesh_store import stored_reference
    from chondral.web import store
    from chondral.web.models import CaseVersion

    # a version naming a mesh that is not in the data folder: the backup says so
    document = dict(store.current_version(demo_case).document)
    CaseVersion.objects.filter(pk=store.current_version(demo_case).pk).update(
        document={**document, "note": stored_reference("f" * 64)}
    )
    assert run(["web", "backup", "--out", str(tmp_path / "b.zip")]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"wrote {tmp_path / 'b.zip'} (")
    assert captured.err == "warning: mesh ffffffffffff... is missing from the data folder\n"
    rows = [json.loads(line) for line in read_backup(tmp_path / "b.zip").rows]
    assert [r["fields"]["case_id"] for r in rows if r["model"] == "clinic.caserecord"] == [
        demo_case.case_id
    ]


def test_every_table_of_the_clinic_app_is_backed_up_or_deliberately_left_out() -> None:
    from django.apps import apps

    from chondral.web.backup import BACKED_UP, LEFT_OUT

    clinic = {m._meta.label_lower for m in apps.get_app_config("clinic").get_models()}
    assert clinic == {label for label in BACKED_UP if label.startswith("clinic.")} | set(LEFT_OUT)


def test_reading_a_file_that_is_not_there_names_the_field(tmp_path: Path) -> None:
    from chondral.io.backup_file import read_file_bytes

    with pytest.raises(InputDataError, match="no such file") as refused:
        read_file_bytes(tmp_path / "nothing.stl", field="imaging.femur_mesh")
    assert refused.value.field == "imaging.femur_mesh"
    with pytest.raises(InputDataError, match="cannot be read"):
        read_file_bytes(Path("/proc/self/mem"), field="x")


@pytest.mark.django_db
def test_restore_by_the_command_line_in_process_and_again_refused(
    source: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chondral.cli.main import run
    from chondral.web import backup

    monkeypatch.setattr(backup, "_CHUNK", 2)  # rows are read in chunks
    assert run(["web", "restore", str(source["backup"])]) == 0
    rows = sum(len(v) for v in source["dump"]["rows"].values())
    assert capsys.readouterr().out.startswith(f"restored {rows} rows")
    assert run(["web", "restore", str(source["backup"])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the database already holds data (auth.user)")


@pytest.mark.django_db(transaction=True)
def test_backup_reads_tables_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chondral.io.backup_file import read_backup
    from chondral.web import backup
    from chondral.web.models import Clinic

    for index in range(5):
        Clinic.objects.create(name=f"Clinic {index}")
    monkeypatch.setattr(backup, "_CHUNK", 2)
    summary = backup.backup(tmp_path / "b.zip")
    assert summary.counts["clinic.clinic"] == 5
    rows = [json.loads(line) for line in read_backup(tmp_path / "b.zip").rows]
    names = [r["fields"]["name"] for r in rows if r["model"] == "clinic.clinic"]
    assert names == [f"Clinic {index}" for index in range(5)]


@pytest.mark.django_db
def test_a_database_behind_the_code_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.migrations.executor import MigrationExecutor

    from chondral.web.backup import require_migrated

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    with pytest.raises(InputDataError, match="run `chondral web migrate`"):
        require_migrated()
