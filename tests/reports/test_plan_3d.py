"""The plan's 3D view: offline HTML, holes by ring, drill paths, anatomical axes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from chondral.domain import Side, Surface
from chondral.reports.plan_3d import plan_figure_3d, plan_html
from hand_built_plans import build_plan, rotated_from_hip


class TestPlan3d:
    @pytest.mark.parametrize("side", list(Side))
    def test_html_is_offline_and_holds_the_holes(self, side):
        plan = build_plan(side=side, patient_from_hip_mm=(1.0, 2.0, 3.0))
        html = plan_html(plan)
        assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
        assert "https://cdn" not in re.sub(r"<script>.*?</script>", "", html, flags=re.DOTALL)
        assert "Plotly.newPlot" in html
        assert f"{side.value.upper()} hip" in html
        for hole in plan.holes:
            for value in hole.position_mm:
                assert json_number(value) in html

    def test_holes_coloured_by_ring_with_order_text_and_drill_segments(self):
        plan = build_plan(side=Side.RIGHT, surface=Surface.ACETABULUM)
        figure = plan_figure_3d(plan)
        traces = {trace.name: trace for trace in figure.data}
        peripheral = traces["peripheral ring (made first)"]
        interior = traces["interior"]
        assert list(peripheral.text) == ["1", "2", "3"] and list(interior.text) == ["4"]
        assert peripheral.marker.color != interior.marker.color
        np.testing.assert_allclose(
            np.column_stack([peripheral.x, peripheral.y, peripheral.z]),
            [hole.position_mm for hole in plan.holes[:3]],
            atol=5e-4,
        )
        drill = traces["drill path (-normal x depth)"]
        for index, hole in enumerate(plan.holes):
            start = np.array([drill.x[3 * index], drill.y[3 * index], drill.z[3 * index]])
            end = np.array([drill.x[3 * index + 1], drill.y[3 * index + 1], drill.z[3 * index + 1]])
            assert np.linalg.norm(end - start) == pytest.approx(hole.depth_mm, abs=1e-3)
            # acetabulum: the awl goes away from the head centre, into the pelvis
            assert np.linalg.norm(end) > np.linalg.norm(start)
        wall = traces["wall (lesion after debridement)"]
        assert (wall.x[0], wall.y[0], wall.z[0]) == (wall.x[-1], wall.y[-1], wall.z[-1])
        assert len(wall.x) == len(plan.region.boundary_mm) + 1
        scene = figure.layout.scene
        assert "anterior -y" in scene.yaxis.title.text
        assert "superior +z" in scene.zaxis.title.text
        assert "patient's left" in scene.xaxis.title.text and "lateral -x" in scene.xaxis.title.text
        assert "RIGHT hip" in figure.layout.title.text and "acetabulum" in figure.layout.title.text
        assert plan.case_id in figure.layout.title.text

    def test_a_rotated_hip_frame_does_not_claim_lps_axes(self):
        plan = build_plan(patient_from_hip=rotated_from_hip(Side.RIGHT))
        scene = plan_figure_3d(plan).layout.scene
        for axis in (scene.xaxis, scene.yaxis, scene.zaxis):
            assert "rotated from LPS" in axis.title.text
            assert "anterior" not in axis.title.text and "superior" not in axis.title.text


def json_number(value: float) -> str:
    """How the figure writes a coordinate (rounded to 3 decimals, JSON float)."""
    return repr(round(value, 3) + 0.0)
