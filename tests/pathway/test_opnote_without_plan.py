"""When no hole plan can be made, the operative note says why instead of dropping the
comparison quietly."""

import datetime as dt

from chondral.domain import Severity
from chondral.io.casefile import parse_case
from chondral.io.sources import CaseFolder
from chondral.pathway import DEFAULT_POLICY
from chondral.services.pathway import case_operative_note, case_operative_note_with_plan
from pathway_factories import pathway_document

TEMPLATE_ONLY = CaseFolder(None)
"""The pathway cases plan on the template hip: no mesh file to resolve."""


def test_a_case_whose_plan_fails_gets_a_warning_with_the_reason():
    document = pathway_document()
    second = dict(document["lesions"][0], id="L2")
    document["lesions"].append(second)
    note = case_operative_note_with_plan(
        parse_case(document), TEMPLATE_ONLY, today=dt.date(2025, 3, 3), policy=DEFAULT_POLICY
    )
    warnings = [f for f in note.review.findings if f.severity is Severity.WARNING]
    assert any(
        "no hole plan could be made" in f.message and "several lesions" in f.message
        for f in warnings
    )
    assert "no hole plan could be made" in note.text
    assert note.planned is None and "several lesions" in note.no_plan_reason


def test_a_plannable_case_has_no_such_warning():
    note = case_operative_note_with_plan(
        parse_case(pathway_document()),
        TEMPLATE_ONLY,
        today=dt.date(2025, 3, 3),
        policy=DEFAULT_POLICY,
    )
    assert not any("no hole plan could be made" in f.message for f in note.review.findings)
    assert note.planned is not None and note.no_plan_reason is None


def test_the_reason_given_is_the_one_written():
    note = case_operative_note(
        parse_case(pathway_document()),
        None,
        "the femur mesh is a cube",
        today=dt.date(2025, 3, 3),
        policy=DEFAULT_POLICY,
    )
    [finding] = [f for f in note.review.findings if "no hole plan could be made" in f.message]
    assert "(the femur mesh is a cube)" in finding.message
    assert finding.rule_id == "pathway.operative.hole_distance/1"
    assert "- L1: no hole plan; 9 holes made" in note.text
