"""The chondral exception tree.

Library code raises only these; the command line maps them to exit codes and one-line messages,
the web layer (later) to HTTP status codes. Third-party errors are translated at the adapter that
calls the third-party library, with ``raise ... from err``.

::

    ChondralError
    ├── InputDataError              bad input from a person or a file       (CLI exit 2, HTTP 422)
    │   ├── CaseFileError           a case file that breaks the schema or the clinical rules
    │   ├── InvalidValueError       a value a domain object cannot hold (also a ValueError)
    │   ├── ParameterError          a value given to a use case (a flag, a form field)
    │   │   └── PlanParameterError  a layout setting no plan can honour (chondral.planning)
    │   ├── RuleSetError            a candidacy rule-set file that cannot be used
    │   ├── UnitError               a missing, unknown or implausible unit
    │   └── LateralityError         a side that is missing, unknown or contradicts the anatomy
    ├── GeometryError               impossible geometry (a lesion in the fossa, a region too small)
    ├── FrameMismatchError          coordinates or transforms from different frames combined
    ├── RuleViolation               a request that a clinical rule forbids   (HTTP 409)
    ├── NotFound                    a record that does not exist             (HTTP 404)
    ├── PermissionDenied            an actor who may not see or change it    (HTTP 403)
    ├── MissingDependencyError      an optional extra that is not installed
    └── InternalError               a bug in chondral, never the user's input (CLI exit 70,
                                    HTTP 500)

Every ``InputDataError`` may carry ``field``: the dotted path of the offending field in the input
document (``lesions[0].center.clock``), so a message can always name what to fix. A
``ParameterError`` names instead the use case's parameter (``surgery_date``, ``out_dir``): the
command line maps those names to its flags in one table, the web app to its form fields.
Messages never contain a line break: the problem text is kept to one line by ``one_line``.
"""

from __future__ import annotations

__all__ = [
    "CaseFileError",
    "ChondralError",
    "FrameMismatchError",
    "GeometryError",
    "InputDataError",
    "InternalError",
    "InvalidValueError",
    "LateralityError",
    "MissingDependencyError",
    "NotFound",
    "ParameterError",
    "PermissionDenied",
    "RuleSetError",
    "RuleViolation",
    "UnitError",
    "one_line",
    "quote",
]


MESSAGE_VALUE_CHARS = 60
"""Longest quoted input value shown in a message; longer values are cut with an ellipsis."""

MESSAGE_CHARS = 1000
"""Longest message text kept; a longer one is cut with an ellipsis."""


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``text`` on one line (line breaks and other control characters escaped), at most
    ``limit`` characters."""
    flat = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def quote(value: object, limit: int = MESSAGE_VALUE_CHARS) -> str:
    """A user's value for a message: quoted like ``repr``, escaped, at most ``limit`` chars."""
    return one_line(repr(value), limit)


class ChondralError(Exception):
    """Root of every error chondral raises on purpose."""


class InputDataError(ChondralError):
    """Input that cannot be accepted. ``field`` names the offending field path, if known.

    Both are kept to one line (``one_line``), whatever the input held."""

    def __init__(self, problem: str, *, field: str | None = None) -> None:
        self.problem = one_line(problem)
        self.field = None if field is None else one_line(field, MESSAGE_VALUE_CHARS * 2)
        super().__init__(f"{self.field}: {self.problem}" if self.field else self.problem)


class ParameterError(InputDataError):
    """A value given to a use case (a command-line flag, a web form field) that cannot be used.

    ``field`` is the use case's parameter name, not a flag: ``surgery_date``, ``out_dir``."""


class InvalidValueError(InputDataError, ValueError):
    """A value a domain object or rule parameter cannot hold (negative size, NaN, clock 13:00).

    Raised by constructors that check their own invariants; ``field`` is the attribute name, and
    readers prefix it with the path of the record in the file. It is also a ``ValueError``."""


class CaseFileError(InputDataError):
    """A case file that is not valid ``chondral.case/1``."""


class RuleSetError(InputDataError):
    """A candidacy rule-set file that is not valid ``chondral.rules/1``."""


class UnitError(InputDataError):
    """A unit that is missing, unknown, or implausible for the data it describes."""


class LateralityError(InputDataError):
    """A side that is missing, not ``left``/``right``, or contradicted by the anatomy."""


class GeometryError(ChondralError):
    """Geometry that cannot exist (a lesion in the acetabular fossa, holes closer than allowed)."""


class FrameMismatchError(ChondralError):
    """Points or transforms expressed in different coordinate frames were combined."""


class RuleViolation(ChondralError):
    """A request that a clinical rule forbids."""


class NotFound(ChondralError):
    """A record that does not exist."""


class PermissionDenied(ChondralError):
    """The actor may not read or change this record."""


class InternalError(ChondralError):
    """An invariant of chondral itself was broken: a bug to report, not bad input."""


class MissingDependencyError(ChondralError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
