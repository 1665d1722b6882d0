"""The care pathway: pre-operative checklist, operative record and note, rehabilitation
schedule and the return-to-sport gate.

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
``policy``             pathway rules (id, version, source, kind) and the default
                       institution policy; ``chondral.io.policyfile`` reads changes
``calendar_dates``     days, weeks and calendar months clamped to the month's end
``checklist``          the pre-operative checklist; ready / blocking / overdue
``protocols``          rehabilitation protocols as data (``resources/``)
``schedule``           the dated rehabilitation schedule; the 6/8-week rule
``operative``          checks of the operative record; plan versus performed
``opnote``             the operative note (``OperativeNote``)
``return_to_sport``    the return-to-sport gate (time, IJSPT 2022 criteria, approval)
``planned_holes``      ``PlannedHoles``: what planning hands to the pathway
=====================  ==========================================================

Functions are pure: dates ("today"), the treated area, the plan and PROM scores are passed in by
the caller (``chondral.services.pathway``). Every threshold carries its rule id, version, kind
(``chondral.domain.RuleKind``: evidence / policy / design) and source; every check returns
``chondral.domain.Finding`` objects. JSON forms live in ``chondral.io`` (one serialiser per
document). Nothing here prescribes medication.
"""

from chondral.domain import RuleKind  # re-exported for readers of policy files
from chondral.pathway.calendar_dates import (
    add_months,
    add_weeks,
    days_in_month,
    inside_calendar,
    week_start,
)
from chondral.pathway.checklist import (
    Checklist,
    ChecklistItem,
    ChecklistItemTemplate,
    ItemState,
    Owner,
    Requirement,
    build_checklist,
    checklist_template,
    medication_item_id,
)
from chondral.pathway.operative import (
    HoleComparison,
    OperativeReview,
    SurfaceSphere,
    review_operative_record,
)
from chondral.pathway.opnote import OperativeNote, write_operative_note
from chondral.pathway.planned_holes import PlannedHoles
from chondral.pathway.policy import (
    CONFIGURABLE_RULES,
    DEFAULT_POLICY,
    Authority,
    ChecklistDueParams,
    HoleDistanceParams,
    MedicationStopParams,
    NoParams,
    PathwayPolicy,
    PathwayRule,
    RtsCriteriaParams,
    RtsTimeParams,
    StopInterval,
    TractionParams,
    WeightBearingParams,
)
from chondral.pathway.protocols import RehabProtocol, default_protocol, parse_protocol
from chondral.pathway.return_to_sport import (
    CriterionTest,
    DatedScore,
    GateCheck,
    RtsCriterion,
    RtsDecision,
    default_rts_criteria,
    evaluate_return_to_sport,
    recorded_criterion_ids,
    rts_criteria,
)
from chondral.pathway.schedule import (
    PromDue,
    RehabPhase,
    RehabSchedule,
    Visit,
    WeightBearingDecision,
    build_rehab_schedule,
    decide_weight_bearing,
)

__all__ = [
    "CONFIGURABLE_RULES",
    "DEFAULT_POLICY",
    "Authority",
    "Checklist",
    "ChecklistDueParams",
    "ChecklistItem",
    "ChecklistItemTemplate",
    "CriterionTest",
    "DatedScore",
    "GateCheck",
    "HoleComparison",
    "HoleDistanceParams",
    "ItemState",
    "MedicationStopParams",
    "NoParams",
    "OperativeNote",
    "OperativeReview",
    "Owner",
    "PathwayPolicy",
    "PathwayRule",
    "PlannedHoles",
    "PromDue",
    "RehabPhase",
    "RehabProtocol",
    "RehabSchedule",
    "Requirement",
    "RtsCriteriaParams",
    "RtsCriterion",
    "RtsDecision",
    "RtsTimeParams",
    "RuleKind",
    "StopInterval",
    "SurfaceSphere",
    "TractionParams",
    "Visit",
    "WeightBearingDecision",
    "WeightBearingParams",
    "add_months",
    "add_weeks",
    "build_checklist",
    "build_rehab_schedule",
    "checklist_template",
    "days_in_month",
    "decide_weight_bearing",
    "default_protocol",
    "default_rts_criteria",
    "evaluate_return_to_sport",
    "inside_calendar",
    "medication_item_id",
    "parse_protocol",
    "recorded_criterion_ids",
    "review_operative_record",
    "rts_criteria",
    "week_start",
    "write_operative_note",
]
