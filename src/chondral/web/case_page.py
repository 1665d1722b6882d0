"""What the case page shows, gathered in one call: the current version, the case overview
(``services.case_overview``), the newest plan and whether the case changed since it was made.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from chondral.pathway import DEFAULT_POLICY
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.case_overview import case_overview
from chondral.web.access import Actor
from chondral.web.models import CaseRecord, PlanRecord
from chondral.web.plan_form import PlanRequestForm
from chondral.web.roles import Action, allowed
from chondral.web.store import Recent, current_version, load_case

__all__ = ["case_page_context", "plan_context"]


def plan_context(plan: PlanRecord | None, current_inputs_digest: str) -> dict[str, Any]:
    """The plan section: the record, whether it is out of date, its figure for the 3D view."""
    if plan is None:
        return {"plan": None}
    stale = plan.plan_inputs_digest != current_inputs_digest
    done = plan.status == PlanRecord.Status.DONE and plan.plan is not None
    return {
        "plan": plan,
        "plan_stale": stale,
        "plan_active": plan.status in (PlanRecord.Status.QUEUED, PlanRecord.Status.RUNNING),
        "plan_doc": plan.plan if done else None,
        "plan_figure": plan.figure if done and plan.figure else None,
    }


RECENT_OVERVIEWS = Recent(256)
"""A case's overview by (document digest, day): the same document on the same day gives the
same overview under the default rule set and policy."""


def case_page_context(
    actor: Actor, record: CaseRecord, *, plan_form: PlanRequestForm | None = None
) -> dict[str, Any]:
    """The template context of ``record``'s page for ``actor``."""
    version = current_version(record)
    case = load_case(version.document)
    today = timezone.localdate()
    overview = RECENT_OVERVIEWS.get((version.digest, today))
    if overview is None:
        overview = case_overview(
            case, as_of=today, rule_set=DEFAULT_RULE_SET, policy=DEFAULT_POLICY
        )
        RECENT_OVERVIEWS.put((version.digest, today), overview)
    can_plan = allowed(actor.role, Action.EDIT_PLAN)
    if plan_form is None and can_plan:
        plan_form = PlanRequestForm(case=case)
    return {
        "case_record": record,
        "version": version,
        "overview": overview,
        "lesion_ids": [lesion.id for lesion in case.lesions],
        "can_plan": can_plan,
        "can_download": allowed(actor.role, Action.DOWNLOAD_CASE),
        "can_edit": allowed(actor.role, Action.EDIT_CASE),
        "plan_form": plan_form,
        **plan_context(record.plans.first(), version.plan_inputs_digest),
    }
