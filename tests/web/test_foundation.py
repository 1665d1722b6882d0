"""The web foundation: stored cases validate like case files, versions record changes, the
audit log is append-only, and a plan job runs to a stored result."""

from __future__ import annotations

from typing import Any

import pytest

from web.conftest import example_document

pytestmark = pytest.mark.django_db


def test_a_stored_case_has_its_list_facts_from_the_services(demo_case: Any) -> None:
    from chondral.io.casefile import parse_case
    from chondral.rules import DEFAULT_RULE_SET
    from chondral.services.candidacy import assess_case

    case = parse_case(example_document())
    assert demo_case.verdict == str(assess_case(case, DEFAULT_RULE_SET).verdict)
    assert demo_case.side == str(case.side) == "right"
    assert demo_case.current_version == 1
