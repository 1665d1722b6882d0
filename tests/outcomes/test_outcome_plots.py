"""Chart data (JSON for the web) and PNG charts with the MCID band and the PASS line."""

from __future__ import annotations

import datetime as dt
import json

from chondral.domain.prom import PromResponse
from chondral.io.outcome_chart_json import outcome_chart_to_dict as outcome_chart_data
from chondral.outcomes import parse_threshold_set, summarise_outcomes
from chondral.reports.outcome_plots import outcome_chart_pngs

SURGERY = dt.date(2024, 3, 1)


def ihot(days: int, mark: float | None) -> PromResponse:
    return PromResponse(
        "ihot12", SURGERY + dt.timedelta(days=days), {f"q{i}": mark for i in range(1, 13)}
    )


class TestChartData:
    def test_points_band_and_line(self) -> None:
        summary = summarise_outcomes(
            [ihot(-60, 35), ihot(-5, 40), ihot(42, None), ihot(365, 70), ihot(730, 80)],
            SURGERY,
            case_id="C-7",
            side="right",
        )
        data = outcome_chart_data(summary)
        json.dumps(data)  # JSON-serialisable
        assert data["side"] == "right" and data["case_id"] == "C-7"
        (chart,) = data["instruments"]
        assert [p["role"] for p in chart["points"]] == [
            "pre_operative",
            "baseline",
            "follow_up",
            "follow_up",
            "follow_up",
        ]
        assert chart["points"][2]["score"] is None  # the unscorable 6-week form
        assert chart["points"][3]["months_from_surgery"] == 11.992
        # MCID band from baseline 40: 1 year region (0 .. 547.875 d) then 2 years up to 730 d
        assert chart["mcid_band"] == [
            {
                "start_day": 0.0,
                "end_day": 547.875,
                "lower": 40.0,
                "upper": 55.1,
                "time_point_months": 12,
                "source": chart["mcid_band"][0]["source"],
            },
            {
                "start_day": 547.875,
                "end_day": 730.0,
                "lower": 40.0,
                "upper": 53.9,
                "time_point_months": 24,
                "source": chart["mcid_band"][1]["source"],
            },
        ]
        assert [(s["value"], s["time_point_months"]) for s in chart["pass_line"]] == [
            (69.1, 12),
            (72.2, 24),
        ]
        assert chart["notes"] == []

    def test_lower_is_better_band_lies_below_the_baseline(self) -> None:
        thresholds = parse_threshold_set(
            {
                "schema": "chondral.thresholds/1",
                "id": "t",
                "version": "1",
                "source": "s",
                "thresholds": [
                    {
                        "instrument": "vas_pain",
                        "measure": "mcid",
                        "basis": "change",
                        "time_point_months": 12,
                        "value": 2,
                        "source": "s",
                    }
                ],
            }
        )
        forms = [
            PromResponse("vas_pain", SURGERY, {"pain": 6}),
            PromResponse("vas_pain", SURGERY + dt.timedelta(days=100), {"pain": 3}),
        ]
        data = outcome_chart_data(summarise_outcomes(forms, SURGERY, thresholds=thresholds))
        chart = data["instruments"][0]
        assert [(s["lower"], s["upper"]) for s in chart["mcid_band"]] == [(4.0, 6.0)]
        assert chart["pass_line"] == []
        assert chart["notes"] == ["no PASS for vas_pain in threshold set t"]

    def test_notes_when_nothing_can_be_drawn(self) -> None:
        forms = [PromResponse("vas_pain", SURGERY + dt.timedelta(days=30), {"pain": 3})]
        chart = outcome_chart_data(summarise_outcomes(forms, SURGERY))["instruments"][0]
        assert chart["mcid_band"] == [] and chart["pass_line"] == []
        assert chart["notes"] == [
            "no MCID for vas_pain in threshold set nwachukwu-2020",
            "no PASS for vas_pain in threshold set nwachukwu-2020",
        ]

    def test_no_scorable_baseline_note(self) -> None:
        chart = outcome_chart_data(summarise_outcomes([ihot(100, 50)], SURGERY))["instruments"][0]
        assert chart["mcid_band"] == []
        assert chart["notes"] == ["no scorable pre-operative baseline, so no MCID band"]


class TestPng:
    def test_one_png_per_instrument(self) -> None:
        forms = [
            ihot(-5, 40),
            ihot(365, 70),
            ihot(730, 80),
            PromResponse("vas_pain", SURGERY, {"pain": 6}),
            PromResponse("vas_pain", SURGERY + dt.timedelta(days=365), {"pain": 2}),
        ]
        summary = summarise_outcomes(forms, SURGERY, case_id="C-7", side="left")
        images = outcome_chart_pngs(summary)
        assert list(images) == ["outcomes-ihot12.png", "outcomes-vas_pain.png"]
        for png in images.values():
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
