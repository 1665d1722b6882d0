"""The four roles of the web application and what each may do to a case.

One table (``ALLOWED``) is the whole policy; ``chondral.web.access.authorize`` applies it. Where
a role may act, it may do so only on cases of its own clinic (a patient: only their own case).

Choices made here (rule ``web.roles``, a design choice, reviewed with the team):
- only the surgeon changes the plan, records the operation and approves return to sport (the
  clinical reference: return to sport only with the surgeon's approval); the physiotherapist
  records the return-to-sport tests; clinic staff cannot approve return to sport;
- clinic staff and the surgeon create cases, edit their records and upload meshes;
- staff read the audit log;
- a patient reads their own case (and its rehabilitation calendar) and answers their own
  questionnaires; the clinical records behind it (case file and plan downloads, the version
  history, the drafted operative note, the return-to-sport decision) are for clinicians.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

__all__ = [
    "ALLOWED",
    "CLINICIANS",
    "SECTION_ACTIONS",
    "Action",
    "Role",
    "actions_for_change",
    "allowed",
]

ROLES_RULE = "web.roles"


class Role(StrEnum):
    """Who a user is in the clinic."""

    SURGEON = "surgeon"
    STAFF = "staff"
    PHYSIO = "physio"
    PATIENT = "patient"


class Action(StrEnum):
    """What a user asks to do; each is audited under its name."""

    LIST_CASES = "list_cases"
    CREATE_CASE = "create_case"
    VIEW_CASE = "view_case"
    DOWNLOAD_CASE = "download_case"
    VIEW_RECORDS = "view_records"
    EDIT_CASE = "edit_case"
    UPLOAD_MESH = "upload_mesh"
    EDIT_PLAN = "edit_plan"
    RECORD_OPERATIVE = "record_operative"
    RECORD_PROM = "record_prom"
    RECORD_RTS_TESTS = "record_rts_tests"
    APPROVE_RTS = "approve_rts"
    VIEW_COHORT = "view_cohort"
    VIEW_AUDIT = "view_audit"


CLINICIANS = frozenset({Role.SURGEON, Role.STAFF, Role.PHYSIO})
_S, _T, _P, _PT = Role.SURGEON, Role.STAFF, Role.PHYSIO, Role.PATIENT

ALLOWED: dict[Action, frozenset[Role]] = {
    Action.LIST_CASES: frozenset({_S, _T, _P}),
    Action.CREATE_CASE: frozenset({_S, _T}),
    Action.VIEW_CASE: frozenset({_S, _T, _P, _PT}),
    Action.DOWNLOAD_CASE: frozenset({_S, _T, _P}),
    Action.VIEW_RECORDS: frozenset({_S, _T, _P}),
    Action.EDIT_CASE: frozenset({_S, _T}),
    Action.UPLOAD_MESH: frozenset({_S, _T}),
    Action.EDIT_PLAN: frozenset({_S}),
    Action.RECORD_OPERATIVE: frozenset({_S}),
    Action.RECORD_PROM: frozenset({_S, _T, _P, _PT}),
    Action.RECORD_RTS_TESTS: frozenset({_S, _P}),
    Action.APPROVE_RTS: frozenset({_S}),
    Action.VIEW_COHORT: frozenset({_S}),
    Action.VIEW_AUDIT: frozenset({_T}),
}
"""Which roles may take each action (on cases of their clinic; a patient on their own case)."""

CASE_ACTIONS = frozenset(ALLOWED) - {
    Action.LIST_CASES,
    Action.CREATE_CASE,
    Action.VIEW_COHORT,
    Action.VIEW_AUDIT,
}
"""Actions on one case (the others act on a clinic)."""


def allowed(role: Role, action: Action) -> bool:
    """Whether ``role`` may take ``action`` at all."""
    return role in ALLOWED[action]


SECTION_ACTIONS: tuple[tuple[tuple[str, ...], Action], ...] = (
    (("plan",), Action.EDIT_PLAN),
    (("operative",), Action.RECORD_OPERATIVE),
    (("return_to_sport", "approval"), Action.APPROVE_RTS),
    (("return_to_sport",), Action.RECORD_RTS_TESTS),
    (("proms",), Action.RECORD_PROM),
    (("imaging",), Action.UPLOAD_MESH),
)
"""Which action a change to each case-document section needs, most specific first; a change
anywhere else needs ``EDIT_CASE``. Saving a whole document (the document editor, the API's PUT)
is checked section by section, so edit rights never carry a surgeon-only change with them."""

_ABSENT = object()


def _take(document: Any, path: tuple[str, ...]) -> tuple[Any, Any]:
    """(the value at ``path`` or ``_ABSENT``, the document without it)."""
    if not isinstance(document, Mapping) or path[0] not in document:
        return _ABSENT, document
    rest = dict(document)
    if len(path) == 1:
        return rest.pop(path[0]), rest
    value, inner = _take(document[path[0]], path[1:])
    if isinstance(inner, Mapping) and not inner:
        del rest[path[0]]  # a section that held only what was taken counts as absent
    else:
        rest[path[0]] = inner
    return value, rest


def actions_for_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> frozenset[Action]:
    """The actions a change from document ``old`` to ``new`` needs (``SECTION_ACTIONS``)."""
    needed: set[Action] = set()
    for path, action in SECTION_ACTIONS:
        before, old = _take(old, path)
        after, new = _take(new, path)
        if before != after:
            needed.add(action)
    if old != new:
        needed.add(Action.EDIT_CASE)
    return frozenset(needed)
