"""The example responses under examples/proms score to their hand-computed values."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from chondral.outcomes import score_response

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "proms"

# Worked by hand from each file:
EXPECTED = {
    "mhhs": "75.9",  # 30+8+11+8+2+4+5+1 = 69; x 1.1
    "hos_adl": "70.3",  # 14 x 3 + 1 + 2 = 45 over 16 answered (adl_9 na): 4500/64 = 70.3125
    "hos_sport": "40.6",  # 13 over 8 answered (sport_3 na): 1300/32 = 40.625
    "ihot12": "44.3",  # 487.5 / 11 answered (q9 blank) = 44.318...
    "nahs": "63.8",  # sum 51 x 1.25 = 63.75
    "vas_pain": "5.5",
}


@pytest.mark.parametrize("instrument", sorted(EXPECTED))
def test_example_scores(instrument: str) -> None:
    document = json.loads((EXAMPLES / f"{instrument}.json").read_text(encoding="utf-8"))
    assert document["instrument"] == instrument
    result = score_response(instrument, document["answers"])
    assert result.score == Decimal(EXPECTED[instrument])


def test_every_example_is_checked() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.json")) == sorted(EXPECTED)
