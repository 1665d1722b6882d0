"""services.case_overview: each section is the library's own result, or the one-line reason it
cannot be worked out; services.plan_request and services.case_export."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from web.conftest import example_document

AS_OF = dt.date(2026, 1, 1)


def _overview(document: dict[str, Any]) -> Any:
    from chondral.io.casefile import parse_case
    from chondral.pathway import DEFAULT_POLICY
    from chondral.rules import DEFAULT_RULE_SET
    from chondral.services.case_overview import case_overview

    return case_overview(
        parse_case(copy.deepcopy(document)),
        as_of=AS_OF,
        rule_set=DEFAULT_RULE_SET,
        policy=DEFAULT_POLICY,
    )


def _unplaceable() -> dict[str, Any]:
    """A range lesion reaching past the template hip's fossa: it cannot be placed."""
    document = example_document("range-lesion.yaml")
    document["lesions"][0]["rim_distance_mm"] = {"from": 0, "to": 30}
    return document


def test_every_section_of_the_demo_case_is_the_librarys_result() -> None:
    from chondral.io.casefile import parse_case
    from chondral.io.checklist_json import checklist_to_dict
    from chondral.io.outcomes_json import outcome_summary_to_dict
    from chondral.io.rehab_json import rehab_schedule_to_dict
    from chondral.pathway import DEFAULT_POLICY
    from chondral.rules import DEFAULT_RULE_SET
    from chondral.services.candidacy import assess_case
    from chondral.services.outcomes import summarise_case_outcomes
    from chondral.services.pathway import case_checklist, case_rehab_schedule

    document = example_document()
    case = parse_case(copy.deepcopy(document))
    overview = _overview(document)
    assessment = assess_case(case, DEFAULT_RULE_SET)
    assert overview.assessment.ok and overview.assessment.data["verdict"] == "candidate"
    assert [
        (f["rule_id"], f["version"], f["severity"], f["message"], f["source"])
        for f in overview.assessment.data["findings"]
    ] == [
        (f.rule_id, f.version, f.severity.value, f.message, f.source) for f in assessment.findings
    ]
    checklist, _ = case_checklist(case, as_of=AS_OF, policy=DEFAULT_POLICY)
    assert overview.checklist.data == {**checklist_to_dict(checklist), "warnings": []}
    schedule, _ = case_rehab_schedule(case, policy=DEFAULT_POLICY)
    assert overview.rehab.data == rehab_schedule_to_dict(schedule)
    assert overview.outcomes.data == outcome_summary_to_dict(summarise_case_outcomes(case))
    assert (overview.case_id, overview.side, overview.as_of) == ("DEMO-001", "right", AS_OF)


def test_measurements_carry_their_units() -> None:
    rows = _overview(example_document()).measurements.data
    hip = {row["label"]: (row["value"], row["unit"]) for row in rows["hip"]}
    patient = {row["label"]: (row["value"], row["unit"]) for row in rows["patient"]}
    assert hip["Lateral centre-edge angle (LCEA)"] == ("31", "deg")
    assert hip["Joint space width"] == ("4.1", "mm")
    assert hip["Instability signs"] == ("no", "")
    assert patient["Age"] == ("28", "years") and patient["Weight"] == ("61", "kg")
    unrecorded = _overview(example_document("range-lesion.yaml")).measurements.data
    alpha = next(r for r in unrecorded["hip"] if r["label"] == "Alpha angle")
    assert (alpha["value"], alpha["unit"]) == ("not recorded", "")


def test_a_range_lesion_gets_its_area_from_the_template_hip() -> None:
    from chondral.anatomy import geometric_area_mm2
    from chondral.io.casefile import parse_case

    document = example_document("range-lesion.yaml")
    case = parse_case(copy.deepcopy(document))
    area = geometric_area_mm2(case.lesions[0], case.hip, case.patient.sex)
    [row] = _overview(document).lesions.data
    assert row["clock"] == "12:00 to 2:30" and row["rim_distance_mm"] == "0 to 9"
    assert row["area_mm2"] == f"{area:.0f} (template hip)"
    assert (row["grade"], row["measured"], row["size"]) == (
        "icrs 3B",
        "pre debridement",
        "not recorded",
    )


def test_a_lesion_that_cannot_be_placed_is_the_verdicts_reason() -> None:
    overview = _overview(_unplaceable())
    assert not overview.assessment.ok and overview.assessment.data is None
    assert overview.assessment.reason is not None
    assert "reaches into the fossa" in overview.assessment.reason
    assert "\n" not in overview.assessment.reason
    [row] = overview.lesions.data
    assert row["area_mm2"] == f"cannot be worked out: {overview.assessment.reason}"


def test_unrecorded_lesion_details_say_so() -> None:
    document = example_document("range-lesion.yaml")
    for key in ("grade", "contained", "measured"):
        document["lesions"][0].pop(key)
    [row] = _overview(document).lesions.data
    assert (row["grade"], row["contained"], row["measured"]) == ("not recorded",) * 3


def test_the_chart_of_an_instrument_without_responses_is_refused_naming_it() -> None:
    from chondral.errors import InputDataError
    from chondral.io.casefile import parse_case
    from chondral.services.case_overview import case_outcome_chart_png

    case = parse_case(example_document())
    with pytest.raises(InputDataError) as caught:
        case_outcome_chart_png(case, "nahs")
    assert caught.value.field == "instrument"


class TestPlanRequest:
    def test_a_lesion_the_case_does_not_have_is_refused(self) -> None:
        from chondral.errors import InvalidValueError
        from chondral.io.casefile import parse_case
        from chondral.services.plan_request import check_plan_request

        case = parse_case(example_document())
        with pytest.raises(InvalidValueError) as caught:
            check_plan_request(case, "L9", {})
        assert caught.value.field == "lesion_id"

    def test_the_parameters_are_the_librarys_with_the_overrides(self) -> None:
        from chondral.io.casefile import parse_case
        from chondral.planning.parameters import PlanParameters
        from chondral.services.plan_request import check_plan_request

        case = parse_case(example_document())
        assert check_plan_request(case, None, {"rim_inset_mm": 2.0}) == PlanParameters(
            rim_inset_mm=2.0
        )


def test_the_case_file_yaml_reads_back_as_the_document() -> None:
    from chondral.io.documents import parse_document_text
    from chondral.services.case_export import case_file_yaml

    for name in ("demo-case.yaml", "range-lesion.yaml", "libhip-m4-right.yaml"):
        document = example_document(name)
        text = case_file_yaml(document)
        assert parse_document_text(text, kind="yaml", name=name) == document
