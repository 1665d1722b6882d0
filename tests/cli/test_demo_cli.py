"""``chondral demo`` runs the whole pathway on the bundled example and writes what it says."""

import json

import icalendar
import jsonschema
import pytest

from chondral.cli.main import run
from chondral.io.plan_json import plan_schema


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert run(["demo", "--out", str(out)]) == 0
    return out


def test_every_written_file_exists_and_is_named_on_the_console(demo_out, capsys):
    expected = [
        "assessment.json",
        "assessment.txt",
        "plan/plan.json",
        "plan/plan.mrk.json",
        "plan/plan-surface.stl",
        "plan/plan-3d.html",
        "plan/plan-clock.png",
        "pathway/checklist.json",
        "pathway/rehab.json",
        "pathway/rehab.ics",
        "pathway/operative-note.md",
        "pathway/return-to-sport.json",
        "outcomes.json",
    ]
    for name in expected:
        assert (demo_out / name).is_file(), name
        assert (demo_out / name).stat().st_size > 0, name


def test_the_plan_is_a_valid_plan_for_the_example_s_right_acetabular_lesion(demo_out):
    plan = json.loads((demo_out / "plan" / "plan.json").read_text())
    jsonschema.validate(plan, plan_schema())
    assert plan["side"] == "right"
    assert plan["surface"] == "acetabulum"
    assert plan["metrics"]["hole_count"] == len(plan["holes"]) > 0
    assert plan["metrics"]["nearest_neighbour_mm"]["min"] >= plan["parameters"]["spacing_min_mm"]


def test_the_pathway_outputs_agree_with_the_example(demo_out):
    checklist = json.loads((demo_out / "pathway" / "checklist.json").read_text())
    assert checklist["ready"] is True and checklist["blocking"] == []
    rehab = json.loads((demo_out / "pathway" / "rehab.json").read_text())
    assert rehab["surgery_date"] == "2025-03-03"
    # 6 weeks of protected weight bearing: the lesion is well under 200 mm2 and LCEA is 31
    assert rehab["weight_bearing"]["until"] == "2025-04-14"
    calendar = icalendar.Calendar.from_ical((demo_out / "pathway" / "rehab.ics").read_bytes())
    event_days = {event.decoded("DTSTART").isoformat() for event in calendar.walk("VEVENT")}
    assert {visit["date"] for visit in rehab["visits"]} <= event_days
    assert {due["date"] for due in rehab["prom_due"]} <= event_days
    assert {phase["start"] for phase in rehab["phases"]} <= event_days
    note = (demo_out / "pathway" / "operative-note.md").read_text()
    assert "RIGHT" in note.splitlines()[0]


def test_a_case_with_two_lesions_and_no_choice_runs_without_a_plan(tmp_path, capsys):
    import copy

    import yaml

    from chondral.io.examples import bundled_example

    document = yaml.safe_load(bundled_example().read_text())
    second = dict(copy.deepcopy(document["lesions"][0]), id="L2")
    document["lesions"].append(second)
    document.get("plan", {}).pop("lesion_id", None)
    for treated in document.get("operative", {}).get("microfracture", []):
        treated["lesion_id"] = "L1"
    case = tmp_path / "two-lesions.yaml"
    case.write_text(yaml.safe_dump(document, sort_keys=False))
    out = tmp_path / "out"
    assert run(["demo", "--case", str(case), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "no hole plan: the case has several lesions (L1, L2)" in printed
    assert not (out / "plan").exists()
    assert (out / "pathway" / "operative-note.md").is_file()
