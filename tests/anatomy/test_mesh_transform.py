from __future__ import annotations

import numpy as np
import pytest
import trimesh
from hypothesis import given, settings
from hypothesis import strategies as st

from chondral.anatomy import hip_frame, mirror_mesh, transform_mesh
from chondral.anatomy.mesh_transform import flip_winding, transform_surface
from chondral.domain import Side
from chondral.errors import FrameMismatchError
from chondral.frames import FrameKind, FrameRef, Points, RigidTransform

PATIENT = FrameRef(FrameKind.PATIENT_LPS, "ct-1")


def _rotation(angle_deg: float, axis: int) -> np.ndarray:
    angle = np.radians(angle_deg)
    c, s = np.cos(angle), np.sin(angle)
    i, j = [k for k in range(3) if k != axis]
    matrix = np.eye(3)
    matrix[i, i], matrix[i, j], matrix[j, i], matrix[j, j] = c, -s, s, c
    return matrix


class TestMirroring:
    def test_mirrored_mesh_keeps_outward_normals(self) -> None:
        mesh = trimesh.creation.box(extents=[10.0, 20.0, 30.0])
        mesh.apply_translation([40.0, 5.0, -3.0])
        mirrored = mirror_mesh(mesh, target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT))
        assert mirrored.volume == pytest.approx(mesh.volume)
        outward = mirrored.triangles_center - mirrored.centroid
        assert np.all(np.einsum("ij,ij->i", mirrored.face_normals, outward) > 0.0)
        np.testing.assert_allclose(mirrored.bounds[:, 0], [-45.0, -35.0])

    def test_rotation_keeps_winding(self) -> None:
        mesh = trimesh.creation.icosphere(subdivisions=2, radius=20.0)
        transform = RigidTransform.from_rotation_translation(
            target=PATIENT, source=hip_frame(Side.LEFT),
            rotation=_rotation(30.0, 2), translation_mm=np.array([1.0, 2.0, 3.0]),
        )  # fmt: skip
        moved = transform_mesh(mesh, transform)
        assert moved.volume == pytest.approx(mesh.volume)
        np.testing.assert_array_equal(moved.faces, mesh.faces)


class TestTransformSurface:
    """The array form the planner uses (no trimesh needed to call it)."""

    @staticmethod
    def _normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
        corners = vertices[faces]
        normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
        return normals / np.linalg.norm(normals, axis=1)[:, None]

    def test_a_reflection_rewinds_so_normals_stay_outward(self) -> None:
        sphere = trimesh.creation.icosphere(subdivisions=2, radius=20.0)
        vertices, faces = np.asarray(sphere.vertices), np.asarray(sphere.faces)
        left_from_right = RigidTransform.mirror_x(
            target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT)
        )
        mirrored, mirrored_faces = transform_surface(vertices, faces, left_from_right)
        np.testing.assert_allclose(mirrored, vertices * [-1.0, 1.0, 1.0])
        np.testing.assert_array_equal(mirrored_faces, faces[:, ::-1])
        normals = self._normals(mirrored, mirrored_faces)
        centroids = mirrored[mirrored_faces].mean(axis=1)
        assert np.all(np.einsum("ij,ij->i", normals, centroids) > 0.0)  # outward
        np.testing.assert_allclose(normals, self._normals(vertices, faces) * [-1.0, 1.0, 1.0])

    def test_a_rotation_keeps_the_faces_and_turns_the_normals(self) -> None:
        sphere = trimesh.creation.icosphere(subdivisions=2, radius=20.0)
        vertices, faces = np.asarray(sphere.vertices), np.asarray(sphere.faces)
        rotation = _rotation(40.0, 0)
        transform = RigidTransform.from_rotation_translation(
            target=PATIENT, source=hip_frame(Side.RIGHT),
            rotation=rotation, translation_mm=np.array([5.0, -6.0, 7.0]),
        )  # fmt: skip
        moved, moved_faces = transform_surface(vertices, faces, transform)
        np.testing.assert_array_equal(moved_faces, faces)
        np.testing.assert_allclose(moved, vertices @ rotation.T + [5.0, -6.0, 7.0], atol=1e-12)
        np.testing.assert_allclose(
            self._normals(moved, moved_faces), self._normals(vertices, faces) @ rotation.T,
            atol=1e-12,
        )  # fmt: skip

    def test_flip_winding_turns_a_triangle_around(self) -> None:
        faces = np.array([[0, 1, 2], [3, 4, 5]])
        np.testing.assert_array_equal(flip_winding(faces), [[2, 1, 0], [5, 4, 3]])
        np.testing.assert_array_equal(flip_winding(flip_winding(faces)), faces)


class TestFrameComposition:
    @settings(max_examples=30)
    @given(
        angle_deg=st.floats(-180.0, 180.0),
        axis=st.integers(0, 2),
        translation=st.tuples(*[st.floats(-200.0, 200.0)] * 3),
    )
    def test_patient_from_left_equals_patient_from_right_after_mirroring(
        self, angle_deg: float, axis: int, translation: tuple[float, float, float]
    ) -> None:
        patient_from_left = RigidTransform.from_rotation_translation(
            target=PATIENT, source=hip_frame(Side.LEFT),
            rotation=_rotation(angle_deg, axis), translation_mm=np.array(translation),
        )  # fmt: skip
        left_from_right = RigidTransform.mirror_x(
            target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT)
        )
        patient_from_right = patient_from_left @ left_from_right
        assert patient_from_right.flips_winding
        points = Points(np.array([[10.0, -3.0, 7.0], [0.0, 0.0, 1.0]]), hip_frame(Side.RIGHT))
        np.testing.assert_allclose(
            patient_from_right.apply(points).xyz_mm,
            patient_from_left.apply(left_from_right.apply(points)).xyz_mm,
        )
        identity = patient_from_right.inverse() @ patient_from_right
        np.testing.assert_allclose(identity.matrix, np.eye(4), atol=1e-9)

    def test_frames_that_do_not_chain_are_refused(self) -> None:
        left_from_right = RigidTransform.mirror_x(
            target=hip_frame(Side.LEFT), source=hip_frame(Side.RIGHT)
        )
        with pytest.raises(FrameMismatchError):
            left_from_right @ left_from_right
