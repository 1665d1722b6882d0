"""Planning use cases: plan a case's lesion, write the plan's files, and what the pathway needs
from a plan (treated area, planned holes).

Every use case takes a ``Case`` (already read) and, where the patient's surfaces are needed, a
``MeshSource`` that turns the case's mesh references into files. Errors name the case file's
fields (``imaging.femur_mesh.path``, ``imaging.<mesh>.units``, ``hip.side``, ``plan.<name>``) or
the use case's parameters (``lesion_id``, ``spacing_min_mm``, ``out_dir``), never a command-line
flag. Files are read and written through ``chondral.io`` only.

The geometry (trimesh, scipy, potpourri3d) and the figures (matplotlib, plotly) are imported by
the functions that need them, so importing this module stays cheap for the pathway's commands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chondral.domain import Case, Finding, Lesion, MeshReference, Severity, Surface
from chondral.errors import GeometryError, InputDataError
from chondral.io.plan_json import PlanProvenance
from chondral.io.sources import MeshSource
from chondral.pathway.planned_holes import PlannedHoles
from chondral.planning import rules
from chondral.planning.parameters import PlanParameterError, PlanParameters, plan_parameters
from chondral.planning.plan import HolePlan

if TYPE_CHECKING:
    import trimesh

    from chondral.anatomy.sphere_fit import SphereFit

__all__ = [
    "PLAN_FILES",
    "PlanRun",
    "plan_case",
    "plan_or_reason",
    "planned_holes_of",
    "planned_holes_or_reason",
    "treated_area_mm2",
    "write_plan_files",
]

PLAN_FILES = ("plan.json", "plan.mrk.json", "plan-surface.stl", "plan-3d.html", "plan-clock.png")
"""The files ``write_plan_files`` writes, in order."""


@dataclass(frozen=True, slots=True)
class PlanRun:
    """A plan, the case it plans and where it came from."""

    case: Case
    plan: HolePlan
    provenance: PlanProvenance


@dataclass(frozen=True, slots=True)
class _Mesh:
    """A patient mesh read for a case: the surface, its case-file key and its file's hash."""

    mesh: trimesh.Trimesh
    key: str
    name: str
    digest: str


def _in_case_file(error: InputDataError, key: str) -> InputDataError:
    """The same error, naming the case file's field: ``hip.side`` for a side the mesh
    contradicts, ``imaging.<key>.units`` for its unit (the readers' hint to check the unit
    names that field too), else ``imaging.<key>.path`` (the file: unreadable, not one
    structure, not the layer the key says)."""
    from chondral.io.meshes import UNIT_HINT

    if error.field == "side":
        field = "hip.side"
    elif error.field == "units":
        field = f"imaging.{key}.units"
    else:
        field = f"imaging.{key}.path"
    problem = error.problem
    if field.endswith(".units"):
        problem = problem.replace(UNIT_HINT, f"check {field}")
    return type(error)(problem, field=field)


def _read_mesh(reference: MeshReference, key: str, meshes: MeshSource, *, femur: bool) -> _Mesh:
    from chondral.io.meshes import (
        CARTILAGE_EXTENT_MM,
        FEMUR_EXTENT_MM,
        parse_length_unit,
        read_mesh,
    )

    path_field = f"imaging.{key}.path"
    path = meshes.mesh_path(reference, field=path_field)
    try:
        read = read_mesh(
            path,
            parse_length_unit(reference.units),
            plausible_extent_mm=FEMUR_EXTENT_MM if femur else CARTILAGE_EXTENT_MM,
            what="proximal femur" if femur else "cartilage layer",
        )
    except InputDataError as error:
        raise _in_case_file(error, key) from error
    return _Mesh(read.mesh, key, path.name, read.digest)


def _femur(case: Case, reference: MeshReference, meshes: MeshSource) -> tuple[_Mesh, SphereFit]:
    from chondral.anatomy.proximal_femur import check_femur_side, find_femoral_head

    femur = _read_mesh(reference, "femur_mesh", meshes, femur=True)
    try:
        head = find_femoral_head(femur.mesh)
        check_femur_side(femur.mesh, head, case.side)
    except InputDataError as error:
        raise _in_case_file(error, femur.key) from error
    return femur, head


def _cartilage(
    case: Case, reference: MeshReference, layer: Surface, meshes: MeshSource
) -> tuple[_Mesh, SphereFit]:
    from chondral.anatomy.cartilage import measure_cartilage

    key = f"{'acetabular' if layer is Surface.ACETABULUM else 'femoral'}_cartilage_mesh"
    shell = _read_mesh(reference, key, meshes, femur=False)
    try:
        measured = measure_cartilage(shell.mesh, case.side, layer)
    except InputDataError as error:
        raise _in_case_file(error, key) from error
    return shell, measured.bone_sphere


def _plan(
    case: Case, lesion: Lesion, parameters: PlanParameters, meshes: MeshSource
) -> tuple[HolePlan, dict[str, str]]:
    """The plan of ``lesion`` and the hashes of the meshes it read (by input name)."""
    from chondral.planning.planner import plan_on_cartilage, plan_on_femur_mesh, plan_on_template

    imaging = case.imaging
    if lesion.surface is Surface.FEMORAL_HEAD and imaging.femur_mesh is not None:
        femur, head = _femur(case, imaging.femur_mesh, meshes)
        plan = plan_on_femur_mesh(case, lesion, parameters, femur.mesh, head, femur.name)
        return plan, {"femur_mesh": femur.digest}
    layer_mesh = (
        imaging.femoral_cartilage_mesh
        if lesion.surface is Surface.FEMORAL_HEAD
        else imaging.acetabular_cartilage_mesh
    )
    if layer_mesh is not None:
        shell, bone_sphere = _cartilage(case, layer_mesh, lesion.surface, meshes)
        hashes = {f"{lesion.surface.value}_cartilage_mesh": shell.digest}
        head_centre = None
        if imaging.femur_mesh is not None:
            femur, head = _femur(case, imaging.femur_mesh, meshes)
            hashes["femur_mesh"] = femur.digest
            head_centre = head.center_mm
        plan = plan_on_cartilage(
            case,
            lesion,
            parameters,
            shell.mesh,
            lesion.surface,
            bone_sphere,
            shell.name,
            head_centre_mm=head_centre,
        )
        return plan, hashes
    plan = plan_on_template(case, lesion, parameters)
    if imaging.femur_mesh or imaging.femoral_cartilage_mesh or imaging.acetabular_cartilage_mesh:
        note = Finding.of(
            rules.MESH_NOT_USED,
            Severity.WARNING,
            f"the case's meshes do not cover the {lesion.surface.value.replace('_', ' ')}"
            f" where lesion {lesion.id} lies: planned on the template hip",
            {"lesion_id": lesion.id, "surface": lesion.surface.value},
        )
        plan = dataclasses.replace(plan, warnings=(*plan.warnings, note))
    return plan, {}


def plan_case(
    case: Case,
    meshes: MeshSource,
    *,
    lesion_id: str | None = None,
    overrides: Mapping[str, float] | None = None,
    now: dt.datetime | None = None,
    case_digest: str | None = None,
) -> PlanRun:
    """Plan one lesion of ``case`` on the patient's own bone when the case names a mesh of that
    surface, else on the template hip. Femoral head: the femur mesh, else the femoral cartilage
    layer's bone face. Acetabulum: the acetabular cartilage layer's bone face, centred on the
    femur's head when a femur mesh is given too.

    ``lesion_id`` chooses the lesion (else the case file's ``plan.lesion_id``, else the only
    one); ``overrides`` set layout parameters over the case file's ``plan:`` section (names as
    in ``PlanParameters``); ``now`` (timezone-aware, default the current time) and
    ``case_digest`` (``"sha256:<hex>"`` of the case file's bytes, when it came from a file) go
    into the provenance with the hashes of the meshes read.

    Raises ``InputDataError`` naming the case-file field (a mesh file missing or unreadable, a
    unit, a side the mesh contradicts, the lesion choice) or the parameter
    (``PlanParameterError``), and ``GeometryError`` for a lesion no plan can be made for.
    """
    from chondral.planning.planner import choose_lesion

    lesion = choose_lesion(case, lesion_id)
    parameters = plan_parameters(case.plan, overrides)
    plan, mesh_hashes = _plan(case, lesion, parameters, meshes)
    hashes = dict(mesh_hashes)
    if case_digest is not None:
        hashes["case"] = case_digest
    provenance = PlanProvenance.create(
        created_at=now or dt.datetime.now(dt.UTC), input_hashes=hashes
    )
    return PlanRun(case, plan, provenance)


def write_plan_files(run: PlanRun, out_dir: Path) -> list[Path]:
    """plan.json, 3D Slicer markups, the surface as STL, the 3D view and the clock-face map, in
    ``out_dir`` (made if needed; ``ParameterError`` naming ``out_dir`` if it cannot be)."""
    from chondral.io.json_files import make_folder, write_bytes, write_text
    from chondral.io.plan_json import write_plan_json
    from chondral.io.plan_stl import write_surface_stl
    from chondral.io.slicer_markups import write_markups
    from chondral.reports.plan_3d import plan_html
    from chondral.reports.plan_clock import plan_clock_png

    folder = make_folder(Path(out_dir), field="out_dir")
    json_name, markups_name, stl_name, html_name, png_name = PLAN_FILES
    written = [
        write_plan_json(folder / json_name, run.plan, run.provenance, field="out_dir"),
        write_markups(folder / markups_name, run.plan, field="out_dir"),
        write_surface_stl(folder / stl_name, run.plan, field="out_dir"),
        write_text(folder / html_name, plan_html(run.plan), field="out_dir"),
        write_bytes(folder / png_name, plan_clock_png(run.plan), field="out_dir"),
    ]
    return written


def planned_holes_of(plan: HolePlan) -> PlannedHoles:
    """The plan as the operative comparison needs it: count, surface positions, largest
    spacing."""
    return PlannedHoles(
        lesion_id=plan.region.lesion_id,
        surface=plan.surface,
        hole_count=plan.metrics.hole_count,
        positions=tuple((hole.clock_deg, hole.rim_distance_mm) for hole in plan.holes),
        spacing_max_mm=plan.parameters.spacing_max_mm,
    )


def _no_lesion_choice(case: Case) -> str | None:
    """Why no lesion can be chosen without being told (None when one can)."""
    if not case.lesions:
        return "the case has no lesion to plan"
    if case.plan.lesion_id is None and len(case.lesions) > 1:
        ids = ", ".join(lesion.id for lesion in case.lesions)
        return f"the case has several lesions ({ids}) and plan.lesion_id names none to plan"
    return None


def plan_or_reason(
    case: Case,
    meshes: MeshSource,
    *,
    now: dt.datetime | None = None,
    case_digest: str | None = None,
) -> tuple[PlanRun | None, str | None]:
    """The plan of the case's lesion (see ``plan_case``), or None and the one-line reason there
    is no plan.

    A plan that cannot be made is a reason: the case has no lesion or several without
    ``plan.lesion_id``, the geometry refuses the lesion (``GeometryError``), or the case file's
    layout settings cannot be honoured (``PlanParameterError``). Anything else, such as a mesh
    file that is missing or unreadable, raises: it is the input to fix, not a plan to go
    without."""
    reason = _no_lesion_choice(case)
    if reason is not None:
        return None, reason
    try:
        return plan_case(case, meshes, now=now, case_digest=case_digest), None
    except (GeometryError, PlanParameterError) as error:
        return None, str(error)


def planned_holes_or_reason(
    case: Case, meshes: MeshSource
) -> tuple[PlannedHoles | None, str | None]:
    """The planned holes of the case's lesion, or None and the reason (``plan_or_reason``)."""
    run, reason = plan_or_reason(case, meshes)
    return (None if run is None else planned_holes_of(run.plan)), reason


def _treated_area_of(case: Case, lesion: Lesion, parameters: PlanParameters) -> float | None:
    """None for a lesion recorded without extent (a centre only); a lesion that cannot be
    placed (in the fossa or notch) is an error, not an unknown."""
    from chondral.planning.planner import treated_area_on_template

    if lesion.center is not None and lesion.size is None and lesion.area_mm2 is None:
        return None
    return treated_area_on_template(case, lesion, parameters)


def treated_area_mm2(case: Case) -> float | None:
    """Total area of the case's lesions after debridement, on the template hip (mm2); None when
    the case has no lesion or a lesion has no extent recorded (the caller must say so). Raises
    ``GeometryError`` for a lesion that cannot be placed on the joint surface, and
    ``PlanParameterError`` for layout settings in the case file that cannot be honoured."""
    if not case.lesions:
        return None
    parameters = plan_parameters(case.plan)
    areas = [_treated_area_of(case, lesion, parameters) for lesion in case.lesions]
    if any(area is None for area in areas):
        return None
    return math.fsum(area for area in areas if area is not None)
