import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chondral.errors import FrameMismatchError, InputDataError, InvalidValueError
from chondral.frames import FrameKind, FrameRef, Points, RigidTransform

PATIENT = FrameRef(FrameKind.PATIENT_LPS, "ct-1")
HIP = FrameRef(FrameKind.HIP, "right")
TEMPLATE = FrameRef(FrameKind.TEMPLATE)


def rotation_z(angle_deg: float) -> np.ndarray:
    a = np.radians(angle_deg)
    return np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1.0]])


def rotation_about(axis: np.ndarray, angle_deg: float) -> np.ndarray:
    axis = axis / np.linalg.norm(axis)
    a = np.radians(angle_deg)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


unit_axes = st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda v: np.linalg.norm(v) > 0.1)
angles = st.floats(-180, 180)
offsets = st.tuples(*[st.floats(-500, 500)] * 3)


class TestRigidTransformCompose:
    def test_known_rotation_and_translation(self):
        patient_from_hip = RigidTransform.from_rotation_translation(
            target=PATIENT, source=HIP, rotation=rotation_z(90), translation_mm=[10, 0, 0]
        )
        moved = patient_from_hip.apply(Points([[1.0, 0.0, 0.0]], HIP))
        assert moved.frame == PATIENT
        np.testing.assert_allclose(moved.xyz_mm, [[10.0, 1.0, 0.0]], atol=1e-12)

    def test_mismatched_frames_refuse_to_compose(self):
        a = RigidTransform.identity(target=PATIENT, source=HIP)
        b = RigidTransform.identity(target=PATIENT, source=TEMPLATE)
        with pytest.raises(FrameMismatchError):
            a @ b

    def test_points_in_wrong_frame_are_refused(self):
        patient_from_hip = RigidTransform.identity(target=PATIENT, source=HIP)
        with pytest.raises(FrameMismatchError):
            patient_from_hip.apply(Points([[0, 0, 0]], TEMPLATE))

    def test_composition_reads_right_to_left(self):
        hip_from_template = RigidTransform.from_rotation_translation(
            target=HIP, source=TEMPLATE, rotation=np.eye(3), translation_mm=[0, 5, 0]
        )
        patient_from_hip = RigidTransform.from_rotation_translation(
            target=PATIENT, source=HIP, rotation=rotation_z(90), translation_mm=[0, 0, 0]
        )
        patient_from_template = patient_from_hip @ hip_from_template
        assert (patient_from_template.target, patient_from_template.source) == (PATIENT, TEMPLATE)
        moved = patient_from_template.apply(Points([[0, 0, 0]], TEMPLATE))
        np.testing.assert_allclose(moved.xyz_mm, [[-5.0, 0.0, 0.0]], atol=1e-12)

    @given(unit_axes, angles, offsets)
    def test_inverse_times_transform_is_identity(self, axis, angle, offset):
        t = RigidTransform.from_rotation_translation(
            target=PATIENT,
            source=HIP,
            rotation=rotation_about(np.array(axis), angle),
            translation_mm=offset,
        )
        both = t.inverse() @ t
        assert (both.target, both.source) == (HIP, HIP)
        np.testing.assert_allclose(both.matrix, np.eye(4), atol=1e-9)


class TestRigidTransformValidation:
    def test_scaling_is_not_rigid(self):
        with pytest.raises(ValueError, match="orthonormal"):
            RigidTransform(target=PATIENT, source=HIP, matrix=np.diag([2.0, 1, 1, 1]))

    def test_bad_last_row(self):
        matrix = np.eye(4)
        matrix[3, 0] = 1
        with pytest.raises(ValueError, match="last row"):
            RigidTransform(target=PATIENT, source=HIP, matrix=matrix)

    def test_matrix_is_read_only(self):
        t = RigidTransform.identity(target=PATIENT, source=HIP)
        with pytest.raises(ValueError):
            t.matrix[0, 0] = 3.0

    def test_points_must_be_n_by_3(self):
        with pytest.raises(ValueError, match=r"\(n, 3\)"):
            Points(np.zeros((4, 2)), HIP)


class TestRefusalsAreInvalidValues:
    """Bad transforms and points are ``InvalidValueError`` (a ``ValueError`` and an
    ``InputDataError``) naming the attribute, never a bare ``ValueError``."""

    @pytest.mark.parametrize(
        "matrix",
        [np.diag([2.0, 1, 1, 1]), np.zeros((3, 3)), np.full((4, 4), np.nan)],
        ids=["scaling", "shape", "nan"],
    )
    def test_bad_matrices(self, matrix):
        with pytest.raises(InvalidValueError) as refused:
            RigidTransform(target=PATIENT, source=HIP, matrix=matrix)
        assert isinstance(refused.value, InputDataError) and refused.value.field == "matrix"

    @pytest.mark.parametrize("xyz", [np.zeros((2, 2)), [[np.inf, 0.0, 0.0]]])
    def test_bad_points(self, xyz):
        with pytest.raises(InvalidValueError) as refused:
            Points(xyz, HIP)
        assert refused.value.field == "xyz_mm"


class TestTranslation:
    def test_a_translation_keeps_the_axes(self):
        t = RigidTransform.translation(target=PATIENT, source=HIP, translation_mm=[1.0, 2.0, 3.0])
        assert t.is_translation and not t.flips_winding
        np.testing.assert_allclose(t.apply(Points([[1.0, 0, 0]], HIP)).xyz_mm, [[2.0, 2.0, 3.0]])

    def test_a_rotation_or_reflection_is_not_a_translation(self):
        rotated = RigidTransform.from_rotation_translation(
            target=PATIENT, source=HIP, rotation=rotation_z(1e-3), translation_mm=[0, 0, 0]
        )
        assert not rotated.is_translation
        mirror = RigidTransform.mirror_x(target=PATIENT, source=HIP)
        assert not mirror.is_translation


class TestMirroring:
    def test_mirror_flips_winding_and_x(self):
        left_from_right = RigidTransform.mirror_x(
            target=FrameRef(FrameKind.HIP, "left"), source=HIP
        )
        assert left_from_right.flips_winding
        moved = left_from_right.apply(Points([[-20.0, -3.0, 4.0]], HIP))
        np.testing.assert_allclose(moved.xyz_mm, [[20.0, -3.0, 4.0]])

    def test_rotation_does_not_flip_winding(self):
        t = RigidTransform.from_rotation_translation(
            target=PATIENT, source=HIP, rotation=rotation_z(30), translation_mm=[0, 0, 0]
        )
        assert not t.flips_winding

    def test_mirror_twice_is_identity(self):
        other = FrameRef(FrameKind.HIP, "left")
        twice = RigidTransform.mirror_x(target=HIP, source=other) @ RigidTransform.mirror_x(
            target=other, source=HIP
        )
        np.testing.assert_allclose(twice.matrix, np.eye(4))

    def test_directions_ignore_translation(self):
        t = RigidTransform.from_rotation_translation(
            target=PATIENT, source=HIP, rotation=np.eye(3), translation_mm=[100, 100, 100]
        )
        np.testing.assert_allclose(t.apply_to_directions([[0, 0, 1.0]]), [[0, 0, 1.0]])
