"""Where the socket's bone is joint surface: a signed distance for the planner.

On the acetabulum only the lunate surface carries cartilage: between the rim and the cotyloid
fossa, outside the acetabular notch (``chondral.anatomy.clock_face.is_articular`` and the
template's dimensions, docs/anatomy.md). Holes must stay on it, so a region that a recorded
lesion or its debridement margin carries past the rim, into the fossa or into the notch is cut
there, and the cut becomes part of the wall the holes keep ``rim_inset_mm`` from.

The femoral head is not cut: its cartilage reaches beyond the projection of the acetabular rim
in neutral (the plan keeps the anatomy layer's warning for a lesion that extends there).

For a point at polar angle psi from the socket apex, clock angle theta and rim distance d
(template sphere of radius R), the signed distances (negative on the articular side) are:

- rim: -d (the distance along the meridian to the rim circle, exact);
- fossa: d - (rim-to-fossa distance) (exact likewise);
- notch: the distance to the nearer notch edge, the meridian arc from the apex at clock
  6:00 +- the notch half-width: R asin(|sin(delta)| sin(psi)) when the point's foot on that
  great circle lies on the arc (delta, the clock angle from the edge, within 90 deg), else the
  distance to the apex, R psi; positive inside the notch, negative outside.

The articular set is where the largest of the three is not positive.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from chondral.anatomy.acetabular_axis import hip_frame
from chondral.anatomy.clock_face import surface_coordinates
from chondral.anatomy.template_hip import TemplateHip
from chondral.domain import Surface
from chondral.frames import Points

__all__ = ["socket_signed_distance_mm"]

FloatArray = NDArray[np.float64]


def socket_signed_distance_mm(template: TemplateHip, points_mm: FloatArray) -> FloatArray:
    """Signed distance (mm, negative on the lunate surface) of hip-frame points, projected
    radially onto the template's acetabular sphere, to the edge of the lunate surface."""
    coordinates = surface_coordinates(
        template, Surface.ACETABULUM, Points(points_mm, hip_frame(template.side))
    )
    radius_mm = template.surface_radius_mm(Surface.ACETABULUM)
    rim_mm = coordinates.rim_distance_mm
    psi_rad = math.radians(template.rim_angle_deg) - rim_mm / radius_mm
    from_rim = -rim_mm
    from_fossa = rim_mm - template.rim_to_fossa_mm(Surface.ACETABULUM)
    delta_rad = np.radians(
        np.abs(coordinates.clock_deg % 360.0 - 180.0) - template.notch_half_width_deg
    )
    psi_rad = np.clip(psi_rad, 0.0, math.pi)
    to_edge_mm = np.where(
        np.abs(delta_rad) <= math.pi / 2.0,
        radius_mm * np.arcsin(np.clip(np.abs(np.sin(delta_rad)) * np.sin(psi_rad), 0.0, 1.0)),
        radius_mm * psi_rad,
    )
    from_notch = np.where(delta_rad < 0.0, to_edge_mm, -to_edge_mm)
    result: FloatArray = np.maximum(np.maximum(from_rim, from_fossa), from_notch)
    return result
