"""The planner's rule table: every finding a plan carries comes from it, with its version, kind
and source, and no planner rule id is written anywhere else in the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chondral.domain import RuleKind, Severity
from chondral.io.sources import CaseFolder
from chondral.planning import PLAN_RULES, PlanParameters, PlanRule, plan_on_template, rules
from chondral.services.planning import plan_case
from planning.plan_cases import case_with, lesion_record, parsed

RULE_ID = re.compile(r"^(plan|anatomy)\.[a-z_]+(\.[a-z_]+)*/[1-9][0-9]*$")
SOURCE_ROOT = Path(__file__).resolve().parents[2] / "src" / "chondral"


def test_every_rule_has_an_id_a_version_a_kind_and_a_source() -> None:
    assert len(PLAN_RULES) == 10
    for rule_id, rule in PLAN_RULES.items():
        assert isinstance(rule, PlanRule)
        assert rule.rule_id == rule_id and RULE_ID.match(rule_id), rule_id
        assert rule_id.endswith(f"/{rule.version}") and rule.version >= 1
        assert isinstance(rule.kind, RuleKind)
        assert rule.source.strip()
    assert PLAN_RULES["plan.coverage/1"] is rules.COVERAGE
    assert rules.LESION_EXTENT.rule_id == "anatomy.lesion_extent/1"


def test_the_published_rule_ids_are_kept() -> None:
    assert set(PLAN_RULES) == {
        "anatomy.lesion_extent/1",
        "plan.debridement.unknown_timing/1",
        "plan.region.articular/1",
        "plan.spacing.min/1",
        "plan.spacing.max/1",
        "plan.coverage/1",
        "plan.single_hole/1",
        "plan.depth.drill/1",
        "plan.template_surface/1",
        "plan.mesh_not_used/1",
    }


def _plans() -> list[object]:
    """Plans that between them raise most of the planner's findings."""
    plans = []
    cases = [
        case_with(lesion_record("femoral_head", measured=None)),  # unknown timing
        case_with(lesion_record("acetabulum", rim_distance_mm=1.0, size_mm=(16.0, 12.0))),
        case_with(lesion_record("acetabulum", size_mm=(12.0, 3.4))),  # thin
        case_with(lesion_record("femoral_head", rim_distance_mm=1.0, size_mm=(16.0, 12.0))),
    ]
    for document in cases:
        case = parsed(document)
        plans.append(plan_on_template(case, case.lesions[0], PlanParameters(depth_mm=5.0)))
    case = parsed(
        case_with(
            lesion_record("acetabulum"),
            imaging={"femur_mesh": {"path": "/nowhere/femur.stl", "units": "mm"}},
        )
    )
    plans.append(plan_case(case, CaseFolder(None)).plan)  # the femur does not cover the socket
    return plans


def test_every_finding_of_a_plan_is_a_rule_of_the_table() -> None:
    seen = set()
    for plan in _plans():
        for finding in plan.warnings:  # type: ignore[attr-defined]
            rule = PLAN_RULES[finding.rule_id]
            assert (finding.version, finding.kind, finding.source) == (
                rule.version,
                rule.kind,
                rule.source,
            )
            assert finding.severity is Severity.WARNING
            assert finding.message.strip()
            seen.add(finding.rule_id)
    assert {
        "plan.debridement.unknown_timing/1",
        "plan.region.articular/1",
        "plan.coverage/1",
        "plan.spacing.max/1",
        "plan.depth.drill/1",
        "plan.template_surface/1",
        "plan.mesh_not_used/1",
        "anatomy.lesion_extent/1",
    } <= seen


@pytest.mark.parametrize("path", sorted(SOURCE_ROOT.rglob("*.py")), ids=lambda p: p.name)
def test_no_planner_rule_id_is_written_outside_the_table(path: Path) -> None:
    if path == SOURCE_ROOT / "planning" / "rules.py":
        return
    text = path.read_text(encoding="utf-8")
    literals = re.findall(r"[\"'](plan\.[a-z_.]+/\d+)[\"']", text)
    assert literals == [], f"{path}: {literals}"
