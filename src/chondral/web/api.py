"""The JSON API under ``/api/`` (django-ninja): cases, assessments, plans and their jobs, PROMs,
outcomes and the rehabilitation schedule. OpenAPI at ``/api/openapi.json``; no docs page (it
would load Swagger from the internet).

Every request needs ``Authorization: Bearer <token>`` (``chondral web token USERNAME``); every
endpoint calls ``chondral.web.access.authorize`` first. Refusals are JSON
(``api_schemas.ErrorOut``): 401 without a valid token, 403 for an action the role may not take,
404 for a case the caller cannot see (whether or not it exists), 409 for an existing id or a
stale version, 412 for a stale ``If-Match``, 422 for input that cannot be accepted, naming the
field. An unexpected error answers 500 with a generic line; the log gets the route pattern and
the error type, never a case id, a path or a document.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from chondral import __version__
from chondral.errors import (
    ChondralError,
    InputDataError,
    NotFound,
    RuleViolation,
    one_line,
)
from chondral.errors import PermissionDenied as ChondralPermissionDenied
from chondral.web import api_cases, api_plans
from chondral.web.api_common import BODY, BearerToken
from chondral.web.api_schemas import error_body
from chondral.web.error_log import where_raised
from chondral.web.store import CaseExistsError, StaleVersionError

__all__ = ["api"]

log = logging.getLogger("chondral.web.api")

DESCRIPTION = """\
The chondral API: the same case documents, validation and services as the command line.

Authenticate with `Authorization: Bearer <token>` (a token from `chondral web token USERNAME`).
A case is a **case document**: the JSON form of a case file (`chondral schema case`). It is a
free-form object here because the case-file reader validates it: a refusal is 422 with
`{"detail": "...", "errors": [{"field": "hip.radiographic.lcea_deg", "message": "..."}]}`.
Another clinic's case (or, for a patient, any case but their own) answers 404, the same as a
case that does not exist. Plans are made by background jobs: `POST /api/cases/{id}/plan`
answers 202 with the job's URL; a job's id is its task id (a UUID).
"""

api = NinjaAPI(
    title="chondral",
    version=__version__,
    description=DESCRIPTION,
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
    auth=BearerToken(),
)
api.add_router("", api_cases.router)
api.add_router("", api_plans.router)


def _answer(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _answer(
        request, 401, error_body("send a valid API token: Authorization: Bearer <token>")
    )
    response["WWW-Authenticate"] = 'Bearer realm="chondral"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _answer(request, 404, error_body(one_line(str(exc)) or "not found"))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _answer(request, 403, error_body(one_line(str(exc)) or "not allowed"))


@api.exception_handler(ValidationError)
def _invalid_parameter(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())[1:]) or BODY,
            "message": one_line(str(error.get("msg", "is not valid"))),
        }
        for error in exc.errors
    ]
    first = errors[0] if errors else {"field": BODY, "message": "is not valid"}
    return _answer(
        request, 422, {"detail": f"{first['field']}: {first['message']}", "errors": errors}
    )


@api.exception_handler(InputDataError)
def _bad_input(request: HttpRequest, exc: InputDataError) -> HttpResponse:
    return _answer(request, 422, error_body(str(exc), exc.field or BODY, exc.problem))


@api.exception_handler(CaseExistsError)
def _exists(request: HttpRequest, exc: CaseExistsError) -> HttpResponse:
    return _answer(request, 409, error_body(one_line(str(exc)), "case_id"))


@api.exception_handler(StaleVersionError)
def _stale(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
    return _answer(request, 409, error_body(one_line(str(exc))))


_CHONDRAL_STATUS: tuple[tuple[type[ChondralError], int], ...] = (
    (NotFound, 404),
    (ChondralPermissionDenied, 403),
    (RuleViolation, 409),
)


@api.exception_handler(ChondralError)
def _refused(request: HttpRequest, exc: ChondralError) -> HttpResponse:
    status = next((code for kind, code in _CHONDRAL_STATUS if isinstance(exc, kind)), 422)
    return _answer(request, status, error_body(one_line(str(exc))))


@api.exception_handler(Exception)
def _internal(request: HttpRequest, exc: Exception) -> HttpResponse:
    match = getattr(request, "resolver_match", None)
    route = getattr(match, "route", "") or "(unknown route)"
    where = where_raised(exc)
    log.error("API %s %s failed: %s at %s", request.method, route, type(exc).__name__, where)
    return _answer(request, 500, error_body("internal error; the team has the details in the log"))
