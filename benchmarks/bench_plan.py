"""Benchmark hole planning: lesions of 50, 150, 300 and 600 mm2 on the template hip and on a
real LibHip femur (m4 right, 78,000 faces). The geodesic set-up (building the surface patch
and, on the mesh, factorising the heat-method, fast-marching and edge-flip solvers) is timed
separately from the whole plan. Warm: each case runs once before it is timed (median of 3).
Then ``chondral plan`` as a person runs it, in a fresh process each time (start-up, reading the
case and its meshes, planning, printing plan.json; one untimed run, then the median of 3, with
bytecode cached as in an installation): on the template hip (the
bundled demo case) and on the patient's meshes (the LibHip example: femoral head on the femur
mesh, acetabulum on the cartilage layer). Run with ``python -m benchmarks plan``."""

from __future__ import annotations

import dataclasses
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from chondral.anatomy import TemplateHip
from chondral.anatomy.lesion_region import lesion_region
from chondral.anatomy.proximal_femur import find_femoral_head
from chondral.domain import (
    Case,
    ClockPosition,
    Hip,
    Lesion,
    LesionCenter,
    MeasuredAt,
    Patient,
    Sex,
    Side,
    Surface,
)
from chondral.io.meshes import FEMUR_EXTENT_MM, LengthUnit, load_mesh
from chondral.planning import PlanParameters, plan_on_femur_mesh, plan_on_template
from chondral.planning.patient_mesh import bone_patch, patient_from_hip_at
from chondral.planning.planner import PATCH_MARGIN_MM, _patch_for

FEMUR = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "libhip"
    / "femur"
    / "m4_rfemur_mm.stl"
)
AREAS_MM2 = (50, 150, 300, 600)
REPEATS = 3
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COMMANDS = (
    ("template hip (demo-case.yaml)", ["demo-case.yaml"]),
    ("femur mesh (libhip-m4-right.yaml L2)", ["libhip-m4-right.yaml", "--lesion", "L2"]),
    ("cartilage mesh (libhip-m4-right.yaml L1)", ["libhip-m4-right.yaml", "--lesion", "L1"]),
)
"""``chondral plan`` runs timed end to end: what they plan on, and the arguments."""


def _case(surface: Surface, area_mm2: float, head_diameter_mm: float | None) -> Case:
    radius_mm = math.sqrt(area_mm2 / math.pi)
    lesion = Lesion(
        id="L1",
        surface=surface,
        center=LesionCenter(ClockPosition.from_label("1:00"), 3.0 + radius_mm),
        area_mm2=float(area_mm2),
        measured=MeasuredAt.POST_DEBRIDEMENT,
    )
    hip = Hip(side=Side.RIGHT, femoral_head_diameter_mm=head_diameter_mm)
    return Case(case_id="BENCH", patient=Patient(sex=Sex.MALE), hip=hip, lesions=(lesion,))


def _median_s(task: Callable[[], object]) -> float:
    task()  # warm
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _directions(case: Case, template: TemplateHip) -> tuple[np.ndarray, float]:
    region = lesion_region(case.lesions[0], template)
    unit = region.boundary.xyz_mm / np.linalg.norm(region.boundary.xyz_mm, axis=1)[:, None]
    centre = unit.mean(axis=0)
    centre /= np.linalg.norm(centre)
    reach = float(np.max(np.arccos(np.clip(unit @ centre, -1.0, 1.0))))
    return centre, reach


def _command_s(arguments: list[str], bytecode: Path) -> float | None:
    """Median wall time of ``chondral plan <arguments> --json`` in a fresh interpreter, after
    one untimed run (None when it fails, e.g. without the LibHip data). Compiled bytecode is
    kept in ``bytecode`` as an installed package keeps it, even where the environment says
    not to write it (PYTHONDONTWRITEBYTECODE), so start-up is not timed with compilation."""
    launcher = [sys.executable, "-c", "from chondral.cli.main import main; main()"]
    command = [*launcher, "plan", *arguments, "--json"]
    environment = {**os.environ, "PYTHONPYCACHEPREFIX": str(bytecode)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    times = []
    for attempt in range(REPEATS + 1):
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=EXAMPLES, env=environment, capture_output=True, check=False
        )
        if attempt:
            times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return None
    return statistics.median(times)


def _commands() -> None:
    print(f"\n{'chondral plan --json (fresh process)':<44} {'wall s':>7}")
    with tempfile.TemporaryDirectory(prefix="chondral-bench-pyc-") as bytecode:
        timed = [(name, _command_s(arguments, Path(bytecode))) for name, arguments in COMMANDS]
    for name, seconds in timed:
        shown = "failed" if seconds is None else f"{seconds:.2f}"
        print(f"{name:<44} {shown:>7}")


def main() -> None:
    """Print one row per surface and lesion size, then the whole command's wall times."""
    parameters = PlanParameters()
    rows: list[tuple[str, int, int, float, float]] = []
    for area in AREAS_MM2:
        case = _case(Surface.FEMORAL_HEAD, area, 50.0)
        template = TemplateHip.from_hip(case.hip, case.patient.sex)
        region = lesion_region(case.lesions[0], template)
        radius = template.surface_radius_mm(Surface.FEMORAL_HEAD)
        setup = _median_s(lambda r=region, rr=radius: _patch_for(r, 0.0, rr, outward=True))
        total = _median_s(lambda c=case: plan_on_template(c, c.lesions[0], parameters))
        holes = plan_on_template(case, case.lesions[0], parameters).metrics.hole_count
        rows.append(("template sphere", area, holes, setup, total))
    if FEMUR.is_file():
        start = time.perf_counter()
        mesh = load_mesh(
            FEMUR, LengthUnit.MM, plausible_extent_mm=FEMUR_EXTENT_MM, what="proximal femur"
        )
        head = find_femoral_head(mesh)
        load_s = time.perf_counter() - start
        for area in AREAS_MM2:
            case = _case(Surface.FEMORAL_HEAD, area, None)
            hip = dataclasses.replace(case.hip, femoral_head_diameter_mm=2 * head.radius_mm)
            template = TemplateHip.from_hip(hip, case.patient.sex)
            centre, reach = _directions(case, template)
            cap_mm = reach * head.radius_mm + PATCH_MARGIN_MM
            setup = _median_s(
                lambda c=centre, m=cap_mm: bone_patch(
                    mesh,
                    patient_from_hip=patient_from_hip_at(head.center_mm, Side.RIGHT, "BENCH"),
                    radius_mm=head.radius_mm,
                    centre_direction=c,
                    cap_radius_mm=m,
                    into_joint_outward=True,
                    faces_away_from_centre=True,
                )
            )
            total = _median_s(
                lambda c=case: plan_on_femur_mesh(c, c.lesions[0], parameters, mesh, head, "m4")
            )
            holes = plan_on_femur_mesh(
                case, case.lesions[0], parameters, mesh, head, "m4"
            ).metrics.hole_count
            rows.append((f"LibHip m4 right ({len(mesh.faces):,} faces)", area, holes, setup, total))
        print(f"(mesh load + head sphere fit, once per patient: {load_s:.2f} s)")
    else:
        print(f"(no LibHip femur at {FEMUR}: mesh rows skipped)")
    print(f"{'surface':<34} {'mm2':>5} {'holes':>5} {'set-up s':>9} {'plan s':>8} {'layout s':>9}")
    for name, area, holes, setup, total in rows:
        print(f"{name:<34} {area:>5} {holes:>5} {setup:>9.3f} {total:>8.3f} {total - setup:>9.3f}")
    _commands()


if __name__ == "__main__":
    main()
