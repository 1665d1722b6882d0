"""The pathway sections of a case file: checklist, medications, allergies, operative record,
return to sport. Each problem is one error naming the field."""

import datetime as dt

import pytest

from chondral.domain import (
    AnaesthesiaType,
    ChecklistState,
    ConcomitantProcedure,
    MeasuredAt,
    MedicationCategory,
    Portal,
    RegionalBlock,
)
from chondral.domain.limits import RTS_RESULT_ANY, RTS_RESULT_BY_UNIT
from chondral.errors import CaseFileError
from chondral.io.casefile import parse_case
from chondral.pathway import CriterionTest, default_rts_criteria
from pathway_factories import pathway_document

PASSING_RESULTS = {
    criterion.id: True
    if criterion.test is CriterionTest.PASS
    else RTS_RESULT_BY_UNIT.get(criterion.unit or "", RTS_RESULT_ANY).high
    for criterion in default_rts_criteria()
    if criterion.prom is None
}
"""Every recorded criterion met: pass/fail ones passed, numeric ones at their largest plausible
result (which beats every default threshold)."""


def error_of(document):
    with pytest.raises(CaseFileError) as caught:
        parse_case(document)
    return caught.value


class TestParsed:
    def test_full_document(self):
        document = pathway_document()
        document["medications"] = [
            {"name": "naproxen", "category": "nsaid", "stopped_on": "2025-02-24"}
        ]
        document["return_to_sport"] = {
            "assessments": [{"date": "2025-07-07", "assessor": "PT", "results": PASSING_RESULTS}],
            "approval": {"surgeon": "Dr A. Example", "date": "2025-07-10"},
        }
        case = parse_case(document)
        assert case.checklist["history"].state is ChecklistState.DONE
        assert case.checklist["imaging_ct"].ordered is True
        assert case.medications[0].category is MedicationCategory.NSAID
        assert case.medications[0].stopped_on == dt.date(2025, 2, 24)
        assert case.allergies.latex is False
        record = case.operative
        assert record.anaesthesia.type is AnaesthesiaType.GENERAL
        assert record.anaesthesia.block is RegionalBlock.LUMBAR_PLEXUS
        assert record.traction_total_minutes == 65
        assert record.portals == (Portal.ANTEROLATERAL, Portal.MID_ANTERIOR)
        assert record.lesions[0].measured is MeasuredAt.POST_DEBRIDEMENT
        assert record.microfracture[0].hole_count == 9
        assert record.concomitant == (
            ConcomitantProcedure.LABRAL_REPAIR,
            ConcomitantProcedure.FEMOROPLASTY,
        )
        assert record.complications == ()
        assert case.return_to_sport.approval.surgeon == "Dr A. Example"
        assert case.return_to_sport.assessments[0].results["hop_battery"] is True

    def test_force_in_pounds_is_converted(self):
        case = parse_case(
            pathway_document(
                **{"operative.traction": [{"start": "08:00", "stop": "09:00", "force_lb": 100}]}
            )
        )
        assert case.operative.traction[0].force_kg == pytest.approx(45.359237)

    def test_hole_positions_give_the_count(self):
        holes = [{"clock": "12:00", "rim_distance_mm": 3}, {"clock": "1:30", "rim_distance_mm": 5}]
        case = parse_case(
            pathway_document(
                **{"operative.microfracture.0": {"lesion_id": "L1", "hole_positions": holes}}
            )
        )
        assert case.operative.microfracture[0].hole_count == 2
        assert case.operative.microfracture[0].hole_positions == ((0.0, 3.0), (45.0, 5.0))

    def test_surgery_date_may_come_from_the_operative_record(self):
        document = pathway_document()
        del document["surgery_date"]
        assert parse_case(document).recorded_surgery_date == dt.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"operative.side": "left"}, "operative.side", "operative record is for the left hip"),
        ({"operative.date": "2025-03-04"}, "operative.date", "differs from surgery_date"),
        ({"operative.date": "2025-02-30"}, "operative.date", "day is out of range"),
        (
            {"operative.traction": [{"start": "09:00", "stop": "08:00"}]},
            "operative.traction[0].stop",
            "must be after start",
        ),
        (
            {"operative.traction": [{"start": "9:00", "stop": "10:00"}]},
            "operative.traction[0].start",
            "HH:MM on the 24-hour clock",
        ),
        (
            {
                "operative.traction": [
                    {"start": "08:00", "stop": "09:00", "force_kg": 40, "force_lb": 88}
                ]
            },
            "operative.traction[0].force_lb",
            "not both",
        ),
        (
            {
                "operative.traction": [
                    {"start": "08:00", "stop": "09:00"},
                    {"start": "08:30", "stop": "09:30"},
                ]
            },
            "operative",
            "traction periods overlap",
        ),
        (
            {"operative.microfracture.0.lesion_id": "L9"},
            "operative",
            "microfracture of 'L9', which is not among the lesions found",
        ),
        (
            {"operative.microfracture.0": {"lesion_id": "L1"}},
            "operative.microfracture[0].hole_count",
            "hole_count or hole_positions is required",
        ),
        (
            {"operative.microfracture.0.hole_count": 0},
            "operative.microfracture[0].hole_count",
            ">= 1",
        ),
        (
            {"operative.portals": ["anterolateral", "lateral"]},
            "operative.portals[1]",
            "must be one of",
        ),
        (
            {"operative.lesions.0.measured": "pre_debridement"},
            "operative.lesions[0].measured",
            "unknown field",
        ),
        ({"checklist.history.ordered": True}, "checklist.history.ordered", "unknown field"),
        (
            {"checklist.history_taken": {"state": "done"}},
            "checklist.history_taken",
            "unknown field",
        ),
        (
            {"checklist.consent": {"state": "pending", "date": "2025-02-01"}},
            "checklist.consent",
            "pending item has none",
        ),
        (
            {"checklist.imaging_ct": {"state": "done", "ordered": False}},
            "checklist.imaging_ct",
            "not ordered",
        ),
        ({"checklist.consent": {"state": "signed"}}, "checklist.consent.state", "must be one of"),
        (
            {
                "medications": [
                    {"name": "Naproxen", "category": "nsaid"},
                    {"name": "naproxen ", "category": "nsaid"},
                ]
            },
            "medications[1].name",
            "listed twice",
        ),
        (
            {"medications": [{"name": "x", "category": "opioid"}]},
            "medications[0].category",
            "must be one of",
        ),
        ({"allergies": {"medicines": [], "latex": False}}, "allergies.anaesthesia", "is required"),
    ],
)
def test_errors_name_the_field(changes, field, words):
    error = error_of(pathway_document(**changes))
    assert error.field == field
    assert words in error.problem


def test_a_done_review_needs_its_record():
    document = pathway_document()
    del document["medications"]
    error = error_of(document)
    assert error.field == "checklist.medication_review.state"
    assert "medications: []" in error.problem
    document = pathway_document()
    del document["allergies"]
    assert error_of(document).field == "checklist.allergies.state"


@pytest.mark.parametrize(
    ("rts", "field", "words"),
    [
        (
            {"assessments": [{"date": "2025-03-03", "results": {"walk_15_min": True}}]},
            "return_to_sport.assessments[0].date",
            "not after the surgery",
        ),
        (
            {"approval": {"surgeon": "Dr A", "date": "2025-02-01"}},
            "return_to_sport.approval.date",
            "not after the surgery",
        ),
        ({"approval": {"date": "2025-08-01"}}, "return_to_sport.approval.surgeon", "is required"),
        (
            {"assessments": [{"date": "2025-07-01", "results": {"juggling_reps": 3}}]},
            "return_to_sport.assessments[0].results.juggling_reps",
            "unknown field",
        ),
        (
            {"assessments": [{"date": "2025-07-01", "results": {"hos_adl_pct": 99}}]},
            "return_to_sport.assessments[0].results.hos_adl_pct",
            "unknown field",
        ),
        (
            {"assessments": [{"date": "2025-07-01", "results": {"hop_battery": 1}}]},
            "return_to_sport.assessments[0].results.hop_battery",
            "true or false",
        ),
        (
            {"assessments": [{"date": "2025-07-01", "results": {"front_plank_s": -1}}]},
            "return_to_sport.assessments[0].results.front_plank_s",
            ">= 0",
        ),
        (
            {"assessments": [{"date": "2025-07-01", "results": {}}]},
            "return_to_sport.assessments[0].results",
            "non-empty",
        ),
    ],
)
def test_return_to_sport_errors(rts, field, words):
    error = error_of(pathway_document(return_to_sport=rts))
    assert error.field == field
    assert words in error.problem
