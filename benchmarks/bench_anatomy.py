"""Benchmark the anatomy layer: ``measure`` on each LibHip femur and 100,000 clock <-> 3-D
conversions. Run with ``.venv/bin/python benchmarks/bench_anatomy.py``."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from chondral.anatomy import TemplateHip, surface_coordinates, surface_points
from chondral.domain import Side, Surface
from chondral.services.anatomy import measure_femur_file

LIBHIP_FEMURS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "libhip" / "femur"
N_CONVERSIONS = 100_000


def _timed(task: Callable[[], object]) -> tuple[float, float]:
    """Wall time (s) and peak traced Python memory (MiB) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    task()
    elapsed_s = time.perf_counter() - start
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed_s, peak_bytes / 2**20


def main() -> None:
    """Print one table row per task."""
    rows: list[tuple[str, float, float]] = []
    for path in sorted(LIBHIP_FEMURS.glob("m*_?femur_mm.stl")):
        side = "left" if "_lfemur" in path.name else "right"
        elapsed_s, peak_mib = _timed(lambda p=path, s=side: measure_femur_file(p, "mm", s))
        rows.append((f"measure {path.name}", elapsed_s, peak_mib))
    if not rows:
        print(f"(no LibHip femurs at {LIBHIP_FEMURS}: measure rows skipped)")
    template = TemplateHip.from_parameters(side=Side.LEFT, head_diameter_mm=45.5)
    rng = np.random.default_rng(0)
    clock_deg = rng.uniform(0.0, 360.0, N_CONVERSIONS)
    rim_mm = rng.uniform(0.0, template.rim_to_fossa_mm(Surface.ACETABULUM), N_CONVERSIONS)
    points = surface_points(template, Surface.ACETABULUM, clock_deg, rim_mm)
    rows.append(
        (
            f"{N_CONVERSIONS:,} clock -> 3-D",
            *_timed(lambda: surface_points(template, Surface.ACETABULUM, clock_deg, rim_mm)),
        )
    )
    rows.append(
        (
            f"{N_CONVERSIONS:,} 3-D -> clock",
            *_timed(lambda: surface_coordinates(template, Surface.ACETABULUM, points)),
        )
    )
    print(f"{'task':<36} {'wall s':>8} {'peak MiB':>9}")
    for name, elapsed_s, peak_mib in rows:
        print(f"{name:<36} {elapsed_s:>8.3f} {peak_mib:>9.1f}")


if __name__ == "__main__":
    main()
