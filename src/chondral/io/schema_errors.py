"""Turn JSON Schema validation errors into one line that names the field path and the problem.

Schemas may carry ``"x-messages": {"<keyword>": "<text>"}`` on any node to replace the generic
wording for that keyword (e.g. a ``pattern`` for clock times). Input values are quoted and
shortened (``chondral.errors.quote``), never echoed whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from chondral.errors import one_line, quote

__all__ = ["describe_error", "field_path", "first_error"]

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "null",
}


def field_path(parts: Iterable[str | int]) -> str:
    """``["lesions", 0, "center", "clock"]`` -> ``lesions[0].center.clock``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "null" if value is None else type(value).__name__


_SHOWN_CHARS = 40
"""Longest input value shown in a schema message."""

MAX_ERRORS_COMPARED = 1000
"""At most this many validation errors are compared to choose the one reported (a document
with more is wrong enough: the shallowest of the first thousand is shown)."""


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return _kind(value)
    return quote(value, _SHOWN_CHARS)


def describe_error(error: ValidationError) -> tuple[str, str]:
    """(field path, problem) for one validation error."""
    path: list[str | int] = list(error.absolute_path)
    keyword = str(error.validator)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    custom = schema.get("x-messages", {}).get(keyword)
    instance: Any = error.instance
    value: Any = error.validator_value
    if keyword == "required":
        absent = [name for name in value if name not in instance]
        return field_path([*path, absent[0]]), "is required"
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(name for name in instance if name not in allowed)
        return field_path([*path, extra[0]]), f"unknown field (allowed here: {', '.join(allowed)})"
    if custom:
        return field_path(path), f"{custom}; got {_shown(instance)}"
    if keyword == "type":
        expected = value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
        got = _kind(instance)
        if not isinstance(instance, dict | list):
            got = f"{got} {_shown(instance)}"
        return field_path(path), f"must be {wanted}, got {got}"
    if keyword == "enum":
        options = ", ".join(str(option) for option in value)
        return field_path(path), f"must be one of: {options}; got {_shown(instance)}"
    if keyword == "const":
        return field_path(path), f"must be {quote(value)}; got {_shown(instance)}"
    bounds = {
        "minimum": ">=",
        "maximum": "<=",
        "exclusiveMinimum": ">",
        "exclusiveMaximum": "<",
    }
    if keyword in bounds:
        return field_path(path), f"must be {bounds[keyword]} {value}; got {_shown(instance)}"
    if keyword == "minLength":
        return field_path(path), "must not be empty"
    if keyword == "maxLength":
        return field_path(path), f"must be at most {value} characters"
    if keyword == "pattern":
        return field_path(path), f"has the wrong form ({value}); got {_shown(instance)}"
    if keyword == "minItems":
        return field_path(path), f"must have at least {value} item(s)"
    if keyword == "maxItems":
        return field_path(path), f"must have at most {value} items"
    if keyword == "maxProperties":
        return field_path(path), f"must have at most {value} entries"
    if keyword == "minProperties":
        return field_path(path), "must be a non-empty mapping"
    if keyword == "uniqueItems":
        return field_path(path), "must not repeat an item"
    return field_path(path), one_line(error.message, 200)


def first_error(validator: jsonschema.protocols.Validator, document: Any) -> tuple[str, str] | None:
    """The most useful error (shallowest path first, then document order), or None if valid."""
    errors: Sequence[ValidationError] = list(
        itertools.islice(validator.iter_errors(document), MAX_ERRORS_COMPARED)
    )
    if not errors:
        return None
    best = min(errors, key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]))
    return describe_error(best)
