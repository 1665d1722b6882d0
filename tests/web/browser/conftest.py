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
