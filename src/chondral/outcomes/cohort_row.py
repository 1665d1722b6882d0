"""One row of a surgeon's cohort summary: an instrument at one follow-up time point in one
lesion size band, with how many cases reached the MCID and the PASS there.

Built by ``chondral.services.cohort``; written as CSV by ``chondral.io.cohort_csv`` and drawn by
``chondral.reports.cohort_chart``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CohortRow"]


@dataclass(frozen=True, slots=True)
class CohortRow:
    """One instrument at one time point in one size band. ``n`` counts the cases with a
    follow-up there; ``*_undecided`` those whose flag could not be decided (no baseline, no
    threshold), which count in ``n`` but not as reaching it."""

    instrument: str
    time_point: str
    size_band: str
    n: int
    mcid_reached: int
    mcid_undecided: int
    pass_reached: int
    pass_undecided: int

    @property
    def mcid_share(self) -> float:
        """Cases reaching the MCID over the cases with a follow-up (0 to 1)."""
        return self.mcid_reached / self.n

    @property
    def pass_share(self) -> float:
        """Cases reaching the PASS over the cases with a follow-up (0 to 1)."""
        return self.pass_reached / self.n
