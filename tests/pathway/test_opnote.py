"""The operative note: side in the first line, every section, plan vs performed, nothing
invented."""

import datetime as dt

import pytest

from chondral.domain import Surface
from chondral.pathway import (
    PlannedHoles,
    SurfaceSphere,
    build_rehab_schedule,
    review_operative_record,
    write_operative_note,
)
from pathway_factories import pathway_case

SPHERE = SurfaceSphere(Surface.ACETABULUM, 25.0, 100.0)
PLAN = PlannedHoles(
    lesion_id="L1",
    surface=Surface.ACETABULUM,
    hole_count=3,
    positions=((45.0, 4.0), (45.0, 8.0), (60.0, 6.0)),
    spacing_max_mm=4.0,
)


def note(case, planned=PLAN, schedule=None):
    review = review_operative_record(case.operative, planned, SPHERE)
    return write_operative_note(
        case,
        review,
        planned,
        lesion_areas_mm2={lesion.id: lesion.recorded_area_mm2 for lesion in case.operative.lesions},
        schedule=schedule,
        generated_by="chondral test",
        generated_on=dt.date(2025, 3, 3),
    )


@pytest.mark.parametrize("side", ["left", "right"])
def test_first_line_states_the_side_and_procedure(side):
    case = pathway_case(**{"hip.side": side, "operative.side": side})
    first = note(case).splitlines()[0]
    assert first == (
        f"OPERATIVE NOTE: {side.upper()} hip arthroscopy with microfracture of the acetabulum"
    )


def test_sections_follow_the_procedure():
    text = note(pathway_case())
    headings = [
        "Pre-operative diagnosis (case file)",
        "Anaesthesia",
        "Traction and distraction",
        "Portals",
        "Findings at arthroscopy (sizes after debridement)",
        "Microfracture",
        "Plan versus performed",
        "Concomitant procedures",
        "Complications",
        "Checks",
    ]
    positions = [text.index(f"\n{h}\n") for h in headings]
    assert positions == sorted(positions)
    assert "- general anaesthesia, lumbar plexus block" in text
    assert "- 08:50-09:55: 65 min, 41 kgf (90 lbf)" in text
    assert "- anterolateral, mid anterior" in text
    assert "14 x 10 mm, 110 mm2; grade icrs 4; contained" in text
    assert "calcified cartilage layer removed: yes; 9 holes (count only), 45 and 90 degree" in text
    assert "- labral repair, femoroplasty" in text
    assert "\nComplications\n-------------\n- none\n" in text
    assert text.rstrip().endswith("to be checked and signed by the operating surgeon.")


def test_plan_versus_performed_count_only():
    text = note(pathway_case())
    assert "- L1: planned 3 holes on the acetabulum (largest spacing 4 mm); made 9" in text
    assert "WARNING: L1: 9 holes made, 3 planned (6 more)" in text
    assert "[pathway.operative.hole_count/1, design]" in text


def test_plan_versus_performed_with_positions():
    holes = [
        {"clock": "1:30", "rim_distance_mm": 4},
        {"clock": "1:30", "rim_distance_mm": 8},
        {"clock": "2:00", "rim_distance_mm": 6},
    ]
    case = pathway_case(
        **{"operative.microfracture.0": {"lesion_id": "L1", "hole_positions": holes}}
    )
    text = note(case)
    assert "(positions recorded)" in text
    assert "median 0.0 mm, largest 0.0 mm; holes made farther than 4 mm: none" in text


def test_missing_facts_are_written_as_not_recorded():
    case = pathway_case(
        **{
            "operative": {
                "date": "2025-03-03",
                "side": "right",
                "surgeon": "Dr A. Example",
                "lesions": [
                    {
                        "id": "L1",
                        "surface": "acetabulum",
                        "center": {"clock": "1:30", "rim_distance_mm": 6},
                    }
                ],
                "microfracture": [{"lesion_id": "L1", "hole_count": 4}],
            }
        }
    )
    text = note(case, planned=None)
    assert "- not recorded" in text  # anaesthesia, complications
    assert "- traction not recorded" in text
    assert "Distraction achieved: not recorded" in text
    assert "size not recorded; grade not recorded; containment not recorded" in text
    assert (
        "marrow blood and fat seen from the holes after lowering the pump pressure: not recorded"
        in text
    )
    assert "- L1: no hole plan; 4 holes made" in text


def test_post_operative_plan_comes_from_the_schedule():
    case = pathway_case()
    schedule = build_rehab_schedule(
        case.case_id, case.side, dt.date(2025, 3, 3), treated_area_mm2=110.0, lcea_deg=31.0
    )
    text = note(case, schedule=schedule)
    assert "Post-operative plan" in text
    assert "for 6 weeks, until the review on 2025-04-14" in text
    assert "FOR THE SURGEON TO DECIDE" in text


def test_traction_above_the_limit_is_in_the_checks():
    case = pathway_case(**{"operative.traction": [{"start": "08:00", "stop": "10:30"}]})
    text = note(case)
    assert "WARNING: total traction time 150 min exceeds the institution's limit of 120 min" in text
    assert "force not measured" in text
