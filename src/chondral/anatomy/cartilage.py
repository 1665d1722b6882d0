"""Measurements of one hip cartilage layer (a closed thin shell): its mean thickness and the
spheres of its two faces. The caller states which layer it is.

Method (thresholds are design choices, named below):

1. A first least-squares sphere through all vertices gives a centre ``c``.
2. Faces whose outward normal points away from ``c`` (radial component above
   ``FACE_RADIAL_MIN``) form the outer face of the layer, those pointing toward ``c`` the inner
   face; rim faces (normals tangential) belong to neither.
3. Each face gets a trimmed least-squares sphere (``fit_sphere_trimmed``).
4. For femoral cartilage the inner face is the subchondral bone of the head; for acetabular
   cartilage the outer face is the subchondral bone of the socket. The layer is not inferred:
   the fraction of the sphere that the inner face covers (reported as ``coverage_fraction``)
   separates the LibHip layers (femoral 0.63-0.74, acetabular 0.27-0.32) but not the Visible
   Human ones (a partial femoral cap covers 0.28).
5. Thickness at each outer-face triangle is the distance along its inward normal to the
   opposite face (ray cast); the mean is area-weighted.
6. Side check (LPS only): the layer's area centroid lies medial of the sphere centre for both
   layers (the head cartilage caps the head medially, the socket opens laterally), so for a
   left hip the centroid has the smaller x. A contradiction raises ``LateralityError``.
7. Input checks, before any geometry: every vertex finite (``InvalidValueError`` naming
   ``mesh``); both face spheres of a plausible size for a hip (``LAYER_RADIUS_RANGE_MM``: a layer
   scaled by 0.4 has an 11 mm head and is refused with ``UnitError`` naming ``units``).
8. Layer check: the declared layer must not contradict the shape. "The articular face lies
   outside the bone face for the head, inside it for the socket" holds for any thin shell by
   definition, so it cannot tell the layers apart; what does, measured on the 15 LibHip layers
   and the 7 Visible Human layers, is how much of its sphere the layer covers
   (``ACETABULAR_COVERAGE_MAX``) and, in LPS, whether it lies posterior or anterior of its
   sphere centre (``POSTERIOR_DIRECTION_MIN``). A contradiction raises ``InputDataError``
   naming ``layer``; a layer that cannot be confirmed (frame not LPS) gets a warning.

References
----------
- clinical-reference.md section 8 (cartilage thickness: femoral 1.40 mm, acetabular 1.26 mm
  away from the thick zones; Rockwood ch. 4).
- LibHip (Moshfeghifar et al. 2022) cartilage layers and average thicknesses
  (shared/data/libhip/morphodata).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import trimesh
from numpy.typing import NDArray

from chondral.anatomy.sphere_fit import SphereFit, fit_sphere, fit_sphere_trimmed
from chondral.domain import Side, Surface
from chondral.errors import (
    GeometryError,
    InputDataError,
    InvalidValueError,
    LateralityError,
    UnitError,
)

__all__ = [
    "ACETABULAR_COVERAGE_MAX",
    "LAYER_RADIUS_RANGE_MM",
    "POSTERIOR_DIRECTION_MIN",
    "CartilageMeasurement",
    "PatientAxes",
    "measure_cartilage",
]

FloatArray = NDArray[np.float64]

FACE_RADIAL_MIN = 0.5
"""Design choice: |cos| between face normal and radial direction for inner/outer faces."""
SIDE_MARGIN_MM = 2.0
"""Design choice: the layer centroid must lie at least this far medial of the sphere centre."""
_RAY_OFFSET_MM = 1e-3

LAYER_RADIUS_RANGE_MM = (15.0, 40.0)
"""Design choice: radii accepted for the two face spheres of a hip cartilage layer. Adult
femoral heads have radii of about 20-27 mm (clinical-reference.md section 8; the femur's
``HEAD_RADIUS_RANGE_MM`` accepts 15-35), and the socket's bone face lies a cartilage layer or
two further out (LibHip: 22.8-28.6 mm for all faces). A layer scaled by 0.4 (an 11 mm head) or
stored in another unit than declared falls outside."""
ACETABULAR_COVERAGE_MAX = 0.45
"""Design choice, from real layers: the fraction of its sphere that an acetabular layer covers
is below a hemisphere (the socket opens laterally and the fossa is bare): LibHip 0.27-0.32,
Visible Human 0.15-0.23. Whole femoral-head layers cover more (LibHip 0.63-0.74), so a layer
declared ``acetabulum`` that covers more than this is femoral-head cartilage. Segmented
femoral caps can cover less (Visible Human 0.28-0.60), so low coverage alone does not refuse a
layer declared ``femoral_head``."""
POSTERIOR_DIRECTION_MIN = 0.2
"""Design choice, from the LibHip layers (LPS): the unit direction from the sphere centre to
the layer's area centroid has a posterior (+y) component of 0.42 to 0.62 for the acetabular
layers (the socket's posterior horn and wall are the larger) and -0.45 to +0.04 for the
femoral-head layers (the head's cartilage reaches onto its anterior neck). In LPS a layer below
``ACETABULAR_COVERAGE_MAX`` lying more than this far posterior is refused as ``femoral_head``;
a layer lying more than this far anterior is refused as ``acetabulum``."""


class PatientAxes(StrEnum):
    """Whether the mesh is in LPS (side can be checked) or in a frame we do not know."""

    LPS = "LPS"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class CartilageMeasurement:
    """One cartilage layer, in the mesh's frame (mm)."""

    side: Side
    layer: Surface
    axes: PatientAxes
    mean_thickness_mm: float
    inner_sphere: SphereFit
    outer_sphere: SphereFit
    coverage_fraction: float
    warnings: tuple[str, ...]

    @property
    def bone_sphere(self) -> SphereFit:
        """The subchondral-bone face: inner for the femoral head, outer for the acetabulum."""
        return self.inner_sphere if self.layer is Surface.FEMORAL_HEAD else self.outer_sphere

    @property
    def articular_sphere(self) -> SphereFit:
        """The joint-facing face of the layer."""
        return self.outer_sphere if self.layer is Surface.FEMORAL_HEAD else self.inner_sphere


def measure_cartilage(
    mesh: trimesh.Trimesh, side: Side, layer: Surface, axes: PatientAxes = PatientAxes.LPS
) -> CartilageMeasurement:
    """Layer, mean thickness and face spheres of a cartilage shell (see module docstring)."""
    if not np.isfinite(np.asarray(mesh.vertices, dtype=np.float64)).all():
        raise InvalidValueError("the mesh has vertices that are not finite numbers", field="mesh")
    centres = np.asarray(mesh.triangles_center, dtype=np.float64)
    normals = np.asarray(mesh.face_normals, dtype=np.float64)
    areas = np.asarray(mesh.area_faces, dtype=np.float64)
    rough = fit_sphere(np.asarray(mesh.vertices, dtype=np.float64))
    offset = centres - rough.center_mm
    radial = np.einsum("ij,ij->i", offset, normals) / np.linalg.norm(offset, axis=1)
    outer = radial > FACE_RADIAL_MIN
    inner = radial < -FACE_RADIAL_MIN
    if outer.sum() < 20 or inner.sum() < 20:
        raise GeometryError("the mesh is not a cartilage shell: no inner and outer faces")
    outer_fit = fit_sphere_trimmed(centres[outer])
    inner_fit = fit_sphere_trimmed(centres[inner])
    _check_scale(inner_fit, outer_fit)
    coverage = float(areas[inner].sum()) / (4.0 * np.pi * inner_fit.radius_mm**2)
    warnings: list[str] = []
    if axes is PatientAxes.LPS:
        _check_side(centres, areas, inner_fit, side)
    else:
        warnings.append("side not checked: the mesh axes are not LPS")
    warnings.extend(_check_layer(layer, coverage, _posterior(centres, areas, inner_fit), axes))
    origins = centres[outer] - _RAY_OFFSET_MM * normals[outer]
    locations, ray_index, _ = mesh.ray.intersects_location(
        origins, -normals[outer], multiple_hits=False
    )
    if len(ray_index) == 0:
        raise GeometryError("no thickness could be measured: the inward rays hit nothing")
    thickness = np.linalg.norm(locations - origins[ray_index], axis=1) + _RAY_OFFSET_MM
    weights = areas[outer][ray_index]
    missed = int(outer.sum() - len(ray_index))
    if missed:
        warnings.append(f"{missed} outer faces had no opposite face and were left out")
    return CartilageMeasurement(
        side=side,
        layer=layer,
        axes=axes,
        mean_thickness_mm=float(np.average(thickness, weights=weights)),
        inner_sphere=_restrict(inner_fit, inner),
        outer_sphere=_restrict(outer_fit, outer),
        coverage_fraction=coverage,
        warnings=tuple(warnings),
    )


def _restrict(fit: SphereFit, mask: NDArray[np.bool_]) -> SphereFit:
    """Express the inlier mask of a fit on a subset in terms of all faces."""
    full = np.zeros(len(mask), dtype=bool)
    full[np.flatnonzero(mask)[fit.inliers]] = True
    return SphereFit(fit.center_mm, fit.radius_mm, fit.rms_mm, full)


def _check_side(centres: FloatArray, areas: FloatArray, sphere: SphereFit, side: Side) -> None:
    centroid = np.average(centres, axis=0, weights=areas)
    medial_offset_mm = (float(sphere.center_mm[0]) - float(centroid[0])) * side.lateral_sign_x
    if medial_offset_mm < SIDE_MARGIN_MM:
        raise LateralityError(
            f"declared {side.value}, but the cartilage lies"
            f" {'lateral' if medial_offset_mm < 0 else 'barely medial'} of its sphere centre"
            f" ({medial_offset_mm:+.1f} mm) for a {side.value} hip in LPS",
            field="side",
        )


def _check_scale(inner: SphereFit, outer: SphereFit) -> None:
    low, high = LAYER_RADIUS_RANGE_MM
    radii = (inner.radius_mm, outer.radius_mm)
    if not all(low <= radius <= high for radius in radii):
        raise UnitError(
            f"the layer's faces lie on spheres of {radii[0]:.1f} and {radii[1]:.1f} mm radius,"
            f" outside the {low:g}-{high:g} mm of a hip joint: check the declared unit and the"
            " mesh's scale",
            field="units",
        )


def _posterior(centres: FloatArray, areas: FloatArray, sphere: SphereFit) -> float:
    """+y (posterior in LPS) component of the unit direction from the sphere centre to the
    layer's area centroid."""
    offset = np.average(centres, axis=0, weights=areas) - sphere.center_mm
    length = float(np.linalg.norm(offset))
    return 0.0 if length == 0.0 else float(offset[1]) / length


def _check_layer(layer: Surface, coverage: float, posterior: float, axes: PatientAxes) -> list[str]:
    """Refuse a declared layer the shape contradicts (see ``ACETABULAR_COVERAGE_MAX`` and
    ``POSTERIOR_DIRECTION_MIN``); warnings for what cannot be confirmed."""
    lps = axes is PatientAxes.LPS
    percent = f"{coverage:.0%}"
    if layer is Surface.ACETABULUM:
        if coverage > ACETABULAR_COVERAGE_MAX:
            raise InputDataError(
                f"declared acetabulum, but the layer covers {percent} of its sphere, more than an"
                f" acetabular layer can ({ACETABULAR_COVERAGE_MAX:.0%}): it looks like"
                " femoral-head cartilage",
                field="layer",
            )
        if lps and posterior < -POSTERIOR_DIRECTION_MIN:
            raise InputDataError(
                "declared acetabulum, but the layer lies anterior of its sphere centre, as"
                " femoral-head cartilage does in LPS (acetabular layers lie posterior)",
                field="layer",
            )
        return []
    if coverage > ACETABULAR_COVERAGE_MAX:
        return []
    if lps and posterior > POSTERIOR_DIRECTION_MIN:
        raise InputDataError(
            f"declared femoral_head, but the layer covers only {percent} of its sphere and lies"
            " posterior of its centre, as acetabular cartilage does in LPS: it looks like"
            " acetabular cartilage",
            field="layer",
        )
    if lps:
        return [
            f"the layer covers only {percent} of its sphere (whole femoral-head layers cover"
            f" more than {ACETABULAR_COVERAGE_MAX:.0%}): a partial layer?"
        ]
    return [
        f"layer not confirmed: it covers only {percent} of its sphere, like an acetabular"
        " layer, and the mesh axes are not LPS"
    ]
