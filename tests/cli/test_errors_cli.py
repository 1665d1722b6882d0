"""How the command line reports what goes wrong: one line, the right exit code, flags named.

Bad input is exit 2 with one line that names the flag (for a parameter) or the case-file field;
a bug is exit 70 with one line that says it is a bug, never a traceback and never "bad input".
"""

import pytest
import yaml

from chondral.cli.main import EXIT_INTERNAL, FLAG_FOR_PARAMETER, error_line, run
from chondral.errors import CaseFileError, InternalError, ParameterError

from factories import case_document


def write_case(tmp_path, document, name="case.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def one_line(capsys, argv, code=2):
    assert run(argv) == code
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    return captured.err


class TestParametersAreNamedByTheirFlag:
    @pytest.mark.parametrize("parameter", sorted(FLAG_FOR_PARAMETER))
    def test_every_parameter_in_the_table_maps_to_its_flag(self, parameter):
        line = error_line(ParameterError("is wrong", field=parameter))
        assert line == f"error: {FLAG_FOR_PARAMETER[parameter]}: is wrong"

    def test_a_case_file_field_is_named_as_it_stands_in_the_file(self):
        # the case file's own surgery_date is a field of the file, not the --surgery-date flag
        line = error_line(CaseFileError("not a date", field="surgery_date"))
        assert line == "error: surgery_date: not a date"

    def test_a_parameter_with_a_sub_path_keeps_it(self):
        line = error_line(ParameterError("unknown instrument", field="min_answered.womac"))
        assert line == "error: --min-answered.womac: unknown instrument"

    def test_measure_without_a_side_names_the_flag(self, tmp_path, capsys):
        mesh = tmp_path / "femur.stl"
        mesh.write_text("solid x\nendsolid x\n")
        err = one_line(capsys, ["measure", "--mesh", str(mesh), "--units", "mm"])
        assert err.startswith("error: --side: ")

    def test_a_femur_is_measured_in_lps_only(self, tmp_path, capsys):
        mesh = tmp_path / "femur.stl"
        mesh.write_text("solid x\nendsolid x\n")
        argv = ["measure", "--mesh", str(mesh), "--units", "mm", "--side", "left"]
        err = one_line(capsys, [*argv, "--axes", "RAS"])
        assert err.startswith("error: --axes: ") and "LPS" in err
        err = one_line(capsys, [*argv, "--axes", "unknown"])
        assert err.startswith("error: --axes: ")


class TestOneLineWhateverTheInput:
    def test_a_newline_in_a_flag_value_is_escaped(self, tmp_path, capsys):
        mesh = tmp_path / "femur.stl"
        mesh.write_text("solid x\nendsolid x\n")
        argv = ["measure", "--mesh", str(mesh), "--units", "mm", "--side", "le\nft"]
        err = one_line(capsys, argv)
        assert "le\\nft" in err

    def test_a_huge_value_is_shortened(self, tmp_path, capsys):
        mesh = tmp_path / "femur.stl"
        mesh.write_text("solid x\nendsolid x\n")
        argv = ["measure", "--mesh", str(mesh), "--units", "mm", "--side", "x" * 100_000]
        err = one_line(capsys, argv)
        assert len(err) < 500

    def test_an_unknown_option_is_one_line(self, capsys):
        err = one_line(capsys, ["assess", "--no-such-flag"])
        assert err.startswith("error: ")


class TestBugsAreNotBadInput:
    def test_an_internal_error_exits_70_and_says_it_is_a_bug(self, tmp_path, capsys, monkeypatch):
        import chondral.services.candidacy as candidacy

        def broken(case, rule_set):
            raise InternalError("an invariant broke")

        monkeypatch.setattr(candidacy, "assess_case", broken)
        err = one_line(
            capsys, ["assess", str(write_case(tmp_path, case_document()))], EXIT_INTERNAL
        )
        assert "bug" in err and "an invariant broke" in err

    def test_an_unexpected_exception_exits_70_without_a_traceback(
        self, tmp_path, capsys, monkeypatch
    ):
        import chondral.services.candidacy as candidacy

        def broken(case, rule_set):
            return 1 / 0

        monkeypatch.setattr(candidacy, "assess_case", broken)
        monkeypatch.delenv("CHONDRAL_DEBUG", raising=False)
        err = one_line(
            capsys, ["assess", str(write_case(tmp_path, case_document()))], EXIT_INTERNAL
        )
        assert "ZeroDivisionError" in err and "bug" in err

    def test_chondral_debug_shows_the_traceback_to_a_developer(self, tmp_path, monkeypatch):
        import chondral.services.candidacy as candidacy

        def broken(case, rule_set):
            return 1 / 0

        monkeypatch.setattr(candidacy, "assess_case", broken)
        monkeypatch.setenv("CHONDRAL_DEBUG", "1")
        with pytest.raises(ZeroDivisionError):
            run(["assess", str(write_case(tmp_path, case_document()))])


class TestWarningsNeverPrecedeAnError:
    def test_a_library_warning_is_dropped_when_the_command_fails(self, capsys, monkeypatch):
        import warnings

        import chondral.io as chondral_io

        def noisy(path):
            warnings.warn("invalid value encountered in divide", RuntimeWarning, stacklevel=1)
            raise CaseFileError("not a case", field="schema")

        monkeypatch.setattr(chondral_io, "load_case", noisy)
        err = one_line(capsys, ["validate", "case.yaml"])
        assert err == "error: schema: not a case\n"
