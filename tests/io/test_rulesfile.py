import pytest

from chondral.domain import GradeSystem
from chondral.errors import RuleSetError
from chondral.io import parse_rule_set
from chondral.rules import DEFAULT_RULE_SET


def document(**criteria):
    return {"schema": "chondral.rules/1", "id": "clinic", "version": "3", "criteria": criteria}


class TestRuleSetFiles:
    def test_no_changes_keeps_every_default_rule(self):
        rule_set = parse_rule_set(document())
        assert (rule_set.id, rule_set.version) == ("clinic", "3")
        assert rule_set.age == DEFAULT_RULE_SET.age
        assert rule_set.cartilage_depth == DEFAULT_RULE_SET.cartilage_depth

    def test_threshold_change_carries_new_version_and_source(self):
        rule_set = parse_rule_set(
            document(age={"version": 2, "source": "policy", "caution_from_years": 45})
        )
        assert rule_set.age.params.caution_from_years == 45
        assert rule_set.age.params.unmet_from_years == 60
        assert rule_set.age.rule_id == "candidacy.age.v2"

    def test_grade_tables_can_change(self):
        rule_set = parse_rule_set(
            document(
                cartilage_depth={
                    "version": 2,
                    "source": "policy",
                    "met": {"icrs": ["4", "3C"]},
                    "caution": {"icrs": ["3B"]},
                }
            )
        )
        assert rule_set.cartilage_depth.params.met[GradeSystem.ICRS] == {"4", "3C"}

    @pytest.mark.parametrize(
        ("criteria", "field", "words"),
        [
            ({"age": {"caution_from_years": 45}}, "criteria.age.version", "is required"),
            (
                {"age": {"version": 2, "caution_from_years": 45}},
                "criteria.age.source",
                "is required",
            ),
            (
                {"age": {"version": 1, "source": "s", "caution_from_years": 45}},
                "criteria.age.version",
                "greater",
            ),
            (
                {"age": {"version": 2, "source": "s", "caution_from_years": 70}},
                "criteria.age.caution_from_years",
                "caution_from_years <= unmet",
            ),
            ({"age": {"version": 2, "source": "s"}}, "criteria.age", "no threshold"),
            (
                {"age": {"version": 2, "source": "s", "limit": 3}},
                "criteria.age.limit",
                "unknown field",
            ),
            (
                {"lesion_size": {"version": 2, "source": "s", "met_max_mm2": "300"}},
                "criteria.lesion_size.met_max_mm2",
                "a number",
            ),
            (
                {"cartilage_depth": {"version": 2, "source": "s", "met": {"icrs": ["9"]}}},
                "criteria.cartilage_depth.met.icrs[0]",
                "must be one of",
            ),
            (
                {"cartilage_depth": {"version": 2, "source": "s", "caution": {"icrs": ["4"]}}},
                "criteria.cartilage_depth.met",
                "both met and caution",
            ),
            ({"knee": {}}, "criteria.knee", "unknown field"),
        ],
    )
    def test_refusals_name_the_field(self, criteria, field, words):
        with pytest.raises(RuleSetError) as caught:
            parse_rule_set(document(**criteria))
        assert caught.value.field == field
        assert words in caught.value.problem
