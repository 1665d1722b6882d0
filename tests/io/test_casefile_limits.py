"""Case-file limits with known truths: every measure's plausibility range (the limit accepted,
just past it refused naming the field), the body-mass-index rule, the date rules, questionnaire
answers checked on load, and messages that never echo a long value."""

import json

import pytest
import yaml

from chondral.domain.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARS
from chondral.errors import CaseFileError
from chondral.io import load_case, parse_case
from chondral.io.casefile import parse_case_text
from pathway_factories import pathway_document

from factories import DELETE, case_document


def refused(document) -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        parse_case(document)
    assert "\n" not in str(caught.value)
    return caught.value


# (dotted path in the factory document, accepted limits, refused values just past them)
MEASURES = [
    ("patient.age_years", [0, 120], [-1, 121]),
    ("hip.femoral_head_diameter_mm", [30, 70], [29.99, 70.01]),
    ("hip.radiographic.lcea_deg", [-60, 90], [-60.01, 90.01]),
    ("hip.radiographic.tonnis_grade", [0, 3], [-1, 4]),
    ("hip.radiographic.joint_space_width_mm", [0, 15], [-0.01, 15.01]),
    ("hip.radiographic.tonnis_angle_deg", [-40, 60], [-40.01, 60.01]),
    ("hip.radiographic.alpha_angle_deg", [20, 130], [19.99, 130.01]),
    ("patient.activity.tegner", [0, 10], [-1, 11]),
    ("patient.activity.ucla", [1, 10], [0, 11]),
    ("lesions.0.center.rim_distance_mm", [0, 40], [-0.01, 40.01]),
    ("lesions.0.size_mm.length", [0.01, 60], [0, 60.01]),
    ("lesions.0.size_mm.width", [0.01, 60], [0, 60.01]),
]


@pytest.mark.parametrize(("path", "accepted", "beyond"), MEASURES)
def test_each_measure_limit(path, accepted, beyond):
    field = path.replace(".0.", "[0].")
    for value in accepted:
        parse_case(case_document(**{path: value}))
    for value in beyond:
        assert refused(case_document(**{path: value})).field == field


@pytest.mark.parametrize(
    ("path", "accepted", "beyond"),
    [
        ("patient.height_cm", [50, 250], [49.99, 250.01]),
        ("patient.weight_kg", [20, 350], [19.99, 350.01]),
    ],
)
def test_height_and_weight_alone(path, accepted, beyond):
    other = "patient.weight_kg" if path == "patient.height_cm" else "patient.height_cm"
    for value in accepted:
        parse_case(case_document(**{path: value, other: DELETE}))
    for value in beyond:
        assert refused(case_document(**{path: value, other: DELETE})).field == path


def test_area_limit():
    base = {"lesions.0.size_mm": DELETE}
    parse_case(case_document(**base, **{"lesions.0.area_mm2": 3000}))
    error = refused(case_document(**base, **{"lesions.0.area_mm2": 3000.5}))
    assert error.field == "lesions[0].area_mm2"


class TestImpossibleCombinations:
    def test_250_cm_and_20_kg_at_age_0_is_refused(self):
        error = refused(
            case_document(
                **{
                    "patient.height_cm": 250,
                    "patient.weight_kg": 20,
                    "patient.age_years": 0,
                    "patient.activity.tegner": 10,
                }
            )
        )
        assert error.field == "patient.weight_kg"
        assert "body-mass index of 3.2 kg/m2" in error.problem

    @pytest.mark.parametrize(
        ("height_cm", "weight_kg", "ok"),
        [(200, 40, True), (200, 39.99, False), (180, 324, True), (180, 324.1, False)],
    )
    def test_bmi_limits_10_and_100(self, height_cm, weight_kg, ok):
        document = case_document(**{"patient.height_cm": height_cm, "patient.weight_kg": weight_kg})
        if ok:
            parse_case(document)
        else:
            assert refused(document).field == "patient.weight_kg"


class TestReturnToSportResults:
    @pytest.mark.parametrize(
        ("criterion", "limit", "beyond"),
        [
            ("strength_mmt_grade", 5, 5.01),
            ("strength_mmt_grade", 5, 9),
            ("front_plank_s", 3600, 3600.5),
            ("front_plank_s", 3600, 1e9),
            ("side_lying_abduction_reps", 1000, 1001),
            ("y_balance_symmetry_pct", 150, 150.01),
            ("y_balance_symmetry_pct", 150, 500),
            ("y_balance_symmetry_pct", 150, 1e308),
        ],
    )
    def test_every_result_has_an_upper_bound(self, criterion, limit, beyond):
        def document(value):
            return pathway_document(
                return_to_sport={
                    "assessments": [{"date": "2025-07-07", "results": {criterion: value}}]
                }
            )

        parse_case(document(limit))
        error = refused(document(beyond))
        assert error.field == f"return_to_sport.assessments[0].results.{criterion}"
        assert f"<= {limit}" in error.problem

    def test_repetitions_are_whole(self):
        document = pathway_document(
            return_to_sport={
                "assessments": [{"date": "2025-07-07", "results": {"prone_extension_reps": 3.5}}]
            }
        )
        assert "whole number" in refused(document).problem


class TestDates:
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"surgery_date": "1899-12-31"}, "surgery_date"),
            ({"surgery_date": "2101-01-01"}, "surgery_date"),
            ({"surgery_date": "0001-01-01"}, "surgery_date"),
            ({"surgery_date": "9999-12-31"}, "surgery_date"),
            (
                {"proms": [{"instrument": "vas_pain", "date": "0001-01-01", "answers": {}}]},
                "proms[0].date",
            ),
            (
                {"proms": [{"instrument": "vas_pain", "date": "9999-12-31", "answers": {}}]},
                "proms[0].date",
            ),
        ],
    )
    def test_dates_outside_1900_2100_are_refused(self, changes, field):
        error = refused(case_document(**changes))
        assert error.field == field
        assert "outside the dates chondral accepts (1900-01-01 to 2100-12-31)" in error.problem

    @pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
    def test_the_boundary_dates_are_accepted(self, day):
        case = parse_case(
            case_document(
                proms=[{"instrument": "vas_pain", "date": day, "answers": {"pain": 3}}],
                surgery_date=day,
            )
        )
        assert case.surgery_date.isoformat() == day

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            (
                {"checklist.consent": {"state": "done", "date": "0001-01-02"}},
                "checklist.consent.date",
            ),
            (
                {"medications": [{"name": "x", "category": "nsaid", "stopped_on": "9999-01-01"}]},
                "medications[0].stopped_on",
            ),
            ({"operative.date": "9999-03-03", "surgery_date": "9999-03-03"}, "surgery_date"),
        ],
    )
    def test_pathway_dates_too(self, changes, field):
        error = refused(pathway_document(**changes))
        assert error.field == field

    def test_one_rule_one_message_for_rts_after_surgery(self):
        document = pathway_document(
            return_to_sport={"approval": {"surgeon": "Dr A", "date": "2025-03-03"}}
        )
        error = refused(document)
        assert error.field == "return_to_sport.approval.date"
        assert error.problem == "2025-03-03 is not after the surgery (2025-03-03)"


class TestQuestionnairesOnLoad:
    @pytest.mark.parametrize(
        ("prom", "field"),
        [
            ({"instrument": "womac", "date": "2025-01-01", "answers": {}}, "proms[0].instrument"),
            (
                {"instrument": "vas_pain", "date": "2025-01-01", "answers": {"pain": "banana"}},
                "proms[0].answers.pain",
            ),
            (
                {"instrument": "hos_adl", "date": "2025-01-01", "answers": {"adl_99": 1}},
                "proms[0].answers.adl_99",
            ),
        ],
    )
    def test_answers_validate_refuses_are_refused_by_the_reader(self, tmp_path, prom, field):
        path = tmp_path / "case.yaml"
        path.write_text(yaml.safe_dump(case_document(proms=[prom])))
        with pytest.raises(CaseFileError) as caught:
            load_case(path)
        assert caught.value.field == field

    def test_a_megabyte_answer_is_not_echoed(self):
        prom = {
            "instrument": "vas_pain",
            "date": "2025-01-01",
            "answers": {"pain": "x" * 1_000_000},
        }
        error = refused(case_document(proms=[prom]))
        assert error.field == "proms[0].answers.pain"
        assert len(str(error)) < 300

    def test_a_valid_but_unscorable_form_is_kept(self):
        prom = {"instrument": "hos_adl", "date": "2025-01-01", "answers": {"adl_1": 4}}
        assert parse_case(case_document(proms=[prom])).proms[0].answers == {"adl_1": 4}


class TestSizesOfTheRecord:
    def test_list_limit(self):
        items = ["none"] * MAX_LIST_ITEMS
        parse_case(pathway_document(**{"operative.complications": items}))
        error = refused(pathway_document(**{"operative.complications": [*items, "x"]}))
        assert error.field == "operative.complications"
        assert f"at most {MAX_LIST_ITEMS} items" in error.problem

    def test_text_limit(self):
        parse_case(pathway_document(**{"operative.other_findings": "x" * MAX_TEXT_CHARS}))
        error = refused(
            pathway_document(**{"operative.other_findings": "x" * (MAX_TEXT_CHARS + 1)})
        )
        assert error.field == "operative.other_findings"


class TestDocumentRulesInTheCaseReader:
    @pytest.mark.parametrize(
        ("text", "field"),
        [
            ("hip:\n  radiographic:\n    lcea_deg: .nan\n", "hip.radiographic.lcea_deg"),
            ("lesions:\n  - size_mm: {length: .inf, width: 3}\n", "lesions[0].size_mm.length"),
            ("patient: {age_years: !!float 3}\n", "patient.age_years"),
        ],
    )
    def test_refused_before_the_schema(self, text, field):
        with pytest.raises(CaseFileError) as caught:
            parse_case_text(text)
        assert caught.value.field == field

    def test_nan_in_a_document_built_in_memory(self):
        assert refused(case_document(**{"hip.radiographic.lcea_deg": float("nan")})).field == (
            "hip.radiographic.lcea_deg"
        )

    def test_json_nan(self, tmp_path):
        path = tmp_path / "case.json"
        path.write_text(json.dumps(case_document()).replace('"lcea_deg": 31', '"lcea_deg": NaN'))
        with pytest.raises(CaseFileError) as caught:
            load_case(path)
        assert caught.value.field == "hip.radiographic.lcea_deg"

    def test_a_list_as_a_key(self):
        with pytest.raises(CaseFileError, match="a key must be text"):
            parse_case_text(yaml.safe_dump(case_document()) + "? [a, b]\n: 1\n")

    def test_unquoted_clock_times_are_clock_times(self):
        text = yaml.safe_dump(case_document()).replace("clock: '1:30'", "clock: 1:30")
        assert "clock: 1:30" in text
        assert parse_case_text(text).lesions[0].center.clock.label == "1:30"
