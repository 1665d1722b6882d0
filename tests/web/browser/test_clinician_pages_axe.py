"""axe-core on every clinician page (issue 12, point 5): no violations at all, of any impact, in
the normal theme (WCAG 2.2 AA, axe's best practices, 24 x 24 px targets) and in high contrast
(the same plus AAA contrast, ``color-contrast-enhanced``).

The pages are those of the web issue (``urls_cases.py``, ``urls_edit.py``; the authorization
matrix's ``PAGES``), each seen by a role that may use it, on the ``portal_app`` cases
(PORTAL-REC operated three weeks ago, PORTAL-PRE before surgery), plus:

- every form page once more in an error state (a value the server refuses, submitted), since
  error markup is where violations hide;
- the plan section in each state a test can reach without meshes: no plan, a plan being made or
  just made, a finished plan with Plotly's 3D view, a plan out of date, and the re-plan form
  refusing a parameter. These use a case of their own (AXE-PLAN, the demo case uploaded through
  the upload page) so the portal cases the other sweeps read never change;
- the error pages: not found (404) and refused (403).

High contrast is switched on as the accessibility tools do: the class ``a11y-contrast`` on
``<html>``. Nothing is ever excluded from axe. Each page is also narrowed to 320 CSS px (WCAG
1.4.10): nothing may reach past the page's right edge (wide tables scroll inside their own
focusable region).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from web.browser.axe_check import violations
from web.browser.conftest import new_page
from web.launcher import PASSWORD

DEMO_CASE = Path(__file__).resolve().parents[3] / "src" / "chondral" / "examples" / "demo-case.yaml"
PLAN_CASE = "AXE-PLAN"
REC, PRE = "PORTAL-REC", "PORTAL-PRE"
USERS = {"surgeon": "portal-surgeon", "staff": "portal-staff", "physio": "portal-physio"}
PLAN_TIMEOUT_S = 120.0
STATUS_URLS = "**/plans/*/status"


@dataclass(frozen=True)
class Visit:
    """A page to check: who looks, and how to get there (``url``, or ``go`` for the steps)."""

    id: str
    role: str
    url: str = ""
    go: Callable[[Any], None] | None = None
    plan_case: bool = False


def _submit(page: Any, form: str = "main form[method=post]") -> None:
    """Submit ``form`` with its submit button, waiting for the answer to load."""
    with page.expect_navigation():
        page.locator(form).last.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _refused(page: Any, selector: str, value: str) -> None:
    """Put ``value`` (one the server refuses) in ``selector`` and submit: the page comes back
    with its error markup. The input is made a text input first, so the browser's own
    sanitising of dates and numbers cannot empty the value before the server sees it."""
    page.locator(selector).first.evaluate(
        "(el, value) => { if (el.tagName === 'INPUT') { el.type = 'text'; } el.value = value; }",
        value,
    )
    form = page.locator(selector).first.locator("xpath=ancestor::form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist, .error, .form-errors, .error-summary").count() > 0, (
        f"no error shown on {page.url}"
    )


def _form_error(url: str, selector: str, value: str) -> Callable[[Any], None]:
    def go(page: Any) -> None:
        page.goto(url)
        _refused(page, selector, value)

    return go


def _empty_submit(url: str) -> Callable[[Any], None]:
    def go(page: Any) -> None:
        page.goto(url)
        _submit(page)
        assert page.locator(".errorlist").count() > 0, f"no error shown on {page.url}"

    return go


def _replan_refused(page: Any) -> None:
    page.goto(f"/cases/{PLAN_CASE}/")
    _refused(page, "#id_spacing_min_mm", "50")


def _plan_stale(page: Any) -> None:
    """Widen the planned lesion by a millimetre: the finished plan is now out of date."""
    page.goto(f"/cases/{PLAN_CASE}/lesions/0/")
    width = page.locator("#id_width_mm")
    width.fill(str(float(width.input_value()) + 1))
    _submit(page)
    assert page.locator(".errorlist, .form-errors").count() == 0, page.inner_text("main")[:2000]
    page.goto(f"/cases/{PLAN_CASE}/")
    assert page.locator("#plan-stale").is_visible()
    _wait_for_plot(page)


def _plan_done(page: Any) -> None:
    page.goto(f"/cases/{PLAN_CASE}/")
    page.wait_for_selector("#plan-state[data-state=done]")
    _wait_for_plot(page)


def _wait_for_plot(page: Any) -> None:
    """Plotly has drawn the 3D view (its SVG and canvas are in the page axe reads)."""
    page.wait_for_function(
        "() => { const d = document.getElementById('plan-3d');"
        " return d && d._fullLayout && d.querySelector('.main-svg'); }"
    )


def _version_of_plan_case(page: Any) -> None:
    page.goto(f"/cases/{PLAN_CASE}/versions/")
    page.locator("table.versions a").first.click()
    page.wait_for_load_state()


VISITS = [
    # The case list, with and without filters, and a filter the server refuses.
    Visit("case-list", "surgeon", "/cases/"),
    Visit("case-list-filtered", "surgeon", "/cases/?q=PORTAL&overdue=yes"),
    Visit("case-list-bad-filter", "physio", "/cases/?verdict=no-such-verdict"),
    # Case pages (read side) of both portal cases, as each role.
    Visit("case-detail-operated", "surgeon", f"/cases/{REC}/"),
    Visit("case-detail-before-surgery", "surgeon", f"/cases/{PRE}/"),
    Visit("case-detail-staff", "staff", f"/cases/{REC}/"),
    Visit("case-detail-physio", "physio", f"/cases/{PRE}/"),
    Visit("case-versions", "surgeon", f"/cases/{REC}/versions/"),
    Visit("case-version", "staff", f"/cases/{REC}/versions/1/"),
    # Editing pages.
    Visit("new-case", "surgeon", "/cases/new/"),
    Visit("new-case-refused", "staff", go=_empty_submit("/cases/new/")),
    Visit("case-upload", "staff", "/cases/upload/"),
    Visit("case-upload-refused", "surgeon", go=_empty_submit("/cases/upload/")),
    Visit("patient-and-hip", "surgeon", f"/cases/{REC}/edit/"),
    Visit(
        "patient-and-hip-refused",
        "staff",
        go=_form_error(f"/cases/{REC}/edit/", "form input[type=number]", "heavy"),
    ),
    Visit("document", "surgeon", f"/cases/{REC}/edit/document/"),
    Visit(
        "document-refused",
        "surgeon",
        go=_form_error(f"/cases/{REC}/edit/document/", "#id_document_text", "lesions: [unclosed"),
    ),
    Visit("lesion-new", "staff", f"/cases/{PRE}/lesions/new/"),
    Visit("lesion-edit", "surgeon", f"/cases/{REC}/lesions/0/"),
    Visit(
        "lesion-edit-refused",
        "surgeon",
        go=_form_error(f"/cases/{REC}/lesions/0/", "#id_center_clock", "25:99"),
    ),
    Visit("lesion-remove", "surgeon", f"/cases/{PRE}/lesions/0/remove/"),
    Visit("checklist", "staff", f"/cases/{PRE}/checklist/"),
    Visit(
        "checklist-refused",
        "surgeon",
        go=_form_error(f"/cases/{PRE}/checklist/", "form input[type=date]", "someday"),
    ),
    Visit("meshes", "surgeon", f"/cases/{REC}/meshes/"),
    Visit("meshes-refused", "staff", go=_empty_submit(f"/cases/{REC}/meshes/")),
    Visit("operative", "surgeon", f"/cases/{REC}/operative/"),
    Visit("operative-empty", "surgeon", f"/cases/{PRE}/operative/"),
    Visit(
        "operative-refused",
        "surgeon",
        go=_form_error(f"/cases/{REC}/operative/", "#id_date", "yesterday-ish"),
    ),
    Visit("operative-note", "physio", f"/cases/{REC}/operative/note/"),
    Visit("operative-note-none", "surgeon", f"/cases/{PRE}/operative/note/"),
    Visit("return-to-sport", "surgeon", f"/cases/{REC}/rts/"),
    Visit("return-to-sport-physio", "physio", f"/cases/{PRE}/rts/"),
    Visit("rts-tests", "physio", f"/cases/{REC}/rts/tests/"),
    Visit(
        "rts-tests-refused",
        "physio",
        go=_form_error(f"/cases/{REC}/rts/tests/", "#id_date", "soon"),
    ),
    Visit("rts-approve", "surgeon", f"/cases/{REC}/rts/approve/"),
    Visit(
        "rts-approve-refused",
        "surgeon",
        go=_form_error(f"/cases/{REC}/rts/approve/", "#id_date", "soon"),
    ),
    # The clinic's pages.
    Visit("cohort", "surgeon", "/cohort/"),
    Visit("audit-log", "staff", "/audit/"),
    Visit("audit-log-filtered", "staff", f"/audit/?case_id={REC}"),
    Visit(
        "audit-log-refused",
        "staff",
        go=_form_error("/audit/", "form input[type=date]", "the day before"),
    ),
    # The plan section in the states a test reaches without meshes (a case of our own).
    Visit("plan-case-cohort", "surgeon", "/cohort/", plan_case=True),
    Visit("plan-done", "surgeon", go=_plan_done, plan_case=True),
    Visit("plan-physio", "physio", f"/cases/{PLAN_CASE}/", plan_case=True),
    Visit("plan-replan-refused", "surgeon", go=_replan_refused, plan_case=True),
    Visit("plan-stale", "surgeon", go=_plan_stale, plan_case=True),
    Visit("plan-case-versions", "staff", f"/cases/{PLAN_CASE}/versions/", plan_case=True),
    Visit("plan-case-version", "surgeon", go=_version_of_plan_case, plan_case=True),
    # Error pages.
    Visit("not-found", "surgeon", "/cases/NO-SUCH-CASE/"),
    Visit("refused", "physio", f"/cases/{REC}/edit/"),
]


def _sign_in(page: Any, username: str) -> None:
    """Sign in through the sign-in form (its own submit button: the page has other buttons)."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    _submit(page, "form:has(#id_password)")


@pytest.fixture(scope="session")
def clinician(browser: Any, portal_app: Any) -> Iterator[dict[str, Any]]:
    """A signed-in page per clinician role (fresh contexts, session-long)."""
    pages: dict[str, Any] = {}
    try:
        for role, username in USERS.items():
            page = new_page(browser, portal_app)
            page.set_default_timeout(30_000)
            _sign_in(page, username)
            assert "/accounts/login" not in page.url, f"{username} could not sign in"
            pages[role] = page
        yield pages
    finally:
        for page in pages.values():
            page.context.close()


@pytest.fixture(scope="session")
def plan_case(clinician: dict[str, Any], tmp_path_factory: Any) -> dict[str, dict[str, list[str]]]:
    """AXE-PLAN: the demo case uploaded through the upload page, its plan asked for on the
    case page; returns what the page showed right after asking (a plan being made or, if the
    worker was quicker, the finished plan), checked by the test below."""
    page = clinician["surgeon"]
    case_file = tmp_path_factory.mktemp("axe") / "axe-plan.yaml"
    text = DEMO_CASE.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"(?m)^case_id: .*$", f"case_id: {PLAN_CASE}", text), "utf-8")
    page.goto("/cases/upload/")
    page.set_input_files("#id_case_file", str(case_file))
    _submit(page)
    assert page.url.rstrip("/").endswith(f"/cases/{PLAN_CASE}"), page.inner_text("main")[:2000]
    no_plan = _both_themes(page)
    # While axe reads the page, the progress poll (job_status.js) gets no answer, so a plan
    # finishing meanwhile cannot reload the page under axe; the poll retries later.
    page.route(STATUS_URLS, lambda route: route.abort())
    try:
        _submit(page, "form.replan")
        asked = _both_themes(page)
        asked_state = "being made" if page.locator("#plan-progress").count() else "done"
    finally:
        page.unroute(STATUS_URLS)
    deadline = time.monotonic() + PLAN_TIMEOUT_S
    while not page.locator("#plan-state[data-state=done]").count():
        assert time.monotonic() < deadline, "the plan was not made in time"
        page.wait_for_timeout(1000)
        page.goto(f"/cases/{PLAN_CASE}/")
    return {"no plan": no_plan, f"plan asked for ({asked_state})": asked}


def _both_themes(page: Any) -> dict[str, list[str]]:
    """axe's findings in the normal theme, then in high contrast (the class set as the tools
    set it); the class is taken off again so the next page starts in the normal theme."""
    normal = violations(page)
    page.evaluate("document.documentElement.classList.add('a11y-contrast')")
    contrast = violations(page, enhanced_contrast=True)
    page.evaluate("document.documentElement.classList.remove('a11y-contrast')")
    return {"normal": normal, "high contrast": contrast}


_FITS_JS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
_WIDER_THAN_PAGE_JS = """() => {
  const limit = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= limit) return [];
  return [...document.querySelectorAll('main *, header *, footer *')]
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .filter(e => !e.closest('.table-scroll, pre') || e.matches('.table-scroll, pre'))
    .slice(0, 10)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
      ' ' + Math.round(e.getBoundingClientRect().right) + ' px');
}"""


def _sideways_at_320(page: Any) -> list[str]:
    """At 320 CSS px wide (WCAG 1.4.10), the elements reaching past the page's right edge (the
    page then scrolls sideways); wide tables scroll inside their own region instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 900})
    try:
        # Plotly redraws the 3D view for the new width a moment after the resize
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(_FITS_JS, timeout=3000)
        return list(page.evaluate(_WIDER_THAN_PAGE_JS))
    finally:
        page.set_viewport_size(size)


CLEAN: dict[str, list[str]] = {"normal": [], "high contrast": []}


def _report(where: str, found: dict[str, list[str]]) -> str:
    """One line per violation, under its theme, for the failure's message."""
    lines = [f"axe on {where}:"]
    for theme, found_lines in found.items():
        lines += [f"  [{theme}] {line}" for line in found_lines]
    return "\n".join(lines)


@pytest.mark.parametrize("visit", VISITS, ids=[visit.id for visit in VISITS])
def test_clinician_page_has_no_axe_violations_and_reflows(
    visit: Visit, clinician: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    if visit.plan_case:
        request.getfixturevalue("plan_case")
    page = clinician[visit.role]
    if visit.go is not None:
        visit.go(page)
    else:
        page.goto(visit.url)
        page.wait_for_load_state()
    assert "/accounts/login" not in page.url
    found = _both_themes(page)
    assert found == CLEAN, _report(page.url, found)
    assert _sideways_at_320(page) == [], page.url


def test_plan_section_while_the_plan_is_asked_for_has_no_axe_violations(
    plan_case: dict[str, dict[str, list[str]]],
) -> None:
    for state, found in plan_case.items():
        assert found == CLEAN, _report(state, found)


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
