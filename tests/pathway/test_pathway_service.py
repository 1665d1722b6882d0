"""Pathway use cases over a ``Case``: the treated area's source, the surgery date (and whose it
is), dates at the ends of the calendar, the operative note with the caller's plan, the JSON of
findings, and the whole pathway written for the demo."""

import datetime as dt
import inspect
import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from chondral.domain import EARLIEST_DATE, Side, Surface
from chondral.errors import CaseFileError, InputDataError, InvalidValueError, ParameterError
from chondral.io import load_case
from chondral.io.casefile import parse_case
from chondral.io.opnote_json import operative_note_to_dict
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.io.sources import CaseFolder
from chondral.pathway import DEFAULT_POLICY, PlannedHoles, build_rehab_schedule
from chondral.services import pathway as service
from chondral.services import planning
from chondral.services.pathway import (
    case_checklist,
    case_operative_note,
    case_rehab_schedule,
    case_return_to_sport,
    surgery_date_for,
    treated_area_for,
    write_pathway_outputs,
)
from chondral.services.planning import treated_area_mm2
from pathway_factories import pathway_case, pathway_document

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TODAY = dt.date(2025, 3, 3)
FINDING_KEYS = {"rule_id", "version", "kind", "severity", "message", "source", "evidence"}
PLAN = PlannedHoles(
    lesion_id="L1",
    surface=Surface.ACETABULUM,
    hole_count=3,
    positions=((45.0, 4.0), (45.0, 8.0), (60.0, 6.0)),
    spacing_max_mm=7.5,
)
"""A plan no planner made: 3 holes and a 7.5 mm spacing (the planner uses 3-4 mm)."""


def case_without_dates(**changes):
    """The pathway case with no surgery date and no operative record (so no date at all)."""
    document = pathway_document(**changes)
    del document["surgery_date"], document["operative"]
    return parse_case(document)


def no_planning(*args, **kwargs):
    raise AssertionError("the operative note must not plan")


class TestTreatedArea:
    def test_from_the_operative_record(self):
        area, source = treated_area_for(pathway_case())
        assert area == pytest.approx(math.pi / 4 * 14 * 10)
        assert source.startswith("operative record")

    def test_from_the_plan_without_an_operative_record(self):
        document = pathway_document()
        del document["operative"]
        case = parse_case(document)
        area, source = treated_area_for(case)
        assert area == treated_area_mm2(case)
        assert area is not None and source.startswith("hole plan")

    def test_unsized_operative_lesion_falls_back_to_the_plan(self):
        document = pathway_document()
        del document["operative"]["lesions"][0]["size_mm"]
        case = parse_case(document)
        area, source = treated_area_for(case)
        assert source.startswith("hole plan")
        assert area == treated_area_mm2(case)


class TestSurgeryDate:
    def test_from_the_file(self):
        assert surgery_date_for(pathway_case(), None) == (dt.date(2025, 3, 3), ())

    def test_given_and_different(self):
        date, warnings = surgery_date_for(pathway_case(), dt.date(2025, 3, 10))
        assert date == dt.date(2025, 3, 10) and "the case file says 2025-03-03" in warnings[0]

    def test_none_anywhere_names_the_parameter_not_a_flag(self):
        with pytest.raises(ParameterError) as caught:
            surgery_date_for(case_without_dates(), None)
        assert caught.value.field == "surgery_date"
        assert "--" not in str(caught.value)


class TestDatesGiven:
    """A date given to a use case must be one a case file could hold (the domain's range, one
    message for files and flags); the error names the parameter, never a flag."""

    @pytest.mark.parametrize(
        "surgery", [dt.date(9999, 6, 1), dt.date(1, 1, 10), dt.date(2101, 1, 1)]
    )
    def test_surgery_date(self, surgery):
        for call in (
            lambda: case_rehab_schedule(
                pathway_case(), surgery_date=surgery, policy=DEFAULT_POLICY
            ),
            lambda: case_checklist(
                pathway_case(), as_of=TODAY, surgery_date=surgery, policy=DEFAULT_POLICY
            ),
            lambda: case_return_to_sport(
                pathway_case(), date=TODAY, surgery_date=surgery, policy=DEFAULT_POLICY
            ),
        ):
            with pytest.raises(ParameterError) as caught:
                call()
            assert caught.value.field == "surgery_date"
            assert surgery.isoformat() in caught.value.problem
            assert "--" not in str(caught.value)

    def test_as_of_and_date(self):
        with pytest.raises(ParameterError) as caught:
            case_checklist(pathway_case(), as_of=dt.date(9999, 12, 31), policy=DEFAULT_POLICY)
        assert caught.value.field == "as_of" and "9999-12-31" in caught.value.problem
        with pytest.raises(ParameterError) as caught:
            case_return_to_sport(pathway_case(), date=dt.date.min, policy=DEFAULT_POLICY)
        assert caught.value.field == "date" and "0001-01-01" in caught.value.problem

    def test_demo_dates_are_refused_before_anything_is_written(self, tmp_path):
        for dates, parameter in (
            ({"checklist_as_of": dt.date(1, 1, 1)}, "checklist_as_of"),
            ({"rts_date": dt.date(9999, 1, 1)}, "rts_date"),
        ):
            with pytest.raises(ParameterError) as caught:
                write_pathway_outputs(
                    pathway_case(),
                    tmp_path / "out",
                    planned=PLAN,
                    no_plan_reason=None,
                    today=TODAY,
                    stamp=STAMP,
                    policy=DEFAULT_POLICY,
                    **dates,
                )
            assert caught.value.field == parameter
        assert not (tmp_path / "out").exists()

    def test_the_demo_checklist_of_a_surgery_on_the_first_accepted_day(self, tmp_path):
        """The default as-of day (the day before surgery) is not a date the caller gave."""
        document = pathway_document(surgery_date=EARLIEST_DATE.isoformat())
        del document["operative"]
        outputs = write_pathway_outputs(
            parse_case(document),
            tmp_path,
            planned=None,
            no_plan_reason=None,
            today=TODAY,
            stamp=STAMP,
            policy=DEFAULT_POLICY,
        )
        assert outputs.checklist.as_of == EARLIEST_DATE - dt.timedelta(days=1)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(surgery=st.dates(), day=st.dates())
    def test_any_date_gives_an_answer_or_a_parameter_error(self, surgery, day):
        case = pathway_case()
        for call in (
            lambda: case_checklist(case, as_of=day, surgery_date=surgery, policy=DEFAULT_POLICY),
            lambda: case_rehab_schedule(case, surgery_date=surgery, policy=DEFAULT_POLICY),
            lambda: case_return_to_sport(
                case, date=day, surgery_date=surgery, policy=DEFAULT_POLICY
            ),
        ):
            try:
                call()
            except ParameterError as error:
                given_date = {"surgery_date": surgery, "as_of": day, "date": day}[error.field]
                assert given_date.isoformat() in error.problem


class TestDatesOutsideTheCalendar:
    """Whatever the domain's range, a surgery date whose dates would leave Python's calendar is
    refused naming whose date it was: the request's (a parameter) or the case file's (its
    field, not a flag)."""

    @staticmethod
    def overflow(surgery):
        with service._in_calendar(surgery):
            dt.date.max + dt.timedelta(days=1)

    def test_a_given_date_is_a_parameter_error(self):
        surgery = service._Surgery(dt.date(9999, 6, 1), True, "surgery_date", ())
        with pytest.raises(ParameterError) as caught:
            self.overflow(surgery)
        assert caught.value.field == "surgery_date" and "9999-06-01" in caught.value.problem
        assert "outside the calendar (0001-01-01 to 9999-12-31)" in caught.value.problem

    @pytest.mark.parametrize("where", ["surgery_date", "operative.date"])
    def test_a_case_file_date_names_its_field(self, where):
        surgery = service._Surgery(dt.date(9999, 6, 1), False, where, ())
        with pytest.raises(CaseFileError) as caught:
            self.overflow(surgery)
        assert not isinstance(caught.value, ParameterError)  # not mapped to a flag
        assert caught.value.field == where

    def test_the_pathways_own_refusal_is_passed_on(self):
        surgery = service._Surgery(dt.date(9999, 6, 1), False, "operative.date", ())
        with pytest.raises(CaseFileError) as caught, service._in_calendar(surgery):
            build_rehab_schedule(
                "T-1", Side.LEFT, surgery.date, treated_area_mm2=150.0, lcea_deg=31.0
            )
        assert caught.value.field == "operative.date"
        assert "rehabilitation schedule from 9999-06-01" in caught.value.problem

    def test_other_invalid_values_pass_through(self):
        surgery = service._Surgery(dt.date(2025, 3, 3), False, "surgery_date", ())
        with pytest.raises(InvalidValueError) as caught, service._in_calendar(surgery):
            build_rehab_schedule(
                "T-1", Side.LEFT, surgery.date, treated_area_mm2=math.nan, lcea_deg=31.0
            )
        assert caught.value.field == "treated_area_mm2"


class TestOperativeNote:
    def test_compares_with_the_callers_plan_and_never_plans(self, monkeypatch):
        monkeypatch.setattr(planning, "planned_holes_or_reason", no_planning)
        monkeypatch.setattr(planning, "plan_case", no_planning)
        note = case_operative_note(pathway_case(), PLAN, None, today=TODAY, policy=DEFAULT_POLICY)
        [comparison] = note.review.comparisons
        assert (comparison.planned_count, comparison.performed_count) == (3, 9)
        assert comparison.limit_mm == 7.5  # the given plan's spacing, not a planner's
        assert note.planned is PLAN
        assert "- L1: planned 3 holes on the acetabulum (largest spacing 7.5 mm); made 9" in (
            note.text
        )

    def test_uses_the_schedule_it_is_given(self, monkeypatch):
        schedule, _ = case_rehab_schedule(
            pathway_case(), surgery_date=dt.date(2025, 3, 10), policy=DEFAULT_POLICY
        )
        monkeypatch.setattr(service, "build_rehab_schedule", no_planning)
        note = case_operative_note(
            pathway_case(), PLAN, None, today=TODAY, policy=DEFAULT_POLICY, schedule=schedule
        )
        assert f"until the review on {schedule.weight_bearing_until.isoformat()}" in note.text

    def test_a_plan_and_a_reason_together_are_refused(self):
        with pytest.raises(ValueError, match="not both") as caught:
            case_operative_note(pathway_case(), PLAN, "no plan", today=TODAY, policy=DEFAULT_POLICY)
        assert isinstance(caught.value, InputDataError)

    def test_no_operative_record_names_the_case_file_field(self):
        with pytest.raises(InputDataError) as caught:
            case_operative_note(
                case_without_dates(), None, None, today=TODAY, policy=DEFAULT_POLICY
            )
        assert caught.value.field == "operative"

    def test_with_plan_plans_once_through_the_mesh_source(self, monkeypatch):
        calls = []

        def planned_once(case, meshes):
            calls.append(meshes)
            return PLAN, None

        monkeypatch.setattr(planning, "planned_holes_or_reason", planned_once)
        meshes = CaseFolder(None)
        note = service.case_operative_note_with_plan(
            pathway_case(), meshes, today=TODAY, policy=DEFAULT_POLICY
        )
        assert calls == [meshes] and note.planned is PLAN

    def test_json_keys_and_findings(self):
        case = pathway_case(**{"operative.traction": [{"start": "08:00", "stop": "10:30"}]})
        note = case_operative_note(case, PLAN, None, today=TODAY, policy=DEFAULT_POLICY)
        document = json.loads(json.dumps(operative_note_to_dict(note)))
        assert set(document) == {"warnings", "comparisons", "traction_total_minutes", "note"}
        assert document["traction_total_minutes"] == 150
        traction = next(w for w in document["warnings"] if "traction" in w["rule_id"])
        assert set(traction) == FINDING_KEYS
        assert traction["rule_id"] == "pathway.operative.traction_time/1"
        assert (traction["version"], traction["kind"], traction["severity"]) == (
            1,
            "policy",
            "warning",
        )
        assert traction["evidence"] == {"traction_total_minutes": 150, "limit_minutes": 120}


def test_rehab_findings_json_keys():
    schedule = build_rehab_schedule("T-1", Side.LEFT, TODAY, treated_area_mm2=None, lcea_deg=None)
    document = json.loads(json.dumps(rehab_schedule_to_dict(schedule)))
    assert len(document["warnings"]) == 3 and len(document["pain_notes"]) == 1
    for finding in document["warnings"] + document["pain_notes"]:
        assert set(finding) == FINDING_KEYS
    assert document["warnings"][0]["rule_id"] == "pathway.weight_bearing.extended/1"
    assert document["warnings"][0]["kind"] == "design"
    assert document["pain_notes"][0]["rule_id"] == "pathway.pain.nsaid_question/1"


def test_the_service_never_names_a_flag():
    source = inspect.getsource(service)
    assert not re.search(r"--[a-z]", source)


def test_demo_case_outputs(examples_dir, tmp_path):
    case = load_case(examples_dir / "demo-case.yaml")
    planned, reason = planning.planned_holes_or_reason(
        case, CaseFolder.of_case_file(examples_dir / "demo-case.yaml")
    )
    outputs = write_pathway_outputs(
        case,
        tmp_path,
        planned=planned,
        no_plan_reason=reason,
        today=TODAY,
        stamp=STAMP,
        policy=DEFAULT_POLICY,
    )
    names = sorted(path.name for path in outputs.written)
    assert names == [
        "checklist.json",
        "operative-note.md",
        "rehab.ics",
        "rehab.json",
        "return-to-sport.json",
    ]
    checklist = json.loads((tmp_path / "checklist.json").read_text())
    assert checklist["as_of"] == "2025-03-02" and checklist["ready"] is True
    rehab = json.loads((tmp_path / "rehab.json").read_text())
    assert rehab["weight_bearing"]["until"] == "2025-04-14"
    assert Calendar.from_ical((tmp_path / "rehab.ics").read_bytes()).walk("VEVENT")
    note = (tmp_path / "operative-note.md").read_text()
    assert note.startswith("OPERATIVE NOTE: RIGHT hip arthroscopy with microfracture")
    assert "holes made farther than 4 mm: none" in note
    rts = json.loads((tmp_path / "return-to-sport.json").read_text())
    assert rts["date"] == "2025-07-21" and rts["cleared"] is True
    assert outputs.operative_note is not None and outputs.operative_note.planned is planned


def test_demo_outputs_build_the_schedule_once(tmp_path, monkeypatch):
    built = []
    original = service.build_rehab_schedule

    def counted(*args, **kwargs):
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "build_rehab_schedule", counted)
    monkeypatch.setattr(planning, "planned_holes_or_reason", no_planning)
    outputs = write_pathway_outputs(
        pathway_case(),
        tmp_path,
        planned=PLAN,
        no_plan_reason=None,
        today=TODAY,
        stamp=STAMP,
        policy=DEFAULT_POLICY,
    )
    assert len(built) == 1
    assert outputs.operative_note is not None and outputs.operative_note.planned is PLAN


def test_case_without_operative_or_rts_records(tmp_path):
    document = pathway_document()
    del document["operative"]
    outputs = write_pathway_outputs(
        parse_case(document),
        tmp_path / "out",
        planned=None,
        no_plan_reason=None,
        today=TODAY,
        stamp=STAMP,
        policy=DEFAULT_POLICY,
    )
    assert sorted(p.name for p in outputs.written) == ["checklist.json", "rehab.ics", "rehab.json"]
    assert outputs.operative_note is None and outputs.return_to_sport is None


def test_an_out_dir_that_is_a_file_is_a_parameter_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ParameterError) as caught:
        write_pathway_outputs(
            pathway_case(),
            blocker,
            planned=PLAN,
            no_plan_reason=None,
            today=TODAY,
            stamp=STAMP,
            policy=DEFAULT_POLICY,
        )
    assert caught.value.field == "out_dir" and "--" not in str(caught.value)
