"""Strict, bounded reading of YAML and JSON documents: safe by construction.

Every document chondral reads from a person (case files, rule sets, policies, threshold sets,
questionnaire responses) passes through here, so the limits hold for all of them:

- **Size before reading**: only regular files are read (not devices, pipes or folders: a path to
  ``/dev/zero`` is refused before a byte is read), at most ``MAX_DOCUMENT_BYTES``, by a bounded
  read.
- **Structure**: at most ``MAX_NESTING`` levels of lists and mappings and ``MAX_VALUES`` values
  in all, counted while parsing, so nothing deep or huge reaches a recursive function.
- **YAML without its dangerous parts**: no anchors or aliases (``&x``/``*x``: the "billion
  laughs" expansion), no explicit tags (``!!float``, ``!!python/object``, ``!x``), one document
  per file. YAML timestamps stay text (dates are parsed in one place, so errors name the field)
  and so do YAML 1.1 sexagesimal numbers (``1:30`` is a clock time, not 90).
- **Keys are text**: a key that is a list, a mapping, a number, true/false or null is refused
  naming its place (quote it to use it as text). Duplicate keys are refused.
- **Numbers are finite and short**: NaN and infinity (``.nan``, ``.inf``, ``NaN``,
  ``Infinity``, ``1e999``) are refused naming the field, and so is any numeral longer than
  ``MAX_NUMBER_CHARS`` characters (Python refuses to convert integers of 4,301 digits or more).
- **Errors**: each problem is one ``InputDataError`` whose ``field`` is the path of the value
  (``lesions[0].size_mm.length``) when it has one, and whose text names the file; input is
  quoted and shortened (``chondral.errors.quote``), never echoed whole.

Documents built in memory (the web app, tests) are checked by ``check_document`` with the same
rules.
"""

from __future__ import annotations

import json
import math
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from chondral.errors import InputDataError, one_line, quote

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_NESTING",
    "MAX_NUMBER_CHARS",
    "MAX_VALUES",
    "check_document",
    "decode_document",
    "document_kind",
    "file_label",
    "load_document",
    "parse_document_text",
    "read_document_bytes",
    "read_document_text",
]

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
"""Design choice: the largest document read (5 MiB). A full case file with years of
questionnaires is a few tens of kilobytes; policies and rule sets are smaller still."""

MAX_NESTING = 20
"""Design choice: the deepest nesting of lists and mappings accepted; chondral's deepest
document (a case file's hole positions) nests 6 levels."""

MAX_VALUES = 100_000
"""Design choice: the most values (scalars, lists and mappings) in one document; a large case
file holds a few thousand."""

MAX_NUMBER_CHARS = 100
"""Design choice: the longest numeral accepted, in characters. No measure needs more than a
handful of digits; Python itself refuses integers of 4,301 digits or more."""

_TOO_LARGE = 10**MAX_NUMBER_CHARS
"""The smallest integer with more than ``MAX_NUMBER_CHARS`` digits."""

_NAME_CHARS = 200
"""Longest file name shown in a message (the end of the path is kept)."""

_SUFFIX_KIND = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def file_label(name: str) -> str:
    """A file name for a message: one line, at most ``_NAME_CHARS`` characters (its end kept)."""
    flat = one_line(name, limit=len(name) * 4 + 4)
    return flat if len(flat) <= _NAME_CHARS else "..." + flat[-(_NAME_CHARS - 3) :]


def _path_text(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class _RefusalError(Exception):
    """A problem found while parsing, with the path of the value (raised inside this module)."""

    def __init__(self, problem: str, path: list[str | int] | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = [] if path is None else list(path)


# --- YAML ----------------------------------------------------------------------------------------

_EventLoader: type[Any] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_YAML_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_YAML_BOOL = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_YAML_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_YAML_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$"
)
_YAML_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_YAML_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def _yaml_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _too_long(numeral: str) -> str:
    return (
        f"a number written with {len(numeral):,} characters is not accepted"
        f" (at most {MAX_NUMBER_CHARS})"
    )


def _plain_scalar(text: str, path: list[str | int]) -> Any:
    """The value of an untagged plain YAML scalar (YAML 1.1 core types, without timestamps,
    sexagesimal numbers or merge keys)."""
    if _YAML_NULL.match(text):
        return None
    if text in _YAML_BOOL:
        return _YAML_BOOL[text]
    if _YAML_NAN.match(text) or _YAML_INF.match(text):
        raise _RefusalError(f"must be a finite number, got {quote(text)}", path)
    is_int = _YAML_INT.match(text) is not None
    if is_int or _YAML_FLOAT.match(text):
        if len(text) > MAX_NUMBER_CHARS:
            raise _RefusalError(_too_long(text), path)
        if is_int:
            return _yaml_int(text)
        value = float(text.replace("_", ""))
        if not math.isfinite(value):
            raise _RefusalError(f"must be a finite number, got {quote(text)}", path)
        return value
    return text


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return "" if mark is None else f" (line {mark.line + 1})"


def _kind_of_key(event: Any) -> str:
    if isinstance(event, yaml.MappingStartEvent):
        return "a mapping"
    if isinstance(event, yaml.SequenceStartEvent):
        return "a list"
    return "not text"


class _Builder:
    """Python values from a YAML event stream, without recursion, enforcing the limits."""

    def __init__(self) -> None:
        # each frame: [container, path of the container, pending key (mappings), key event]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.count = 0
        self.documents = 0

    def path(self) -> list[str | int]:
        if not self.stack:
            return []
        container, path, key, _ = self.stack[-1]
        if isinstance(container, list):
            return [*path, len(container)]
        return [*path, key] if key is not None else list(path)

    def _expecting_key(self) -> bool:
        return (
            bool(self.stack) and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None
        )

    def _add(self, value: Any, event: Any) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _RefusalError(f"holds more than {MAX_VALUES:,} values", [])
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            return
        if frame[2] is None:  # this value is a key
            if not isinstance(value, str):
                raise _RefusalError(
                    f"a key must be text, got {quote(value)}{_where(event)}; quote it to use it"
                    " as text",
                    frame[1],
                )
            if value in container:
                raise _RefusalError(f"duplicate key {quote(value)}{_where(event)}", frame[1])
            frame[2] = value
            return
        container[frame[2]] = value
        frame[2] = None

    def feed(self, event: Any) -> None:
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _RefusalError(f"holds more than one YAML document{_where(event)}", [])
            return
        if isinstance(event, yaml.AliasEvent):
            raise _RefusalError(
                f"YAML aliases (*{quote(event.anchor, 30)}) are not accepted{_where(event)}; write the"
                " value out",
                self.path(),
            )
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            finished = self.stack.pop()[0]
            self._add(finished, event)
            return
        if getattr(event, "anchor", None) is not None:
            raise _RefusalError(
                f"YAML anchors (&{quote(event.anchor, 30)}) are not accepted{_where(event)}",
                self.path(),
            )
        if getattr(event, "tag", None) is not None:
            raise _RefusalError(
                f"YAML tags ({quote(event.tag)}) are not accepted{_where(event)}", self.path()
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if self._expecting_key():
                raise _RefusalError(
                    f"a key must be text, got {_kind_of_key(event)}{_where(event)}",
                    self.stack[-1][1],
                )
            if len(self.stack) >= MAX_NESTING:
                raise _RefusalError(
                    f"is nested more than {MAX_NESTING} levels deep{_where(event)}", self.path()
                )
            path = self.path()
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append([container, path, None, event])
            return
        if isinstance(event, yaml.ScalarEvent):
            plain = bool(event.implicit[0])  # untagged, unquoted: its type comes from its form
            value = _plain_scalar(event.value, self.path()) if plain else event.value
            self._add(value, event)
            return
        raise _RefusalError(
            f"unexpected YAML content{_where(event)}", self.path()
        )  # pragma: no cover


def _parse_yaml(text: str) -> Any:
    loader = _EventLoader(text)
    builder = _Builder()
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    finally:
        loader.dispose()
    return builder.root


# --- JSON ----------------------------------------------------------------------------------------


class _BadNumber:
    """A JSON numeral that is refused, kept in place so the refusal can name its path."""

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem


def _json_int(text: str) -> int | _BadNumber:
    return _BadNumber(text, _too_long(text)) if len(text) > MAX_NUMBER_CHARS else int(text)


def _json_float(text: str) -> float | _BadNumber:
    if len(text) > MAX_NUMBER_CHARS:
        return _BadNumber(text, _too_long(text))
    value = float(text)
    if not math.isfinite(value):
        return _BadNumber(text, f"must be a finite number, got {quote(text)}")
    return value


def _json_constant(text: str) -> _BadNumber:
    return _BadNumber(text, f"must be a finite number, got {quote(text)}")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise _RefusalError(f"duplicate key {quote(key)}")
        mapping[key] = value
    return mapping


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _check_json_nesting(text: str) -> None:
    """Refuse JSON nested deeper than ``MAX_NESTING`` before the recursive parser sees it."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_NESTING:
            raise _RefusalError(f"is nested more than {MAX_NESTING} levels deep")


def _parse_json(text: str) -> Any:
    _check_json_nesting(text)
    return json.loads(
        text,
        object_pairs_hook=_json_object,
        parse_int=_json_int,
        parse_float=_json_float,
        parse_constant=_json_constant,
    )


# --- documents in memory -------------------------------------------------------------------------


def _children(value: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(value, dict):
        yield from value.items()
    elif isinstance(value, list | tuple):
        yield from enumerate(value)


def _walk(document: Any) -> None:
    """Apply the value rules to a parsed or in-memory document (no recursion)."""
    count = 0
    stack: list[tuple[Any, list[str | int]]] = [(document, [])]
    while stack:
        value, path = stack.pop()
        count += 1
        if count > MAX_VALUES:
            raise _RefusalError(f"holds more than {MAX_VALUES:,} values", [])
        if isinstance(value, _BadNumber):
            raise _RefusalError(value.problem, path)
        if isinstance(value, float) and not math.isfinite(value):
            raise _RefusalError(f"must be a finite number, got {quote(value)}", path)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _TOO_LARGE:
            raise _RefusalError(
                f"a number of more than {MAX_NUMBER_CHARS} digits is not accepted", path
            )
        if isinstance(value, dict | list | tuple):
            if len(path) >= MAX_NESTING:
                raise _RefusalError(f"is nested more than {MAX_NESTING} levels deep", path)
            for key, child in _children(value):
                if isinstance(value, dict) and not isinstance(key, str):
                    raise _RefusalError(f"a key must be text, got {quote(key)}", path)
                stack.append((child, [*path, key]))


def _input_error(refusal: _RefusalError, name: str | None) -> InputDataError:
    problem = refusal.problem if name is None else f"{file_label(name)}: {refusal.problem}"
    return InputDataError(problem, field=_path_text(refusal.path) or None)


def check_document(document: Any) -> None:
    """Apply the document rules (finite, short numbers; text keys; nesting and size limits) to
    a document built in memory; ``InputDataError`` naming the path of the first offence."""
    try:
        _walk(document)
    except _RefusalError as refusal:
        raise _input_error(refusal, None) from None


# --- reading -------------------------------------------------------------------------------------


def parse_document_text(text: str, *, kind: str, name: str) -> Any:
    """Parse ``text`` as ``kind`` (``yaml`` or ``json``) under the rules above; ``name`` (the
    file) is used in messages."""
    try:
        document = _parse_json(text) if kind == "json" else _parse_yaml(text)
        _walk(document)
    except _RefusalError as refusal:
        raise _input_error(refusal, name) from None
    except json.JSONDecodeError as error:
        raise InputDataError(
            f"{file_label(name)}: not valid JSON (line {error.lineno}, column {error.colno}:"
            f" {error.msg})"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise InputDataError(f"{file_label(name)}: not valid YAML{where}: {problem}") from None
    except (RecursionError, MemoryError, ValueError) as error:  # a last guard, never expected
        raise InputDataError(
            f"{file_label(name)}: cannot be parsed ({type(error).__name__})"
        ) from None
    return document


def document_kind(path: Path) -> str:
    """``yaml`` or ``json`` from the file extension; ``InputDataError`` for any other."""
    suffix = path.suffix.lower()
    if suffix not in _SUFFIX_KIND:
        raise InputDataError(
            f"{file_label(str(path))}: unsupported file type {quote(suffix or '(none)')};"
            " use .yaml or .json"
        )
    return _SUFFIX_KIND[suffix]


def read_document_bytes(path: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read once with a bounded read.

    Devices, pipes, sockets and folders are refused before anything is read."""
    name = file_label(str(path))
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputDataError(f"{name}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputDataError(f"{name}: is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise InputDataError(
                f"{name}: is {info.st_size:,} bytes; a document may have at most {limit:,}"
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputDataError(f"{name}: file not found") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        reason = getattr(error, "strerror", None) or str(error)
        raise InputDataError(f"{name}: cannot be read ({reason})") from None
    if len(data) > limit:
        raise InputDataError(f"{name}: is more than {limit:,} bytes; a document may have no more")
    return data


def decode_document(data: bytes, *, name: str) -> str:
    """UTF-8 text (a byte-order mark dropped); ``InputDataError`` naming the file otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputDataError(f"{file_label(name)}: not UTF-8 text") from None


def read_document_text(path: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (``read_document_bytes``)."""
    return decode_document(read_document_bytes(path, limit=limit), name=str(path))


def load_document(path: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> Any:
    """Read a YAML or JSON file chosen by its extension, under every rule above."""
    path = Path(path)
    kind = document_kind(path)
    return parse_document_text(read_document_text(path, limit=limit), kind=kind, name=str(path))
