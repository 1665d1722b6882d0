"""The cohort page: shares reaching MCID and PASS over the surgeon's own cases, counted by hand
from the example PROMs; the chart and the CSV hold the same numbers."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from web.conftest import example_document

pytestmark = pytest.mark.django_db

SMALL, LARGE = "up to 200 mm2", "over 300 mm2"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _baseline_mhhs_at_one_year() -> dict[str, Any]:
    """The demo case whose 1-year MHHS repeats the pre-operative answers: no improvement."""
    document = example_document(case_id="COH-B")
    proms = document["proms"]
    baseline = next(p for p in proms if p["instrument"] == "mhhs" and p["date"] == "2025-02-10")
    year = next(p for p in proms if p["instrument"] == "mhhs" and p["date"] == "2026-03-02")
    year["answers"] = copy.deepcopy(baseline["answers"])
    return document


def _large_lesion() -> dict[str, Any]:
    """The demo case with a 20 x 20 mm lesion (pi/4 x 400 = 314 mm2: over 300)."""
    document = example_document(case_id="COH-C")
    for lesion in (document["lesions"][0], document["operative"]["lesions"][0]):
        lesion["size_mm"] = {"length": 20, "width": 20}
    return document


def _no_surgery_date() -> dict[str, Any]:
    document = example_document(case_id="COH-E")
    for key in ("surgery_date", "operative", "return_to_sport"):
        del document[key]
    return document


@pytest.fixture
def cohort(
    surgeon: Any,
    make_user: Callable[..., Any],
    clinic: Any,
    store_case: Callable[..., Any],
    demo_case: Any,
) -> dict[str, Any]:
    other = make_user("surgeon2", "surgeon", clinic)
    records = {
        "A": demo_case,
        "B": store_case(_baseline_mhhs_at_one_year(), clinic, surgeon),
        "C": store_case(_large_lesion(), clinic, surgeon),
        "D": store_case(example_document(case_id="COH-D"), clinic, other),
        "E": store_case(_no_surgery_date(), clinic, surgeon),
    }
    assert [records[k].size_band for k in "ABC"] == [SMALL, SMALL, LARGE]
    return records


def _rows(client: Client) -> dict[tuple[str, str, str], dict[str, str]]:
    response = client.get("/cohort.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    return {(r["instrument"], r["time_point"], r["size_band"]): r for r in reader}


def test_cohort_shares_are_the_hand_count(surgeon: Any, cohort: dict[str, Any]) -> None:
    client = _client(surgeon)
    page = client.get("/cohort/")
    assert page.status_code == 200
    summary = page.context["summary"]
    # A, B and C are the surgeon's with a surgery date; D is another surgeon's; E has no date
    assert (summary.cases, summary.skipped) == (3, 1)
    rows = _rows(client)
    # MHHS at 1 year: A improves past MCID and PASS, B repeats its baseline (neither);
    # C (large lesion, same answers as A) reaches both.
    small_year = rows[("mhhs", "1 year", SMALL)]
    assert (small_year["n"], small_year["mcid_reached"], small_year["pass_reached"]) == (
        "2",
        "1",
        "1",
    )
    assert (small_year["mcid_share"], small_year["pass_share"]) == ("0.500", "0.500")
    large_year = rows[("mhhs", "1 year", LARGE)]
    assert (large_year["n"], large_year["mcid_reached"], large_year["pass_reached"]) == (
        "1",
        "1",
        "1",
    )
    # MHHS at 6 months: A and B have the same form (MCID reached, PASS not)
    six = rows[("mhhs", "6 months", SMALL)]
    assert (six["n"], six["mcid_share"], six["pass_share"]) == ("2", "1.000", "0.000")
    # HOS-ADL 4.4 months after surgery counts at the protocol's nearest point, 6 months:
    # both small cases reach both
    adl = rows[("hos_adl", "6 months", SMALL)]
    assert (adl["n"], adl["mcid_reached"], adl["pass_reached"]) == ("2", "2", "2")
    # VAS pain has no MCID or PASS in the threshold set: counted, undecided, never reached
    vas = rows[("vas_pain", "6 months", SMALL)]  # 6 weeks after surgery: nearest is 6 months
    assert (vas["n"], vas["mcid_reached"], vas["mcid_undecided"], vas["pass_undecided"]) == (
        "2",
        "0",
        "2",
        "2",
    )
    # 5 instruments x 2 time points x 2 bands (C has every time point A has)
    assert len(rows) == 20
    assert "COH-D" not in page.content.decode()


def test_the_chart_is_a_png(surgeon: Any, cohort: dict[str, Any]) -> None:
    response = _client(surgeon).get("/cohort.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_empty_cohort(surgeon: Any) -> None:
    from chondral.io.cohort_csv import COLUMNS
    from chondral.reports.cohort_chart import cohort_chart_png

    client = _client(surgeon)
    assert "No follow-up questionnaires" in client.get("/cohort/").content.decode()
    assert client.get("/cohort.csv").content.decode() == ",".join(COLUMNS) + "\n"
    assert cohort_chart_png([]).startswith(b"\x89PNG")


def test_only_surgeons_see_the_cohort(make_user: Callable[..., Any], clinic: Any) -> None:
    for role in ("staff", "physio"):
        client = _client(make_user(f"{role}1", role, clinic))
        for url in ("/cohort/", "/cohort.csv", "/cohort.png"):
            assert client.get(url).status_code == 403


def test_the_service_orders_rows_by_instrument_time_and_band() -> None:
    from chondral.io.casefile import parse_case
    from chondral.services.cohort import NO_BAND, summarise_cohort

    case = parse_case(example_document())
    summary = summarise_cohort([(case, LARGE), (case, None), (case, SMALL)])
    mhhs = [(r.time_point, r.size_band) for r in summary.rows if r.instrument == "mhhs"]
    assert mhhs == [
        ("6 months", SMALL),
        ("6 months", LARGE),
        ("6 months", NO_BAND),
        ("1 year", SMALL),
        ("1 year", LARGE),
        ("1 year", NO_BAND),
    ]
