"""When no hole plan can be made, the operative note says why instead of dropping the
comparison quietly."""

import datetime as dt

from chondral.io.casefile import parse_case
from chondral.pathway import Severity
from chondral.services.pathway import case_operative_note
from pathway_factories import pathway_document


def test_a_case_whose_plan_fails_gets_a_warning_with_the_reason():
    document = pathway_document()
    second = dict(document["lesions"][0], id="L2")
    document["lesions"].append(second)
    note = case_operative_note(parse_case(document), None, today=dt.date(2025, 3, 3))
    warnings = [f for f in note.review.findings if f.severity is Severity.WARNING]
    assert any(
        "no hole plan could be made" in f.message and "several lesions" in f.message
        for f in warnings
    )
    assert "no hole plan could be made" in note.text


def test_a_plannable_case_has_no_such_warning():
    note = case_operative_note(parse_case(pathway_document()), None, today=dt.date(2025, 3, 3))
    assert not any("no hole plan could be made" in f.message for f in note.review.findings)
