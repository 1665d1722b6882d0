"""The 2D clock-face map of a hole plan (matplotlib, PNG).

Drawn as seen looking into the socket along ``-n`` (``n`` the acetabular axis), the same view
as ``docs/figures/clock-face.png`` (``scripts/make_clock_figure.py``): 12:00 at the top,
6:00 at the bottom, and 3:00 (anterior) on the viewer's **right for a RIGHT hip** and on the
viewer's **left for a LEFT hip** (the left dial is the mirror image). The femoral head uses
the same dial (its positions are the socket's clock face projected onto the head in neutral).
A position ``(clock_deg, rim_distance_mm)`` is drawn at distance
``r = rim_radius - rim_distance_mm`` from the centre, in the direction
``(s * sin(clock), cos(clock))`` with ``s = +1`` for a right hip and ``-1`` for a left hip:
the rim is the outer circle and rim distances grow inward, toward the fossa and the socket
apex at the centre (an azimuthal equidistant map around the apex). ``rim_radius`` is the
rim-to-apex distance of the template when one is given, else a quarter great circle of the
surface sphere (``pi/2 * radius_mm``), widened if a point lies farther from the rim.
Two panels share these coordinates: the whole dial (for orientation, with the hours, the
anatomical words and, given a template, the fossa edge and the notch) and a zoom on the
lesion with half-hour clock lines and a 5 mm scale bar, where the hole numbers are legible.
Peripheral-ring holes are filled red circles, interior holes open blue squares.

The wall outline is drawn from its clock and rim coordinates: the plan's own
(``PlannedRegion.boundary_clock_deg`` and ``boundary_rim_distance_mm``), or
``boundary_clock_rim=(clock_deg, rim_distance_mm)``, or ``template=`` (a ``TemplateHip`` of the
plan's side) to compute them with ``chondral.anatomy.surface_coordinates``; without any, the map
shows the holes and says the outline is not available. Holes use their own ``clock_deg`` and
``rim_distance_mm``.

PNG output is deterministic: matplotlib's Agg canvas (no pyplot state) and no software-version
metadata, so the same plan gives the same bytes. matplotlib is imported only when a map is drawn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chondral.anatomy import TemplateHip, hip_frame, surface_coordinates
from chondral.domain import ClockPosition, Side, Surface
from chondral.errors import InvalidValueError, LateralityError, MissingDependencyError
from chondral.frames import Points
from chondral.planning.plan import HolePlan, Ring
from chondral.reports._plan_style import (
    RING_COLOURS,
    RING_NAMES,
    WALL_COLOUR,
    ordered_holes,
    surface_words,
    title,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plan_clock_map", "plan_clock_png"]

FloatArray = NDArray[np.float64]

_RING_MARKERS = {Ring.PERIPHERAL: "o", Ring.INTERIOR: "s"}
_FIGURE_SIZE_IN = (12.0, 7.6)
_DPI = 120
_HOUR_WORDS = {0: "superior", 3: "anterior", 6: "inferior", 9: "posterior"}


def _map_xy(
    side: Side, clock_deg: ArrayLike, rim_distance_mm: ArrayLike, rim_radius_mm: float
) -> tuple[FloatArray, FloatArray]:
    """Map coordinates of (clock, rim distance) positions, as seen looking into the socket."""
    clock_rad = np.radians(np.asarray(clock_deg, dtype=np.float64))
    radius = rim_radius_mm - np.asarray(rim_distance_mm, dtype=np.float64)
    anterior_sign = 1.0 if side is Side.RIGHT else -1.0
    x: FloatArray = anterior_sign * radius * np.sin(clock_rad)
    y: FloatArray = radius * np.cos(clock_rad)
    return x, y


def _boundary_coordinates(
    plan: HolePlan,
    boundary_clock_rim: tuple[ArrayLike, ArrayLike] | None,
    template: TemplateHip | None,
) -> tuple[FloatArray, FloatArray] | None:
    if boundary_clock_rim is not None and template is not None:
        raise InvalidValueError(
            "give boundary_clock_rim or template, not both", field="boundary_clock_rim"
        )
    if boundary_clock_rim is not None:
        clock_deg = np.asarray(boundary_clock_rim[0], dtype=np.float64).reshape(-1)
        rim_mm = np.asarray(boundary_clock_rim[1], dtype=np.float64).reshape(-1)
        if clock_deg.shape != rim_mm.shape or len(clock_deg) < 3:
            raise InvalidValueError(
                "needs two arrays of the same length (>= 3)", field="boundary_clock_rim"
            )
        return clock_deg, rim_mm
    if template is None:
        clock_deg = np.asarray(plan.region.boundary_clock_deg, dtype=np.float64).reshape(-1)
        rim_mm = np.asarray(plan.region.boundary_rim_distance_mm, dtype=np.float64).reshape(-1)
        if clock_deg.shape != rim_mm.shape or len(clock_deg) < 3:
            return None
        return clock_deg, rim_mm
    if template.side is not Side(plan.side):
        raise LateralityError(
            f"the template is a {template.side.value} hip but the plan is for a"
            f" {Side(plan.side).value} hip"
        )
    boundary = Points(np.asarray(plan.region.boundary_mm), hip_frame(template.side))
    coordinates = surface_coordinates(template, Surface(plan.surface), boundary)
    return coordinates.clock_deg, coordinates.rim_distance_mm


def _draw_dial(
    axes: Axes, plan: HolePlan, rim_radius_mm: float, template: TemplateHip | None
) -> None:
    side = Side(plan.side)
    clock = np.linspace(0.0, 360.0, 361)
    axes.plot(
        *_map_xy(side, clock, np.zeros_like(clock), rim_radius_mm),
        color="black",
        linewidth=1.6,
        label="acetabular rim"
        if Surface(plan.surface) is Surface.ACETABULUM
        else "acetabular rim (projected on the head)",
        gid="rim",
    )
    for distance_mm in np.arange(5.0, rim_radius_mm - 2.0, 5.0):
        axes.plot(
            *_map_xy(side, clock, np.full_like(clock, distance_mm), rim_radius_mm),
            color="0.75",
            linewidth=0.6,
            linestyle=":",
        )
        x, y = _map_xy(side, 135.0, distance_mm, rim_radius_mm)
        label = f"{distance_mm:g} mm from rim" if distance_mm == 5.0 else f"{distance_mm:g} mm"
        axes.text(float(x), float(y), label, fontsize=6, color="0.45")
    if template is not None and Surface(plan.surface) is Surface.ACETABULUM:
        fossa_mm = template.rim_to_fossa_mm(Surface.ACETABULUM)
        axes.plot(
            *_map_xy(side, clock, np.full_like(clock, fossa_mm), rim_radius_mm),
            color="0.45",
            linewidth=1.0,
            linestyle="--",
            label="fossa edge",
        )
        for notch_deg in (
            180.0 - template.notch_half_width_deg,
            180.0 + template.notch_half_width_deg,
        ):
            axes.plot(
                *_map_xy(side, [notch_deg, notch_deg], [0.0, fossa_mm], rim_radius_mm),
                color="0.45",
                linewidth=1.0,
                linestyle="--",
            )
    for hour in range(1, 13):
        clock_deg = hour % 12 * 30.0
        tick_x, tick_y = _map_xy(side, [clock_deg, clock_deg], [0.0, 1.5], rim_radius_mm)
        axes.plot(tick_x, tick_y, color="black", linewidth=1.0)
        word = _HOUR_WORDS.get(hour % 12)
        if word is None:
            label_x, label_y = _map_xy(side, clock_deg, -2.5, rim_radius_mm)
            axes.text(
                float(label_x), float(label_y), str(hour), ha="center", va="center", fontsize=8
            )
            continue
        if hour == 6 and Surface(plan.surface) is Surface.ACETABULUM:
            word = "inferior (notch)"
        vertical = hour % 6 == 0
        label_x, label_y = _map_xy(side, clock_deg, -5.0 if vertical else -2.5, rim_radius_mm)
        axes.text(
            float(label_x),
            float(label_y),
            f"{hour}:00\n{word}",
            ha="center" if vertical else ("left" if label_x > 0 else "right"),
            va="center",
            fontsize=10,
            weight="bold",
            gid=f"hour-{hour}",
        )


def _draw_plan(
    axes: Axes,
    plan: HolePlan,
    boundary: tuple[FloatArray, FloatArray] | None,
    rim_radius_mm: float,
    *,
    number_size: float,
) -> None:
    """The wall outline and the numbered holes on one panel."""
    side = Side(plan.side)
    if boundary is not None:
        clock_deg, rim_mm = boundary
        x, y = _map_xy(
            side, np.append(clock_deg, clock_deg[0]), np.append(rim_mm, rim_mm[0]), rim_radius_mm
        )
        axes.fill(
            x,
            y,
            facecolor=(0.96, 0.78, 0.63, 0.6),
            edgecolor=WALL_COLOUR,
            linewidth=1.8,
            label="lesion after debridement (wall)",
        )
        axes.plot(x, y, color=WALL_COLOUR, linewidth=1.8, label="_wall", gid="wall")
    for ring in Ring:
        ring_holes = [hole for hole in ordered_holes(plan) if Ring(hole.ring) is ring]
        if not ring_holes:
            continue
        x, y = _map_xy(
            side,
            [hole.clock_deg for hole in ring_holes],
            [hole.rim_distance_mm for hole in ring_holes],
            rim_radius_mm,
        )
        axes.scatter(
            x,
            y,
            s=3.5 * number_size**2 / 7.0,
            marker=_RING_MARKERS[ring],
            facecolors=RING_COLOURS[ring] if ring is Ring.PERIPHERAL else "white",
            edgecolors=RING_COLOURS[ring],
            linewidths=1.4,
            zorder=3,
            label=RING_NAMES[ring],
            gid=f"holes-{ring.value}",
        )
        for hole, hole_x, hole_y in zip(ring_holes, x, y, strict=True):
            axes.annotate(
                str(hole.order),
                (float(hole_x), float(hole_y)),
                textcoords="offset points",
                xytext=(number_size * 0.7, number_size * 0.6),
                fontsize=number_size,
                weight="bold" if number_size > 8 else "normal",
                zorder=4,
                gid="hole-order",
                annotation_clip=True,
            )


def _zoom_limits(
    plan: HolePlan, boundary: tuple[FloatArray, FloatArray] | None, rim_radius_mm: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square window around the wall and the holes, 3 mm margin (at least 12 mm wide)."""
    side = Side(plan.side)
    clock = [hole.clock_deg for hole in plan.holes]
    rim = [hole.rim_distance_mm for hole in plan.holes]
    if boundary is not None:
        clock.extend(boundary[0].tolist())
        rim.extend(boundary[1].tolist())
    x, y = _map_xy(side, clock, rim, rim_radius_mm)
    centre_x = (float(x.min()) + float(x.max())) / 2.0
    centre_y = (float(y.min()) + float(y.max())) / 2.0
    half_mm = max(6.0, (float(np.ptp(x)) / 2.0), (float(np.ptp(y)) / 2.0)) + 3.0
    return (centre_x - half_mm, centre_x + half_mm), (centre_y - half_mm, centre_y + half_mm)


def _draw_clock_lines(
    axes: Axes,
    side: Side,
    rim_radius_mm: float,
    limits: tuple[tuple[float, float], tuple[float, float]],
) -> None:
    """Radial lines every half hour, each labelled where it enters the zoom window from the
    rim, and a 5 mm scale bar (for the zoom panel)."""
    (x_low, x_high), (y_low, y_high) = limits
    inset_mm = 0.06 * (x_high - x_low)
    depths_mm = np.linspace(-1.0, rim_radius_mm, 400)
    for clock_deg in np.arange(0.0, 360.0, 15.0):
        x, y = _map_xy(side, np.full_like(depths_mm, clock_deg), depths_mm, rim_radius_mm)
        axes.plot(x, y, color="0.6", linewidth=0.6, zorder=1)
        inside = (
            (x > x_low + inset_mm)
            & (x < x_high - inset_mm)
            & (y > y_low + inset_mm)
            & (y < y_high - inset_mm)
        )
        if not inside.any():
            continue
        first = int(np.argmax(inside))
        axes.text(
            float(x[first]),
            float(y[first]),
            ClockPosition(float(clock_deg)).label,
            fontsize=8,
            color="0.3",
            ha="center",
            va="center",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            zorder=2,
            gid="zoom-clock",
        )
    # the scale bar goes in the corner nearest the dial centre, away from the rim and its labels
    corners = [(x, y) for x in (x_low, x_high) for y in (y_low, y_high)]
    corner_x, corner_y = min(corners, key=lambda corner: math.hypot(*corner))
    bar_x = corner_x + inset_mm if corner_x == x_low else corner_x - inset_mm - 5.0
    bar_y = corner_y + inset_mm / 2.0 if corner_y == y_low else corner_y - inset_mm / 2.0
    axes.plot([bar_x, bar_x + 5.0], [bar_y, bar_y], color="black", linewidth=2.0)
    text_y = bar_y + inset_mm / 3.0 if corner_y == y_low else bar_y - inset_mm / 3.0
    axes.text(bar_x + 2.5, text_y, "5 mm", ha="center", va="center", fontsize=8)


def plan_clock_map(
    plan: HolePlan,
    *,
    boundary_clock_rim: tuple[ArrayLike, ArrayLike] | None = None,
    template: TemplateHip | None = None,
) -> Figure:
    """The 2D clock-face map of the plan (orientation and scale: see the module docstring).

    Two panels in the same coordinates: the whole dial (gid ``dial``) for orientation, and a
    zoom on the lesion (gid ``zoom``) with half-hour clock lines, where the numbers are legible.
    Artists carry gids for checks: ``holes-peripheral`` and ``holes-interior`` (scatter, in
    making order), ``hole-order`` (the numbers), ``wall`` and ``rim`` (lines), ``hour-12``,
    ``hour-3``, ``hour-6``, ``hour-9`` (dial labels), ``zoom-box`` and ``side-title``.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Rectangle
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "drawing the clock-face map needs matplotlib: pip install 'chondral[figures]'"
        ) from error
    side = Side(plan.side)
    boundary = _boundary_coordinates(plan, boundary_clock_rim, template)
    rim_distances = [hole.rim_distance_mm for hole in plan.holes]
    if boundary is not None:
        rim_distances.extend(boundary[1].tolist())
    if template is not None:
        rim_radius_mm = template.rim_to_apex_mm(Surface(plan.surface))
    else:
        rim_radius_mm = math.pi / 2.0 * plan.surface_model.radius_mm
    rim_radius_mm = max([rim_radius_mm, *(d + 1.0 for d in rim_distances)])

    figure = Figure(figsize=_FIGURE_SIZE_IN, dpi=_DPI)
    FigureCanvasAgg(figure)
    dial = figure.add_axes((0.01, 0.12, 0.55, 0.70), gid="dial")
    zoom = figure.add_axes((0.60, 0.17, 0.38, 0.60), gid="zoom")
    _draw_dial(dial, plan, rim_radius_mm, template)
    _draw_plan(dial, plan, boundary, rim_radius_mm, number_size=7.0)
    extent = rim_radius_mm + 10.0
    dial.set_xlim(-extent, extent)
    dial.set_ylim(-extent - 2.0, extent)
    dial.set_aspect("equal")
    dial.axis("off")
    (x_low, x_high), (y_low, y_high) = _zoom_limits(plan, boundary, rim_radius_mm)
    dial.add_patch(
        Rectangle(
            (x_low, y_low),
            x_high - x_low,
            y_high - y_low,
            fill=False,
            edgecolor="0.35",
            linestyle="--",
            linewidth=0.8,
            gid="zoom-box",
        )
    )
    if boundary is None:
        dial.text(
            0.0,
            -rim_radius_mm - 11.0,
            "wall outline not available (no clock/rim coordinates)",
            ha="center",
            fontsize=8,
            style="italic",
        )

    _draw_clock_lines(zoom, side, rim_radius_mm, ((x_low, x_high), (y_low, y_high)))
    clock = np.linspace(0.0, 360.0, 721)
    zoom.plot(*_map_xy(side, clock, np.zeros_like(clock), rim_radius_mm), color="black", lw=1.6)
    _draw_plan(zoom, plan, boundary, rim_radius_mm, number_size=11.0)
    zoom.set_xlim(x_low, x_high)
    zoom.set_ylim(y_low, y_high)
    zoom.set_aspect("equal")
    zoom.set_xticks([])
    zoom.set_yticks([])
    for spine in zoom.spines.values():
        spine.set_edgecolor("0.35")
        spine.set_linestyle("--")
    zoom.set_title("zoom (same view; lines every half hour)", fontsize=9)

    figure.legend(
        *dial.get_legend_handles_labels(),
        loc="lower center",
        ncol=3,
        fontsize=9,
        frameon=False,
    )
    figure.suptitle(
        f"{side.value.upper()} hip", fontsize=24, weight="bold", gid="side-title", y=0.985
    )
    figure.text(
        0.5,
        0.895,
        f"case {plan.case_id} - {surface_words(Surface(plan.surface))} -"
        f" {len(plan.holes)} holes, numbered in making order (peripheral ring first)\n"
        "seen looking into the socket: 12:00 superior, 3:00 anterior; rim outside, fossa inward",
        ha="center",
        va="center",
        fontsize=10,
    )
    return figure


def plan_clock_png(
    plan: HolePlan,
    *,
    boundary_clock_rim: tuple[ArrayLike, ArrayLike] | None = None,
    template: TemplateHip | None = None,
) -> bytes:
    """The clock-face map as PNG bytes (deterministic: no time or version stamped in)."""
    import io

    figure = plan_clock_map(plan, boundary_clock_rim=boundary_clock_rim, template=template)
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=_DPI,
        metadata={"Software": None, "Title": title(plan)},
    )
    return buffer.getvalue()
