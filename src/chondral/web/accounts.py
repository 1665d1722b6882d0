"""Users from the command line (``chondral web createuser``) and the demo: a user, their role,
their clinic and, for a patient, their case.

A clinician (surgeon, staff, physio) belongs to a clinic, created if new; a patient is linked to
one stored case and belongs to its clinic. Passwords go through Django's validators and are
hashed with Argon2 (``PASSWORD_HASHERS``).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from chondral.errors import ParameterError, one_line, quote
from chondral.web.models import CaseRecord, Clinic, Profile
from chondral.web.roles import Role

__all__ = ["create_user", "find_user"]


USERNAME_PATTERN = re.compile(r"[\w.@+-]+", re.ASCII)
"""The characters of a user name (Django's own username rule, ASCII only: names on screens,
in the audit log and in commands stay unambiguous)."""


def find_user(username: str) -> Any:
    """The user called ``username``; ``ParameterError`` naming ``username`` when there is none."""
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise ParameterError(f"no user {quote(username)}", field="username")
    return user


def _password_problem(password: str, username: str) -> str | None:
    model = get_user_model()
    try:
        validate_password(password, user=model(username=username))
    except ValidationError as error:
        return one_line(" ".join(str(message) for message in error.messages))
    return None


def _placement(role: Role, case_id: str | None, clinic_name: str | None) -> tuple[Clinic, Any]:
    """The clinic (and case, for a patient) the new user belongs to."""
    if role is Role.PATIENT:
        if not case_id:
            raise ParameterError("a patient user needs the id of their case", field="case_id")
        record = CaseRecord.objects.filter(case_id=case_id).select_related("clinic").first()
        if record is None:
            raise ParameterError(f"no stored case {quote(case_id)}", field="case_id")
        if clinic_name and clinic_name != record.clinic.name:
            raise ParameterError(
                "a patient belongs to their case's clinic: leave --clinic out",
                field="clinic_name",
            )
        return record.clinic, record
    if case_id:
        raise ParameterError(
            f"only a patient is linked to a case, not a {role.value}", field="case_id"
        )
    if not clinic_name or not clinic_name.strip():
        raise ParameterError(f"a {role.value} needs the name of their clinic", field="clinic_name")
    if any(not character.isprintable() for character in clinic_name) or len(clinic_name) > 120:
        raise ParameterError(
            "must be one line of at most 120 printable characters", field="clinic_name"
        )
    clinic, _ = Clinic.objects.get_or_create(name=clinic_name.strip())
    return clinic, None


def create_user(
    username: str,
    *,
    role: str,
    password: str,
    case_id: str | None = None,
    clinic_name: str | None = None,
) -> Any:
    """Create ``username`` with ``role``; ``ParameterError`` naming the parameter at fault
    (``username`` taken or empty, ``role``, ``password`` refused by a validator, ``case_id``,
    ``clinic_name``)."""
    username = username.strip()
    if not username or len(username) > 150:
        raise ParameterError("give a user name of 1 to 150 characters", field="username")
    if not USERNAME_PATTERN.fullmatch(username):
        raise ParameterError(
            f"{quote(username)}: use letters, digits and @ . + - _ only", field="username"
        )
    try:
        chosen = Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ParameterError(f"unknown role {quote(role)}: use {names}", field="role") from None
    model = get_user_model()
    if model._default_manager.filter(username=username).exists():
        raise ParameterError(f"a user {quote(username)} exists already", field="username")
    problem = _password_problem(password, username)
    if problem:
        raise ParameterError(problem, field="password")
    with transaction.atomic():
        clinic, case = _placement(chosen, case_id, clinic_name)
        user = model._default_manager.create_user(username=username, password=password)
        Profile.objects.create(user=user, role=chosen.value, clinic=clinic, case=case)
    return user
