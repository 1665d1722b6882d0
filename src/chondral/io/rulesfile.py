"""Read candidacy rule-set files (``chondral.rules/1``, YAML or JSON).

A rule-set file starts from the default rule set and changes thresholds, criterion by criterion::

    schema: chondral.rules/1
    id: st-elsewhere-hip-unit
    version: "2026-11"
    criteria:
      lesion_size:
        version: 2                      # required when any threshold changes
        source: "Unit policy 14/2026, after Chaharbakhshi 2019"   # required likewise
        met_max_mm2: 250
        caution_max_mm2: 350

A changed threshold must come with a new rule ``version`` and its own ``source``: a threshold
never travels without provenance. Criteria not named keep the default rule unchanged.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from chondral.domain import GRADE_LABELS, GradeSystem
from chondral.errors import InputDataError, RuleSetError
from chondral.io.documents import load_document
from chondral.io.schema_errors import first_error
from chondral.rules import DEFAULT_RULE_SET, Rule, RuleSet

__all__ = ["RULES_SCHEMA_ID", "load_rule_set", "parse_rule_set", "rule_set_schema"]

RULES_SCHEMA_ID = "chondral.rules/1"
_PROVENANCE_KEYS = ("version", "source")


def _criteria() -> dict[str, Rule[Any]]:
    return {
        field.name: getattr(DEFAULT_RULE_SET, field.name)
        for field in dataclasses.fields(RuleSet)
        if field.name not in ("id", "version")
    }


def _param_schema(name: str, annotation: Any) -> dict[str, Any]:
    if name in ("met", "caution"):
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                system.value: {
                    "type": "array",
                    "items": {"enum": list(GRADE_LABELS[system])},
                    "uniqueItems": True,
                }
                for system in GradeSystem
            },
        }
    if annotation in (int, "int"):
        return {"type": "integer"}
    return {"type": "number"}


def rule_set_schema() -> dict[str, Any]:
    """JSON Schema of rule-set files, derived from the rule dataclasses."""
    criteria: dict[str, Any] = {}
    for name, rule in _criteria().items():
        hints = typing.get_type_hints(type(rule.params))
        properties: dict[str, Any] = {
            "version": {"type": "integer", "minimum": 1},
            "source": {"type": "string", "minLength": 1},
        }
        for param in dataclasses.fields(rule.params):
            properties[param.name] = _param_schema(param.name, hints[param.name])
        criteria[name] = {"type": "object", "additionalProperties": False, "properties": properties}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "chondral candidacy rule set",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "id", "version"],
        "properties": {
            "schema": {"const": RULES_SCHEMA_ID},
            "id": {"type": "string", "minLength": 1},
            "version": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "criteria": {"type": "object", "additionalProperties": False, "properties": criteria},
        },
    }


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(rule_set_schema())


def _changed_rule(name: str, rule: Rule[Any], changes: Mapping[str, Any]) -> Rule[Any]:
    params = {key: value for key, value in changes.items() if key not in _PROVENANCE_KEYS}
    if not params:
        raise RuleSetError("names no threshold to change", field=f"criteria.{name}")
    for key in _PROVENANCE_KEYS:
        if key not in changes:
            raise RuleSetError(
                "is required when a threshold changes", field=f"criteria.{name}.{key}"
            )
    if changes["version"] <= rule.version:
        raise RuleSetError(
            f"must be greater than the default rule's version {rule.version}",
            field=f"criteria.{name}.version",
        )
    if "met" in params or "caution" in params:
        params = {
            key: {GradeSystem(system): frozenset(labels) for system, labels in value.items()}
            for key, value in params.items()
        }
    try:
        new_params = dataclasses.replace(rule.params, **params)
    except ValueError as error:
        raise RuleSetError(str(error), field=f"criteria.{name}") from error
    return dataclasses.replace(
        rule, version=changes["version"], source=changes["source"], params=new_params
    )


def parse_rule_set(document: Any) -> RuleSet:
    """Validate a parsed rule-set document and build the ``RuleSet``; raises ``RuleSetError``."""
    problem = first_error(_validator(), document)
    if problem is not None:
        field, text = problem
        raise RuleSetError(text, field=field)
    rules = _criteria()
    for name, changes in document.get("criteria", {}).items():
        rules[name] = _changed_rule(name, rules[name], changes)
    return RuleSet(id=document["id"], version=document["version"], **rules)


def load_rule_set(path: Path | str) -> RuleSet:
    """Read and validate a rule-set file."""
    try:
        return parse_rule_set(load_document(Path(path)))
    except RuleSetError:
        raise
    except InputDataError as error:
        raise RuleSetError(error.problem, field=error.field) from error
