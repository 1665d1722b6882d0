"""Layout of the portal, the education pages and the sign-in page in a real browser.

- At 320 CSS px wide no page scrolls sideways (WCAG 2.2 1.4.10 Reflow).
- With "Larger text" at its top step (200 %), at 320 and at 1280 CSS px wide, nothing overlaps or
  is cut off: the boxes of every visible text-bearing element and control are compared pairwise
  (an element and its own ancestor aside; inline elements by their line boxes), and no element
  that hides its overflow has content wider or taller than its box.

The pages are found by following links (a visitor from the education index; the patient from
their home page), so a new portal page is swept without being listed here. Screenshots of "My
hip" in the normal theme, high contrast and larger text are written for docs/portal.md when
``CHONDRAL_SCREENSHOT_DIR`` is set (``make screenshots``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from web.browser.conftest import new_page, sign_in

_FOLLOWED = ("/learn/", "/my-hip/", "/accounts/login/")
_SKIPPED_ENDINGS = (".ics", ".png", ".json", "/answer")

_LINKS_JS = """() => [...document.querySelectorAll('a[href]')].map(a => a.href)"""

_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  return {scroll: root.scrollWidth, client: root.clientWidth};
}"""

_OVERLAP_JS = r"""() => {
  const SELECTOR = 'h1,h2,h3,h4,h5,h6,p,li,dt,dd,th,td,label,legend,button,a,input,select,' +
    'textarea,img,svg,figcaption,summary,output,caption,blockquote';
  const visible = (e) => {
    // checkVisibility: also false inside a closed <details> (content-visibility: hidden)
    if (!e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) return false;
    const box = e.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const boxes = (e) => {
    const display = getComputedStyle(e).display;
    return display === 'inline' ? [...e.getClientRects()] : [e.getBoundingClientRect()];
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
    ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
  const elements = [...document.querySelectorAll(SELECTOR)].filter(visible)
    .filter(e => !e.closest('svg') || e.tagName.toLowerCase() === 'svg');
  const problems = [];
  const rects = elements.map(boxes);
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const a = elements[i], b = elements[j];
      if (a.contains(b) || b.contains(a)) continue;
      let hit = false;
      for (const r of rects[i]) for (const s of rects[j]) {
        const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
        const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
        if (w > 1 && h > 1) hit = true;
      }
      if (hit) problems.push(name(a) + ' overlaps ' + name(b));
    }
  }
  for (const e of document.querySelectorAll('body *')) {
    if (!visible(e)) continue;
    const style = getComputedStyle(e);
    const hidesX = ['hidden', 'clip'].includes(style.overflowX);
    const hidesY = ['hidden', 'clip'].includes(style.overflowY);
    if (hidesX && e.scrollWidth > e.clientWidth + 1) problems.push(name(e) + ' cut off (width)');
    if (hidesY && e.scrollHeight > e.clientHeight + 1) problems.push(name(e) + ' cut off (height)');
  }
  return problems;
}"""


def _crawl(page: Any, start: str, limit: int = 40) -> list[str]:
    """Paths reachable from ``start`` by links, inside the portal, education and sign-in."""
    seen: list[str] = []
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        page.goto(path)
        seen.append(path)
        for href in page.evaluate(_LINKS_JS):
            parts = urlsplit(href)
            target = parts.path
            wanted = target.startswith(_FOLLOWED) and not target.endswith(_SKIPPED_ENDINGS)
            if wanted and target not in seen and target not in queue:
                queue.append(target)
    return seen


def _larger_text_top_step(page: Any) -> None:
    """The top "Larger text" step as the tools set it (the class the server renders)."""
    page.evaluate(
        "() => { const root = document.documentElement;"
        " root.classList.remove('a11y-text-1', 'a11y-text-2'); root.classList.add('a11y-text-3'); }"
    )


def _check(page: Any, paths: list[str]) -> list[str]:
    problems = []
    for path in paths:
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            if width == 320:
                sizes = page.evaluate(_OVERFLOW_JS)
                if sizes["scroll"] > sizes["client"]:
                    problems.append(f"{path} at 320 px scrolls sideways: {sizes}")
            _larger_text_top_step(page)
            problems += [
                f"{path} at {width} px, larger text: {p}" for p in page.evaluate(_OVERLAP_JS)
            ]
            if width == 320:
                sizes = page.evaluate(_OVERFLOW_JS)
                if sizes["scroll"] > sizes["client"]:
                    problems.append(f"{path} at 320 px with larger text scrolls sideways: {sizes}")
    return problems


def test_visitor_pages_reflow_and_larger_text_fits(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    try:
        paths = _crawl(page, "/learn/")
        assert "/accounts/login/" in paths or any(p.startswith("/learn/") for p in paths[1:])
        paths = sorted(set(paths) | {"/accounts/login/"})
        assert len([p for p in paths if p.startswith("/learn/")]) >= 6, paths
        problems = _check(page, paths)
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def test_patient_pages_reflow_and_larger_text_fits(browser: Any, portal_app: Any) -> None:
    page = new_page(browser, portal_app)
    try:
        sign_in(page, "patient-rec")
        paths = [p for p in _crawl(page, "/my-hip/") if p.startswith("/my-hip/")]
        assert "/my-hip/questionnaires/" in paths, paths
        assert len(paths) >= 8, paths
        problems = _check(page, paths)
        shots = os.environ.get("CHONDRAL_SCREENSHOT_DIR")
        if shots:
            _screenshots(page, Path(shots))
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


def _press(page: Any, name: str) -> None:
    """Press the tool ``name`` and wait until the choice is saved."""
    with page.expect_response(lambda answer: "/preferences/" in answer.url):
        page.get_by_role("button", name=name, exact=True).click()


def _screenshots(page: Any, folder: Path) -> None:
    """My hip in the three looks docs/portal.md shows, on a 1280 px screen and a 390 px phone,
    set with the real tools (and Reset after each, so the patient's choices end as they were)."""
    folder.mkdir(parents=True, exist_ok=True)
    looks = {"normal": [], "high-contrast": ["High contrast"], "larger-text": ["Larger text"] * 3}
    for width, device in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        for look, presses in looks.items():
            page.goto("/my-hip/")
            for name in presses:
                _press(page, name)
            page.evaluate("() => window.scrollTo(0, 0)")
            page.screenshot(path=str(folder / f"my-hip-{look}-{device}.png"))
            if presses:
                _press(page, "Reset")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/learn/")
    page.screenshot(path=str(folder / "learn-index-desktop.png"))


# Markup and styling only (axe, layout, the tools): run once, in the SQLite pass of `make test`.
pytestmark = pytest.mark.ui
