"""Candidacy rules: thresholds as data (``ruleset``) and pure functions (``candidacy``)."""

from chondral.domain import Finding, Status
from chondral.rules.candidacy import assess_candidacy, decide_verdict
from chondral.rules.finding import Assessment, Verdict, criterion_status
from chondral.rules.plain_language import FieldExplanation, explain_field
from chondral.rules.ruleset import (
    DEFAULT_RULE_SET,
    ActivityParams,
    AgeParams,
    ArthritisParams,
    BmiParams,
    CartilageDepthParams,
    DysplasiaParams,
    LesionSizeParams,
    NoParams,
    Rule,
    RuleSet,
)

__all__ = [
    "DEFAULT_RULE_SET",
    "ActivityParams",
    "AgeParams",
    "ArthritisParams",
    "Assessment",
    "BmiParams",
    "CartilageDepthParams",
    "DysplasiaParams",
    "FieldExplanation",
    "Finding",
    "LesionSizeParams",
    "NoParams",
    "Rule",
    "RuleSet",
    "Status",
    "Verdict",
    "assess_candidacy",
    "criterion_status",
    "decide_verdict",
    "explain_field",
]
