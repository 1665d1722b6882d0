"""The demo use case: run every capability that exists on the bundled example case.

Later capabilities add their step here (plan, pathway, outcomes ...). Each step writes its files
into the output folder and reports what it wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from chondral.io import assessment_to_dict
from chondral.rules import Assessment
from chondral.services.candidacy import assess_case_file

__all__ = ["DemoResult", "bundled_example", "run_demo"]

DEMO_CASE = "demo-case.yaml"


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo produced."""

    case_path: Path
    out_dir: Path
    assessment: Assessment
    written: list[Path] = field(default_factory=list)


def bundled_example(name: str = DEMO_CASE) -> Path:
    """Path of an example case file shipped inside the package."""
    path = Path(str(resources.files("chondral") / "examples" / name))
    return path


def run_demo(out_dir: Path, case_path: Path | None = None) -> DemoResult:
    """Assess the example case and write its outputs into ``out_dir``."""
    case_path = case_path or bundled_example()
    out_dir.mkdir(parents=True, exist_ok=True)
    assessment = assess_case_file(case_path)
    assessment_path = out_dir / "assessment.json"
    assessment_path.write_text(
        json.dumps(assessment_to_dict(assessment), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return DemoResult(case_path, out_dir, assessment, [assessment_path])
