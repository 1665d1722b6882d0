"""Shapes of the JSON API's bodies and answers, as the OpenAPI document publishes them.

The case document's schema is the case-file schema (``chondral schema case``), published as is;
the case-file reader validates a document (the schema and the clinical consistency rules),
naming the field of the first problem. Request bodies are read by ``api_common.read_json_body`` (never by the framework), so
the request schemas below document the bodies; the library checks them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from chondral.io.case_schema import case_schema

__all__ = [
    "CASE_BODY",
    "IF_MATCH",
    "PLAN_BODY",
    "PROM_BODY",
    "CaseFacts",
    "CaseOut",
    "CaseSaved",
    "ErrorOut",
    "FieldError",
    "JobOut",
    "PlanRequestIn",
    "PlanStarted",
    "PromIn",
    "PromRecorded",
    "error_body",
]


class FieldError(Schema):
    """One refused field: its dotted path in the body (``hip.radiographic.lcea_deg``,
    ``answers.q3``, ``overrides.spacing_min_mm``; ``body`` for the body as a whole)."""

    field: str
    message: str


class ErrorOut(Schema):
    """Every refusal: one line, and the fields refused (empty when no one field is at fault)."""

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


def error_body(detail: str, field: str | None = None, message: str | None = None) -> dict[str, Any]:
    """An ``ErrorOut`` body."""
    errors = [] if field is None else [{"field": field, "message": message or detail}]
    return {"detail": detail, "errors": errors}


class CaseSaved(Schema):
    """A case version saved."""

    case_id: str
    version: int
    url: str
    changes: list[str] = Field(default_factory=list)


class CaseFacts(Schema):
    """The facts the case list filters on, as of ``summary_as_of``."""

    summary_as_of: dt.date | None
    verdict: str
    phase: str
    phase_label: str
    surgery_date: dt.date | None
    overdue_count: int
    overdue_items: list[str]
    proms_due_count: int
    proms_due: list[dict[str, Any]]
    lesion_area_mm2: float | None
    size_band: str


class CaseOut(Schema):
    """A case: its current document (exactly as a case file holds it; null for a patient, for
    whom the case file is a clinical record) and version."""

    case_id: str
    side: str
    version: int
    updated_at: dt.datetime
    document: dict[str, Any] | None
    facts: CaseFacts


class PlanRequestIn(Schema):
    """Optional body of ``POST /api/cases/{case_id}/plan``: the lesion to plan (default: the
    case file's ``plan.lesion_id``, else its only lesion) and layout parameters over the case
    file's ``plan:`` section (names as in the case file's ``plan:``, e.g. ``spacing_min_mm``)."""

    lesion_id: str | None = None
    overrides: dict[str, float] | None = None


class PlanStarted(Schema):
    """A plan job queued."""

    job_id: str
    job_url: str
    plan_url: str


class JobOut(Schema):
    """A background job (its id is the task id of the job queue, a UUID)."""

    job_id: str
    state: str
    progress_percent: int
    progress_text: str
    error: str | None
    case_version: int
    lesion_id: str | None
    overrides: dict[str, float]
    created_at: dt.datetime
    finished_at: dt.datetime | None
    job_url: str
    result_url: str | None


class PromIn(Schema):
    """One outcome questionnaire response (item and answer codes: ``chondral schema case``)."""

    instrument: str
    date: dt.date
    answers: dict[str, str | float | None]


class PromRecorded(Schema):
    """A response saved as a new case version, and its score by the instrument's manual."""

    case_id: str
    version: int
    score: dict[str, Any]


def _json_body(schema: dict[str, Any], *, required: bool, description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": required,
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
    }


def _case_document_schema() -> dict[str, Any]:
    """The case-file schema (``chondral schema case``) as the body's schema."""
    schema = {k: v for k, v in case_schema().items() if k not in ("$schema", "$id")}
    schema["description"] = "A case document (chondral.case/1): a case file in JSON."
    return schema


CASE_BODY = _json_body(
    _case_document_schema(),
    required=True,
    description=(
        "A case document: the JSON form of a case file (schema `chondral schema case`). It is"
        " validated by the case-file reader, exactly as `chondral validate` does; a refusal"
        " names the field (`hip.radiographic.lcea_deg`)."
    ),
)
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The case version the edit started from (`3` or `"3"`): a case changed'
    " since answers 412 instead of being overwritten.",
}
PLAN_BODY = _json_body(
    PlanRequestIn.model_json_schema(),
    required=False,
    description="Optional: the lesion to plan and layout parameters to override.",
)
PROM_BODY = _json_body(
    PromIn.model_json_schema(),
    required=True,
    description="One response; the answers are checked against the instrument's definition.",
)
