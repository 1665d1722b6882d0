"""The education pages in a real browser (Debian Chromium through Playwright, against the real
application): axe finds no violations at all on the index and on every page, signed out, in the
normal theme and in high contrast (AAA contrast), every figure loads, and at 320 CSS px wide no
page scrolls sideways, at the normal text size or with "Larger text" at its top step."""

from __future__ import annotations

from typing import Any

import pytest

from chondral.web.education import PAGES
from web.browser.axe_check import violations
from web.browser.conftest import new_page

URLS = ["/learn/", *(f"/learn/{page.slug}/" for page in PAGES)]

_BROKEN_IMAGES = (
    "Array.from(document.querySelectorAll('main img'))"
    ".filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)"
)
_NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_every_education_page_passes_axe_in_both_themes_and_reflows_at_320_px(
    browser: Any, portal_app: Any
) -> None:
    page = new_page(browser, portal_app)
    found: dict[str, list[str]] = {}
    for url in URLS:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.title().endswith(" · chondral"), url
        assert page.evaluate(_BROKEN_IMAGES) == [], url
        found[f"{url} (normal)"] = violations(page)
        page.evaluate("document.documentElement.classList.add('a11y-contrast')")
        found[f"{url} (high contrast)"] = violations(page, enhanced_contrast=True)
    assert {where: lines for where, lines in found.items() if lines} == {}
    assert len(found) == 2 * len(URLS)
    page.context.close()

    narrow = new_page(browser, portal_app, width=320, height=640)
    scrolling = []
    for url in URLS:
        narrow.goto(url)
        narrow.wait_for_load_state("load")
        if not narrow.evaluate(_NO_SIDEWAYS_SCROLL):
            scrolling.append(url)
        # and with "Larger text" at its top step (root font size 200 %)
        narrow.evaluate("document.documentElement.classList.add('a11y-text-3')")
        if not narrow.evaluate(_NO_SIDEWAYS_SCROLL):
            scrolling.append(f"{url} (larger text)")
    assert scrolling == []
    narrow.context.close()


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
