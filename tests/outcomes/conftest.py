"""Fixtures for the outcome-measure tests: complete forms and case files with dated PROMs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factories import case_document

MHHS_BEST: dict[str, str] = {
    "pain": "none",
    "limp": "none",
    "support": "none",
    "distance": "unlimited",
    "stairs": "normal",
    "socks_shoes": "easy",
    "sitting": "any_chair_1h",
    "public_transport": "able",
}


@pytest.fixture
def mhhs_best() -> dict[str, str]:
    """The best answer to every mHHS item: raw 91."""
    return dict(MHHS_BEST)


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write a valid case file (JSON) with the given ``proms`` and ``surgery_date``."""

    def write(proms: list[dict[str, Any]], surgery_date: str | None = "2024-03-01") -> Path:
        changes: dict[str, Any] = {"proms": proms}
        if surgery_date is not None:
            changes["surgery_date"] = surgery_date
        path = tmp_path / "case.json"
        path.write_text(json.dumps(case_document(**changes)), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[str, Any], Path]:
    """Write ``document`` as JSON to ``tmp_path / name``."""

    def write(name: str, document: Any) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return write
