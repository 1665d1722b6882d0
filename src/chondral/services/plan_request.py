"""Use case: check a request for a new hole plan before a background job is asked to make it.

A clinician asks for a plan of one lesion with some layout parameters overridden (names as in
``chondral.planning.PlanParameters``, units in the names). The overrides go through the
library's own check (``planning.plan_parameters``) here, so a value no plan can honour is
refused on the form, next to its field, instead of failing minutes later in the job.
"""

from __future__ import annotations

from collections.abc import Mapping

from chondral.domain import Case
from chondral.errors import InvalidValueError
from chondral.planning.parameters import PARAMETER_NAMES, PlanParameters, plan_parameters

__all__ = ["PARAMETER_NAMES", "check_plan_request"]


def check_plan_request(
    case: Case, lesion_id: str | None, overrides: Mapping[str, float]
) -> PlanParameters:
    """The parameters the plan will use; ``InvalidValueError`` naming ``lesion_id`` for a lesion
    the case does not have (or none chosen among several), ``PlanParameterError`` naming the
    parameter (or ``plan.<name>`` for the case file's own value) for a value no plan can
    honour."""
    ids = [lesion.id for lesion in case.lesions]
    if not ids:
        raise InvalidValueError("the case has no lesion to plan", field="lesion_id")
    if lesion_id and lesion_id not in ids:
        raise InvalidValueError(
            f"the case has no lesion with this id (its lesions: {', '.join(ids)})",
            field="lesion_id",
        )
    if not lesion_id and case.plan.lesion_id is None and len(ids) > 1:
        raise InvalidValueError(
            f"choose the lesion to plan: the case has several ({', '.join(ids)}) and its plan"
            " section names none",
            field="lesion_id",
        )
    return plan_parameters(case.plan, overrides)
