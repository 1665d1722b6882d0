"""Strict reading of YAML and JSON documents.

- The format follows the file extension (``.yaml``/``.yml`` or ``.json``); others are refused.
- Duplicate keys are refused (plain PyYAML and ``json`` silently keep the last one).
- YAML timestamps stay strings, so dates are parsed in one place and errors can name the field.
- Any read or syntax problem becomes one ``InputDataError`` line naming the file, never a
  traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from chondral.errors import InputDataError

__all__ = ["load_document", "parse_document_text"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe YAML loader: no timestamp conversion, duplicate keys refused."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            line = key_node.start_mark.line + 1
            raise InputDataError(f"duplicate key {key!r} (line {line})")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _refuse_duplicate_json_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise InputDataError(f"duplicate key {key!r}")
        mapping[key] = value
    return mapping


def parse_document_text(text: str, *, kind: str, name: str) -> Any:
    """Parse ``text`` as ``kind`` (``yaml`` or ``json``); ``name`` is used in messages."""
    try:
        if kind == "json":
            return json.loads(text, object_pairs_hook=_refuse_duplicate_json_keys)
        return yaml.load(text, Loader=_StrictLoader)
    except InputDataError as error:
        raise InputDataError(f"{name}: {error.problem}") from error
    except json.JSONDecodeError as error:
        raise InputDataError(
            f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise InputDataError(f"{name}: not valid YAML{where}: {problem}") from error


def load_document(path: Path) -> Any:
    """Read a YAML or JSON file chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        kind = "yaml"
    elif suffix == ".json":
        kind = "json"
    else:
        raise InputDataError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use .yaml or .json"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise InputDataError(f"{path}: file not found") from error
    except IsADirectoryError as error:
        raise InputDataError(f"{path}: is a directory, not a file") from error
    except UnicodeDecodeError as error:
        raise InputDataError(f"{path}: not UTF-8 text") from error
    except OSError as error:
        raise InputDataError(f"{path}: cannot be read ({error.strerror})") from error
    return parse_document_text(text, kind=kind, name=str(path))
