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

``parse_protocol`` checks a protocol document strictly (``InvalidValueError``, also a
``ValueError``, naming the field).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from chondral.domain import RuleKind
from chondral.errors import InvalidValueError
from chondral.pathway.policy import NoParams, PathwayRule

MAX_WEEKS = 260
"""Longest time after surgery a protocol may name in weeks (5 years)."""

MAX_MONTHS = 120
"""Longest time after surgery a protocol may name in calendar months (10 years)."""

MAX_DAYS = 365
"""Longest restriction a protocol may limit to the first days after surgery."""

__all__ = [
    "MAX_DAYS",
    "MAX_MONTHS",
    "MAX_WEEKS",
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
    if not isinstance(node, Mapping):
        raise InvalidValueError(f"must be an object, got {type(node).__name__}", field=path or None)
    if key not in node:
        raise InvalidValueError("is required", field=where)
    value = node[key]
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise InvalidValueError(f"must be {kind.__name__}, got {type(value).__name__}", field=where)
    return value


def _texts(node: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    values = _get(node, key, path, list)
    if not all(isinstance(v, str) and v for v in values):
        raise InvalidValueError("must be a list of non-empty texts", field=f"{path}.{key}")
    return tuple(values)


def _rule(node: Mapping[str, Any], path: str) -> PathwayRule[NoParams]:
    kind = _get(node, "kind", path, str)
    if kind not in {k.value for k in RuleKind}:
        raise InvalidValueError(
            f"must be one of {', '.join(k.value for k in RuleKind)}", field=f"{path}.kind"
        )
    try:
        return PathwayRule(
            _get(node, "rule", path, str),
            _get(node, "version", path, int),
            _get(node, "source", path, str),
            RuleKind(kind),
            NoParams(),
        )
    except InvalidValueError as error:
        raise InvalidValueError(error.problem, field=f"{path}.{error.field}") from error


def _phase(node: Mapping[str, Any], path: str) -> PhaseDefinition:
    restrictions = []
    for index, item in enumerate(_get(node, "restrictions", path, list)):
        where = f"{path}.restrictions[{index}]"
        days = _get(item, "days", where, int) if "days" in item else None
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise InvalidValueError(f"must be a whole number 1-{MAX_DAYS}", field=f"{where}.days")
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
    if not isinstance(node, Mapping):
        raise InvalidValueError(f"must be an object, got {type(node).__name__}", field=path)
    weeks, months = node.get("weeks"), node.get("months")
    if (weeks is None) == (months is None):
        raise InvalidValueError("give weeks or months, exactly one", field=path)
    for value, high in ((weeks, MAX_WEEKS), (months, MAX_MONTHS)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high
        ):
            raise InvalidValueError(
                f"weeks (1-{MAX_WEEKS}) and months (1-{MAX_MONTHS}) must be whole numbers",
                field=path,
            )
    return VisitDefinition(_get(node, "label", path, str), weeks, months)


def parse_protocol(document: Mapping[str, Any]) -> RehabProtocol:
    """Build and check a protocol from its JSON document."""
    phases = tuple(
        _phase(node, f"phases[{i}]") for i, node in enumerate(_get(document, "phases", "", list))
    )
    standard = _get(document, "standard_protected_weeks", "", int)
    if not phases:
        raise InvalidValueError("at least one phase is needed", field="phases")
    if not 1 <= standard <= MAX_WEEKS:
        raise InvalidValueError(
            f"must be a whole number 1-{MAX_WEEKS}", field="standard_protected_weeks"
        )
    if phases[0].first_week != 1 or phases[0].shifts_with_protection:
        raise InvalidValueError(
            "the first phase starts in week 1 and does not shift", field="phases[0]"
        )
    if len(phases) > 1 and phases[1].first_week != standard + 1:
        raise InvalidValueError(
            f"the second phase starts when standard protection ends (week {standard + 1})",
            field="phases[1].first_week",
        )
    for index in range(1, len(phases)):
        if not phases[index - 1].first_week < phases[index].first_week <= MAX_WEEKS:
            raise InvalidValueError(
                f"phases must follow one another, within {MAX_WEEKS} weeks",
                field=f"phases[{index}].first_week",
            )
    visits = _get(document, "visits", "", dict)
    proms = _get(document, "proms", "", dict)
    time_points = []
    for index, point in enumerate(_get(proms, "time_points", "proms", list)):
        where = f"proms.time_points[{index}]"
        months = _get(point, "months", where, int)
        if months < 0:
            raise InvalidValueError("must not be negative", field=f"{where}.months")
        if months > MAX_MONTHS:
            raise InvalidValueError(f"must be at most {MAX_MONTHS}", field=f"{where}.months")
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
