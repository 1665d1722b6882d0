"""Use case: a plan's outputs as documents in memory (for the web application and the API),
the same content ``write_plan_files`` writes to disk.

- ``plan``: plan.json's document (``chondral.io.plan_json``), provenance included;
- ``markups``: the 3D Slicer markups point list;
- ``figure``: the interactive 3D view as a Plotly figure document (drawn in the browser by
  Plotly's own bundled JavaScript, served as a static file);
- ``clock_png``: the clock-face map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chondral.services.planning import PlanRun

__all__ = ["PlanDocuments", "plan_documents"]


@dataclass(frozen=True, slots=True)
class PlanDocuments:
    """The outputs of one plan, in memory."""

    plan: dict[str, Any]
    markups: dict[str, Any]
    figure: dict[str, Any]
    clock_png: bytes


def plan_documents(run: PlanRun) -> PlanDocuments:
    """plan.json, the markups, the 3D figure and the clock-face map of ``run``."""
    from chondral.io.plan_json import plan_to_dict
    from chondral.io.slicer_markups import markups_document
    from chondral.reports.plan_3d import plan_figure_3d
    from chondral.reports.plan_clock import plan_clock_png

    figure = json.loads(plan_figure_3d(run.plan).to_json())
    return PlanDocuments(
        plan=plan_to_dict(run.plan, run.provenance),
        markups=markups_document(run.plan),
        figure=figure,
        clock_png=plan_clock_png(run.plan),
    )
