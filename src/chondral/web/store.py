"""Cases saved as versions of their case document, validated exactly as a case file is.

Every save goes through ``chondral.io.casefile.parse_case`` (the schema and the clinical
consistency rules), so a form, an upload and the API refuse what ``chondral assess`` refuses,
with the same field names. A save is one transaction that locks the case row: two users saving
at once get consecutive versions, never a lost update.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from chondral.domain import Case
from chondral.errors import InvalidValueError
from chondral.io.casefile import parse_case
from chondral.io.digest import hash_content
from chondral.io.mesh_store import StoredMeshes
from chondral.pathway import DEFAULT_POLICY
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.case_summary import CaseSummary, summarise_case
from chondral.web import audit
from chondral.web.models import CaseRecord, CaseVersion, Clinic
from chondral.web.roles import Action, actions_for_change

__all__ = [
    "PLAN_INPUT_KEYS",
    "RECENT_CASES",
    "CaseExistsError",
    "Recent",
    "changed_fields",
    "create_case",
    "document_digest",
    "load_case",
    "mesh_folder",
    "plan_inputs_digest",
    "refresh_summary",
    "save_version",
    "stored_meshes",
]

RESERVED_CASE_IDS = frozenset({"new", "upload"})
"""Case ids that would name a page of their own (``/cases/new/``, ``/cases/upload/``)."""

PLAN_INPUT_KEYS = ("patient", "hip", "lesions", "plan", "imaging")
"""The case-document sections a hole plan depends on: a change to any marks a plan stale."""


class CaseExistsError(Exception):
    """A case with this id is already stored (the API answers 409)."""

    def __init__(self, case_id: str) -> None:
        super().__init__(f"a case with id {case_id!r} already exists")
        self.case_id = case_id


@dataclass(frozen=True, slots=True)
class Saved:
    """A saved version and the case it validated to."""

    record: CaseRecord
    version: CaseVersion
    case: Case


def _canonical(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def document_digest(document: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of the document in canonical JSON."""
    return hash_content(_canonical(document))


def plan_inputs_digest(document: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of the sections a plan depends on (``PLAN_INPUT_KEYS``)."""
    return hash_content(_canonical({key: document.get(key) for key in PLAN_INPUT_KEYS}))


def changed_fields(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Dotted paths (``lesions[0].area_mm2``) where ``new`` differs from ``old``."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        paths: list[str] = []
        for key in sorted(set(old) | set(new), key=str):
            where = f"{prefix}.{key}" if prefix else str(key)
            if key not in old or key not in new:
                paths.append(where)
            else:
                paths.extend(changed_fields(old[key], new[key], where))
        return paths
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        paths = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            paths.extend(changed_fields(a, b, f"{prefix}[{index}]"))
        return paths
    return [] if old == new else [prefix or "(document)"]


def mesh_folder() -> Path:
    """Where uploaded meshes are kept (``<data folder>/meshes``)."""
    return Path(settings.DATA_DIR) / "meshes"


def stored_meshes() -> StoredMeshes:
    """The ``MeshSource`` of the web application: uploaded meshes only."""
    return StoredMeshes(mesh_folder())


class Recent:
    """The last ``size`` results by key (least recently used dropped first), for threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


RECENT_CASES = Recent(512)
"""Validated cases by their document's canonical JSON: a ``Case`` is immutable, and checking a
document against the schema is most of a case page's time."""


def load_case(document: Mapping[str, Any]) -> Case:
    """The validated case of a stored document (kept for the documents read recently)."""
    key = _canonical(document)
    case = RECENT_CASES.get(key)
    if case is None:
        case = parse_case(dict(document))
        RECENT_CASES.put(key, case)
    return case


def _summary_fields(summary: CaseSummary) -> dict[str, Any]:
    return {
        "summary_as_of": summary.as_of,
        "verdict": summary.verdict or "",
        "verdict_problem": (summary.verdict_problem or "")[:500],
        "phase": summary.phase,
        "phase_label": summary.phase_label,
        "surgery_date": summary.surgery_date,
        "overdue_count": len(summary.overdue_items),
        "overdue_items": list(summary.overdue_items),
        "proms_due_count": len(summary.proms_due),
        "proms_due": [
            {"instrument": d.instrument, "time_point": d.time_point, "due": d.due.isoformat()}
            for d in summary.proms_due
        ],
        "lesion_area_mm2": summary.lesion_area_mm2,
        "size_band": summary.size_band or "",
    }


def _summarise(case: Case, today: dt.date) -> dict[str, Any]:
    return _summary_fields(
        summarise_case(case, rule_set=DEFAULT_RULE_SET, policy=DEFAULT_POLICY, today=today)
    )


def refresh_summary(
    record: CaseRecord, case: Case | None = None, today: dt.date | None = None
) -> None:
    """Recompute the list facts of ``record`` (from its current version) as of ``today``. A
    save that lands meanwhile wins: the facts are written only if the version they were worked
    out from is still the current one."""
    number = record.current_version
    if case is None:
        case = load_case(record.versions.get(number=number).document)
    fields = _summarise(case, today or timezone.localdate())
    if not CaseRecord.objects.filter(pk=record.pk, current_version=number).update(**fields):
        return
    for name, value in fields.items():
        setattr(record, name, value)


def create_case(
    document: Mapping[str, Any],
    *,
    user: Any,
    clinic: Clinic,
    surgeon: Any = None,
    request: Any = None,
    note: str = "created",
    permit: Callable[[frozenset[Action]], None] | None = None,
) -> Saved:
    """Validate ``document`` and store it as version 1 of a new case; ``CaseExistsError`` when the
    id is taken; ``InputDataError`` naming the field when it does not validate or the id is one
    the web pages reserve (``RESERVED_CASE_IDS``). ``permit`` as for ``save_version``: a new
    case's sections need the same actions as adding them to an empty document."""
    document = dict(document)
    case = load_case(document)
    if case.case_id.lower() in RESERVED_CASE_IDS:
        raise InvalidValueError(
            f"{case.case_id!r} is a word the web pages use (/cases/{case.case_id.lower()}/):"
            " choose another id",
            field="case_id",
        )
    if permit is not None:
        permit(actions_for_change({}, document))
    summary = _summarise(case, timezone.localdate())
    try:
        with transaction.atomic():
            record = CaseRecord.objects.create(
                case_id=case.case_id,
                clinic=clinic,
                surgeon=surgeon,
                side=str(case.side),
                current_version=1,
                **summary,
            )
            version = CaseVersion.objects.create(
                case=record,
                number=1,
                document=document,
                digest=document_digest(document),
                plan_inputs_digest=plan_inputs_digest(document),
                author=user,
                author_name=user.get_username() if user is not None else "system",
                note=note,
            )
            audit.record(
                request,
                action="case_created",
                case_id=case.case_id,
                user=user,
                detail="version 1",
                clinic_id=clinic.pk,
            )
    except IntegrityError as error:
        if CaseRecord.objects.filter(case_id=case.case_id).exists():
            raise CaseExistsError(case.case_id) from error
        raise
    return Saved(record, version, case)


def save_version(
    record: CaseRecord,
    document: Mapping[str, Any],
    *,
    user: Any,
    request: Any = None,
    note: str = "",
    base_version: int | None = None,
    permit: Callable[[frozenset[Action]], None] | None = None,
) -> Saved:
    """Validate ``document`` and store it as the next version of ``record``.

    The case id and side cannot change (a new case is a new record). ``base_version``: the
    version the editor started from; a save over a newer version is refused
    (``StaleVersionError``) rather than silently overwriting someone else's change.

    ``permit``: called, under the row lock, with the actions the change needs
    (``roles.actions_for_change``); it raises to refuse (``access.permit_changes``). Every web
    caller passes one; None is for trusted callers (the command line, restore, tests)."""
    document = dict(document)
    case = load_case(document)
    if case.case_id != record.case_id:
        raise InvalidValueError(
            f"is {case.case_id!r} but this case is {record.case_id!r}: a new id is a new case",
            field="case_id",
        )
    if str(case.side) != record.side:
        raise InvalidValueError(
            f"is {case.side} but this case is the {record.side} hip: the side of a stored case"
            " cannot change (create a new case for the other hip)",
            field="hip.side",
        )
    summary = _summarise(case, timezone.localdate())
    with transaction.atomic():
        locked = CaseRecord.objects.select_for_update().get(pk=record.pk)
        if base_version is not None and base_version != locked.current_version:
            raise StaleVersionError(base_version, locked.current_version)
        previous = locked.versions.get(number=locked.current_version)
        if permit is not None:
            permit(actions_for_change(previous.document, document))
        changes = changed_fields(previous.document, document)
        number = locked.current_version + 1
        version = CaseVersion.objects.create(
            case=locked,
            number=number,
            document=document,
            digest=document_digest(document),
            plan_inputs_digest=plan_inputs_digest(document),
            author=user,
            author_name=user.get_username() if user is not None else "system",
            changes=changes[:200],
            note=note[:200],
        )
        CaseRecord.objects.filter(pk=locked.pk).update(current_version=number, **summary)
        audit.record(
            request,
            action="case_changed",
            case_id=record.case_id,
            user=user,
            clinic_id=locked.clinic_id,
            detail=f"version {number}: {', '.join(changes)[:250]}",
        )
    locked.refresh_from_db()
    return Saved(locked, version, case)


class StaleVersionError(Exception):
    """The case changed since the editor loaded it."""

    def __init__(self, base: int, current: int) -> None:
        super().__init__(
            f"the case changed since you opened it (you edited version {base}; it is now version"
            f" {current}): reload and apply your change again"
        )
        self.base = base
        self.current = current


def current_version(record: CaseRecord) -> CaseVersion:
    """The current version row of ``record``."""
    return record.versions.get(number=record.current_version)
