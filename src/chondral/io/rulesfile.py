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
never travels without provenance (the rule, shared with policy files, is in
``chondral.io.versioned``). A changed rule becomes kind ``policy``: the institution's decision.
Criteria not named keep the default rule unchanged. Thresholds are finite numbers (the document
rules of ``chondral.io.documents``) within the ranges each rule's parameters check
(``chondral.rules``); errors name the field (``criteria.age.caution_from_years``).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from chondral.domain import GRADE_LABELS, GradeSystem, RuleKind
from chondral.errors import InvalidValueError, RuleSetError
from chondral.io.versioned import read_versioned, rule_change, validate_versioned, versioned_schema
from chondral.rules import DEFAULT_RULE_SET, Rule, RuleSet

__all__ = ["RULES_SCHEMA_ID", "load_rule_set", "parse_rule_set", "rule_set_schema"]

RULES_SCHEMA_ID = "chondral.rules/1"


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
        criteria[name] = {
            "properties": {
                param.name: _param_schema(param.name, hints[param.name])
                for param in dataclasses.fields(rule.params)
            }
        }
    return versioned_schema(
        schema_id=RULES_SCHEMA_ID,
        title="chondral candidacy rule set",
        section="criteria",
        rules=criteria,
    )


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = rule_set_schema()
    return jsonschema.Draft202012Validator(schema)


def _changed_rule(name: str, rule: Rule[Any], changes: Mapping[str, Any]) -> Rule[Any]:
    field = f"criteria.{name}"
    change = rule_change(changes, default_version=rule.version, field=field, error=RuleSetError)
    params = change.params
    if "met" in params or "caution" in params:
        params = {
            key: {GradeSystem(system): frozenset(labels) for system, labels in value.items()}
            for key, value in params.items()
        }
    try:
        new_params = dataclasses.replace(rule.params, **params)
        return dataclasses.replace(
            rule,
            version=change.version,
            source=change.source,
            params=new_params,
            kind=RuleKind.POLICY,
        )
    except InvalidValueError as error:
        where = f"{field}.{error.field}" if error.field else field
        raise RuleSetError(error.problem, field=where) from error
    except (ValueError, TypeError) as error:
        raise RuleSetError(str(error), field=field) from error


def parse_rule_set(document: Any) -> RuleSet:
    """Validate a parsed rule-set document and build the ``RuleSet``; raises ``RuleSetError``."""
    validate_versioned(_validator(), document, RuleSetError)
    rules = _criteria()
    for name, changes in document.get("criteria", {}).items():
        rules[name] = _changed_rule(name, rules[name], changes)
    return RuleSet(id=document["id"], version=document["version"], **rules)


def load_rule_set(path: Path | str) -> RuleSet:
    """Read and validate a rule-set file (errors about its content name the field only)."""
    return read_versioned(path, parse_rule_set, RuleSetError, name_file=False)
