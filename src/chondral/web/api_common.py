"""What every JSON API endpoint shares: the Bearer-token authentication, the one way a request
body is read, the authorization call that returns the case, and the URLs the API answers with.

Bodies are read from the raw request by the library's strict document reader
(``chondral.io.documents.parse_document_text``, the rules every case file obeys: at most 5 MiB,
20 levels, 100,000 values, finite numbers, text keys), never by a framework parser, so an
over-large, too deep or malformed body is refused with the same one-line messages as a file,
naming ``body``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest
from ninja.security import HttpBearer

from chondral.errors import InputDataError
from chondral.io.documents import MAX_DOCUMENT_BYTES, file_label, parse_document_text
from chondral.web.access import authorize
from chondral.web.models import CaseRecord
from chondral.web.roles import Action
from chondral.web.tokens import user_for_token

__all__ = [
    "BODY",
    "BearerToken",
    "authorized_case",
    "case_url",
    "job_url",
    "plan_url",
    "read_json_body",
    "read_object_body",
]

BODY = "body"
"""The field an error about the request body as a whole names."""

_BODY_NAME = "request body"


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the token's user becomes ``request.user``, so
    ``authorize`` sees the same user a signed-in page would. No session or cookie reaches the
    API (and so no cross-site request can use a browser's session)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


def read_json_body(request: HttpRequest, *, empty: Any = None) -> Any:
    """The request body as a JSON document under the document rules; ``empty`` for an empty
    body when given, else an ``InputDataError`` naming ``body``."""
    declared = str(request.META.get("CONTENT_LENGTH") or "0")
    if not declared.isdigit():
        raise InputDataError("has a Content-Length that is not a number of bytes", field=BODY)
    try:
        if int(declared) > MAX_DOCUMENT_BYTES:
            raise RequestDataTooBig
        data = request.body
    except RequestDataTooBig:
        raise InputDataError(
            f"is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB", field=BODY
        ) from None
    if not data.strip():
        if empty is not None:
            return empty
        raise InputDataError("is empty: send a JSON object", field=BODY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputDataError("is not UTF-8 text", field=BODY) from None
    try:
        return parse_document_text(text, kind="json", name=_BODY_NAME)
    except InputDataError as error:
        problem = error.problem.removeprefix(f"{file_label(_BODY_NAME)}: ")
        raise InputDataError(problem, field=error.field or BODY) from None


def read_object_body(request: HttpRequest, *, empty: Any = None) -> dict[str, Any]:
    """``read_json_body``, refusing anything but a JSON object."""
    document = read_json_body(request, empty=empty)
    if not isinstance(document, dict):
        raise InputDataError(f"must be a JSON object, got {type(document).__name__}", field=BODY)
    return document


def authorized_case(request: HttpRequest, action: Action, case_id: str) -> CaseRecord:
    """``access.authorize`` for an action on one case: the case record, or its refusal."""
    _, record = authorize(request, action, case_id)
    if record is None:  # pragma: no cover - authorize returns the record of every case action
        raise Http404("no such case")
    return record


def case_url(case_id: str) -> str:
    """The API URL of a case."""
    return f"/api/cases/{quote(case_id, safe='')}"


def plan_url(case_id: str, job_id: str | None = None) -> str:
    """The API URL of a case's newest plan (of one job's plan with ``job_id``)."""
    url = f"{case_url(case_id)}/plan"
    return f"{url}?job_id={quote(job_id, safe='')}" if job_id else url


def job_url(job_id: str) -> str:
    """The API URL of a job."""
    return f"/api/jobs/{quote(job_id, safe='')}"
