"""Rehabilitation protocols as data: phases, visits, PROM time points and pain notes.

The default protocol is ``resources/microfracture-protocol.json`` (clinical-reference.md 5.1,
5.3, 5.4). Phase timing is given in *weeks after surgery* (1-based) for the standard protocol,
whose protected weight bearing lasts ``standard_protected_weeks`` (6):

- phase I always starts on the surgery day and ends the day before protection is reviewed;
- a phase with ``shifts_with_protection`` moves by as many weeks as protection is longer (or
  shorter) than standard: with 8 weeks, phase II starts in week 9 instead of week 7;
- a phase without it keeps its week (phase IV from week 17, Crawford/Philippon), so an extended
  protection shortens the phase before it. A protection so long that a phase would vanish is
  refused, never squeezed.

``parse_protocol`` checks a protocol document strictly (``ValueError`` naming the field).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chondral.pathway.policy import NoParams, PathwayRule, RuleKind

__all__ = [
    "PainNote",
    "PhaseDefinition",
    "PromSchedule",
    "RehabProtocol",
    "Restriction",
    "VisitDefinition",
    "default_protocol",
    "parse_protocol",
]


@dataclass(frozen=True, slots=True)
class Restriction:
    """A restriction; ``days`` limits it to the first days after surgery."""

    text: str
    source: str
    days: int | None = None


@dataclass(frozen=True, slots=True)
class PhaseDefinition:
    """One phase of a protocol (timing: see the module docstring)."""

    id: str
    name: str
    first_week: int
    shifts_with_protection: bool
    source: str
    goals: tuple[str, ...]
    restrictions: tuple[Restriction, ...]
    exercises: tuple[str, ...]
    criteria_to_progress: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VisitDefinition:
    """A follow-up visit ``weeks`` or calendar ``months`` after surgery (exactly one is set)."""

    label: str
    weeks: int | None = None
    months: int | None = None


@dataclass(frozen=True, slots=True)
class PromSchedule:
    """Which instruments are due at which time points (calendar months after surgery; 0 = by
    the surgery date)."""

    rule: PathwayRule[NoParams]
    instruments: tuple[str, ...]
    time_points: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class PainNote:
    """A note on pain medication, for the surgeon's decision."""

    rule: PathwayRule[NoParams]
    text: str


@dataclass(frozen=True, slots=True)
class RehabProtocol:
    """A rehabilitation protocol."""

    id: str
    version: int
    title: str
    source: str
    standard_protected_weeks: int
    weight_bearing_restriction: str
    weight_bearing_source: str
    phases: tuple[PhaseDefinition, ...]
    visits_rule: PathwayRule[NoParams]
    visits: tuple[VisitDefinition, ...]
    weight_bearing_review_rule: PathwayRule[NoParams]
    proms: PromSchedule
    pain_notes: tuple[PainNote, ...]


def _get(node: Mapping[str, Any], key: str, path: str, kind: type) -> Any:
    where = f"{path}.{key}" if path else key
    if key not in node:
        raise ValueError(f"{where}: is required")
    value = node[key]
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise ValueError(f"{where}: must be {kind.__name__}, got {type(value).__name__}")
    return value


def _texts(node: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    values = _get(node, key, path, list)
    if not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{path}.{key}: must be a list of non-empty texts")
    return tuple(values)


def _rule(node: Mapping[str, Any], path: str) -> PathwayRule[NoParams]:
    return PathwayRule(
        _get(node, "rule", path, str),
        _get(node, "version", path, int),
        _get(node, "source", path, str),
        RuleKind(_get(node, "kind", path, str)),
        NoParams(),
    )


def _phase(node: Mapping[str, Any], path: str) -> PhaseDefinition:
    restrictions = []
    for index, item in enumerate(_get(node, "restrictions", path, list)):
        where = f"{path}.restrictions[{index}]"
        days = item.get("days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            raise ValueError(f"{where}.days: must be a positive whole number")
        restrictions.append(
            Restriction(_get(item, "text", where, str), _get(item, "source", where, str), days)
        )
    return PhaseDefinition(
        id=_get(node, "id", path, str),
        name=_get(node, "name", path, str),
        first_week=_get(node, "first_week", path, int),
        shifts_with_protection=_get(node, "shifts_with_protection", path, bool),
        source=_get(node, "source", path, str),
        goals=_texts(node, "goals", path),
        restrictions=tuple(restrictions),
        exercises=_texts(node, "exercises", path),
        criteria_to_progress=_texts(node, "criteria_to_progress", path),
    )


def _visit(node: Mapping[str, Any], path: str) -> VisitDefinition:
    weeks, months = node.get("weeks"), node.get("months")
    if (weeks is None) == (months is None):
        raise ValueError(f"{path}: give weeks or months, exactly one")
    for value in (weeks, months):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise ValueError(f"{path}: weeks and months must be positive whole numbers")
    return VisitDefinition(_get(node, "label", path, str), weeks, months)


def parse_protocol(document: Mapping[str, Any]) -> RehabProtocol:
    """Build and check a protocol from its JSON document."""
    phases = tuple(
        _phase(node, f"phases[{i}]") for i, node in enumerate(_get(document, "phases", "", list))
    )
    standard = _get(document, "standard_protected_weeks", "", int)
    if not phases:
        raise ValueError("phases: at least one phase is needed")
    if phases[0].first_week != 1 or phases[0].shifts_with_protection:
        raise ValueError("phases[0]: the first phase starts in week 1 and does not shift")
    if len(phases) > 1 and phases[1].first_week != standard + 1:
        raise ValueError(
            "phases[1].first_week: the second phase starts when standard protection ends"
            f" (week {standard + 1})"
        )
    for index in range(1, len(phases)):
        if phases[index].first_week <= phases[index - 1].first_week:
            raise ValueError(f"phases[{index}].first_week: phases must follow one another")
    visits = _get(document, "visits", "", dict)
    proms = _get(document, "proms", "", dict)
    time_points = []
    for index, point in enumerate(_get(proms, "time_points", "proms", list)):
        where = f"proms.time_points[{index}]"
        months = _get(point, "months", where, int)
        if months < 0:
            raise ValueError(f"{where}.months: must not be negative")
        time_points.append((_get(point, "label", where, str), months))
    return RehabProtocol(
        id=_get(document, "id", "", str),
        version=_get(document, "version", "", int),
        title=_get(document, "title", "", str),
        source=_get(document, "source", "", str),
        standard_protected_weeks=standard,
        weight_bearing_restriction=_get(document, "weight_bearing_restriction", "", str),
        weight_bearing_source=_get(document, "weight_bearing_source", "", str),
        phases=phases,
        visits_rule=_rule(visits, "visits"),
        visits=tuple(
            _visit(node, f"visits.items[{i}]")
            for i, node in enumerate(_get(visits, "items", "visits", list))
        ),
        weight_bearing_review_rule=_rule(
            _get(document, "weight_bearing_review", "", dict), "weight_bearing_review"
        ),
        proms=PromSchedule(
            rule=_rule(proms, "proms"),
            instruments=_texts(proms, "instruments", "proms"),
            time_points=tuple(time_points),
        ),
        pain_notes=tuple(
            PainNote(_rule(node, f"pain_notes[{i}]"), _get(node, "text", f"pain_notes[{i}]", str))
            for i, node in enumerate(_get(document, "pain_notes", "", list))
        ),
    )


@cache
def default_protocol() -> RehabProtocol:
    """The bundled hip-microfracture protocol."""
    text = (
        resources.files("chondral.pathway") / "resources" / "microfracture-protocol.json"
    ).read_text(encoding="utf-8")
    return parse_protocol(json.loads(text))
