"""Hip anatomy: hip frame, acetabular axis, clock face <-> 3-D, template hip, lesion regions,
sphere fits and measurements of bone and cartilage meshes.

Conventions are stated once in ``acetabular_axis`` (frames, axis, clock face) and
``clock_face`` (rim distance, Konan and Ilizaliturri zones); docs/anatomy.md draws them.
Lengths are millimetres, angles degrees; radians never cross a function boundary.
"""

from chondral.anatomy.acetabular_axis import (
    ClockBasis,
    acetabular_axis,
    clock_basis,
    hip_frame,
    lateral_direction,
)
from chondral.anatomy.cartilage import CartilageMeasurement, PatientAxes, measure_cartilage
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
from chondral.anatomy.proximal_femur import FemurMeasurement, measure_proximal_femur
from chondral.anatomy.sphere_fit import SphereFit, fit_sphere, fit_sphere_trimmed
from chondral.anatomy.template_hip import TemplateHip, default_head_diameter_mm

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
