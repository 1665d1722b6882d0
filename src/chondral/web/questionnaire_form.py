"""The portal's questionnaire forms: drafts saved answer by answer, and what a form page shows.

Everything a form shows comes from the library's instrument definitions
(``chondral.outcomes.instrument_definitions``, resource ``outcomes/resources/instruments.json``):
the items in order, their answer kind (``choice`` and ``integer``: a group of radio buttons;
``real``: a slider with an equivalent number box), the options and their labels, the
not-applicable code and the anchors of a line.

Answers are checked one by one with the library's own reading of an answer
(``score_response`` on that single answer: an unknown item or a bad value raises
``InputDataError`` naming ``answers.<item>``), so a draft never holds what the scorer would
refuse. Whether a whole form can be scored (how many items may be left out) is the scorer's
decision too: ``missing_answers`` reads it from the ``ScoreResult`` and turns it into messages.

A draft is one ``PromDraft`` row per case and instrument; ``save_answers`` changes it under a row
lock, so two answers saved at the same moment are both kept.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chondral.errors import InputDataError
from chondral.outcomes import (
    DEFAULT_SCORING_RULES,
    AnswerKind,
    InstrumentDefinition,
    ItemDefinition,
    ScoreResult,
    instrument_definitions,
    score_response,
)
from chondral.web.models import CaseRecord, PromDraft

__all__ = [
    "DOMAIN_HEADINGS",
    "INTRODUCTIONS",
    "FormItem",
    "FormOption",
    "Missing",
    "answered_count",
    "check_answer",
    "clean_answers",
    "definition_or_none",
    "delete_draft",
    "discard_stale_drafts",
    "draft_answers",
    "draft_started_on",
    "form_items",
    "missing_answers",
    "plain_problem",
    "read_value",
    "save_answers",
]

INTRODUCTIONS: Final[Mapping[str, Any]] = {
    "mhhs": gettext_lazy(
        "These questions are about your hip. For each one, choose the answer that fits you best."
    ),
    "hos_adl": gettext_lazy(
        "How hard is each of these everyday activities for you because of your hip? If you do"
        " not do an activity for a reason that has nothing to do with your hip, choose"
        " \u201cNot applicable\u201d."
    ),
    "hos_sport": gettext_lazy(
        "How hard is each of these sport activities for you because of your hip? If you do not"
        " do an activity for a reason that has nothing to do with your hip, choose"
        " \u201cNot applicable\u201d."
    ),
    "ihot12": gettext_lazy(
        "For each question, give a number from 0 to 100 for how much your hip affects you. Use"
        " the slider or type the number."
    ),
    "nahs": gettext_lazy(
        "For each line, choose how much trouble your hip gives you, from \u201cNone\u201d to"
        " \u201cExtreme\u201d."
    ),
    "vas_pain": gettext_lazy(
        "How bad is the pain in your hip right now? Use the slider or type the number."
    ),
}
"""A short plain-words introduction per instrument (our own words)."""

DOMAIN_HEADINGS: Final[Mapping[str, Any]] = {
    "pain": gettext_lazy("Pain"),
    "mechanical_symptoms": gettext_lazy("How your hip feels and moves"),
    "physical_function": gettext_lazy("Everyday movements"),
    "activity": gettext_lazy("Sport and activities"),
}
"""Headings for the domains an instrument's items are grouped in (NAHS)."""

_WHOLE: Final = re.compile(r"[+-]?[0-9]{1,9}")
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]{1,9}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})")


def definition_or_none(code: str) -> InstrumentDefinition | None:
    """The instrument ``code`` names, or ``None``."""
    return instrument_definitions().get(code)


def read_value(item: ItemDefinition, raw: object) -> object:
    """What a form or JSON request sent for ``item``, as the case file stores it: a choice code
    (text), a whole number or the not-applicable code, a number (``55``, ``55.5``; a decimal
    comma is read as a point). ``None`` (nothing sent, or empty text) means "no answer".
    Anything else is returned unchanged, for ``check_answer`` to refuse."""
    if raw is None:
        return None
    answer = item.answer
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if answer.kind is AnswerKind.CHOICE or text == answer.not_applicable:
            return text
        if answer.kind is AnswerKind.INTEGER:
            return int(text) if _WHOLE.fullmatch(text) else text
        number = text.replace(",", ".")
        if not _DECIMAL.fullmatch(number):
            return text
        raw = float(number)
    if answer.kind is AnswerKind.REAL and isinstance(raw, float) and math.isfinite(raw):
        return int(raw) if raw.is_integer() else raw
    return raw


def check_answer(definition: InstrumentDefinition, item: str, value: object) -> None:
    """``InputDataError`` naming ``answers.<item>`` unless ``item`` is one of the instrument's
    items and ``value`` an answer the library accepts for it (``None``: no answer, accepted)."""
    score_response(definition.code, {item: value})


def plain_problem(item: ItemDefinition) -> str:
    """What a patient is told when an answer to ``item`` cannot be accepted."""
    answer = item.answer
    if answer.kind is AnswerKind.REAL:
        return _("Type a number from %(minimum)s to %(maximum)s.") % {
            "minimum": answer.minimum,
            "maximum": answer.maximum,
        }
    return _("Choose one of the answers.")


def clean_answers(definition: InstrumentDefinition, answers: object) -> dict[str, object]:
    """The answers of a stored draft that the library still accepts (a definition that changed
    since the draft was saved drops what no longer fits, rather than failing)."""
    kept: dict[str, object] = {}
    if not isinstance(answers, Mapping):
        return kept
    for item in definition.item_codes:
        value = answers.get(item)
        if value is None:
            continue
        try:
            check_answer(definition, item, value)
        except InputDataError:
            continue
        kept[item] = value
    return kept


def draft_answers(record: CaseRecord, definition: InstrumentDefinition) -> dict[str, object]:
    """The answers saved so far for ``definition`` on ``record`` (empty when none)."""
    draft = PromDraft.objects.filter(case=record, instrument=definition.code).first()
    return {} if draft is None else clean_answers(definition, draft.answers)


def _started_on(draft: PromDraft) -> dt.date:
    started: dt.date = timezone.localtime(draft.started_at).date()
    return started


def draft_started_on(record: CaseRecord, definition: InstrumentDefinition) -> dt.date | None:
    """The local date the draft of ``definition`` on ``record`` was started (``None``: none)."""
    draft = (
        PromDraft.objects.filter(case=record, instrument=definition.code).only("started_at").first()
    )
    return None if draft is None else _started_on(draft)


def discard_stale_drafts(
    record: CaseRecord,
    surgery: dt.date | None,
    today: dt.date,
    instrument: str | None = None,
) -> list[str]:
    """Delete the drafts of ``record`` (or only its ``instrument``'s) started before the day of
    ``surgery`` once ``today`` is that day or later: their answers describe the hip before the
    operation and must never be sent as a post-operative response. Returns the instruments whose
    draft was discarded (sorted).

    A draft made after this check was started today, so it is never one to discard."""
    if surgery is None or today < surgery:
        return []
    drafts = PromDraft.objects.filter(case=record)
    if instrument is not None:
        drafts = drafts.filter(instrument=instrument)
    stale = [draft for draft in drafts.only("pk", "instrument", "started_at")]
    stale = [draft for draft in stale if _started_on(draft) < surgery]
    if stale:
        PromDraft.objects.filter(pk__in=[draft.pk for draft in stale]).delete()
    return sorted(draft.instrument for draft in stale)


def answered_count(answers: Mapping[str, object]) -> int:
    """How many items have an answer ("not applicable" is an answer the patient gave)."""
    return sum(1 for value in answers.values() if value is not None)


def _locked_draft(record: CaseRecord, instrument: str, user: Any) -> PromDraft:
    """The draft row of ``record`` and ``instrument``, made if needed, locked until the end of
    the caller's transaction."""
    found = PromDraft.objects.select_for_update().filter(case=record, instrument=instrument).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            PromDraft.objects.create(case=record, instrument=instrument, started_by=user)
    except IntegrityError:  # made by a request at the same moment: use that one
        pass
    return PromDraft.objects.select_for_update().get(case=record, instrument=instrument)


def save_answers(
    record: CaseRecord,
    definition: InstrumentDefinition,
    changes: Mapping[str, object],
    *,
    user: Any,
) -> dict[str, object]:
    """Apply ``changes`` (item -> answer; ``None`` removes the answer) to the draft and return
    every answer it now holds. Each change must have passed ``check_answer``. A draft left
    with no answer is deleted."""
    with transaction.atomic():
        draft = _locked_draft(record, definition.code, user)
        answers = clean_answers(definition, draft.answers)
        for item, value in changes.items():
            if value is None:
                answers.pop(item, None)
            else:
                answers[item] = value
        ordered = {item: answers[item] for item in definition.item_codes if item in answers}
        if ordered:
            draft.answers = ordered
            draft.save(update_fields=["answers", "updated_at"])
        else:
            draft.delete()
        return ordered


def delete_draft(record: CaseRecord, definition: InstrumentDefinition) -> None:
    """Forget the draft of ``definition`` on ``record`` (after it was submitted)."""
    PromDraft.objects.filter(case=record, instrument=definition.code).delete()


@dataclass(frozen=True, slots=True)
class Missing:
    """Why a form cannot be scored yet: a summary line and a message per item to point at."""

    summary: str
    items: Mapping[str, str]


def missing_answers(
    definition: InstrumentDefinition, answers: Mapping[str, object], result: ScoreResult
) -> Missing | None:
    """What is still needed when the library could not score ``result``; ``None`` if it did.

    mHHS, VAS pain and NAHS need every item (the scorer's rule): each blank item gets a message
    (the page puts the question's label in front of it in the error summary).
    HOS-ADL, HOS-Sport and iHOT-12 need a number of answered items: the summary says how many,
    and each blank item is pointed at.
    """
    if result.scorable:
        return None
    total = len(definition.items)
    needed = DEFAULT_SCORING_RULES.min_answered(definition.code) or total
    items: dict[str, str] = {}
    for code in result.missing:
        items[code] = (
            _("Answer this question.") if needed == total else _("This question has no answer yet.")
        )
    if needed == total:
        summary = _("Every question needs an answer before you can submit.")
    elif any(item.answer.not_applicable for item in definition.items):
        summary = _(
            "Answer at least %(needed)s of the %(total)s questions before you submit"
            " (\u201cNot applicable\u201d does not count). You have answered %(answered)s."
        ) % {"needed": needed, "total": total, "answered": result.answered}
    else:
        summary = _(
            "Answer at least %(needed)s of the %(total)s questions before you submit."
            " You have answered %(answered)s."
        ) % {"needed": needed, "total": total, "answered": result.answered}
    return Missing(summary=summary, items=items)


@dataclass(frozen=True, slots=True)
class FormOption:
    """One radio button."""

    value: str
    label: str
    input_id: str
    checked: bool


@dataclass(frozen=True, slots=True)
class FormItem:
    """One question as the form page draws it.

    ``value`` is the text its input shows (a number box's text, or the checked option's code;
    empty when unanswered); ``first_input_id`` is what an error link points at.
    """

    code: str
    number: int
    label: str
    kind: str
    options: tuple[FormOption, ...]
    value: str
    answered: bool
    minimum: int
    maximum: int
    step: str
    slider_start: str
    anchor_minimum: str
    anchor_maximum: str
    error: str
    domain: str | None
    domain_heading: str = ""
    ids: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_input_id(self) -> str:
        """The id an error link points at: the number box, or the first radio button."""
        return self.options[0].input_id if self.options else self.ids["number"]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, "g") if abs(value) < 1e9 else str(value)
    return str(value)


def form_items(
    definition: InstrumentDefinition,
    answers: Mapping[str, object],
    *,
    shown: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[FormItem]:
    """Every item of ``definition`` ready to draw: its saved answer (or, for an answer that was
    refused, the text the patient typed, from ``shown``) and its error message."""
    shown = shown or {}
    errors = errors or {}
    items = []
    previous_domain: str | None = None
    for number, item in enumerate(definition.items, start=1):
        answer = item.answer
        value = answers.get(item.code)
        text = shown.get(item.code, _text(value))
        options = tuple(
            FormOption(
                value=str(option.value),
                label=option.label,
                input_id=f"{item.code}-{option.value}",
                checked=text == str(option.value),
            )
            for option in answer.options
        )
        step = "1" if answer.maximum - answer.minimum > 10 else "0.1"
        heading = ""
        if item.domain and item.domain != previous_domain:
            heading = str(DOMAIN_HEADINGS.get(item.domain, item.domain))
        previous_domain = item.domain
        items.append(
            FormItem(
                code=item.code,
                number=number,
                label=item.label,
                kind=str(answer.kind),
                options=options if answer.kind is not AnswerKind.REAL else (),
                value=text,
                answered=value is not None,
                minimum=answer.minimum,
                maximum=answer.maximum,
                step=step,
                slider_start=text
                if value is not None
                else _text((answer.minimum + answer.maximum) / 2),
                anchor_minimum=answer.anchors.get("minimum", ""),
                anchor_maximum=answer.anchors.get("maximum", ""),
                error=errors.get(item.code, ""),
                domain=item.domain,
                domain_heading=heading,
                ids={
                    "fieldset": f"item-{item.code}",
                    "number": f"{item.code}-number",
                    "slider": f"{item.code}-slider",
                    "anchors": f"{item.code}-anchors",
                    "error": f"{item.code}-error",
                    "status": f"{item.code}-status",
                },
            )
        )
    return items
