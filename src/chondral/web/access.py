"""The one authorization function: every view and API endpoint calls ``authorize``.

``authorize(request, action, case_id)`` answers with the user's ``Actor`` and the case record,
or refuses:

- not signed in, or no role: ``PermissionDenied`` (the views send the user to sign in first);
- a case the user may not see (another clinic's, another patient's, or none with that id):
  ``Http404``, the same answer whether it exists or not, so ids cannot be probed;
- a case the user may see but an action their role may not take (``chondral.web.roles``):
  ``PermissionDenied`` (403).

Every call on a case writes an audit row (allowed, denied or not found); actions on the clinic
(the case list, the cohort, the audit log) are audited too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from chondral.web import audit
from chondral.web.models import CaseRecord, Profile
from chondral.web.roles import CASE_ACTIONS, Action, Role, allowed

__all__ = [
    "Actor",
    "actor_of",
    "authorize",
    "permit_changes",
    "permit_new_case",
    "visible_cases",
]


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user with a role: their clinic, or (a patient) their case."""

    user: Any
    role: Role
    clinic_id: int | None
    case_pk: int | None


def actor_of(user: Any) -> Actor | None:
    """The ``Actor`` of ``user``, None when not signed in or without a profile."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        return None
    return Actor(user, Role(profile.role), profile.clinic_id, profile.case_id)


def visible_cases(actor: Actor) -> QuerySet[CaseRecord]:
    """The cases ``actor`` may see: their clinic's, or a patient's own."""
    if actor.role is Role.PATIENT:
        return (
            CaseRecord.objects.filter(pk=actor.case_pk)
            if actor.case_pk
            else CaseRecord.objects.none()
        )
    if actor.clinic_id is None:
        return CaseRecord.objects.none()
    return CaseRecord.objects.filter(clinic_id=actor.clinic_id)


def _clinic_of(case_id: str | None, fallback: int | None) -> int | None:
    """The clinic whose staff see an audit row about ``case_id``: the case's own clinic when
    the case exists (an attempt on it concerns that clinic), else ``fallback``."""
    if case_id and case_id.isprintable():
        found = CaseRecord.objects.filter(case_id=case_id[:64]).values_list("clinic_id", flat=True)
        clinic_id = found.first()
        if clinic_id is not None:
            return int(clinic_id)
    return fallback


def authorize(
    request: Any, action: Action, case_id: str | None = None, *, detail: str = ""
) -> tuple[Actor, CaseRecord | None]:
    """The actor and the case record ``action`` acts on (None for clinic actions); refuses as
    the module docstring says, writing the audit row either way (in the clinic of the case,
    else of the user: staff read only their clinic's rows)."""
    actor = actor_of(getattr(request, "user", None))
    if actor is None:
        audit.record(
            request,
            action=str(action),
            case_id=(case_id or "")[:64],
            outcome="denied",
            detail="not signed in or no role",
            clinic_id=_clinic_of(case_id, None),
        )
        raise PermissionDenied("sign in with a user that has a role")
    role = str(actor.role)
    mine = actor.clinic_id
    if action not in CASE_ACTIONS:
        if not allowed(actor.role, action):
            audit.record(
                request,
                action=str(action),
                outcome="denied",
                role=role,
                detail=detail,
                clinic_id=mine,
            )
            raise PermissionDenied(f"a {role} may not {action.value.replace('_', ' ')}")
        audit.record(request, action=str(action), role=role, detail=detail, clinic_id=mine)
        return actor, None
    if case_id is None:
        raise ValueError(f"{action} acts on a case: give its id")
    # An id with a control character names no case (PostgreSQL refuses NUL in a query).
    found = visible_cases(actor).filter(case_id=case_id) if case_id.isprintable() else None
    record = None if found is None else found.first()
    if record is None:
        audit.record(
            request,
            action=str(action),
            case_id=case_id[:64].replace("\x00", ""),
            outcome="not_found",
            role=role,
            detail=detail,
            clinic_id=_clinic_of(case_id, mine),
        )
        raise Http404("no such case")
    if not allowed(actor.role, action):
        audit.record(
            request,
            action=str(action),
            case_id=case_id,
            outcome="denied",
            role=role,
            detail=detail,
            clinic_id=record.clinic_id,
        )
        raise PermissionDenied(f"a {role} may not {action.value.replace('_', ' ')}")
    audit.record(
        request,
        action=str(action),
        case_id=case_id,
        role=role,
        detail=detail,
        clinic_id=record.clinic_id,
    )
    return actor, record


def permit_changes(request: Any, case_id: str) -> Callable[[Iterable[Action]], None]:
    """A check for ``store.save_version``: every action a document change needs
    (``roles.actions_for_change``) is authorized for this request, or the save is refused
    (``PermissionDenied``) before anything is written."""

    def permit(actions: Iterable[Action]) -> None:
        for action in sorted(actions):
            authorize(request, action, case_id, detail="document change")

    return permit


def permit_new_case(request: Any) -> Callable[[Iterable[Action]], None]:
    """The ``permit_changes`` of a case not stored yet: each section of the new document needs
    the role to be allowed its action (a denial is audited and refused with 403)."""

    def permit(actions: Iterable[Action]) -> None:
        actor = actor_of(getattr(request, "user", None))
        for action in sorted(actions):
            if actor is None or not allowed(actor.role, action):
                audit.record(
                    request,
                    action=str(action),
                    outcome="denied",
                    clinic_id=actor.clinic_id if actor else None,
                    role=str(actor.role) if actor else "",
                    detail="new case",
                )
                raise PermissionDenied(
                    f"a {actor.role if actor else 'visitor'} may not"
                    f" {action.value.replace('_', ' ')}: leave that section out"
                )

    return permit
