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


def one_error_line(capsys: Capture) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


class TestMinAnswered:
    """``--min-answered INSTRUMENT=N`` on both commands; the default is said to be ours."""

    def test_score_with_a_lower_minimum(
        self, write_json: Callable[[str, Any], Path], capsys: Capture
    ) -> None:
        answers = {f"adl_{i}": 3 for i in range(1, 9)}  # 8 answered: below the default 9
        path = write_json("r.json", {"instrument": "hos_adl", "answers": answers})
        assert run(["score", "hos_adl", str(path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["score"] is None
        argv = ["score", "hos_adl", str(path), "--json", "--min-answered", "hos_adl=8"]
        assert run(argv) == 0
        output = json.loads(capsys.readouterr().out)
        assert output["score"] == 75.0
        assert output["answered_rule"]["min_answered"] == 8
        assert output["answered_rule"]["default"] == 9
        assert output["answered_rule"]["published"] is False

    def test_score_text_says_the_minimum_is_ours(
        self,
        write_json: Callable[[str, Any], Path],
        capsys: Capture,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("COLUMNS", "200")
        answers = {f"sport_{i}": 2 for i in range(1, 10)}
        path = write_json("r.json", {"instrument": "hos_sport", "answers": answers})
        assert run(["score", "hos_sport", str(path)]) == 0
        out = capsys.readouterr().out
        assert "hos_sport (version 1): 50.0" in out
        assert "at least 5 of 9 items answered: chondral's default, not a published rule" in out

    def test_outcomes_with_minimums(
        self, write_case: Callable[..., Path], capsys: Capture, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COLUMNS", "200")
        sport = {"instrument": "hos_sport", "date": "2024-02-01", "answers": {"sport_1": 4}}
        case = write_case([sport, ihot("2024-02-20", 30.2)])
        argv = ["outcomes", str(case), "--json", "--min-answered", "hos_sport=1"]
        assert run([*argv, "--min-answered", "ihot12=12"]) == 0
        courses = json.loads(capsys.readouterr().out)["instruments"]
        assert courses[0]["baseline"]["score"] == 100.0
        assert courses[0]["baseline"]["answered_rule"]["min_answered"] == 1
        assert courses[1]["baseline"]["answered_rule"]["min_answered"] == 12
        assert run(["outcomes", str(case)]) == 0
        out = capsys.readouterr().out
        assert "Minimum answered items: hos_sport: at least 5 of 9 items answered" in out

    @pytest.mark.parametrize(
        ("entry", "problem"),
        [
            ("koos=3", "unknown instrument 'koos'"),
            ("mhhs=7", "mhhs has no configurable minimum"),
            ("hos_adl=x", "expected INSTRUMENT=N"),
            ("hos_adl=2.5", "expected INSTRUMENT=N"),
            ("hos_adl=0", "from 1 to 17, got 0"),
            ("hos_adl=18", "from 1 to 17, got 18"),
            ("ihot12=13", "from 1 to 12, got 13"),
            ("nahs=21", "from 1 to 20, got 21"),
            ("hos_adl=8\nboom", "expected INSTRUMENT=N"),
        ],
    )
    @pytest.mark.parametrize("command", ["score", "outcomes"])
    def test_refused_with_one_line_naming_the_flag(
        self,
        write_json: Callable[[str, Any], Path],
        write_case: Callable[..., Path],
        capsys: Capture,
        command: str,
        entry: str,
        problem: str,
    ) -> None:
        if command == "score":
            path = write_json("r.json", {"instrument": "hos_adl", "answers": {"adl_1": 4}})
            argv = ["score", "hos_adl", str(path)]
        else:
            argv = ["outcomes", str(write_case([]))]
        assert run([*argv, "--min-answered", entry]) == 2
        line = one_error_line(capsys)
        assert line.startswith("error: --min-answered: ") and problem in line


class TestPlotsFolder:
    @pytest.mark.parametrize("kind", ["file", "dev_null", "too_long", "under_a_file"])
    def test_a_folder_that_cannot_be_made_is_one_line(
        self, write_case: Callable[..., Path], tmp_path: Path, capsys: Capture, kind: str
    ) -> None:
        a_file = tmp_path / "a-file"
        a_file.write_text("x", encoding="utf-8")
        plots = {
            "file": a_file,
            "dev_null": Path("/dev/null"),
            "too_long": tmp_path / ("p" * 300),
            "under_a_file": a_file / "plots",
        }[kind]
        case = write_case([ihot("2024-02-20", 50)])
        assert run(["outcomes", str(case), "--plots", str(plots)]) == 2
        line = one_error_line(capsys)
        assert line.startswith("error: --plots: cannot create the folder")
        assert len(line) < 300
