"""What rule-set files (``chondral.rules/1``) and policy files (``chondral.policy/1``) share:
a versioned document that changes chondral's default rules, one rule at a time.

Both files have the same frame::

    schema: chondral.<kind>/1      # the schema id, exactly
    id: st-elsewhere-hip-unit      # the institution's name for its set
    version: "2026-11"             # the institution's version of its set
    description: ...               # optional
    <section>:                     # criteria (rule sets) or rules (policies)
      <rule>:
        version: 2                 # required: greater than the default rule's version
        source: "Unit policy 14"   # required: where the new numbers come from
        <parameter>: <value>       # at least one

The rule for a change is the same for both, and is written once here (``rule_change``): a
changed threshold must carry a greater rule ``version`` and its own ``source``, so a number never
travels without provenance. Reading (``read_versioned``) applies the document rules of
``chondral.io.documents`` (size limit, finite numbers, no YAML tags or aliases ...) and the
file's JSON Schema, and reports every problem as one error of the reader's own class naming the
field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jsonschema

from chondral.errors import InputDataError
from chondral.io.documents import check_document, file_label, load_document
from chondral.io.schema_errors import first_error

__all__ = [
    "MAX_RULE_VERSION",
    "PROVENANCE_KEYS",
    "RuleChange",
    "read_versioned",
    "rule_change",
    "validate_versioned",
    "versioned_schema",
]

T = TypeVar("T")

PROVENANCE_KEYS = ("version", "source")
"""The keys of a rule change that are not parameters."""

MAX_RULE_VERSION = 10_000
"""Design choice: the largest rule version accepted (versions count changes, one at a time)."""

_TEXT_CHARS = 500
"""Design choice: the longest id, version label or source text."""


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": _TEXT_CHARS, "description": description}


def provenance_properties() -> dict[str, Any]:
    """The schema of ``version`` and ``source`` in one rule change."""
    return {
        "version": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_RULE_VERSION,
            "description": "The changed rule's version: greater than the default rule's.",
        },
        "source": _text("Where the changed numbers come from."),
    }


def versioned_schema(
    *, schema_id: str, title: str, section: str, rules: Mapping[str, Any]
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a versioned rules document whose ``section`` maps
    rule names to the schemas in ``rules`` (each gets ``version`` and ``source``)."""
    changes = {
        name: {
            **schema,
            "type": "object",
            "additionalProperties": False,
            "properties": {**provenance_properties(), **schema.get("properties", {})},
        }
        for name, schema in rules.items()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "id", "version"],
        "properties": {
            "schema": {"const": schema_id},
            "id": _text("The institution's name for this set."),
            "version": _text("The institution's version of this set."),
            "description": {"type": "string", "maxLength": 5000},
            section: {"type": "object", "additionalProperties": False, "properties": changes},
        },
    }


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule's change as a file states it: its new version and source, and its parameters."""

    version: int
    source: str
    params: dict[str, Any]


def rule_change(
    changes: Mapping[str, Any],
    *,
    default_version: int,
    field: str,
    error: type[InputDataError],
) -> RuleChange:
    """Check one rule's change (``field`` is its path, ``rules.rts.minimum_time``): something to
    change, a ``version`` greater than ``default_version`` and a ``source``."""
    params = {key: value for key, value in changes.items() if key not in PROVENANCE_KEYS}
    if not params:
        raise error("names nothing to change: no threshold is given", field=field)
    for key in PROVENANCE_KEYS:
        if key not in changes:
            raise error("is required when a threshold changes", field=f"{field}.{key}")
    if changes["version"] <= default_version:
        raise error(
            f"must be greater than the default rule's version {default_version}",
            field=f"{field}.version",
        )
    return RuleChange(version=changes["version"], source=changes["source"], params=params)


def validate_versioned(
    validator: jsonschema.protocols.Validator, document: Any, error: type[InputDataError]
) -> None:
    """The document rules, then the schema; the first problem as ``error`` naming the field."""
    try:
        check_document(document)
    except InputDataError as problem:
        raise error(problem.problem, field=problem.field) from problem
    found = first_error(validator, document)
    if found is not None:
        field, text = found
        raise error(text, field=field)


def read_versioned(
    path: Path | str,
    parse: Callable[[Any], T],
    error: type[InputDataError],
    *,
    name_file: bool = True,
) -> T:
    """Read the file at ``path`` and ``parse`` the document; problems become ``error``.

    Problems with the file itself (missing, too large, not YAML) always name it; ``name_file``
    puts its name in front of content problems too."""
    path = Path(path)
    try:
        document = load_document(path)
    except InputDataError as problem:
        raise error(problem.problem, field=problem.field) from problem
    try:
        return parse(document)
    except InputDataError as problem:
        if not name_file and isinstance(problem, error):
            raise
        text = f"{file_label(str(path))}: {problem.problem}" if name_file else problem.problem
        raise error(text, field=problem.field) from problem
