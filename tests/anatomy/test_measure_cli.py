from __future__ import annotations

import json
from pathlib import Path

import pytest

from chondral.cli.main import run


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestRefusals:
    def test_missing_units_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = _run(["measure", "--mesh", "femur.stl", "--side", "left"], capsys)
        assert code == 2 and err.count("\n") == 1 and "units" in err

    def test_missing_side_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = _run(["measure", "--mesh", "femur.stl", "--units", "mm"], capsys)
        assert code == 2 and "side" in err

    @pytest.mark.parametrize("units", ["cm", "m"])
    def test_implausible_size_is_refused(
        self, synthetic_femur_stl: Path, units: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["measure", "--mesh", str(synthetic_femur_stl), "--units", units, "--side", "left"]
        code, _, err = _run(argv, capsys)
        assert code == 2 and "implausible" in err and err.count("\n") == 1

    def test_contradicting_side_is_refused(
        self, synthetic_femur_stl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["measure", "--mesh", str(synthetic_femur_stl), "--units", "mm", "--side", "right"]
        code, _, err = _run(argv, capsys)
        assert code == 2 and "anatomy says left" in err
        assert err.startswith("error: --side: ") and err.count("\n") == 1

    def test_a_swapped_cartilage_layer_names_the_layer_flag(
        self, libhip_dir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        acetabular = libhip_dir / "cartilage" / "m3_cg_jnt_rhip_ac_wo_gap.stl"
        argv = ["measure", "--cartilage", str(acetabular), "--units", "mm", "--side", "right"]
        code, _, err = _run([*argv, "--layer", "femoral_head"], capsys)
        assert code == 2 and err.startswith("error: --layer: ") and err.count("\n") == 1
        code, _, _ = _run([*argv, "--layer", "acetabulum"], capsys)
        assert code == 0


class TestOutput:
    def test_json_in_the_file_frame(
        self, synthetic_femur_stl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["measure", "--mesh", str(synthetic_femur_stl), "--units", "mm", "--side", "left"]
        code, out, _ = _run([*argv, "--json"], capsys)
        assert code == 0
        result = json.loads(out)
        assert result["side"] == "left" and result["frame"] == "LPS"
        assert result["femoral_head"]["center_mm"] == pytest.approx([80.0, 0.0, 0.0], abs=0.1)
        assert result["femoral_head"]["radius_mm"] == pytest.approx(22.0, abs=0.1)
        assert result["neck_shaft_angle_deg"] == pytest.approx(125.0, abs=2.0)
        assert result["warnings"] == []

    def test_text_states_the_side(
        self, synthetic_femur_stl: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["measure", "--mesh", str(synthetic_femur_stl), "--units", "mm", "--side", "left"]
        code, out, _ = _run(argv, capsys)
        assert code == 0 and "LEFT hip" in out

    @pytest.mark.data
    def test_cartilage_json(self, libhip_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = libhip_dir / "cartilage" / "m4_cg_jnt_lhip_fc_wo_gap.stl"
        argv = ["measure", "--cartilage", str(path), "--layer", "femoral_head", "--units", "mm"]
        code, out, _ = _run([*argv, "--side", "left", "--json"], capsys)
        assert code == 0
        cartilage = json.loads(out)["cartilage"]
        assert cartilage["mean_thickness_mm"] == pytest.approx(1.63, abs=0.15)
