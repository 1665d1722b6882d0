"""The pre-operative checklist: ready only when every required item is done."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.io.casefile import parse_case
from chondral.io.checklist_json import checklist_to_dict
from chondral.pathway import (
    DEFAULT_POLICY,
    ChecklistDueParams,
    ItemState,
    Requirement,
    build_checklist,
    checklist_template,
)
from pathway_factories import SURGERY, all_done_checklist, pathway_case, pathway_document

AS_OF = dt.date(2025, 2, 1)
TEMPLATE = checklist_template()
ALWAYS = [item.id for item in TEMPLATE if item.required is Requirement.ALWAYS]
ORDERABLE = [item.id for item in TEMPLATE if item.required is Requirement.WHEN_ORDERED]


def checklist_of(case, as_of=AS_OF, policy=DEFAULT_POLICY):
    return build_checklist(case, SURGERY, as_of=as_of, policy=policy)


def with_entries(**entries):
    checklist = all_done_checklist()
    checklist.update(entries)
    return pathway_case(checklist=checklist)


def test_items_recorded_as_done_after_the_day_read_are_still_pending():
    """A checklist read on 2024-12-01 cannot count work dated 2025-01-13 as done."""
    checklist = all_done_checklist()
    for entry in checklist.values():
        entry["date"] = "2025-01-13"
    case = pathway_case(checklist=checklist)
    early = checklist_of(case, as_of=dt.date(2024, 12, 1))
    assert not early.ready
    dated = [entry for entry in early.items if entry.done_date == dt.date(2025, 1, 13)]
    assert dated and all(entry.state is ItemState.PENDING for entry in dated)
    assert checklist_of(case, as_of=dt.date(2025, 1, 13)).ready


def test_an_item_dated_after_the_surgery_never_counts():
    checklist = all_done_checklist()
    checklist["consent"] = {"state": "done", "date": (SURGERY + dt.timedelta(days=7)).isoformat()}
    result = checklist_of(pathway_case(checklist=checklist), as_of=SURGERY + dt.timedelta(days=30))
    assert not result.ready and "consent" in result.blocking
    assert any("after the surgery" in note for note in item(result, "consent").notes)


def item(result, item_id):
    return next(i for i in result.items if i.id == item_id)


class TestReady:
    def test_all_done_is_ready(self):
        result = checklist_of(pathway_case())
        assert result.ready and result.blocking == ()
        assert [i.id for i in result.items] == [t.id for t in TEMPLATE]

    @pytest.mark.parametrize("item_id", ALWAYS)
    def test_any_required_item_pending_blocks(self, item_id):
        document = pathway_document()
        del document["checklist"][item_id]
        result = checklist_of(parse_case(document))
        assert not result.ready
        assert result.blocking == (item_id,)
        assert item(result, item_id).state is ItemState.PENDING

    def test_nothing_recorded_blocks_on_every_item(self):
        result = checklist_of(pathway_case(checklist={}))
        assert result.blocking == tuple(t.id for t in TEMPLATE)

    @pytest.mark.parametrize("item_id", ORDERABLE)
    def test_not_ordered_is_not_required(self, item_id):
        result = checklist_of(with_entries(**{item_id: {"ordered": False}}))
        assert result.ready
        entry = item(result, item_id)
        assert entry.state is ItemState.NOT_ORDERED and not entry.required and not entry.overdue

    @pytest.mark.parametrize("item_id", ORDERABLE)
    def test_ordered_and_pending_blocks(self, item_id):
        result = checklist_of(with_entries(**{item_id: {"ordered": True}}))
        assert result.blocking == (item_id,)

    @pytest.mark.parametrize("item_id", ORDERABLE)
    def test_undecided_order_blocks_and_says_so(self, item_id):
        result = checklist_of(with_entries(**{item_id: {}}))
        assert result.blocking == (item_id,)
        assert item(result, item_id).notes == (
            "record whether it was ordered (ordered: true or false)",
        )

    @settings(max_examples=150, deadline=None)
    @given(
        st.fixed_dictionaries(
            {item_id: st.sampled_from(["pending", "done", "absent"]) for item_id in ALWAYS}
        ),
        st.fixed_dictionaries(
            {
                item_id: st.sampled_from(
                    [
                        "absent",
                        "undecided",
                        "not_ordered",
                        "ordered_pending",
                        "ordered_done",
                        "done",
                    ]
                )
                for item_id in ORDERABLE
            }
        ),
    )
    def test_ready_exactly_when_every_required_item_is_done(self, always, orderable):
        checklist = {}
        expected_blocking = set()
        for item_id, state in always.items():
            if state != "absent":
                checklist[item_id] = {"state": state}
            if state != "done":
                expected_blocking.add(item_id)
        entries = {
            "absent": None,
            "undecided": {},
            "not_ordered": {"ordered": False},
            "ordered_pending": {"ordered": True},
            "ordered_done": {"ordered": True, "state": "done"},
            "done": {"state": "done"},
        }
        for item_id, state in orderable.items():
            if entries[state] is not None:
                checklist[item_id] = entries[state]
            if state in ("absent", "undecided", "ordered_pending"):
                expected_blocking.add(item_id)
        result = checklist_of(pathway_case(checklist=checklist))
        assert set(result.blocking) == expected_blocking
        assert result.ready is (not expected_blocking)
        required_not_done = {
            i.id for i in result.items if i.required and i.state is not ItemState.DONE
        }
        assert required_not_done == expected_blocking


class TestDueAndOverdue:
    def test_due_dates_count_back_from_surgery(self):
        result = checklist_of(pathway_case())
        assert item(result, "history").due == dt.date(2025, 2, 3)  # 28 days before
        assert item(result, "consent").due == dt.date(2025, 3, 2)
        assert item(result, "medication_review").due == dt.date(2025, 2, 10)

    def test_overdue_only_after_the_due_day(self):
        case = with_entries(consent={"state": "pending"})
        due = item(checklist_of(case), "consent").due
        assert not item(checklist_of(case, as_of=due), "consent").overdue
        late = checklist_of(case, as_of=due + dt.timedelta(days=1))
        assert item(late, "consent").overdue
        assert late.overdue == ("consent",)

    def test_done_items_are_never_overdue(self):
        result = checklist_of(pathway_case(), as_of=SURGERY)
        assert result.overdue == ()

    def test_policy_changes_a_due_date(self):
        rule = dataclasses.replace(
            DEFAULT_POLICY.checklist_due, params=ChecklistDueParams({"consent": 10})
        )
        policy = dataclasses.replace(DEFAULT_POLICY, checklist_due=rule)
        result = checklist_of(pathway_case(), policy=policy)
        assert item(result, "consent").due == dt.date(2025, 2, 21)
        assert item(result, "history").due == dt.date(2025, 2, 3)

    def test_done_date_is_reported(self):
        case = with_entries(history={"state": "done", "date": "2025-01-20"})
        assert item(checklist_of(case), "history").done_date == dt.date(2025, 1, 20)


class TestMedications:
    def medicine(self, **fields):
        entry = {"name": "naproxen", "category": "nsaid", **fields}
        return pathway_case(medications=[entry])

    def test_nsaid_stop_date_is_7_days_before(self):
        result = checklist_of(self.medicine())
        stop = item(result, "stop_naproxen")
        assert stop.due == dt.date(2025, 2, 24)
        assert stop.owner.value == "patient"
        assert "7 days before surgery" in stop.title
        assert stop.state is ItemState.PENDING and result.blocking == ("stop_naproxen",)
        assert stop.rule_id == "pathway.medication.stop/1"

    def test_stopped_on_the_due_day_is_done(self):
        result = checklist_of(self.medicine(stopped_on="2025-02-24"), as_of=dt.date(2025, 2, 24))
        assert item(result, "stop_naproxen").state is ItemState.DONE and result.ready

    def test_a_stop_date_still_to_come_is_pending_until_that_day(self):
        case = self.medicine(stopped_on="2025-02-24")
        before = item(checklist_of(case, as_of=dt.date(2025, 2, 23)), "stop_naproxen")
        assert before.state is ItemState.PENDING
        assert any("to stop on 2025-02-24" in note for note in before.notes)

    def test_stopped_a_day_late_stays_pending_with_a_note(self):
        result = checklist_of(self.medicine(stopped_on="2025-02-25"))
        stop = item(result, "stop_naproxen")
        assert stop.state is ItemState.PENDING and not result.ready
        assert any("later than 2025-02-24" in note for note in stop.notes)

    def test_surgeon_decision_completes_the_item(self):
        decision = {"surgeon": "Dr B", "date": "2025-02-20", "plan": "continue, low dose"}
        result = checklist_of(self.medicine(surgeon_decision=decision), as_of=dt.date(2025, 2, 21))
        stop = item(result, "stop_naproxen")
        assert stop.state is ItemState.DONE and stop.done_date == dt.date(2025, 2, 20)
        assert any("continue, low dose" in note for note in stop.notes)

    def test_a_decision_dated_after_the_day_read_does_not_count_yet(self):
        decision = {"surgeon": "Dr B", "date": "2025-02-20", "plan": "continue, low dose"}
        result = checklist_of(self.medicine(surgeon_decision=decision), as_of=dt.date(2025, 2, 19))
        assert item(result, "stop_naproxen").state is ItemState.PENDING

    def test_low_authority_anticoagulant_default_is_labelled(self):
        case = pathway_case(medications=[{"name": "Warfarin", "category": "anticoagulant"}])
        stop = item(checklist_of(case), "stop_warfarin")
        assert stop.due == dt.date(2025, 2, 26)  # 5 days
        assert "low-authority default" in stop.title
        assert "LOW AUTHORITY" in stop.source
        assert stop.owner.value == "surgeon"

    def test_anticoagulant_without_interval_needs_a_surgeon_decision(self):
        case = pathway_case(
            medications=[
                {"name": "dabigatran", "category": "anticoagulant", "stopped_on": "2025-02-27"}
            ]
        )
        stop = item(checklist_of(case), "stop_dabigatran")
        assert stop.title.startswith("Agree a stop plan for dabigatran")
        assert stop.due == dt.date(2025, 2, 10)  # the medication review's due date
        assert stop.state is ItemState.PENDING
        assert any("surgeon's decision must be recorded" in note for note in stop.notes)

    def test_supplement_interval_is_marked_as_an_assumption(self):
        case = pathway_case(medications=[{"name": "fish oil", "category": "supplement"}])
        stop = item(checklist_of(case), "stop_fish_oil")
        assert "assumed interval" in stop.title and "assumption" in stop.source

    def test_other_medicines_need_no_stop(self):
        case = pathway_case(medications=[{"name": "levothyroxine", "category": "other"}])
        result = checklist_of(case)
        assert [i.id for i in result.items] == [t.id for t in TEMPLATE] and result.ready

    def test_aspirin_carries_the_cardiac_note(self):
        case = pathway_case(medications=[{"name": "aspirin", "category": "aspirin"}])
        assert any("heart or vessel" in n for n in item(checklist_of(case), "stop_aspirin").notes)


class TestOutput:
    def test_latex_allergy_alert(self):
        case = pathway_case(
            allergies={"medicines": ["penicillin"], "anaesthesia": [], "latex": True}
        )
        assert checklist_of(case).alerts == (
            "LATEX ALLERGY: latex-free theatre, ward and equipment",
            "Medicine allergy: penicillin",
        )

    def test_json_shape(self):
        document = checklist_to_dict(checklist_of(with_entries(consent={})))
        assert document["ready"] is False and document["blocking"] == ["consent"]
        assert document["side"] == "right"
        for entry in document["items"]:
            assert {"id", "title", "owner", "due", "state", "required", "overdue"} <= set(entry)
