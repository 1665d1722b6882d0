"""Schemathesis against ``/api/openapi.json``, in process (the WSGI application, no server):
every operation, with a surgeon's Bearer token and a stored case, never answers 5xx.

Generated ids hit nothing but 404, so every other request is sent to the stored case (and to a
real job), where the generated bodies and parameters reach the validation of case documents,
plan requests and PROM responses. The number of examples is bounded (``MAX_EXAMPLES`` per
operation) so the test takes well under a minute or two.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30


@pytest.fixture
def api_token(demo_case: Any, surgeon: Any) -> str:
    from chondral.web.tokens import create_token

    return create_token(surgeon)


@pytest.fixture
def job_id(demo_case: Any, surgeon: Any) -> str:
    from chondral.web import jobs, store

    version = store.current_version(demo_case)
    return jobs.request_plan(demo_case, version, user=surgeon).task_id


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The API's OpenAPI document, loaded from the WSGI application. Django's handler closes
    the database connection after each request; inside a test's transaction that would end
    the test's data, so (as Django's test client does) it is kept open meanwhile."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


OPERATIONS = [
    ("POST", "/api/cases"),
    ("GET", "/api/cases/{case_id}"),
    ("PUT", "/api/cases/{case_id}"),
    ("GET", "/api/cases/{case_id}/assessment"),
    ("GET", "/api/cases/{case_id}/outcomes"),
    ("GET", "/api/cases/{case_id}/rehab"),
    ("GET", "/api/cases/{case_id}/rehab.ics"),
    ("POST", "/api/cases/{case_id}/proms"),
    ("POST", "/api/cases/{case_id}/plan"),
    ("GET", "/api/cases/{case_id}/plan"),
    ("GET", "/api/jobs/{job_id}"),
]


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    listed = {
        (result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()
    }
    assert listed == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[" ".join(o) for o in OPERATIONS])
def test_no_operation_answers_5xx(
    api_schema: Any, api_token: str, job_id: str, method: str, path: str
) -> None:
    operation = api_schema[path][method]
    stored = {
        name: {"case_id": "DEMO-001", "job_id": job_id}[name]
        for name in ("case_id", "job_id")
        if "{" + name + "}" in path
    }
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if stored:
        strategies += [
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=stored),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=stored),
        ]
    headers = {"Authorization": f"Bearer {api_token}"}

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    call()
