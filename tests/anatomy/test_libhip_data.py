"""Real LibHip femurs and cartilage layers (../shared/data/libhip)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import trimesh

from chondral.anatomy import measure_cartilage, measure_proximal_femur
from chondral.anatomy.proximal_femur import FemurMeasurement, check_femur_side
from chondral.domain import Side, Surface
from chondral.errors import LateralityError

pytestmark = pytest.mark.data

FEMURS = ["m3_l", "m3_r", "m4_l", "m4_r", "m7_l", "m7_r", "m8_l"]
PUBLISHED = {  # morphodata/mX_bone_ant.csv: HJC (mm), mean actual radius (mm), NSA (deg)
    "m3_l": ((89.5, -124.73, -831.56), 25.0, 125.0),
    "m3_r": ((-78.27, -122.37, -838.85), 24.0, 123.0),
    "m4_l": ((78.34, 28.85, -365.2), 25.0, 126.0),
    "m4_r": ((-92.6, 18.49, -356.62), 25.0, 120.0),
}
M3_REASON = (
    "the published m3 hip joint centres disagree with the m3 surfaces: about the published left"
    " centre our head faces have a distance spread of 2.8 mm (0.5 mm about ours), and LibHip's"
    " own femoral-cartilage bone face has its centre within 0.3 mm of ours"
)


def _side(key: str) -> Side:
    return Side.LEFT if key.endswith("_l") else Side.RIGHT


@functools.cache
def _femur(folder: Path, key: str) -> tuple[trimesh.Trimesh, FemurMeasurement]:
    subject, side = key.split("_")
    mesh = trimesh.load_mesh(folder / "femur" / f"{subject}_{side}femur_mm.stl")
    return mesh, measure_proximal_femur(mesh, _side(key))


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=M3_REASON))
        for k in ("m3_l", "m3_r")
    ]
    + ["m4_l", "m4_r"],
)
def test_head_matches_published_centre_and_radius(libhip_dir: Path, key: str) -> None:
    _, measured = _femur(libhip_dir, key)
    centre, radius, _ = PUBLISHED[key]
    assert np.linalg.norm(measured.head.center_mm - centre) < 2.0
    assert abs(measured.head.radius_mm - radius) < 2.0


@pytest.mark.parametrize("key", ["m3_l", "m3_r", "m4_l", "m4_r", "m7_r", "m8_l"])
def test_head_centre_matches_the_cartilage_bone_face(libhip_dir: Path, key: str) -> None:
    _, measured = _femur(libhip_dir, key)
    subject, side = key.split("_")
    layer = trimesh.load_mesh(
        libhip_dir / "cartilage" / f"{subject}_cg_jnt_{side}hip_fc_wo_gap.stl"
    )
    cartilage = measure_cartilage(layer, _side(key), Surface.FEMORAL_HEAD)
    assert np.linalg.norm(measured.head.center_mm - cartilage.bone_sphere.center_mm) < 1.0
    assert abs(measured.head.radius_mm - cartilage.bone_sphere.radius_mm) < 1.0


@pytest.mark.parametrize("key", FEMURS)
def test_wrong_side_is_refused(libhip_dir: Path, key: str) -> None:
    mesh, measured = _femur(libhip_dir, key)
    assert measured.trochanter_offset_mm > 20.0
    with pytest.raises(LateralityError):
        check_femur_side(mesh, measured.head, _side(key).opposite)


@pytest.mark.parametrize("key", FEMURS)
def test_neck_shaft_angle_only_with_a_shaft(libhip_dir: Path, key: str) -> None:
    _, measured = _femur(libhip_dir, key)
    if key.startswith("m7"):
        assert measured.neck_shaft_angle_deg is None
        return
    assert measured.neck_shaft_angle_deg is not None
    if key in PUBLISHED:  # reads 5-9 deg below LibHip's VMTK centreline values
        assert abs(measured.neck_shaft_angle_deg - PUBLISHED[key][2]) < 10.0


@pytest.mark.parametrize(
    ("name", "published_mm"),
    [
        ("m3_cg_jnt_lhip_fc_wo_gap.stl", 1.33),
        ("m4_cg_jnt_lhip_fc_wo_gap.stl", 1.63),
        ("m4_cg_jnt_rhip_fc_wo_gap.stl", 1.59),
        ("m3_cg_jnt_lhip_ac_wo_gap.stl", 1.14),
        ("m4_cg_jnt_lhip_ac_wo_gap.stl", 1.29),
        ("m4_cg_jnt_rhip_ac_wo_gap.stl", 1.52),
    ],
)
def test_cartilage_thickness_near_published(
    libhip_dir: Path, name: str, published_mm: float
) -> None:
    side = Side.LEFT if "_lhip_" in name else Side.RIGHT
    layer = Surface.FEMORAL_HEAD if "_fc_" in name else Surface.ACETABULUM
    measured = measure_cartilage(trimesh.load_mesh(libhip_dir / "cartilage" / name), side, layer)
    assert measured.mean_thickness_mm == pytest.approx(published_mm, abs=0.15)
    with pytest.raises(LateralityError):
        measure_cartilage(trimesh.load_mesh(libhip_dir / "cartilage" / name), side.opposite, layer)
