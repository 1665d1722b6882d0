"""``assess_case`` places every lesion by the planner's own geometric rule: where the plan
refuses a lesion as off the articular surface, the verdict refuses it too, and the other way
round."""

import pytest

from chondral.anatomy import TemplateHip
from chondral.domain import Surface
from chondral.errors import GeometryError
from chondral.io.sources import CaseFolder
from chondral.rules import DEFAULT_RULE_SET
from chondral.services.candidacy import assess_case
from chondral.services.planning import plan_case

from factories import DELETE, build_case


def _refused(call) -> bool:
    try:
        call()
    except GeometryError:
        return True
    return False


def _case(rim_distance_mm, **extra):
    return build_case(**{"lesions.0.center.rim_distance_mm": rim_distance_mm, **extra})


@pytest.fixture(scope="module")
def rim_to_fossa_mm():
    case = build_case()
    return TemplateHip.from_hip(case.hip, case.patient.sex).rim_to_fossa_mm(Surface.ACETABULUM)


class TestOneGeometricRule:
    def test_a_centre_40_mm_from_the_rim_is_refused_by_assess_as_by_plan(self):
        case = _case(40)
        with pytest.raises(GeometryError, match=r"L1.*not on articular surface"):
            assess_case(case, DEFAULT_RULE_SET)
        with pytest.raises(GeometryError):
            plan_case(case, CaseFolder(None))

    @pytest.mark.parametrize("offset_mm", [-5.0, 1.0])
    def test_assess_and_plan_agree_either_side_of_the_fossa(self, rim_to_fossa_mm, offset_mm):
        case = _case(
            round(rim_to_fossa_mm + offset_mm, 2),
            **{"lesions.0.size_mm": {"length": 8, "width": 6}},
        )
        assess_refuses = _refused(lambda: assess_case(case, DEFAULT_RULE_SET))
        plan_refuses = _refused(lambda: plan_case(case, CaseFolder(None)))
        assert assess_refuses == plan_refuses == (offset_mm > 0)

    def test_a_centre_without_extent_is_placed_too(self, rim_to_fossa_mm):
        inside = _case(rim_to_fossa_mm / 2, **{"lesions.0.size_mm": DELETE})
        assert assess_case(inside, DEFAULT_RULE_SET).findings
        outside = _case(rim_to_fossa_mm + 5, **{"lesions.0.size_mm": DELETE})
        with pytest.raises(GeometryError, match="not on articular surface"):
            assess_case(outside, DEFAULT_RULE_SET)

    def test_a_centre_in_the_notch_is_refused(self):
        case = build_case(**{"lesions.0.center.clock": "6:00"})
        with pytest.raises(GeometryError, match="L1"):
            assess_case(case, DEFAULT_RULE_SET)


class TestHipsTheTemplateCannotModel:
    def test_a_severely_dysplastic_hip_still_gets_its_verdict(self):
        case = build_case(**{"hip.radiographic.lcea_deg": -20})
        with pytest.raises(GeometryError, match="cannot model"):
            TemplateHip.from_hip(case.hip, case.patient.sex)
        assessment = assess_case(case, DEFAULT_RULE_SET)
        assert assessment.verdict == "not_candidate"
        assert "pao" in assessment.alternatives

    def test_a_lesion_recorded_as_ranges_needs_the_template(self):
        case = build_case(
            **{
                "hip.radiographic.lcea_deg": -20,
                "lesions.0.center": DELETE,
                "lesions.0.size_mm": DELETE,
                "lesions.0.clock": {"from": "12:00", "to": "1:00"},
                "lesions.0.rim_distance_mm": {"from": 0, "to": 4},
            }
        )
        with pytest.raises(GeometryError, match=r"L1.*cannot model"):
            assess_case(case, DEFAULT_RULE_SET)

    def test_a_shallow_template_socket_refuses_a_lesion_past_its_fossa_for_both(self):
        # LCEA 0: the template's rim-to-fossa distance is 6.2 mm
        case = build_case(**{"hip.radiographic.lcea_deg": 0, "lesions.0.center.rim_distance_mm": 7})
        with pytest.raises(GeometryError, match="not on articular surface"):
            assess_case(case, DEFAULT_RULE_SET)
        with pytest.raises(GeometryError):
            plan_case(case, CaseFolder(None))
