"""Microfracture planning: the lesion on the bone surface, debridement, holes, metrics."""

from chondral.planning.parameters import PlanParameterError, PlanParameters
from chondral.planning.plan import (
    Hole,
    HolePlan,
    PlanMetrics,
    PlannedRegion,
    PlanWarning,
    Ring,
    SurfaceMesh,
    SurfaceModel,
    SurfaceModelKind,
)
from chondral.planning.planner import (
    choose_lesion,
    plan_on_cartilage,
    plan_on_femur_mesh,
    plan_on_template,
)

__all__ = [
    "Hole",
    "HolePlan",
    "PlanMetrics",
    "PlanParameterError",
    "PlanParameters",
    "PlanWarning",
    "PlannedRegion",
    "Ring",
    "SurfaceMesh",
    "SurfaceModel",
    "SurfaceModelKind",
    "choose_lesion",
    "plan_on_cartilage",
    "plan_on_femur_mesh",
    "plan_on_template",
]
