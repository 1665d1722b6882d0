"""The planner's rules: every finding a hole plan carries comes from one rule of this table.

Each rule has an id (``<namespace>.<name>/<version>``, e.g. ``plan.coverage/1``), a kind (how
much authority its numbers have: ``evidence``, ``policy`` or ``design``, see
``chondral.domain.RuleKind``) and the source it rests on. A planner finding is made with
``Finding.of(RULE, Severity.WARNING, message, evidence)``; no rule id is written anywhere else.
The rule ids are published in plan.json ``warnings`` and must not change; a rule whose meaning
changes gets a new version.

Sources: clinical-reference.md section 3.3 (Atilla 2017, Steadman, Crawford, Voos: spacing 3-4
mm, depth 2-4 mm with an awl, drill stop caps 4-7 mm, debridement to vertical walls), product.md
sections 2.3, 2.4 and 8, docs/anatomy.md (the lunate surface of the template hip).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from chondral.domain import RuleKind

__all__ = [
    "COVERAGE",
    "DEBRIDEMENT_UNKNOWN_TIMING",
    "DEPTH_DRILL",
    "LESION_EXTENT",
    "MESH_NOT_USED",
    "PLAN_RULES",
    "REGION_ARTICULAR",
    "SINGLE_HOLE",
    "SPACING_MAX",
    "SPACING_MIN",
    "TEMPLATE_SURFACE",
    "PlanRule",
]

_SOURCE_33 = "clinical-reference.md section 3.3"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRule:
    """One planner rule: its identity and the source of what it states."""

    name: str
    version: int
    kind: RuleKind
    source: str
    namespace: str = "plan"

    @property
    def rule_id(self) -> str:
        """``<namespace>.<name>/<version>``, e.g. ``plan.coverage/1``."""
        return f"{self.namespace}.{self.name}/{self.version}"


LESION_EXTENT = PlanRule(
    name="lesion_extent",
    namespace="anatomy",
    version=1,
    kind=RuleKind.DESIGN,
    source="product.md section 8",
)
"""The recorded lesion reaches past the rim, or into the fossa or notch (the anatomy layer's
check of the record, carried into the plan)."""

DEBRIDEMENT_UNKNOWN_TIMING = PlanRule(
    name="debridement.unknown_timing",
    version=1,
    kind=RuleKind.DESIGN,
    source=f"{_SOURCE_33} (debridement to vertical walls)",
)
"""A lesion that does not say when it was measured is planned as measured after debridement."""

REGION_ARTICULAR = PlanRule(
    name="region.articular",
    version=1,
    kind=RuleKind.DESIGN,
    source="product.md section 8 (nothing off the joint surface); docs/anatomy.md",
)
"""The planned region is cut at the edge of the lunate surface."""

SPACING_MIN = PlanRule(
    name="spacing.min",
    version=1,
    kind=RuleKind.EVIDENCE,
    source=f"{_SOURCE_33}: holes must not break into one another (Steadman)",
)
"""Holes left out because, measured exactly, they came closer than the minimum spacing."""

SPACING_MAX = PlanRule(
    name="spacing.max",
    version=1,
    kind=RuleKind.EVIDENCE,
    source=f"{_SOURCE_33}: 3-4 mm apart (Atilla 2017; Steadman)",
)
"""A hole's nearest neighbour is farther than the largest spacing."""

COVERAGE = PlanRule(
    name="coverage",
    version=1,
    kind=RuleKind.DESIGN,
    source="issue 4 coverage aim at 3-4 mm spacing (design choice)",
)
"""A point of the region lies farther than the coverage target from every hole."""

SINGLE_HOLE = PlanRule(
    name="single_hole",
    version=1,
    kind=RuleKind.DESIGN,
    source=f"{_SOURCE_33}: estimate the size after debridement to set the count",
)
"""The region holds a single hole."""

DEPTH_DRILL = PlanRule(
    name="depth.drill",
    version=1,
    kind=RuleKind.EVIDENCE,
    source=f"{_SOURCE_33}: depth 2-4 mm (Voos), drill stop caps 4-7 mm",
)
"""A depth beyond an awl's reach needs a drill with a stop cap."""

TEMPLATE_SURFACE = PlanRule(
    name="template_surface",
    version=1,
    kind=RuleKind.DESIGN,
    source="product.md section 2.3 (template hip stands in without imaging)",
)
"""The plan lies on the template hip, not on the patient's bone."""

MESH_NOT_USED = PlanRule(
    name="mesh_not_used",
    version=1,
    kind=RuleKind.DESIGN,
    source="product.md section 2.4",
)
"""The case's meshes do not cover the lesion's surface: planned on the template hip."""

PLAN_RULES = MappingProxyType(
    {
        rule.rule_id: rule
        for rule in (
            LESION_EXTENT,
            DEBRIDEMENT_UNKNOWN_TIMING,
            REGION_ARTICULAR,
            SPACING_MIN,
            SPACING_MAX,
            COVERAGE,
            SINGLE_HOLE,
            DEPTH_DRILL,
            TEMPLATE_SURFACE,
            MESH_NOT_USED,
        )
    }
)
"""Every planner rule by id."""
