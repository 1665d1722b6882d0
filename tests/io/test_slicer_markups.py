"""3D Slicer markups of a plan: one control point per hole, in the export frame."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest

from chondral.domain import Side
from chondral.io.slicer_markups import MARKUPS_SCHEMA_URL, markups_document, write_markups
from chondral.planning.plan import Ring
from hand_built_plans import build_plan, rotated_from_hip

PATIENT_FROM_HIP_MM = (-87.5, 12.25, -140.0)

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
        np.testing.assert_array_equal(plan.export_points_mm(np.zeros((1, 3))), [[0.0, 0.0, 0.0]])
        for point, hole in zip(markup["controlPoints"], plan.holes, strict=True):
            assert point["position"] == list(hole.position_mm)

    def test_anterior_hole_is_anterior_in_lps(self):
        # 3:00 is anterior (-y in LPS) for both sides: the markups keep the LPS axes.
        for side in Side:
            plan = build_plan(side=side, holes_at=[(90.0, 5.0, Ring.PERIPHERAL)])
            (point,) = markups_document(plan)["markups"][0]["controlPoints"]
            assert point["position"][1] < -10.0

    @pytest.mark.parametrize("side", list(Side))
    def test_a_rotated_hip_frame_maps_every_hole_through_the_transform(self, side):
        transform = rotated_from_hip(side)
        plan = build_plan(side=side, patient_from_hip=transform)
        (markup,) = markups_document(plan)["markups"]
        assert "patient LPS" in markup["name"]
        for point, hole in zip(markup["controlPoints"], plan.holes, strict=True):
            expected = transform.rotation @ np.array(hole.position_mm) + transform.translation_mm
            np.testing.assert_allclose(point["position"], expected, atol=1e-9)
