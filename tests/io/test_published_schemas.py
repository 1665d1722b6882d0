"""Every schema chondral publishes is itself a valid JSON Schema (Draft 2020-12).

The readers trust their own schemas at run time (checking a schema against the meta-schema on
every start cost a fifth of a second); this test is where that trust is earned."""

import jsonschema
import pytest

from chondral.io.case_schema import case_schema
from chondral.io.plan_json import plan_schema
from chondral.io.policyfile import policy_schema
from chondral.io.rulesfile import rule_set_schema


@pytest.mark.parametrize("schema", [case_schema, plan_schema, policy_schema, rule_set_schema])
def test_a_published_schema_is_valid_draft_2020_12(schema):
    jsonschema.Draft202012Validator.check_schema(schema())
