"""Questionnaire definitions, read once from ``resources/instruments.json``.

The JSON file is the single place that lists every instrument's items, answer options and their
plain-words labels (the web forms render it). This module turns it into frozen, typed records
and checks the file's internal consistency on load, so a broken resource fails at import, not
while scoring a patient's form. The scorers build their lookup tables from these records only.

Answer kinds
------------
``choice``
    A fixed set of answer codes (strings), each worth a number of points (mHHS).
``integer``
    Whole numbers from ``minimum`` to ``maximum``; each value is worth itself. Optionally one
    not-applicable code (HOS ``"na"``).
``real``
    Any finite number from ``minimum`` to ``maximum`` (a mark on a visual-analogue line).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "AnswerFormat",
    "AnswerKind",
    "AnswerOption",
    "Direction",
    "InstrumentDefinition",
    "ItemDefinition",
    "get_definition",
    "instrument_definitions",
    "instruments_document",
]

_RESOURCE: Final = "instruments.json"
_SCHEMA: Final = "chondral.instruments/1"


class AnswerKind(StrEnum):
    """How an item is answered."""

    CHOICE = "choice"
    INTEGER = "integer"
    REAL = "real"


class Direction(StrEnum):
    """Which end of an instrument's scale is the good end."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer a form offers: its stored ``value``, a label in plain words, its points.

    ``points`` is ``None`` for a not-applicable option.
    """

    value: str | int
    label: str
    points: int | None


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """The answers an item accepts."""

    kind: AnswerKind
    minimum: int
    maximum: int
    options: tuple[AnswerOption, ...] = ()
    not_applicable: str | None = None
    anchors: Mapping[str, str] = field(default_factory=dict)
    points_by_value: Mapping[str | int, int | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_value = {option.value: option.points for option in self.options}
        object.__setattr__(self, "points_by_value", MappingProxyType(by_value))

    @property
    def choice_codes(self) -> tuple[str | int, ...]:
        """The stored values of the options, in form order."""
        return tuple(option.value for option in self.options)


@dataclass(frozen=True, slots=True)
class ItemDefinition:
    """One questionnaire item: its code in response files, a short label, its answer format."""

    code: str
    label: str
    answer: AnswerFormat
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class InstrumentDefinition:
    """One instrument as the resource defines it."""

    code: str
    title: str
    version: str
    direction: Direction
    score_minimum: int
    score_maximum: int
    scoring: str
    source: str
    items: tuple[ItemDefinition, ...]
    items_by_code: Mapping[str, ItemDefinition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {item.code: item for item in self.items}
        object.__setattr__(self, "items_by_code", MappingProxyType(by_code))

    @property
    def item_codes(self) -> tuple[str, ...]:
        """The item codes in form order."""
        return tuple(item.code for item in self.items)


class _ResourceError(RuntimeError):
    """The packaged instruments resource is inconsistent (a bug in chondral, not bad input)."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise _ResourceError(f"{_RESOURCE}: {message}")


def _read_options(raw: list[dict[str, Any]], where: str) -> tuple[AnswerOption, ...]:
    options = []
    for entry in raw:
        value = entry["value"]
        points = entry.get("points", value if isinstance(value, int) else None)
        options.append(AnswerOption(value=value, label=str(entry["label"]), points=points))
    values = [option.value for option in options]
    _check(len(set(values)) == len(values), f"{where}: repeated answer value")
    return tuple(options)


def _read_format(raw: Mapping[str, Any], where: str) -> AnswerFormat:
    kind = AnswerKind(raw["kind"])
    options = _read_options(raw.get("options", []), where)
    if kind is AnswerKind.CHOICE:
        points = [option.points for option in options]
        _check(all(isinstance(p, int) for p in points), f"{where}: choice without points")
        minimum, maximum = (
            min(p for p in points if p is not None),
            max(p for p in points if p is not None),
        )
        return AnswerFormat(kind=kind, minimum=minimum, maximum=maximum, options=options)
    minimum, maximum = int(raw["minimum"]), int(raw["maximum"])
    not_applicable = raw.get("not_applicable")
    if kind is AnswerKind.INTEGER:
        numeric = sorted(o.value for o in options if isinstance(o.value, int))
        _check(numeric == list(range(minimum, maximum + 1)), f"{where}: options must cover range")
        others = [o.value for o in options if not isinstance(o.value, int)]
        _check(others == ([not_applicable] if not_applicable else []), f"{where}: stray option")
    return AnswerFormat(
        kind=kind,
        minimum=minimum,
        maximum=maximum,
        options=options,
        not_applicable=not_applicable,
        anchors=MappingProxyType(dict(raw.get("anchors", {}))),
    )


def _read_instrument(
    raw: Mapping[str, Any], answer_sets: Mapping[str, AnswerFormat]
) -> InstrumentDefinition:
    code = str(raw["code"])
    items = []
    for item in raw["items"]:
        answer = item["answer"]
        where = f"{code}.{item['code']}"
        answer_format = (
            answer_sets[answer] if isinstance(answer, str) else _read_format(answer, where)
        )
        items.append(
            ItemDefinition(
                code=str(item["code"]),
                label=str(item["label"]),
                answer=answer_format,
                domain=item.get("domain"),
            )
        )
    codes = [item.code for item in items]
    _check(len(set(codes)) == len(codes), f"{code}: repeated item code")
    score_range = raw["score_range"]
    return InstrumentDefinition(
        code=code,
        title=str(raw["title"]),
        version=str(raw["version"]),
        direction=Direction(raw["direction"]),
        score_minimum=int(score_range["minimum"]),
        score_maximum=int(score_range["maximum"]),
        scoring=str(raw["scoring"]),
        source=str(raw["source"]),
        items=tuple(items),
    )


def instruments_document() -> dict[str, Any]:
    """The raw definitions document (a fresh copy), e.g. for a web form or an API response."""
    text = resources.files(__package__).joinpath("resources", _RESOURCE).read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _load() -> Mapping[str, InstrumentDefinition]:
    document = instruments_document()
    _check(document.get("schema") == _SCHEMA, f"schema must be {_SCHEMA}")
    answer_sets = {name: _read_format(raw, name) for name, raw in document["answer_sets"].items()}
    definitions = [_read_instrument(raw, answer_sets) for raw in document["instruments"]]
    by_code = {definition.code: definition for definition in definitions}
    _check(len(by_code) == len(definitions), "repeated instrument code")
    return MappingProxyType(by_code)


_DEFINITIONS: Final = _load()


def instrument_definitions() -> Mapping[str, InstrumentDefinition]:
    """Every defined instrument by code, in resource order."""
    return _DEFINITIONS


def get_definition(code: str) -> InstrumentDefinition:
    """The definition of instrument ``code``; ``KeyError`` if there is none."""
    return _DEFINITIONS[code]
