"""Parse + assess many case files in one process; reports cases per second.

Cases are generated (varied ages, sides, LCEA, lesions) as YAML and JSON text, then parsed with
the strict reader (schema validation included) and assessed with the default rule set.
"""

from __future__ import annotations

import json
import random
import time

import yaml

from chondral.io.casefile import parse_case_text
from chondral.rules import DEFAULT_RULE_SET, assess_candidacy

N_CASES = 10_000


def _document(rng: random.Random, index: int) -> dict[str, object]:
    return {
        "schema": "chondral.case/1",
        "case_id": f"BENCH-{index:05d}",
        "patient": {
            "age_years": rng.randint(16, 70),
            "sex": rng.choice(["female", "male"]),
            "height_cm": rng.uniform(150, 195),
            "weight_kg": rng.uniform(45, 120),
            "activity": {"tegner": rng.randint(0, 10)},
        },
        "hip": {
            "side": rng.choice(["left", "right"]),
            "radiographic": {
                "lcea_deg": rng.uniform(10, 45),
                "tonnis_grade": rng.randint(0, 3),
                "joint_space_width_mm": rng.uniform(1, 6),
            },
            "instability": rng.random() < 0.1,
        },
        "lesions": [
            {
                "id": f"L{k}",
                "surface": rng.choice(["acetabulum", "femoral_head"]),
                "center": {
                    "clock": f"{rng.randint(1, 12)}:{rng.choice(['00', '30'])}",
                    "rim_distance_mm": rng.uniform(0, 15),
                },
                "size_mm": {"length": rng.uniform(5, 25), "width": rng.uniform(5, 20)},
                "grade": {"system": "icrs", "value": rng.choice(["2", "3B", "4"])},
                "contained": rng.random() < 0.9,
                "measured": "post_debridement",
            }
            for k in range(rng.randint(1, 2))
        ],
        "rehab_commitment": rng.random() < 0.95,
    }


def _run(texts: list[str], kind: str) -> float:
    start = time.perf_counter()
    for text in texts:
        assess_candidacy(parse_case_text(text, kind=kind), DEFAULT_RULE_SET)
    return time.perf_counter() - start


def main() -> None:
    rng = random.Random(20261125)
    documents = [_document(rng, i) for i in range(N_CASES)]
    yaml_texts = [yaml.safe_dump(d) for d in documents]
    json_texts = [json.dumps(d) for d in documents]
    _run(json_texts[:200], "json")  # warm caches (schema validator)
    rows = [("JSON", _run(json_texts, "json")), ("YAML", _run(yaml_texts, "yaml"))]
    print(f"{'format':<8}{'cases':>8}{'seconds':>10}{'cases/s':>10}{'ms/case':>9}")
    for name, seconds in rows:
        print(
            f"{name:<8}{N_CASES:>8}{seconds:>10.2f}{N_CASES / seconds:>10.0f}"
            f"{1000 * seconds / N_CASES:>9.3f}"
        )


if __name__ == "__main__":
    main()
