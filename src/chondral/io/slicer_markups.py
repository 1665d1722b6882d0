"""The hole plan as a 3D Slicer markups point list (``plan.mrk.json``).

Frame: the *export frame*, shared with the surface STL (``chondral.io.plan_stl``) so the two
overlay in Slicer: the patient's LPS frame (hip-frame positions mapped by
``HolePlan.patient_from_hip``) when the plan lies on the patient's own bone, otherwise the hip
frame itself. The hip frame of a template plan has LPS axes, so it still opens in 3D Slicer with
the right anatomical orientation, centred on the femoral head. The markups ``name`` and every
control point's ``description`` say which frame was used. Positions are written at full double
precision.

References
----------
- 3D Slicer markups JSON, schema ``markups-schema-v1.0.3.json`` (the version Slicer itself
  writes; Slicer reads any ``markups-schema-v1.x.y``): Slicer ``Docs/developer_guide/modules/
  markups.md`` and ``vtkMRMLMarkupsJsonStorageNode.cxx``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from chondral.domain import Side, Surface
from chondral.errors import GeometryError
from chondral.io.json_files import write_json
from chondral.io.plan_json import check_hole_orders
from chondral.planning.plan import HolePlan, Ring

__all__ = ["MARKUPS_SCHEMA_URL", "export_frame_words", "markups_document", "write_markups"]

MARKUPS_SCHEMA_URL = (
    "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/"
    "Resources/Schema/markups-schema-v1.0.3.json#"
)
"""The ``@schema`` id that 3D Slicer (5.x) writes in ``.mrk.json`` files."""

_SLICER_LPS_IDENTITY = [-1.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0]
"""Slicer's default control-point orientation (the RAS identity) written in LPS."""


def export_frame_words(plan: HolePlan) -> str:
    """Which frame the markups and STL of ``plan`` are in, in words."""
    if plan.patient_from_hip is None:
        return "hip frame: LPS axes, origin at the femoral head centre (template hip)"
    return "patient LPS frame"


def markups_document(plan: HolePlan) -> dict[str, Any]:
    """A 3D Slicer markups point list (``.mrk.json``): one control point per hole.

    Control points follow the making order; label ``H<order>``; the description gives the order,
    ring, clock, rim distance, depth and side. Positions are in the export frame (see the module
    docstring); the name says which, and names the side in capitals.
    """
    check_hole_orders(plan)
    side = Side(plan.side).value.upper()
    frame = export_frame_words(plan)
    holes = sorted(plan.holes, key=lambda h: h.order)
    positions = plan.export_points_mm(
        np.array([hole.position_mm for hole in holes], dtype=np.float64).reshape(-1, 3)
    )
    points = []
    for hole, position in zip(holes, positions, strict=True):
        if not np.all(np.isfinite(position)):
            raise GeometryError(f"holes[{hole.order - 1}].position_mm is not finite")
        points.append(
            {
                "id": str(hole.order),
                "label": f"H{hole.order}",
                "description": (
                    f"{side} hip, hole {hole.id}: order {hole.order} of {len(plan.holes)},"
                    f" {Ring(hole.ring).value} ring, {hole.clock},"
                    f" {hole.rim_distance_mm:.1f} mm from the rim, depth {hole.depth_mm:g} mm"
                    f" along -normal ({frame})"
                ),
                "associatedNodeID": "",
                "position": [float(v) + 0.0 for v in position],
                "orientation": list(_SLICER_LPS_IDENTITY),
                "selected": True,
                "locked": True,
                "visibility": True,
                "positionStatus": "defined",
            }
        )
    return {
        "@schema": MARKUPS_SCHEMA_URL,
        "markups": [
            {
                "type": "Fiducial",
                "name": (
                    f"{side} hip {plan.case_id} {Surface(plan.surface).value}"
                    f" microfracture holes ({frame})"
                ),
                "coordinateSystem": "LPS",
                "coordinateUnits": "mm",
                "locked": True,
                "fixedNumberOfControlPoints": True,
                "labelFormat": "H%d",
                "lastUsedControlPointNumber": len(points),
                "controlPoints": points,
                "measurements": [],
                "display": {
                    "visibility": True,
                    "opacity": 1.0,
                    "color": [0.85, 0.2, 0.15],
                    "selectedColor": [0.85, 0.2, 0.15],
                    "activeColor": [0.4, 1.0, 0.0],
                    "propertiesLabelVisibility": False,
                    "pointLabelsVisibility": True,
                    "textScale": 2.0,
                    "glyphType": "Sphere3D",
                    "glyphScale": 1.0,
                    "glyphSize": 2.0,
                    "useGlyphScale": False,
                    "sliceProjection": False,
                },
            }
        ],
    }


def write_markups(path: Path | str, plan: HolePlan, *, field: str = "out_dir") -> Path:
    """Write the holes as a 3D Slicer ``.mrk.json`` point list; returns the path."""
    return write_json(Path(path), markups_document(plan), field=field)
