"""chondral checklist / rehab / opnote / rts as a person or a script uses them: exit codes,
one-line errors naming the field, JSON shapes, files written."""

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from chondral.cli.main import run
from chondral.pathway import CriterionTest, default_rts_criteria
from pathway_factories import pathway_document

PASSING_RESULTS = {
    c.id: True
    if c.test is CriterionTest.PASS
    else int(c.threshold) + (1 if c.test is CriterionTest.ABOVE else 0)
    for c in default_rts_criteria()
    if c.prom is None
}
"""Every recorded criterion met by a plausible result (its threshold, or one above it), inside
the bounds the case file sets on results (a muscle grade is at most 5)."""


def write(tmp_path, document, name="case.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def one_error_line(capsys):
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert captured.out == ""
    return lines[0]


class TestChecklist:
    def test_ready_json(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["checklist", str(case), "--as-of", "2025-02-01", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["ready"] is True and result["blocking"] == []
        assert result["side"] == "right" and result["surgery_date"] == "2025-03-03"
        assert {"id", "title", "owner", "due", "state", "required", "overdue"} <= set(
            result["items"][0]
        )

    def test_not_ready_and_overdue(self, tmp_path, capsys):
        document = pathway_document()
        del document["checklist"]["consent"]
        case = write(tmp_path, document)
        assert run(["checklist", str(case), "--as-of", "2025-03-03", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["ready"] is False
        assert result["blocking"] == ["consent"] and result["overdue"] == ["consent"]

    def test_table_names_the_side(self, tmp_path, capsys):
        document = pathway_document(**{"hip.side": "left", "operative.side": "left"})
        assert run(["checklist", str(write(tmp_path, document)), "--as-of", "2025-02-01"]) == 0
        out = capsys.readouterr().out
        assert "LEFT hip" in out and "READY for surgery" in out

    def test_other_surgery_date_is_used_with_a_warning(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        args = ["checklist", str(case), "--surgery-date", "2025-04-01", "--as-of", "2025-02-01"]
        assert run([*args, "--json"]) == 0
        captured = capsys.readouterr()
        assert json.loads(captured.out)["surgery_date"] == "2025-04-01"
        assert (
            "warning: surgery date 2025-04-01 given; the case file says 2025-03-03" in captured.err
        )

    @pytest.mark.parametrize(
        ("flag", "value", "words"),
        [
            ("--surgery-date", "2026-02-30", "2026-02-30 is not a calendar date"),
            ("--surgery-date", "30/11/2025", "must be a date YYYY-MM-DD"),
            ("--as-of", "2025-13-01", "2025-13-01 is not a calendar date"),
        ],
    )
    def test_bad_dates_exit_2_naming_the_flag(self, tmp_path, capsys, flag, value, words):
        case = write(tmp_path, pathway_document())
        assert run(["checklist", str(case), flag, value]) == 2
        line = one_error_line(capsys)
        assert line.startswith(f"error: {flag}: ") and words in line

    def test_no_surgery_date_anywhere(self, tmp_path, capsys):
        document = pathway_document()
        del document["surgery_date"], document["operative"]
        assert run(["checklist", str(write(tmp_path, document))]) == 2
        assert one_error_line(capsys).startswith("error: --surgery-date: is required")

    def test_bad_case_file_names_the_field(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document(**{"operative.side": "left"}))
        assert run(["checklist", str(case)]) == 2
        assert one_error_line(capsys).startswith("error: operative.side: ")

    def test_policy_file_changes_due_dates(self, tmp_path, capsys):
        policy = tmp_path / "policy.yaml"
        policy.write_text(
            yaml.safe_dump(
                {
                    "schema": "chondral.policy/1",
                    "id": "unit",
                    "version": "1",
                    "rules": {
                        "checklist.due": {
                            "version": 2,
                            "source": "Unit",
                            "due_days_before": {"consent": 5},
                        }
                    },
                }
            )
        )
        case = write(tmp_path, pathway_document())
        assert (
            run(
                ["checklist", str(case), "--policy", str(policy), "--as-of", "2025-02-01", "--json"]
            )
            == 0
        )
        result = json.loads(capsys.readouterr().out)
        assert next(i for i in result["items"] if i["id"] == "consent")["due"] == "2025-02-26"
        assert result["policy"] == {"id": "unit", "version": "1"}

    def test_bad_policy_file_exits_2_naming_the_field(self, tmp_path, capsys):
        policy = tmp_path / "policy.yaml"
        policy.write_text(
            yaml.safe_dump(
                {
                    "schema": "chondral.policy/1",
                    "id": "unit",
                    "version": "1",
                    "rules": {"operative.traction_time": {"version": 2, "limit_minutes": 90}},
                }
            )
        )
        case = write(tmp_path, pathway_document())
        assert run(["checklist", str(case), "--policy", str(policy)]) == 2
        line = one_error_line(capsys)
        assert line.startswith("error: rules.operative.traction_time.source: ")
        assert str(policy) in line


class TestRehab:
    def test_json_and_ics(self, tmp_path, capsys):
        document = pathway_document(**{"hip.radiographic.lcea_deg": 24})
        ics = tmp_path / "rehab.ics"
        assert run(["rehab", str(write(tmp_path, document)), "--json", "--ics", str(ics)]) == 0
        captured = capsys.readouterr()
        result = json.loads(captured.out)
        assert result["weight_bearing"]["until"] == "2025-04-28"  # LCEA 24 < 25: 8 weeks
        assert result["weight_bearing"]["treated_area_source"].startswith("operative record")
        assert {"surgery_date", "weight_bearing", "phases", "visits", "prom_due"} <= set(result)
        assert f"wrote {ics}" in captured.err
        events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert any(str(e["SUMMARY"]) == "RIGHT hip: 3-month visit" for e in events)

    def test_surgery_date_flag(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["rehab", str(case), "--surgery-date", "2023-11-30", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        visits = {v["label"]: v["date"] for v in result["visits"]}
        assert visits["3-month visit"] == "2024-02-29"

    def test_impossible_surgery_date(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["rehab", str(case), "--surgery-date", "2026-02-30"]) == 2
        assert one_error_line(capsys).startswith("error: --surgery-date: 2026-02-30")

    def test_ics_needs_its_extension(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["rehab", str(case), "--ics", str(tmp_path / "rehab.txt")]) == 2
        assert "must end in .ics" in one_error_line(capsys)


class TestReturnToSport:
    def rts_document(self, approval="2025-07-21"):
        document = pathway_document()
        document["return_to_sport"] = {
            "assessments": [{"date": "2025-07-14", "results": PASSING_RESULTS}],
        }
        if approval:
            document["return_to_sport"]["approval"] = {"surgeon": "Dr A", "date": approval}
        hos_adl = {f"adl_{i}": 4 for i in range(1, 18)}
        hos_sport = {f"sport_{i}": 4 for i in range(1, 10)}
        document["proms"] = [
            {"instrument": "hos_adl", "date": "2025-07-14", "answers": hos_adl},
            {"instrument": "hos_sport", "date": "2025-07-14", "answers": hos_sport},
        ]
        return document

    def test_cleared(self, tmp_path, capsys):
        case = write(tmp_path, self.rts_document())
        assert run(["rts", str(case), "--date", "2025-07-21", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["cleared"] is True and result["blocking"] == []

    def test_blocked_by_time_and_approval(self, tmp_path, capsys):
        case = write(tmp_path, self.rts_document(approval=None))
        assert run(["rts", str(case), "--date", "2025-06-22", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["cleared"] is False
        # the results of 2025-07-14 are after the gate date, so nothing is recorded yet
        assert result["blocking"][0] == "minimum_time"
        assert result["blocking"][-1] == "surgeon_approval"

    def test_table(self, tmp_path, capsys):
        case = write(tmp_path, self.rts_document())
        assert run(["rts", str(case), "--date", "2025-07-21"]) == 0
        out = capsys.readouterr().out
        assert "RIGHT hip" in out and "CLEARED" in out

    def test_date_is_required(self, tmp_path, capsys):
        assert run(["rts", str(write(tmp_path, self.rts_document()))]) == 2
        assert "--date" in one_error_line(capsys)


class TestOperativeNote:
    def test_note_to_stdout_names_the_side_first(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["opnote", str(case)]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0].startswith("OPERATIVE NOTE: RIGHT hip arthroscopy")
        assert "Plan versus performed" in out

    def test_note_to_file_and_warnings_on_stderr(self, tmp_path, capsys):
        document = pathway_document(**{"operative.traction": [{"start": "08:00", "stop": "10:30"}]})
        out = tmp_path / "note.md"
        assert run(["opnote", str(write(tmp_path, document)), "--out", str(out)]) == 0
        captured = capsys.readouterr()
        assert captured.out == f"wrote {out}\n"
        assert "warning: total traction time 150 min exceeds" in captured.err
        assert out.read_text().startswith("OPERATIVE NOTE: RIGHT")

    def test_json(self, tmp_path, capsys):
        assert run(["opnote", str(write(tmp_path, pathway_document())), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["traction_total_minutes"] == 65
        assert result["note"].startswith("OPERATIVE NOTE: RIGHT")
        assert result["comparisons"][0]["lesion_id"] == "L1"

    def test_no_operative_record(self, tmp_path, capsys):
        document = pathway_document()
        del document["operative"]
        assert run(["opnote", str(write(tmp_path, document))]) == 2
        assert one_error_line(capsys).startswith("error: operative: is required")


class TestBadInputIsOneLine:
    """Values are quoted and shortened; errors name the flag (mapped from the service's
    parameter in cli/main.py), never a traceback."""

    @pytest.mark.parametrize(
        ("command", "flag"),
        [("checklist", "--as-of"), ("checklist", "--surgery-date"), ("rts", "--date")],
    )
    @pytest.mark.parametrize("value", ["2025-02-30\n", "2025-02-01\nerror: fake", "x" * 100_000])
    def test_a_date_with_a_line_break_or_a_megabyte(self, tmp_path, capsys, command, flag, value):
        case = write(tmp_path, pathway_document())
        extra = ["--date", "2025-07-21"] if command == "rts" and flag != "--date" else []
        assert run([command, str(case), *extra, flag, value]) == 2
        line = one_error_line(capsys)
        assert line.startswith(f"error: {flag}: must be a date YYYY-MM-DD; got '")
        assert len(line) < 200

    def test_unicode_digits_are_not_a_date(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["rts", str(case), "--date", "٢٠٢٥-٠٧-٢١"]) == 2
        assert one_error_line(capsys).startswith("error: --date: must be a date YYYY-MM-DD")

    @pytest.mark.parametrize(
        ("command", "flag", "value"),
        [
            ("rehab", "--surgery-date", "9999-06-01"),
            ("checklist", "--surgery-date", "0001-01-05"),
            ("checklist", "--as-of", "9999-12-31"),
            ("rts", "--date", "0001-01-01"),
        ],
    )
    def test_dates_at_the_calendars_ends_name_the_flag(
        self, tmp_path, capsys, command, flag, value
    ):
        case = write(tmp_path, pathway_document())
        extra = ["--date", "2025-07-21"] if command == "rts" and flag != "--date" else []
        assert run([command, str(case), *extra, flag, value]) == 2
        line = one_error_line(capsys)
        assert line.startswith(f"error: {flag}: {value} is outside the dates chondral accepts")

    def test_out_naming_a_folder(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["opnote", str(case), "--out", str(tmp_path)]) == 2
        assert one_error_line(capsys).startswith("error: --out: cannot write")

    def test_ics_in_a_missing_folder(self, tmp_path, capsys):
        case = write(tmp_path, pathway_document())
        assert run(["rehab", str(case), "--ics", str(tmp_path / "no" / "rehab.ics")]) == 2
        assert one_error_line(capsys).startswith("error: --ics: cannot write")

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(text=st.text(max_size=40))
    def test_any_date_text_exits_0_or_one_line_2(self, tmp_path, capsys, text):
        case = write(tmp_path, TestReturnToSport().rts_document())
        code = run(["rts", str(case), "--date", text, "--json"])
        captured = capsys.readouterr()
        if code == 0:
            assert json.loads(captured.out)["date"] == text
        else:
            assert code == 2 and captured.out == ""
            assert len(captured.err.strip().splitlines()) == 1
            assert captured.err.startswith("error: ") and "--date" in captured.err


class TestJsonFindings:
    def test_rehab_warnings_carry_the_rules_identity(self, tmp_path, capsys):
        document = pathway_document()
        del document["hip"]["radiographic"]["lcea_deg"]
        assert run(["rehab", str(write(tmp_path, document)), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        [warning] = result["warnings"]
        assert set(warning) == {
            "rule_id",
            "version",
            "kind",
            "severity",
            "message",
            "source",
            "evidence",
        }
        assert warning["rule_id"] == "pathway.weight_bearing.extended/1"
        assert (warning["kind"], warning["severity"]) == ("design", "warning")
        assert "LCEA not measured" in warning["message"]
