"""Checks of the operative record: traction time, holes against the plan, distances on the
surface sphere."""

import dataclasses
import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.domain import (
    ClockPosition,
    Finding,
    Lesion,
    LesionCenter,
    MicrofractureRecord,
    OperativeRecord,
    RuleKind,
    Severity,
    Side,
    Surface,
    TractionPeriod,
)
from chondral.errors import GeometryError, InvalidValueError
from chondral.pathway import (
    DEFAULT_POLICY,
    HoleDistanceParams,
    PlannedHoles,
    SurfaceSphere,
    TractionParams,
    review_operative_record,
)

R = 25.0
RIM_DEG = 100.0
SPHERE = SurfaceSphere(Surface.ACETABULUM, R, RIM_DEG)
LESION = Lesion(
    id="L1",
    surface=Surface.ACETABULUM,
    center=LesionCenter(ClockPosition.from_label("1:30"), 6.0),
)
PLAN_POSITIONS = ((45.0, 4.0), (45.0, 8.0), (60.0, 6.0))
PLAN = PlannedHoles(
    lesion_id="L1",
    surface=Surface.ACETABULUM,
    hole_count=3,
    positions=PLAN_POSITIONS,
    spacing_max_mm=4.0,
)


def period(start, stop):
    return TractionPeriod(start=dt.time.fromisoformat(start), stop=dt.time.fromisoformat(stop))


ONE_HOUR = (period("08:00", "09:00"),)


def operative(traction=ONE_HOUR, holes=None, count=3, lesion=LESION):
    return OperativeRecord(
        date=dt.date(2025, 3, 3),
        side=Side.RIGHT,
        surgeon="Dr A",
        traction=traction,
        lesions=(lesion,),
        microfracture=(
            MicrofractureRecord(lesion_id=lesion.id, hole_count=count, hole_positions=holes),
        ),
    )


def warnings(review):
    return [(f.rule_id, f.message) for f in review.findings if f.severity is Severity.WARNING]


class TestSurfaceDistance:
    def test_along_one_clock_line_is_the_rim_distance_difference(self):
        assert SPHERE.distance_mm((45.0, 3.0), (45.0, 7.0)) == pytest.approx(4.0, abs=1e-12)

    def test_along_one_ring(self):
        psi = math.radians(RIM_DEG) - 6.0 / R
        expected = 2 * R * math.asin(math.sin(psi) * math.sin(math.radians(10.0) / 2))
        assert SPHERE.distance_mm((40.0, 6.0), (50.0, 6.0)) == pytest.approx(expected, rel=1e-12)

    def test_across_12_oclock(self):
        assert SPHERE.distance_mm((355.0, 6.0), (5.0, 6.0)) == pytest.approx(
            SPHERE.distance_mm((40.0, 6.0), (50.0, 6.0)), rel=1e-12
        )

    def test_the_apex_is_one_point_whatever_the_clock(self):
        apex_mm = R * math.radians(RIM_DEG)
        assert SPHERE.distance_mm((0.0, apex_mm), (120.0, apex_mm)) == pytest.approx(0.0, abs=1e-9)

    def test_beyond_the_sphere_is_refused(self):
        with pytest.raises(GeometryError, match="beyond"):
            SPHERE.distance_mm((0.0, R * math.radians(RIM_DEG) + 1.0), (0.0, 0.0))

    positions = st.tuples(
        st.floats(min_value=0, max_value=359.9), st.floats(min_value=0, max_value=30)
    )

    @given(positions, positions, positions)
    def test_is_a_metric(self, a, b, c):
        assert SPHERE.distance_mm(a, a) == pytest.approx(0.0, abs=1e-9)
        assert SPHERE.distance_mm(a, b) == pytest.approx(SPHERE.distance_mm(b, a), abs=1e-9)
        assert (
            SPHERE.distance_mm(a, c) <= SPHERE.distance_mm(a, b) + SPHERE.distance_mm(b, c) + 1e-9
        )
        assert SPHERE.distance_mm(a, b) <= math.pi * R + 1e-9


class TestTraction:
    @pytest.mark.parametrize(
        ("periods", "warned"),
        [
            ((period("08:00", "10:00"),), False),  # exactly 120 min: not above the limit
            ((period("08:00", "10:01"),), True),
            ((period("08:00", "09:00"), period("09:20", "10:21")), True),  # total 121
            ((period("08:00", "09:00"), period("09:20", "10:20")), False),  # total 120
        ],
    )
    def test_total_time_against_the_institution_limit(self, periods, warned):
        review = review_operative_record(operative(traction=periods), PLAN, SPHERE)
        traction = [w for w in warnings(review) if "traction" in w[0]]
        assert bool(traction) is warned
        if warned:
            assert traction[0][0] == "pathway.operative.traction_time/1"
            assert "policy, not evidence" in traction[0][1]

    def test_the_rule_is_labelled_policy(self):
        review = review_operative_record(operative(traction=(period("08:00", "11:00"),)), None)
        finding = next(f for f in review.findings if "traction" in f.rule_id)
        assert finding.kind == "policy"
        assert "NOT found" in finding.source

    def test_limit_is_configurable(self):
        rule = dataclasses.replace(DEFAULT_POLICY.traction_time, params=TractionParams(50))
        policy = dataclasses.replace(DEFAULT_POLICY, traction_time=rule)
        review = review_operative_record(operative(), PLAN, SPHERE, policy=policy)
        assert any("limit of 50 min" in m for _, m in warnings(review))

    def test_not_recorded_is_said(self):
        review = review_operative_record(operative(traction=()), PLAN, SPHERE)
        assert review.traction_total_minutes is None
        assert any(f.message == "traction times not recorded" for f in review.findings)


class TestHolesAgainstPlan:
    def test_holes_on_the_plan_raise_nothing(self):
        review = review_operative_record(operative(holes=PLAN_POSITIONS), PLAN, SPHERE)
        assert warnings(review) == []
        assert review.comparisons[0].nearest_planned_mm == pytest.approx((0.0, 0.0, 0.0))

    def test_a_hole_far_from_every_planned_hole(self):
        holes = ((45.0, 4.0), (45.0, 8.0), (45.0, 13.0))  # 5 mm beyond (45, 8) on its meridian
        review = review_operative_record(operative(holes=holes), PLAN, SPHERE)
        comparison = review.comparisons[0]
        assert comparison.far_holes == (3,)
        assert comparison.nearest_planned_mm[2] == pytest.approx(5.0, abs=1e-9)
        assert comparison.missed_planned == (3,)  # (60, 6) is about 6.7 mm from (45, 4)
        messages = [
            m for rule, m in warnings(review) if rule == "pathway.operative.hole_distance/1"
        ]
        assert messages == [
            "L1: hole(s) 3 made 5.0 mm from the nearest planned hole (limit 4 mm)",
            "L1: planned hole(s) 3 have no hole made within 4 mm",
        ]

    def test_exactly_at_the_limit_is_not_far(self):
        holes = ((45.0, 4.0), (45.0, 12.0), (60.0, 6.0))  # 4.0 mm from (45, 8)
        review = review_operative_record(operative(holes=holes), PLAN, SPHERE)
        assert review.comparisons[0].far_holes == ()

    def test_policy_distance_replaces_the_plan_spacing(self):
        holes = ((45.0, 4.0), (45.0, 8.0), (45.0, 13.0))
        rule = dataclasses.replace(DEFAULT_POLICY.hole_distance, params=HoleDistanceParams(6.0))
        policy = dataclasses.replace(DEFAULT_POLICY, hole_distance=rule)
        review = review_operative_record(operative(holes=holes), PLAN, SPHERE, policy=policy)
        assert review.comparisons[0].far_holes == ()
        assert review.comparisons[0].limit_mm == 6.0

    @pytest.mark.parametrize(("count", "words"), [(2, "1 fewer"), (5, "2 more")])
    def test_count_only_is_compared_with_the_planned_count(self, count, words):
        review = review_operative_record(operative(count=count), PLAN, SPHERE)
        [(rule, message)] = warnings(review)
        assert rule == "pathway.operative.hole_count/1"
        assert message.startswith(f"L1: {count} holes made, 3 planned ({words})")

    def test_same_count_only_raises_nothing(self):
        assert warnings(review_operative_record(operative(count=3), PLAN, SPHERE)) == []

    def test_different_surface_is_not_compared(self):
        head = dataclasses.replace(LESION, surface=Surface.FEMORAL_HEAD)
        review = review_operative_record(operative(lesion=head, holes=PLAN_POSITIONS), PLAN, SPHERE)
        assert "planned on the acetabulum but found on the femoral_head" in warnings(review)[0][1]

    def test_no_plan(self):
        review = review_operative_record(operative(holes=PLAN_POSITIONS), None)
        assert warnings(review) == []
        assert "no hole plan" in review.findings[-1].message
        assert review.comparisons[0].planned_count is None

    def test_plan_for_a_lesion_that_was_not_treated(self):
        other = dataclasses.replace(LESION, id="L2")
        review = review_operative_record(operative(lesion=other), PLAN, SPHERE)
        assert any("no microfracture of L1" in m for _, m in warnings(review))
        assert any(f.message == "L2: no hole plan for this lesion" for f in review.findings)

    def test_positions_need_the_sphere(self):
        with pytest.raises(ValueError, match="needs its sphere"):
            review_operative_record(operative(holes=PLAN_POSITIONS), PLAN, None)


class TestPlannedHoles:
    def test_positions_must_match_the_count(self):
        with pytest.raises(ValueError, match="hole_count is 2"):
            PlannedHoles(
                lesion_id="L1",
                surface=Surface.ACETABULUM,
                hole_count=2,
                positions=((1.0, 2.0),),
                spacing_max_mm=4.0,
            )

    def test_clock_must_be_in_range(self):
        with pytest.raises(ValueError, match=r"positions\[0\]"):
            PlannedHoles(
                lesion_id="L1",
                surface=Surface.ACETABULUM,
                hole_count=1,
                positions=((360.0, 2.0),),
                spacing_max_mm=4.0,
            )


class TestFindings:
    def test_findings_are_the_one_finding_type_with_the_rules_identity(self):
        review = review_operative_record(
            operative(traction=(period("08:00", "11:00"),)), PLAN, SPHERE
        )
        assert review.findings and all(isinstance(f, Finding) for f in review.findings)
        traction = next(f for f in review.findings if "traction" in f.rule_id)
        assert traction.kind is RuleKind.POLICY and traction.version == 1
        assert traction.source == DEFAULT_POLICY.traction_time.source
        assert traction.evidence == {"traction_total_minutes": 180, "limit_minutes": 120}
        assert review.traction_total_minutes == 180

    def test_positions_without_a_sphere_name_the_parameter(self):
        with pytest.raises(InvalidValueError) as caught:
            review_operative_record(operative(holes=PLAN_POSITIONS), PLAN, None)
        assert caught.value.field == "sphere"
