"""Mesh input checks (chondral.io.meshes, chondral.anatomy): files, finite vertices, one
structure per file, plausible scale and the declared cartilage layer. Messages name a field
(mesh, units, layer), never a command-line flag."""

import os

import numpy as np
import pytest
import trimesh

from chondral.anatomy.cartilage import (
    ACETABULAR_COVERAGE_MAX,
    LAYER_RADIUS_RANGE_MM,
    PatientAxes,
    measure_cartilage,
)
from chondral.anatomy.proximal_femur import find_femoral_head
from chondral.domain import Side, Surface
from chondral.errors import GeometryError, InputDataError, InvalidValueError, UnitError
from chondral.io.meshes import (
    CARTILAGE_EXTENT_MM,
    FEMUR_EXTENT_MM,
    MAX_MESH_BYTES,
    SEPARATE_SURFACE_AREA_FRACTION,
    UNIT_HINT,
    LengthUnit,
    load_mesh,
)


def load(path, *, femur=True, units=LengthUnit.MM):
    return load_mesh(
        path,
        units,
        plausible_extent_mm=FEMUR_EXTENT_MM if femur else CARTILAGE_EXTENT_MM,
        what="proximal femur" if femur else "cartilage layer",
    )


def ball(tmp_path, name="ball.stl", radius=30.0, *, nan=False, copies=((0.0, 0.0, 0.0),)):
    parts = []
    for offset in copies:
        sphere = trimesh.creation.icosphere(subdivisions=2, radius=radius)
        sphere.apply_translation(offset)
        parts.append(sphere)
    mesh = trimesh.util.concatenate(parts)
    vertices = np.asarray(mesh.vertices).copy()
    if nan:
        vertices[3] = np.nan
    path = tmp_path / name
    trimesh.Trimesh(vertices, mesh.faces, process=False).export(path)
    return path


def refused(error_type, function, *args, **kwargs):
    with pytest.raises(error_type) as caught:
        function(*args, **kwargs)
    text = str(caught.value)
    assert "\n" not in text and "--" not in text
    return caught.value


class TestFiles:
    def test_a_plain_mesh_loads(self, tmp_path):
        assert len(load(ball(tmp_path)).faces) == 320

    def test_nan_vertices_are_refused_naming_the_mesh(self, tmp_path, recwarn):
        error = refused(InputDataError, load, ball(tmp_path, nan=True))
        assert error.field == "mesh"
        assert "not finite numbers" in error.problem
        assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]

    def test_a_device_is_not_read(self, tmp_path):
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero here")
        link = tmp_path / "zero.stl"
        link.symlink_to("/dev/zero")
        assert "not a regular file" in refused(InputDataError, load, link).problem

    @pytest.mark.parametrize(
        ("name", "words"),
        [("x" * 300 + ".stl", "cannot be read"), ("missing.stl", "no such file")],
    )
    def test_unusable_paths(self, tmp_path, name, words):
        error = refused(InputDataError, load, tmp_path / name)
        assert error.field == "mesh" and words in error.problem

    def test_a_folder(self, tmp_path):
        (tmp_path / "dir.stl").mkdir()
        assert "folder" in refused(InputDataError, load, tmp_path / "dir.stl").problem

    def test_garbage(self, tmp_path):
        path = tmp_path / "bad.stl"
        path.write_text("solid x\nnot a facet\n")
        assert refused(InputDataError, load, path).field == "mesh"

    def test_size_limit_is_stated(self):
        assert MAX_MESH_BYTES == 256 * 1024 * 1024

    def test_implausible_size_names_the_unit_field_not_a_flag(self, tmp_path):
        error = refused(UnitError, load, ball(tmp_path), units=LengthUnit.M)
        assert error.field == "units"
        assert error.problem.endswith(UNIT_HINT)


class TestOneStructurePerFile:
    def test_two_separate_balls_are_refused(self, tmp_path):
        path = ball(tmp_path, copies=((0, 0, 0), (200, 0, 0)))
        error = refused(InputDataError, load, path)
        assert error.field == "mesh"
        assert "2 separate surfaces" in error.problem

    def test_a_small_island_is_noise(self, tmp_path):
        big = trimesh.creation.icosphere(subdivisions=2, radius=30.0)
        small = trimesh.creation.icosphere(subdivisions=1, radius=30.0 * 0.4)  # 16 % of the area
        small.apply_translation((200, 0, 0))
        assert small.area / big.area < SEPARATE_SURFACE_AREA_FRACTION
        path = tmp_path / "island.stl"
        trimesh.util.concatenate([big, small]).export(path)
        assert len(load(path).faces) == len(big.faces) + len(small.faces)

    def test_overlapping_parts_are_one_structure(self, tmp_path):
        path = ball(tmp_path, copies=((0, 0, 0), (20, 0, 0)))
        load(path)

    @pytest.mark.data
    def test_two_real_femurs_in_one_file(self, shared_data, tmp_path):
        femurs = shared_data / "libhip" / "femur"
        left = trimesh.load_mesh(femurs / "m4_lfemur_mm.stl")
        right = trimesh.load_mesh(femurs / "m4_rfemur_mm.stl")
        path = tmp_path / "two.stl"
        trimesh.util.concatenate([left, right]).export(path)
        error = refused(InputDataError, load, path)
        assert "2 separate surfaces" in error.problem and "proximal femur" in error.problem
        load(femurs / "m4_lfemur_mm.stl")


@pytest.mark.data
class TestCartilageLayers:
    CARTILAGE = ("m3_cg_jnt_lhip", "m4_cg_jnt_rhip", "m8_cg_jnt_rhip")

    @pytest.mark.parametrize("stem", CARTILAGE)
    def test_each_layer_declared_rightly_is_measured(self, shared_data, stem):
        side = Side.LEFT if "_lhip" in stem else Side.RIGHT
        folder = shared_data / "libhip" / "cartilage"
        femoral = measure_cartilage(
            load(folder / f"{stem}_fc_wo_gap.stl", femur=False), side, Surface.FEMORAL_HEAD
        )
        acetabular = measure_cartilage(
            load(folder / f"{stem}_ac_wo_gap.stl", femur=False), side, Surface.ACETABULUM
        )
        assert femoral.coverage_fraction > ACETABULAR_COVERAGE_MAX > acetabular.coverage_fraction
        assert femoral.warnings == () and acetabular.warnings == ()

    @pytest.mark.parametrize("stem", CARTILAGE)
    def test_swapped_layers_are_refused_naming_the_layer(self, shared_data, stem):
        side = Side.LEFT if "_lhip" in stem else Side.RIGHT
        folder = shared_data / "libhip" / "cartilage"
        femoral = load(folder / f"{stem}_fc_wo_gap.stl", femur=False)
        acetabular = load(folder / f"{stem}_ac_wo_gap.stl", femur=False)
        error = refused(InputDataError, measure_cartilage, femoral, side, Surface.ACETABULUM)
        assert error.field == "layer" and "femoral-head cartilage" in error.problem
        error = refused(InputDataError, measure_cartilage, acetabular, side, Surface.FEMORAL_HEAD)
        assert error.field == "layer" and "acetabular cartilage" in error.problem

    def test_without_lps_a_doubtful_layer_is_a_warning(self, shared_data):
        path = shared_data / "libhip" / "cartilage" / "m4_cg_jnt_rhip_ac_wo_gap.stl"
        measured = measure_cartilage(
            load(path, femur=False), Side.RIGHT, Surface.FEMORAL_HEAD, PatientAxes.UNKNOWN
        )
        assert any("layer not confirmed" in w for w in measured.warnings)

    @pytest.mark.parametrize("scale", [0.4, 1.8])
    def test_a_layer_of_implausible_scale_is_refused(self, shared_data, scale):
        path = shared_data / "libhip" / "cartilage" / "m4_cg_jnt_rhip_fc_wo_gap.stl"
        mesh = load(path, femur=False)
        scaled = trimesh.Trimesh(mesh.vertices * scale, mesh.faces)
        error = refused(UnitError, measure_cartilage, scaled, Side.RIGHT, Surface.FEMORAL_HEAD)
        assert error.field == "units"
        low, high = LAYER_RADIUS_RANGE_MM
        assert f"{low:g}-{high:g} mm" in error.problem

    def test_a_femur_scaled_by_0_4_has_no_plausible_head(self, shared_data):
        mesh = load(shared_data / "libhip" / "femur" / "m4_lfemur_mm.stl")
        with pytest.raises(GeometryError):
            find_femoral_head(trimesh.Trimesh(mesh.vertices * 0.4, mesh.faces))


class TestInMemoryMeshes:
    def test_nan_never_reaches_the_geometry(self):
        mesh = trimesh.creation.icosphere(subdivisions=2, radius=25.0)
        vertices = np.asarray(mesh.vertices).copy()
        vertices[0] = np.nan
        bad = trimesh.Trimesh(vertices, mesh.faces, process=False)
        assert refused(InvalidValueError, find_femoral_head, bad).field == "mesh"
        error = refused(InvalidValueError, measure_cartilage, bad, Side.LEFT, Surface.ACETABULUM)
        assert error.field == "mesh"
