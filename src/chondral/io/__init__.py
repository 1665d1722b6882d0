"""Reading and writing files: case files (YAML/JSON + JSON Schema) and rule-set files."""

from chondral.io.assessment_json import assessment_to_dict
from chondral.io.case_schema import case_schema
from chondral.io.casefile import load_case, parse_case
from chondral.io.rulesfile import load_rule_set, parse_rule_set, rule_set_schema

__all__ = [
    "assessment_to_dict",
    "case_schema",
    "load_case",
    "load_rule_set",
    "parse_case",
    "parse_rule_set",
    "rule_set_schema",
]
