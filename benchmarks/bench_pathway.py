"""Pathway throughput: checklists, rehabilitation schedules with .ics, and return-to-sport gates
per second, on generated cases (varied surgery dates, areas, LCEA, medicines, results).

The library is timed without file reading: ``build_checklist``, ``build_rehab_schedule`` +
``schedule_to_ical`` and ``evaluate_return_to_sport`` on parsed cases. Then the services as the
command line and the web app call them, on a ``Case`` already read: ``case_checklist``,
``case_rehab_schedule`` + ``rehab_schedule_to_dict``, ``case_return_to_sport`` and the
operative note of the demo case compared with a plan the caller gives (``case_operative_note``:
no planning inside, so its time is the review and the note alone).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path

from chondral.domain import (
    Case,
    Medication,
    MedicationCategory,
    ReturnToSportRecord,
    RtsAssessment,
    Surface,
    SurgeonApproval,
)
from chondral.io import load_case
from chondral.io.calendar_export import schedule_to_ical
from chondral.io.casefile import parse_case
from chondral.io.rehab_json import rehab_schedule_to_dict
from chondral.pathway import (
    DEFAULT_POLICY,
    DatedScore,
    PlannedHoles,
    build_checklist,
    build_rehab_schedule,
    evaluate_return_to_sport,
    recorded_criterion_ids,
)
from chondral.services.pathway import (
    case_checklist,
    case_operative_note,
    case_rehab_schedule,
    case_return_to_sport,
)

N_CASES = 2_000
N_NOTES = 200
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DEMO_CASE = (
    Path(__file__).resolve().parent.parent / "src" / "chondral" / "examples" / "demo-case.yaml"
)
DEMO_PLAN = PlannedHoles(
    lesion_id="L1",
    surface=Surface.ACETABULUM,
    hole_count=3,
    positions=((45.0, 4.0), (45.0, 8.0), (60.0, 6.0)),
    spacing_max_mm=4.0,
)
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

    def service_checklists() -> None:
        for case, surgery, _, _ in cases:
            case_checklist(case, as_of=surgery - dt.timedelta(days=1), policy=DEFAULT_POLICY)

    def service_schedules_json() -> None:
        for case, _, _, _ in cases:
            schedule, _ = case_rehab_schedule(case, policy=DEFAULT_POLICY)
            rehab_schedule_to_dict(schedule)

    def service_gates() -> None:
        for case, surgery, _, _ in cases:
            case_return_to_sport(case, date=surgery + dt.timedelta(days=130), policy=DEFAULT_POLICY)

    demo = load_case(DEMO_CASE)

    def notes() -> None:
        for _ in range(N_NOTES):
            case_operative_note(
                demo, DEMO_PLAN, None, today=dt.date(2025, 3, 3), policy=DEFAULT_POLICY
            )

    checklists()  # warm the resource caches
    rows = [
        (_time("checklist", checklists), N_CASES),
        (_time("rehab schedule", schedules), N_CASES),
        (_time("schedule + .ics", schedules_ics), N_CASES),
        (_time("return-to-sport gate", gates), N_CASES),
        (_time("service: checklist", service_checklists), N_CASES),
        (_time("service: rehab + JSON", service_schedules_json), N_CASES),
        (_time("service: rts gate", service_gates), N_CASES),
        (_time("service: op note", notes), N_NOTES),
    ]
    print(f"{'step':<24}{'cases':>8}{'seconds':>10}{'cases/s':>10}{'ms/case':>9}")
    for (name, seconds), count in rows:
        print(
            f"{name:<24}{count:>8}{seconds:>10.2f}{count / seconds:>10.0f}"
            f"{1000 * seconds / count:>9.3f}"
        )


if __name__ == "__main__":
    main()
