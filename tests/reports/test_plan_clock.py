"""The 2D clock-face map of a plan, oriented like the docs figure."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chondral.domain import Side, Surface
from chondral.errors import LateralityError
from chondral.planning.plan import Ring
from chondral.reports.plan_clock import plan_clock_map, plan_clock_png
from hand_built_plans import boundary_clock_rim, build_plan, template_for

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def panel(figure, name="dial"):
    (axes,) = [axes for axes in figure.axes if axes.get_gid() == name]
    return axes


def scatter_offsets(figure, gid, name="dial"):
    axes = panel(figure, name)
    matches = [c for c in axes.collections if c.get_gid() == gid]
    assert len(matches) == 1, gid
    return np.asarray(matches[0].get_offsets())


def line_xy(figure, gid, name="dial"):
    axes = panel(figure, name)
    (line,) = [line for line in axes.lines if line.get_gid() == gid]
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def text_position(figure, gid):
    axes = panel(figure)
    (text,) = [t for t in axes.texts if t.get_gid() == gid]
    return np.asarray(text.get_position())


def screen_direction(side, position_mm):
    """Where a 3-D hip-frame point appears looking into the socket along -n with 12:00 up
    (the projection of scripts/make_clock_figure.py): (right, up) on the screen."""
    basis = template_for(side).basis
    screen_right = np.cross(-basis.axis, basis.twelve)
    return np.array([position_mm @ screen_right, position_mm @ basis.twelve])


class TestClockMapOrientation:
    @pytest.mark.parametrize(("side", "anterior_sign"), [(Side.RIGHT, 1.0), (Side.LEFT, -1.0)])
    @pytest.mark.parametrize("surface", list(Surface))
    def test_a_hole_at_three_oclock_is_drawn_on_the_documented_anterior_side(
        self, side, anterior_sign, surface
    ):
        # Module docstring: 3:00 (anterior) is on the viewer's right for a RIGHT hip, left for
        # a LEFT hip, as in docs/figures/clock-face.png.
        plan = build_plan(side=side, surface=surface, holes_at=[(90.0, 5.0, Ring.PERIPHERAL)])
        assert plan.holes[0].position_mm[1] < 0.0  # the hole really is anterior (-y)
        (x, y) = scatter_offsets(plan_clock_map(plan), "holes-peripheral")[0]
        assert np.sign(x) == anterior_sign
        assert abs(y) < 1e-9
        label = text_position(plan_clock_map(plan), "hour-3")
        assert np.sign(label[0]) == anterior_sign and abs(label[1]) < 1e-9

    @pytest.mark.parametrize("side", list(Side))
    def test_every_clock_position_is_where_the_docs_projection_puts_it(self, side):
        clocks = np.arange(0.0, 360.0, 15.0)
        holes_at = [(float(c), 6.0, Ring.INTERIOR) for c in clocks]
        plan = build_plan(side=side, surface=Surface.ACETABULUM, holes_at=holes_at)
        drawn = scatter_offsets(plan_clock_map(plan), "holes-interior")
        for hole, (x, y) in zip(plan.holes, drawn, strict=True):
            expected = screen_direction(side, np.array(hole.position_mm))
            drawn_angle = math.atan2(x, y)
            expected_angle = math.atan2(expected[0], expected[1])
            assert math.isclose(
                math.remainder(drawn_angle - expected_angle, math.tau), 0.0, abs_tol=1e-9
            )

    def test_rim_outside_and_fossa_inward(self):
        holes_at = [(30.0, 2.0, Ring.PERIPHERAL), (30.0, 12.0, Ring.INTERIOR)]
        figure = plan_clock_map(
            build_plan(surface=Surface.ACETABULUM, holes_at=holes_at),
            template=template_for(Side.RIGHT),
        )
        near_rim = np.linalg.norm(scatter_offsets(figure, "holes-peripheral")[0])
        deeper = np.linalg.norm(scatter_offsets(figure, "holes-interior")[0])
        rim_x, rim_y = line_xy(figure, "rim")
        rim_radius = np.hypot(rim_x, rim_y)
        assert np.allclose(rim_radius, rim_radius[0])
        assert rim_radius[0] - near_rim == pytest.approx(2.0)
        assert near_rim - deeper == pytest.approx(10.0)

    @pytest.mark.parametrize("side", list(Side))
    def test_side_is_the_title(self, side):
        figure = plan_clock_map(build_plan(side=side))
        (title,) = [t for t in figure.texts if t.get_gid() == "side-title"]
        assert title.get_text() == f"{side.value.upper()} hip"
        assert title.get_fontsize() >= 18


class TestClockMapOutline:
    @pytest.mark.parametrize("side", list(Side))
    @pytest.mark.parametrize("surface", list(Surface))
    def test_template_outline_equals_the_given_clock_rim_outline(self, side, surface):
        plan = build_plan(side=side, surface=surface)
        from_template = plan_clock_map(plan, template=template_for(side))
        given = plan_clock_map(plan, boundary_clock_rim=boundary_clock_rim())
        # the two maps differ only in their rim radius; compare rim distance and angle
        (x_t, y_t), (x_g, y_g) = line_xy(from_template, "wall"), line_xy(given, "wall")
        rim_t = np.hypot(*line_xy(from_template, "rim"))[0]
        rim_g = np.hypot(*line_xy(given, "rim"))[0]
        np.testing.assert_allclose(
            rim_t - np.hypot(x_t, y_t), rim_g - np.hypot(x_g, y_g), atol=1e-6
        )
        np.testing.assert_allclose(np.arctan2(x_t, y_t), np.arctan2(x_g, y_g), atol=1e-6)
        clock, rim = boundary_clock_rim()
        np.testing.assert_allclose(rim_g - np.hypot(x_g, y_g)[:-1], rim, atol=1e-9)
        mirrored = 1.0 if side is Side.RIGHT else -1.0  # clockwise on a right dial
        drawn_clock = np.degrees(np.arctan2(mirrored * x_g, y_g))[:-1]
        np.testing.assert_allclose(
            np.remainder(drawn_clock - clock + 180.0, 360.0) - 180.0, 0.0, atol=1e-9
        )

    def test_holes_lie_inside_the_drawn_wall(self):
        from matplotlib.path import Path as PolygonPath

        plan = build_plan(side=Side.LEFT, surface=Surface.ACETABULUM)
        figure = plan_clock_map(plan, template=template_for(Side.LEFT))
        wall = PolygonPath(np.column_stack(line_xy(figure, "wall")))
        for gid in ("holes-peripheral", "holes-interior"):
            assert wall.contains_points(scatter_offsets(figure, gid)).all()

    def test_template_of_the_other_side_is_refused(self):
        with pytest.raises(LateralityError):
            plan_clock_map(build_plan(side=Side.RIGHT), template=template_for(Side.LEFT))

    def test_the_region_s_own_coordinates_draw_the_outline(self):
        from matplotlib.path import Path as PolygonPath

        plan = build_plan(side=Side.LEFT, surface=Surface.ACETABULUM)
        figure = plan_clock_map(plan)
        wall = PolygonPath(np.column_stack(line_xy(figure, "wall")))
        for gid in ("holes-peripheral", "holes-interior"):
            assert wall.contains_points(scatter_offsets(figure, gid)).all()

    def test_without_coordinates_the_map_says_the_outline_is_missing(self):
        import dataclasses

        plan = build_plan()
        empty = np.empty(0)
        region = dataclasses.replace(
            plan.region, boundary_clock_deg=empty, boundary_rim_distance_mm=empty
        )
        figure = plan_clock_map(dataclasses.replace(plan, region=region))
        axes = panel(figure)
        assert not [line for line in axes.lines if line.get_gid() == "wall"]
        assert any("not available" in t.get_text() for t in axes.texts)

    def test_peripheral_and_interior_are_marked_differently_and_numbered(self):
        figure = plan_clock_map(build_plan(), template=template_for(Side.RIGHT))
        axes = panel(figure)
        assert len(scatter_offsets(figure, "holes-peripheral")) == 3
        assert len(scatter_offsets(figure, "holes-interior")) == 1
        peripheral, interior = (
            next(c for c in axes.collections if c.get_gid() == gid)
            for gid in ("holes-peripheral", "holes-interior")
        )
        assert not np.allclose(peripheral.get_facecolor(), interior.get_facecolor())
        numbers = [t for t in axes.texts if t.get_gid() == "hole-order"]
        assert [t.get_text() for t in numbers] == ["1", "2", "3", "4"]
        drawn = np.vstack(
            [scatter_offsets(figure, g) for g in ("holes-peripheral", "holes-interior")]
        )
        np.testing.assert_allclose([t.xy for t in numbers], drawn)  # each number at its hole
        (legend,) = figure.legends
        legend = [t.get_text() for t in legend.get_texts()]
        assert "peripheral ring (made first)" in legend and "interior" in legend


class TestClockMapZoom:
    @pytest.mark.parametrize("side", list(Side))
    def test_zoom_shows_the_same_holes_and_the_whole_wall(self, side):
        plan = build_plan(side=side, surface=Surface.ACETABULUM)
        figure = plan_clock_map(plan, template=template_for(side))
        zoom = panel(figure, "zoom")
        (x_low, x_high), (y_low, y_high) = zoom.get_xlim(), zoom.get_ylim()
        for gid in ("holes-peripheral", "holes-interior"):
            dial_xy = scatter_offsets(figure, gid)
            np.testing.assert_array_equal(scatter_offsets(figure, gid, "zoom"), dial_xy)
        wall_x, wall_y = line_xy(figure, "wall", "zoom")
        assert x_low < wall_x.min() and wall_x.max() < x_high
        assert y_low < wall_y.min() and wall_y.max() < y_high
        (box,) = [p for p in panel(figure).patches if p.get_gid() == "zoom-box"]
        assert box.get_x() == pytest.approx(x_low) and box.get_y() == pytest.approx(y_low)
        labels = [t.get_text() for t in zoom.texts if t.get_gid() == "zoom-clock"]
        assert "3:00" in labels  # the lesion spans 2:00-4:00


class TestClockMapPng:
    def test_a_png_and_deterministic(self):
        plan = build_plan(side=Side.LEFT)
        data = plan_clock_png(plan, template=template_for(Side.LEFT))
        second = plan_clock_png(plan, template=template_for(Side.LEFT))
        assert data.startswith(PNG_SIGNATURE)
        assert data == second
        assert b"Matplotlib version" not in data
