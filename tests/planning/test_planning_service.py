"""The planning service: case files with and without a femur mesh, the treated area and the
planned holes handed to the pathway (or the reason there are none), provenance."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chondral.errors import GeometryError, InputDataError, LateralityError, ParameterError
from chondral.io.case_source import read_case
from chondral.io.sources import CaseFolder
from chondral.pathway.planned_holes import PlannedHoles
from chondral.planning import PlanParameterError, PlanParameters, plan_on_template
from chondral.services.planning import (
    PlanRun,
    plan_case,
    planned_holes_of,
    planned_holes_or_reason,
    treated_area_mm2,
)
from planning.geodesic_truth import (
    cap_area_mm2,
    disc_radius_mm,
    outline_length_mm,
    parallel_area_mm2,
)
from planning.plan_cases import (
    ACETABULAR_RADIUS_MM,
    HEAD_RADIUS_MM,
    case_with,
    lesion_record,
    parsed,
)
from planning.plan_truths import recorded_region

RADIUS = {"acetabulum": ACETABULAR_RADIUS_MM, "femoral_head": HEAD_RADIUS_MM}

IN_MEMORY = CaseFolder(None)
"""Mesh references of a case built in memory: absolute paths only."""


def planned_holes(case: Any) -> PlannedHoles | None:
    return planned_holes_or_reason(case, IN_MEMORY)[0]


def plan_case_file(path: Path, **options: Any) -> PlanRun:
    """What the command line does: read the case once, resolve its meshes beside it."""
    loaded = read_case(path)
    return plan_case(loaded.case, loaded.meshes, case_digest=loaded.digest, **options)


def _write(tmp_path: Path, document: dict[str, Any], name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _disc_case(surface: str, area_mm2: float, measured: str, **plan: float) -> Any:
    record = lesion_record(
        surface, clock_deg=45.0, rim_distance_mm=10.0, area_mm2=area_mm2, measured=measured
    )
    return parsed(case_with(record, plan=plan or None))


class TestTreatedArea:
    @pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
    def test_a_disc_measured_after_debridement_is_its_geodesic_disc(self, surface: str) -> None:
        area = treated_area_mm2(_disc_case(surface, 150.0, "post_debridement"))
        assert area == pytest.approx(
            cap_area_mm2(RADIUS[surface], disc_radius_mm(RADIUS[surface], 150.0)), rel=0.002
        )

    @pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
    def test_a_disc_of_150_mm2_measured_after_debridement_treats_150_mm2(
        self, surface: str
    ) -> None:
        area = treated_area_mm2(_disc_case(surface, 150.0, "post_debridement"))
        assert area == pytest.approx(150.0, rel=0.005)

    @pytest.mark.parametrize("surface", ["acetabulum", "femoral_head"])
    @pytest.mark.parametrize("margin_mm", [None, 0.5, 2.0])
    def test_a_disc_measured_before_debridement_grows_by_the_margin(
        self, surface: str, margin_mm: float | None
    ) -> None:
        settings = {} if margin_mm is None else {"debridement_margin_mm": margin_mm}
        case = _disc_case(surface, 150.0, "pre_debridement", **settings)
        grown = disc_radius_mm(RADIUS[surface], 150.0) + (1.0 if margin_mm is None else margin_mm)
        assert treated_area_mm2(case) == pytest.approx(
            cap_area_mm2(RADIUS[surface], grown), rel=0.005
        )

    def test_an_ellipse_measured_before_debridement_grows_by_the_steiner_formula(self) -> None:
        record = lesion_record("femoral_head", size_mm=(20.0, 8.0), measured="pre_debridement")
        case = parsed(case_with(record))
        recorded = recorded_region(case, case.lesions[0])
        perimeter = outline_length_mm(HEAD_RADIUS_MM, recorded.boundary.xyz_mm)
        expected = parallel_area_mm2(HEAD_RADIUS_MM, recorded.area_mm2, perimeter, 1.0)
        assert treated_area_mm2(case) == pytest.approx(expected, rel=0.005)

    def test_the_areas_of_several_lesions_add_up(self) -> None:
        first = lesion_record("acetabulum", lesion_id="L1", clock_deg=30.0, area_mm2=100.0)
        second = lesion_record(
            "femoral_head",
            lesion_id="L2",
            clock_deg=270.0,
            area_mm2=60.0,
            measured="pre_debridement",
        )
        case = parsed(case_with(first, second))
        expected = cap_area_mm2(
            ACETABULAR_RADIUS_MM, disc_radius_mm(ACETABULAR_RADIUS_MM, 100.0)
        ) + cap_area_mm2(HEAD_RADIUS_MM, disc_radius_mm(HEAD_RADIUS_MM, 60.0) + 1.0)
        assert treated_area_mm2(case) == pytest.approx(expected, rel=0.005)

    def test_the_treated_area_is_the_planned_region(self) -> None:
        case = parsed(case_with(lesion_record("acetabulum", measured="pre_debridement")))
        plan = plan_on_template(case, case.lesions[0], PlanParameters())
        assert treated_area_mm2(case) == pytest.approx(plan.metrics.region_area_mm2, rel=1e-9)

    def test_a_lesion_without_extent_has_no_area(self) -> None:
        record = lesion_record("acetabulum", size_mm=None)
        case = parsed(case_with(record, lesion_record("femoral_head", lesion_id="L2")))
        assert treated_area_mm2(case) is None
        assert treated_area_mm2(parsed(case_with(record))) is None


class TestPlannedHoles:
    @pytest.mark.parametrize("side", ["right", "left"])
    def test_planned_holes_are_the_plans_holes(self, side: str) -> None:
        case = parsed(case_with(lesion_record("acetabulum", clock_deg=300.0), side=side))
        plan = plan_case(case, IN_MEMORY).plan
        holes = planned_holes(case)
        assert holes is not None
        assert holes.lesion_id == "L1" and holes.surface is plan.surface
        assert holes.hole_count == len(plan.holes) == len(holes.positions)
        assert np.allclose(
            holes.positions, [(h.clock_deg, h.rim_distance_mm) for h in plan.holes], atol=1e-9
        )

    def test_the_case_files_lesion_choice_and_settings_are_used(self) -> None:
        first = lesion_record("acetabulum", lesion_id="L1")
        second = lesion_record("femoral_head", lesion_id="L2", clock_deg=200.0)
        case = parsed(case_with(first, second, plan={"lesion_id": "L2", "spacing_min_mm": 3.5}))
        holes = planned_holes(case)
        assert holes is not None and holes.lesion_id == "L2"
        plan = plan_on_template(case, case.lesions[1], PlanParameters(spacing_min_mm=3.5))
        assert holes.hole_count == len(plan.holes)

    def test_no_planned_holes_when_the_lesion_cannot_be_planned(self) -> None:
        narrow = lesion_record("acetabulum", size_mm=(12.0, 2.8))
        assert planned_holes(parsed(case_with(narrow))) is None
        two = case_with(lesion_record("acetabulum"), lesion_record("acetabulum", lesion_id="L2"))
        assert planned_holes(parsed(two)) is None


class TestCaseFiles:
    def test_a_case_file_without_imaging_is_planned_on_the_template(self, tmp_path: Path) -> None:
        run = plan_case_file(_write(tmp_path, case_with(lesion_record("femoral_head"))))
        assert run.plan.surface_model.kind.value == "template_sphere"
        assert run.plan.patient_from_hip is None
        assert "plan.template_surface/1" in [w.rule_id for w in run.plan.warnings]

    @pytest.mark.data
    @pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
    def test_a_femur_mesh_in_the_case_file_is_planned_on(
        self, tmp_path: Path, shared_data: Path, relative: bool
    ) -> None:
        femur = shared_data / "libhip" / "femur" / "m4_rfemur_mm.stl"
        path = os.path.relpath(femur, tmp_path) if relative else str(femur)
        document = case_with(
            lesion_record("femoral_head"), imaging={"femur_mesh": {"path": path, "units": "mm"}}
        )
        run = plan_case_file(_write(tmp_path, document))
        assert run.plan.surface_model.kind.value == "mesh"
        assert run.plan.patient_from_hip is not None
        assert run.plan.patient_from_hip.is_translation
        assert "m4_rfemur_mm.stl" in run.plan.surface_model.source
        assert run.plan.metrics.nearest_neighbour_min_mm >= 3.0 - 0.02

    @pytest.mark.data
    def test_a_left_case_with_a_right_femur_is_refused(
        self, tmp_path: Path, shared_data: Path
    ) -> None:
        femur = shared_data / "libhip" / "femur" / "m4_rfemur_mm.stl"
        document = case_with(
            lesion_record("femoral_head"),
            side="left",
            imaging={"femur_mesh": {"path": str(femur), "units": "mm"}},
        )
        with pytest.raises(LateralityError):
            plan_case_file(_write(tmp_path, document))

    @pytest.mark.data
    def test_an_acetabular_lesion_with_only_a_femur_mesh_is_planned_on_the_template(
        self, tmp_path: Path, shared_data: Path
    ) -> None:
        femur = shared_data / "libhip" / "femur" / "m4_rfemur_mm.stl"
        document = case_with(
            lesion_record("acetabulum"), imaging={"femur_mesh": {"path": str(femur), "units": "mm"}}
        )
        run = plan_case_file(_write(tmp_path, document))
        assert run.plan.surface_model.kind.value == "template_sphere"
        assert "plan.mesh_not_used/1" in [w.rule_id for w in run.plan.warnings]

    def test_two_lesions_need_a_choice(self, tmp_path: Path) -> None:
        document = case_with(
            lesion_record("acetabulum"), lesion_record("acetabulum", lesion_id="L2")
        )
        with pytest.raises(InputDataError, match=r"L1, L2") as refused:
            plan_case_file(_write(tmp_path, document))
        assert refused.value.field == "lesions"
        run = plan_case_file(_write(tmp_path, document), lesion_id="L2")
        assert run.plan.region.lesion_id == "L2"


class TestReasons:
    def test_a_lesion_no_plan_can_be_made_for_is_a_reason(self) -> None:
        narrow = parsed(case_with(lesion_record("acetabulum", size_mm=(12.0, 2.8))))
        holes, reason = planned_holes_or_reason(narrow, IN_MEMORY)
        assert holes is None and reason is not None and "too small for one hole" in reason
        with pytest.raises(GeometryError, match="too small for one hole"):
            plan_case(narrow, IN_MEMORY)

    def test_several_lesions_without_a_choice_is_a_reason(self) -> None:
        two = parsed(
            case_with(lesion_record("acetabulum"), lesion_record("acetabulum", lesion_id="L2"))
        )
        holes, reason = planned_holes_or_reason(two, IN_MEMORY)
        assert holes is None and reason is not None
        assert "L1, L2" in reason and "plan.lesion_id" in reason

    def test_a_plan_gives_holes_and_no_reason(self) -> None:
        case = parsed(case_with(lesion_record("femoral_head")))
        holes, reason = planned_holes_or_reason(case, IN_MEMORY)
        assert reason is None and holes == planned_holes_of(plan_case(case, IN_MEMORY).plan)

    @pytest.mark.parametrize(
        ("key", "surface"),
        [
            ("femur_mesh", "femoral_head"),
            ("acetabular_cartilage_mesh", "acetabulum"),
            ("femoral_cartilage_mesh", "femoral_head"),
        ],
    )
    def test_a_missing_mesh_file_is_an_error_naming_its_field_not_a_reason(
        self, tmp_path: Path, key: str, surface: str
    ) -> None:
        document = case_with(
            lesion_record(surface),
            imaging={key: {"path": str(tmp_path / "missing.stl"), "units": "mm"}},
        )
        case = parsed(document)
        with pytest.raises(InputDataError) as refused:
            planned_holes_or_reason(case, IN_MEMORY)
        assert refused.value.field == f"imaging.{key}.path"
        assert "--" not in str(refused.value)  # a case-file field, never a flag
        with pytest.raises(InputDataError) as again:
            plan_case(case, IN_MEMORY)
        assert again.value.field == f"imaging.{key}.path"

    def test_a_relative_mesh_path_is_resolved_by_the_mesh_source(self, tmp_path: Path) -> None:
        document = case_with(
            lesion_record("femoral_head"),
            imaging={"femur_mesh": {"path": "meshes/femur.stl", "units": "mm"}},
        )
        with pytest.raises(InputDataError) as refused:
            plan_case(parsed(document), IN_MEMORY)  # no folder to resolve against
        assert refused.value.field == "imaging.femur_mesh.path"
        with pytest.raises(InputDataError, match="not found") as beside:
            plan_case(parsed(document), CaseFolder(tmp_path))
        assert beside.value.field == "imaging.femur_mesh.path"


class TestParametersAndProvenance:
    def test_overrides_beat_the_case_files_plan_section(self) -> None:
        case = parsed(case_with(lesion_record("femoral_head"), plan={"spacing_min_mm": 3.2}))
        run = plan_case(case, IN_MEMORY, overrides={"spacing_min_mm": 3.5, "spacing_max_mm": 4.5})
        assert run.plan.parameters.spacing_min_mm == 3.5
        assert run.plan.parameters.spacing_max_mm == 4.5

    def test_a_bad_override_names_the_parameter_a_bad_plan_section_its_case_field(self) -> None:
        case = parsed(case_with(lesion_record("femoral_head")))
        with pytest.raises(PlanParameterError) as refused:
            plan_case(case, IN_MEMORY, overrides={"depth_mm": 8.0})
        assert isinstance(refused.value, ParameterError)
        assert refused.value.field == "depth_mm"
        with pytest.raises(PlanParameterError) as unknown:
            plan_case(case, IN_MEMORY, overrides={"depth_cm": 0.3})
        assert unknown.value.field == "depth_cm"

    def test_an_unknown_lesion_id_names_the_parameter(self) -> None:
        case = parsed(case_with(lesion_record("femoral_head")))
        with pytest.raises(ParameterError, match="L9") as refused:
            plan_case(case, IN_MEMORY, lesion_id="L9")
        assert refused.value.field == "lesion_id"

    def test_provenance_holds_the_time_the_case_digest_and_the_version(self) -> None:
        case = parsed(case_with(lesion_record("femoral_head")))
        digest = "sha256:" + "ab" * 32
        now = dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
        run = plan_case(case, IN_MEMORY, now=now, case_digest=digest)
        assert run.case is case
        assert run.provenance.created_at == "2025-02-03T04:05:06Z"
        assert dict(run.provenance.input_hashes) == {"case": digest}
        assert dict(plan_case(case, IN_MEMORY, now=now).provenance.input_hashes) == {}

    def test_the_case_file_digest_is_the_hash_of_its_bytes(self, tmp_path: Path) -> None:
        import hashlib

        path = _write(tmp_path, case_with(lesion_record("femoral_head")))
        run = plan_case_file(path)
        expected = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        assert run.provenance.input_hashes["case"] == expected


def test_the_planning_code_never_names_a_flag() -> None:
    """Errors name case-file fields or parameters; the command line maps them to flags."""
    import inspect
    import re

    import chondral.planning.parameters
    import chondral.planning.planner
    import chondral.services.planning

    for module in (
        chondral.services.planning,
        chondral.planning.planner,
        chondral.planning.parameters,
    ):
        assert not re.search(r"--[a-z]", inspect.getsource(module)), module.__name__
