"""plan.json (chondral.plan/1) and its schema, 3D Slicer markups, and the surface STL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import jsonschema
import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.cli.main import run
from chondral.domain import ClockPosition, Side, Surface
from chondral.errors import GeometryError
from chondral.io.plan_export import (
    MARKUPS_SCHEMA_URL,
    PLAN_SCHEMA_ID,
    PlanProvenance,
    export_offset_mm,
    hash_content,
    markups_document,
    plan_schema,
    plan_to_dict,
    write_markups,
    write_plan_json,
    write_surface_stl,
)
from chondral.planning.plan import Hole, PlanMetrics, Ring, SurfaceMesh
from hand_built_plans import DEFAULT_HOLES, build_plan

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

# The parts of Slicer's markups-schema-v1.0.3.json (draft-07) that our document uses, copied
# from the Slicer repository (Modules/Loadable/Markups/Resources/Schema) so the test runs offline.
_NUMBERS = {"type": "array", "items": {"type": "number"}}
SLICER_MARKUPS_SUBSET = {
    "$schema": "http://json-schema.org/draft-07/schema",
    "type": "object",
    "required": ["@schema", "markups"],
    "properties": {
        "@schema": {"type": "string"},
        "markups": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {
                        "enum": [
                            "Fiducial",
                            "Line",
                            "Angle",
                            "Curve",
                            "ClosedCurve",
                            "Plane",
                            "ROI",
                        ]
                    },
                    "name": {"type": "string"},
                    "coordinateSystem": {"enum": ["LPS", "RAS"]},
                    "coordinateUnits": {"enum": ["mm", "um"]},
                    "locked": {"type": "boolean"},
                    "fixedNumberOfControlPoints": {"type": "boolean"},
                    "labelFormat": {"type": "string"},
                    "controlPoints": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "string"},
                                "label": {"type": "string"},
                                "description": {"type": "string"},
                                "associatedNodeID": {"type": "string"},
                                "position": {**_NUMBERS, "minItems": 3, "maxItems": 3},
                                "orientation": {**_NUMBERS, "minItems": 9, "maxItems": 9},
                                "selected": {"type": "boolean"},
                                "locked": {"type": "boolean"},
                                "visibility": {"type": "boolean"},
                                "positionStatus": {"enum": ["undefined", "preview", "defined"]},
                            },
                        },
                    },
                    "display": {
                        "type": "object",
                        "properties": {
                            "visibility": {"type": "boolean"},
                            "opacity": {"type": "number", "minimum": 0, "maximum": 1},
                            "color": {
                                **_NUMBERS,
                                "items": {"type": "number", "minimum": 0, "maximum": 1},
                                "minItems": 3,
                                "maxItems": 3,
                            },
                            "glyphType": {"enum": ["Sphere3D", "Diamond3D", "Vertex2D"]},
                            "glyphSize": {"type": "number", "minimum": 0},
                            "textScale": {"type": "number", "minimum": 0},
                        },
                    },
                },
            },
        },
    },
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
        assert set(document["warnings"][0]) == {"rule_id", "message", "source"}
        assert set(document["provenance"]) == {"software_version", "created_at", "input_hashes"}

    def test_values_are_the_plan_values_rounded_as_documented(self):
        plan = build_plan(side=Side.LEFT)
        document = plan_to_dict(plan, PROVENANCE)
        assert document["frame"]["patient_from_hip_mm"] is None
        assert document["parameters"] == plan.parameters.as_dict()
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


class TestMarkups:
    @pytest.mark.parametrize("side", list(Side))
    def test_one_control_point_per_hole_in_making_order_in_lps(self, side, tmp_path):
        plan = build_plan(side=side, patient_from_hip_mm=PATIENT_FROM_HIP_MM)
        path = write_markups(tmp_path / "plan.mrk.json", plan)
        document = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(SLICER_MARKUPS_SUBSET).validate(document)
        assert document["@schema"] == MARKUPS_SCHEMA_URL
        (markup,) = document["markups"]
        assert markup["type"] == "Fiducial"
        assert markup["coordinateSystem"] == "LPS"
        assert markup["coordinateUnits"] == "mm"
        assert side.value.upper() in markup["name"]
        assert "patient LPS" in markup["name"]
        points = markup["controlPoints"]
        assert len(points) == len(plan.holes)
        assert [p["label"] for p in points] == ["H1", "H2", "H3", "H4"]
        offset = np.array(PATIENT_FROM_HIP_MM)
        for point, hole in zip(points, plan.holes, strict=True):
            np.testing.assert_allclose(
                point["position"], np.array(hole.position_mm) + offset, atol=1e-9
            )
            assert point["positionStatus"] == "defined"
            assert f"order {hole.order} of 4" in point["description"]
            assert hole.ring.value in point["description"]
            assert hole.clock in point["description"]
            assert side.value.upper() in point["description"]

    def test_template_plan_is_in_the_hip_frame_and_says_so(self):
        plan = build_plan(patient_from_hip_mm=None)
        (markup,) = markups_document(plan)["markups"]
        assert "hip frame" in markup["name"]
        np.testing.assert_array_equal(export_offset_mm(plan), [0.0, 0.0, 0.0])
        for point, hole in zip(markup["controlPoints"], plan.holes, strict=True):
            assert point["position"] == list(hole.position_mm)

    def test_anterior_hole_is_anterior_in_lps(self):
        # 3:00 is anterior (-y in LPS) for both sides: the markups keep the LPS axes.
        for side in Side:
            plan = build_plan(side=side, holes_at=[(90.0, 5.0, Ring.PERIPHERAL)])
            (point,) = markups_document(plan)["markups"][0]["controlPoints"]
            assert point["position"][1] < -10.0


class TestSurfaceStl:
    @pytest.mark.parametrize("side", list(Side))
    @pytest.mark.parametrize("surface", list(Surface))
    def test_round_trips_in_the_markups_frame_with_outward_normals(self, side, surface, tmp_path):
        plan = build_plan(side=side, surface=surface, patient_from_hip_mm=PATIENT_FROM_HIP_MM)
        path = write_surface_stl(tmp_path / "surface.stl", plan)
        header = path.read_bytes()[:80]
        assert b"SPACE=LPS" in header
        assert not header.startswith(b"solid")  # would be mistaken for ASCII STL
        loaded = trimesh.load(path, file_type="stl", process=False)
        vertices = plan.surface_mesh.vertices_mm + np.array(PATIENT_FROM_HIP_MM)
        expected_triangles = vertices[plan.surface_mesh.faces]
        np.testing.assert_allclose(loaded.triangles, expected_triangles, atol=1e-4)  # float32
        markup_positions = [
            p["position"] for p in markups_document(plan)["markups"][0]["controlPoints"]
        ]
        centroids = loaded.triangles.mean(axis=1)
        for hole, position in zip(plan.holes, markup_positions, strict=True):
            nearest = np.argmin(np.linalg.norm(centroids - position, axis=1))
            assert np.linalg.norm(centroids[nearest] - position) < 3.0  # overlays the markups
            assert loaded.face_normals[nearest] @ np.array(hole.normal) > 0.98

    def test_inward_winding_is_refused(self, tmp_path):
        plan = build_plan()
        flipped = SurfaceMesh(
            vertices_mm=plan.surface_mesh.vertices_mm, faces=plan.surface_mesh.faces[:, ::-1]
        )
        with pytest.raises(GeometryError, match="inside out"):
            write_surface_stl(tmp_path / "s.stl", dataclasses.replace(plan, surface_mesh=flipped))


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
