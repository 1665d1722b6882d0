"""The pre-operative checklist: items with owners, due dates and states; ready or not.

Items come from ``resources/checklist.json`` (history, examination, imaging, blood tests when
ordered, medication review, allergies, anaesthesia plan, consent, instructions, a driver home,
walking aid training, CPM, a brace when ordered), plus one item per medicine that must be
stopped (from the case file's ``medications`` and the policy's stop intervals).

Rules (stated once, tested exhaustively):

- An item's ``due`` date is the surgery date minus its ``due_days_before`` (the policy's
  ``checklist.due`` may change them). For a medicine, ``due`` is the *first day without it*:
  surgery date minus the stop interval.
- An item needed "when ordered" (CT, blood tests, brace) is required when ``ordered: true``, not
  required and in state ``not_ordered`` when ``ordered: false``, and required (blocking) while
  nobody has recorded whether it was ordered: an undecided order is not guessed away.
- A medicine item is done when a surgeon's decision is recorded for it, or when it was stopped on
  or before its due date. Stopped later, it stays pending with a note. With no known interval
  (anticoagulants without an institution policy) only a surgeon's decision completes it.
- ``overdue``: pending and the as-of date is after the due date.
- ``ready`` only when every required item is done; ``blocking`` lists the others.

The due dates are chondral's suggestions (rule ``pathway.checklist.due``, kind ``design``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from chondral.domain import (
    Case,
    ChecklistEntry,
    ChecklistState,
    Medication,
    MedicationCategory,
    Side,
)
from chondral.pathway.calendar_dates import inside_calendar
from chondral.pathway.policy import DEFAULT_POLICY, Authority, PathwayPolicy

__all__ = [
    "MEDICATION_ITEM_PREFIX",
    "Checklist",
    "ChecklistItem",
    "ChecklistItemTemplate",
    "ItemState",
    "Owner",
    "Requirement",
    "build_checklist",
    "checklist_template",
    "medication_item_id",
]

MEDICATION_ITEM_PREFIX = "stop_"
_PATIENT_STOPS = frozenset(
    {MedicationCategory.NSAID, MedicationCategory.ASPIRIN, MedicationCategory.SUPPLEMENT}
)
_CATEGORY_WORDS = {
    MedicationCategory.NSAID: "NSAID",
    MedicationCategory.ASPIRIN: "aspirin",
    MedicationCategory.ANTICOAGULANT: "anticoagulant",
    MedicationCategory.ANTIPLATELET: "antiplatelet",
    MedicationCategory.SUPPLEMENT: "supplement",
    MedicationCategory.OTHER: "other",
}


class Owner(StrEnum):
    """Who is responsible for an item."""

    PATIENT = "patient"
    STAFF = "staff"
    SURGEON = "surgeon"


class Requirement(StrEnum):
    """When an item is required."""

    ALWAYS = "always"
    WHEN_ORDERED = "when_ordered"


class ItemState(StrEnum):
    """State of an item on the checklist."""

    DONE = "done"
    PENDING = "pending"
    NOT_ORDERED = "not_ordered"


@dataclass(frozen=True, slots=True)
class ChecklistItemTemplate:
    """One item of the checklist template."""

    id: str
    title: str
    owner: Owner
    due_days_before: int
    required: Requirement
    source: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One item of a patient's checklist."""

    id: str
    title: str
    owner: Owner
    due: dt.date
    state: ItemState
    required: bool
    overdue: bool
    source: str
    rule_id: str
    done_date: dt.date | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Checklist:
    """A patient's checklist for one surgery date, as of one day."""

    case_id: str
    side: Side
    surgery_date: dt.date
    as_of: dt.date
    items: tuple[ChecklistItem, ...]
    alerts: tuple[str, ...]
    policy_id: str
    policy_version: str

    @property
    def blocking(self) -> tuple[str, ...]:
        """Ids of required items that are not done, in checklist order."""
        return tuple(
            item.id for item in self.items if item.required and item.state is not ItemState.DONE
        )

    @property
    def ready(self) -> bool:
        """True only when every required item is done."""
        return not self.blocking

    @property
    def overdue(self) -> tuple[str, ...]:
        """Ids of overdue items."""
        return tuple(item.id for item in self.items if item.overdue)


@cache
def checklist_template() -> tuple[ChecklistItemTemplate, ...]:
    """The checklist items, in order, from ``resources/checklist.json``."""
    text = (resources.files("chondral.pathway") / "resources" / "checklist.json").read_text(
        encoding="utf-8"
    )
    document = json.loads(text)
    return tuple(
        ChecklistItemTemplate(
            id=item["id"],
            title=item["title"],
            owner=Owner(item["owner"]),
            due_days_before=int(item["due_days_before"]),
            required=Requirement(item["required"]),
            source=item["source"],
        )
        for item in document["items"]
    )


def medication_item_id(name: str) -> str:
    """Checklist id of the stop item of a medicine: ``stop_`` + its name in lower snake case."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return MEDICATION_ITEM_PREFIX + (slug or "medicine")


def _due(surgery_date: dt.date, days_before: int) -> dt.date:
    return surgery_date - dt.timedelta(days=days_before)


def _template_item(
    template: ChecklistItemTemplate,
    entry: ChecklistEntry,
    surgery_date: dt.date,
    as_of: dt.date,
    policy: PathwayPolicy,
) -> ChecklistItem:
    rule = policy.checklist_due
    days = rule.params.due_days_before.get(template.id, template.due_days_before)
    due = _due(surgery_date, days)
    notes: list[str] = []
    required = True
    if entry.state is ChecklistState.DONE and entry.date is not None and entry.date > as_of:
        # recorded as done on a later day: not done yet on the day the checklist is read
        state = ItemState.PENDING
        notes.append(f"recorded as done on {entry.date.isoformat()}, after {as_of.isoformat()}")
    elif (
        entry.state is ChecklistState.DONE and entry.date is not None and entry.date > surgery_date
    ):
        state = ItemState.PENDING
        notes.append(
            f"recorded as done on {entry.date.isoformat()}, after the surgery on"
            f" {surgery_date.isoformat()}: it cannot count before the operation"
        )
    elif entry.state is ChecklistState.DONE:
        state = ItemState.DONE
    elif template.required is Requirement.WHEN_ORDERED and entry.ordered is False:
        state, required = ItemState.NOT_ORDERED, False
    else:
        state = ItemState.PENDING
        if template.required is Requirement.WHEN_ORDERED and entry.ordered is None:
            notes.append("record whether it was ordered (ordered: true or false)")
    if entry.note:
        notes.append(entry.note)
    return ChecklistItem(
        id=template.id,
        title=template.title,
        owner=template.owner,
        due=due,
        state=state,
        required=required,
        overdue=state is ItemState.PENDING and as_of > due,
        source=template.source,
        rule_id=rule.rule_id,
        done_date=entry.date,
        notes=tuple(notes),
    )


def _medication_item(
    medication: Medication,
    surgery_date: dt.date,
    as_of: dt.date,
    review_due: dt.date,
    policy: PathwayPolicy,
) -> ChecklistItem | None:
    rule = policy.medication_stop
    interval = rule.params.interval(medication.name, medication.category)
    if interval is None:
        return None
    category = _CATEGORY_WORDS[medication.category]
    owner = Owner.PATIENT if medication.category in _PATIENT_STOPS else Owner.SURGEON
    notes: list[str] = []
    if interval.days is None:
        due = review_due
        title = (
            f"Agree a stop plan for {medication.name} ({category}) with its prescriber: no "
            "sourced interval; follow the institution's policy"
        )
    else:
        due = _due(surgery_date, interval.days)
        title = (
            f"Stop {medication.name} ({category}) from {due.isoformat()}"
            f" ({interval.days} days before surgery)"
        )
        if interval.authority is Authority.LOW:
            title += ": low-authority default, confirm with the institution's policy"
        elif interval.authority is Authority.ASSUMED:
            title += ": assumed interval, confirm with the institution's policy"
    if medication.category is MedicationCategory.ASPIRIN:
        notes.append(
            "aspirin taken for a heart or vessel condition: the prescriber and surgeon decide"
            " (record surgeon_decision)"
        )
    decision = medication.surgeon_decision
    state = ItemState.PENDING
    done_date: dt.date | None = None
    if decision is not None and decision.date <= min(as_of, surgery_date):
        state, done_date = ItemState.DONE, decision.date
        notes.append(
            f"surgeon's decision ({decision.surgeon}, {decision.date.isoformat()}): {decision.plan}"
        )
    elif medication.stopped_on is not None:
        if interval.days is None:
            notes.append(
                f"stopped on {medication.stopped_on.isoformat()}; with no known interval the"
                " surgeon's decision must be recorded"
            )
        elif medication.stopped_on <= due and medication.stopped_on <= as_of:
            state, done_date = ItemState.DONE, medication.stopped_on
        elif medication.stopped_on <= due:
            notes.append(f"to stop on {medication.stopped_on.isoformat()}")
        else:
            notes.append(
                f"stopped on {medication.stopped_on.isoformat()}, later than"
                f" {due.isoformat()}: the surgeon decides (record surgeon_decision) or the"
                " surgery moves"
            )
    return ChecklistItem(
        id=medication_item_id(medication.name),
        title=title,
        owner=owner,
        due=due,
        state=state,
        required=True,
        overdue=state is ItemState.PENDING and as_of > due,
        source=interval.source,
        rule_id=rule.rule_id,
        done_date=done_date,
        notes=tuple(notes),
    )


def _alerts(case: Case) -> tuple[str, ...]:
    allergies = case.allergies
    if allergies is None:
        return ()
    alerts: list[str] = []
    if allergies.latex:
        alerts.append("LATEX ALLERGY: latex-free theatre, ward and equipment")
    alerts.extend(f"Medicine allergy: {name}" for name in allergies.medicines)
    alerts.extend(f"Anaesthesia allergy or reaction: {name}" for name in allergies.anaesthesia)
    return tuple(alerts)


def build_checklist(
    case: Case,
    surgery_date: dt.date,
    *,
    as_of: dt.date,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> Checklist:
    """The checklist of ``case`` for surgery on ``surgery_date``, with overdue flags as of
    ``as_of``. Pure: the caller gives both dates. A surgery date so early that a due date would
    fall before 0001-01-01 is refused (``InvalidValueError`` naming ``surgery_date``)."""
    templates = checklist_template()
    with inside_calendar(surgery_date, field="surgery_date", what="the checklist's due dates"):
        items = [
            _template_item(
                template,
                case.checklist.get(template.id, ChecklistEntry()),
                surgery_date,
                as_of,
                policy,
            )
            for template in templates
        ]
        review_due = next(item.due for item in items if item.id == "medication_review")
        for medication in case.medications or ():
            item = _medication_item(medication, surgery_date, as_of, review_due, policy)
            if item is not None:
                items.append(item)
    return Checklist(
        case_id=case.case_id,
        side=case.side,
        surgery_date=surgery_date,
        as_of=as_of,
        items=tuple(items),
        alerts=_alerts(case),
        policy_id=policy.id,
        policy_version=policy.version,
    )
