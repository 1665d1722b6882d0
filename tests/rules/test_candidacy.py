"""Every rule boundary, verdict precedence, and side independence."""

import dataclasses
import math

import pytest
import yaml

from chondral.anatomy import TemplateHip
from chondral.cli.main import run
from chondral.domain import Side, Surface
from chondral.rules import DEFAULT_RULE_SET, Status, Verdict, assess_candidacy
from chondral.rules.candidacy import (
    assess_activity,
    assess_age,
    assess_arthritis,
    assess_bmi,
    assess_cartilage_depth,
    assess_containment,
    assess_dysplasia_instability,
    assess_lesion_size,
    assess_rehab_commitment,
)
from chondral.services.candidacy import assess_case

from factories import DELETE, build_case, case_document

RULES = DEFAULT_RULE_SET


def status_of(function, rule, **changes) -> Status:
    return function(build_case(**changes), rule).status


class TestLesionSize:
    @pytest.mark.parametrize(
        ("area_mm2", "expected"),
        [
            (299.99, Status.MET),
            (300, Status.MET),
            (300.01, Status.CAUTION),
            (400, Status.CAUTION),
            (400.01, Status.UNMET),
        ],
    )
    def test_boundaries(self, area_mm2, expected):
        changes = {"lesions.0.size_mm": DELETE, "lesions.0.area_mm2": area_mm2}
        assert status_of(assess_lesion_size, RULES.lesion_size, **changes) is expected

    def test_area_from_length_and_width(self):
        # pi/4 x 19 x 20 = 298.45 (met); pi/4 x 20 x 20 = 314.16 (caution)
        assert (
            status_of(
                assess_lesion_size,
                RULES.lesion_size,
                **{"lesions.0.size_mm": {"length": 19, "width": 20}},
            )
            is Status.MET
        )
        finding = assess_lesion_size(
            build_case(**{"lesions.0.size_mm": {"length": 20, "width": 20}}), RULES.lesion_size
        )
        assert finding.status is Status.CAUTION
        assert finding.evidence["total_area_mm2"] == 314.2

    def test_total_of_several_lesions(self):
        lesions = [
            {
                "id": f"L{i}",
                "surface": "acetabulum",
                "center": {"clock": "1:00", "rim_distance_mm": 5},
                "area_mm2": 110,
                "grade": {"system": "icrs", "value": "4"},
                "contained": True,
            }
            for i in range(3)
        ]
        finding = assess_lesion_size(build_case(lesions=lesions), RULES.lesion_size)
        assert finding.status is Status.CAUTION
        assert finding.evidence["total_area_mm2"] == 330.0

    def test_unknown_size_is_unknown_unless_known_part_already_exceeds(self):
        unsized = {
            "id": "L2",
            "surface": "acetabulum",
            "center": {"clock": "2:00", "rim_distance_mm": 3},
        }
        big = {
            "id": "L1",
            "surface": "acetabulum",
            "center": {"clock": "1:00", "rim_distance_mm": 5},
            "area_mm2": 450,
        }
        small = dict(big, area_mm2=100)
        finding = assess_lesion_size(build_case(lesions=[small, unsized]), RULES.lesion_size)
        assert finding.status is Status.UNKNOWN
        assert finding.missing == ("lesions[1].size_mm",)
        assert (
            assess_lesion_size(build_case(lesions=[big, unsized]), RULES.lesion_size).status
            is Status.UNMET
        )

    def test_no_lesions(self):
        finding = assess_lesion_size(build_case(lesions=[]), RULES.lesion_size)
        assert finding.status is Status.UNKNOWN and finding.missing == ("lesions",)

    def test_pre_debridement_measurement_is_flagged(self):
        finding = assess_lesion_size(
            build_case(**{"lesions.0.measured": "pre_debridement"}), RULES.lesion_size
        )
        assert "before debridement" in finding.message


class TestCartilageDepth:
    @pytest.mark.parametrize(
        ("system", "label", "expected"),
        [
            ("icrs", "4", Status.MET),
            ("icrs", "3", Status.CAUTION),
            ("icrs", "3A", Status.CAUTION),
            ("icrs", "3D", Status.CAUTION),
            ("icrs", "2", Status.UNMET),
            ("icrs", "1B", Status.UNMET),
            ("outerbridge", "IV", Status.MET),
            ("outerbridge", "III", Status.CAUTION),
            ("outerbridge", "II", Status.UNMET),
            ("konan", "4", Status.MET),
            ("konan", "3", Status.CAUTION),
            ("konan", "2", Status.UNMET),
            ("beck", "5", Status.MET),
            ("beck", "4", Status.CAUTION),
            ("beck", "3", Status.CAUTION),
            ("beck", "2", Status.UNMET),
            ("beck", "0", Status.UNMET),
        ],
    )
    def test_grade_tables(self, system, label, expected):
        changes = {"lesions.0.grade": {"system": system, "value": label}}
        assert status_of(assess_cartilage_depth, RULES.cartilage_depth, **changes) is expected

    def test_ungraded_lesion_is_unknown(self):
        finding = assess_cartilage_depth(
            build_case(**{"lesions.0.grade": DELETE}), RULES.cartilage_depth
        )
        assert finding.status is Status.UNKNOWN and finding.missing == ("lesions[0].grade",)

    def test_unmet_alternative(self):
        finding = assess_cartilage_depth(
            build_case(**{"lesions.0.grade": {"system": "icrs", "value": "2"}}),
            RULES.cartilage_depth,
        )
        assert finding.alternatives == ("debridement_chondroplasty",)


class TestContainment:
    def test_contained(self):
        assert status_of(assess_containment, RULES.containment) is Status.MET

    def test_uncontained(self):
        assert (
            status_of(assess_containment, RULES.containment, **{"lesions.0.contained": False})
            is Status.UNMET
        )

    def test_not_recorded(self):
        finding = assess_containment(
            build_case(**{"lesions.0.contained": DELETE}), RULES.containment
        )
        assert finding.status is Status.UNKNOWN and finding.missing == ("lesions[0].contained",)


class TestArthritis:
    @pytest.mark.parametrize(
        ("tonnis", "jsw_mm", "expected"),
        [
            (0, 4.0, Status.MET),
            (1, 2.01, Status.MET),
            (1, 2.0, Status.UNMET),
            (2, 4.0, Status.UNMET),
            (3, 1.0, Status.UNMET),
            (0, 0.0, Status.UNMET),
        ],
    )
    def test_boundaries(self, tonnis, jsw_mm, expected):
        changes = {
            "hip.radiographic.tonnis_grade": tonnis,
            "hip.radiographic.joint_space_width_mm": jsw_mm,
        }
        assert status_of(assess_arthritis, RULES.arthritis, **changes) is expected

    def test_missing_jsw_is_unknown_but_tonnis_2_alone_is_unmet(self):
        finding = assess_arthritis(
            build_case(**{"hip.radiographic.joint_space_width_mm": DELETE}), RULES.arthritis
        )
        assert finding.status is Status.UNKNOWN
        assert finding.missing == ("hip.radiographic.joint_space_width_mm",)
        assert (
            status_of(
                assess_arthritis,
                RULES.arthritis,
                **{
                    "hip.radiographic.joint_space_width_mm": DELETE,
                    "hip.radiographic.tonnis_grade": 2,
                },
            )
            is Status.UNMET
        )


class TestDysplasiaInstability:
    @pytest.mark.parametrize(
        ("lcea_deg", "expected"),
        [
            (19.99, Status.UNMET),
            (20, Status.CAUTION),
            (24.99, Status.CAUTION),
            (25, Status.MET),
            (-10, Status.UNMET),
            (45, Status.MET),
        ],
    )
    def test_lcea_boundaries(self, lcea_deg, expected):
        assert (
            status_of(
                assess_dysplasia_instability,
                RULES.dysplasia_instability,
                **{"hip.radiographic.lcea_deg": lcea_deg},
            )
            is expected
        )

    @pytest.mark.parametrize(("angle_deg", "expected"), [(10, Status.MET), (10.01, Status.CAUTION)])
    def test_tonnis_angle_boundary(self, angle_deg, expected):
        assert (
            status_of(
                assess_dysplasia_instability,
                RULES.dysplasia_instability,
                **{"hip.radiographic.tonnis_angle_deg": angle_deg},
            )
            is expected
        )

    def test_tonnis_angle_is_optional(self):
        assert (
            status_of(
                assess_dysplasia_instability,
                RULES.dysplasia_instability,
                **{"hip.radiographic.tonnis_angle_deg": DELETE},
            )
            is Status.MET
        )

    def test_instability_is_unmet_with_pao(self):
        finding = assess_dysplasia_instability(
            build_case(**{"hip.instability": True}), RULES.dysplasia_instability
        )
        assert finding.status is Status.UNMET and finding.alternatives == ("pao",)

    def test_instability_not_examined_is_unknown(self):
        finding = assess_dysplasia_instability(
            build_case(**{"hip.instability": DELETE}), RULES.dysplasia_instability
        )
        assert finding.status is Status.UNKNOWN and finding.missing == ("hip.instability",)


class TestAge:
    @pytest.mark.parametrize(
        ("age", "expected"),
        [
            (49, Status.MET),
            (50, Status.CAUTION),
            (59, Status.CAUTION),
            (60, Status.UNMET),
            (0, Status.MET),
        ],
    )
    def test_boundaries(self, age, expected):
        assert status_of(assess_age, RULES.age, **{"patient.age_years": age}) is expected


class TestActivity:
    @pytest.mark.parametrize(
        ("activity", "expected"),
        [
            ({"tegner": 4}, Status.MET),
            ({"tegner": 3}, Status.CAUTION),
            ({"ucla": 6}, Status.MET),
            ({"ucla": 5}, Status.CAUTION),
            ({"tegner": 3, "ucla": 6}, Status.MET),
            ({"tegner": 3, "ucla": 5}, Status.CAUTION),
            ({"sport": "golf"}, Status.UNKNOWN),
        ],
    )
    def test_boundaries(self, activity, expected):
        assert (
            status_of(assess_activity, RULES.activity, **{"patient.activity": activity}) is expected
        )


class TestRehabAndBmi:
    @pytest.mark.parametrize(
        ("value", "expected"), [(True, Status.MET), (False, Status.UNMET), (DELETE, Status.UNKNOWN)]
    )
    def test_rehab(self, value, expected):
        assert (
            status_of(assess_rehab_commitment, RULES.rehab_commitment, rehab_commitment=value)
            is expected
        )

    @pytest.mark.parametrize(
        ("weight_kg", "expected"),
        # height 200 cm: BMI = weight / 4
        [(119.96, Status.MET), (120, Status.CAUTION), (140, Status.CAUTION)],
    )
    def test_bmi_boundary(self, weight_kg, expected):
        assert (
            status_of(
                assess_bmi, RULES.bmi, **{"patient.height_cm": 200, "patient.weight_kg": weight_kg}
            )
            is expected
        )

    def test_bmi_unknown_does_not_block_the_verdict(self):
        assessment = assess_candidacy(build_case(**{"patient.height_cm": DELETE}), RULES)
        bmi = next(f for f in assessment.findings if f.criterion == "bmi")
        assert bmi.status is Status.UNKNOWN and not bmi.required
        assert assessment.verdict is Verdict.CANDIDATE


class TestVerdict:
    def test_clean_case_is_candidate(self):
        assert assess_candidacy(build_case(), RULES).verdict is Verdict.CANDIDATE

    def test_one_finding_per_criterion_in_order(self):
        criteria = [f.criterion for f in assess_candidacy(build_case(), RULES).findings]
        assert criteria == [
            "cartilage_depth",
            "lesion_size",
            "containment",
            "arthritis",
            "dysplasia_instability",
            "age",
            "activity",
            "rehab_commitment",
            "bmi",
        ]

    def test_caution_gives_candidate_with_cautions(self):
        case = build_case(**{"patient.age_years": 55})
        assert assess_candidacy(case, RULES).verdict is Verdict.CANDIDATE_WITH_CAUTIONS

    def test_unknown_beats_caution(self):
        case = build_case(**{"patient.age_years": 55, "hip.instability": DELETE})
        assert assess_candidacy(case, RULES).verdict is Verdict.INSUFFICIENT_DATA

    def test_unmet_beats_unknown_and_caution(self):
        case = build_case(
            **{"patient.age_years": 55, "hip.instability": DELETE, "rehab_commitment": False}
        )
        assessment = assess_candidacy(case, RULES)
        assert assessment.verdict is Verdict.NOT_CANDIDATE
        assert assessment.alternatives == ("nonoperative_care",)

    def test_alternatives_have_no_duplicates(self):
        case = build_case(**{"patient.age_years": 65, "hip.radiographic.tonnis_grade": 2})
        assessment = assess_candidacy(case, RULES)
        assert assessment.alternatives == ("arthroplasty_referral",)

    def test_left_and_right_give_the_same_verdict_and_findings(self):
        for changes in ({}, {"patient.age_years": 55}, {"hip.radiographic.lcea_deg": 15}):
            right = assess_candidacy(build_case(**changes), RULES)
            left = assess_candidacy(build_case(**{**changes, "hip.side": "left"}), RULES)
            assert left.side is Side.LEFT and right.side is Side.RIGHT
            assert left.verdict is right.verdict
            assert [dataclasses.replace(f) for f in left.findings] == list(right.findings)

    def test_patient_self_check_lists_what_the_surgeon_must_measure(self):
        changes = {
            "hip.radiographic": DELETE,
            "hip.instability": DELETE,
            "hip.femoral_head_diameter_mm": DELETE,
            "lesions": DELETE,
        }
        assessment = assess_candidacy(build_case(**changes), RULES)
        assert assessment.verdict is Verdict.INSUFFICIENT_DATA
        assert set(assessment.missing) == {
            "lesions",
            "hip.radiographic.tonnis_grade",
            "hip.radiographic.joint_space_width_mm",
            "hip.radiographic.lcea_deg",
            "hip.instability",
        }

    def test_every_finding_carries_rule_id_and_source(self):
        for finding in assess_candidacy(build_case(), RULES).findings:
            assert finding.rule_id.startswith(f"candidacy.{finding.criterion}.v")
            assert len(finding.source) > 20


RANGE_LESION = {
    "id": "L1",
    "surface": "acetabulum",
    "clock": {"from": "12:00", "to": "2:30"},
    "rim_distance_mm": {"from": 0, "to": 9},
    "grade": {"system": "icrs", "value": "4"},
    "contained": True,
}


class TestGeometricArea:
    def test_rules_use_a_supplied_geometric_area_for_range_lesions(self):
        case = build_case(lesions=[RANGE_LESION])
        assert assess_lesion_size(case, RULES.lesion_size).status is Status.UNKNOWN
        finding = assess_lesion_size(case, RULES.lesion_size, {"L1": 350.0})
        assert finding.status is Status.CAUTION
        assert finding.evidence["geometric_area_lesions"] == ["L1"]

    def test_recorded_area_wins_over_geometric(self):
        case = build_case(**{"lesions.0.size_mm": DELETE, "lesions.0.area_mm2": 100})
        finding = assess_lesion_size(case, RULES.lesion_size, {"L1": 999.0})
        assert finding.status is Status.MET and finding.evidence["geometric_area_lesions"] == []

    def test_service_computes_the_exact_band_area_on_the_template_sphere(self):
        case = build_case(lesions=[RANGE_LESION])
        template = TemplateHip.from_hip(case.hip, case.patient.sex)
        radius_mm = template.surface_radius_mm(Surface.ACETABULUM)
        rim_polar = template.rim_to_apex_mm(Surface.ACETABULUM) / radius_mm
        # Band between rim distances 0 and 9 mm over 75 deg of clock on a sphere of radius R:
        # R^2 * dphi * (cos(theta_inner) - cos(theta_rim)), theta measured from the socket axis.
        inner_polar = rim_polar - 9.0 / radius_mm
        exact_mm2 = (
            radius_mm**2 * math.radians(75.0) * (math.cos(inner_polar) - math.cos(rim_polar))
        )
        finding = next(f for f in assess_case(case, RULES).findings if f.criterion == "lesion_size")
        assert finding.evidence["total_area_mm2"] == pytest.approx(exact_mm2, rel=0.005)

    def test_a_range_lesion_in_the_fossa_is_refused(self, tmp_path, capsys):

        deep = dict(RANGE_LESION, rim_distance_mm={"from": 10, "to": 38})
        path = tmp_path / "case.yaml"
        path.write_text(yaml.safe_dump(case_document(lesions=[deep])))
        assert run(["assess", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "lesion L1" in err
