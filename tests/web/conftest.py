"""Fixtures of the web tests: clinics, users of every role, stored example cases, clients.

Every fixture builds what it needs through the application's own code (``store.create_case``),
never by writing rows by hand, so the tests see what a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "chondral" / "examples"
PASSWORD = "correct horse battery staple 42"


def example_document(name: str = "demo-case.yaml", **changes: Any) -> dict[str, Any]:
    """An example case file as a case document, with top-level ``changes`` applied."""
    from chondral.io.documents import parse_document_text

    document = parse_document_text(
        (EXAMPLES / name).read_text(encoding="utf-8"), kind="yaml", name=name
    )
    document.update(changes)
    return dict(document)


@pytest.fixture
def clinic(db: None) -> Any:
    from chondral.web.models import Clinic

    return Clinic.objects.create(name="Hip preservation unit")


@pytest.fixture
def other_clinic(db: None) -> Any:
    from chondral.web.models import Clinic

    return Clinic.objects.create(name="Another hospital")


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """``make_user(name, role, clinic=None, case=None)``: a user with a profile."""
    from django.contrib.auth.models import User

    from chondral.web.models import Profile

    def make(name: str, role: str, clinic: Any = None, case: Any = None) -> Any:
        user = User.objects.create_user(name, password=PASSWORD)
        Profile.objects.create(user=user, role=role, clinic=clinic, case=case)
        return user

    return make


@pytest.fixture
def surgeon(make_user: Callable[..., Any], clinic: Any) -> Any:
    return make_user("surgeon1", "surgeon", clinic)


@pytest.fixture
def store_case(db: None) -> Callable[..., Any]:
    """``store_case(document, clinic, user)``: a stored case (``store.create_case``)."""
    from chondral.web import store

    def make(document: dict[str, Any], clinic: Any, user: Any) -> Any:
        return store.create_case(document, user=user, clinic=clinic, surgeon=user).record

    return make


@pytest.fixture
def demo_case(store_case: Callable[..., Any], clinic: Any, surgeon: Any) -> Any:
    """The demo case (right hip), stored in ``clinic`` by ``surgeon``."""
    return store_case(example_document(), clinic, surgeon)
