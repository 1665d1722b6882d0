"""Hip anatomy: hip frame, acetabular axis, clock face <-> 3-D, template hip, lesion regions,
sphere fits and measurements of bone and cartilage meshes.

Conventions are stated once in ``acetabular_axis`` (frames, axis, clock face) and
``clock_face`` (rim distance, Konan and Ilizaliturri zones); docs/anatomy.md draws them.
Lengths are millimetres, angles degrees; radians never cross a function boundary.

Importing this package stays cheap: the mesh measurements (``cartilage``, ``proximal_femur``),
which need trimesh and scipy, load on first use of one of their names
(``from chondral.anatomy import measure_cartilage`` works as before), and the other modules
import trimesh or scipy only inside the functions that use them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from chondral.anatomy.acetabular_axis import (
    ClockBasis,
    acetabular_axis,
    clock_basis,
    hip_frame,
    lateral_direction,
)
from chondral.anatomy.clock_face import (
    IlizaliturriZone,
    KonanZone,
    PointLocation,
    SurfaceCoordinates,
    ilizaliturri_zones,
    is_articular,
    konan_zones,
    locate_points,
    surface_coordinates,
    surface_points,
)
from chondral.anatomy.lesion_region import LesionRegion, geometric_area_mm2, lesion_region
from chondral.anatomy.mesh_transform import mirror_mesh, transform_mesh
from chondral.anatomy.sphere_fit import SphereFit, fit_sphere, fit_sphere_trimmed
from chondral.anatomy.template_hip import TemplateHip, default_head_diameter_mm

if TYPE_CHECKING:
    from chondral.anatomy.cartilage import CartilageMeasurement, PatientAxes, measure_cartilage
    from chondral.anatomy.proximal_femur import FemurMeasurement, measure_proximal_femur

__all__ = [
    "CartilageMeasurement",
    "ClockBasis",
    "FemurMeasurement",
    "IlizaliturriZone",
    "KonanZone",
    "LesionRegion",
    "PatientAxes",
    "PointLocation",
    "SphereFit",
    "SurfaceCoordinates",
    "TemplateHip",
    "acetabular_axis",
    "clock_basis",
    "default_head_diameter_mm",
    "fit_sphere",
    "fit_sphere_trimmed",
    "geometric_area_mm2",
    "hip_frame",
    "ilizaliturri_zones",
    "is_articular",
    "konan_zones",
    "lateral_direction",
    "lesion_region",
    "locate_points",
    "measure_cartilage",
    "measure_proximal_femur",
    "mirror_mesh",
    "surface_coordinates",
    "surface_points",
    "transform_mesh",
]

_LAZY = {
    "CartilageMeasurement": "chondral.anatomy.cartilage",
    "PatientAxes": "chondral.anatomy.cartilage",
    "measure_cartilage": "chondral.anatomy.cartilage",
    "FemurMeasurement": "chondral.anatomy.proximal_femur",
    "measure_proximal_femur": "chondral.anatomy.proximal_femur",
}
"""Names whose modules import trimesh at their top: loaded on first use."""


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
