"""plan.json (chondral.plan/1): the serialiser, its schema and its provenance; the hip frame
placed in the patient by a translation or by a rotation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.cli.main import run
from chondral.domain import ClockPosition, Side, Surface
from chondral.errors import GeometryError
from chondral.io.plan_json import (
    PLAN_SCHEMA_ID,
    PlanProvenance,
    hash_content,
    plan_schema,
    plan_to_dict,
    write_plan_json,
)
from chondral.planning.plan import Hole, PlanMetrics, Ring
from hand_built_plans import DEFAULT_HOLES, build_plan, rotated_from_hip

PROVENANCE = PlanProvenance.create(
    created_at=dt.datetime(2024, 3, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    inputs={"case": b"schema: chondral.case/1\n"},
)
PATIENT_FROM_HIP_MM = (-87.5, 12.25, -140.0)

# product.md section 5 (plus region_area_mm2 in metrics, as the brief asks)
TOP_KEYS = {
    "schema",
    "case_id",
    "side",
    "surface",
    "frame",
    "surface_model",
    "parameters",
    "lesion",
    "holes",
    "metrics",
    "warnings",
    "provenance",
}
HOLE_KEYS = {
    "id",
    "order",
    "position_mm",
    "normal",
    "ring",
    "depth_mm",
    "clock",
    "rim_distance_mm",
    "access",
}
METRIC_KEYS = {
    "hole_count",
    "nearest_neighbour_mm",
    "coverage_radius_mm",
    "holes_per_cm2",
    "min_rim_clearance_mm",
    "region_area_mm2",
}


def validate_plan(document: dict) -> None:
    jsonschema.Draft202012Validator(plan_schema()).validate(document)


class TestPlanDocument:
    @pytest.mark.parametrize("side", list(Side))
    @pytest.mark.parametrize("surface", list(Surface))
    def test_has_exactly_the_product_keys_and_validates(self, side, surface):
        plan = build_plan(side=side, surface=surface, patient_from_hip_mm=PATIENT_FROM_HIP_MM)
        document = plan_to_dict(plan, PROVENANCE)
        validate_plan(document)
        assert set(document) == TOP_KEYS
        assert document["schema"] == PLAN_SCHEMA_ID == "chondral.plan/1"
        assert document["side"] == side.value
        assert document["surface"] == surface.value
        assert document["frame"] == {
            "name": "hip",
            "axes": "LPS",
            "origin": "femoral_head_center",
            "patient_from_hip_mm": list(PATIENT_FROM_HIP_MM),
        }
        assert set(document["surface_model"]) == {"kind", "radius_mm", "source"}
        assert document["surface_model"]["kind"] == "template_sphere"
        assert set(document["lesion"]) >= {"id", "area_mm2", "boundary_mm"}
        assert set(document["metrics"]) == METRIC_KEYS
        assert set(document["metrics"]["nearest_neighbour_mm"]) == {"min", "median", "max"}
        for hole in document["holes"]:
            assert set(hole) == HOLE_KEYS
            assert hole["access"] is None
        assert set(document["warnings"][0]) == {"rule_id", "message", "source"} | {
            "version",
            "kind",
            "severity",
            "evidence",
        }
        assert document["warnings"][0]["rule_id"] == "plan.coverage/1"
        assert set(document["provenance"]) == {"software_version", "created_at", "input_hashes"}

    def test_values_are_the_plan_values_rounded_as_documented(self):
        plan = build_plan(side=Side.LEFT)
        document = plan_to_dict(plan, PROVENANCE)
        assert document["frame"]["patient_from_hip_mm"] is None
        assert document["parameters"] == dataclasses.asdict(plan.parameters)
        assert [hole["order"] for hole in document["holes"]] == [1, 2, 3, 4]
        for row, hole in zip(document["holes"], plan.holes, strict=True):
            assert row["position_mm"] == [round(v, 3) for v in hole.position_mm]
            assert row["normal"] == [round(v, 6) for v in hole.normal]
            assert row["clock"] == ClockPosition(hole.clock_deg).label
            assert row["ring"] == hole.ring.value
            assert row["rim_distance_mm"] == round(hole.rim_distance_mm, 3)
        assert [row["clock"] for row in document["holes"]] == ["2:30", "3:00", "3:30", "3:00"]
        assert len(document["lesion"]["boundary_mm"]) == len(plan.region.boundary_mm)
        assert document["lesion"]["measured"] == "pre_debridement"
        assert document["lesion"]["debridement_margin_mm"] == 1.0
        assert document["metrics"]["hole_count"] == 4
        assert document["provenance"] == {
            "software_version": PROVENANCE.software_version,
            "created_at": "2024-03-01T09:30:00Z",  # 10:30 at UTC+1
            "input_hashes": {"case": hash_content(b"schema: chondral.case/1\n")},
        }

    def test_holes_are_listed_in_making_order(self):
        plan = build_plan()
        shuffled = dataclasses.replace(plan, holes=tuple(reversed(plan.holes)))
        document = plan_to_dict(shuffled, PROVENANCE)
        assert [row["id"] for row in document["holes"]] == ["H1", "H2", "H3", "H4"]

    def test_a_single_hole_has_no_nearest_neighbour(self):
        plan = build_plan(holes_at=DEFAULT_HOLES[:1])
        document = plan_to_dict(plan, PROVENANCE)
        validate_plan(document)
        assert document["metrics"]["nearest_neighbour_mm"] == {
            "min": None,
            "median": None,
            "max": None,
        }

    def test_json_round_trip(self, tmp_path):
        plan = build_plan(patient_from_hip_mm=PATIENT_FROM_HIP_MM)
        path = write_plan_json(tmp_path / "plan.json", plan, PROVENANCE)
        assert json.loads(path.read_text(encoding="utf-8")) == plan_to_dict(plan, PROVENANCE)

    def test_nan_is_refused_naming_the_field(self, tmp_path):
        plan = build_plan()
        bad_metrics = dataclasses.replace(plan.metrics, coverage_radius_mm=math.nan)
        with pytest.raises(GeometryError, match=r"metrics\.coverage_radius_mm"):
            plan_to_dict(dataclasses.replace(plan, metrics=bad_metrics), PROVENANCE)
        bad_hole = dataclasses.replace(plan.holes[1], position_mm=(1.0, math.inf, 0.0))
        bad_plan = dataclasses.replace(plan, holes=(plan.holes[0], bad_hole, *plan.holes[2:]))
        with pytest.raises(GeometryError, match=r"holes\[1\]\.position_mm\[1\]"):
            write_plan_json(tmp_path / "plan.json", bad_plan, PROVENANCE)
        assert not (tmp_path / "plan.json").exists()

    def test_orders_must_be_one_to_n(self):
        plan = build_plan()
        gap = dataclasses.replace(plan.holes[-1], order=7)
        with pytest.raises(GeometryError, match=r"1\.\.4"):
            plan_to_dict(dataclasses.replace(plan, holes=(*plan.holes[:-1], gap)), PROVENANCE)

    def test_a_document_the_schema_rejects_is_not_written(self, tmp_path):
        plan = build_plan()
        deep = dataclasses.replace(plan.holes[0], depth_mm=9.0)  # beyond the 7 mm drill stop
        with pytest.raises(GeometryError, match=r"holes\.0\.depth_mm"):
            write_plan_json(
                tmp_path / "plan.json",
                dataclasses.replace(plan, holes=(deep, *plan.holes[1:])),
                PROVENANCE,
            )
        assert not (tmp_path / "plan.json").exists()


class TestFrame:
    @pytest.mark.parametrize("side", list(Side))
    def test_a_translation_is_published_as_the_head_centre_with_lps_axes(self, side):
        document = plan_to_dict(
            build_plan(side=side, patient_from_hip_mm=(1.0, 2.0, 3.0)), PROVENANCE
        )
        assert document["frame"]["axes"] == "LPS"
        assert document["frame"]["patient_from_hip_mm"] == [1.0, 2.0, 3.0]
        assert "patient_from_hip_matrix" not in document["frame"]

    @pytest.mark.parametrize("side", list(Side))
    def test_a_rotated_hip_frame_is_published_with_its_matrix_and_says_so(self, side):
        transform = rotated_from_hip(side)
        plan = build_plan(side=side, patient_from_hip=transform)
        document = plan_to_dict(plan, PROVENANCE)
        validate_plan(document)
        frame = document["frame"]
        assert frame["axes"] == "rotated"  # not LPS: position + offset would misplace holes
        assert frame["patient_from_hip_mm"] == [round(v, 3) for v in transform.translation_mm]
        matrix = np.array(frame["patient_from_hip_matrix"])
        np.testing.assert_allclose(matrix, transform.matrix, atol=1e-6)
        # the published matrix maps each published hole position to the patient position
        for row, hole in zip(document["holes"], plan.holes, strict=True):
            patient = matrix @ np.append(row["position_mm"], 1.0)
            expected = transform.rotation @ np.array(hole.position_mm) + transform.translation_mm
            np.testing.assert_allclose(patient[:3], expected, atol=2e-3)

    def test_the_schema_ties_the_matrix_to_rotated_axes(self):
        lps = plan_to_dict(build_plan(patient_from_hip_mm=(1.0, 2.0, 3.0)), PROVENANCE)
        rotated = plan_to_dict(
            build_plan(patient_from_hip=rotated_from_hip(Side.RIGHT)), PROVENANCE
        )
        lps["frame"]["patient_from_hip_matrix"] = rotated["frame"]["patient_from_hip_matrix"]
        with pytest.raises(jsonschema.ValidationError):
            validate_plan(lps)
        del rotated["frame"]["patient_from_hip_matrix"]
        with pytest.raises(jsonschema.ValidationError):
            validate_plan(rotated)
        template = plan_to_dict(build_plan(), PROVENANCE)
        template["frame"]["axes"] = "rotated"
        with pytest.raises(jsonschema.ValidationError):
            validate_plan(template)


class TestPlanSchema:
    def test_is_a_valid_draft_2020_12_schema_closed_at_the_top(self):
        schema = plan_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) == TOP_KEYS == set(schema["properties"])

    def test_returns_a_copy(self):
        plan_schema()["properties"].clear()
        assert "holes" in plan_schema()["properties"]

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("extra",), 1),
            (("schema",), "chondral.plan/2"),
            (("side",), "both"),
            (("holes", 0, "clock"), "13:00"),
            (("holes", 0, "ring"), "edge"),
            (("holes", 0, "normal"), [0.0, 1.0]),
            (("holes", 0, "extra"), 1),
            (("frame", "axes"), "RAS"),
            (("metrics", "hole_count"), 0),
            (("provenance", "created_at"), "2024-03-01 10:30"),
            (("provenance", "input_hashes"), {"case": "md5:abc"}),
            (("holes",), []),
        ],
    )
    def test_rejects_broken_documents(self, path, value):
        document = plan_to_dict(build_plan(), PROVENANCE)
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(jsonschema.ValidationError):
            validate_plan(document)

    def test_cli_prints_the_plan_schema_and_keeps_the_others(self, capsys):
        assert run(["schema", "plan"]) == 0
        assert json.loads(capsys.readouterr().out) == plan_schema()
        assert run(["schema", "rules"]) == 0
        assert json.loads(capsys.readouterr().out)["title"] == "chondral candidacy rule set"
        assert run(["schema", "case"]) == 0
        assert json.loads(capsys.readouterr().out)["properties"]["schema"] == {
            "const": "chondral.case/1"
        }


class TestProvenance:
    def test_refuses_non_utc_times_and_bad_hashes(self):
        with pytest.raises(ValueError, match="UTC"):
            PlanProvenance(software_version="0.1.0", created_at="2024-03-01T10:30:00+01:00")
        with pytest.raises(ValueError, match="sha256"):
            PlanProvenance(
                software_version="0.1.0",
                created_at="2024-03-01T10:30:00Z",
                input_hashes={"case": "sha256:xyz"},
            )
        with pytest.raises(ValueError, match="timezone-aware"):
            PlanProvenance.create(created_at=dt.datetime(2024, 3, 1, 10, 30))

    def test_hash_is_sha256_of_the_bytes(self):
        assert hash_content(b"") == (
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )


# Property test: any hole set gives a schema-valid plan.json that survives a JSON round trip.
coordinate = st.floats(-60.0, 60.0, allow_nan=False)
unit_vector = st.tuples(coordinate, coordinate, coordinate).filter(lambda v: math.hypot(*v) > 1e-3)
hole_rows = st.lists(
    st.tuples(
        st.tuples(coordinate, coordinate, coordinate),
        unit_vector,
        st.sampled_from(list(Ring)),
        st.floats(2.0, 7.0),
        st.floats(0.0, 360.0, exclude_max=True),
        st.floats(-5.0, 40.0),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=hole_rows,
    side=st.sampled_from(list(Side)),
    surface=st.sampled_from(list(Surface)),
    offset=st.none() | st.tuples(coordinate, coordinate, coordinate),
    nn=st.floats(0.0, 10.0),
    warning_text=st.text(max_size=40),
)
def test_random_plans_are_schema_valid_and_round_trip(
    rows, side, surface, offset, nn, warning_text
):
    base = build_plan(side=side, surface=surface, patient_from_hip_mm=offset)
    holes = tuple(
        Hole(
            id=f"H{i + 1}",
            order=i + 1,
            position_mm=position,
            normal=tuple(np.array(normal) / np.linalg.norm(normal)),
            ring=ring,
            depth_mm=depth,
            clock_deg=clock,
            rim_distance_mm=rim,
        )
        for i, (position, normal, ring, depth, clock, rim) in enumerate(rows)
    )
    metrics = PlanMetrics(
        hole_count=len(holes),
        nearest_neighbour_min_mm=nn if len(holes) > 1 else None,
        nearest_neighbour_median_mm=nn if len(holes) > 1 else None,
        nearest_neighbour_max_mm=nn if len(holes) > 1 else None,
        coverage_radius_mm=nn,
        holes_per_cm2=len(holes) / 1.8,
        min_rim_clearance_mm=nn - 1.0,
        region_area_mm2=180.0,
    )
    warnings = (dataclasses.replace(base.warnings[0], message=warning_text),)
    plan = dataclasses.replace(base, holes=holes, metrics=metrics, warnings=warnings)
    document = plan_to_dict(plan, PROVENANCE)
    validate_plan(document)
    text = json.dumps(document, allow_nan=False)
    assert json.loads(text) == document
    assert [row["order"] for row in document["holes"]] == list(range(1, len(holes) + 1))
    for row, hole in zip(document["holes"], holes, strict=True):
        assert np.allclose(row["position_mm"], hole.position_mm, atol=5e-4)
        assert ClockPosition.from_label(row["clock"]).clock_deg == pytest.approx(
            round(hole.clock_deg * 2) / 2 % 360.0
        )
