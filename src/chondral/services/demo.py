"""The demo use case: every capability on one case, each computed once and passed on.

The caller gives the loaded case, where its meshes are (``MeshSource``) and the time; the demo
assesses candidacy, plans the lesion once, hands that plan to the pathway (operative note: plan
vs performed) and follows the outcomes, writing each document into the output folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from chondral.domain import Case
from chondral.io import assessment_to_dict
from chondral.io.json_files import make_folder, write_json
from chondral.io.sources import MeshSource
from chondral.rules import DEFAULT_RULE_SET, Assessment
from chondral.services.candidacy import assess_case

if TYPE_CHECKING:
    from chondral.outcomes import OutcomeSummary
    from chondral.services.pathway import PathwayOutputs
    from chondral.services.planning import PlanRun

__all__ = ["DemoResult", "run_demo"]


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo produced."""

    case: Case
    out_dir: Path
    assessment: Assessment
    outcomes: OutcomeSummary | None
    plan: PlanRun | None
    no_plan_reason: str | None
    pathway: PathwayOutputs | None
    written: list[Path] = field(default_factory=list)


def run_demo(
    case: Case,
    meshes: MeshSource,
    out_dir: Path,
    *,
    now: dt.datetime,
    case_digest: str | None = None,
) -> DemoResult:
    """Assess ``case``, plan its lesion, run its pathway and outcomes; write all to ``out_dir``.

    The plan step runs when the case has a lesion (files in ``out_dir/plan``; a lesion that
    cannot be planned, or several with none chosen, gives the reason instead); the pathway
    (checklist, rehabilitation schedule with .ics, operative note, return-to-sport gate; files
    in ``out_dir/pathway``) when it has a surgery date, with the plan's holes (or the reason
    there is no plan); the outcome step when it also has PROM responses.
    """
    from chondral.services.outcomes import draw_case_outcomes, summarise_case_outcomes
    from chondral.services.pathway import write_pathway_outputs
    from chondral.services.planning import plan_or_reason, planned_holes_of, write_plan_files

    make_folder(out_dir)
    assessment = assess_case(case, DEFAULT_RULE_SET)
    written = [write_json(out_dir / "assessment.json", assessment_to_dict(assessment))]
    plan, no_plan_reason = None, None
    if case.lesions:
        plan, no_plan_reason = plan_or_reason(case, meshes, now=now, case_digest=case_digest)
        if plan is not None:
            written.extend(write_plan_files(plan, out_dir / "plan"))
    pathway = None
    if case.recorded_surgery_date is not None:
        pathway = write_pathway_outputs(
            case,
            out_dir / "pathway",
            planned=None if plan is None else planned_holes_of(plan.plan),
            no_plan_reason=no_plan_reason,
            today=now.date(),
            stamp=now.replace(microsecond=0),
        )
        written.extend(pathway.written)
    outcomes = None
    if case.proms and case.recorded_surgery_date is not None:
        from chondral.io.outcomes_json import outcome_summary_to_dict

        outcomes = summarise_case_outcomes(case)
        written.append(write_json(out_dir / "outcomes.json", outcome_summary_to_dict(outcomes)))
        charts = draw_case_outcomes(outcomes, out_dir, field="out_dir")
        written.extend([*charts.images, charts.data_path])
    return DemoResult(case, out_dir, assessment, outcomes, plan, no_plan_reason, pathway, written)
