"""Score 100,000 generated questionnaire forms; reports forms per second per instrument.

Forms are generated up front (seeded), spread evenly over the six instruments, with about one
answer in twenty left blank and "na" answers for HOS, so the unscorable paths are exercised too.
Only ``score_response`` (checking every answer, scoring, exact rounding) is timed.
"""

from __future__ import annotations

import random
import time
from typing import Any

from chondral.outcomes import AnswerKind, instrument_definitions, score_response

N_FORMS = 100_000


def _form(rng: random.Random, instrument: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in instrument_definitions()[instrument].items:
        if rng.random() < 0.05:
            continue  # blank
        answer = item.answer
        if answer.kind is AnswerKind.REAL:
            answers[item.code] = round(rng.uniform(answer.minimum, answer.maximum), 1)
        else:
            answers[item.code] = rng.choice([option.value for option in answer.options])
    return answers


def main() -> None:
    rng = random.Random(20261125)
    codes = list(instrument_definitions())
    counts = {
        code: N_FORMS // len(codes) + (i < N_FORMS % len(codes)) for i, code in enumerate(codes)
    }
    forms = {code: [_form(rng, code) for _ in range(counts[code])] for code in codes}
    for code in codes:  # warm up
        for answers in forms[code][:200]:
            score_response(code, answers)
    print(f"{'instrument':<12}{'forms':>8}{'scorable':>10}{'seconds':>10}{'forms/s':>10}")
    total_seconds = 0.0
    total_forms = 0
    for code in codes:
        start = time.perf_counter()
        scorable = sum(1 for answers in forms[code] if score_response(code, answers).scorable)
        seconds = time.perf_counter() - start
        total_seconds += seconds
        total_forms += counts[code]
        print(
            f"{code:<12}{counts[code]:>8}{scorable:>10}{seconds:>10.2f}"
            f"{counts[code] / seconds:>10.0f}"
        )
    print(
        f"{'all':<12}{total_forms:>8}{'':>10}{total_seconds:>10.2f}"
        f"{total_forms / total_seconds:>10.0f}"
    )


if __name__ == "__main__":
    main()
