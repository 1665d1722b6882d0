"""Benchmark whole commands as a person runs them: start-up (``chondral --help``), ``assess``,
``plan`` on the template hip and on a patient's meshes (LibHip m4, right hip), and ``demo``.

Each command runs in a fresh process (what a person waits for, imports included), after one
untimed run that leaves the bytecode a normal installation has; the table shows the median and
the fastest of the timed runs. ``CHONDRAL_BENCH_SRC=/path/to/src`` times another
checkout's source with this interpreter (for before/after figures). Run with
``python -m benchmarks commands``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "chondral" / "examples"
AIMS_S = {"chondral --help": 0.3, "chondral assess": 0.5}
"""Issue 10's aims for start-up and a candidacy verdict, in seconds."""


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    # as on a person's machine: bytecode is written on the first (untimed) run and reused
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    source = os.environ.get("CHONDRAL_BENCH_SRC")
    if source:
        environment["PYTHONPATH"] = source
    return environment


def _time(argv: list[str], runs: int) -> list[float]:
    command = [sys.executable, "-c", "from chondral.cli.main import main; main()", *argv]
    subprocess.run(command, capture_output=True, env=_environment(), check=False)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=_environment(), check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return times


def main() -> None:
    demo_case = EXAMPLES / "demo-case.yaml"
    mesh_case = EXAMPLES / "libhip-m4-right.yaml"
    with tempfile.TemporaryDirectory() as scratch:
        rows = [
            ("chondral --help", ["--help"], 7),
            ("chondral assess", ["assess", str(demo_case)], 7),
            ("chondral plan (template)", ["plan", str(demo_case)], 3),
            ("chondral plan (LibHip m4 meshes)", ["plan", str(mesh_case)], 3),
            ("chondral demo", ["demo", "--out", str(Path(scratch) / "demo")], 3),
        ]
        print(f"{'command':<34} {'median s':>9} {'best s':>8} {'aim s':>6}  runs")
        for label, argv, runs in rows:
            times = _time(argv, runs)
            aim = AIMS_S.get(label)
            aim_text = f"{aim:>6.1f}" if aim is not None else f"{'-':>6}"
            print(
                f"{label:<34} {statistics.median(times):>9.2f} {min(times):>8.2f} {aim_text}"
                f"  {runs}"
            )


if __name__ == "__main__":
    main()
