"""Fixtures shared by every test package (paths to the examples and the shared data)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The example case files shipped with the package."""
    return REPO_ROOT / "src" / "chondral" / "examples"
