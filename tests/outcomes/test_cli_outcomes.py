"""``chondral score`` and ``chondral outcomes`` through the command line's ``run``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chondral.cli.main import run

Capture = pytest.CaptureFixture[str]


def ihot(date: str, mark: float) -> dict[str, Any]:
    return {"instrument": "ihot12", "date": date, "answers": {f"q{i}": mark for i in range(1, 13)}}


class TestScoreCommand:
    def test_json(
        self, write_json: Callable[[str, Any], Path], mhhs_best: dict[str, str], capsys: Capture
    ) -> None:
        path = write_json("r.json", {"instrument": "mhhs", "answers": mhhs_best})
        assert run(["score", "mhhs", str(path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "instrument": "mhhs",
            "version": "1",
            "score": 100.0,
            "scorable": True,
            "answered": 8,
            "reason": None,
        }

    def test_unscorable_form_exits_0_with_reason(
        self, write_json: Callable[[str, Any], Path], capsys: Capture
    ) -> None:
        answers = {f"adl_{i}": 3 for i in range(1, 9)}
        path = write_json("r.json", {"instrument": "hos_adl", "answers": answers})
        assert run(["score", "hos_adl", str(path), "--json"]) == 0
        output = json.loads(capsys.readouterr().out)
        assert output["score"] is None and output["scorable"] is False
        assert output["answered"] == 8
        assert "adl_9" in output["reason"] and "adl_17" in output["reason"]

    def test_readable_output(self, write_json: Callable[[str, Any], Path], capsys: Capture) -> None:
        path = write_json("r.json", {"instrument": "vas_pain", "answers": {"pain": 3.25}})
        assert run(["score", "vas_pain", str(path)]) == 0
        assert "vas_pain (version 1): 3.3" in capsys.readouterr().out
        path = write_json("r.json", {"instrument": "vas_pain", "answers": {}})
        assert run(["score", "vas_pain", str(path)]) == 0
        assert "not scorable" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argument", "document", "message"),
        [
            (
                "mhhs",
                {"instrument": "mhhs", "answers": {"pain": "bad"}},
                "error: answers.pain: unknown answer 'bad'",
            ),
            (
                "mhhs",
                {"instrument": "mhhs", "answers": {"gait": "none"}},
                "error: answers.gait: unknown item 'gait'",
            ),
            (
                "hos_adl",
                {"instrument": "hos_adl", "answers": {"adl_2": 5}},
                "error: answers.adl_2: 5 is out of range",
            ),
            (
                "hos_adl",
                {"instrument": "hos_adl", "answers": {"adl_2": True}},
                "error: answers.adl_2: expected a whole number",
            ),
            (
                "koos",
                {"instrument": "koos", "answers": {}},
                "error: INSTRUMENT: unknown instrument 'koos'",
            ),
            (
                "hos_adl",
                {"instrument": "mhhs", "answers": {}},
                "error: instrument: the file holds a mhhs response, but hos_adl was asked for",
            ),
            (
                "mhhs",
                {"instrument": "koos", "answers": {}},
                "error: instrument: unknown instrument 'koos'",
            ),
            ("mhhs", {"answers": {}}, "error: instrument: is required"),
            (
                "mhhs",
                {"instrument": "mhhs", "answers": {}, "date": "2024-01-01"},
                "error: date: unknown field",
            ),
            ("mhhs", ["mhhs"], "must be an object with 'instrument' and 'answers'"),
        ],
    )
    def test_bad_input_exits_2_with_one_line(
        self,
        write_json: Callable[[str, Any], Path],
        capsys: Capture,
        argument: str,
        document: Any,
        message: str,
    ) -> None:
        path = write_json("r.json", document)
        assert run(["score", argument, str(path), "--json"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and message in lines[0]
        assert "Traceback" not in captured.err

    def test_missing_file(self, tmp_path: Path, capsys: Capture) -> None:
        assert run(["score", "mhhs", str(tmp_path / "none.json")]) == 2
        assert "file not found" in capsys.readouterr().err


class TestOutcomesCommand:
    def test_json(self, write_case: Callable[..., Path], capsys: Capture) -> None:
        case = write_case([ihot("2024-02-20", 30.2), ihot("2025-03-01", 45.3)])
        assert run(["outcomes", str(case), "--json"]) == 0
        output = json.loads(capsys.readouterr().out)
        assert output["case_id"] == "TEST-001" and output["side"] == "right"
        assert output["threshold_set"]["id"] == "nwachukwu-2020"
        follow_up = output["instruments"][0]["follow_ups"][0]
        assert follow_up["days_from_surgery"] == 365 and follow_up["time_point"] == "1 year"
        assert follow_up["change"] == 15.1 and follow_up["mcid_achieved"] is True
        assert follow_up["pass_achieved"] is False and follow_up["scb_achieved"] is False

    def test_readable_output_and_plots(
        self,
        write_case: Callable[..., Path],
        tmp_path: Path,
        capsys: Capture,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("COLUMNS", "160")
        vas = [
            {"instrument": "vas_pain", "date": "2024-02-01", "answers": {"pain": 7}},
            {"instrument": "vas_pain", "date": "2024-09-01", "answers": {"pain": 2}},
        ]
        sport = {"instrument": "hos_sport", "date": "2024-06-01", "answers": {"sport_1": 2}}
        case = write_case([ihot("2024-02-20", 30.2), ihot("2025-03-01", 45.3), *vas, sport])
        plots = tmp_path / "plots"
        assert run(["outcomes", str(case), "--plots", str(plots)]) == 0
        out = capsys.readouterr().out
        assert "RIGHT hip" in out and "1 year" in out and "+15.1" in out
        assert "nwachukwu-2020" in out
        assert "has no values for vas_pain" in out
        assert "not scorable" in out and "the follow-up is not scorable" in out
        assert (plots / "outcomes-ihot12.png").is_file()
        chart = json.loads((plots / "outcomes-chart.json").read_text(encoding="utf-8"))
        assert [c["instrument"] for c in chart["instruments"]] == [
            "hos_sport",
            "ihot12",
            "vas_pain",
        ]

    def test_no_proms(self, write_case: Callable[..., Path], capsys: Capture) -> None:
        assert run(["outcomes", str(write_case([]))]) == 0
        assert "No outcome questionnaires recorded" in capsys.readouterr().out

    def test_json_with_plots_prints_only_json(
        self, write_case: Callable[..., Path], tmp_path: Path, capsys: Capture
    ) -> None:
        case = write_case([ihot("2024-02-20", 50)])
        assert run(["outcomes", str(case), "--json", "--plots", str(tmp_path / "p")]) == 0
        json.loads(capsys.readouterr().out)

    def test_missing_surgery_date(self, write_case: Callable[..., Path], capsys: Capture) -> None:
        case = write_case([ihot("2024-02-20", 50)], surgery_date=None)
        assert run(["outcomes", str(case)]) == 2
        assert capsys.readouterr().err.startswith("error: surgery_date: a surgery date is needed")

    def test_bad_answer_in_case_names_its_path(
        self, write_case: Callable[..., Path], capsys: Capture
    ) -> None:
        bad = {"instrument": "hos_adl", "date": "2024-02-20", "answers": {"adl_4": 9}}
        case = write_case([ihot("2024-02-20", 50), bad])
        assert run(["outcomes", str(case)]) == 2
        assert capsys.readouterr().err.startswith("error: proms[1].answers.adl_4: 9 is out of")

    def test_custom_thresholds(
        self,
        write_case: Callable[..., Path],
        write_json: Callable[[str, Any], Path],
        capsys: Capture,
    ) -> None:
        thresholds = write_json(
            "t.json",
            {
                "schema": "chondral.thresholds/1",
                "id": "martin-2019",
                "version": "1",
                "source": "Martin/Kivlan et al. Arthroscopy 2019;35:411",
                "thresholds": [
                    {
                        "instrument": "ihot12",
                        "measure": "mcid",
                        "basis": "change",
                        "time_point_months": 12,
                        "value": 13,
                        "source": "ibid.",
                    }
                ],
            },
        )
        case = write_case([ihot("2024-02-20", 40), ihot("2025-03-01", 53)])
        assert run(["outcomes", str(case), "--json", "--thresholds", str(thresholds)]) == 0
        output = json.loads(capsys.readouterr().out)
        assert output["threshold_set"]["id"] == "martin-2019"
        follow_up = output["instruments"][0]["follow_ups"][0]
        assert follow_up["mcid_achieved"] is True and follow_up["pass_achieved"] is None

    def test_bad_thresholds_file_names_the_field(
        self,
        write_case: Callable[..., Path],
        write_json: Callable[[str, Any], Path],
        capsys: Capture,
    ) -> None:
        thresholds = write_json(
            "t.json",
            {
                "schema": "chondral.thresholds/1",
                "id": "x",
                "version": "1",
                "source": "s",
                "thresholds": [
                    {
                        "instrument": "ihot12",
                        "measure": "pass",
                        "basis": "change",
                        "time_point_months": 12,
                        "value": 13,
                        "source": "s",
                    }
                ],
            },
        )
        case = write_case([])
        assert run(["outcomes", str(case), "--thresholds", str(thresholds)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: thresholds[0].basis: ")
        assert "t.json" in err and "must have basis score" in err

    def test_yaml_thresholds_file(
        self, write_case: Callable[..., Path], tmp_path: Path, capsys: Capture
    ) -> None:
        path = tmp_path / "t.yaml"
        path.write_text(
            "schema: chondral.thresholds/1\nid: y\nversion: '2'\nsource: s\nthresholds:\n"
            "  - {instrument: ihot12, measure: pass, basis: score, time_point_months: 12,\n"
            "     value: 45.3, source: s}\n",
            encoding="utf-8",
        )
        case = write_case([ihot("2024-02-20", 40), ihot("2025-03-01", 45.3)])
        assert run(["outcomes", str(case), "--json", "--thresholds", str(path)]) == 0
        follow_up = json.loads(capsys.readouterr().out)["instruments"][0]["follow_ups"][0]
        assert follow_up["pass_achieved"] is True  # 45.3 >= 45.3, read exactly from YAML
