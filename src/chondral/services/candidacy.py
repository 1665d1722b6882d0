"""Use case: the candidacy verdict of a case under a rule set.

The case arrives loaded and validated (``chondral.io.load_case`` refuses anything the schema or
the clinical consistency rules refuse, PROM answers included); the rule set is the default or
one the caller read (``chondral.io.load_rule_set``).

Every lesion is placed on the template hip by the same geometric rule the planner uses
(``chondral.anatomy.lesion_region``): a lesion whose position lies in the acetabular fossa or
notch, or past the rim, is impossible geometry (``GeometryError`` naming the lesion) for the
verdict exactly as for the plan. A lesion recorded only as clock and rim-distance ranges gets
its area from that placement.
"""

from __future__ import annotations

from chondral.anatomy import TemplateHip, is_articular, lesion_region
from chondral.domain import Case, Lesion
from chondral.errors import GeometryError
from chondral.rules import Assessment, RuleSet, assess_candidacy

__all__ = ["assess_case"]


def _place(lesion: Lesion, template: TemplateHip) -> float | None:
    """The lesion's true area on ``template`` when it has an extent, else None once its centre
    is known to lie on articular surface. ``GeometryError`` when it cannot be placed."""
    center = lesion.center
    if center is not None and lesion.size is None and lesion.area_mm2 is None:
        if not bool(
            is_articular(template, lesion.surface, center.clock.clock_deg, center.rim_distance_mm)[
                0
            ]
        ):
            raise GeometryError(
                f"lesion {lesion.id} ({lesion.surface.value}): the centre ({center.clock.label},"
                f" {center.rim_distance_mm:g} mm from the rim) is not on articular surface"
                " (acetabular fossa, notch, or beyond the rim)"
            )
        return None
    return lesion_region(lesion, template).area_mm2


def assess_case(case: Case, rule_set: RuleSet) -> Assessment:
    """Candidacy of ``case`` under ``rule_set``, one finding per criterion.

    Raises ``GeometryError`` (naming the lesion) for a lesion that cannot lie where it is
    recorded (see the module docstring). A hip the template cannot model (an LCEA so low that
    the rim would reach the fossa) still gets its verdict, which the dysplasia criterion
    decides; only a lesion recorded as ranges, whose area needs the template, is then refused.
    """
    if not case.lesions:
        return assess_candidacy(case, rule_set, {})
    try:
        template: TemplateHip | None = TemplateHip.from_hip(case.hip, case.patient.sex)
        unmodelled = None
    except GeometryError as error:
        template, unmodelled = None, error
    geometric_areas_mm2: dict[str, float] = {}
    for lesion in case.lesions:
        if template is None:
            if lesion.recorded_area_mm2 is None and lesion.center is None:
                raise GeometryError(f"lesion {lesion.id}: {unmodelled}") from unmodelled
            continue
        area_mm2 = _place(lesion, template)
        if area_mm2 is not None and lesion.recorded_area_mm2 is None:
            geometric_areas_mm2[lesion.id] = area_mm2
    return assess_candidacy(case, rule_set, geometric_areas_mm2)
