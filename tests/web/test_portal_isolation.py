"""A patient never sees another patient's data through any page or link of the portal.

Two patients of the same clinic, each with a case (PORTAL-A, a right hip operated three weeks
ago; PORTAL-B, surgery in 23 days), each with a questionnaire half
answered. Patient A's client follows every link reachable from their home page (pages and
downloads, GET only, same site) and no answer may carry patient B's case id, B's surgery date or
B's draft answer. Then every URL A met that names A's case is tried with B's case id instead, and
every clinician page and API endpoint with B's id: each answers 404.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from web.portal_cases import preop_document, recovering_document

pytestmark = pytest.mark.django_db

_HREF = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']+)["']""")
_NOT_FOLLOWED = ("/accounts/logout/", "/admin/", "/static/", "/preferences/")
_B_DRAFT_VALUE = "83"


def _links(body: str, base: str) -> list[str]:
    found = []
    for raw in _HREF.findall(body):
        url = urljoin(base, raw.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith("/") or path.startswith(_NOT_FOLLOWED):
            continue
        found.append(path)
    return found


def _crawl(client: Client, start: str = "/", limit: int = 300) -> dict[str, tuple[int, bytes]]:
    """Every URL reachable from ``start`` by GET: {url: (status, body)}."""
    seen: dict[str, tuple[int, bytes]] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        answer = client.get(url, follow=True)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        seen[url] = (answer.status_code, body)
        final = answer.request["PATH_INFO"]
        if "html" in answer.get("Content-Type", ""):
            queue.extend(_links(body.decode("utf-8", "replace"), final))
    return seen


@pytest.fixture
def two_patients(clinic: Any, make_user: Any, store_case: Any) -> dict[str, Any]:
    from chondral.web.models import PromDraft

    today = dt.date.today()
    surgeon = make_user("surgeon-iso", "surgeon", clinic)
    # 23 days ahead: no date of A's falls on it (A's dates are whole weeks or months from its
    # surgery 21 days ago; 44 days is neither), so finding B's dates on A's pages means a leak.
    document_b = preop_document(today, case_id="PORTAL-B", days_to_surgery=23)
    case_a = store_case(recovering_document(today, case_id="PORTAL-A"), clinic, surgeon)
    case_b = store_case(document_b, clinic, surgeon)
    patient_a = make_user("patient-a", "patient", clinic, case_a)
    patient_b = make_user("patient-b", "patient", clinic, case_b)
    PromDraft.objects.create(case=case_a, instrument="ihot12", answers={"q1": 41})
    PromDraft.objects.create(case=case_b, instrument="ihot12", answers={"q1": int(_B_DRAFT_VALUE)})
    return {
        "a": patient_a,
        "b": patient_b,
        "case_a": case_a,
        "case_b": case_b,
        "b_surgery": dt.date.fromisoformat(document_b["surgery_date"]),
    }


def _b_marks(world: dict[str, Any]) -> list[bytes]:
    surgery: dt.date = world["b_surgery"]
    return [
        b"PORTAL-B",
        surgery.isoformat().encode(),
        f"{surgery.day} {surgery:%B} {surgery.year}".encode(),
        f"{surgery:%Y%m%d}".encode(),
    ]


def test_nothing_reachable_from_a_patients_pages_shows_another_patients_data(
    two_patients: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(two_patients["a"])
    pages = _crawl(client)
    portal = [url for url in pages if url.startswith("/my-hip/")]
    assert len(portal) >= 4, f"the crawl must reach the portal: {sorted(pages)}"
    assert any(b"PORTAL-A" in body or b"right hip" in body.lower() for _, body in pages.values())
    for url, (status, body) in pages.items():
        assert status < 500, url
        for mark in _b_marks(two_patients):
            assert mark not in body, f"{url} shows {mark!r} of patient B"
    form = client.get("/my-hip/questionnaires/ihot12/")
    assert form.status_code == 200
    assert f'value="{_B_DRAFT_VALUE}"'.encode() not in form.content
    assert b'value="41"' in form.content


def test_other_ids_in_urls_are_not_found(two_patients: dict[str, Any]) -> None:
    from django.urls import reverse

    client = Client()
    client.force_login(two_patients["a"])
    pages = _crawl(client)
    swapped = {url.replace("PORTAL-A", "PORTAL-B") for url in pages if "PORTAL-A" in url}
    case_b = "PORTAL-B"
    swapped |= {
        reverse("case_detail", kwargs={"case_id": case_b}),
        reverse("rehab_ics", kwargs={"case_id": case_b}),
        reverse("outcome_chart", kwargs={"case_id": case_b, "instrument": "ihot12"}),
        reverse("case_file", kwargs={"case_id": case_b}),
        reverse("api:get_case", kwargs={"case_id": case_b}),
        reverse("api:get_outcomes", kwargs={"case_id": case_b}),
        reverse("api:get_rehab_ics", kwargs={"case_id": case_b}),
    }
    for url in sorted(swapped):
        answer = client.get(url)
        assert answer.status_code in (401, 404), (url, answer.status_code)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        body = body.replace(url.encode(), b"")  # a not-found page may repeat the address asked
        for mark in _b_marks(two_patients):
            assert mark not in body, url


def test_portal_pages_never_take_a_case_from_the_query_string(
    two_patients: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(two_patients["a"])
    for url in ("/my-hip/", "/my-hip/questionnaires/", "/my-hip/questionnaires/ihot12/"):
        for query in ("?case=PORTAL-B", "?case_id=PORTAL-B", f"?pk={two_patients['case_b'].pk}"):
            answer = client.get(url + query)
            assert answer.status_code == 200, url + query
            # the page may repeat the address it was asked for (the tools' way back), no more
            body = answer.content.replace((url + query).encode(), b"")
            for mark in _b_marks(two_patients):
                assert mark not in body, url + query
