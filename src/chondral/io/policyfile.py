"""Read institution pathway policy files (``chondral.policy/1``, YAML or JSON).

A policy file starts from chondral's default pathway policy and changes rules, rule by rule::

    schema: chondral.policy/1
    id: st-elsewhere-hip-unit
    version: "2026-11"
    rules:
      operative.traction_time:
        version: 2                                  # required: greater than the default's
        source: "Theatre policy 12/2026"            # required: where the number comes from
        limit_minutes: 90
      weight_bearing.extended: {version: 2, source: "Unit protocol 4", area_above_mm2: 250}
      rts.minimum_time: {version: 2, source: "Unit protocol 4", weeks: 20}
      rts.criteria: {version: 2, source: "...", thresholds: {front_plank_s: 60}, omit: [agility_t_test]}
      medication.stop: {version: 2, source: "Anticoagulation policy 3", categories: {nsaid: 10},
                        drugs: {dabigatran: 4}}
      checklist.due: {version: 2, source: "...", due_days_before: {consent: 2}}
      operative.hole_distance: {version: 2, source: "...", max_mm: 5}

As with rule-set files (the shared rule is in ``chondral.io.versioned``), a changed threshold
must come with a new rule ``version`` and its own ``source``; a changed rule becomes kind
``policy`` (the institution's decision). Rules not named keep the default. Unknown rules,
parameters, criteria, checklist items or medication categories, NaN or infinity, and values
outside plausible ranges (every threshold has an upper bound; a return-to-sport threshold no
more than its result can be, ``chondral.domain.limits.RTS_RESULT_BY_UNIT``) are errors naming
the field (``rules.rts.minimum_time.weeks``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from chondral.domain import MedicationCategory, RuleKind
from chondral.domain.limits import RTS_RESULT_ANY, RTS_RESULT_BY_UNIT
from chondral.errors import InputDataError, InvalidValueError
from chondral.io.versioned import read_versioned, rule_change, validate_versioned, versioned_schema
from chondral.pathway import (
    CONFIGURABLE_RULES,
    DEFAULT_POLICY,
    Authority,
    ChecklistDueParams,
    MedicationStopParams,
    PathwayPolicy,
    PathwayRule,
    RtsCriteriaParams,
    StopInterval,
    TractionParams,
    checklist_template,
    default_rts_criteria,
    rts_criteria,
)
from chondral.pathway.return_to_sport import CriterionTest

__all__ = ["POLICY_SCHEMA_ID", "load_policy", "parse_policy", "policy_schema"]

POLICY_SCHEMA_ID = "chondral.policy/1"

_TRACTION_KEY = dataclasses.fields(TractionParams)[0].name
"""The traction limit's key (``limit_minutes``), as the parameters name it."""


def _integer(minimum: int, maximum: int, description: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum, "description": description}


def _number(minimum: float, maximum: float, description: str) -> dict[str, Any]:
    return {
        "type": "number",
        "exclusiveMinimum": minimum,
        "maximum": maximum,
        "description": description,
    }


def _rule(params: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "properties": params}


def _stop_days() -> dict[str, Any]:
    return {
        "type": ["integer", "null"],
        "minimum": 1,
        "maximum": 60,
        "description": "Days before surgery to stop; null: no interval, a surgeon decides.",
    }


def _threshold_bounds() -> dict[str, Any]:
    """Per numeric criterion: a threshold from 0 to the largest result of its unit."""
    bounds: dict[str, Any] = {}
    for criterion in default_rts_criteria():
        if criterion.test is CriterionTest.PASS:
            continue
        limits = RTS_RESULT_BY_UNIT.get(criterion.unit or "", RTS_RESULT_ANY)
        bounds[criterion.id] = {
            "type": "number",
            "minimum": 0,
            "maximum": limits.high if not float(limits.high).is_integer() else int(limits.high),
            "description": f"{criterion.title}" + (f", {criterion.unit}" if criterion.unit else ""),
        }
    return bounds


def policy_schema() -> dict[str, Any]:
    """JSON Schema of policy files (draft 2020-12)."""
    thresholds = _threshold_bounds()
    every = [c.id for c in default_rts_criteria()]
    items = [item.id for item in checklist_template()]
    rules = {
        "weight_bearing.extended": _rule(
            {
                "base_weeks": _integer(1, 26, "Protected weight bearing, weeks (default 6)."),
                "extended_weeks": _integer(1, 26, "Extended protection, weeks (default 8)."),
                "area_above_mm2": _number(0, 3000, "Extend above this treated area, mm2."),
                "lcea_below_deg": {
                    "type": "number",
                    "minimum": -60,
                    "maximum": 90,
                    "description": "Extend below this LCEA, deg.",
                },
            },
            "Protected weight-bearing period.",
        ),
        "operative.traction_time": _rule(
            {_TRACTION_KEY: _integer(1, 600, "Total traction time limit, minutes (default 120).")},
            "Institution traction-time limit (policy, not evidence).",
        ),
        "operative.hole_distance": _rule(
            {"max_mm": _number(0, 20, "Hole-to-plan distance limit, mm (default: plan spacing).")},
            "Holes made far from the plan.",
        ),
        "rts.minimum_time": _rule(
            {"weeks": _integer(1, 104, "Earliest return to sport, weeks (default 16).")},
            "Minimum time before return to sport.",
        ),
        "rts.criteria": _rule(
            {
                "thresholds": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(thresholds)},
                    "properties": thresholds,
                },
                "omit": {"type": "array", "items": {"enum": every}, "uniqueItems": True},
            },
            "Objective return-to-sport criteria (IJSPT 2022 by default).",
        ),
        "medication.stop": _rule(
            {
                "categories": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        c.value: _stop_days() for c in MedicationCategory if c.value != "other"
                    },
                },
                "drugs": {
                    "type": "object",
                    "maxProperties": 500,
                    "propertyNames": {"minLength": 1, "maxLength": 100},
                    "additionalProperties": _stop_days(),
                },
            },
            "Medication stop intervals by category and by drug name.",
        ),
        "checklist.due": _rule(
            {
                "due_days_before": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        item: _integer(0, 365, "Days before surgery.") for item in items
                    },
                }
            },
            "Checklist due dates.",
        ),
    }
    return versioned_schema(
        schema_id=POLICY_SCHEMA_ID,
        title="chondral institution pathway policy",
        section="rules",
        rules=rules,
    )


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = policy_schema()
    return jsonschema.Draft202012Validator(schema)


def _new_params(name: str, rule: PathwayRule[Any], params: Mapping[str, Any], source: str) -> Any:
    if name == "medication.stop":
        current: MedicationStopParams = rule.params
        categories = dict(current.categories)
        for category, days in params.get("categories", {}).items():
            categories[MedicationCategory(category)] = StopInterval(
                days, Authority.INSTITUTION, source
            )
        drugs = dict(current.drugs)
        for drug, days in params.get("drugs", {}).items():
            drugs[drug.strip().lower()] = StopInterval(days, Authority.INSTITUTION, source)
        return MedicationStopParams(categories=categories, drugs=drugs)
    if name == "rts.criteria":
        criteria = RtsCriteriaParams(
            thresholds=params.get("thresholds", {}), omit=frozenset(params.get("omit", ()))
        )
        rts_criteria(criteria)  # refuses thresholds on pass/fail criteria
        return criteria
    if name == "checklist.due":
        return ChecklistDueParams(due_days_before=params["due_days_before"])
    return dataclasses.replace(rule.params, **params)


def _changed_rule(name: str, rule: PathwayRule[Any], changes: Mapping[str, Any]) -> Any:
    field = f"rules.{name}"
    change = rule_change(changes, default_version=rule.version, field=field, error=InputDataError)
    try:
        params = _new_params(name, rule, change.params, change.source)
        return PathwayRule(name, change.version, change.source, RuleKind.POLICY, params)
    except InvalidValueError as error:
        where = f"{field}.{error.field}" if error.field else field
        raise InputDataError(error.problem, field=where) from error
    except (ValueError, TypeError) as error:
        raise InputDataError(str(error), field=field) from error


def parse_policy(document: Any) -> PathwayPolicy:
    """Validate a parsed policy document and build the ``PathwayPolicy``."""
    validate_versioned(_validator(), document, InputDataError)
    changed: dict[str, Any] = {}
    for name, changes in document.get("rules", {}).items():
        attribute = CONFIGURABLE_RULES[name]
        changed[attribute] = _changed_rule(name, getattr(DEFAULT_POLICY, attribute), changes)
    return dataclasses.replace(
        DEFAULT_POLICY, id=document["id"], version=document["version"], **changed
    )


def load_policy(path: Path | str) -> PathwayPolicy:
    """Read and validate a policy file; the path is named in every error."""
    return read_versioned(path, parse_policy, InputDataError)
