"""Pathway rules and the institution policy that configures them.

Every threshold the pathway applies is a ``PathwayRule``: a name, an integer ``version``, a
``source`` and a ``kind`` saying how much authority the number has:

- ``evidence``: taken from a cited source (clinical-reference.md gives the source);
- ``policy``: an institution's decision. chondral ships a default, which is *not* evidence (the
  120-minute traction limit: the often-quoted 2-hour limit was not found in the sources,
  clinical-reference.md section 3.1);
- ``design``: chondral's own choice where the sources give no number (the follow-up visit
  template, clinical-reference.md section 5.3), stated as such.

``RuleKind`` is ``chondral.domain.RuleKind``; a ``PathwayRule`` is a ``RuleIdentity``, so its
findings are ``chondral.domain.Finding`` objects, made by ``Finding.of(rule, ...)``. Parameters
check their own ranges and refuse NaN and infinity with ``InvalidValueError`` naming the
attribute.

Rule ids read ``pathway.<name>/<version>``, e.g. ``pathway.weight_bearing.extended/1``. An
institution policy file (``chondral.policy/1``, read by ``chondral.io.policyfile``) may change
the parameters of the rules in ``CONFIGURABLE_RULES``; a changed rule must carry a greater
version and its own source, so a number never travels without provenance.

References
----------
- clinical-reference.md section 3.1 (traction time: 2-hour limit not found), 4.2 (medication
  stop intervals: calpacortho timeline [V]; drug-specific intervals only on an AI-generated page,
  low authority), 5.1 (weight bearing 6-8 weeks: Crawford/Philippon; scaled to defect area and
  LCEA: Rath et al. 2017 JHPS), 5.2 (return to sport: online protocols median 15.5 weeks;
  Crawford/Philippon phase IV from week 17; IJSPT 2022 criteria), 5.3 (follow-up), 5.4 (NSAIDs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Generic, TypeVar

from chondral.domain import MedicationCategory, RuleKind
from chondral.errors import InvalidValueError, quote

__all__ = [
    "CONFIGURABLE_RULES",
    "DEFAULT_POLICY",
    "RTS_THRESHOLD_MAX",
    "Authority",
    "ChecklistDueParams",
    "HoleDistanceParams",
    "MedicationStopParams",
    "NoParams",
    "PathwayPolicy",
    "PathwayRule",
    "RtsCriteriaParams",
    "RtsTimeParams",
    "StopInterval",
    "TractionParams",
    "WeightBearingParams",
]

P = TypeVar("P")

RTS_THRESHOLD_MAX = 1000.0
"""Largest threshold a policy may give an objective return-to-sport criterion (seconds,
repetitions, per cent, grade or score: none of the IJSPT criteria comes near it)."""


def _whole(value: object, low: int, high: int, name: str) -> None:
    """``InvalidValueError`` naming ``name`` unless ``value`` is a whole number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValueError(
            f"must be a whole number from {low} to {high}, got {quote(value)}", field=name
        )


def _finite(value: object, low: float, high: float, name: str, *, above_low: bool = False) -> None:
    """``InvalidValueError`` naming ``name`` unless ``value`` is a finite number in the range
    (``above_low``: strictly above ``low``). NaN and infinity never pass."""
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    ok = (
        number is not None
        and math.isfinite(number)
        and (number > low if above_low else number >= low)
        and number <= high
    )
    if not ok:
        bound = f"above {low:g}" if above_low else f"from {low:g}"
        raise InvalidValueError(
            f"must be a finite number {bound} to {high:g}, got {quote(value)}", field=name
        )


@dataclass(frozen=True, slots=True)
class NoParams:
    """A rule with no number to configure (it still has an id, a version and a source)."""


@dataclass(frozen=True, slots=True)
class PathwayRule(Generic[P]):
    """One pathway rule: parameters plus identity and provenance (a ``RuleIdentity``)."""

    name: str
    version: int
    source: str
    kind: RuleKind
    params: P

    def __post_init__(self) -> None:
        if not self.name:
            raise InvalidValueError("must not be empty", field="name")
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1:
            raise InvalidValueError(
                f"must be a whole number >= 1, got {quote(self.version)}", field="version"
            )
        if not isinstance(self.kind, RuleKind):
            raise InvalidValueError(f"must be a RuleKind, got {quote(self.kind)}", field="kind")

    @property
    def rule_id(self) -> str:
        """``pathway.<name>/<version>``."""
        return f"pathway.{self.name}/{self.version}"


@dataclass(frozen=True, slots=True)
class WeightBearingParams:
    """Protected weight bearing lasts ``base_weeks``, or ``extended_weeks`` when the treated
    area *exceeds* ``area_above_mm2`` (strictly greater) or the LCEA is *below*
    ``lcea_below_deg`` (strictly less). So 200 mm2 itself and LCEA 25 deg itself give
    ``base_weeks``. Ranges: weeks 1-26, area (0, 3000] mm2, LCEA -60 to 90 deg."""

    base_weeks: int = 6
    extended_weeks: int = 8
    area_above_mm2: float = 200.0
    lcea_below_deg: float = 25.0

    def __post_init__(self) -> None:
        _whole(self.base_weeks, 1, 26, "base_weeks")
        _whole(self.extended_weeks, 1, 26, "extended_weeks")
        if self.base_weeks > self.extended_weeks:
            raise InvalidValueError(
                f"base_weeks ({self.base_weeks}) must not exceed extended_weeks"
                f" ({self.extended_weeks})",
                field="base_weeks",
            )
        _finite(self.area_above_mm2, 0.0, 3000.0, "area_above_mm2", above_low=True)
        _finite(self.lcea_below_deg, -60.0, 90.0, "lcea_below_deg")


@dataclass(frozen=True, slots=True)
class TractionParams:
    """Warn when the total traction time exceeds ``limit_minutes`` (1-600 minutes)."""

    limit_minutes: int = 120

    def __post_init__(self) -> None:
        _whole(self.limit_minutes, 1, 600, "limit_minutes")


@dataclass(frozen=True, slots=True)
class HoleDistanceParams:
    """Warn when a hole made lies farther than ``max_mm`` (along the surface, (0, 20] mm) from
    the nearest planned hole; None means the plan's own largest spacing (``spacing_max_mm``)."""

    max_mm: float | None = None

    def __post_init__(self) -> None:
        if self.max_mm is not None:
            _finite(self.max_mm, 0.0, 20.0, "max_mm", above_low=True)


@dataclass(frozen=True, slots=True)
class RtsTimeParams:
    """Return to sport no earlier than ``weeks`` (1-104) after surgery (the boundary day
    counts)."""

    weeks: int = 16

    def __post_init__(self) -> None:
        _whole(self.weeks, 1, 104, "weeks")


@dataclass(frozen=True, slots=True)
class RtsCriteriaParams:
    """Changes to the default objective criteria: new ``thresholds`` by criterion id (finite,
    0 to ``RTS_THRESHOLD_MAX``), and criteria to ``omit``. Unknown ids are refused where the
    criteria are built."""

    thresholds: Mapping[str, float] = field(default_factory=dict)
    omit: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "thresholds", MappingProxyType(dict(self.thresholds)))
        object.__setattr__(self, "omit", frozenset(self.omit))
        for name, value in self.thresholds.items():
            _finite(value, 0.0, RTS_THRESHOLD_MAX, f"thresholds.{name}")
        both = sorted(set(self.thresholds) & self.omit)
        if both:
            raise InvalidValueError(
                f"criteria both changed and omitted: {', '.join(both)}", field="omit"
            )


class Authority(StrEnum):
    """Authority of a medication stop interval."""

    CLINIC = "clinic"  # a clinic's published timeline, confirmed in the reference [V]
    LOW = "low"  # only on a low-authority (AI-generated) page: confirm locally
    ASSUMED = "assumed"  # no interval in the sources; chondral's stated assumption
    INSTITUTION = "institution"  # set by the institution's policy file


@dataclass(frozen=True, slots=True)
class StopInterval:
    """Stop a medicine ``days`` before surgery (None: no interval known; a surgeon decides)."""

    days: int | None
    authority: Authority
    source: str

    def __post_init__(self) -> None:
        if self.days is not None:
            _whole(self.days, 1, 60, "days")


@dataclass(frozen=True, slots=True)
class MedicationStopParams:
    """Stop intervals by medication category, and by drug name (lower case, exact match)."""

    categories: Mapping[MedicationCategory, StopInterval]
    drugs: Mapping[str, StopInterval] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))
        object.__setattr__(
            self,
            "drugs",
            MappingProxyType({name.strip().lower(): v for name, v in self.drugs.items()}),
        )

    def interval(self, name: str, category: MedicationCategory) -> StopInterval | None:
        """The interval for this medicine: by exact drug name, else by category (None: no stop)."""
        by_name = self.drugs.get(name.strip().lower())
        if by_name is not None:
            return by_name
        return self.categories.get(category)


@dataclass(frozen=True, slots=True)
class ChecklistDueParams:
    """Changes to checklist due dates: item id -> days before surgery."""

    due_days_before: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "due_days_before", MappingProxyType(dict(self.due_days_before)))
        for item, days in self.due_days_before.items():
            _whole(days, 0, 365, f"due_days_before.{item}")


_CALPACORTHO = (
    "calpacortho.com pre-operative timeline: stop aspirin and NSAIDs 7 days before "
    "(clinical-reference.md 4.2 [V]); other clinics stop NSAIDs 7-14 days before"
)
_LOW_AUTHORITY = (
    "LOW AUTHORITY: droracle.ai, an AI-generated page (clinical-reference.md 4.2); "
    "use the institution's anticoagulation policy"
)

DEFAULT_MEDICATION_STOPS = MedicationStopParams(
    categories={
        MedicationCategory.NSAID: StopInterval(7, Authority.CLINIC, _CALPACORTHO),
        MedicationCategory.ASPIRIN: StopInterval(7, Authority.CLINIC, _CALPACORTHO),
        MedicationCategory.SUPPLEMENT: StopInterval(
            7,
            Authority.ASSUMED,
            "The sources list vitamin E, ginkgo, fish oil and garlic to stop but give no "
            "interval (clinical-reference.md 4.2); chondral assumes the same timeline's 7 days: "
            "an assumption for the institution to confirm",
        ),
        MedicationCategory.ANTICOAGULANT: StopInterval(
            None,
            Authority.CLINIC,
            "Notify the surgeon of anticoagulants (calpacortho, clinical-reference.md 4.2); no "
            "sourced interval: the institution's anticoagulation policy decides",
        ),
        MedicationCategory.ANTIPLATELET: StopInterval(
            None,
            Authority.CLINIC,
            "Notify the surgeon of antiplatelet drugs (calpacortho, clinical-reference.md 4.2); "
            "no sourced interval: the institution's policy decides",
        ),
    },
    drugs={
        "warfarin": StopInterval(5, Authority.LOW, _LOW_AUTHORITY),
        "apixaban": StopInterval(2, Authority.LOW, _LOW_AUTHORITY),
        "rivaroxaban": StopInterval(3, Authority.LOW, _LOW_AUTHORITY),
        "clopidogrel": StopInterval(
            10, Authority.LOW, _LOW_AUTHORITY + "; the page gives 7-10 days, we take 10"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class PathwayPolicy:
    """All pathway rules; ``id`` and ``version`` are reported with every output."""

    id: str
    version: str
    weight_bearing: PathwayRule[WeightBearingParams]
    traction_time: PathwayRule[TractionParams]
    hole_distance: PathwayRule[HoleDistanceParams]
    hole_count: PathwayRule[NoParams]
    rts_time: PathwayRule[RtsTimeParams]
    rts_criteria: PathwayRule[RtsCriteriaParams]
    rts_approval: PathwayRule[NoParams]
    medication_stop: PathwayRule[MedicationStopParams]
    checklist_due: PathwayRule[ChecklistDueParams]


CONFIGURABLE_RULES: Mapping[str, str] = MappingProxyType(
    {
        "weight_bearing.extended": "weight_bearing",
        "operative.traction_time": "traction_time",
        "operative.hole_distance": "hole_distance",
        "rts.minimum_time": "rts_time",
        "rts.criteria": "rts_criteria",
        "medication.stop": "medication_stop",
        "checklist.due": "checklist_due",
    }
)
"""Rule name (as written in a policy file) -> ``PathwayPolicy`` field."""

DEFAULT_POLICY = PathwayPolicy(
    id="chondral.pathway.default",
    version="1",
    weight_bearing=PathwayRule(
        "weight_bearing.extended",
        1,
        "clinical-reference.md 5.1: Crawford/Philippon 20 lb foot-flat for 6-8 wk; Summit, "
        "UBMD and Karthikeyan 6 wk; Rath et al. 2017 JHPS (ISHA expert survey): >= 6 wk, scaled "
        "to defect area and LCEA. The cut-offs are chondral's (issue 6), not sourced: 200 mm2 is "
        "near the mean treated area of 180 mm2 (Karthikeyan, 1.1); LCEA 25 deg is the "
        "normal/borderline line (Tannast 2015, Ashwell 2016; 1.3)",
        RuleKind.DESIGN,
        WeightBearingParams(),
    ),
    traction_time=PathwayRule(
        "operative.traction_time",
        1,
        "INSTITUTION POLICY, not evidence: the often-quoted 2-hour limit was NOT found in the "
        "sources (clinical-reference.md 3.1); measured mean traction time 46.5 +/- 20.3 min "
        "(Arthroscopy 2019). Default 120 min; set your own in the policy file",
        RuleKind.POLICY,
        TractionParams(),
    ),
    hole_distance=PathwayRule(
        "operative.hole_distance",
        1,
        "INSTITUTION POLICY (chondral default, not evidence): a hole made farther from every "
        "planned hole than the plan's largest spacing (3-4 mm apart: Atilla 2017, Steadman; "
        "clinical-reference.md 3.3) is flagged",
        RuleKind.POLICY,
        HoleDistanceParams(),
    ),
    hole_count=PathwayRule(
        "operative.hole_count",
        1,
        "Design (not sourced): when only a hole count is recorded, it is compared with the "
        "plan's; a different count is flagged for review (Atilla 2017: size after debridement "
        "sets the number of holes, clinical-reference.md 3.3)",
        RuleKind.DESIGN,
        NoParams(),
    ),
    rts_time=PathwayRule(
        "rts.minimum_time",
        1,
        "clinical-reference.md 5.1-5.2: Crawford/Philippon phase IV from week 17; online "
        "protocols median return to sport 15.5 wk (9-23); surgeons return athletes at 12-20 wk "
        "after hip arthroscopy (Domb 2014). No microfracture-specific time found",
        RuleKind.DESIGN,
        RtsTimeParams(),
    ),
    rts_criteria=PathwayRule(
        "rts.criteria",
        1,
        "IJSPT 2022 criteria-based return-to-sport protocol (PMC9528724, Table 2): criteria for "
        "straight-line running and for full participation (clinical-reference.md 5.2)",
        RuleKind.EVIDENCE,
        RtsCriteriaParams(),
    ),
    rts_approval=PathwayRule(
        "rts.surgeon_approval",
        1,
        "product.md 2.6: return to sport needs the surgeon's recorded approval. chondral's rule: "
        "the approval counts when dated on or before the gate date and not before the last "
        "objective result it rests on",
        RuleKind.DESIGN,
        NoParams(),
    ),
    medication_stop=PathwayRule(
        "medication.stop",
        1,
        "clinical-reference.md 4.2 (per category and drug; each interval names its authority)",
        RuleKind.POLICY,
        DEFAULT_MEDICATION_STOPS,
    ),
    checklist_due=PathwayRule(
        "checklist.due",
        1,
        "Design (not sourced): due dates of the checklist items are chondral's suggestions; "
        "set your own in the policy file",
        RuleKind.DESIGN,
        ChecklistDueParams(),
    ),
)
