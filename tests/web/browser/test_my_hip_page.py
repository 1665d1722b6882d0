""" "My hip" in a real browser (Debian Chromium, ``portal_app``): for a patient three weeks after
surgery (``patient-rec``) and one three weeks before (``patient-pre``), axe finds no violations
at all in the normal theme (WCAG 2.2 AA, best practices, 24 x 24 px targets) nor in high contrast
(AAA contrast), with every "Where this comes from" opened so their text is checked too; at
320 CSS px the page does not scroll sideways; the calendar link downloads the patient's own
calendar. Nothing here changes the patients' preferences or questionnaires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from web.browser.axe_check import violations
from web.browser.conftest import new_page

PATIENTS = {"patient-rec": "PORTAL-REC", "patient-pre": "PORTAL-PRE"}


def _sign_in(page: Any, username: str) -> None:
    """``conftest.sign_in``, but pressing the sign-in form's own button: the accessibility
    tools' buttons come before it on the page, and ``button[type=submit]`` finds them first."""
    from web.launcher import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_load_state()


def _open_my_hip(page: Any, username: str) -> None:
    _sign_in(page, username)
    page.goto("/my-hip/")
    page.wait_for_load_state()
    page.eval_on_selector_all("details", "els => els.forEach(el => { el.open = true; })")


def _scrolls_sideways(page: Any) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


@pytest.mark.parametrize("username", sorted(PATIENTS))
def test_my_hip_passes_axe_in_both_themes_and_fits_320_px(
    browser: Any, portal_app: Any, username: str
) -> None:
    page = new_page(browser, portal_app)
    try:
        _open_my_hip(page, username)
        assert page.title() == "My hip · chondral"
        assert page.locator("h1").all_inner_texts() == ["My hip"]
        assert PATIENTS[username] in page.locator("main").inner_text()
        assert page.locator("svg[role=img]").count() == 1
        assert violations(page) == []
        page.evaluate("document.documentElement.classList.add('a11y-contrast')")
        assert violations(page, enhanced_contrast=True) == []
    finally:
        page.context.close()
    narrow = new_page(browser, portal_app, width=320)
    try:
        _open_my_hip(narrow, username)
        assert not _scrolls_sideways(narrow)
        svg = narrow.locator("svg[role=img]").bounding_box()
        assert svg is not None and svg["x"] >= 0 and svg["x"] + svg["width"] <= 320
    finally:
        narrow.context.close()


def test_the_calendar_link_downloads_the_patients_calendar(browser: Any, portal_app: Any) -> None:
    import icalendar

    page = new_page(browser, portal_app)
    try:
        _open_my_hip(page, "patient-rec")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download my calendar (.ics file)").click()
        download = download_info.value
        assert download.suggested_filename == "my-hip-calendar.ics"
        calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
        events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
        surgery = dt.date.today() - dt.timedelta(days=21)
        assert events["Right hip: 6-week visit"] == surgery + dt.timedelta(weeks=6)
        assert b"PORTAL-REC" not in Path(download.path()).read_bytes(), "no case id in it"
    finally:
        page.context.close()


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
