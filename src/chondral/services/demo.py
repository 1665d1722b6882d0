"""The demo use case: run every capability that exists on the bundled example case.

Later capabilities add their step here (plan, pathway, outcomes ...). Each step writes its files
into the output folder and reports what it wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from chondral.io import assessment_to_dict
from chondral.outcomes import OutcomeSummary
from chondral.rules import DEFAULT_RULE_SET, Assessment
from chondral.services.candidacy import assess_case, validate_case_file
from chondral.services.outcomes import draw_case_outcomes, summarise_case_outcomes
from chondral.services.pathway import PathwayOutputs, write_pathway_outputs
from chondral.services.planning import PlanRun, plan_case_file, write_plan_files

__all__ = ["DemoResult", "bundled_example", "run_demo"]

DEMO_CASE = "demo-case.yaml"


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo produced."""

    case_path: Path
    out_dir: Path
    assessment: Assessment
    outcomes: OutcomeSummary | None
    plan: PlanRun | None
    pathway: PathwayOutputs | None
    written: list[Path] = field(default_factory=list)


def bundled_example(name: str = DEMO_CASE) -> Path:
    """Path of an example case file shipped inside the package."""
    path = Path(str(resources.files("chondral") / "examples" / name))
    return path


def _write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_demo(out_dir: Path, case_path: Path | None = None) -> DemoResult:
    """Validate and assess the example case, plan its lesion, follow its outcomes, and write
    everything to ``out_dir``.

    The plan step runs when the case has a lesion (files in ``out_dir/plan``); the pathway
    (checklist, rehabilitation schedule with .ics, operative note, return-to-sport gate; files
    in ``out_dir/pathway``) when it has a surgery date; the outcome step when it also has PROM
    responses.
    """
    case_path = case_path or bundled_example()
    case = validate_case_file(case_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    assessment = assess_case(case, DEFAULT_RULE_SET)
    written = [_write_json(out_dir / "assessment.json", assessment_to_dict(assessment))]
    plan = None
    if case.lesions:
        plan = plan_case_file(case_path)
        written.extend(write_plan_files(plan, out_dir / "plan"))
    pathway = None
    if case.surgery_date is not None:
        now = dt.datetime.now(dt.UTC)
        pathway = write_pathway_outputs(
            case_path, out_dir / "pathway", today=now.date(), stamp=now.replace(microsecond=0)
        )
        written.extend(pathway.written)
    outcomes = None
    if case.proms and case.surgery_date is not None:
        outcomes = summarise_case_outcomes(case_path)
        written.append(_write_json(out_dir / "outcomes.json", outcomes.as_dict()))
        charts = draw_case_outcomes(outcomes, out_dir)
        written.extend([*charts.images, charts.data_path])
    return DemoResult(case_path, out_dir, assessment, outcomes, plan, pathway, written)
