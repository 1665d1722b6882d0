"""Plausibility limits (chondral.domain.limits) and the constructors that apply them: each limit
accepted, just past it refused with an InvalidValueError (also a ValueError) naming the
attribute; NaN and infinity never pass."""

import dataclasses
import datetime as dt
import math

import pytest

from chondral.domain import (
    AcetabularOrientation,
    Activity,
    Case,
    ClockPosition,
    Grade,
    GradeSystem,
    Hip,
    LesionCenter,
    LesionSize,
    MeshReference,
    MicrofractureRecord,
    OperativeRecord,
    Patient,
    PlanSettings,
    PromResponse,
    RadiographicMeasurements,
    RimDistanceRange,
    RtsAssessment,
    Side,
    TractionPeriod,
    limits,
)
from chondral.domain.lesion import Lesion, Surface
from chondral.domain.limits import EARLIEST_DATE, LATEST_DATE, Range, check_date
from chondral.errors import InvalidValueError

NOT_FINITE = [math.nan, math.inf, -math.inf]


def refused(factory) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as caught:
        factory()
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)
    return caught.value


class TestRange:
    def test_closed_range(self):
        grade = Range(0.0, 5.0)
        assert grade.contains(0) and grade.contains(5.0)
        assert not grade.contains(-0.001) and not grade.contains(5.001)

    def test_open_low_end(self):
        size = Range(0.0, 60.0, low_open=True)
        assert not size.contains(0.0) and size.contains(1e-9) and size.contains(60)

    @pytest.mark.parametrize("value", [*NOT_FINITE, True, "3", None, [1]])
    def test_only_finite_numbers(self, value):
        assert not Range(-1e308, 1e308).contains(value)

    def test_whole_numbers(self):
        age = Range(0, 120, whole=True)
        assert age.contains(120) and not age.contains(12.0) and not age.contains(121)

    def test_message(self):
        error = refused(lambda: limits.HEIGHT_CM.check(1.68, "height_cm"))
        assert error.field == "height_cm"
        assert error.problem == "must be a finite number from 50 to 250 cm, got 1.68"


class TestDates:
    @pytest.mark.parametrize("day", [EARLIEST_DATE, LATEST_DATE, dt.date(2025, 3, 3)])
    def test_inside(self, day):
        check_date(day, "surgery_date")

    @pytest.mark.parametrize(
        "day",
        [
            EARLIEST_DATE - dt.timedelta(days=1),
            LATEST_DATE + dt.timedelta(days=1),
            dt.date.min,
            dt.date.max,
        ],
    )
    def test_outside(self, day):
        error = refused(lambda: check_date(day, "proms[0].date"))
        assert error.field == "proms[0].date"
        assert "outside the dates chondral accepts (1900-01-01 to 2100-12-31)" in error.problem

    def test_schedules_cannot_overflow(self):
        # the furthest date the pathway computes (years after surgery) stays in Python's range
        assert LATEST_DATE + dt.timedelta(weeks=52 * 100) < dt.date.max


# (constructor taking one value, attribute named, accepted values, refused values)
BOUNDARIES = [
    (lambda v: Patient(age_years=v), "age_years", [0, 120], [-1, 121, 30.0]),
    (lambda v: Patient(height_cm=v), "height_cm", [50, 250.0], [49.99, 250.01]),
    (lambda v: Patient(weight_kg=v), "weight_kg", [20, 350], [19.9, 350.1]),
    (lambda v: Activity(tegner=v), "tegner", [0, 10], [-1, 11]),
    (lambda v: Activity(ucla=v), "ucla", [1, 10], [0, 11]),
    (
        lambda v: Hip(Side.LEFT, femoral_head_diameter_mm=v),
        "femoral_head_diameter_mm",
        [30, 70],
        [29.9, 70.1],
    ),
    (lambda v: RadiographicMeasurements(lcea_deg=v), "lcea_deg", [-60, 90], [-60.1, 90.1]),
    (lambda v: RadiographicMeasurements(tonnis_grade=v), "tonnis_grade", [0, 3], [-1, 4]),
    (
        lambda v: RadiographicMeasurements(joint_space_width_mm=v),
        "joint_space_width_mm",
        [0, 15],
        [-0.1, 15.1],
    ),
    (
        lambda v: RadiographicMeasurements(tonnis_angle_deg=v),
        "tonnis_angle_deg",
        [-40, 60],
        [-40.1, 60.1],
    ),
    (
        lambda v: RadiographicMeasurements(alpha_angle_deg=v),
        "alpha_angle_deg",
        [20, 130],
        [19.9, 130.1],
    ),
    (lambda v: AcetabularOrientation(inclination_deg=v), "inclination_deg", [0, 90], [-0.1, 90.1]),
    (
        lambda v: AcetabularOrientation(anteversion_deg=v),
        "anteversion_deg",
        [-40, 60],
        [-40.1, 60.1],
    ),
    (lambda v: LesionCenter(ClockPosition(0.0), v), "rim_distance_mm", [0, 40], [-0.1, 40.1]),
    (lambda v: RimDistanceRange(0.0, v), "end_mm", [40], [40.1]),
    (lambda v: LesionSize(v, 5.0), "length_mm", [1e-9, 60], [0, 60.1]),
    (lambda v: LesionSize(5.0, v), "width_mm", [60], [0, 61]),
    (
        lambda v: Lesion(
            "L1", Surface.ACETABULUM, center=LesionCenter(ClockPosition(0.0), 5.0), area_mm2=v
        ),
        "area_mm2",
        [0.001, 3000],
        [0, 3000.5],
    ),
    (
        lambda v: TractionPeriod(start=dt.time(8), stop=dt.time(9), force_kg=v),
        "force_kg",
        [0.1, 300],
        [0, 300.1],
    ),
    (
        lambda v: MicrofractureRecord(lesion_id="L1", hole_count=v),
        "hole_count",
        [1, 200],
        [0, 201, 2.0],
    ),
    (
        lambda v: MicrofractureRecord(lesion_id="L1", hole_count=1, depth_mm=v),
        "depth_mm",
        [10],
        [0, 10.1],
    ),
    (
        lambda v: MicrofractureRecord(lesion_id="L1", hole_count=1, awl_angles_deg=(v,)),
        "awl_angles_deg[0]",
        [0, 90],
        [-1, 90.5],
    ),
    (
        lambda v: OperativeRecord(
            date=dt.date(2025, 3, 3), side=Side.LEFT, surgeon="A", distraction_mm=v
        ),
        "distraction_mm",
        [30],
        [0, 30.1],
    ),
    (lambda v: PlanSettings(spacing_min_mm=v), "spacing_min_mm", [10], [0, 10.1]),
    (lambda v: PlanSettings(rim_inset_mm=v), "rim_inset_mm", [0, 5], [5.1]),
    (lambda v: PlanSettings(debridement_margin_mm=v), "debridement_margin_mm", [0, 5], [-0.1]),
    (lambda v: PlanSettings(coverage_target_mm=v), "coverage_target_mm", [10], [0, 10.5]),
    (lambda v: PlanSettings(depth_mm=v), "depth_mm", [10], [0, 11]),
    (
        lambda v: RtsAssessment(date=dt.date(2025, 8, 1), results={"front_plank_s": v}),
        "results.front_plank_s",
        [0, 3600],
        [-1, 3600.5],
    ),
]


@pytest.mark.parametrize(("factory", "field", "accepted", "beyond"), BOUNDARIES)
def test_each_limit_is_accepted_and_just_past_it_refused(factory, field, accepted, beyond):
    for value in accepted:
        factory(value)
    for value in [*beyond, *NOT_FINITE]:
        error = refused(lambda value=value: factory(value))
        assert error.field == field, value


class TestBodyMassIndex:
    @pytest.mark.parametrize(("height_cm", "weight_kg"), [(200, 40), (180, 324), (168, 61)])
    def test_plausible(self, height_cm, weight_kg):
        Patient(height_cm=height_cm, weight_kg=weight_kg)

    @pytest.mark.parametrize(("height_cm", "weight_kg"), [(200, 39.9), (180, 324.5), (250, 20)])
    def test_implausible_together(self, height_cm, weight_kg):
        error = refused(lambda: Patient(age_years=0, height_cm=height_cm, weight_kg=weight_kg))
        assert error.field == "weight_kg"
        assert "body-mass index" in error.problem and "10-100 kg/m2" in error.problem


class TestOtherConstructors:
    def test_clock_degrees(self):
        ClockPosition(0.0)
        ClockPosition(359.999)
        for value in [360.0, -0.001, *NOT_FINITE]:
            assert refused(lambda value=value: ClockPosition(value)).field == "clock_deg"
        with pytest.raises(InvalidValueError):
            ClockPosition.from_degrees(math.nan)

    def test_grade_names_the_label(self):
        error = refused(lambda: Grade(GradeSystem.ICRS, "9"))
        assert error.field == "label" and "not a icrs grade" in error.problem

    def test_reversed_rim_range_names_no_attribute(self):
        assert refused(lambda: RimDistanceRange(9.0, 3.0)).field is None

    def test_hole_positions_are_finite(self):
        error = refused(
            lambda: MicrofractureRecord(
                lesion_id="L1", hole_count=1, hole_positions=((math.nan, 2.0),)
            )
        )
        assert error.field == "hole_positions[0]"

    def test_text_is_bounded(self):
        MicrofractureRecord(lesion_id="L" * limits.MAX_TEXT_CHARS, hole_count=1)
        error = refused(
            lambda: MicrofractureRecord(lesion_id="L" * (limits.MAX_TEXT_CHARS + 1), hole_count=1)
        )
        assert error.field == "lesion_id"

    def test_prom_answers(self):
        assert (
            refused(lambda: PromResponse("mhhs", dt.date(2025, 1, 1), {"pain": math.nan})).field
            == "answers.pain"
        )
        assert refused(lambda: PromResponse("mhhs", dt.date(2025, 1, 1), {1: "x"})).field == (
            "answers"
        )
        assert refused(lambda: PromResponse("", dt.date(2025, 1, 1))).field == "instrument"

    def test_mesh_reference(self):
        assert refused(lambda: MeshReference(path="", units="mm")).field == "path"

    def test_rts_pass_fail_results_are_not_numbers(self):
        RtsAssessment(date=dt.date(2025, 8, 1), results={"hop_battery": True})


class TestCaseDates:
    """The case's date rules are in one place (Case), each naming the field."""

    def case(self, **changes):
        base = Case(case_id="C1", patient=Patient(), hip=Hip(Side.RIGHT))
        return dataclasses.replace(base, **changes)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"surgery_date": dt.date(1, 1, 1)}, "surgery_date"),
            ({"surgery_date": dt.date(9999, 12, 31)}, "surgery_date"),
            (
                {"proms": (PromResponse("mhhs", dt.date(9999, 1, 1)),)},
                "proms[0].date",
            ),
            (
                {
                    "proms": (
                        PromResponse("mhhs", dt.date(2025, 1, 1)),
                        PromResponse("mhhs", dt.date(1899, 12, 31)),
                    )
                },
                "proms[1].date",
            ),
        ],
    )
    def test_out_of_range_dates_are_refused_naming_the_field(self, changes, field):
        error = refused(lambda: self.case(**changes))
        assert error.field == field
        assert "outside the dates chondral accepts" in error.problem

    def test_boundary_dates_are_accepted(self):
        self.case(surgery_date=EARLIEST_DATE, proms=(PromResponse("mhhs", LATEST_DATE),))

    def test_operative_record_on_another_day(self):
        record = OperativeRecord(date=dt.date(2025, 3, 4), side=Side.RIGHT, surgeon="A")
        error = refused(lambda: self.case(surgery_date=dt.date(2025, 3, 3), operative=record))
        assert error.field == "operative.date"
        assert error.problem == "2025-03-04 differs from surgery_date 2025-03-03"

    def test_operative_record_of_the_other_hip(self):
        record = OperativeRecord(date=dt.date(2025, 3, 3), side=Side.LEFT, surgeon="A")
        error = refused(lambda: self.case(operative=record))
        assert error.field == "operative.side"

    def test_unknown_planned_lesion(self):
        error = refused(lambda: self.case(plan=PlanSettings(lesion_id="L9")))
        assert error.field == "plan.lesion_id"
