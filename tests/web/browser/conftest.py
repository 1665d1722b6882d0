"""Fixtures of the browser tests: Debian's Chromium driven by Playwright (Playwright's own browser
downloads are never used) against the real application (``tests/web/launcher.py``).

A test needing Chromium skips with the reason when ``/usr/bin/chromium`` (or ``CHONDRAL_CHROMIUM``)
is missing; in CI (CI=true) ``tests/conftest.py`` turns that skip into a failure, and
``make test`` installs Chromium first (``scripts/system_packages.sh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHONDRAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # WebGL (Plotly's 3D view) on the CPU: headless Chromium without a GPU needs SwiftShader
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


PORTAL_USERS = {
    "portal-surgeon": ("surgeon", None),
    "portal-staff": ("staff", None),
    "portal-physio": ("physio", None),
    "patient-rec": ("patient", "PORTAL-REC"),
    "patient-pre": ("patient", "PORTAL-PRE"),
    "patient-journey": ("patient", "PORTAL-JRN"),
    "patient-tools": ("patient", "PORTAL-REC"),
}
"""The users of ``portal_app``: {name: (role, case id)}. Each test that changes what a user
has (their accessibility preferences, their questionnaires) uses a user of its own, so tests
do not see each other's changes: ``patient-journey`` (its own case) for the patient's journey,
``patient-tools`` for the accessibility tools; ``patient-rec``/``patient-pre`` stay unchanged
for the page sweeps."""

_LOAD_PORTAL_CASES = """
import datetime as dt, json
from django.contrib.auth import get_user_model
from chondral.web import store
from chondral.web.models import Clinic
documents = json.loads(sys.argv[1])
clinic, _ = Clinic.objects.get_or_create(name="Hip preservation unit")
surgeon = get_user_model().objects.get(username="portal-surgeon")
for document in documents:
    store.create_case(document, user=surgeon, clinic=clinic, surgeon=surgeon)
"""


@pytest.fixture(scope="session")
def portal_app() -> Iterator[Any]:
    """The real application (``tests/web/launcher.py``) with the portal's users and three cases
    dated around today (``tests/web/portal_cases.py``): PORTAL-REC (operated three weeks ago),
    PORTAL-PRE (surgery in three weeks) and PORTAL-JRN (like PORTAL-REC, for the journey)."""
    import datetime as dt
    import json

    from web.launcher import launch
    from web.portal_cases import preop_document, recovering_document

    today = dt.date.today()
    staff = {name: role for name, (role, case) in PORTAL_USERS.items() if case is None}
    app = launch(users=staff)
    try:
        documents = [
            recovering_document(today),
            preop_document(today),
            recovering_document(today, case_id="PORTAL-JRN"),
        ]
        app.python(_LOAD_PORTAL_CASES, json.dumps(documents))
        for name, (role, case) in PORTAL_USERS.items():
            if case is not None:
                app.create_user(name, role, case=case)
        yield app
    finally:
        app.close()


def sign_in(page: Any, username: str) -> None:
    """Sign ``username`` in on ``page`` (its context has the app's ``base_url``)."""
    from web.launcher import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form:has(#id_password) button[type=submit]")
    page.wait_for_load_state()


def new_page(browser: Any, app: Any, *, width: int = 1280, height: int = 900) -> Any:
    """A page in a fresh browser context (no cookies) on ``app``, ``width`` CSS px wide."""
    context = browser.new_context(
        base_url=app.base_url, viewport={"width": width, "height": height}, accept_downloads=True
    )
    return context.new_page()
