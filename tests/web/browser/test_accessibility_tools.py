"""The "Accessibility tools" in a real browser (Debian Chromium through Playwright, the real app).

Each control is found by its role and exact accessible name; pressing it changes the computed
style at once (root font size 16 -> 20 -> 24 -> 32 px, the high-contrast colours, line height,
font, link highlight, no transitions), keeps focus on the button, and is remembered: for a
visitor in the browser (reload, a new page), for a signed-in patient on the server (a new
browser context, signed in again). The tools work with the keyboard alone and without
JavaScript; "Read aloud" passes the main content to speech synthesis; at 320 px with the
largest text the header and tools wrap without overlap or sideways scrolling; axe finds nothing
on the sign-in page in the normal theme nor (AAA contrast) in high contrast.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from web.browser.axe_check import violations
from web.browser.conftest import new_page, sign_in

TOOLS = (
    "Smaller text",
    "Larger text",
    "High contrast",
    "Reduce motion",
    "Readable font",
    "Highlight links",
    "Line spacing",
    "Reset",
)
TOGGLES = ("High contrast", "Reduce motion", "Readable font", "Highlight links", "Line spacing")
LOGIN = "/accounts/login/"
USER = "patient-tools"

ROOT_FONT_PX = "() => getComputedStyle(document.documentElement).fontSize"
HTML_CLASSES = "() => [...document.documentElement.classList].sort()"
ACTIVE_TEXT = "() => document.activeElement && document.activeElement.textContent.trim()"

SPEECH_STUB = """
window.__spoken = [];
window.__cancelled = 0;
if (!('speechSynthesis' in window)) {
  window.speechSynthesis = {};
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}
window.speechSynthesis.speak = function (utterance) { window.__spoken.push(utterance.text); };
window.speechSynthesis.cancel = function () { window.__cancelled += 1; };
"""


def _button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def _press(page: Any, name: str) -> None:
    """Click a tool and wait for its choice to be saved (the POST to /preferences/)."""
    with page.expect_response(lambda r: r.url.endswith("/preferences/")) as saved:
        _button(page, name).click()
    assert saved.value.status == 200, saved.value.text()


def _style(page: Any, selector: str, prop: str) -> str:
    return str(
        page.evaluate(
            "([s, p]) => getComputedStyle(document.querySelector(s)).getPropertyValue(p)",
            [selector, prop],
        )
    )


def _output(page: Any) -> str:
    return str(page.locator("#a11y-text-size").inner_text())


def _assert_defaults(page: Any) -> None:
    assert page.evaluate(ROOT_FONT_PX) == "16px"
    assert page.evaluate(HTML_CLASSES) == []
    for name in TOGGLES:
        assert _button(page, name).get_attribute("aria-pressed") == "false", name
    assert _output(page) == "Text size: normal"


def test_a_visitor_uses_every_tool_and_the_browser_remembers(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    page.goto(LOGIN)
    region = page.get_by_role("region", name="Accessibility tools", exact=True)
    assert region.count() == 1
    for name in TOOLS:
        assert region.get_by_role("button", name=name, exact=True).is_visible(), name
    _assert_defaults(page)
    assert _button(page, "Smaller text").get_attribute("aria-disabled") == "true"

    # Larger text: 100 / 125 / 150 / 200 % of 16 px, then it stays and says so
    sizes = []
    for _ in range(3):
        _press(page, "Larger text")
        sizes.append(page.evaluate(ROOT_FONT_PX))
        assert page.evaluate(ACTIVE_TEXT) == "Larger text"  # focus stays on the button
    assert sizes == ["20px", "24px", "32px"]
    assert _output(page) == "Text size: 3 of 3 (largest)"
    assert _button(page, "Larger text").get_attribute("aria-disabled") == "true"
    _button(page, "Larger text").click(force=True)  # aria-disabled: it still answers
    assert page.evaluate(ROOT_FONT_PX) == "32px"
    assert "already at its largest" in _output(page)
    _press(page, "Smaller text")
    assert page.evaluate(ROOT_FONT_PX) == "24px"
    assert _output(page) == "Text size: 2 of 3"

    # High contrast: black text, dark blue underlined links
    assert _style(page, "body", "color") == "rgb(26, 26, 26)"
    _press(page, "High contrast")
    assert _button(page, "High contrast").get_attribute("aria-pressed") == "true"
    assert page.evaluate(ACTIVE_TEXT) == "High contrast"
    assert _style(page, "body", "color") == "rgb(0, 0, 0)"
    assert _style(page, "header nav a", "color") == "rgb(0, 0, 139)"
    assert "underline" in _style(page, "header nav a", "text-decoration-line")

    # Line spacing (WCAG 1.4.12): line height 1.8, letters 0.12em, words 0.16em
    _press(page, "Line spacing")
    font_px = float(_style(page, "main h1", "font-size").removesuffix("px"))
    line_px = float(_style(page, "main h1", "line-height").removesuffix("px"))
    letter_px = float(_style(page, "main h1", "letter-spacing").removesuffix("px"))
    assert abs(line_px / font_px - 1.8) < 0.02
    assert abs(letter_px / font_px - 0.12) < 0.01

    # Readable font: a plain system sans serif
    _press(page, "Readable font")
    assert _style(page, "body", "font-family").startswith("Verdana")

    # Highlight links: underlined on a highlight background
    before = _style(page, "header nav a", "background-color")
    _press(page, "Highlight links")
    assert _style(page, "header nav a", "background-color") not in (before, "rgba(0, 0, 0, 0)")

    # Reduce motion: a two-second transition becomes (almost) instant
    page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'moving';"
        " p.style.transition = 'color 2s'; p.style.animation = 'none 3s';"
        " document.querySelector('main').append(p); }"
    )
    assert _style(page, "#moving", "transition-duration") == "2s"
    _press(page, "Reduce motion")
    assert float(_style(page, "#moving", "transition-duration").removesuffix("s")) < 0.001

    expected = [
        "a11y-contrast",
        "a11y-highlight-links",
        "a11y-line-spacing",
        "a11y-readable-font",
        "a11y-reduce-motion",
        "a11y-text-2",
    ]
    assert page.evaluate(HTML_CLASSES) == expected

    # remembered by the browser: a reload, and another page of the same context
    page.reload()
    assert page.evaluate(HTML_CLASSES) == expected
    for name in TOGGLES:
        assert _button(page, name).get_attribute("aria-pressed") == "true", name
    other = page.context.new_page()
    other.goto(LOGIN)
    assert other.evaluate(HTML_CLASSES) == expected
    assert other.evaluate(ROOT_FONT_PX) == "24px"
    other.close()

    # Reset with the keyboard: Tab from the top: the skip links come first
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_TEXT) == "Skip to main content"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_TEXT) == "Skip to accessibility tools"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "a11y-tools"
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_TEXT) == "Smaller text"
    for _ in range(12):
        if page.evaluate(ACTIVE_TEXT) == "Reset":
            break
        page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_TEXT) == "Reset"
    with page.expect_response(lambda r: r.url.endswith("/preferences/")):
        page.keyboard.press("Enter")
    _assert_defaults(page)
    assert page.evaluate(ACTIVE_TEXT) == "Reset"

    # Space and Enter on the toggles
    _button(page, "Line spacing").focus()
    with page.expect_response(lambda r: r.url.endswith("/preferences/")):
        page.keyboard.press("Space")
    assert _button(page, "Line spacing").get_attribute("aria-pressed") == "true"
    with page.expect_response(lambda r: r.url.endswith("/preferences/")):
        page.keyboard.press("Enter")
    assert _button(page, "Line spacing").get_attribute("aria-pressed") == "false"
    page.reload()
    _assert_defaults(page)

    # axe: nothing in the normal theme; nothing at AAA contrast in high contrast
    assert violations(page) == []
    _press(page, "High contrast")
    assert violations(page, enhanced_contrast=True) == []
    # the sign-in page with an error, in high contrast
    page.fill("#id_username", "nobody-here")
    page.fill("#id_password", "not the password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "did not match" in alert.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert page.locator("#id_username").get_attribute("aria-invalid") == "true"
    assert page.title() == "Error: Sign in · chondral"
    assert violations(page, enhanced_contrast=True) == []
    _press(page, "Reset")
    assert violations(page) == []
    page.context.close()


def test_the_tools_work_without_javascript(browser: Any, portal_app: Any) -> None:
    context = browser.new_context(base_url=portal_app.base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(LOGIN + "?next=/cases/")
    assert not _button(page, "Read aloud").is_visible()  # it needs the script
    _button(page, "High contrast").click()
    page.wait_for_load_state()
    assert page.url.endswith(LOGIN + "?next=/cases/#a11y-tools")
    assert page.locator("html").get_attribute("class") == "a11y-contrast"
    assert _button(page, "High contrast").get_attribute("aria-pressed") == "true"
    for _ in range(4):
        _button(page, "Larger text").click(force=True)
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("class") == "a11y-text-3 a11y-contrast"
    assert "already at its largest" in page.locator("main .messages").inner_text()
    _button(page, "Reset").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("class") == ""
    context.close()


def test_a_patient_finds_the_tools_on_after_signing_in_elsewhere(
    browser: Any, portal_app: Any
) -> None:
    first = new_page(browser, portal_app)
    sign_in(first, USER)
    first.goto(LOGIN)  # a page every signed-in user has, with the tools
    assert first.get_by_role("button", name="Sign out", exact=True).is_visible()
    _press(first, "Larger text")
    _press(first, "Larger text")
    _press(first, "High contrast")
    first.context.close()

    # another device: a new browser context, nothing stored in it
    second = new_page(browser, portal_app)
    second.goto(LOGIN)
    assert second.evaluate(HTML_CLASSES) == []
    sign_in(second, USER)
    second.goto(LOGIN)
    assert second.evaluate(HTML_CLASSES) == ["a11y-contrast", "a11y-text-2"]
    assert second.evaluate(ROOT_FONT_PX) == "24px"
    assert _button(second, "High contrast").get_attribute("aria-pressed") == "true"
    assert _output(second) == "Text size: 2 of 3"
    # signing out keeps the look on this browser's sign-in page
    second.get_by_role("button", name="Sign out", exact=True).click()
    second.wait_for_load_state()
    assert second.evaluate(HTML_CLASSES) == ["a11y-contrast", "a11y-text-2"]
    sign_in(second, USER)
    second.goto(LOGIN)
    _press(second, "Reset")
    assert second.evaluate(HTML_CLASSES) == []
    second.context.close()


def test_read_aloud_and_the_largest_text_at_320_px(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app, width=320, height=640)
    page.add_init_script(SPEECH_STUB)
    sign_in(page, USER)
    page.goto(LOGIN)
    if page.evaluate(HTML_CLASSES):  # left over from a failed run of another test
        _press(page, "Reset")

    # Read aloud: the text of <main>, line by line; pressing again stops
    read = _button(page, "Read aloud")
    assert read.is_visible()
    read.click()
    assert read.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("() => window.__spoken")
    main_text = page.locator("main").inner_text()
    lines = [line.strip() for line in main_text.splitlines() if line.strip()]
    assert spoken == lines
    assert "Sign in" in spoken
    read.click()
    assert read.get_attribute("aria-pressed") == "false"
    assert page.evaluate("() => window.__cancelled") >= 1

    # the largest text at 320 px: nothing scrolls sideways, nothing overlaps
    for _ in range(3):
        _press(page, "Larger text")
    assert page.evaluate(ROOT_FONT_PX) == "32px"
    for theme in ("normal", "contrast", "spacing"):
        if theme == "contrast":
            _press(page, "High contrast")
        if theme == "spacing":
            _press(page, "Line spacing")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{theme}: the page is {width} px wide"
        boxes = page.evaluate(
            """() => [...document.querySelectorAll(
                 '.skip-links ~ header a, header button, header .who,'
                 + ' #a11y-tools button:not([hidden]), #a11y-tools output, #a11y-tools .a11y-title')]
               .map(e => { const r = e.getBoundingClientRect();
                 return {name: e.textContent.trim(), x: r.left, y: r.top, r: r.right, b: r.bottom}; })"""
        )
        assert len(boxes) >= 12
        for box in boxes:
            assert box["x"] >= 0 and box["r"] <= 320 + 0.5, f"{theme}: {box} is cut off"
        for index, one in enumerate(boxes):
            for two in boxes[index + 1 :]:
                overlap_x = min(one["r"], two["r"]) - max(one["x"], two["x"])
                overlap_y = min(one["b"], two["b"]) - max(one["y"], two["y"])
                assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{theme}: {one} overlaps {two}"
    # the skip links: out of sight until focused, then inside the 320 px
    skip_box = (
        "i => { const r = document.querySelectorAll('.skip-link')[i].getBoundingClientRect();"
        " return [r.left, r.right, r.width * r.height]; }"
    )
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for index in range(2):
        left, right, area = page.evaluate(skip_box, index)
        assert area <= 1 or right <= 0, f"skip link {index} shows unfocused: {left}..{right}"
        page.locator(".skip-link").nth(index).focus()
        left, right, area = page.evaluate(skip_box, index)
        assert area > 100 and left >= 0 and right <= 320, f"skip link {index}: {left}..{right}"
    _press(page, "Reset")
    page.context.close()


def test_skip_link_targets_exist(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    page.goto(LOGIN)
    links = page.locator(".skip-link")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        "Skip to main content",
        "Skip to accessibility tools",
    ]
    for i in range(links.count()):
        target = str(links.nth(i).get_attribute("href"))
        assert re.fullmatch(r"#[a-z0-9-]+", target)
        assert page.locator(target).count() == 1
    page.context.close()


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
