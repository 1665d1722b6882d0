"""The cohort outcome summary as CSV text (``/cohort.csv``): one row per instrument, follow-up
time point and lesion size band; shares as fractions to three decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from chondral.outcomes.cohort_row import CohortRow

__all__ = ["COLUMNS", "cohort_csv"]

COLUMNS = (
    "instrument",
    "time_point",
    "size_band",
    "n",
    "mcid_reached",
    "mcid_share",
    "mcid_undecided",
    "pass_reached",
    "pass_share",
    "pass_undecided",
)


def cohort_csv(rows: Sequence[CohortRow]) -> str:
    """CSV text with a header line (``COLUMNS``) and one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.instrument,
                row.time_point,
                row.size_band,
                row.n,
                row.mcid_reached,
                f"{row.mcid_share:.3f}",
                row.mcid_undecided,
                row.pass_reached,
                f"{row.pass_share:.3f}",
                row.pass_undecided,
            ]
        )
    return buffer.getvalue()
