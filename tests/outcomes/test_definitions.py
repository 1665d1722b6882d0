"""The questionnaire definitions resource: one place, consistent, and the scorers use it."""

from __future__ import annotations

from typing import Any

import pytest

from chondral.outcomes import (
    AnswerKind,
    Instrument,
    get_instrument,
    hos_adl,
    ihot12,
    instrument_definitions,
    instruments_document,
    mhhs,
    nahs,
    vas_pain,
)
from chondral.outcomes import _definitions as definitions_module
from chondral.outcomes._definitions import _read_format, _read_instrument, _ResourceError


class TestResource:
    def test_every_instrument_enum_member_is_defined(self) -> None:
        assert list(instrument_definitions()) == [str(code) for code in Instrument]

    @pytest.mark.parametrize(
        ("code", "items"),
        [
            ("mhhs", 8),
            ("hos_adl", 17),
            ("hos_sport", 9),
            ("ihot12", 12),
            ("nahs", 20),
            ("vas_pain", 1),
        ],
    )
    def test_item_counts(self, code: str, items: int) -> None:
        assert len(get_instrument(code).items) == items

    def test_item_codes_follow_the_issue(self) -> None:
        assert get_instrument("hos_adl").item_codes == tuple(f"adl_{i}" for i in range(1, 18))
        assert get_instrument("hos_sport").item_codes == tuple(f"sport_{i}" for i in range(1, 10))
        assert get_instrument("ihot12").item_codes == tuple(f"q{i}" for i in range(1, 13))
        assert get_instrument("nahs").item_codes == tuple(f"n{i}" for i in range(1, 21))
        assert get_instrument("vas_pain").item_codes == ("pain",)

    def test_mhhs_points_match_the_manual(self) -> None:
        points = {
            item.code: {o.value: o.points for o in item.answer.options}
            for item in get_instrument("mhhs").items
        }
        assert points == {
            "pain": {
                "none": 44,
                "slight": 40,
                "mild": 30,
                "moderate": 20,
                "marked": 10,
                "disabled": 0,
            },
            # "unable to walk" as on the ISHA form (issue 10, item 7)
            "limp": {"none": 11, "slight": 8, "moderate": 5, "severe": 0, "unable_to_walk": 0},
            "support": {
                "none": 11,
                "cane_long_walks": 7,
                "cane_most_time": 5,
                "one_crutch": 3,
                "two_canes": 2,
                "two_crutches": 0,
                "unable": 0,
            },
            "distance": {
                "unlimited": 11,
                "six_blocks": 8,
                "two_three_blocks": 5,
                "indoors": 2,
                "bed_chair": 0,
            },
            "stairs": {"normal": 4, "with_rail": 2, "any_manner": 1, "unable": 0},
            "socks_shoes": {"easy": 4, "difficult": 2, "unable": 0},
            "sitting": {"any_chair_1h": 5, "high_chair_30min": 3, "unable": 0},
            "public_transport": {"able": 1, "unable": 0},
        }
        assert sum(item.answer.maximum for item in get_instrument("mhhs").items) == 91

    def test_every_option_has_a_plain_words_label(self) -> None:
        for definition in instrument_definitions().values():
            assert definition.source and definition.scoring and definition.version
            for item in definition.items:
                assert item.label
                assert all(option.label for option in item.answer.options)

    def test_hos_items_take_0_to_4_or_na(self) -> None:
        answer = get_instrument("hos_adl").items[0].answer
        assert answer.kind is AnswerKind.INTEGER
        assert (answer.minimum, answer.maximum, answer.not_applicable) == (0, 4, "na")
        assert answer.points_by_value["na"] is None

    def test_ihot_items_are_real_0_to_100_with_anchors(self) -> None:
        answer = get_instrument("ihot12").items[0].answer
        assert answer.kind is AnswerKind.REAL and (answer.minimum, answer.maximum) == (0, 100)
        assert set(answer.anchors) == {"minimum", "maximum"}

    def test_modules_take_their_version_from_the_resource(self) -> None:
        for module in (mhhs, hos_adl, ihot12, nahs, vas_pain):
            assert module.DEFINITION.version == module.VERSION

    def test_document_is_a_fresh_copy(self) -> None:
        document = instruments_document()
        document["instruments"].clear()
        assert instruments_document()["instruments"]

    def test_nahs_items_carry_their_domain(self) -> None:
        domains = [item.domain for item in get_instrument("nahs").items]
        assert [
            domains.count(d)
            for d in ("pain", "mechanical_symptoms", "physical_function", "activity")
        ] == [5, 4, 5, 6]


class TestBrokenResourceIsCaught:
    """A broken resource must fail loudly at import, never score with a wrong table."""

    @pytest.mark.parametrize(
        "raw",
        [
            {"kind": "choice", "options": [{"value": "a", "label": "A"}]},
            {
                "kind": "choice",
                "options": [
                    {"value": "a", "label": "A", "points": 1},
                    {"value": "a", "label": "B", "points": 2},
                ],
            },
            {
                "kind": "integer",
                "minimum": 0,
                "maximum": 2,
                "options": [{"value": 0, "label": "x"}, {"value": 2, "label": "y"}],
            },
            {
                "kind": "integer",
                "minimum": 0,
                "maximum": 0,
                "not_applicable": None,
                "options": [{"value": 0, "label": "x"}, {"value": "na", "label": "y"}],
            },
        ],
    )
    def test_bad_answer_formats(self, raw: dict[str, Any]) -> None:
        with pytest.raises(_ResourceError):
            _read_format(raw, "test")

    def test_repeated_item_code(self) -> None:
        raw = {
            "code": "x",
            "title": "X",
            "version": "1",
            "direction": "higher_is_better",
            "score_range": {"minimum": 0, "maximum": 10},
            "scoring": "s",
            "source": "s",
            "items": [
                {"code": "a", "label": "A", "answer": "line"},
                {"code": "a", "label": "A", "answer": "line"},
            ],
        }
        line = _read_format({"kind": "real", "minimum": 0, "maximum": 10}, "line")
        with pytest.raises(_ResourceError, match="repeated item code"):
            _read_instrument(raw, {"line": line})

    def test_wrong_schema_and_repeated_instrument(self, monkeypatch: pytest.MonkeyPatch) -> None:
        document = instruments_document()
        monkeypatch.setattr(
            definitions_module, "instruments_document", lambda: {**document, "schema": "x"}
        )
        with pytest.raises(_ResourceError, match="schema"):
            definitions_module._load()
        doubled = {**document, "instruments": document["instruments"] * 2}
        monkeypatch.setattr(definitions_module, "instruments_document", lambda: doubled)
        with pytest.raises(_ResourceError, match="repeated instrument code"):
            definitions_module._load()
