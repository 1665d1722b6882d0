"""Microfracture planning: the lesion on the bone surface, debridement, holes, metrics.

Importing this package stays cheap: the plan's types (``plan``), its parameters and the rule
table load at once; the planner itself (``choose_lesion``, ``plan_on_template`` ...), whose
geometry needs trimesh, scipy and potpourri3d (the ``mesh`` extra), loads on first use of one of
its names (``from chondral.planning import plan_on_template`` works as before).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from chondral.planning.parameters import PlanParameterError, PlanParameters, plan_parameters
from chondral.planning.plan import (
    Hole,
    HolePlan,
    PlanMetrics,
    PlannedRegion,
    Ring,
    SurfaceMesh,
    SurfaceModel,
    SurfaceModelKind,
)
from chondral.planning.rules import PLAN_RULES, PlanRule

if TYPE_CHECKING:
    from chondral.planning.planner import (
        choose_lesion,
        plan_on_cartilage,
        plan_on_femur_mesh,
        plan_on_template,
    )

__all__ = [
    "PLAN_RULES",
    "Hole",
    "HolePlan",
    "PlanMetrics",
    "PlanParameterError",
    "PlanParameters",
    "PlanRule",
    "PlannedRegion",
    "Ring",
    "SurfaceMesh",
    "SurfaceModel",
    "SurfaceModelKind",
    "choose_lesion",
    "plan_on_cartilage",
    "plan_on_femur_mesh",
    "plan_on_template",
    "plan_parameters",
]

_PLANNER = frozenset(
    {"choose_lesion", "plan_on_cartilage", "plan_on_femur_mesh", "plan_on_template"}
)
"""Names of ``chondral.planning.planner``, loaded on first use."""


def __getattr__(name: str) -> object:
    if name not in _PLANNER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("chondral.planning.planner"), name)
    globals()[name] = value
    return value
