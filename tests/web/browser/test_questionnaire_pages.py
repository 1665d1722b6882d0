"""The questionnaire pages in a real browser (Debian Chromium, ``portal_app``).

- For ``patient-rec`` (read only: nothing answered, nothing submitted): axe finds no violations
  at all on the list, each of the six forms and the iHOT-12 results (the case has its
  pre-operative scores), in the normal theme and in high contrast (AAA contrast); at 320 CSS px
  no page scrolls sideways.
- For ``patient-pre``: the iHOT-12's slider and number box work from the keyboard alone and stay
  in step (typing a number moves the slider; arrow keys on the slider change the number); an
  untouched slider is no answer; each answer is saved as it is given and is there after a
  reload. An empty NAHS submitted shows the error summary, focused, whose links lead to the
  questions (nothing is stored: no answer was given); axe passes on it in both themes.
"""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.axe_check import violations
from web.browser.conftest import new_page

CODES = ("mhhs", "hos_adl", "hos_sport", "ihot12", "nahs", "vas_pain")
LIST = "/my-hip/questionnaires/"
READ_ONLY_PAGES = [
    LIST,
    *(f"{LIST}{code}/" for code in CODES),
    f"{LIST}ihot12/results/",
    f"{LIST}vas_pain/results/",
]


def _sign_in(page: Any, username: str) -> None:
    """Sign in with the sign-in form's own button (the accessibility tools' buttons come
    first on the page)."""
    from web.launcher import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_load_state()


def _open(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state()


def _both_themes(page: Any, where: str) -> None:
    assert violations(page) == [], where
    page.evaluate("document.documentElement.classList.add('a11y-contrast')")
    assert violations(page, enhanced_contrast=True) == [], f"{where} (high contrast)"
    page.evaluate("document.documentElement.classList.remove('a11y-contrast')")


def test_the_pages_pass_axe_in_both_themes(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    try:
        _sign_in(page, "patient-rec")
        for url in READ_ONLY_PAGES:
            _open(page, url)
            assert page.locator("h1").count() == 1, url
            _both_themes(page, url)
        # the results: a chart with a text alternative, and the points as a table
        _open(page, f"{LIST}ihot12/results/")
        chart = page.locator("svg[role=img]")
        assert chart.count() == 1
        assert chart.get_attribute("aria-labelledby") == "q-chart-title"
        assert page.locator("table.q-scores tbody tr").count() >= 1
        assert "Higher is better" in page.locator("#q-sentence").inner_text()
    finally:
        page.context.close()


def test_no_page_scrolls_sideways_at_320_px(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app, width=320)
    try:
        _sign_in(page, "patient-rec")
        for url in READ_ONLY_PAGES:
            _open(page, url)
            wide = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not wide, url
    finally:
        page.context.close()


def _wait_for_status(page: Any, text: str) -> None:
    page.wait_for_function(
        "text => document.getElementById('q-save-status').textContent.includes(text)",
        arg=text,
        timeout=10_000,
    )


@pytest.mark.parametrize("username", ["patient-pre"])
def test_the_ihot12_lines_work_from_the_keyboard(
    browser: Any, portal_app: Any, username: str
) -> None:
    page = new_page(browser, portal_app)
    try:
        _sign_in(page, username)
        _open(page, f"{LIST}ihot12/")
        assert page.locator("#q-progress").inner_text() == "0 of 12 answered"
        # the sliders are shown (the script is on), untouched: no answer yet
        slider1, number1 = page.locator("#q1-slider"), page.locator("#q1-number")
        assert slider1.is_visible()
        assert slider1.get_attribute("aria-valuetext") == "Not answered yet"
        assert number1.input_value() == ""
        # Tab from the slider to its number box, type 55: the slider follows
        slider1.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "q1-number"
        page.keyboard.type("55")
        assert slider1.input_value() == "55"
        assert slider1.get_attribute("aria-valuetext") is None
        page.keyboard.press("Tab")  # leaving the box saves the answer
        _wait_for_status(page, "1 of 12 answered")
        assert page.locator("#q1-status").inner_text() == "Saved"
        # focus the next slider and press the right arrow: the number follows (50 -> 51)
        page.locator("#q2-slider").focus()
        page.keyboard.press("ArrowRight")
        assert page.locator("#q2-number").input_value() == "51"
        _wait_for_status(page, "2 of 12 answered")
        assert page.locator("#q-progress").inner_text() == "2 of 12 answered"
        # Enter in a number box saves that answer and does not send the questionnaire
        page.locator("#q3-number").focus()
        page.keyboard.type("40")
        page.keyboard.press("Enter")
        _wait_for_status(page, "3 of 12 answered")
        assert page.url.endswith(f"{LIST}ihot12/")
        # an untouched slider stays no answer; the saved ones are there after a reload
        _open(page, f"{LIST}ihot12/")
        assert page.locator("#q1-number").input_value() == "55"
        assert page.locator("#q2-number").input_value() == "51"
        assert page.locator("#q3-number").input_value() == "40"
        assert page.locator("#q4-number").input_value() == ""
        assert page.locator("#q4-slider").get_attribute("aria-valuetext") == "Not answered yet"
        assert page.locator("#q-progress").inner_text() == "3 of 12 answered"
        _both_themes(page, "ihot12 with answers")
    finally:
        page.context.close()


def test_a_skipped_question_is_announced_and_linked(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    try:
        _sign_in(page, "patient-pre")
        _open(page, f"{LIST}nahs/")
        page.locator("button[value=submit]").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.wait_for_load_state()
        summary = page.locator("#error-summary")
        assert summary.get_attribute("role") == "alert"
        page.wait_for_function("() => document.activeElement.id === 'error-summary'")
        assert page.title().startswith("Error: ")
        links = summary.locator("a")
        assert links.count() == 20
        assert (
            links.first.inner_text()
            == "Question 1, Pain walking on a flat surface: Answer this question."
        )
        assert page.locator("#item-n1").get_attribute("aria-invalid") == "true"
        assert page.locator("#item-n1").get_attribute("aria-describedby") == "n1-error"
        _both_themes(page, "nahs with errors")
        # the link leads to the question: the keyboard lands on its first answer
        links.first.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "n1-4"
        # answering it clears its mark (saved as it is given); the others stay marked
        page.keyboard.press("Space")
        page.wait_for_function(
            "() => document.getElementById('item-n1').getAttribute('aria-invalid') === null"
        )
        assert page.locator("#item-n2").get_attribute("aria-invalid") == "true"
        # leave no NAHS answer behind for the other tests' sweeps
        page.evaluate(
            """async () => {
                const form = document.querySelector('form.questionnaire');
                const token = form.querySelector('input[name=csrfmiddlewaretoken]').value;
                await fetch(form.dataset.answerUrl, {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                    body: JSON.stringify({item: 'n1', value: null})});
            }"""
        )
    finally:
        page.context.close()


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
