"""``chondral plan`` as a person or a script uses it: JSON valid against the plan schema, the
five files, flags over the case file's ``plan:`` section, one-line errors with exit code 2.

Spacings in the printed plan are re-measured here with great circles on the template sphere
(positions are printed to 0.001 mm, hence the 0.002 mm slack)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
import trimesh
import yaml

from chondral.cli.main import run
from chondral.io.plan_json import plan_schema
from planning.geodesic_truth import nearest_neighbour_mm
from planning.plan_cases import case_with, lesion_record

PRINTED_MM = 0.002


def write_case(tmp_path: Path, document: dict[str, Any], name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def plan_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, Any]:
    assert run(argv) == 0
    out = capsys.readouterr().out
    result: dict[str, Any] = json.loads(out)
    return result


def printed_nearest_neighbours(result: dict[str, Any]) -> np.ndarray:
    positions = np.array([hole["position_mm"] for hole in result["holes"]])
    return nearest_neighbour_mm(result["surface_model"]["radius_mm"], positions)


def one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert run(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.fixture
def acetabular_case(tmp_path: Path) -> Path:
    return write_case(tmp_path, case_with(lesion_record("acetabulum", clock_deg=60.0)))


class TestJson:
    def test_prints_one_plan_object_valid_against_the_schema(
        self, acetabular_case: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        result = plan_json(capsys, ["plan", str(acetabular_case), "--json"])
        jsonschema.validate(result, plan_schema())
        assert result["schema"] == "chondral.plan/1"
        assert result["side"] == "right" and result["surface"] == "acetabulum"
        assert result["metrics"]["hole_count"] == len(result["holes"]) >= 1
        assert [hole["order"] for hole in result["holes"]] == list(
            range(1, len(result["holes"]) + 1)
        )
        nearest = printed_nearest_neighbours(result)
        assert nearest.min() >= result["parameters"]["spacing_min_mm"] - PRINTED_MM
        assert result["metrics"]["nearest_neighbour_mm"]["min"] == pytest.approx(
            nearest.min(), abs=PRINTED_MM
        )

    def test_a_left_hip_prints_the_mirror_of_the_right(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        record = lesion_record("femoral_head", clock_deg=120.0)
        right = write_case(tmp_path, case_with(record), "right.yaml")
        left = write_case(tmp_path, case_with(record, side="left"), "left.yaml")
        right_plan = plan_json(capsys, ["plan", str(right), "--json"])
        left_plan = plan_json(capsys, ["plan", str(left), "--json"])
        assert left_plan["side"] == "left"
        mirrored = [[-x, y, z] for x, y, z in (h["position_mm"] for h in right_plan["holes"])]
        assert np.allclose([h["position_mm"] for h in left_plan["holes"]], mirrored, atol=1e-9)
        assert [h["clock"] for h in left_plan["holes"]] == [h["clock"] for h in right_plan["holes"]]

    def test_the_table_names_the_side_in_capitals(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write_case(tmp_path, case_with(lesion_record("acetabulum"), side="left"))
        assert run(["plan", str(path)]) == 0
        assert "LEFT hip" in capsys.readouterr().out


class TestFiles:
    def test_the_printed_plan_records_the_case_files_hash(
        self, acetabular_case: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import hashlib

        result = plan_json(capsys, ["plan", str(acetabular_case), "--json"])
        digest = hashlib.sha256(acetabular_case.read_bytes()).hexdigest()
        assert result["provenance"]["input_hashes"] == {"case": f"sha256:{digest}"}
        assert {w["rule_id"] for w in result["warnings"]} >= {"plan.template_surface/1"}
        for warning in result["warnings"]:
            assert warning["version"] == 1 and warning["kind"] in {"evidence", "design"}

    def test_out_naming_a_file_exits_2_naming_the_flag(
        self, acetabular_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        blocker = tmp_path / "a-file"
        blocker.write_text("x", encoding="utf-8")
        line = one_error_line(capsys, ["plan", str(acetabular_case), "--out", str(blocker)])
        assert line.startswith("error: --out: ")

    def test_out_writes_the_five_files(
        self, acetabular_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out"
        assert run(["plan", str(acetabular_case), "--out", str(out)]) == 0
        capsys.readouterr()
        assert sorted(p.name for p in out.iterdir()) == sorted(
            ["plan.json", "plan.mrk.json", "plan-surface.stl", "plan-3d.html", "plan-clock.png"]
        )
        plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
        jsonschema.validate(plan, plan_schema())
        markups = json.loads((out / "plan.mrk.json").read_text(encoding="utf-8"))
        points = markups["markups"][0]["controlPoints"]
        assert len(points) == plan["metrics"]["hole_count"]
        assert np.allclose(
            [p["position"] for p in points], [h["position_mm"] for h in plan["holes"]], atol=1e-3
        )
        surface = trimesh.load_mesh(out / "plan-surface.stl")
        radius = plan["surface_model"]["radius_mm"]
        assert np.allclose(np.linalg.norm(surface.vertices, axis=1), radius, atol=1e-3)
        assert (out / "plan-clock.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        html = (out / "plan-3d.html").read_text(encoding="utf-8")
        assert "<html" in html and 'src="http' not in html  # works offline

    def test_json_and_out_together_print_the_file_written(
        self, acetabular_case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out"
        printed = plan_json(capsys, ["plan", str(acetabular_case), "--json", "--out", str(out)])
        written = json.loads((out / "plan.json").read_text(encoding="utf-8"))
        assert printed["holes"] == written["holes"]
        assert printed["metrics"] == written["metrics"]


class TestParameters:
    def test_the_case_files_plan_section_is_used(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(lesion_record("femoral_head"), plan={"spacing_min_mm": 3.4})
        result = plan_json(capsys, ["plan", str(write_case(tmp_path, document)), "--json"])
        assert result["parameters"]["spacing_min_mm"] == 3.4
        assert printed_nearest_neighbours(result).min() >= 3.4 - PRINTED_MM

    def test_flags_override_the_case_files_plan_section(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(
            lesion_record("femoral_head"), plan={"spacing_min_mm": 3.2, "rim_inset_mm": 1.0}
        )
        path = write_case(tmp_path, document)
        argv = ["plan", str(path), "--json", "--spacing-min-mm", "3.5", "--spacing-max-mm", "4.5"]
        result = plan_json(capsys, argv)
        assert result["parameters"]["spacing_min_mm"] == 3.5
        assert result["parameters"]["spacing_max_mm"] == 4.5
        assert result["parameters"]["rim_inset_mm"] == 1.0  # not overridden: the case file's
        assert printed_nearest_neighbours(result).min() >= 3.5 - PRINTED_MM

    @pytest.mark.parametrize(
        ("flags", "field"),
        [
            (["--spacing-min-mm", "1.5"], "--spacing-min-mm"),
            (["--spacing-min-mm", "4.5"], "--spacing-min-mm"),  # above the default max 4
            (["--depth-mm", "8"], "--depth-mm"),
            (["--depth-mm", "1"], "--depth-mm"),
            (["--rim-inset-mm=-1"], "--rim-inset-mm"),
            (["--debridement-margin-mm=-0.5"], "--debridement-margin-mm"),
            (["--coverage-target-mm", "0"], "--coverage-target-mm"),
        ],
    )
    def test_a_bad_flag_exits_2_with_one_line_naming_the_flag(
        self,
        acetabular_case: Path,
        capsys: pytest.CaptureFixture[str],
        flags: list[str],
        field: str,
    ) -> None:
        line = one_error_line(capsys, ["plan", str(acetabular_case), "--json", *flags])
        assert line.startswith(f"error: {field}: ")

    def test_a_bad_plan_section_exits_2_naming_the_field(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(lesion_record("acetabulum"), plan={"spacing_min_mm": 1.5})
        line = one_error_line(capsys, ["plan", str(write_case(tmp_path, document))])
        assert "plan.spacing_min_mm" in line

    def test_a_flag_that_corrects_the_plan_section_is_used(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(
            lesion_record("acetabulum"), plan={"spacing_min_mm": 3.8, "spacing_max_mm": 3.2}
        )
        path = write_case(tmp_path, document)
        assert "plan.spacing_min_mm" in one_error_line(capsys, ["plan", str(path)])
        result = plan_json(capsys, ["plan", str(path), "--json", "--spacing-max-mm", "4.2"])
        assert result["parameters"]["spacing_min_mm"] == 3.8
        assert result["parameters"]["spacing_max_mm"] == 4.2

    def test_a_non_number_flag_exits_2(
        self, acetabular_case: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        line = one_error_line(capsys, ["plan", str(acetabular_case), "--depth-mm", "deep"])
        assert "depth" in line


class TestLesionChoice:
    @pytest.fixture
    def two_lesions(self) -> dict[str, Any]:
        return case_with(
            lesion_record("acetabulum", lesion_id="L1", clock_deg=30.0),
            lesion_record("femoral_head", lesion_id="L2", clock_deg=240.0),
        )

    def test_two_lesions_without_a_choice_exit_2_naming_them(
        self, tmp_path: Path, two_lesions: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        line = one_error_line(capsys, ["plan", str(write_case(tmp_path, two_lesions))])
        assert "L1" in line and "L2" in line

    def test_the_lesion_flag_chooses(
        self, tmp_path: Path, two_lesions: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write_case(tmp_path, two_lesions)
        result = plan_json(capsys, ["plan", str(path), "--json", "--lesion", "L2"])
        assert result["lesion"]["id"] == "L2" and result["surface"] == "femoral_head"

    def test_the_case_files_lesion_id_chooses(
        self, tmp_path: Path, two_lesions: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        two_lesions["plan"] = {"lesion_id": "L2"}
        result = plan_json(capsys, ["plan", str(write_case(tmp_path, two_lesions)), "--json"])
        assert result["lesion"]["id"] == "L2"

    def test_an_unknown_lesion_exits_2(
        self, tmp_path: Path, two_lesions: dict[str, Any], capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write_case(tmp_path, two_lesions)
        line = one_error_line(capsys, ["plan", str(path), "--lesion", "L9"])
        assert "L9" in line

    def test_a_lesion_in_the_notch_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(lesion_record("acetabulum", clock_deg=180.0))
        line = one_error_line(capsys, ["plan", str(write_case(tmp_path, document))])
        assert "L1" in line and "articular" in line

    def test_a_region_too_small_for_one_hole_exits_2_saying_so(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        document = case_with(lesion_record("acetabulum", size_mm=(12.0, 2.8)))
        line = one_error_line(capsys, ["plan", str(write_case(tmp_path, document))])
        assert "too small for one hole" in line
