"""The cohort outcome summary as CSV text (``/cohort.csv``): one row per instrument, follow-up
time point and lesion size band; shares as fractions to three decimals."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Protocol

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


class CohortRowLike(Protocol):
    """What a cohort row gives (``chondral.services.cohort.CohortRow``)."""

    @property
    def instrument(self) -> str: ...
    @property
    def time_point(self) -> str: ...
    @property
    def size_band(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def mcid_reached(self) -> int: ...
    @property
    def mcid_undecided(self) -> int: ...
    @property
    def pass_reached(self) -> int: ...
    @property
    def pass_undecided(self) -> int: ...
    @property
    def mcid_share(self) -> float: ...
    @property
    def pass_share(self) -> float: ...


def cohort_csv(rows: Sequence[CohortRowLike]) -> str:
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
