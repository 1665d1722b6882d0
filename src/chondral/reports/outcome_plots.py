"""PNG charts of outcome scores over time, with the MCID band and the PASS line.

``outcome_chart_pngs(summary)`` draws one PNG per instrument with matplotlib's Agg
canvas (no display, no global pyplot state). What each chart shows is decided once, in
``chondral.outcomes.chart`` (``chart_outcomes``); the chart data document for the web
(``chondral.io.outcome_chart_json``) is written from the same records.
"""

from __future__ import annotations

import io

from chondral.errors import MissingDependencyError
from chondral.outcomes import Direction, OutcomeSummary
from chondral.outcomes.chart import InstrumentChart, chart_outcomes, months_from_days

__all__ = ["outcome_chart_pngs"]

_FIGURE_SIZE_IN = (7.5, 4.2)
_DPI = 120


def _draw(chart: InstrumentChart, heading: str) -> bytes:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "drawing outcome charts needs matplotlib: pip install 'chondral[figures]'"
        ) from error
    figure = Figure(figsize=_FIGURE_SIZE_IN, dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for index, band in enumerate(chart.mcid_band):
        axes.fill_between(
            [months_from_days(band.start_day), months_from_days(band.end_day)],
            float(band.lower),
            float(band.upper),
            color="tab:orange",
            alpha=0.2,
            linewidth=0,
            label="MCID band (from baseline)" if index == 0 else "_nolegend_",
        )
    for index, line in enumerate(chart.pass_line):
        axes.hlines(
            float(line.value),
            months_from_days(line.start_day),
            months_from_days(line.end_day),
            colors="tab:green",
            linestyles="--",
            label="PASS" if index == 0 else "_nolegend_",
        )
    scored = [
        (point.months_from_surgery, float(point.score), point.label)
        for point in chart.points
        if point.score is not None
    ]
    axes.plot(
        [months for months, _, _ in scored],
        [score for _, score, _ in scored],
        marker="o",
        color="tab:blue",
        label=chart.definition.code,
    )
    for months, score, label in scored:
        axes.annotate(
            label,
            (months, score),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=7,
        )
    axes.axvline(0, color="grey", linewidth=0.8)
    definition = chart.definition
    axes.set_ylim(definition.score_minimum, definition.score_maximum)
    better = (
        "lower is better"
        if definition.direction is Direction.LOWER_IS_BETTER
        else "higher is better"
    )
    axes.set_ylabel(f"score ({better})")
    axes.set_xlabel("months from surgery")
    axes.set_title(heading, fontsize=10)
    axes.legend(loc="best", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def outcome_chart_pngs(summary: OutcomeSummary) -> dict[str, bytes]:
    """One PNG per instrument, by file name (``outcomes-<instrument>.png``), in the order of
    the summary; writing them is the caller's (``chondral.io``)."""
    side = (summary.side or "unknown side").upper()
    images = {}
    for chart in chart_outcomes(summary):
        heading = f"{chart.definition.title}: {side} hip, case {summary.case_id}"
        images[f"outcomes-{chart.definition.code}.png"] = _draw(chart, heading)
    return images
