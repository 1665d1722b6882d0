"""Bad patient meshes in a case file are refused naming the case file's own fields."""

import pytest

from chondral.errors import InputDataError, LateralityError
from chondral.io.casefile import parse_case
from chondral.io.sources import CaseFolder
from chondral.services.planning import plan_case

from factories import case_document


def _case(imaging, side="right", surface="femoral_head"):
    document = case_document()
    document["hip"]["side"] = side
    document["lesions"] = [
        {
            "id": "L1",
            "surface": surface,
            "center": {"clock": "12:30", "rim_distance_mm": 9},
            "area_mm2": 100,
            "measured": "post_debridement",
        }
    ]
    document["imaging"] = imaging
    return parse_case(document)


def test_a_missing_mesh_names_its_path_field(tmp_path):
    case = _case({"femur_mesh": {"path": str(tmp_path / "nope.stl"), "units": "mm"}})
    with pytest.raises(InputDataError) as refused:
        plan_case(case, CaseFolder(None))
    assert refused.value.field == "imaging.femur_mesh.path"


@pytest.mark.data
def test_an_implausible_unit_names_the_units_field(shared_data):
    femur = shared_data / "libhip" / "femur" / "m4_rfemur_mm.stl"
    case = _case({"femur_mesh": {"path": str(femur), "units": "cm"}})
    with pytest.raises(InputDataError) as refused:
        plan_case(case, CaseFolder(None))
    assert refused.value.field == "imaging.femur_mesh.units"
    assert "check imaging.femur_mesh.units" in refused.value.problem
    assert "--units" not in refused.value.problem


@pytest.mark.data
def test_the_wrong_side_names_the_hip_side(shared_data):
    layer = shared_data / "libhip" / "cartilage" / "m4_cg_jnt_rhip_ac_wo_gap.stl"
    case = _case(
        {"acetabular_cartilage_mesh": {"path": str(layer), "units": "mm"}},
        side="left",
        surface="acetabulum",
    )
    with pytest.raises(LateralityError) as refused:
        plan_case(case, CaseFolder(None))
    assert refused.value.field == "hip.side"
