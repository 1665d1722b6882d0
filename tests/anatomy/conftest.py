"""Shared fixtures for the anatomy tests: templates and the real-data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chondral.anatomy import TemplateHip
from chondral.domain import Side

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT / ".." / "shared" / "data"
LIBHIP = SHARED_DATA / "libhip"


def _require(folder: Path) -> Path:
    if folder.is_dir():
        return folder
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but the real-data folder {folder} is missing")
    pytest.skip(f"real data not available: {folder} is missing (see shared/data/README.md)")


@pytest.fixture(scope="session")
def libhip_dir() -> Path:
    """``../shared/data/libhip`` (skips when absent, fails when CI=true)."""
    return _require(LIBHIP)


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """``../shared/data`` (skips when absent, fails when CI=true)."""
    return _require(SHARED_DATA)


@pytest.fixture(params=[Side.RIGHT, Side.LEFT], ids=["right", "left"])
def template(request: pytest.FixtureRequest) -> TemplateHip:
    """The default template (45.5 mm head, I 45, A 20, LCEA 35) for each side."""
    side: Side = request.param
    return TemplateHip.from_parameters(side=side, head_diameter_mm=45.5)


def synthetic_left_femur(head_centre_mm: tuple[float, float, float] = (80.0, 0.0, 0.0)) -> object:
    """A crude left proximal femur in LPS (mm): head sphere r = 22 mm, a neck at 125 deg to
    a vertical shaft, and a trochanter block lateral (+x) of the head."""
    import numpy as np
    import trimesh

    centre = np.asarray(head_centre_mm)
    head = trimesh.creation.icosphere(subdivisions=4, radius=22.0)
    head.apply_translation(centre)
    neck_direction = np.array([1.0, 0.0, -0.7]) / np.linalg.norm([1.0, 0.0, -0.7])
    neck_end = centre + 48.0 * neck_direction
    neck = trimesh.creation.cylinder(
        radius=13.0, segment=[centre + 18.0 * neck_direction, neck_end]
    )
    shaft_top = neck_end + np.array([0.0, 0.0, -10.0])
    shaft = trimesh.creation.cylinder(
        radius=14.0, segment=[shaft_top, shaft_top - [0, 0, 170.0]], sections=64
    )
    trochanter = trimesh.creation.box(extents=[18.0, 22.0, 30.0])
    trochanter.apply_translation(neck_end + np.array([8.0, 0.0, 22.0]))
    return trimesh.util.concatenate([head, neck, shaft, trochanter])


@pytest.fixture
def synthetic_femur_stl(tmp_path: Path) -> Path:
    """The synthetic left femur written as an STL in millimetres."""
    path = tmp_path / "synthetic_lfemur_mm.stl"
    synthetic_left_femur().export(path)  # type: ignore[attr-defined]
    return path
