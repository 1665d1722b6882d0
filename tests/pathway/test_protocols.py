"""Protocols as data: the bundled protocol loads and cites its sources; a malformed protocol is
refused naming the field."""

import copy
import json
from importlib import resources

import pytest

from chondral.domain import RuleKind
from chondral.pathway import default_protocol, parse_protocol


def document():
    text = (
        resources.files("chondral.pathway") / "resources" / "microfracture-protocol.json"
    ).read_text(encoding="utf-8")
    return json.loads(text)


def test_default_protocol():
    protocol = default_protocol()
    assert [p.id for p in protocol.phases] == ["I", "II", "III", "IV"]
    assert [p.first_week for p in protocol.phases] == [1, 7, 9, 17]  # Crawford/Philippon
    assert "20 lb" in protocol.weight_bearing_restriction
    assert all(p.source for p in protocol.phases)
    assert all(r.source for p in protocol.phases for r in p.restrictions)
    assert protocol.proms.rule.kind is RuleKind.EVIDENCE
    assert protocol.pain_notes[0].rule.rule_id == "pathway.pain.nsaid_question/1"
    exercises = " ".join(protocol.phases[0].exercises)
    assert "CPM" in exercises and "bike from day 1, no resistance" in exercises


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("phases"), "phases: is required"),
        (lambda d: d["phases"][2].update(first_week=6), r"phases\[2\].first_week"),
        (lambda d: d["phases"][1].update(first_week=8), r"phases\[1\].first_week"),
        (lambda d: d["phases"][0].update(shifts_with_protection=True), r"phases\[0\]"),
        (
            lambda d: d["visits"]["items"][0].update(months=1),
            r"visits.items\[0\]: give weeks or months",
        ),
        (lambda d: d["phases"][0]["restrictions"][0].update(days=0), r"restrictions\[0\].days"),
        (lambda d: d["proms"]["time_points"][0].update(months=-1), "must not be negative"),
        (lambda d: d["phases"][0].update(goals="protect"), r"phases\[0\].goals: must be list"),
        (lambda d: d["phases"][0].update(first_week=True), r"phases\[0\].first_week: must be int"),
    ],
)
def test_malformed_protocols_are_refused(change, message):
    broken = copy.deepcopy(document())
    change(broken)
    with pytest.raises(ValueError, match=message):
        parse_protocol(broken)
