"""The candidacy rule set: thresholds as data, each rule with id, version and source.

The defaults implement the criteria agreed for chondral (issue 2), drawn from
clinical-reference.md sections 1 and 2. Many of these numbers are study inclusion criteria, not
validated decision rules (level IV evidence), which is why every threshold is configurable through
a rule-set file (``chondral assess --rules FILE``) and travels with its source.

References
----------
- McGill KC, Bush-Joseph CA, Nho SJ. *Cartilage* 2010 (PMC4297043): full-thickness (Outerbridge
  IV), focal, contained lesions; "typically less than 4 cm".
- Chaharbakhshi EO et al. *Arthroscopy* 2019: defects > 300 mm2, relative risk 2.33 for THA.
- Fontana A et al. 2015 / 2019: AMIC for acetabular lesions 2-8 cm2.
- Chandrasekaran S et al. *JBJS* 2016 (Tönnis 2: OR 7.73 for THA); CORR 2013 PMC3705033 (JSW <= 2 mm).
- Tannast M et al. *CORR* 2015; Ashwell ZR et al. *JHPS* 2016: LCEA < 20 dysplasia, 20-25 borderline.
- Voos JE et al.; El Bitar YF et al. *JAAOS* 2014: young patients, < 50-60 years.
- Mohtadi NG et al. *Arthroscopy* 2012: active patients, Tegner >= 4.
- Stubbs 2018 *Arthrosc Tech* (PMC5982236); Voos et al.: rehabilitation compliance required.
- Allahabadi S et al. *ASMAR* 2020; Asik M et al. *Arthroscopy* 2008 (knee): BMI (no hip cut-off found).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

from chondral.domain import GRADE_LABELS, GradeSystem, RuleKind
from chondral.domain.limits import (
    AGE_YEARS,
    BMI_KG_M2,
    JOINT_SPACE_WIDTH_MM,
    LCEA_DEG,
    LESION_AREA_MM2,
    TONNIS_ANGLE_DEG,
    Range,
)
from chondral.errors import InvalidValueError

__all__ = [
    "DEFAULT_RULE_SET",
    "ActivityParams",
    "AgeParams",
    "ArthritisParams",
    "BmiParams",
    "CartilageDepthParams",
    "DysplasiaParams",
    "LesionSizeParams",
    "NoParams",
    "Rule",
    "RuleSet",
]

P = TypeVar("P")


def _check(params: object, limits: Range, *names: str) -> None:
    """Each named threshold must lie in the plausibility range of what it is compared with
    (``chondral.domain.limits``): a threshold no patient value can reach is an entry error."""
    for name in names:
        limits.check(getattr(params, name), name)


@dataclass(frozen=True, slots=True)
class NoParams:
    """A criterion with no numeric threshold (containment, rehabilitation commitment)."""


@dataclass(frozen=True, slots=True)
class CartilageDepthParams:
    """Grade labels, per system, that meet the depth criterion or meet it with caution."""

    met: Mapping[GradeSystem, frozenset[str]]
    caution: Mapping[GradeSystem, frozenset[str]]

    def __post_init__(self) -> None:
        for name in ("met", "caution"):
            table = {GradeSystem(k): frozenset(v) for k, v in getattr(self, name).items()}
            for system, labels in table.items():
                unknown = sorted(labels - set(GRADE_LABELS[system]))
                if unknown:
                    raise InvalidValueError(
                        f"not {system.value} grades: {unknown}", field=f"{name}.{system.value}"
                    )
            object.__setattr__(self, name, MappingProxyType(table))
        for system in GradeSystem:
            both = self.met.get(system, frozenset()) & self.caution.get(system, frozenset())
            if both:
                raise InvalidValueError(
                    f"{system.value} grades both met and caution: {sorted(both)}", field="met"
                )


@dataclass(frozen=True, slots=True)
class LesionSizeParams:
    """Total lesion area: met up to ``met_max_mm2``, caution up to ``caution_max_mm2``."""

    met_max_mm2: float = 300.0
    caution_max_mm2: float = 400.0

    def __post_init__(self) -> None:
        _check(self, LESION_AREA_MM2, "met_max_mm2", "caution_max_mm2")
        if self.met_max_mm2 > self.caution_max_mm2:
            raise InvalidValueError("need met_max_mm2 <= caution_max_mm2", field="met_max_mm2")


@dataclass(frozen=True, slots=True)
class ArthritisParams:
    """Met when Tönnis grade <= ``tonnis_grade_max`` and JSW > ``joint_space_width_min_mm``."""

    tonnis_grade_max: int = 1
    joint_space_width_min_mm: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.tonnis_grade_max <= 3:
            raise InvalidValueError("must be 0-3", field="tonnis_grade_max")
        _check(self, JOINT_SPACE_WIDTH_MM, "joint_space_width_min_mm")


@dataclass(frozen=True, slots=True)
class DysplasiaParams:
    """LCEA >= ``lcea_met_min_deg`` met; >= ``lcea_caution_min_deg`` caution; below unmet.
    A Tönnis angle above ``tonnis_angle_caution_above_deg`` is a caution."""

    lcea_met_min_deg: float = 25.0
    lcea_caution_min_deg: float = 20.0
    tonnis_angle_caution_above_deg: float = 10.0

    def __post_init__(self) -> None:
        _check(self, LCEA_DEG, "lcea_met_min_deg", "lcea_caution_min_deg")
        _check(self, TONNIS_ANGLE_DEG, "tonnis_angle_caution_above_deg")
        if self.lcea_caution_min_deg > self.lcea_met_min_deg:
            raise InvalidValueError(
                "need lcea_caution_min_deg <= lcea_met_min_deg", field="lcea_caution_min_deg"
            )


@dataclass(frozen=True, slots=True)
class AgeParams:
    """Age < ``caution_from_years`` met; < ``unmet_from_years`` caution; otherwise unmet."""

    caution_from_years: int = 50
    unmet_from_years: int = 60

    def __post_init__(self) -> None:
        _check(self, AGE_YEARS, "caution_from_years", "unmet_from_years")
        if not 0 < self.caution_from_years <= self.unmet_from_years:
            raise InvalidValueError(
                "need 0 < caution_from_years <= unmet_from_years", field="caution_from_years"
            )


@dataclass(frozen=True, slots=True)
class ActivityParams:
    """Met when Tegner >= ``tegner_min`` or UCLA >= ``ucla_min``."""

    tegner_min: int = 4
    ucla_min: int = 6

    def __post_init__(self) -> None:
        if not 0 <= self.tegner_min <= 10 or not 1 <= self.ucla_min <= 10:
            raise InvalidValueError("tegner_min must be 0-10 and ucla_min 1-10", field="tegner_min")


@dataclass(frozen=True, slots=True)
class BmiParams:
    """BMI below ``caution_from_kg_m2`` met, otherwise caution (never unmet: no hip cut-off)."""

    caution_from_kg_m2: float = 30.0

    def __post_init__(self) -> None:
        _check(self, BMI_KG_M2, "caution_from_kg_m2")


@dataclass(frozen=True, slots=True)
class Rule(Generic[P]):
    """One criterion's rule: parameters plus identity and provenance."""

    criterion: str
    version: int
    source: str
    params: P
    alternatives: tuple[str, ...] = ()
    required: bool = True
    kind: RuleKind = RuleKind.EVIDENCE

    @property
    def rule_id(self) -> str:
        """Stable identifier including the version, e.g. ``candidacy.lesion_size.v1``."""
        return f"candidacy.{self.criterion}.v{self.version}"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All candidacy rules; ``id`` and ``version`` are reported with every assessment."""

    id: str
    version: str
    cartilage_depth: Rule[CartilageDepthParams]
    lesion_size: Rule[LesionSizeParams]
    containment: Rule[NoParams]
    arthritis: Rule[ArthritisParams]
    dysplasia_instability: Rule[DysplasiaParams]
    age: Rule[AgeParams]
    activity: Rule[ActivityParams]
    rehab_commitment: Rule[NoParams]
    bmi: Rule[BmiParams] = field(
        default_factory=lambda: Rule("bmi", 1, _BMI_SOURCE, BmiParams(), required=False)
    )


_BMI_SOURCE = (
    "No hip-microfracture BMI cut-off found (clinical-reference.md 1.1); higher BMI worsens "
    "HOS after hip arthroscopy (Arthroscopy 2016 meta-analysis); BMI < 25 better in knee "
    "microfracture (Asik et al. 2008). 30 is a conventional obesity line, shown as a caution only."
)

DEFAULT_RULE_SET = RuleSet(
    id="chondral.candidacy.default",
    version="1",
    cartilage_depth=Rule(
        "cartilage_depth",
        1,
        "McGill, Bush-Joseph & Nho 2010 Cartilage (PMC4297043): full-thickness, Outerbridge IV; "
        "Voos et al.; grading tables clinical-reference.md 2.1-2.2 (Konan 2011; Beck 2005 [U])",
        CartilageDepthParams(
            met={
                GradeSystem.ICRS: frozenset({"4"}),
                GradeSystem.OUTERBRIDGE: frozenset({"IV"}),
                GradeSystem.KONAN: frozenset({"4"}),
                GradeSystem.BECK: frozenset({"5"}),
            },
            caution={
                GradeSystem.ICRS: frozenset({"3", "3A", "3B", "3C", "3D"}),
                GradeSystem.OUTERBRIDGE: frozenset({"III"}),
                GradeSystem.KONAN: frozenset({"3"}),
                GradeSystem.BECK: frozenset({"3", "4"}),
            },
        ),
        alternatives=("debridement_chondroplasty",),
    ),
    lesion_size=Rule(
        "lesion_size",
        1,
        "Chaharbakhshi et al. 2019 Arthroscopy: defects > 300 mm2 RR 2.33 for THA; Karthikeyan "
        "et al. 2011/2012: treated 50-300 mm2; McGill 2010: typically < 4 cm (unit ambiguous); "
        "Fontana et al. 2015: AMIC for 2-8 cm2",
        LesionSizeParams(),
        alternatives=("amic", "aci", "osteochondral_autograft"),
    ),
    containment=Rule(
        "containment",
        1,
        "McGill 2010 (focal, contained); Stubbs group 2018 Arthrosc Tech (PMC5982236, Table 2): "
        "an intact, robust rim must hold the clot",
        NoParams(),
        alternatives=("amic", "osteochondral_autograft"),
    ),
    arthritis=Rule(
        "arthritis",
        1,
        "Chaharbakhshi 2019 and AHI 5-year series: Tönnis > 1 excluded; Chandrasekaran et al. "
        "2016 JBJS: Tönnis 2 OR 7.73 for THA; CORR 2013 (PMC3705033): JSW <= 2 mm predicts THA",
        ArthritisParams(),
        alternatives=("arthroplasty_referral",),
    ),
    dysplasia_instability=Rule(
        "dysplasia_instability",
        1,
        "Tannast et al. 2015 CORR (PMC4353515) and Ashwell et al. 2016 JHPS (PMC5883176): LCEA "
        "< 20 dysplasia, 20-25 borderline; Tönnis angle > 10 suggests dysplasia (miles4hips); "
        "PAO for dysplasia (clinical-reference.md 1.4)",
        DysplasiaParams(),
        alternatives=("pao",),
    ),
    age=Rule(
        "age",
        1,
        "Voos et al.: young (< 50-60 years); El Bitar et al. 2014 JAAOS: hip preservation mainly "
        "<= 50; Allahabadi et al. 2020 ASMAR: age strongest predictor of THA after arthroscopy",
        AgeParams(),
        alternatives=("arthroplasty_referral",),
    ),
    activity=Rule(
        "activity",
        1,
        "McGill 2010 (active patients); Mohtadi et al. 2012 Arthroscopy: iHOT developed for "
        "Tegner >= 4; UCLA scale 1-10 (JOSR 2010 table): UCLA >= 6 is chondral's own "
        "equivalent cut-off, not taken from a source",
        ActivityParams(),
    ),
    rehab_commitment=Rule(
        "rehab_commitment",
        1,
        "Voos et al.; Stubbs group 2018 (PMC5982236): non-compliance with protected weight "
        "bearing is a contraindication",
        NoParams(),
        alternatives=("nonoperative_care",),
    ),
)
"""The rule set used when no ``--rules`` file is given."""
