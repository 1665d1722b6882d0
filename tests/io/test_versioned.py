"""Rule-set and policy files share one versioning rule and one reader (chondral.io.versioned):
the same refusals, in the same words, naming the field; thresholds finite and bounded."""

import pytest
import yaml

from chondral.errors import InputDataError, RuleSetError
from chondral.io.policyfile import load_policy, parse_policy
from chondral.io.rulesfile import load_rule_set, parse_rule_set
from chondral.io.versioned import MAX_RULE_VERSION
from chondral.rules import DEFAULT_RULE_SET


def rules(**criteria):
    return {"schema": "chondral.rules/1", "id": "clinic", "version": "3", "criteria": criteria}


def policy(**changes):
    return {"schema": "chondral.policy/1", "id": "unit", "version": "1", "rules": changes}


READERS = {
    "rules": (parse_rule_set, rules, "criteria.age", "caution_from_years", 45),
    "policy": (parse_policy, policy, "rules.rts.minimum_time", "weeks", 20),
}


def refusal(kind, change):
    parse, document, name, _, _ = READERS[kind]
    section = name.split(".", 1)[1]
    with pytest.raises(InputDataError) as caught:
        parse(document(**{section: change}))
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("kind", sorted(READERS))
class TestTheSharedRule:
    def test_a_change_needs_a_greater_version(self, kind):
        _, _, name, key, value = READERS[kind]
        error = refusal(kind, {"version": 1, "source": "s", key: value})
        assert error.field == f"{name}.version"
        assert error.problem == "must be greater than the default rule's version 1"

    @pytest.mark.parametrize("missing", ["version", "source"])
    def test_a_change_needs_version_and_source(self, kind, missing):
        _, _, name, key, value = READERS[kind]
        change = {"version": 2, "source": "s", key: value}
        del change[missing]
        error = refusal(kind, change)
        assert error.field == f"{name}.{missing}"
        assert error.problem == "is required when a threshold changes"

    def test_a_change_must_change_something(self, kind):
        _, _, name, _, _ = READERS[kind]
        error = refusal(kind, {"version": 2, "source": "s"})
        assert error.field == name
        assert "nothing to change" in error.problem and "no threshold" in error.problem

    def test_the_largest_version(self, kind):
        parse, document, name, key, value = READERS[kind]
        section = name.split(".", 1)[1]
        change = {"version": MAX_RULE_VERSION, "source": "s", key: value}
        parse(document(**{section: change}))
        error = refusal(kind, {**change, "version": MAX_RULE_VERSION + 1})
        assert error.field == f"{name}.version"

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
    def test_a_threshold_is_finite(self, kind, value):
        _, _, name, key, _ = READERS[kind]
        error = refusal(kind, {"version": 2, "source": "s", key: value})
        assert error.field == f"{name}.{key}"
        assert "finite" in error.problem

    def test_a_huge_threshold_is_refused(self, kind):
        _, _, name, key, _ = READERS[kind]
        error = refusal(kind, {"version": 2, "source": "s", key: 10**50})
        assert error.field.startswith(name)

    def test_a_changed_rule_is_policy(self, kind):
        parse, document, name, key, value = READERS[kind]
        section = name.split(".", 1)[1]
        parsed = parse(document(**{section: {"version": 2, "source": "Unit 4", key: value}}))
        rule = parsed.age if kind == "rules" else parsed.rts_time
        assert (rule.version, rule.source, rule.kind.value) == (2, "Unit 4", "policy")


class TestRuleSetThresholds:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            (
                {"caution_from_years": 45, "unmet_from_years": 121},
                "criteria.age.unmet_from_years",
            ),
            ({"caution_from_years": 0}, "criteria.age.caution_from_years"),
        ],
    )
    def test_out_of_range_thresholds_name_the_parameter(self, change, field):
        with pytest.raises(RuleSetError) as caught:
            parse_rule_set(rules(age={"version": 2, "source": "s", **change}))
        assert caught.value.field == field

    def test_the_upper_limit_is_accepted(self):
        parsed = parse_rule_set(
            rules(
                age={
                    "version": 2,
                    "source": "s",
                    "caution_from_years": 120,
                    "unmet_from_years": 120,
                }
            )
        )
        assert parsed.age.params.unmet_from_years == 120
        assert parsed.lesion_size == DEFAULT_RULE_SET.lesion_size

    def test_yaml_tags_in_a_rules_file(self, tmp_path):
        path = tmp_path / "rules.yaml"
        path.write_text(
            "schema: chondral.rules/1\nid: x\nversion: '1'\ncriteria:\n  age:\n"
            "    version: 2\n    source: s\n    caution_from_years: !!float 45\n"
        )
        with pytest.raises(RuleSetError) as caught:
            load_rule_set(path)
        assert caught.value.field == "criteria.age.caution_from_years"
        assert "YAML tags" in caught.value.problem


class TestPolicyThresholds:
    @pytest.mark.parametrize(
        ("criterion", "limit", "beyond"),
        [
            ("strength_mmt_grade", 5, 5.5),
            ("front_plank_s", 1000, 3600),
            ("y_balance_symmetry_pct", 150, 151),
        ],
    )
    def test_rts_thresholds_are_bounded(self, criterion, limit, beyond):
        def document(value):
            return policy(
                **{"rts.criteria": {"version": 2, "source": "s", "thresholds": {criterion: value}}}
            )

        assert parse_policy(document(limit)).rts_criteria.params.thresholds[criterion] == limit
        with pytest.raises(InputDataError) as caught:
            parse_policy(document(beyond))
        assert caught.value.field.startswith("rules.rts.criteria.thresholds")

    def test_traction_limit_in_minutes(self):
        parsed = parse_policy(
            policy(
                **{"operative.traction_time": {"version": 2, "source": "s", "limit_minutes": 600}}
            )
        )
        assert parsed.traction_time.params.limit_minutes == 600
        with pytest.raises(InputDataError) as caught:
            parse_policy(
                policy(
                    **{
                        "operative.traction_time": {
                            "version": 2,
                            "source": "s",
                            "limit_minutes": 601,
                        }
                    }
                )
            )
        assert caught.value.field == "rules.operative.traction_time.limit_minutes"

    def test_the_old_minutes_key_is_unknown(self):
        with pytest.raises(InputDataError, match="unknown field"):
            parse_policy(
                policy(
                    **{"operative.traction_time": {"version": 2, "source": "s", "limit_min": 90}}
                )
            )


class TestFiles:
    def test_both_readers_refuse_oversized_and_device_files(self, tmp_path):
        link = tmp_path / "set.yaml"
        link.symlink_to("/dev/zero")
        with pytest.raises(RuleSetError, match="not a regular file"):
            load_rule_set(link)
        with pytest.raises(InputDataError, match="not a regular file"):
            load_policy(link)

    def test_policy_errors_name_the_file_rule_set_errors_the_field_only(self, tmp_path):
        path = tmp_path / "set.yaml"
        path.write_text(yaml.safe_dump(policy(**{"rts.minimum_time": {"version": 2, "weeks": 3}})))
        with pytest.raises(InputDataError) as caught:
            load_policy(path)
        assert str(path) in caught.value.problem
        path.write_text(yaml.safe_dump(rules(age={"version": 2, "caution_from_years": 45})))
        with pytest.raises(RuleSetError) as caught:
            load_rule_set(path)
        assert str(caught.value) == "criteria.age.source: is required when a threshold changes"
