"""Reading one form's answers against its instrument definition.

Every answer is either accepted and turned into its points, or refused with an
``InputDataError`` whose ``field`` is the answer's path (``answers.pain``,
``proms[2].answers.adl_4``). The rules, the same for every instrument:

- an item code the instrument does not define is an error;
- a missing item and an item answered ``null`` are both *blank* (not an error: whether the form
  can still be scored is the scorer's decision);
- a choice item takes one of its answer codes (strings) and nothing else;
- an integer item takes a whole number in its range (``int``; a ``float`` such as ``3.0`` is
  refused, so is a boolean), or its not-applicable code if it has one;
- a real item takes a finite ``int`` or ``float`` in its range (a boolean is not a number).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from chondral.errors import InputDataError, quote
from chondral.outcomes._definitions import (
    AnswerFormat,
    AnswerKind,
    InstrumentDefinition,
    ItemDefinition,
)
from chondral.outcomes._rounding import exact_decimal

__all__ = ["CheckedAnswers", "check_answers", "join_field"]


@dataclass(frozen=True, slots=True)
class CheckedAnswers:
    """A form's answers after checking: points per answered item, and what was left out."""

    points: Mapping[str, int | Decimal]
    not_applicable: tuple[str, ...]
    blank: tuple[str, ...]

    @property
    def answered(self) -> int:
        """How many items carry points (not blank, not not-applicable)."""
        return len(self.points)

    def describe_unanswered(self) -> str:
        """``not answered: a, b; not applicable: c`` (only the parts that apply)."""
        parts = []
        if self.blank:
            parts.append("not answered: " + ", ".join(self.blank))
        if self.not_applicable:
            parts.append("not applicable: " + ", ".join(self.not_applicable))
        return "; ".join(parts)


def join_field(prefix: str, *parts: str) -> str:
    """A dotted field path; an empty ``prefix`` adds nothing (``answers.pain``)."""
    return ".".join((prefix, *parts)) if prefix else ".".join(parts)


def _expected(answer: AnswerFormat) -> str:
    if answer.kind is AnswerKind.CHOICE:
        return "one of " + ", ".join(str(code) for code in answer.choice_codes)
    whole = "a whole number" if answer.kind is AnswerKind.INTEGER else "a number"
    text = f"{whole} from {answer.minimum} to {answer.maximum}"
    return f"{text} or {answer.not_applicable!r}" if answer.not_applicable else text


def _read_answer(item: ItemDefinition, value: object, field: str) -> int | Decimal | None:
    """The points of one non-blank answer; ``None`` for not applicable."""
    answer = item.answer
    if answer.kind is AnswerKind.CHOICE:
        if isinstance(value, str) and value in answer.points_by_value:
            return answer.points_by_value[value]
        raise InputDataError(
            f"unknown answer {quote(value)}; expected {_expected(answer)}", field=field
        )
    if isinstance(value, str):
        if value == answer.not_applicable:
            return None
        raise InputDataError(
            f"unknown answer {quote(value)}; expected {_expected(answer)}", field=field
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputDataError(f"expected {_expected(answer)}, got {quote(value)}", field=field)
    if answer.kind is AnswerKind.INTEGER and not isinstance(value, int):
        raise InputDataError(f"expected {_expected(answer)}, got {quote(value)}", field=field)
    if not math.isfinite(value) or not answer.minimum <= value <= answer.maximum:
        raise InputDataError(
            f"{quote(value)} is out of range; expected {_expected(answer)}", field=field
        )
    return value if isinstance(value, int) else exact_decimal(value)


def check_answers(
    definition: InstrumentDefinition, answers: Mapping[str, object], field_prefix: str
) -> CheckedAnswers:
    """Check every answer of one form; ``InputDataError`` names the first bad one."""
    if not isinstance(answers, Mapping):
        raise InputDataError(
            f"answers must be a mapping of item code to answer, got {type(answers).__name__}",
            field=join_field(field_prefix, "answers"),
        )
    items = definition.items_by_code
    for code in answers:
        if code not in items:
            raise InputDataError(
                f"unknown item {quote(code)} for {definition.code}; its items are "
                + ", ".join(definition.item_codes),
                field=join_field(field_prefix, "answers", str(code)),
            )
    points: dict[str, int | Decimal] = {}
    not_applicable: list[str] = []
    blank: list[str] = []
    for item in definition.items:
        value = answers.get(item.code)
        if value is None:
            blank.append(item.code)
            continue
        item_points = _read_answer(item, value, join_field(field_prefix, "answers", item.code))
        if item_points is None:
            not_applicable.append(item.code)
        else:
            points[item.code] = item_points
    return CheckedAnswers(points=points, not_applicable=tuple(not_applicable), blank=tuple(blank))
