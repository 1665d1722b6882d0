"""axe-core (through axe-playwright-python, which bundles it: nothing is fetched) on a page.

``violations(page)`` runs every rule axe enables by default (WCAG 2.0-2.2 A and AA, and axe's
best practices), plus the rules a WCAG 2.2 AA claim needs that axe leaves off by default
(``target-size``: targets of at least 24 x 24 CSS px). With ``enhanced_contrast=True`` it also
runs ``color-contrast-enhanced`` (WCAG AAA contrast, 7:1), which the high-contrast theme must
pass. It returns one line per failing element, ready for an assertion message; a passing page
gives ``[]``. Issue 12: no violations at all, of any impact.
"""

from __future__ import annotations

from typing import Any

_EXTRA_RULES = ("target-size",)


def violations(page: Any, *, enhanced_contrast: bool = False) -> list[str]:
    """Lines ``rule (impact): selector: summary`` for every element axe fails on ``page``."""
    from axe_playwright_python.sync_playwright import Axe

    rules = {rule: {"enabled": True} for rule in _EXTRA_RULES}
    if enhanced_contrast:
        rules["color-contrast-enhanced"] = {"enabled": True}
    results = Axe().run(page, options={"resultTypes": ["violations"], "rules": rules})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"{violation['id']} ({violation.get('impact')}): {target}: {summary}")
    return lines
