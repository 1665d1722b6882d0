"""What the plan's figures share: the colours and names of the rings, the title, the holes in
making order, and coordinates rounded as the figures write them."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from chondral.domain import Side, Surface
from chondral.planning.plan import Hole, HolePlan, Ring

__all__ = [
    "RING_COLOURS",
    "RING_NAMES",
    "WALL_COLOUR",
    "ordered_holes",
    "rounded",
    "surface_words",
    "title",
]

RING_COLOURS = {Ring.PERIPHERAL: "#d62728", Ring.INTERIOR: "#1f77b4"}
"""Hole colour by ring, the same in both figures."""

RING_NAMES = {Ring.PERIPHERAL: "peripheral ring (made first)", Ring.INTERIOR: "interior"}
"""Legend name of each ring, the same in both figures."""

WALL_COLOUR = "#222222"
"""The wall outline (the lesion after debridement)."""


def surface_words(surface: Surface) -> str:
    """The surface in words."""
    return "acetabulum" if surface is Surface.ACETABULUM else "femoral head"


def title(plan: HolePlan) -> str:
    """``RIGHT hip - case C1 - acetabulum: 12 microfracture holes``."""
    return (
        f"{Side(plan.side).value.upper()} hip - case {plan.case_id} -"
        f" {surface_words(Surface(plan.surface))}: {len(plan.holes)} microfracture holes"
    )


def ordered_holes(plan: HolePlan) -> list[Hole]:
    """The plan's holes in making order."""
    return sorted(plan.holes, key=lambda hole: hole.order)


def rounded(values: ArrayLike) -> list[float]:
    """Coordinates rounded to 0.001 mm, as the figures write them (no -0.0)."""
    return [round(float(v), 3) + 0.0 for v in np.asarray(values, dtype=np.float64).reshape(-1)]
