"""Benchmark the patient portal as deployed: ``chondral serve`` (2 gunicorn workers, SQLite) with
one patient three weeks after surgery (``tests/web/portal_cases.py``).

One client, one request at a time (what a patient waits for, not capacity): each page is asked
for ``CHONDRAL_BENCH_REPEATS`` times (default 40) after two warm-up requests, and the median and
95th percentile of the whole round trip are printed, with the size of the answer. Saving one
questionnaire answer (the save-as-you-go POST) is timed the same way. Run with
``python -m benchmarks portal``.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from web.launcher import PASSWORD, launch  # noqa: E402

REPEATS = int(os.environ.get("CHONDRAL_BENCH_REPEATS", "40"))
PAGES = (
    ("education index", "/learn/"),
    ("education page (recovery)", "/learn/recovery/"),
    ("sign-in page", "/accounts/login/"),
    ("My hip", "/my-hip/"),
    ("calendar (.ics)", "/my-hip/calendar.ics"),
    ("questionnaire list", "/my-hip/questionnaires/"),
    ("iHOT-12 form", "/my-hip/questionnaires/ihot12/"),
    ("iHOT-12 results", "/my-hip/questionnaires/ihot12/results/"),
)

_LOAD = """
import json
from django.contrib.auth.models import User
from chondral.web import store
from chondral.web.models import Clinic
user = User.objects.get(username="bench-surgeon")
clinic = Clinic.objects.get(pk=user.profile.clinic_id)
store.create_case(json.loads(sys.argv[1]), user=user, clinic=clinic, surgeon=user)
"""


def _opener() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _csrf(jar: http.cookiejar.CookieJar, html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if found:
        return found.group(1)
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken") or ""


def _timed(call: object, repeats: int) -> tuple[list[float], int]:
    size = 0
    for _ in range(2):
        size = len(call())  # type: ignore[operator]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(call())  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times, size


def main() -> None:
    from web.portal_cases import recovering_document

    app = launch(users={"bench-surgeon": "surgeon"}, workers=2)
    try:
        app.python(_LOAD, json.dumps(recovering_document(dt.date.today(), case_id="BENCH-PT")))
        app.create_user("bench-patient", "patient", case="BENCH-PT")
        opener, jar = _opener()
        base = app.base_url
        login = opener.open(base + "/accounts/login/").read().decode()
        form = urllib.parse.urlencode(
            {
                "username": "bench-patient",
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(jar, login),
            }
        ).encode()
        opener.open(urllib.request.Request(base + "/accounts/login/", data=form)).read()
        print(
            f"{os.cpu_count()} CPUs, {platform.platform(terse=True)}; chondral serve, 2 workers,"
            f" SQLite; one client, {REPEATS} requests each"
        )
        print(f"  {'request':<28} {'p50 ms':>7} {'p95 ms':>7} {'bytes':>8}")
        for label, path in PAGES:
            times, size = _timed(lambda path=path: opener.open(base + path).read(), REPEATS)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"  {label:<28} {statistics.median(times):>7.1f} {p95:>7.1f} {size:>8}")
        page = opener.open(base + "/my-hip/questionnaires/ihot12/").read().decode()
        token = _csrf(jar, page)
        values = iter(range(10**6))

        def save() -> bytes:
            body = json.dumps({"item": "q1", "value": next(values) % 101}).encode()
            request = urllib.request.Request(
                base + "/my-hip/questionnaires/ihot12/answer",
                data=body,
                headers={"Content-Type": "application/json", "X-CSRFToken": token},
            )
            return bytes(opener.open(request).read())

        times, size = _timed(save, REPEATS)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"  {'save one answer (POST)':<28} {statistics.median(times):>7.1f} {p95:>7.1f} {size:>8}"
        )
    finally:
        app.close()


if __name__ == "__main__":
    main()
