"""The plan's hip frame placed in the patient by a rigid transform, rotation included.

A CT hip frame need not be parallel to LPS. The same bone, given once with its hip frame's axes
parallel to LPS and once turned by a rotation R about its head centre, must give the same plan
in the hip frame, and holes that ``patient_from_hip`` carries onto the turned bone, with
normals turned by R. The bone here is a sphere mesh of radius 24 mm (a femoral head), so every
hole must also lie on it and point away from its centre.
"""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from chondral.anatomy import hip_frame
from chondral.domain import Side
from chondral.errors import FrameMismatchError, GeometryError
from chondral.frames import FrameKind, FrameRef, Points, RigidTransform
from chondral.planning import PlanParameters
from chondral.planning.planner import plan_on_bone_mesh
from hand_built_plans import build_plan, rotation_about
from planning.plan_cases import case_with, lesion_record, parsed

RADIUS_MM = 24.0
CENTRE_MM = np.array([-87.5, 12.25, -140.0])
PATIENT = FrameRef(FrameKind.PATIENT_LPS, "C-frame")


def _head_mesh(rotation: np.ndarray) -> trimesh.Trimesh:
    sphere = trimesh.creation.icosphere(subdivisions=5, radius=RADIUS_MM)
    vertices = np.asarray(sphere.vertices) @ rotation.T + CENTRE_MM
    return trimesh.Trimesh(vertices, np.asarray(sphere.faces), process=False)


def _transform(side: Side, rotation: np.ndarray) -> RigidTransform:
    return RigidTransform.from_rotation_translation(
        target=PATIENT, source=hip_frame(side), rotation=rotation, translation_mm=CENTRE_MM
    )


def _plan(side: Side, rotation: np.ndarray):  # type: ignore[no-untyped-def]
    case = parsed(
        case_with(
            lesion_record("femoral_head", clock_deg=30.0, rim_distance_mm=8.0, area_mm2=80.0),
            side=side.value,
        )
    )
    return plan_on_bone_mesh(
        case,
        case.lesions[0],
        PlanParameters(),
        _head_mesh(rotation),
        patient_from_hip=_transform(side, rotation),
        bone_radius_mm=RADIUS_MM,
        source="sphere",
    )


@pytest.mark.parametrize("side", list(Side))
def test_a_rotated_hip_frame_gives_the_same_plan_carried_by_the_transform(side: Side) -> None:
    rotation = rotation_about((1.0, -2.0, 0.5), 35.0)
    parallel = _plan(side, np.eye(3))
    turned = _plan(side, rotation)
    assert turned.patient_from_hip is not None and not turned.patient_from_hip.is_translation
    assert not turned.axes_are_lps and parallel.axes_are_lps
    # in the hip frame: the same plan
    assert len(turned.holes) == len(parallel.holes) > 3
    np.testing.assert_allclose(turned.hole_positions_mm, parallel.hole_positions_mm, atol=1e-6)
    assert [h.clock for h in turned.holes] == [h.clock for h in parallel.holes]
    # in the patient: the transform carries holes and normals onto the turned bone
    hip = Points(turned.hole_positions_mm, turned.hip_frame)
    patient = turned.patient_from_hip.apply(hip).xyz_mm
    np.testing.assert_allclose(
        patient, turned.hole_positions_mm @ rotation.T + CENTRE_MM, atol=1e-9
    )
    np.testing.assert_allclose(turned.export_points_mm(turned.hole_positions_mm), patient)
    _, distance, _ = trimesh.proximity.closest_point(_head_mesh(rotation), patient)
    assert distance.max() < 0.05  # on the patient's (faceted) bone
    normals = turned.export_directions(np.array([h.normal for h in turned.holes]))
    radial = (patient - CENTRE_MM) / np.linalg.norm(patient - CENTRE_MM, axis=1)[:, None]
    assert np.all(np.einsum("ij,ij->i", normals, radial) > 0.99)
    # the translation-only plan maps by adding the head centre, as plan.json publishes it
    np.testing.assert_allclose(
        parallel.export_points_mm(parallel.hole_positions_mm),
        parallel.hole_positions_mm + CENTRE_MM,
        atol=1e-9,
    )


def test_a_transform_from_another_hip_frame_is_refused() -> None:
    case = parsed(case_with(lesion_record("femoral_head"), side="right"))
    with pytest.raises(GeometryError, match="hip frame"):
        plan_on_bone_mesh(
            case,
            case.lesions[0],
            PlanParameters(),
            _head_mesh(np.eye(3)),
            patient_from_hip=_transform(Side.LEFT, np.eye(3)),
            bone_radius_mm=RADIUS_MM,
            source="sphere",
        )


def test_a_plan_refuses_a_transform_that_does_not_start_in_its_hip_frame() -> None:
    with pytest.raises(FrameMismatchError):
        build_plan(side=Side.LEFT, patient_from_hip=_transform(Side.RIGHT, np.eye(3)))
    wrong_target = RigidTransform.identity(
        target=FrameRef(FrameKind.TEMPLATE), source=hip_frame(Side.RIGHT)
    )
    with pytest.raises(FrameMismatchError):
        build_plan(side=Side.RIGHT, patient_from_hip=wrong_target)
