"""The plan's surface patch as STL: the markups' frame, outward normals, LPS header."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import trimesh

from chondral.domain import Side, Surface
from chondral.errors import GeometryError
from chondral.io.plan_stl import write_surface_stl
from chondral.io.slicer_markups import markups_document
from chondral.planning.plan import SurfaceMesh
from hand_built_plans import build_plan, rotated_from_hip

PATIENT_FROM_HIP_MM = (-87.5, 12.25, -140.0)


class TestSurfaceStl:
    @pytest.mark.parametrize("side", list(Side))
    @pytest.mark.parametrize("surface", list(Surface))
    def test_round_trips_in_the_markups_frame_with_outward_normals(self, side, surface, tmp_path):
        plan = build_plan(side=side, surface=surface, patient_from_hip_mm=PATIENT_FROM_HIP_MM)
        path = write_surface_stl(tmp_path / "surface.stl", plan)
        header = path.read_bytes()[:80]
        assert b"SPACE=LPS" in header
        assert not header.startswith(b"solid")  # would be mistaken for ASCII STL
        loaded = trimesh.load(path, file_type="stl", process=False)
        vertices = plan.surface_mesh.vertices_mm + np.array(PATIENT_FROM_HIP_MM)
        expected_triangles = vertices[plan.surface_mesh.faces]
        np.testing.assert_allclose(loaded.triangles, expected_triangles, atol=1e-4)  # float32
        markup_positions = [
            p["position"] for p in markups_document(plan)["markups"][0]["controlPoints"]
        ]
        centroids = loaded.triangles.mean(axis=1)
        for hole, position in zip(plan.holes, markup_positions, strict=True):
            nearest = np.argmin(np.linalg.norm(centroids - position, axis=1))
            assert np.linalg.norm(centroids[nearest] - position) < 3.0  # overlays the markups
            assert loaded.face_normals[nearest] @ np.array(hole.normal) > 0.98

    def test_inward_winding_is_refused(self, tmp_path):
        plan = build_plan()
        flipped = SurfaceMesh(
            vertices_mm=plan.surface_mesh.vertices_mm, faces=plan.surface_mesh.faces[:, ::-1]
        )
        with pytest.raises(GeometryError, match="inside out"):
            write_surface_stl(tmp_path / "s.stl", dataclasses.replace(plan, surface_mesh=flipped))

    @pytest.mark.parametrize("side", list(Side))
    def test_a_rotated_hip_frame_moves_the_surface_with_the_holes(self, side, tmp_path):
        transform = rotated_from_hip(side)
        plan = build_plan(side=side, patient_from_hip=transform)
        loaded = trimesh.load(write_surface_stl(tmp_path / "s.stl", plan), process=False)
        rotation, offset = transform.rotation, transform.translation_mm
        expected = (plan.surface_mesh.vertices_mm @ rotation.T + offset)[plan.surface_mesh.faces]
        np.testing.assert_allclose(loaded.triangles, expected, atol=1e-3)  # float32
        centroids = loaded.triangles.mean(axis=1)
        for point in markups_document(plan)["markups"][0]["controlPoints"]:
            hole = plan.holes[int(point["id"]) - 1]
            nearest = np.argmin(np.linalg.norm(centroids - point["position"], axis=1))
            assert np.linalg.norm(centroids[nearest] - point["position"]) < 3.0
            assert loaded.face_normals[nearest] @ (rotation @ np.array(hole.normal)) > 0.98
