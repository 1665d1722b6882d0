"""Candidacy for hip microfracture: one pure function per criterion, and the verdict.

Each function takes the case and its rule and returns one ``Finding``. A criterion is ``unmet``
as soon as the inputs that are present already fail it (a missing value cannot rescue it), is
``unknown`` when inputs it needs are missing, and otherwise ``caution`` or ``met``.

Verdict precedence (issue 2): any ``unmet`` -> ``not_candidate``; else any ``unknown`` among the
required criteria (all but ``bmi``) -> ``insufficient_data``; else any ``caution`` ->
``candidate_with_cautions``; else ``candidate``.

References: see ``chondral.rules.ruleset`` (each rule carries its own source).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from chondral.domain import Case, EvidenceValue, Finding, MeasuredAt, Severity, Status
from chondral.rules.finding import Assessment, Verdict
from chondral.rules.ruleset import (
    ActivityParams,
    AgeParams,
    ArthritisParams,
    BmiParams,
    CartilageDepthParams,
    DysplasiaParams,
    LesionSizeParams,
    NoParams,
    Rule,
    RuleSet,
)

__all__ = [
    "assess_activity",
    "assess_age",
    "assess_arthritis",
    "assess_bmi",
    "assess_candidacy",
    "assess_cartilage_depth",
    "assess_containment",
    "assess_dysplasia_instability",
    "assess_lesion_size",
    "assess_rehab_commitment",
    "decide_verdict",
]

_SEVERITY = {Status.MET: 0, Status.CAUTION: 1, Status.UNKNOWN: 2, Status.UNMET: 3}


def _worst(statuses: Sequence[Status]) -> Status:
    return max(statuses, key=_SEVERITY.__getitem__)


def _severity(status: Status, *, required: bool) -> Severity:
    """How loudly a criterion's status speaks: an unmet required criterion blocks candidacy."""
    if status is Status.MET:
        return Severity.INFO
    if status is Status.UNMET and required:
        return Severity.BLOCKING
    return Severity.WARNING


def _finding(
    rule: Rule[Any],
    status: Status,
    message: str,
    evidence: dict[str, EvidenceValue],
    missing: Sequence[str] = (),
) -> Finding:
    return Finding(
        criterion=rule.criterion,
        status=status,
        rule_id=rule.rule_id,
        version=rule.version,
        kind=rule.kind,
        severity=_severity(status, required=rule.required),
        message=message,
        source=rule.source,
        evidence=evidence,
        missing=tuple(missing) if status is Status.UNKNOWN else (),
        alternatives=rule.alternatives,
        required=rule.required,
    )


def _number(value: float) -> str:
    return f"{value:g}"


def assess_cartilage_depth(case: Case, rule: Rule[CartilageDepthParams]) -> Finding:
    """Full-thickness lesions are met; near-full thickness (e.g. ICRS 3) caution; lower unmet."""
    if not case.lesions:
        return _finding(
            rule, Status.UNKNOWN, "No lesion is recorded, so its depth is unknown.", {}, ["lesions"]
        )
    statuses: list[Status] = []
    grades: list[str] = []
    missing: list[str] = []
    for index, lesion in enumerate(case.lesions):
        if lesion.grade is None:
            statuses.append(Status.UNKNOWN)
            missing.append(f"lesions[{index}].grade")
            grades.append(f"{lesion.id}: not graded")
            continue
        grades.append(f"{lesion.id}: {lesion.grade}")
        if lesion.grade.label in rule.params.met.get(lesion.grade.system, frozenset()):
            statuses.append(Status.MET)
        elif lesion.grade.label in rule.params.caution.get(lesion.grade.system, frozenset()):
            statuses.append(Status.CAUTION)
        else:
            statuses.append(Status.UNMET)
    status = _worst(statuses)
    listed = "; ".join(grades)
    message = {
        Status.MET: f"Full-thickness cartilage loss ({listed}): the depth suits microfracture.",
        Status.CAUTION: (
            f"Deep but not full-thickness damage ({listed}): microfracture only if debridement "
            "exposes the subchondral bone."
        ),
        Status.UNMET: (
            f"Partial-thickness damage ({listed}) is not a microfracture lesion; "
            "debridement/chondroplasty fits better."
        ),
        Status.UNKNOWN: f"The depth of a lesion is not recorded ({listed}).",
    }[status]
    return _finding(rule, status, message, {"grades": grades}, missing)


def assess_lesion_size(
    case: Case,
    rule: Rule[LesionSizeParams],
    geometric_areas_mm2: Mapping[str, float] | None = None,
) -> Finding:
    """Total area: met up to the first threshold, caution up to the second, else unmet.

    A lesion's recorded area (``area_mm2``, or pi/4 x length x width) is used when there is one;
    otherwise its geometric area from ``geometric_areas_mm2`` (lesion id -> mm2, computed by the
    anatomy model for lesions given only as clock/rim-distance ranges).
    """
    geometric_areas_mm2 = geometric_areas_mm2 or {}
    params = rule.params
    limits: dict[str, EvidenceValue] = {
        "met_max_mm2": params.met_max_mm2,
        "caution_max_mm2": params.caution_max_mm2,
    }
    if not case.lesions:
        return _finding(
            rule,
            Status.UNKNOWN,
            "No lesion is recorded, so its size is unknown.",
            limits,
            ["lesions"],
        )
    known_total_mm2 = 0.0
    missing: list[str] = []
    pre_debridement: list[str] = []
    geometric: list[str] = []
    for index, lesion in enumerate(case.lesions):
        area_mm2 = lesion.recorded_area_mm2
        if area_mm2 is None and lesion.id in geometric_areas_mm2:
            area_mm2 = geometric_areas_mm2[lesion.id]
            geometric.append(lesion.id)
        if area_mm2 is None:
            missing.append(f"lesions[{index}].size_mm")
            continue
        known_total_mm2 += area_mm2
        if lesion.measured is MeasuredAt.PRE_DEBRIDEMENT:
            pre_debridement.append(lesion.id)
    evidence: dict[str, EvidenceValue] = {
        "total_area_mm2": round(known_total_mm2, 1),
        "geometric_area_lesions": geometric,
        **limits,
    }
    note = (
        f" Measured before debridement ({', '.join(pre_debridement)}): the debrided area will be"
        " larger."
        if pre_debridement
        else ""
    )
    if geometric:
        note += (
            f" Area of {', '.join(geometric)} computed from its clock and rim-distance ranges on"
            " the template hip."
        )
    total = _number(round(known_total_mm2, 1))
    if known_total_mm2 > params.caution_max_mm2:
        return _finding(
            rule,
            Status.UNMET,
            f"Total lesion area {total} mm2 exceeds {_number(params.caution_max_mm2)} mm2: "
            f"AMIC, ACI or an osteochondral autograft fit better.{note}",
            evidence,
        )
    if missing:
        evidence["total_area_mm2"] = None
        return _finding(
            rule,
            Status.UNKNOWN,
            "The size of a lesion is not recorded (give size_mm or area_mm2; a position given only "
            "as clock and rim-distance ranges does not state an area).",
            evidence,
            missing,
        )
    if known_total_mm2 <= params.met_max_mm2:
        return _finding(
            rule,
            Status.MET,
            f"Total lesion area {total} mm2 is within {_number(params.met_max_mm2)} mm2.{note}",
            evidence,
        )
    return _finding(
        rule,
        Status.CAUTION,
        f"Total lesion area {total} mm2 is above {_number(params.met_max_mm2)} mm2, where the risk "
        f"of later hip replacement rises (RR 2.33).{note}",
        evidence,
    )


def assess_containment(case: Case, rule: Rule[NoParams]) -> Finding:
    """Every lesion must be contained by a stable rim of healthy cartilage."""
    if not case.lesions:
        return _finding(
            rule,
            Status.UNKNOWN,
            "No lesion is recorded, so containment is unknown.",
            {},
            ["lesions"],
        )
    uncontained = [lesion.id for lesion in case.lesions if lesion.contained is False]
    missing = [
        f"lesions[{i}].contained" for i, les in enumerate(case.lesions) if les.contained is None
    ]
    evidence: dict[str, EvidenceValue] = {"uncontained": uncontained}
    if uncontained:
        return _finding(
            rule,
            Status.UNMET,
            f"Not contained ({', '.join(uncontained)}): without a healthy rim the marrow clot is "
            "not held; AMIC or an osteochondral autograft fit better.",
            evidence,
        )
    if missing:
        return _finding(
            rule,
            Status.UNKNOWN,
            "Whether every lesion is contained is not recorded.",
            evidence,
            missing,
        )
    return _finding(
        rule, Status.MET, "Every lesion is contained by a rim of healthy cartilage.", evidence
    )


def assess_arthritis(case: Case, rule: Rule[ArthritisParams]) -> Finding:
    """No arthritis: Tönnis grade at most the limit and joint space wider than the limit."""
    params = rule.params
    radiographic = case.hip.radiographic
    tonnis, jsw_mm = radiographic.tonnis_grade, radiographic.joint_space_width_mm
    evidence: dict[str, EvidenceValue] = {
        "tonnis_grade": tonnis,
        "joint_space_width_mm": jsw_mm,
        "tonnis_grade_max": params.tonnis_grade_max,
        "joint_space_width_min_mm": params.joint_space_width_min_mm,
    }
    problems = []
    if tonnis is not None and tonnis > params.tonnis_grade_max:
        problems.append(f"Tönnis grade {tonnis} (above {params.tonnis_grade_max})")
    if jsw_mm is not None and jsw_mm <= params.joint_space_width_min_mm:
        problems.append(
            f"joint space {_number(jsw_mm)} mm (at or below "
            f"{_number(params.joint_space_width_min_mm)} mm)"
        )
    if problems:
        return _finding(
            rule,
            Status.UNMET,
            f"Signs of arthritis: {' and '.join(problems)}; refer for arthroplasty assessment.",
            evidence,
        )
    missing = [
        path
        for path, value in (
            ("hip.radiographic.tonnis_grade", tonnis),
            ("hip.radiographic.joint_space_width_mm", jsw_mm),
        )
        if value is None
    ]
    if missing:
        return _finding(
            rule, Status.UNKNOWN, "Arthritis is not yet graded on X-ray.", evidence, missing
        )
    return _finding(
        rule,
        Status.MET,
        f"No arthritis: Tönnis grade {tonnis}, joint space {_number(jsw_mm or 0.0)} mm.",
        evidence,
    )


def assess_dysplasia_instability(case: Case, rule: Rule[DysplasiaParams]) -> Finding:
    """No dysplasia (LCEA) and no clinical instability; borderline LCEA or Tönnis angle caution."""
    params = rule.params
    radiographic = case.hip.radiographic
    lcea, tonnis_angle = radiographic.lcea_deg, radiographic.tonnis_angle_deg
    unstable = case.hip.instability
    evidence: dict[str, EvidenceValue] = {
        "lcea_deg": lcea,
        "tonnis_angle_deg": tonnis_angle,
        "instability": unstable,
        "lcea_met_min_deg": params.lcea_met_min_deg,
        "lcea_caution_min_deg": params.lcea_caution_min_deg,
        "tonnis_angle_caution_above_deg": params.tonnis_angle_caution_above_deg,
    }
    problems = []
    if lcea is not None and lcea < params.lcea_caution_min_deg:
        problems.append(
            f"LCEA {_number(lcea)} deg (dysplasia, below "
            f"{_number(params.lcea_caution_min_deg)} deg)"
        )
    if unstable:
        problems.append("clinical instability")
    if problems:
        return _finding(
            rule,
            Status.UNMET,
            f"{' and '.join(problems).capitalize()}: isolated arthroscopic cartilage repair is not "
            "advised; consider periacetabular osteotomy (PAO).",
            evidence,
        )
    missing = [
        path
        for path, value in (("hip.radiographic.lcea_deg", lcea), ("hip.instability", unstable))
        if value is None
    ]
    if missing:
        return _finding(
            rule, Status.UNKNOWN, "Dysplasia or instability is not yet assessed.", evidence, missing
        )
    assert lcea is not None
    cautions = []
    if lcea < params.lcea_met_min_deg:
        cautions.append(f"borderline dysplasia (LCEA {_number(lcea)} deg)")
    if tonnis_angle is not None and tonnis_angle > params.tonnis_angle_caution_above_deg:
        cautions.append(
            f"Tönnis angle {_number(tonnis_angle)} deg (above "
            f"{_number(params.tonnis_angle_caution_above_deg)} deg)"
        )
    if cautions:
        return _finding(
            rule,
            Status.CAUTION,
            f"{' and '.join(cautions).capitalize()}: longer protected weight bearing may be needed.",
            evidence,
        )
    return _finding(
        rule, Status.MET, f"Normal coverage (LCEA {_number(lcea)} deg) and a stable hip.", evidence
    )


def assess_age(case: Case, rule: Rule[AgeParams]) -> Finding:
    """Younger patients do best; risk of conversion to hip replacement rises with age."""
    params = rule.params
    age = case.patient.age_years
    evidence: dict[str, EvidenceValue] = {
        "age_years": age,
        "caution_from_years": params.caution_from_years,
        "unmet_from_years": params.unmet_from_years,
    }
    if age is None:
        return _finding(
            rule, Status.UNKNOWN, "Age is not recorded.", evidence, ["patient.age_years"]
        )
    if age >= params.unmet_from_years:
        return _finding(
            rule,
            Status.UNMET,
            f"Age {age}: at {params.unmet_from_years} or over, conversion to hip replacement is "
            "common; refer for arthroplasty assessment.",
            evidence,
        )
    if age >= params.caution_from_years:
        return _finding(
            rule,
            Status.CAUTION,
            f"Age {age}: between {params.caution_from_years} and {params.unmet_from_years - 1}, "
            "results of hip preservation are less predictable.",
            evidence,
        )
    return _finding(rule, Status.MET, f"Age {age} is under {params.caution_from_years}.", evidence)


def assess_activity(case: Case, rule: Rule[ActivityParams]) -> Finding:
    """Active patients: Tegner or UCLA at or above the threshold (no unmet: caution at worst)."""
    params = rule.params
    activity = case.patient.activity
    evidence: dict[str, EvidenceValue] = {
        "tegner": activity.tegner,
        "ucla": activity.ucla,
        "tegner_min": params.tegner_min,
        "ucla_min": params.ucla_min,
    }
    if activity.tegner is None and activity.ucla is None:
        return _finding(
            rule,
            Status.UNKNOWN,
            "Activity level (Tegner or UCLA) is not recorded.",
            evidence,
            ["patient.activity"],
        )
    scores = ", ".join(
        f"{name} {value}"
        for name, value in (("Tegner", activity.tegner), ("UCLA", activity.ucla))
        if value is not None
    )
    tegner_ok = activity.tegner is not None and activity.tegner >= params.tegner_min
    ucla_ok = activity.ucla is not None and activity.ucla >= params.ucla_min
    if tegner_ok or ucla_ok:
        return _finding(rule, Status.MET, f"Active patient ({scores}).", evidence)
    return _finding(
        rule,
        Status.CAUTION,
        f"Low activity level ({scores}; thresholds Tegner {params.tegner_min}, UCLA "
        f"{params.ucla_min}): the benefit of microfracture is shown in active patients.",
        evidence,
    )


def assess_rehab_commitment(case: Case, rule: Rule[NoParams]) -> Finding:
    """The patient must be willing and able to follow protected weight bearing and rehab."""
    commitment = case.rehab_commitment
    evidence: dict[str, EvidenceValue] = {"rehab_commitment": commitment}
    if commitment is None:
        return _finding(
            rule,
            Status.UNKNOWN,
            "Commitment to the rehabilitation is not recorded.",
            evidence,
            ["rehab_commitment"],
        )
    if not commitment:
        return _finding(
            rule,
            Status.UNMET,
            "The patient cannot commit to 6-8 weeks of protected weight bearing and rehabilitation;"
            " the repair depends on it.",
            evidence,
        )
    return _finding(
        rule, Status.MET, "The patient commits to the rehabilitation programme.", evidence
    )


def assess_bmi(case: Case, rule: Rule[BmiParams]) -> Finding:
    """Optional criterion: BMI at or above the threshold is a caution, never a contraindication."""
    params = rule.params
    bmi = case.patient.bmi_kg_m2
    evidence: dict[str, EvidenceValue] = {
        "bmi_kg_m2": None if bmi is None else round(bmi, 1),
        "caution_from_kg_m2": params.caution_from_kg_m2,
    }
    if bmi is None:
        missing = [
            path
            for path, value in (
                ("patient.height_cm", case.patient.height_cm),
                ("patient.weight_kg", case.patient.weight_kg),
            )
            if value is None
        ]
        return _finding(
            rule,
            Status.UNKNOWN,
            "BMI cannot be computed (height or weight missing).",
            evidence,
            missing,
        )
    if bmi >= params.caution_from_kg_m2:
        return _finding(
            rule,
            Status.CAUTION,
            f"BMI {bmi:.1f} kg/m2 (at or above {_number(params.caution_from_kg_m2)}): higher BMI "
            "goes with worse outcomes after hip arthroscopy.",
            evidence,
        )
    return _finding(rule, Status.MET, f"BMI {bmi:.1f} kg/m2.", evidence)


def decide_verdict(findings: Sequence[Finding]) -> Verdict:
    """Combine findings by the precedence in the module docstring."""
    statuses = [finding.status for finding in findings]
    if Status.UNMET in statuses:
        return Verdict.NOT_CANDIDATE
    if any(f.status is Status.UNKNOWN and f.required for f in findings):
        return Verdict.INSUFFICIENT_DATA
    if Status.CAUTION in statuses:
        return Verdict.CANDIDATE_WITH_CAUTIONS
    return Verdict.CANDIDATE


def assess_candidacy(
    case: Case,
    rule_set: RuleSet,
    geometric_areas_mm2: Mapping[str, float] | None = None,
) -> Assessment:
    """One finding per criterion, in a fixed order, and the verdict.

    ``geometric_areas_mm2`` (lesion id -> mm2) supplies the area of lesions recorded only as
    ranges; see ``assess_lesion_size``.
    """
    evaluations: list[Callable[[], Finding]] = [
        lambda: assess_cartilage_depth(case, rule_set.cartilage_depth),
        lambda: assess_lesion_size(case, rule_set.lesion_size, geometric_areas_mm2),
        lambda: assess_containment(case, rule_set.containment),
        lambda: assess_arthritis(case, rule_set.arthritis),
        lambda: assess_dysplasia_instability(case, rule_set.dysplasia_instability),
        lambda: assess_age(case, rule_set.age),
        lambda: assess_activity(case, rule_set.activity),
        lambda: assess_rehab_commitment(case, rule_set.rehab_commitment),
        lambda: assess_bmi(case, rule_set.bmi),
    ]
    findings = tuple(evaluate() for evaluate in evaluations)
    return Assessment(
        case_id=case.case_id,
        side=case.side,
        verdict=decide_verdict(findings),
        findings=findings,
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
    )
