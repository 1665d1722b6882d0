"""Issue 10, item 7: the outcome definitions checked against public copies of the forms.

Each test states a known truth from a form or the source table, not a snapshot of the resource:
the NAHS questions as printed on the NAHS form (studylib copy), the iHOT-12 item 5 work context,
the limp row of the ISHA modified Harris Hip Score form, and the Nwachukwu 2020 values behind the
threshold file's note. None of these changes a score; the tests show that too.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

from chondral.outcomes import (
    Measure,
    default_threshold_set,
    get_instrument,
    instruments_document,
    score_mhhs,
    score_nahs,
)


def nahs_labels(domain: str) -> list[str]:
    return [item.label for item in get_instrument("nahs").items if item.domain == domain]


class TestNahsFollowsTheForm:
    def test_mechanical_symptoms_in_form_order(self) -> None:
        # form: catching or locking; giving way; stiffness; decreased movement
        assert nahs_labels("mechanical_symptoms") == [
            "Catching or locking of the hip",
            "The hip giving way",
            "Stiffness in the hip",
            "Decreased movement in the hip",
        ]

    def test_physical_function_item_5_is_rising_from_bed(self) -> None:
        labels = nahs_labels("physical_function")
        assert labels[4] == "Rising from bed"
        assert not any("bath" in label.lower() for label in labels)
        # form: descending stairs, ascending stairs, rising from sitting, putting on socks
        assert labels[:4] == [
            "Going down stairs",
            "Going up stairs",
            "Rising from sitting",
            "Putting on socks",
        ]

    def test_pain_items_in_form_order(self) -> None:
        assert nahs_labels("pain") == [
            "Pain walking on a flat surface",
            "Pain going up or down stairs",
            "Pain at night in bed",
            "Pain sitting or lying",
            "Pain standing upright",
        ]

    def test_activity_items_follow_christensen_2003(self) -> None:
        labels = [label.lower() for label in nahs_labels("activity")]
        assert len(labels) == 6
        assert "high-demand sport" in labels[0] and "sprinting or cutting" in labels[0]
        assert "low-demand sport" in labels[1] and "golf" in labels[1]
        assert labels[2:] == [
            "jogging for exercise",
            "walking for exercise",
            "heavy household duties",
            "light household duties",
        ]

    def test_item_codes_and_scores_are_unchanged(self) -> None:
        # the relabelling moves no answer: n6..n9 stay mechanical, n14 stays physical function
        assert [item.code for item in get_instrument("nahs").items] == [
            f"n{i}" for i in range(1, 21)
        ]
        answers = {f"n{i}": (i * 7) % 5 for i in range(1, 21)}
        assert sum(answers.values()) == 40
        assert score_nahs(answers).score == Decimal("50.0")


class TestIhot12:
    def test_item_5_keeps_its_work_context(self) -> None:
        item = get_instrument("ihot12").items_by_code["q5"]
        assert item.label == "Pushing, pulling, lifting or carrying heavy objects at work"


class TestMhhsLimp:
    def test_unable_to_walk_is_offered_and_worth_0(self) -> None:
        limp = get_instrument("mhhs").items_by_code["limp"].answer
        assert limp.points_by_value["unable_to_walk"] == 0
        assert [option.value for option in limp.options] == [
            "none",
            "slight",
            "moderate",
            "severe",
            "unable_to_walk",
        ]
        assert (limp.minimum, limp.maximum) == (0, 11)

    def test_scores_of_existing_answers_do_not_change(self, mhhs_best: dict[str, str]) -> None:
        # raw = 91 - 11 + limp points: none 91 -> 100.0 (cap), slight 88, moderate 85, severe 80
        expected = {"none": "100.0", "slight": "96.8", "moderate": "93.5", "severe": "88.0"}
        for code, score in expected.items():
            assert score_mhhs({**mhhs_best, "limp": code}).score == Decimal(score)

    def test_unable_to_walk_scores_like_severe(self, mhhs_best: dict[str, str]) -> None:
        unable = score_mhhs({**mhhs_best, "limp": "unable_to_walk"})
        severe = score_mhhs({**mhhs_best, "limp": "severe"})
        assert unable.score == severe.score == Decimal("88.0")

    def test_the_rendered_form_offers_it(self) -> None:
        (mhhs,) = [i for i in instruments_document()["instruments"] if i["code"] == "mhhs"]
        (limp,) = [item for item in mhhs["items"] if item["code"] == "limp"]
        assert {"value": "unable_to_walk", "label": "I cannot walk", "points": 0} in limp["answer"][
            "options"
        ]


class TestThresholdNote:
    @staticmethod
    def note() -> str:
        name = "thresholds-nwachukwu-2020.json"
        text = resources.files("chondral.outcomes").joinpath("resources", name).read_text("utf-8")
        note: str = json.loads(text)["note"]
        return note

    @pytest.mark.parametrize(("months", "relation"), [(12, "equal"), (60, "below")])
    def test_hos_adl_scb_is_not_above_its_pass(self, months: int, relation: str) -> None:
        thresholds = default_threshold_set()
        scb = thresholds.find("hos_adl", Measure.SCB, months)
        pass_ = thresholds.find("hos_adl", Measure.PASS, months)
        assert scb is not None and pass_ is not None
        if relation == "equal":
            assert scb.value == pass_.value == Decimal("89.7")
        else:
            assert scb.value == Decimal("94.6") < pass_.value == Decimal("99.2")

    def test_the_note_says_so(self) -> None:
        note = self.note()
        assert "every SCB exceeds its PASS" not in note
        assert "89.7 = 89.7" in note and "94.6 < 99.2" in note
        assert "absolute follow-up scores" in note
