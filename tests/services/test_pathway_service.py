"""Pathway use cases on files: the treated area's source, the surgery date, and the whole
pathway written for the demo."""

import datetime as dt
import json
import math

import pytest
import yaml
from icalendar import Calendar

from chondral.errors import InputDataError
from chondral.io.casefile import parse_case
from chondral.services.pathway import (
    surgery_date_for,
    treated_area_for,
    write_pathway_outputs,
)
from chondral.services.planning import treated_area_mm2
from pathway_factories import pathway_case, pathway_document

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class TestTreatedArea:
    def test_from_the_operative_record(self, tmp_path):
        area, source = treated_area_for(pathway_case(), tmp_path / "case.yaml")
        assert area == pytest.approx(math.pi / 4 * 14 * 10)
        assert source.startswith("operative record")

    def test_from_the_plan_without_an_operative_record(self, tmp_path):
        document = pathway_document()
        del document["operative"]
        case = parse_case(document)
        area, source = treated_area_for(case, tmp_path / "case.yaml")
        assert area == treated_area_mm2(case, tmp_path / "case.yaml")
        assert area is not None and source.startswith("hole plan")

    def test_unsized_operative_lesion_falls_back_to_the_plan(self, tmp_path):
        document = pathway_document()
        del document["operative"]["lesions"][0]["size_mm"]
        case = parse_case(document)
        area, source = treated_area_for(case, tmp_path / "case.yaml")
        assert source.startswith("hole plan")
        assert area == treated_area_mm2(case, tmp_path / "case.yaml")


class TestSurgeryDate:
    def test_from_the_file(self):
        assert surgery_date_for(pathway_case(), None) == (dt.date(2025, 3, 3), ())

    def test_given_and_different(self):
        date, warnings = surgery_date_for(pathway_case(), dt.date(2025, 3, 10))
        assert date == dt.date(2025, 3, 10) and "the case file says 2025-03-03" in warnings[0]

    def test_none_anywhere(self):
        document = pathway_document()
        del document["surgery_date"], document["operative"]
        with pytest.raises(InputDataError) as caught:
            surgery_date_for(parse_case(document), None)
        assert caught.value.field == "--surgery-date"


def test_demo_case_outputs(examples_dir, tmp_path):
    outputs = write_pathway_outputs(
        examples_dir / "demo-case.yaml", tmp_path, today=dt.date(2025, 3, 3), stamp=STAMP
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


def test_case_without_operative_or_rts_records(tmp_path):
    document = pathway_document()
    del document["operative"]
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(document))
    outputs = write_pathway_outputs(path, tmp_path / "out", today=dt.date(2025, 3, 3), stamp=STAMP)
    assert sorted(p.name for p in outputs.written) == ["checklist.json", "rehab.ics", "rehab.json"]
    assert outputs.operative_note is None and outputs.return_to_sport is None
