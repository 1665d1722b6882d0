"""Pathway throughput: checklists, rehabilitation schedules with .ics, and return-to-sport gates
per second, on generated cases (varied surgery dates, areas, LCEA, medicines, results).

The library alone is timed (no file reading): ``build_checklist``, ``build_rehab_schedule`` +
``schedule_to_ical`` and ``evaluate_return_to_sport`` on parsed cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable

from chondral.domain import (
    Case,
    Medication,
    MedicationCategory,
    ReturnToSportRecord,
    RtsAssessment,
    SurgeonApproval,
)
from chondral.io.calendar_export import schedule_to_ical
from chondral.io.casefile import parse_case
from chondral.pathway import (
    DatedScore,
    build_checklist,
    build_rehab_schedule,
    evaluate_return_to_sport,
    recorded_criterion_ids,
)

N_CASES = 2_000
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_CATEGORIES = list(MedicationCategory)


def _case(rng: random.Random, index: int) -> tuple[Case, dt.date, float, float]:
    surgery = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    document = {
        "schema": "chondral.case/1",
        "case_id": f"BENCH-{index:05d}",
        "patient": {"age_years": rng.randint(16, 60), "sex": rng.choice(["female", "male"])},
        "hip": {"side": rng.choice(["left", "right"])},
        "surgery_date": surgery.isoformat(),
        "checklist": {"history": {"state": "done"}, "imaging_ct": {"ordered": False}},
    }
    case = parse_case(document)
    medications = tuple(
        Medication(name=f"drug{k}", category=rng.choice(_CATEGORIES)) for k in range(3)
    )
    results = {
        name: True if test == "pass" else rng.uniform(0, 100)
        for name, test in recorded_criterion_ids().items()
    }
    rts = ReturnToSportRecord(
        assessments=(RtsAssessment(date=surgery + dt.timedelta(days=120), results=results),),
        approval=SurgeonApproval(surgeon="Dr B", date=surgery + dt.timedelta(days=125)),
    )
    case = dataclasses.replace(case, medications=medications, return_to_sport=rts)
    return case, surgery, rng.uniform(50, 350), rng.uniform(15, 40)


def _time(label: str, function: Callable[[], None]) -> tuple[str, float]:
    start = time.perf_counter()
    function()
    return label, time.perf_counter() - start


def main() -> None:
    rng = random.Random(20261125)
    cases = [_case(rng, i) for i in range(N_CASES)]
    scores = {"hos_adl": [DatedScore(dt.date(2030, 1, 1), 97.0)]}

    def checklists() -> None:
        for case, surgery, _, _ in cases:
            build_checklist(case, surgery, as_of=surgery - dt.timedelta(days=1))

    def schedules() -> None:
        for case, surgery, area, lcea in cases:
            build_rehab_schedule(
                case.case_id, case.side, surgery, treated_area_mm2=area, lcea_deg=lcea
            )

    def schedules_ics() -> None:
        for case, surgery, area, lcea in cases:
            schedule = build_rehab_schedule(
                case.case_id, case.side, surgery, treated_area_mm2=area, lcea_deg=lcea
            )
            schedule_to_ical(schedule, stamp=STAMP)

    def gates() -> None:
        for case, surgery, _, _ in cases:
            evaluate_return_to_sport(
                case.case_id,
                case.side,
                surgery,
                surgery + dt.timedelta(days=130),
                case.return_to_sport,
                scores,
            )

    checklists()  # warm the resource caches
    rows = [
        _time("checklist", checklists),
        _time("rehab schedule", schedules),
        _time("schedule + .ics", schedules_ics),
        _time("return-to-sport gate", gates),
    ]
    print(f"{'step':<22}{'cases':>8}{'seconds':>10}{'cases/s':>10}{'ms/case':>9}")
    for name, seconds in rows:
        print(
            f"{name:<22}{N_CASES:>8}{seconds:>10.2f}{N_CASES / seconds:>10.0f}"
            f"{1000 * seconds / N_CASES:>9.3f}"
        )


if __name__ == "__main__":
    main()
