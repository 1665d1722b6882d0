"""The demo behind ``make serve``: the example cases in a "Demo clinic" and one user per role.

Every example case of the package is stored (``store.create_case``) as the demo surgeon's; the
meshes an example names (the LibHip example's, under ``../shared/data``) are read through
``chondral.io`` and kept by content, so the stored case names them ``stored:sha256:<hex>``. A
mesh that is not there is left out with a note. Users get random passwords, returned once: when
the demo users exist already, they are left as they are and no password is shown again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from chondral.errors import InputDataError
from chondral.io.demo_files import ExampleCase, example_case_paths, read_example_case
from chondral.io.mesh_store import store_mesh_bytes, stored_reference
from chondral.web.accounts import create_user
from chondral.web.models import CaseRecord, Clinic, MeshUpload
from chondral.web.roles import Role

__all__ = ["DEMO_CLINIC", "DEMO_PATIENT_CASE", "DEMO_USERS", "DemoSetup", "prepare_demo"]

DEMO_CLINIC = "Demo clinic"
DEMO_PATIENT_CASE = "DEMO-001"
DEMO_USERS = (
    ("demo-surgeon", Role.SURGEON),
    ("demo-staff", Role.STAFF),
    ("demo-physio", Role.PHYSIO),
    ("demo-patient", Role.PATIENT),
)


@dataclass
class DemoSetup:
    """What the demo set up: lines to show, and the new users' passwords (empty when the users
    existed already)."""

    notes: list[str] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)


def _password() -> str:
    return secrets.token_urlsafe(15)


def _with_stored_meshes(example: ExampleCase) -> tuple[dict[str, Any], list[str]]:
    """The document with each readable mesh kept by content, each missing one left out."""
    from chondral.web.store import mesh_folder

    document = dict(example.document)
    imaging = dict(document.get("imaging") or {})
    kept: list[str] = []
    for name in example.missing:
        imaging.pop(name, None)
    for name, data in example.meshes.items():
        digest = store_mesh_bytes(mesh_folder(), data, field=f"imaging.{name}")
        imaging[name] = {**imaging[name], "path": stored_reference(digest)}
        kept.append(name)
    if imaging:
        document["imaging"] = imaging
    else:
        document.pop("imaging", None)
    return document, kept


def _load_example(example: ExampleCase, clinic: Clinic, surgeon: Any, setup: DemoSetup) -> None:
    from chondral.web import store

    case_id = str(example.document.get("case_id", ""))
    if CaseRecord.objects.filter(case_id=case_id).exists():
        return
    for name, problem in sorted(example.missing.items()):
        setup.notes.append(
            f"note: {example.path.name}: the mesh of imaging.{name} is left out ({problem})"
        )
    document, kept = _with_stored_meshes(example)
    saved = store.create_case(
        document, user=surgeon, clinic=clinic, surgeon=surgeon, note="demo example"
    )
    for name in kept:
        digest = document["imaging"][name]["path"].rpartition(":")[2]
        MeshUpload.objects.create(
            case=saved.record,
            field=f"imaging.{name}",
            sha256=digest,
            original_name=Path(example.document["imaging"][name]["path"]).name,
            size_bytes=len(example.meshes[name]),
            uploaded_by=surgeon,
        )
    setup.loaded.append(case_id)


def prepare_demo(examples: Path | None = None) -> DemoSetup:
    """Load the examples (those not stored yet) and create the demo users (unless they exist)."""
    setup = DemoSetup()
    clinic, _ = Clinic.objects.get_or_create(name=DEMO_CLINIC)
    users = get_user_model()._default_manager
    existing = set(
        users.filter(username__in=[name for name, _ in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    surgeon_name = DEMO_USERS[0][0]
    if surgeon_name not in existing:
        setup.passwords[surgeon_name] = _password()
        create_user(
            surgeon_name,
            role=Role.SURGEON.value,
            password=setup.passwords[surgeon_name],
            clinic_name=DEMO_CLINIC,
        )
    surgeon = users.get(username=surgeon_name)
    for path in example_case_paths(examples):
        try:
            _load_example(read_example_case(path), clinic, surgeon, setup)
        except InputDataError as error:
            setup.notes.append(f"note: {path.name} is not loaded: {error}")
    for name, role in DEMO_USERS[1:]:
        if name in existing:
            continue
        if (
            role is Role.PATIENT
            and not CaseRecord.objects.filter(case_id=DEMO_PATIENT_CASE).exists()
        ):
            setup.notes.append(f"note: no {name}: the example case it belongs to is not loaded")
            continue
        setup.passwords[name] = _password()
        create_user(
            name,
            role=role.value,
            password=setup.passwords[name],
            case_id=DEMO_PATIENT_CASE if role is Role.PATIENT else None,
            clinic_name=None if role is Role.PATIENT else DEMO_CLINIC,
        )
    if existing:
        setup.notes.append(
            f"the demo users exist already ({', '.join(sorted(existing))}): their passwords"
            " were shown when they were made"
        )
    return setup
