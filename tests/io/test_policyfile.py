"""Institution policy files (chondral.policy/1): changes carry version and source; everything
else is refused naming the field."""

import json

import pytest
import yaml

from chondral.domain import MedicationCategory
from chondral.errors import InputDataError
from chondral.io.policyfile import load_policy, parse_policy
from chondral.pathway import DEFAULT_POLICY, Authority, RuleKind


def policy(**rules):
    return {"schema": "chondral.policy/1", "id": "unit", "version": "2026-11", "rules": rules}


def error_of(document):
    with pytest.raises(InputDataError) as caught:
        parse_policy(document)
    return caught.value


class TestChanges:
    def test_no_rules_is_the_default_policy_under_a_new_name(self):
        parsed = parse_policy(policy())
        assert (parsed.id, parsed.version) == ("unit", "2026-11")
        assert parsed.traction_time == DEFAULT_POLICY.traction_time

    def test_traction_limit(self):
        parsed = parse_policy(
            policy(
                **{
                    "operative.traction_time": {
                        "version": 2,
                        "source": "Theatre 12",
                        "limit_minutes": 90,
                    }
                }
            )
        )
        rule = parsed.traction_time
        assert rule.params.limit_minutes == 90
        assert rule.rule_id == "pathway.operative.traction_time/2"
        assert (rule.source, rule.kind) == ("Theatre 12", RuleKind.POLICY)
        assert parsed.weight_bearing == DEFAULT_POLICY.weight_bearing

    def test_weight_bearing_keeps_unchanged_parameters(self):
        parsed = parse_policy(
            policy(
                **{
                    "weight_bearing.extended": {
                        "version": 3,
                        "source": "Unit",
                        "area_above_mm2": 250,
                    }
                }
            )
        )
        params = parsed.weight_bearing.params
        assert (
            params.base_weeks,
            params.extended_weeks,
            params.area_above_mm2,
            params.lcea_below_deg,
        ) == (
            6,
            8,
            250,
            25,
        )
        assert parsed.weight_bearing.kind is RuleKind.POLICY

    def test_medication_intervals_become_institution_authority(self):
        parsed = parse_policy(
            policy(
                **{
                    "medication.stop": {
                        "version": 2,
                        "source": "Anticoagulation policy 3",
                        "categories": {"nsaid": 10, "anticoagulant": None},
                        "drugs": {"Dabigatran": 4},
                    }
                }
            )
        )
        params = parsed.medication_stop.params
        nsaid = params.interval("ibuprofen", MedicationCategory.NSAID)
        assert (nsaid.days, nsaid.authority, nsaid.source) == (
            10,
            Authority.INSTITUTION,
            "Anticoagulation policy 3",
        )
        assert params.interval("dabigatran", MedicationCategory.ANTICOAGULANT).days == 4
        assert (
            params.interval("warfarin", MedicationCategory.ANTICOAGULANT).authority is Authority.LOW
        )

    def test_rts_and_checklist(self):
        parsed = parse_policy(
            policy(
                **{
                    "rts.minimum_time": {"version": 2, "source": "Unit", "weeks": 20},
                    "rts.criteria": {
                        "version": 2,
                        "source": "Unit",
                        "thresholds": {"front_plank_s": 60},
                        "omit": ["agility_t_test"],
                    },
                    "checklist.due": {
                        "version": 2,
                        "source": "Unit",
                        "due_days_before": {"consent": 3},
                    },
                }
            )
        )
        assert parsed.rts_time.params.weeks == 20
        assert parsed.rts_criteria.params.thresholds == {"front_plank_s": 60}
        assert parsed.checklist_due.params.due_days_before == {"consent": 3}

    def test_load_yaml_and_json(self, tmp_path):
        document = policy(**{"rts.minimum_time": {"version": 2, "source": "Unit", "weeks": 18}})
        (tmp_path / "p.yaml").write_text(yaml.safe_dump(document))
        (tmp_path / "p.json").write_text(json.dumps(document))
        assert load_policy(tmp_path / "p.yaml").rts_time.params.weeks == 18
        assert load_policy(tmp_path / "p.json").rts_time.params.weeks == 18


@pytest.mark.parametrize(
    ("rules", "field", "words"),
    [
        (
            {"operative.traction_time": {"limit_minutes": 90}},
            "rules.operative.traction_time.version",
            "is required",
        ),
        (
            {"operative.traction_time": {"version": 2, "limit_minutes": 90}},
            "rules.operative.traction_time.source",
            "is required",
        ),
        (
            {"operative.traction_time": {"version": 1, "source": "x", "limit_minutes": 90}},
            "rules.operative.traction_time.version",
            "greater than the default rule's version 1",
        ),
        (
            {"operative.traction_time": {"version": 2, "source": "x"}},
            "rules.operative.traction_time",
            "nothing to change",
        ),
        (
            {"operative.traction_time": {"version": 2, "source": "x", "limit_minutes": 0}},
            "rules.operative.traction_time.limit_minutes",
            ">= 1",
        ),
        (
            {"operative.traction_time": {"version": 2, "source": "x", "limit": 90}},
            "rules.operative.traction_time.limit",
            "unknown field",
        ),
        ({"operative.traction": {"version": 2}}, "rules.operative.traction", "unknown field"),
        (
            {"weight_bearing.extended": {"version": 2, "source": "x", "base_weeks": 9}},
            "rules.weight_bearing.extended.base_weeks",
            "must not exceed extended_weeks",
        ),
        (
            {"rts.criteria": {"version": 2, "source": "x", "thresholds": {"hop_battery": 1}}},
            "rules.rts.criteria.thresholds",
            "got 'hop_battery'",
        ),
        (
            {"rts.criteria": {"version": 2, "source": "x", "omit": ["juggling"]}},
            "rules.rts.criteria.omit[0]",
            "must be one of",
        ),
        (
            {"medication.stop": {"version": 2, "source": "x", "categories": {"opioid": 3}}},
            "rules.medication.stop.categories.opioid",
            "unknown field",
        ),
        (
            {"medication.stop": {"version": 2, "source": "x", "drugs": {"warfarin": 90}}},
            "rules.medication.stop.drugs.warfarin",
            "<= 60",
        ),
        (
            {"checklist.due": {"version": 2, "source": "x", "due_days_before": {"shave": 1}}},
            "rules.checklist.due.due_days_before.shave",
            "unknown field",
        ),
    ],
)
def test_errors_name_the_field(rules, field, words):
    error = error_of(policy(**rules))
    assert error.field == field
    assert words in error.problem


def test_wrong_schema_id():
    error = error_of({"schema": "chondral.rules/1", "id": "x", "version": "1"})
    assert error.field == "schema"


def test_file_errors_name_the_file(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(
        yaml.safe_dump(policy(**{"rts.minimum_time": {"version": 2, "source": "x", "weeks": 0}}))
    )
    with pytest.raises(InputDataError) as caught:
        load_policy(path)
    assert caught.value.field == "rules.rts.minimum_time.weeks"
    assert str(path) in caught.value.problem
    with pytest.raises(InputDataError, match="file not found"):
        load_policy(tmp_path / "missing.yaml")
