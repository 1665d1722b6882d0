"""The example case files shipped inside the package (``chondral/examples``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["DEMO_CASE", "bundled_example"]

DEMO_CASE = "demo-case.yaml"
"""The case ``chondral demo`` runs on: a right hip with one acetabular lesion, operated."""


def bundled_example(name: str = DEMO_CASE) -> Path:
    """Path of an example case file shipped inside the package."""
    return Path(str(resources.files("chondral") / "examples" / name))
