import json
import math

import jsonschema
import pytest
import yaml

from chondral.domain import Side, Surface
from chondral.errors import CaseFileError
from chondral.io import case_schema, load_case, parse_case
from chondral.io.casefile import parse_case_text

from factories import DELETE, case_document


def refused(document) -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        parse_case(document)
    return caught.value


class TestValidCases:
    def test_issue_example_parses_into_domain_objects(self):
        case = parse_case(case_document())
        assert case.case_id == "TEST-001"
        assert case.side is Side.RIGHT
        lesion = case.lesions[0]
        assert lesion.surface is Surface.ACETABULUM
        assert lesion.center.clock.clock_deg == 45.0
        assert lesion.recorded_area_mm2 == pytest.approx(math.pi / 4 * 14 * 10)

    def test_area_mm2_is_taken_as_given(self):
        case = parse_case(case_document(**{"lesions.0.size_mm": DELETE, "lesions.0.area_mm2": 110}))
        assert case.lesions[0].recorded_area_mm2 == 110

    def test_negative_lcea_is_allowed(self):
        case = parse_case(case_document(**{"hip.radiographic.lcea_deg": -5}))
        assert case.hip.radiographic.lcea_deg == -5.0

    def test_range_lesion(self):
        lesion = {
            "id": "L1",
            "surface": "femoral_head",
            "clock": {"from": "11:00", "to": "1:00"},
            "rim_distance_mm": {"from": 0, "to": 9},
        }
        case = parse_case(case_document(lesions=[lesion]))
        assert case.lesions[0].clock_range.span_deg == 60.0
        assert case.lesions[0].recorded_area_mm2 is None

    def test_yaml_dates_stay_dates_of_record(self):
        text = yaml.safe_dump(case_document()) + "surgery_date: 2026-02-28\n"
        case = parse_case_text(text)
        assert case.surgery_date.isoformat() == "2026-02-28"

    def test_every_example_validates_against_the_published_schema(self, examples_dir):
        validator = jsonschema.Draft202012Validator(case_schema())
        files = sorted(examples_dir.glob("*.yaml"))
        assert len(files) >= 4
        for path in files:
            with path.open() as handle:
                document = yaml.safe_load(handle)
            validator.validate(json.loads(json.dumps(document, default=str)))
            load_case(path)


class TestRefusals:
    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"hip.side": "up"}, "hip.side", "must be one of: left, right"),
            ({"patient.age_years": -1}, "patient.age_years", ">= 0"),
            ({"patient.age_years": 28.5}, "patient.age_years", "whole number"),
            ({"patient.age_years": "28"}, "patient.age_years", "whole number"),
            (
                {"hip.radiographic.joint_space_width_mm": -0.1},
                "hip.radiographic.joint_space_width_mm",
                ">= 0",
            ),
            (
                {"lesions.0.center.clock": "13:00"},
                "lesions[0].center.clock",
                "h:mm from 1:00 to 12:59",
            ),
            ({"lesions.0.size_mm.length": -3}, "lesions[0].size_mm.length", "> 0"),
            ({"lesions.0.size_mm.width": 0}, "lesions[0].size_mm.width", "> 0"),
            ({"lesions.0.grade.system": "haddad"}, "lesions[0].grade.system", "must be one of"),
            ({"hip.radiographic.tonnis_grade": 4}, "hip.radiographic.tonnis_grade", "<= 3"),
            ({"patient.sex": "f"}, "patient.sex", "female, male, other, unknown"),
            ({"patient.activity.tegner": 11}, "patient.activity.tegner", "<= 10"),
            ({"patient.activity.ucla": 0}, "patient.activity.ucla", ">= 1"),
            ({"rehab_commitment": "yes"}, "rehab_commitment", "true or false"),
            ({"patient.height_cm": 1.68}, "patient.height_cm", ">= 50"),
            ({"schema": "chondral.case/2"}, "schema", "chondral.case/1"),
            ({"hip.side": DELETE}, "hip.side", "is required"),
            ({"case_id": "Jane Doe"}, "case_id", "letters, digits"),
        ],
    )
    def test_one_line_naming_the_field(self, changes, field, words):
        error = refused(case_document(**changes))
        assert error.field == field
        assert words in error.problem
        assert "\n" not in str(error)

    def test_unknown_field_names_the_field_and_what_is_allowed(self):
        error = refused(case_document(**{"hip.radiographic.lcea": 30}))
        assert error.field == "hip.radiographic.lcea"
        assert "unknown field" in error.problem and "lcea_deg" in error.problem

    def test_unknown_grade_label(self):
        error = refused(case_document(**{"lesions.0.grade.value": "5"}))
        assert error.field == "lesions[0].grade.value"
        assert "not a icrs grade" in error.problem

    def test_outerbridge_needs_roman_numerals(self):
        error = refused(
            case_document(**{"lesions.0.grade": {"system": "outerbridge", "value": "4"}})
        )
        assert "I, II, III, IV" in error.problem

    def test_center_and_ranges_together_are_refused(self):
        error = refused(
            case_document(
                **{
                    "lesions.0.clock": {"from": "1:00", "to": "2:00"},
                    "lesions.0.rim_distance_mm": {"from": 0, "to": 5},
                }
            )
        )
        assert error.field == "lesions[0]"
        assert "not both" in error.problem

    def test_size_and_area_together_are_refused(self):
        error = refused(case_document(**{"lesions.0.area_mm2": 100}))
        assert "size_mm or area_mm2, not both" in error.problem

    def test_lesion_without_position(self):
        error = refused(case_document(**{"lesions.0.center": DELETE}))
        assert "needs a position" in error.problem

    def test_clock_range_without_rim_range(self):
        error = refused(
            case_document(
                **{"lesions.0.center": DELETE, "lesions.0.clock": {"from": "1:00", "to": "2:00"}}
            )
        )
        assert error.field == "lesions[0]"
        assert "rim_distance_mm" in error.problem

    def test_reversed_rim_distance_range(self):
        error = refused(
            case_document(
                **{
                    "lesions.0.center": DELETE,
                    "lesions.0.clock": {"from": "1:00", "to": "2:00"},
                    "lesions.0.rim_distance_mm": {"from": 9, "to": 3},
                }
            )
        )
        assert error.field == "lesions[0].rim_distance_mm"

    def test_empty_clock_range(self):
        error = refused(
            case_document(
                **{
                    "lesions.0.center": DELETE,
                    "lesions.0.clock": {"from": "2:00", "to": "2:00"},
                    "lesions.0.rim_distance_mm": {"from": 0, "to": 3},
                }
            )
        )
        assert error.field == "lesions[0].clock"

    def test_duplicate_lesion_ids(self):
        document = case_document()
        document["lesions"].append(dict(document["lesions"][0]))
        error = refused(document)
        assert "repeated: L1" in error.problem

    def test_impossible_calendar_date(self):
        error = refused(case_document(surgery_date="2026-02-30"))
        assert error.field == "surgery_date"

    def test_not_a_mapping(self):
        error = refused(["a", "list"])
        assert "mapping" in error.problem


class TestFiles:
    def test_yaml_duplicate_keys_are_refused(self, tmp_path):
        path = tmp_path / "case.yaml"
        path.write_text(yaml.safe_dump(case_document()) + "case_id: OTHER\n")
        with pytest.raises(CaseFileError, match="duplicate key 'case_id'"):
            load_case(path)

    def test_json_duplicate_keys_are_refused(self, tmp_path):
        path = tmp_path / "case.json"
        text = json.dumps(case_document())
        path.write_text(text[:-1] + ', "case_id": "X"}')
        with pytest.raises(CaseFileError, match="duplicate key"):
            load_case(path)

    def test_json_case_file(self, tmp_path):
        path = tmp_path / "case.json"
        path.write_text(json.dumps(case_document()))
        assert load_case(path).case_id == "TEST-001"

    @pytest.mark.parametrize(
        ("name", "content", "words"),
        [
            ("case.txt", "x", "unsupported file type"),
            ("case.yaml", "a: [1, 2", "not valid YAML"),
            ("case.json", "{", "not valid JSON"),
        ],
    )
    def test_unreadable_files(self, tmp_path, name, content, words):
        path = tmp_path / name
        path.write_text(content)
        with pytest.raises(CaseFileError, match=words):
            load_case(path)

    def test_missing_file(self, tmp_path):
        with pytest.raises(CaseFileError, match="file not found"):
            load_case(tmp_path / "nope.yaml")


def test_a_wrong_kind_of_value_is_named_once(examples_dir):
    from chondral.io.casefile import parse_case
    from chondral.io.documents import parse_document_text

    document = parse_document_text(
        (examples_dir / "demo-case.yaml").read_text(encoding="utf-8"), kind="yaml", name="c"
    )
    for value, got in (({"a": 1}, "got a mapping"), ([1], "got a list"), ("x", "got text 'x'")):
        document["rehab_commitment"] = value
        with pytest.raises(CaseFileError) as caught:
            parse_case(document)
        assert caught.value.field == "rehab_commitment"
        assert caught.value.problem.endswith(got), caught.value.problem
