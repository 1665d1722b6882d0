"""A patient's journey through the portal, with the keyboard only, in a real browser.

The patient (``patient-journey``, case PORTAL-JRN: a right hip operated three weeks ago) signs
in with the keyboard, opens the iHOT-12, answers half of it and leaves. Coming back in a new
browser (another day or device), they find their answers kept, finish, and see their score over
time. They download their calendar, turn on "Larger text" and "High contrast", sign out, sign in
again in yet another browser and find both still on.

Known truths come from outside the application: the iHOT-12 total is the mean of the twelve
0-100 answers (Griffin et al. 2012, clinical reference §6), rounded half up to a tenth,
computed here by hand; the calendar
is parsed with icalendar and must hold the follow-up visits dated from the surgery date.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from web.browser.conftest import new_page
from web.launcher import PASSWORD

USER = "patient-journey"
ANSWERS = [62, 48, 75, 55, 40, 66, 58, 71, 49, 80, 53, 60]
"""The twelve iHOT-12 answers, in form order; the first six on the first visit."""


def _tab_to(page: Any, test_js: str, limit: int = 120) -> None:
    """Press Tab until the focused element passes ``test_js`` (an arrow function of it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {test_js}")


def _named(text: str) -> str:
    """A test for an element whose visible text or label is ``text``."""
    return (
        f"e => ((e.innerText || e.value || e.getAttribute('aria-label') || '').trim() === {text!r})"
    )


def _sign_in_with_keyboard(page: Any) -> None:
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.textContent.trim()")
    assert first == "Skip to main content", "the skip link comes first in tab order"
    _tab_to(page, "e => e.id === 'id_username'")
    page.keyboard.type(USER)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/my-hip/$"))


def _open_ihot12(page: Any) -> None:
    _tab_to(page, _named("Questionnaires"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/my-hip/questionnaires/$"))
    _tab_to(page, "e => e.tagName === 'A' && e.getAttribute('href').endsWith('/ihot12/')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/my-hip/questionnaires/ihot12/$"))


def _number_inputs(page: Any) -> list[str]:
    return list(
        page.evaluate("() => [...document.querySelectorAll('input[type=number]')].map(e => e.id)")
    )


def _answer(page: Any, index: int, value: int) -> None:
    """Tab to the index-th number input, type the answer and leave it (the change saves it)."""
    target = _number_inputs(page)[index]
    _tab_to(page, f"e => e.id === {target!r}")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Tab")


def _classes(page: Any) -> list[str]:
    return list(page.evaluate("() => [...document.documentElement.classList]"))


def test_a_patient_finishes_a_questionnaire_over_two_visits_with_the_keyboard(
    browser: Any, portal_app: Any, tmp_path: Any
) -> None:
    from icalendar import Calendar

    # First visit: half of the iHOT-12, then the browser is closed.
    page = new_page(browser, portal_app)
    _sign_in_with_keyboard(page)
    _open_ihot12(page)
    assert len(_number_inputs(page)) == 12
    for index, value in enumerate(ANSWERS[:6]):
        _answer(page, index, value)
    page.wait_for_function(
        "() => /saved/i.test(document.querySelector('[role=status]')?.textContent || '')"
    )
    page.wait_for_load_state("networkidle")
    page.context.close()

    # Second visit, another browser: the six answers are there; finish and submit.
    page = new_page(browser, portal_app)
    _sign_in_with_keyboard(page)
    _tab_to(page, _named("Questionnaires"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/my-hip/questionnaires/$"))
    assert "6 of 12" in page.inner_text("main")
    _tab_to(page, "e => e.tagName === 'A' && e.getAttribute('href').endsWith('/ihot12/')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ihot12/$"))
    ids = _number_inputs(page)
    kept = [page.input_value(f"#{ident}") for ident in ids]
    assert kept[:6] == [str(value) for value in ANSWERS[:6]]
    assert kept[6:] == [""] * 6
    for index, value in enumerate(ANSWERS[6:], start=6):
        _answer(page, index, value)
    _tab_to(page, _named("Submit"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ihot12/results/$"))

    # The score over time: the pre-operative one and today's, today's the mean of the answers.
    expected = (Decimal(sum(ANSWERS)) / len(ANSWERS)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    results = page.inner_text("main")
    assert str(expected) in results, (expected, results)
    assert page.locator("main [role=img]").count() >= 1
    assert "MCID" not in results

    # The calendar, with the keyboard.
    _tab_to(page, _named("My hip"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/my-hip/$"))
    _tab_to(page, "e => e.tagName === 'A' && e.getAttribute('href').endsWith('.ics')")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    path = tmp_path / "calendar.ics"
    download_info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    starts = sorted(
        event.decoded("dtstart") for event in calendar.walk("VEVENT") if event.get("dtstart")
    )
    surgery = dt.date.today() - dt.timedelta(days=21)
    assert starts, "the calendar has events"
    days = [start.date() if isinstance(start, dt.datetime) else start for start in starts]
    assert surgery + dt.timedelta(weeks=6) in days, "the 6-week visit is in the calendar"

    # Larger text and high contrast, with the keyboard.
    _tab_to(page, _named("Larger text"))
    with page.expect_response(lambda answer: "/preferences/" in answer.url):
        page.keyboard.press("Enter")
    _tab_to(page, _named("High contrast"))
    with page.expect_response(lambda answer: "/preferences/" in answer.url):
        page.keyboard.press("Space")
    assert {"a11y-text-1", "a11y-contrast"} <= set(_classes(page))
    _tab_to(page, _named("Sign out"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.context.close()

    # Signed in again in a new browser: both still on.
    page = new_page(browser, portal_app)
    _sign_in_with_keyboard(page)
    assert {"a11y-text-1", "a11y-contrast"} <= set(_classes(page))
    contrast = page.get_by_role("button", name="High contrast", exact=True)
    assert contrast.get_attribute("aria-pressed") == "true"
    page.context.close()
