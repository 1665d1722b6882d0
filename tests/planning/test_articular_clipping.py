"""Holes stay on the joint surface: a region that the record or its debridement margin carries
past the acetabular rim, into the fossa or into the notch is cut at the edge of the lunate
surface, which the holes keep ``rim_inset_mm`` from (measured independently by
``plan_truths.lunate_edge_mm``)."""

import json

import pytest

from chondral.cli.main import run
from chondral.planning import PlanParameters, plan_on_template
from chondral.services.planning import treated_area_mm2
from planning.plan_cases import case_with, lesion_record, parsed
from planning.plan_truths import assert_hard_truths, lunate_edge_mm, template_of


def _plan(record, parameters=None, side="right"):
    case = parsed(case_with(record, side=side))
    plan = plan_on_template(case, case.lesions[0], parameters or PlanParameters())
    return case, plan


def _assert_on_lunate_with_inset(case, plan):
    edge = lunate_edge_mm(template_of(case), plan.hole_positions_mm)
    assert edge.max() <= -plan.parameters.rim_inset_mm + 0.03
    assert "plan.region.articular/1" in [w.rule_id for w in plan.warnings]


@pytest.mark.parametrize("side", ["right", "left"])
@pytest.mark.parametrize("margin_mm", [3.0, 5.0])
def test_a_margin_that_carries_the_lesion_past_the_rim_stops_at_the_rim(side, margin_mm):
    record = lesion_record(
        "acetabulum",
        clock_deg=45.0,
        rim_distance_mm=6.0,
        size_mm=(14.0, 10.0),
        measured="pre_debridement",
    )
    case, plan = _plan(record, PlanParameters(debridement_margin_mm=margin_mm), side)
    _assert_on_lunate_with_inset(case, plan)
    assert min(h.rim_distance_mm for h in plan.holes) >= plan.parameters.rim_inset_mm - 0.03
    assert_hard_truths(plan, case, case.lesions[0])


def test_a_lesion_reaching_into_the_notch_gets_no_hole_there():
    record = lesion_record(
        "acetabulum",
        clock_deg=145.0,
        rim_distance_mm=6.0,
        size_mm=(24.0, 10.0),
        measured="post_debridement",
    )
    case, plan = _plan(record)
    _assert_on_lunate_with_inset(case, plan)
    template = template_of(case)
    assert all(abs(h.clock_deg - 180.0) >= template.notch_half_width_deg for h in plan.holes)
    assert_hard_truths(plan, case, case.lesions[0])


def test_a_disc_larger_than_the_lunate_width_is_cut_at_the_fossa_and_its_area_shrinks():
    record = lesion_record(
        "acetabulum",
        clock_deg=60.0,
        rim_distance_mm=12.0,
        area_mm2=400.0,
        measured="post_debridement",
    )
    case, plan = _plan(record)
    _assert_on_lunate_with_inset(case, plan)
    assert plan.metrics.region_area_mm2 < 400.0 - 10.0
    assert treated_area_mm2(case) == pytest.approx(plan.metrics.region_area_mm2, rel=0.01)
    assert_hard_truths(plan, case, case.lesions[0])


def test_the_femoral_head_is_not_cut_at_the_projected_rim():
    """Head cartilage reaches beyond the acetabular rim's projection: no clipping there."""
    record = lesion_record(
        "femoral_head",
        clock_deg=30.0,
        rim_distance_mm=3.0,
        area_mm2=150.0,
        measured="pre_debridement",
    )
    _, plan = _plan(record)
    assert "plan.region.articular/1" not in [w.rule_id for w in plan.warnings]
    # the grown disc reaches about 5 mm past the projected rim: holes lie beyond it too
    assert min(h.rim_distance_mm for h in plan.holes) < 0.0


class TestRefusedParameters:
    @pytest.mark.parametrize(
        ("flag", "value"),
        [
            ("--debridement-margin-mm", "12"),
            ("--debridement-margin-mm", "40"),
            ("--rim-inset-mm", "6"),
            ("--coverage-target-mm", "50"),
        ],
    )
    def test_flags_have_the_case_file_s_limits(self, examples_dir, capsys, flag, value):
        """The error names the flag that was given (the service names its parameter and the
        command line maps it), not the case file's field."""
        assert run(["plan", str(examples_dir / "demo-case.yaml"), flag, value]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"error: {flag}: ")

    def test_an_output_folder_that_cannot_be_made_is_one_line(self, examples_dir, capsys):
        assert run(["plan", str(examples_dir / "demo-case.yaml"), "--out", "/proc/x/y"]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: --out:")

    def test_several_lesions_name_the_field(self, tmp_path, capsys):
        import yaml

        document = case_with(
            lesion_record("acetabulum"), lesion_record("acetabulum", lesion_id="L2")
        )
        path = tmp_path / "two.yaml"
        path.write_text(yaml.safe_dump(document))
        assert run(["plan", str(path), "--json"]) == 2
        assert "lesions:" in capsys.readouterr().err
        assert run(["plan", str(path), "--lesion", "L9", "--json"]) == 2
        assert (
            "error: --lesion: 'L9' is not a lesion of the case (L1, L2)" in capsys.readouterr().err
        )
        assert run(["plan", str(path), "--lesion", "L2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["lesion"]["id"] == "L2"
