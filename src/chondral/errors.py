"""The chondral exception tree.

Library code raises only these; the command line maps them to exit codes and one-line messages,
the web layer (later) to HTTP status codes. Third-party errors are translated at the adapter that
calls the third-party library, with ``raise ... from err``.

::

    ChondralError
    ├── InputDataError              bad input from a person or a file       (CLI exit 2, HTTP 422)
    │   ├── CaseFileError           a case file that breaks the schema or the clinical rules
    │   ├── RuleSetError            a candidacy rule-set file that cannot be used
    │   ├── UnitError               a missing, unknown or implausible unit
    │   └── LateralityError         a side that is missing, unknown or contradicts the anatomy
    ├── GeometryError               impossible geometry (a lesion in the fossa, a region too small)
    ├── FrameMismatchError          coordinates or transforms from different frames combined
    ├── RuleViolation               a request that a clinical rule forbids   (HTTP 409)
    ├── NotFound                    a record that does not exist             (HTTP 404)
    ├── PermissionDenied            an actor who may not see or change it    (HTTP 403)
    └── MissingDependencyError      an optional extra that is not installed

Every ``InputDataError`` may carry ``field``: the dotted path of the offending field in the input
document (``lesions[0].center.clock``), so a message can always name what to fix.
"""

from __future__ import annotations

__all__ = [
    "CaseFileError",
    "ChondralError",
    "FrameMismatchError",
    "GeometryError",
    "InputDataError",
    "LateralityError",
    "MissingDependencyError",
    "NotFound",
    "PermissionDenied",
    "RuleSetError",
    "RuleViolation",
    "UnitError",
]


class ChondralError(Exception):
    """Root of every error chondral raises on purpose."""


class InputDataError(ChondralError):
    """Input that cannot be accepted. ``field`` names the offending field path, if known."""

    def __init__(self, problem: str, *, field: str | None = None) -> None:
        self.problem = problem
        self.field = field
        super().__init__(f"{field}: {problem}" if field else problem)


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


class MissingDependencyError(ChondralError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
