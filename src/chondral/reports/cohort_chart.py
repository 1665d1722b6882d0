"""A PNG bar chart of a cohort: the share of cases reaching the MCID and the PASS for each
instrument and follow-up time point, one panel per lesion size band (matplotlib, Agg canvas)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from chondral.errors import MissingDependencyError
from chondral.outcomes.cohort_row import CohortRow

__all__ = ["cohort_chart_png"]

_DPI = 110


def cohort_chart_png(rows: Sequence[CohortRow]) -> bytes:
    """The chart as PNG bytes (a panel saying there are no follow-ups when ``rows`` is empty)."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError(
            "drawing the cohort chart needs matplotlib: pip install 'chondral[figures]'"
        ) from error
    bands = list(dict.fromkeys(row.size_band for row in rows)) or ["(no follow-ups)"]
    figure = Figure(figsize=(8.0, 2.2 + 2.8 * len(bands)), dpi=_DPI)
    FigureCanvasAgg(figure)
    for number, band in enumerate(bands, start=1):
        axes = figure.add_subplot(len(bands), 1, number)
        mine = [row for row in rows if row.size_band == band]
        labels = [f"{row.instrument}\n{row.time_point}\n(n={row.n})" for row in mine]
        positions = list(range(len(mine)))
        axes.bar(
            [p - 0.2 for p in positions],
            [100 * row.mcid_share for row in mine],
            width=0.4,
            label="reached MCID",
            color="tab:orange",
        )
        axes.bar(
            [p + 0.2 for p in positions],
            [100 * row.pass_share for row in mine],
            width=0.4,
            label="reached PASS",
            color="tab:green",
        )
        axes.set_xticks(positions, labels, fontsize=7)
        axes.set_ylim(0, 100)
        axes.set_ylabel("cases (%)")
        axes.set_title(f"Lesion size: {band}", fontsize=10)
        if mine:
            axes.legend(loc="upper right", fontsize=8)
        else:
            axes.text(
                0.5, 0.5, "no follow-ups yet", ha="center", va="center", transform=axes.transAxes
            )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
