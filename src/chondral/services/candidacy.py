"""Use cases: validate a case file and assess candidacy."""

from __future__ import annotations

from pathlib import Path

from chondral.anatomy import geometric_area_mm2
from chondral.domain import Case
from chondral.io import load_case, load_rule_set
from chondral.outcomes import validate_response
from chondral.rules import DEFAULT_RULE_SET, Assessment, RuleSet, assess_candidacy

__all__ = ["assess_case", "assess_case_file", "choose_rule_set", "validate_case_file"]


def choose_rule_set(rules_path: Path | None) -> RuleSet:
    """The rule set from ``rules_path``, or the default rule set."""
    return DEFAULT_RULE_SET if rules_path is None else load_rule_set(rules_path)


def validate_case_file(case_path: Path) -> Case:
    """Load and fully validate a case file, PROM answers included; errors name the field."""
    case = load_case(case_path)
    for index, response in enumerate(case.proms):
        validate_response(response, f"proms[{index}]")
    return case


def assess_case(case: Case, rule_set: RuleSet) -> Assessment:
    """Candidacy of ``case``; lesions given only as ranges get their area from the template hip.

    Raises ``GeometryError`` (naming the lesion) for a range that lies in the fossa or notch.
    """
    geometric_areas_mm2 = {
        lesion.id: geometric_area_mm2(lesion, case.hip, case.patient.sex)
        for lesion in case.lesions
        if lesion.recorded_area_mm2 is None and lesion.clock_range is not None
    }
    return assess_candidacy(case, rule_set, geometric_areas_mm2)


def assess_case_file(case_path: Path, rules_path: Path | None = None) -> Assessment:
    """Candidacy of the case in ``case_path`` under the default or the given rule set."""
    rule_set = choose_rule_set(rules_path)
    return assess_case(load_case(case_path), rule_set)
