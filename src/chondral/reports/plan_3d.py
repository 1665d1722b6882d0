"""The interactive 3D view of a hole plan (Plotly, one self-contained HTML file).

The subchondral surface patch, the wall outline (the lesion after debridement), the holes
coloured by ring with their making order as text, and a short segment per hole from the hole
along ``-normal`` to ``depth_mm`` (the drill path). Coordinates are the hip frame (origin at the
femoral head centre), mm; when its axes are parallel to LPS (always, except a rotated CT hip
frame) the axis titles name the anatomical directions (+x the patient's left, anterior -y,
superior +z) and the lateral side. The HTML embeds plotly.js (``include_plotlyjs=True``), so it
works offline; it never loads a CDN. plotly is imported only when a figure is drawn.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from chondral.domain import Side
from chondral.errors import MissingDependencyError
from chondral.planning.plan import HolePlan, Ring
from chondral.reports._plan_style import (
    RING_COLOURS,
    RING_NAMES,
    WALL_COLOUR,
    ordered_holes,
    rounded,
    title,
)

if TYPE_CHECKING:
    from plotly.graph_objects import Figure as PlotlyFigure

__all__ = ["plan_figure_3d", "plan_html"]

_DRILL_COLOUR = "#8c564b"
_BONE_COLOUR = "#e3d3b8"


def _axis_titles(plan: HolePlan) -> dict[str, Any]:
    if not plan.axes_are_lps:
        return {
            axis: {"title": {"text": f"{axis[0]} mm (hip frame rotated from LPS)"}}
            for axis in ("xaxis", "yaxis", "zaxis")
        }
    lateral = "-x" if Side(plan.side) is Side.RIGHT else "+x"
    return {
        "xaxis": {"title": {"text": f"x mm (+ patient's left; lateral {lateral})"}},
        "yaxis": {"title": {"text": "y mm (anterior -y, posterior +y)"}},
        "zaxis": {"title": {"text": "z mm (superior +z)"}},
    }


def plan_figure_3d(plan: HolePlan) -> PlotlyFigure:
    """Interactive 3D view of the plan in the hip frame (see the module docstring)."""
    try:
        import plotly.graph_objects as go
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "drawing the 3D plan needs plotly: pip install 'chondral[figures]'"
        ) from error
    vertices = np.asarray(plan.surface_mesh.vertices_mm, dtype=np.float64)
    faces = np.asarray(plan.surface_mesh.faces, dtype=np.int64)
    traces: list[Any] = [
        go.Mesh3d(
            x=vertices[:, 0],
            y=vertices[:, 1],
            z=vertices[:, 2],
            i=faces[:, 0],
            j=faces[:, 1],
            k=faces[:, 2],
            color=_BONE_COLOUR,
            opacity=0.9,
            flatshading=False,
            name="subchondral bone surface",
            showlegend=True,
            hoverinfo="skip",
        )
    ]
    boundary = np.asarray(plan.region.boundary_mm, dtype=np.float64).reshape(-1, 3)
    if len(boundary):
        closed = np.vstack([boundary, boundary[:1]])
        traces.append(
            go.Scatter3d(
                x=rounded(closed[:, 0]),
                y=rounded(closed[:, 1]),
                z=rounded(closed[:, 2]),
                mode="lines",
                line={"color": WALL_COLOUR, "width": 5},
                name="wall (lesion after debridement)",
                hoverinfo="skip",
            )
        )
    holes = ordered_holes(plan)
    for ring in Ring:
        ring_holes = [hole for hole in holes if Ring(hole.ring) is ring]
        if not ring_holes:
            continue
        positions = np.array([hole.position_mm for hole in ring_holes], dtype=np.float64)
        traces.append(
            go.Scatter3d(
                x=rounded(positions[:, 0]),
                y=rounded(positions[:, 1]),
                z=rounded(positions[:, 2]),
                mode="markers+text",
                marker={"size": 5, "color": RING_COLOURS[ring]},
                text=[str(hole.order) for hole in ring_holes],
                textposition="top center",
                customdata=[
                    [hole.id, hole.clock, round(hole.rim_distance_mm, 1), hole.depth_mm]
                    for hole in ring_holes
                ],
                hovertemplate=(
                    "hole %{customdata[0]} (order %{text})<br>%{customdata[1]},"
                    " %{customdata[2]} mm from the rim<br>depth %{customdata[3]} mm"
                    "<br>x %{x} y %{y} z %{z} mm<extra></extra>"
                ),
                name=RING_NAMES[ring],
            )
        )
    if holes:
        segment_x: list[float | None] = []
        segment_y: list[float | None] = []
        segment_z: list[float | None] = []
        for hole in holes:
            start = np.asarray(hole.position_mm, dtype=np.float64)
            end = start - np.asarray(hole.normal, dtype=np.float64) * hole.depth_mm
            for axis, values in enumerate((segment_x, segment_y, segment_z)):
                values.extend([round(float(start[axis]), 3), round(float(end[axis]), 3), None])
        traces.append(
            go.Scatter3d(
                x=segment_x,
                y=segment_y,
                z=segment_z,
                mode="lines",
                line={"color": _DRILL_COLOUR, "width": 6},
                name="drill path (-normal x depth)",
                hoverinfo="skip",
            )
        )
    figure = go.Figure(data=traces)
    figure.update_layout(
        title={"text": title(plan) + " (hip frame, mm)"},
        scene={**_axis_titles(plan), "aspectmode": "data"},
        legend={"orientation": "h", "y": -0.05},
        margin={"l": 0, "r": 0, "t": 60, "b": 0},
    )
    return figure


def plan_html(plan: HolePlan) -> str:
    """The 3D view as one self-contained HTML document (plotly.js embedded, no CDN)."""
    figure = plan_figure_3d(plan)
    div_id = "chondral-plan-" + re.sub(r"[^A-Za-z0-9_-]", "-", plan.case_id)
    html: str = figure.to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return html
