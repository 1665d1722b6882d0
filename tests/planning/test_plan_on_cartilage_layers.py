"""Planning on the bone face of a patient's cartilage layers (LibHip m4, right hip).

Known truths: every hole lies on the patient's cartilage mesh (it is a point of its triangles),
on the layer's bone face (farther from the head centre than the joint face for the socket,
nearer for the head), the normals point into the joint, and the spacing and inset rules hold.
"""

import json
import math

import numpy as np
import pytest
import trimesh

from chondral.anatomy.cartilage import measure_cartilage
from chondral.anatomy.proximal_femur import find_femoral_head
from chondral.cli.main import run
from chondral.domain import Side, Surface
from chondral.errors import GeometryError, LateralityError
from chondral.frames import Points
from chondral.io.casefile import parse_case
from chondral.io.meshes import CARTILAGE_EXTENT_MM, FEMUR_EXTENT_MM, LengthUnit, load_mesh
from chondral.io.sources import CaseFolder
from chondral.planning import PlanParameters, plan_on_cartilage
from chondral.services.planning import plan_case

from factories import case_document

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def libhip(shared_data):
    root = shared_data / "libhip"
    acetabular = load_mesh(
        root / "cartilage" / "m4_cg_jnt_rhip_ac_wo_gap.stl",
        LengthUnit.MM,
        plausible_extent_mm=CARTILAGE_EXTENT_MM,
        what="cartilage layer",
    )
    femoral = load_mesh(
        root / "cartilage" / "m4_cg_jnt_rhip_fc_wo_gap.stl",
        LengthUnit.MM,
        plausible_extent_mm=CARTILAGE_EXTENT_MM,
        what="cartilage layer",
    )
    femur = load_mesh(
        root / "femur" / "m4_rfemur_mm.stl",
        LengthUnit.MM,
        plausible_extent_mm=FEMUR_EXTENT_MM,
        what="proximal femur",
    )
    return {
        "root": root,
        "acetabular": acetabular,
        "acetabular_layer": measure_cartilage(acetabular, Side.RIGHT, Surface.ACETABULUM),
        "femoral": femoral,
        "femoral_layer": measure_cartilage(femoral, Side.RIGHT, Surface.FEMORAL_HEAD),
        "head": find_femoral_head(femur),
    }


def _case(surface, clock, rim_mm, area_mm2, measured="pre_debridement", side="right"):
    document = case_document()
    document["hip"]["side"] = side
    document["lesions"] = [
        {
            "id": "L1",
            "surface": surface,
            "center": {"clock": clock, "rim_distance_mm": rim_mm},
            "area_mm2": area_mm2,
            "measured": measured,
        }
    ]
    return parse_case(document)


def _in_patient(plan):
    """The plan's holes in the patient's (the meshes') frame."""
    return plan.patient_from_hip.apply(Points(plan.hole_positions_mm, plan.hip_frame)).xyz_mm


def _check_rules(plan):
    positions = plan.hole_positions_mm
    chord = np.linalg.norm(positions[:, None] - positions[None], axis=2)
    np.fill_diagonal(chord, np.inf)
    # the surface distance is never shorter than the straight line, so this bounds it from below
    # only where they agree; the plan's own exact geodesics are checked against the minimum
    assert plan.metrics.nearest_neighbour_min_mm >= plan.parameters.spacing_min_mm
    assert chord.min() >= plan.parameters.spacing_min_mm - 0.05
    wall = np.asarray(plan.region.boundary_mm)
    clearance = np.linalg.norm(positions[:, None] - wall[None], axis=2).min(axis=1)
    assert clearance.min() >= plan.parameters.rim_inset_mm - 0.15


@pytest.mark.parametrize("clock", ["12:00", "1:30", "10:30"])
def test_acetabular_holes_lie_on_the_bone_face_and_point_into_the_joint(libhip, clock):
    case = _case("acetabulum", clock, 12.0, 100.0)
    layer = libhip["acetabular_layer"]
    plan = plan_on_cartilage(
        case,
        case.lesions[0],
        PlanParameters(),
        libhip["acetabular"],
        Surface.ACETABULUM,
        layer.bone_sphere,
        "m4 ac",
        head_centre_mm=libhip["head"].center_mm,
    )
    assert plan.surface_model.kind == "mesh"
    assert plan.patient_from_hip is not None and plan.patient_from_hip.is_translation
    np.testing.assert_allclose(plan.patient_from_hip.translation_mm, libhip["head"].center_mm)
    in_patient = _in_patient(plan)
    _, distance, triangle = trimesh.proximity.closest_point(libhip["acetabular"], in_patient)
    assert distance.max() < 0.1
    # on the bone face: the shell's triangle under each hole faces away from the head centre
    radial = in_patient - libhip["head"].center_mm
    radial /= np.linalg.norm(radial, axis=1)[:, None]
    facing = np.einsum("ij,ij->i", libhip["acetabular"].face_normals[triangle], radial)
    assert np.all(facing > 0.5)
    normals = np.array([hole.normal for hole in plan.holes])
    np.testing.assert_allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-9)
    toward_centre = np.einsum("ij,ij->i", normals, -plan.hole_positions_mm)
    assert np.all(toward_centre > 0.0)
    _check_rules(plan)


def test_femoral_holes_lie_on_the_inner_face_and_point_away_from_the_head(libhip):
    case = _case("femoral_head", "12:00", 8.0, 150.0)
    layer = libhip["femoral_layer"]
    plan = plan_on_cartilage(
        case,
        case.lesions[0],
        PlanParameters(),
        libhip["femoral"],
        Surface.FEMORAL_HEAD,
        layer.bone_sphere,
        "m4 fc",
    )
    in_patient = _in_patient(plan)
    _, distance, triangle = trimesh.proximity.closest_point(libhip["femoral"], in_patient)
    assert distance.max() < 0.1
    # on the bone face: the shell's triangle under each hole faces the head centre
    radial = plan.hole_positions_mm / np.linalg.norm(plan.hole_positions_mm, axis=1)[:, None]
    facing = np.einsum("ij,ij->i", libhip["femoral"].face_normals[triangle], radial)
    assert np.all(facing < -0.5)
    radius = np.linalg.norm(plan.hole_positions_mm, axis=1)
    np.testing.assert_allclose(radius, layer.bone_sphere.radius_mm, atol=1.0)
    normals = np.array([hole.normal for hole in plan.holes])
    assert np.all(np.einsum("ij,ij->i", normals, plan.hole_positions_mm) > 0.0)
    _check_rules(plan)


def test_a_lesion_on_the_other_surface_is_refused(libhip):
    case = _case("femoral_head", "12:00", 8.0, 100.0)
    with pytest.raises(GeometryError, match="cartilage layer does not cover it"):
        plan_on_cartilage(
            case,
            case.lesions[0],
            PlanParameters(),
            libhip["acetabular"],
            Surface.ACETABULUM,
            libhip["acetabular_layer"].bone_sphere,
            "m4 ac",
        )


def test_a_lesion_past_the_edge_of_the_patient_surface_is_refused_with_the_reason(libhip):
    case = _case("acetabulum", "12:00", 1.0 + math.sqrt(200 / math.pi), 200.0)
    with pytest.raises(GeometryError, match="edge"):
        plan_on_cartilage(
            case,
            case.lesions[0],
            PlanParameters(),
            libhip["acetabular"],
            Surface.ACETABULUM,
            libhip["acetabular_layer"].bone_sphere,
            "m4 ac",
        )


def test_the_service_reads_the_case_s_meshes_and_checks_the_side(libhip, tmp_path):
    root = libhip["root"]
    document = case_document()
    document["lesions"] = [
        {
            "id": "L1",
            "surface": "acetabulum",
            "center": {"clock": "1:30", "rim_distance_mm": 12},
            "area_mm2": 100,
            "measured": "pre_debridement",
        }
    ]
    document["imaging"] = {
        "femur_mesh": {"path": str(root / "femur" / "m4_rfemur_mm.stl"), "units": "mm"},
        "acetabular_cartilage_mesh": {
            "path": str(root / "cartilage" / "m4_cg_jnt_rhip_ac_wo_gap.stl"),
            "units": "mm",
        },
    }
    run = plan_case(parse_case(document), CaseFolder(None))
    assert run.plan.surface_model.kind == "mesh"
    assert set(run.provenance.input_hashes) == {"femur_mesh", "acetabulum_cartilage_mesh"}
    document["hip"]["side"] = "left"
    with pytest.raises(LateralityError):
        plan_case(parse_case(document), CaseFolder(None))


def test_the_libhip_example_plans_both_lesions_on_the_patient(examples_dir, capsys):
    for lesion, surface in (("L1", "acetabulum"), ("L2", "femoral_head")):
        path = examples_dir / "libhip-m4-right.yaml"
        assert run(["plan", str(path), "--lesion", lesion, "--json"]) == 0
        plan = json.loads(capsys.readouterr().out)
        assert plan["surface"] == surface
        assert plan["surface_model"]["kind"] == "mesh"
        assert plan["frame"]["patient_from_hip_mm"] is not None
