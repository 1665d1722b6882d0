"""Checks of the operative record: traction time, and the holes made against the plan.

Rules (each finding carries its rule id, kind and source):

- ``pathway.operative.traction_time`` (*policy*, default ``limit_minutes`` 120): a warning when the *total*
  traction time (sum of the recorded periods) exceeds the institution's limit. The often-quoted
  2-hour limit was not found in the sources (clinical-reference.md 3.1), so the number is the
  institution's, labelled as such.
- ``pathway.operative.hole_distance`` (*policy*): when the record gives hole positions, a
  warning for every hole made whose nearest planned hole is farther than the limit, and for
  every planned hole with no hole made within the limit (an untreated patch). The limit is the
  policy's ``max_mm``, or else the plan's ``spacing_max_mm``.
- ``pathway.operative.hole_count`` (*design*): when only a count is recorded, a warning when it
  differs from the planned count.

Distances along the surface (approximation, stated)
---------------------------------------------------
Positions are ``(clock_deg, rim_distance_mm)``. Both planned and performed positions are placed
on one sphere, ``SurfaceSphere``: the subchondral sphere of that surface in the template hip
(radius, and the polar angle of the acetabular rim from the socket apex). A position's polar
angle is ``psi = rim_angle - rim_distance / radius`` (the rim distance runs along a meridian),
its azimuth the clock angle; the distance between two positions is the great-circle distance on
that sphere (haversine form). Two holes on one clock line are therefore exactly their rim
distance difference apart. On a patient's own (non-spherical) surface this is an approximation;
for holes a few millimetres apart on a head of radius 20-25 mm the error is small compared with
the 3-4 mm spacing being checked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from chondral.domain import Finding, MicrofractureRecord, OperativeRecord, Severity, Surface
from chondral.errors import GeometryError, InvalidValueError, quote
from chondral.pathway.planned_holes import PlannedHoles
from chondral.pathway.policy import DEFAULT_POLICY, PathwayPolicy

__all__ = [
    "HoleComparison",
    "OperativeReview",
    "SurfaceSphere",
    "review_operative_record",
]

Position = tuple[float, float]

MAX_SPHERE_RADIUS_MM = 100.0
"""Largest surface sphere accepted: a femoral head or socket is 20-30 mm in radius."""

DISTANCE_TOLERANCE_MM = 1e-6
"""Distances within this of the limit count as at the limit (floating-point noise, not
anatomy): a hole exactly at the limit is not far."""


@dataclass(frozen=True, slots=True)
class SurfaceSphere:
    """The sphere on which surface positions are compared (see the module docstring)."""

    surface: Surface
    radius_mm: float
    rim_angle_deg: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.radius_mm) and 0 < self.radius_mm <= MAX_SPHERE_RADIUS_MM):
            raise InvalidValueError(
                f"must be a finite radius in (0, {MAX_SPHERE_RADIUS_MM:g}] mm, got"
                f" {quote(self.radius_mm)}",
                field="radius_mm",
            )
        if not (math.isfinite(self.rim_angle_deg) and 0 < self.rim_angle_deg < 180):
            raise InvalidValueError(
                f"must be in (0, 180) deg, got {quote(self.rim_angle_deg)}", field="rim_angle_deg"
            )

    def _polar_rad(self, rim_distance_mm: float) -> float:
        psi_deg = self.rim_angle_deg - math.degrees(rim_distance_mm / self.radius_mm)
        if not 0.0 <= psi_deg <= 180.0:
            raise GeometryError(
                f"a rim distance of {rim_distance_mm:g} mm lies beyond the {self.surface.value}"
                " sphere (past the socket apex or the opposite pole)"
            )
        return math.radians(psi_deg)

    def distance_mm(self, a: Position, b: Position) -> float:
        """Great-circle distance between two ``(clock_deg, rim_distance_mm)`` positions."""
        psi_a, psi_b = self._polar_rad(a[1]), self._polar_rad(b[1])
        d_theta = math.radians(a[0] - b[0])
        # haversine with colatitudes: hav(c) = hav(psi_a - psi_b) + sin psi_a sin psi_b hav(dθ)
        h = (
            math.sin((psi_a - psi_b) / 2) ** 2
            + math.sin(psi_a) * math.sin(psi_b) * math.sin(d_theta / 2) ** 2
        )
        return 2.0 * self.radius_mm * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class HoleComparison:
    """Plan versus performed for one lesion.

    ``nearest_planned_mm``: per hole made, the distance to the nearest planned hole (None when
    positions were not recorded or not comparable). ``far_holes`` / ``missed_planned``: 1-based
    numbers of holes made far from the plan, and of planned holes with no hole made near them.
    """

    lesion_id: str
    planned_count: int | None
    performed_count: int
    limit_mm: float | None
    nearest_planned_mm: tuple[float, ...] | None = None
    far_holes: tuple[int, ...] = ()
    missed_planned: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class OperativeReview:
    """Findings about an operative record and the plan-vs-performed comparisons."""

    findings: tuple[Finding, ...]
    comparisons: tuple[HoleComparison, ...]
    traction_total_minutes: int | None

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)


def _numbers(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)


def _traction_findings(record: OperativeRecord, policy: PathwayPolicy) -> list[Finding]:
    rule = policy.traction_time
    total = record.traction_total_minutes
    if total is None:
        return [Finding.of(rule, Severity.INFO, "traction times not recorded")]
    limit = rule.params.limit_minutes
    if total > limit:
        return [
            Finding.of(
                rule,
                Severity.WARNING,
                f"total traction time {total} min exceeds the institution's limit of {limit} min"
                " (a policy, not evidence: no safe traction time was found in the sources)",
                evidence={"traction_total_minutes": total, "limit_minutes": limit},
            )
        ]
    return []


def _compare_positions(
    performed: Sequence[Position],
    planned: PlannedHoles,
    sphere: SurfaceSphere,
    limit_mm: float,
) -> tuple[tuple[float, ...], tuple[int, ...], tuple[int, ...]]:
    nearest = tuple(
        min(sphere.distance_mm(hole, plan) for plan in planned.positions) for hole in performed
    )
    far = tuple(i + 1 for i, d in enumerate(nearest) if d > limit_mm + DISTANCE_TOLERANCE_MM)
    missed = tuple(
        j + 1
        for j, plan in enumerate(planned.positions)
        if all(
            sphere.distance_mm(hole, plan) > limit_mm + DISTANCE_TOLERANCE_MM for hole in performed
        )
    )
    return nearest, far, missed


def _compare_lesion(
    treated: MicrofractureRecord,
    surface: Surface,
    planned: PlannedHoles,
    sphere: SurfaceSphere | None,
    policy: PathwayPolicy,
) -> tuple[HoleComparison, list[Finding]]:
    lesion_id = treated.lesion_id
    limit_mm = policy.hole_distance.params.max_mm or planned.spacing_max_mm
    comparison = HoleComparison(lesion_id, planned.hole_count, treated.hole_count, limit_mm)
    if surface is not planned.surface:
        message = (
            f"{lesion_id} was planned on the {planned.surface.value} but found on the"
            f" {surface.value}: holes not compared with the plan"
        )
        return comparison, [Finding.of(policy.hole_distance, Severity.WARNING, message)]
    if treated.hole_positions is None or not planned.positions:
        if treated.hole_count == planned.hole_count:
            return comparison, []
        difference = treated.hole_count - planned.hole_count
        words = f"{abs(difference)} {'more' if difference > 0 else 'fewer'}"
        message = (
            f"{lesion_id}: {treated.hole_count} holes made, {planned.hole_count} planned"
            f" ({words}); only a count was recorded, so positions could not be compared"
        )
        return comparison, [Finding.of(policy.hole_count, Severity.WARNING, message)]
    if sphere is None or sphere.surface is not surface:
        raise InvalidValueError(
            f"comparing hole positions on the {surface.value} needs its sphere", field="sphere"
        )
    nearest, far, missed = _compare_positions(treated.hole_positions, planned, sphere, limit_mm)
    comparison = HoleComparison(
        lesion_id, planned.hole_count, treated.hole_count, limit_mm, nearest, far, missed
    )
    findings = []
    rule = policy.hole_distance
    if far:
        distances = ", ".join(f"{nearest[i - 1]:.1f}" for i in far)
        findings.append(
            Finding.of(
                rule,
                Severity.WARNING,
                f"{lesion_id}: hole(s) {_numbers(far)} made {distances} mm from the nearest"
                f" planned hole (limit {limit_mm:g} mm)",
            )
        )
    if missed:
        findings.append(
            Finding.of(
                rule,
                Severity.WARNING,
                f"{lesion_id}: planned hole(s) {_numbers(missed)} have no hole made within"
                f" {limit_mm:g} mm",
            )
        )
    return comparison, findings


def review_operative_record(
    record: OperativeRecord,
    planned: PlannedHoles | None,
    sphere: SurfaceSphere | None = None,
    *,
    policy: PathwayPolicy = DEFAULT_POLICY,
) -> OperativeReview:
    """Findings about ``record`` and its comparison with ``planned`` (None: no plan).

    ``sphere`` is needed when hole positions are compared (the surface of the plan).
    """
    findings = _traction_findings(record, policy)
    comparisons: list[HoleComparison] = []
    treated_ids = {treated.lesion_id for treated in record.microfracture}
    if planned is None:
        if record.microfracture:
            findings.append(
                Finding.of(
                    policy.hole_distance, Severity.INFO, "no hole plan to compare the holes with"
                )
            )
    elif planned.lesion_id not in treated_ids:
        findings.append(
            Finding.of(
                policy.hole_count,
                Severity.WARNING,
                f"the plan is for {planned.lesion_id}, but the record has no microfracture of"
                f" {planned.lesion_id}",
            )
        )
    for treated in record.microfracture:
        if planned is None or treated.lesion_id != planned.lesion_id:
            comparisons.append(HoleComparison(treated.lesion_id, None, treated.hole_count, None))
            if planned is not None:
                findings.append(
                    Finding.of(
                        policy.hole_distance,
                        Severity.INFO,
                        f"{treated.lesion_id}: no hole plan for this lesion",
                    )
                )
            continue
        surface = record.lesion(treated.lesion_id).surface
        comparison, found = _compare_lesion(treated, surface, planned, sphere, policy)
        comparisons.append(comparison)
        findings.extend(found)
    return OperativeReview(tuple(findings), tuple(comparisons), record.traction_total_minutes)
