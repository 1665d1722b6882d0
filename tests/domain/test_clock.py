import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.domain import ClockPosition
from chondral.domain.clock import clock_span_deg


class TestClockLabels:
    @pytest.mark.parametrize(
        ("label", "clock_deg"),
        [
            ("12:00", 0.0),
            ("3:00", 90.0),
            ("6:00", 180.0),
            ("9:00", 270.0),
            ("1:30", 45.0),
            ("12:30", 15.0),
            ("11:59", 359.5),
        ],
    )
    def test_known_positions(self, label, clock_deg):
        assert ClockPosition.from_label(label).clock_deg == clock_deg
        assert ClockPosition(clock_deg).label == label

    @pytest.mark.parametrize(
        "label", ["13:00", "0:30", "12:60", "3", "3:0", " 3:00", "-1:00", "", "3:00pm"]
    )
    def test_impossible_times_are_refused(self, label):
        with pytest.raises(ValueError, match="clock time"):
            ClockPosition.from_label(label)

    def test_out_of_range_degrees_refused(self):
        with pytest.raises(ValueError):
            ClockPosition(360.0)

    @given(st.integers(1, 12), st.integers(0, 59))
    def test_label_round_trip(self, hour, minute):
        label = f"{hour}:{minute:02d}"
        assert ClockPosition.from_label(label).label == label

    @given(st.floats(-1e4, 1e4, allow_nan=False))
    def test_from_degrees_wraps_into_range(self, angle):
        assert 0.0 <= ClockPosition.from_degrees(angle).clock_deg < 360.0

    def test_span_wraps_through_twelve(self):
        start, end = ClockPosition.from_label("11:00"), ClockPosition.from_label("1:00")
        assert clock_span_deg(start, end) == 60.0
        assert clock_span_deg(end, start) == 300.0
