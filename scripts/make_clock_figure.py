"""Draw docs/figures/clock-face.png: the clock face of a right and a left template hip, seen
looking into the socket along -n, with the Ilizaliturri zones, the fossa and the notch.

Run: ``.venv/bin/python scripts/make_clock_figure.py``.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from chondral.anatomy import TemplateHip, ilizaliturri_zones, surface_points
from chondral.domain import Side, Surface

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "figures" / "clock-face.png"
ZONE_COLOURS = {"1": "#4e79a7", "2": "#59a14f", "3": "#edc948", "4": "#f28e2b", "5": "#e15759"}


def _view(template: TemplateHip, xyz_mm: np.ndarray) -> np.ndarray:
    """Screen coordinates looking along -n with 12:00 up: x to the viewer's right."""
    basis = template.basis
    screen_right = np.cross(-basis.axis, basis.twelve)
    return np.stack([xyz_mm @ screen_right, xyz_mm @ basis.twelve], axis=1)


def _draw(axes: plt.Axes, side: Side) -> None:
    template = TemplateHip.from_parameters(side=side, head_diameter_mm=45.5)
    surface = Surface.ACETABULUM
    span_mm = template.rim_to_fossa_mm(surface)
    apex_mm = template.rim_to_apex_mm(surface)
    clock, rim = np.meshgrid(np.arange(0.0, 360.0, 1.0), np.linspace(0.0, apex_mm, 60))
    screen = _view(template, surface_points(template, surface, clock.ravel(), rim.ravel()).xyz_mm)
    zones = ilizaliturri_zones(template, surface, clock.ravel(), rim.ravel())
    for zone, colour in ZONE_COLOURS.items():
        mask = np.array([z.value == zone for z in zones])
        axes.scatter(*screen[mask].T, s=2, color=colour, label=f"zone {zone}")
    mask6 = np.array([z.value == "6" for z in zones])
    axes.scatter(*screen[mask6].T, s=2, color="#bab0ac", label="zone 6 (notch, fossa)")
    for fraction in (1 / 3, 2 / 3):
        ring = surface_points(template, surface, np.arange(0.0, 361.0), fraction * span_mm)
        axes.plot(*_view(template, ring.xyz_mm).T, color="k", lw=0.5, ls=":")
    rim_ring = surface_points(template, surface, np.arange(0.0, 361.0), 0.0)
    axes.plot(*_view(template, rim_ring.xyz_mm).T, color="k", lw=1.5)
    for hour in range(1, 13):
        label_point = surface_points(template, surface, hour * 30.0 % 360.0, -3.5)
        x, y = _view(template, label_point.xyz_mm)[0]
        axes.text(x, y, f"{hour}:00", ha="center", va="center", fontsize=9, weight="bold")
    anterior = _view(template, np.array([[0.0, -30.0, 0.0]]))[0]
    axes.text(
        np.sign(anterior[0]) * 39,
        0.0,
        "anterior (-y)",
        rotation=90,
        ha="center",
        va="center",
        fontsize=9,
        color="#4e79a7",
    )
    axes.set_title(f"{side.value.upper()} hip: looking into the socket along -n")
    axes.set_aspect("equal")
    axes.set_xlim(-42, 42)
    axes.set_ylim(-32, 32)
    axes.axis("off")


def main() -> None:
    """Write the figure."""
    figure, (right_axes, left_axes) = plt.subplots(1, 2, figsize=(11, 5.6))
    _draw(right_axes, Side.RIGHT)
    _draw(left_axes, Side.LEFT)
    handles, labels = right_axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=6, markerscale=6, frameon=False)
    figure.suptitle(
        "Clock face (12:00 superior, 3:00 anterior for both sides); dotted: Konan A/B/C thirds"
    )
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(OUTPUT, dpi=110, bbox_inches="tight")


if __name__ == "__main__":
    main()
