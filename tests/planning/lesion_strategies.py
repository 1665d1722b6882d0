"""Hypothesis strategies: lesions as a clinician may record them, and layout parameters.

Every lesion drawn can be planned: its centre (or its whole clock range, for ranges) is on
articular surface, clear of the acetabular notch (5:00-7:00), and it is at least
2 * rim_inset_mm + 1 mm across, so some point lies deeper than the inset.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from chondral.planning import PlanParameters
from planning.plan_cases import lesion_record, range_lesion_record

SURFACES = ("acetabulum", "femoral_head")
SIDES = ("right", "left")
MEASURED = ("post_debridement", "pre_debridement")

_NOTCH_START_HALF_DEG = 300  # 5:00 in half degrees
_NOTCH_END_HALF_DEG = 420  # 7:00


@st.composite
def centre_clock_deg(draw: st.DrawFn, surface: str) -> float:
    """A clock angle on the clock-face minute grid (0.5 deg), outside the notch on the
    acetabulum."""
    if surface == "acetabulum":
        half = draw(
            st.one_of(
                st.integers(0, _NOTCH_START_HALF_DEG - 1),
                st.integers(_NOTCH_END_HALF_DEG + 1, 719),
            )
        )
    else:
        half = draw(st.integers(0, 719))
    return half / 2.0


@st.composite
def lesion_records(draw: st.DrawFn, *, min_extent_mm: float = 5.0) -> dict[str, Any]:
    """A lesion record of any form: centre + size, centre + area, or clock/rim ranges."""
    surface = draw(st.sampled_from(SURFACES))
    measured = draw(st.sampled_from(MEASURED))
    form = draw(st.sampled_from(("size", "area", "range")))
    if form == "range":
        span_half = draw(st.integers(30, 120))  # 15-60 deg of clock
        if surface == "acetabulum":  # the whole range clear of the notch
            start_half = draw(st.integers(_NOTCH_END_HALF_DEG + 1, 720 + 299 - span_half)) % 720
        else:
            start_half = draw(st.integers(0, 719))
        rim_from = draw(st.integers(0, 18)) / 2.0
        rim_width = draw(st.floats(max(min_extent_mm, 5.0), 10.0))
        return range_lesion_record(
            surface,
            clock_from_deg=start_half / 2.0,
            clock_to_deg=((start_half + span_half) % 720) / 2.0,
            rim_from_mm=rim_from,
            rim_to_mm=round(rim_from + rim_width, 2),
            measured=measured,
        )
    clock_deg = draw(centre_clock_deg(surface))
    rim_mm = round(draw(st.floats(2.0, 17.0)), 2)
    if form == "size":
        length = round(draw(st.floats(max(min_extent_mm, 5.0), 25.0)), 2)
        width = round(draw(st.floats(max(min_extent_mm, 5.0), 25.0)), 2)
        return lesion_record(
            surface,
            clock_deg=clock_deg,
            rim_distance_mm=rim_mm,
            size_mm=(length, width),
            measured=measured,
        )
    low = max(40.0, 3.1416 * (min_extent_mm / 2.0) ** 2)
    area = round(draw(st.floats(low, 500.0)), 1)
    return lesion_record(
        surface, clock_deg=clock_deg, rim_distance_mm=rim_mm, area_mm2=area, measured=measured
    )


@st.composite
def plan_parameters(draw: st.DrawFn) -> PlanParameters:
    """Any parameters the planner accepts (spacing 2-5 mm, inset 0-2.5, margin 0-2, depth
    2-7, coverage target 2-4)."""
    spacing_min = round(draw(st.floats(2.0, 4.0)), 2)
    return PlanParameters(
        spacing_min_mm=spacing_min,
        spacing_max_mm=round(spacing_min + draw(st.floats(0.0, 1.5)), 2),
        rim_inset_mm=round(draw(st.floats(0.0, 2.5)), 2),
        depth_mm=round(draw(st.floats(2.0, 7.0)), 2),
        debridement_margin_mm=round(draw(st.floats(0.0, 2.0)), 2),
        coverage_target_mm=round(draw(st.floats(2.0, 4.0)), 2),
    )
